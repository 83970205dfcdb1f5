"""Clinics, their staff, invitations, clinicians' notes and the access log.

Consent stays where it was: a runner's :class:`~runback.web.runners.models.AccessGrant`
is the only thing that opens a record to someone else. A clinic membership opens
nothing by itself: a clinic admin sees which runners the clinic looks after (names),
never their health data, unless a runner granted that admin access too.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, ClassVar, TypeVar

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.conf import settings
from django.db import models
from django.utils import timezone

from runback.engine.steering import Override
from runback.web.runners.models import Runner
from runback.web.runners.vocabulary import GrantRole, SteeringKey

#: Invitation codes are typed by hand: no 0/O, 1/I/L. 10 characters of 31 is about
#: 50 bits, far beyond guessing within an invitation's week (and the form throttles).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
INVITATION_DAYS = 7

_Row = TypeVar("_Row", bound=models.Model)


class StaffRole(models.TextChoices):
    """What a person does in a clinic (a runner needs no membership at all)."""

    CLINICIAN = "clinician", "Clinician"
    ADMIN = "admin", "Clinic admin"


class InvitationKind(models.TextChoices):
    """Who asks whom: consent always ends with the runner's own yes."""

    RUNNER_TO_CLINICIAN = "runner_to_clinician", "A runner shares their record"
    CLINICIAN_TO_RUNNER = "clinician_to_runner", "A clinician asks for access"
    CLINIC_TO_STAFF = "clinic_to_staff", "A clinic invites a clinician"


class Clinic(models.Model):
    """One practice. An install can hold several, each with its own staff."""

    name = models.CharField(max_length=120, unique=True)
    require_two_factor = models.BooleanField(
        default=False, help_text="Staff must sign in with a one-time code as well"
    )
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user works at a clinic, as a clinician or as its admin."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_memberships"
    )
    role = models.CharField(max_length=16, choices=StaffRole.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("clinic", "user"), name="one_membership_per_clinic"),
        )

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display().lower()} at {self.clinic}"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def in_a_week() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=INVITATION_DAYS)


class Invitation(models.Model):
    """A one-use code (typed, or in an e-mailed link) that ends in a grant or a membership.

    ``runner`` is set when the runner invites (their record is offered) and filled in
    when a runner accepts a clinician's request; ``role`` is the runner's choice in
    the end either way.
    """

    code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_code)
    kind = models.CharField(max_length=24, choices=InvitationKind.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    runner = models.ForeignKey(
        Runner, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    role = models.CharField(max_length=8, choices=GrantRole.choices, default=GrantRole.VIEWER)
    email = models.EmailField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(default=in_a_week)
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_used",
    )
    cancelled = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.code})"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.cancelled is None and self.expires > timezone.now()


