"""Personal access tokens: how an integration (a script, a watch app, a clinic's
system) calls the JSON API as its user, without the user's password or session.

Only a SHA-256 digest of each token is stored: the token itself is shown once, when
it is made, and a database copy cannot be replayed. A token high in entropy (256
random bits) needs no slow password hash; a digest lookup is one indexed query.
Each token is scoped (read, or read and write; which areas of the record),
expires, can be revoked, and is rate-limited on its own row, so the count holds
across every server process.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone


class TokenAccess(models.TextChoices):
    """What a token may do: read only, or read and write (same rights as the user)."""

    READ = "read", "Read"
    WRITE = "write", "Read and write"


class DataArea(models.TextChoices):
    """Which part of the record a token reaches; each API route belongs to one."""

    RECORD = "record", "Your runner record and case file"
    PLAN = "plan", "Plan, today's sessions, decisions, calendar and watch workouts"
    LOG = "log", "Training log, check-ins and journal"
    ACTIVITIES = "activities", "Imported activities (list, upload, delete)"
    READINESS = "readiness", "Readiness tests"
    CASELOAD = "caseload", "Your caseload (clinic staff): the runners who shared their record"
    CLINICIAN = "clinician", "Clinician actions: notes, steering, alert acknowledgements"


class ApiToken(models.Model):
    """One personal access token of one user (a runner; later a clinician)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80, help_text="What the runner calls it.")
    prefix = models.CharField(max_length=12, help_text="The token's first characters, shown.")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token.")
    access = models.CharField(max_length=8, choices=TokenAccess.choices)
    areas = models.JSONField(default=list, help_text="DataArea values the token reaches.")
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    revoked = models.DateTimeField(null=True, blank=True)
    last_used = models.DateTimeField(null=True, blank=True)
    #: The start of the current rate-limit window and the calls counted in it.
    window_start = models.DateTimeField(null=True, blank=True)
    window_calls = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_live(self, now: dt.datetime | None = None) -> bool:
        return self.revoked is None and self.expires > (now or timezone.now())

    @property
    def can_write(self) -> bool:
        return self.access == TokenAccess.WRITE

    def reaches(self, area: DataArea) -> bool:
        return area.value in self.areas
