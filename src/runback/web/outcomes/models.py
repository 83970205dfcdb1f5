"""Questionnaire answers and professional visits as the runner records them.

Both are handed to the engine in the case file (``questionnaires[]`` and
``visits[]``, :mod:`runback.web.runners.casefile`). The answers are stored as the
case file's own ``answers`` object, validated by the engine's models before they
are saved (:mod:`.forms`), so what is stored always reads back; the score is never
stored, the engine recomputes it. The runner is referred to by label so this app
imports nothing of the runners app's models.
"""

from __future__ import annotations

from django.db import models

from runback.engine.questionnaires import Instrument
from runback.engine.visits import Role


class QuestionnaireRecord(models.Model):
    """One questionnaire answered on one day.

    One row per instrument per day: answering it again that day corrects it (and the
    page says so); another day is a new row, so the history keeps every week.
    """

    runner = models.ForeignKey(
        "runners.Runner", on_delete=models.CASCADE, related_name="questionnaires"
    )
    date = models.DateField()
    instrument = models.CharField(max_length=16, choices=[(i.value, i.label) for i in Instrument])
    answers = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("date", "instrument")
        constraints = (
            models.UniqueConstraint(
                fields=("runner", "date", "instrument"),
                name="one_questionnaire_per_instrument_per_day",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} on {self.date}"

    def as_case_entry(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "instrument": self.instrument,
            "answers": self.answers,
        }


ROLE_LABELS: dict[Role, str] = {
    Role.PHYSIOTHERAPIST: "Physiotherapist (movement and loading expert)",
    Role.SPORTS_DOCTOR: "Sports doctor",
    Role.SPECIALIST: "Specialist (e.g. orthopaedic surgeon)",
    Role.OTHER: "Other professional",
}


class Visit(models.Model):
    """One visit to a professional: who, when, what they found, what they advised.

    The advice becomes part of the case file (``visits[]``): after a visit the
    engine counts stalled progress and a persisting problem from the visit date
    ("try again", ``try_again_after_visit``).
    """

    runner = models.ForeignKey("runners.Runner", on_delete=models.CASCADE, related_name="visits")
    date = models.DateField()
    who = models.CharField(max_length=120, help_text="Name or practice")
    role = models.CharField(max_length=16, choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    findings = models.TextField(max_length=4000, blank=True)
    advice = models.TextField(max_length=4000, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("date", "created")

    def __str__(self) -> str:
        return f"{self.get_role_display()} on {self.date}"

    def as_case_entry(self) -> dict[str, object]:
        entry: dict[str, object] = {
            "date": self.date.isoformat(),
            "who": self.who,
            "role": self.role,
        }
        if self.findings:
            entry["findings"] = self.findings
        if self.advice:
            entry["advice"] = self.advice
        return entry
