"""Readiness-test results as the runner records them in the app.

Stored per test and day, and handed to the engine as the case file's ``tests``
(:mod:`runback.web.runners.casefile`); the engine's battery decides what they
mean. The runner is referred to by label so this app imports nothing of the
runners app (no import cycle).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from runback.engine.capacity import BATTERY
from runback.engine.capacity.self_assessment import AssessmentKind

RESULT = [MinValueValidator(0), MaxValueValidator(100_000)]
KIND_LABELS: dict[AssessmentKind, str] = {
    AssessmentKind.REST_TEST: "Rest test",
    AssessmentKind.STRIDE_VIDEO: "Stride video",
    AssessmentKind.MOBILITY: "Mobility self-test",
    AssessmentKind.CORE_ACTIVATION: "Core activation",
}


class ReadinessRecord(models.Model):
    """One readiness test done on one day: the left and right results and the pain.

    Tests done on both legs at once (the brisk walk) keep their value in ``left``.
    One row per test per day: entering the same test again that day corrects it.
    """

    runner = models.ForeignKey(
        "runners.Runner", on_delete=models.CASCADE, related_name="readiness_results"
    )
    date = models.DateField()
    name = models.CharField(max_length=32, choices=[(t.name.value, t.title) for t in BATTERY])
    left = models.FloatField(null=True, blank=True, validators=RESULT)
    right = models.FloatField(null=True, blank=True, validators=RESULT)
    pain = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("date", "name")
        constraints = (
            models.UniqueConstraint(
                fields=("runner", "date", "name"), name="one_readiness_result_per_test_per_day"
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_name_display()} on {self.date}"


class SelfAssessmentRecord(models.Model):
    """One self-assessment (rest test, stride video, mobility, core activation).

    ``answers`` holds the case file's ``self_assessments[]`` entry without its
    ``kind`` and ``date``: the engine's own models validate it before it is saved
    (:mod:`runback.web.capacity.forms`), so what is stored always reads back.
    """

    runner = models.ForeignKey(
        "runners.Runner", on_delete=models.CASCADE, related_name="self_assessments"
    )
    date = models.DateField()
    kind = models.CharField(
        max_length=16, choices=[(k.value, KIND_LABELS[k]) for k in AssessmentKind]
    )
    answers = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("date", "created")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date}"

    def as_case_entry(self) -> dict[str, object]:
        return {"kind": self.kind, "date": self.date.isoformat(), **self.answers}


class LiftRecord(models.Model):
    """One exercise of a strength session as done: sets, reps of the hardest set,
    load, reps in reserve and pain (the case file's ``strength_log[]``).

    One row per exercise per day: logging it again that day corrects it. The
    engine sets each exercise's next load from these.
    """

    runner = models.ForeignKey("runners.Runner", on_delete=models.CASCADE, related_name="lifts")
    date = models.DateField()
    exercise = models.CharField(max_length=64, help_text="Exercise-library id")
    sets = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    reps = models.PositiveSmallIntegerField(validators=[MaxValueValidator(200)])
    load_kg = models.FloatField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(1000)]
    )
    rir = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(20)], help_text="Reps in reserve"
    )
    target_reps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    pain = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("date", "exercise")
        constraints = (
            models.UniqueConstraint(
                fields=("runner", "date", "exercise"), name="one_lift_per_exercise_per_day"
            ),
        )

    def __str__(self) -> str:
        return f"{self.exercise} on {self.date}"

    def as_case_entry(self) -> dict[str, object]:
        entry: dict[str, object] = {
            "date": self.date.isoformat(),
            "exercise": self.exercise,
            "sets": self.sets,
            "reps": self.reps,
            "load_kg": self.load_kg,
        }
        for field in ("rir", "target_reps", "pain"):
            value = getattr(self, field)
            if value is not None:
                entry[field] = value
        return entry