class ClinicianNote(models.Model):
    """A clinician's note on a runner's record: shown to the runner unless private.

    Private notes are still the runner's data: they are in the access log and in
    the runner's data export (the right of access under GDPR art. 15 and most
    health-records law), just not on the runner's pages.
    """

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="clinician_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=150)
    text = models.TextField(max_length=4000)
    private = models.BooleanField(
        default=False, help_text="Kept off the runner's pages (still in their export)"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"note by {self.author_name} on {self.created:%Y-%m-%d}"


class AppendOnlyQuerySet(models.QuerySet[_Row]):
    """Rows can be added, never changed or removed one by one.

    Deleting the runner's whole account still removes them (the cascade deletes
    rows in bulk without going through this queryset), as the runner asked.
    """

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("the access log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("the access log is append-only")


class AccessLogEntry(AbstractLogEntry):
    """django-auditlog's log entry (``AUDITLOG_LOGENTRY_MODEL``), tied to a runner.

    Tied by a foreign key so that the data export, which walks every model that
    points at :class:`Runner`, carries the log, and deleting the account deletes it.
    """

    runner: models.ForeignKey[Runner | None, Runner | None] = models.ForeignKey(
        Runner, on_delete=models.CASCADE, null=True, blank=True, related_name="access_log"
    )

    objects: ClassVar[models.Manager[AccessLogEntry]] = LogEntryManager.from_queryset(
        AppendOnlyQuerySet
    )()

    @classmethod
    def about(cls, runner: Runner) -> models.QuerySet[AccessLogEntry]:
        """Every entry about ``runner``: their own rows, and the caseload reads that
        showed them (:class:`CaseloadSighting`). The runner's log page and the data
        export read the log through this."""
        shown = CaseloadSighting.objects.filter(runner=runner).values("entry_id")
        return cls.objects.filter(models.Q(runner=runner) | models.Q(pk__in=shown))

    class Meta(AbstractLogEntry.Meta):
        verbose_name = "access log entry"
        verbose_name_plural = "access log"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("the access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("the access log is append-only")


class CaseloadSighting(models.Model):
    """One runner shown by one caseload read: the read is one access-log entry, its
    runners are these rows.

    A list that shows many records is one event with an entity per record (as a FHIR
    ``AuditEvent`` for a search is): the clinician, the time and the address are
    written once, and each runner finds the read in their own log
    (:meth:`AccessLogEntry.about`). Append-only like the entry; deleting the
    runner's account deletes their rows, and the entry then names no one.
    """

    entry = models.ForeignKey(AccessLogEntry, on_delete=models.CASCADE, related_name="sightings")
    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="caseload_sightings")

    objects: ClassVar[models.Manager[CaseloadSighting]] = models.Manager.from_queryset(
        AppendOnlyQuerySet
    )()

    def __str__(self) -> str:
        return f"runner {self.runner_id} on caseload read {self.entry_id}"


class AlertAcknowledgement(models.Model):
    """A clinician has seen an alert and says what they did: it stays quiet for a week.

    The alert itself is worked out afresh from the record on every caseload; if the
    condition still holds a week later it comes back.
    """

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="alert_acks")
    kind = models.CharField(max_length=16)
    note = models.TextField(max_length=2000, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_name = models.CharField(max_length=150)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"{self.kind} alert acknowledged by {self.by_name}"


class CaseSummary(models.Model):
    """What the caseload shows of one runner that costs an engine run: kept, not recomputed.

    Worked out by :mod:`runback.web.clinic.summary` and valid while the record's
    ``data_version`` and the day are those it was computed for (and the rules
    version ``rules`` is current); the caseload refreshes stale rows in bulk. It is
    written with a bulk upsert, which sends no signals, so writing it does not
    itself bump the record's data version.
    """

    runner = models.OneToOneField(Runner, on_delete=models.CASCADE, related_name="case_summary")
    data_version = models.PositiveIntegerField()
    computed_on = models.DateField()
    rules = models.PositiveSmallIntegerField(default=0)
    phase = models.CharField(max_length=16, blank=True)
    phase_since = models.DateField(null=True, blank=True)
    phase_since_exact = models.BooleanField(
        default=True, help_text="False when the phase began before the earliest day looked at"
    )
    planned_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    done_sessions = models.PositiveSmallIntegerField(default=0)
    load_flags = models.JSONField(default=list, blank=True)
    acute_chronic = models.FloatField(null=True, blank=True)
    gates_open = models.PositiveSmallIntegerField(default=0)
    gates_total = models.PositiveSmallIntegerField(default=0)
    escalations = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name_plural = "case summaries"

    def __str__(self) -> str:
        return f"summary of runner {self.runner_id} on {self.computed_on}"


class ClinicianSteering(models.Model):
    """One override an editor set on a runner's comeback (the case file's ``clinician``).

    Never changed in place: setting an override again, or lifting it, ends the row in
    force (``ended``, by whom) and a new setting is a new row, so who set what, when
    and why stays on the record (and in the runner's data export and access log).
    At most one row per runner and override is in force: ``ended`` is null.
    ``value`` holds the override's own fields as the case file has them, without
    ``reason``, which is its own column.
    """

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="steering")
    key = models.CharField(max_length=24, choices=SteeringKey.choices)
    value = models.JSONField(default=dict, blank=True)
    reason = models.TextField(max_length=1000)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_by_name = models.CharField(max_length=150)
    created = models.DateTimeField(auto_now_add=True)
    ended = models.DateTimeField(null=True, blank=True)
    ended_by_name = models.CharField(max_length=150, blank=True)
    ended_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ("-created", "-pk")
        verbose_name_plural = "clinician steering"
        constraints = (
            models.UniqueConstraint(
                fields=("runner", "key"),
                condition=models.Q(ended__isnull=True),
                name="one_steering_in_force_per_key",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_key_display()} set by {self.set_by_name}"

    @property
    def summary(self) -> str:
        """What was set, in words (the reason is said separately)."""
        from runback.engine.capacity.library import load_library
        from runback.web.runners.vocabulary import Pathway, Phase, PhaseSteer

        value = self.value
        if self.key == Override.PATHWAY:
            return Pathway.label(value["value"])
        if self.key == Override.PAIN_ALLOWANCE:
            return f"up to {value['value']}/10"
        if self.key == Override.WEEKLY_RUN_MINUTES:
            return f"at most {value['minutes']} min of running a week"
        if self.key == Override.PHASE:
            return f"{PhaseSteer.label(value['mode'])} {Phase.label(value['phase']).lower()}"
        if self.key == Override.EXERCISES:
            library = load_library()
            parts = [f"leave out {library.get(i).name}" for i in value.get("exclude", ())]
            parts += [
                f"{library.get(p['from']).name} -> {library.get(p['to']).name}"
                for p in value.get("swap", ())
            ]
            return "; ".join(parts)
        if self.key == Override.PLYOMETRICS_CLEARED:
            return "cleared"
        return ""

    def as_case_entry(self) -> dict[str, Any]:
        """This override as the case file's ``clinician.<key>`` holds it."""
        if self.key == Override.INSTRUCTION:
            return {"text": self.reason}
        return {**self.value, "reason": self.reason}
