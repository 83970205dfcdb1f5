"""The runner's record. The runner owns it; clinicians are granted access to it later."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Runner(models.Model):
    """One runner's record: the owner of every case, check-in, activity and export.

    Everything health-related hangs off ``Runner`` rather than off ``User`` so that
    access can be granted to someone else (a clinician) without sharing the login.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="runner"
    )
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"runner {self.user.get_username()}"
