"""The runner's record. The runner owns it; clinicians are granted access to it later.

Models store; they do not decide. Everything clinical is worked out by the engine
from a case file built out of these rows (:mod:`runback.web.runners.casefile`).
Uniqueness constraints make every "log this" idempotent: a double tap or a
double-submitted form updates the same row instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from runback.web.runners.vocabulary import (
    Action,
    BoneStressRisk,
    ClearedBy,
    DuringPattern,
    GrantRole,
    InjuryKind,
    Intensity,
    LogKind,
    OnboardingStep,
    PelvicFloorSymptom,
    Sex,
    Side,
    Site,
    SkipReason,
)

PAIN = [MinValueValidator(0), MaxValueValidator(10)]


def pain_field(help_text: str = "") -> Any:
    """A 0-10 pain (or stiffness, stress) rating; empty means "not recorded"."""
    return models.PositiveSmallIntegerField(
        null=True, blank=True, validators=PAIN, help_text=help_text
    )


class Runner(models.Model):
    """One runner's record: the owner of every case, check-in, activity and export.

    Everything health-related hangs off ``Runner`` rather than off ``User`` so that
    access can be granted to someone else (a clinician) without sharing the login.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="runner"
    )
    created = models.DateTimeField(auto_now_add=True)
    onboarding_step = models.CharField(
        max_length=16, choices=OnboardingStep.choices, default=OnboardingStep.SCREEN
    )
    # Screening: the red flags ticked at the last screen (case-file codes).
    red_flags = models.JSONField(default=list, blank=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    # History before the injury (case file "runner").
    age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(5), MaxValueValidator(110)]
    )
    sex = models.CharField(max_length=8, choices=Sex.choices, blank=True)
    weekly_km_before = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(500)]
    )
    runs_per_week_before = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(21)]
    )
    longest_run_km_before = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(500)]
    )
    previous_injuries = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    previous_bone_stress_injuries = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Bone stress injuries before this one (a sign of low energy availability)",
    )
    # Earlier injuries by site, side and date (case file ``runner.injury_history``):
    # ``[{"site", "side"?, "date"}]``, written whole by the history step's rows.
    injury_history = models.JSONField(default=list, blank=True)
    # Wellbeing at onboarding (check-ins update it day by day).
    sleep_hours = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(24)]
    )
    stress = pain_field("0 = calm, 10 = overwhelmed")
    fear_of_reinjury = pain_field("0 = none, 10 = it stops me running")
    fuelling_ok = models.BooleanField(null=True, blank=True)
    missed_periods = models.BooleanField(
        null=True, blank=True, help_text="Recorded only if the runner chooses to answer"
    )
    pelvic_floor_symptoms = models.JSONField(
        default=list,
        blank=True,
        help_text=f"Postnatal pelvic-floor symptoms now: {', '.join(PelvicFloorSymptom.values)}",
    )
    # Availability (case file extension "availability").
    days = models.JSONField(default=list, blank=True)
    minutes_per_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(10), MaxValueValidator(600)]
    )
    equipment = models.JSONField(default=list, blank=True)
    # Bumped (in the writer's transaction) by every write to the record or a row
    # that points at it: see :mod:`runback.web.runners.freshness`. Cached views are
    # keyed on it, so a write makes a new key instead of having to delete old ones.
    data_version = models.PositiveIntegerField(default=0, editable=False)

    def __str__(self) -> str:
        return f"runner {self.user.get_username()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, never writing back a stale ``data_version``.

        A record loaded before someone else bumped the version must not set it back
        on a full save (that would make an old cache key current again), so updates
        leave the column out; ``freshness`` bumps it with an atomic ``+ 1``.
        """
        if self._state.adding or args or kwargs.get("force_insert"):
            super().save(*args, **kwargs)
            return
        fields = kwargs.get("update_fields")
        if fields is None:
            fields = [f.name for f in self._meta.concrete_fields if not f.primary_key]
        kwargs["update_fields"] = [f for f in fields if f != "data_version"]
        super().save(**kwargs)

    @property
    def is_referred(self) -> bool:
        """A red flag at screening stops self-guided training until it is cleared."""
        return bool(self.red_flags)

    @property
    def is_onboarded(self) -> bool:
        return self.onboarding_step == OnboardingStep.DONE


class Injury(models.Model):
    """The injury being managed (case file "injury"). One per runner for now."""

    runner = models.OneToOneField(Runner, on_delete=models.CASCADE, related_name="injury")
    site = models.CharField(max_length=24, choices=Site.choices)
    kind = models.CharField(max_length=24, choices=InjuryKind.choices)
    side = models.CharField(max_length=8, choices=Side.choices, blank=True)
    bone_stress_risk = models.CharField(max_length=8, choices=BoneStressRisk.choices, blank=True)
    onset = models.DateField()
    last_run = models.DateField(null=True, blank=True)
    pain_free_run_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    pain_rest = models.PositiveSmallIntegerField(validators=PAIN)
    pain_walking = models.PositiveSmallIntegerField(validators=PAIN)
    stiffness_baseline = models.PositiveSmallIntegerField(
        default=0, validators=PAIN, help_text="Usual morning stiffness, 0-10"
    )
    worsening = models.BooleanField(default=False)
    aggravators = models.JSONField(default=list, blank=True)
    flare_point_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text="Run length (minutes) at which it used to flare: no planned run goes beyond",
    )
    pain_allowance = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(5)],
        help_text="Pain allowed during running, 0-5 (default 3; always 0 for bone stress)",
    )
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_site_display()})"


def injury_of(runner: Runner) -> Injury | None:
    """The runner's injury, or None before the wizard's injury step (uses a cached join)."""
    try:
        return runner.injury
    except Injury.DoesNotExist:
        return None


class LogEntry(models.Model):
    """Something the runner did on a day: a planned session ticked off, or a run logged.

    ``slot`` is the position of the planned session on that day, so "log session 0
    of 24 Nov" is the same row however many times it is tapped. Runs logged without a
    plan take slots from ``UNPLANNED_SLOTS`` on, and carry their form's one-time
    ``client_token`` so a double-submitted form is still one run.
    """

    UNPLANNED_SLOTS = 50

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="log_entries")
    date = models.DateField()
    slot = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=LogKind.choices)
    intensity = models.CharField(max_length=8, choices=Intensity.choices, default=Intensity.EASY)
    run_minutes = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(1440)]
    )
    walk_minutes = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(1440)]
    )
    minutes = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(1440)]
    )
    distance_km = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(500)]
    )
    load_kg = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
        help_text="Heaviest load lifted in a strength session",
    )
    contacts = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(2000)],
        help_text="Foot contacts actually done in a plyometric session",
    )
    pain_before = pain_field()
    pain_during_max = pain_field()
    pain_during_pattern = models.CharField(max_length=8, choices=DuringPattern.choices, blank=True)
    pain_after = pain_field()
    pain_onset_minute = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(1440)]
    )
    checked_in = models.BooleanField(default=False)
    skipped = models.CharField(
        max_length=8,
        choices=SkipReason.choices,
        blank=True,
        help_text="The planned session was not done, and why",
    )
    activity = models.OneToOneField(
        "activities.Activity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answer",
        help_text="The imported run these pain answers belong to",
    )
    planned = models.JSONField(
        null=True,
        blank=True,
        help_text="The session as prescribed when it was ticked off (kept as it was then)",
    )
    client_token = models.CharField(
        max_length=36,
        blank=True,
        help_text="Idempotency key of the form that logged an unplanned session",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("date", "slot")
        constraints = (
            models.UniqueConstraint(
                fields=("runner", "date", "slot"), name="one_log_entry_per_slot"
            ),
            models.UniqueConstraint(
                fields=("runner", "client_token"),
                condition=~models.Q(client_token=""),
                name="one_log_entry_per_form",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date}"

    @property
    def is_run(self) -> bool:
        return self.kind == LogKind.RUN and (self.run_minutes or 0) > 0


class CheckinReceipt(models.Model):
    """A morning check-in form already received, by its one-time token.

    A phone that kept a check-in while offline may send it more than once (a retry
    after a lost answer, the page and the service worker both). The first copy is
    written; later copies find their receipt and change nothing, even when the
    runner corrected that morning in between.
    """

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="checkin_receipts")
    token = models.UUIDField()
    date = models.DateField(help_text="The morning the check-in was for.")
    received = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("runner", "token"), name="one_receipt_per_form"),
        )

    def __str__(self) -> str:
        return f"check-in {self.token} of {self.runner}"


class DayEntry(models.Model):
    """One row per runner per day, written by two forms that each own their fields.

    The morning check-in owns ``pain``, ``stiffness``, ``walking_pain``,
    ``sleep_hours``, ``stress`` and ``fuelling_ok``: the engine reads that pain and
    stiffness as the morning-after response to the previous day's run, and the
    walking pain as that day's check-in (``log[].pain_walking``). The journal owns ``day_pain``,
    ``day_stiffness`` and ``notes``: how the day went, which is not the morning's
    reading. Neither form writes the other's fields, so neither can replace the
    other's answers (services.py).
    """

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="day_entries")
    date = models.DateField()
    pain = pain_field("Pain this morning, 0-10")
    stiffness = pain_field("Stiffness this morning, 0-10")
    walking_pain = pain_field("Pain when walking, rated at the morning check-in, 0-10")
    day_pain = pain_field("Pain during the day (journal), 0-10")
    day_stiffness = pain_field("Stiffness during the day (journal), 0-10")
    sleep_hours = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(24)]
    )
    stress = pain_field("0 = calm, 10 = overwhelmed")
    fuelling_ok = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True, max_length=4000)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-date",)
        constraints = (
            models.UniqueConstraint(fields=("runner", "date"), name="one_day_entry_per_day"),
        )

    def __str__(self) -> str:
        return f"day entry {self.date}"


class DecisionRecord(models.Model):
    """The engine's decision after a check-in, kept so the runner can look back.

    One per runner per day: a later check-in the same day replaces it.
    """

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="decisions")
    date = models.DateField()
    run_date = models.DateField(null=True, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    pattern = models.CharField(max_length=16)
    reasons = models.JSONField(default=list)
    next_run = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-date",)
        constraints = (
            models.UniqueConstraint(fields=("runner", "date"), name="one_decision_per_day"),
        )

    def __str__(self) -> str:
        return f"{self.get_action_display()} on {self.date}"


class Clearance(models.Model):
    """Who cleared a referred runner to return to a guided plan, and when.

    Kept for good (never edited): the runner's clinicians and the data export see
    every referral and who ended it. The red flags that were cleared are copied in,
    because the runner's own flags are reset for the new safety check.
    """

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="clearances")
    cleared_by = models.CharField(max_length=20, choices=ClearedBy.choices)
    clinician_name = models.CharField(max_length=120, blank=True)
    cleared_on = models.DateField()
    red_flags = models.JSONField(default=list)
    note = models.TextField(blank=True, max_length=2000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"cleared by {self.get_cleared_by_display().lower()} on {self.cleared_on}"


class AccessGrant(models.Model):
    """The runner lets someone else (a clinician, a coach) see or edit the record.

    Revoking sets ``revoked`` rather than deleting, so the record shows who had
    access and when. Only one live grant per person.
    """

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="grants")
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="granted_runners"
    )
    role = models.CharField(max_length=8, choices=GrantRole.choices, default=GrantRole.VIEWER)
    created = models.DateTimeField(auto_now_add=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("runner", "grantee"),
                condition=models.Q(revoked__isnull=True),
                name="one_live_grant_per_grantee",
            ),
        )

    def __str__(self) -> str:
        return f"{self.grantee} {self.get_role_display().lower()} {self.runner}"


def today_for(_runner: Runner) -> dt.date:
    """The runner's calendar date (one time zone per install for now)."""
    from django.utils import timezone

    return timezone.localdate()
