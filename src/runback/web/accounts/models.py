"""Sign-in sessions that know whose they are.

Django's own session row holds only an opaque, signed blob. Ours also names the
user it signs in (Django's documented way to extend database sessions), so that:

- a runner can see how many devices are signed in and sign out all the others;
- deleting an account deletes its sessions with it (the foreign key cascades);
- an operator can find a user's sessions in the admin and end them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone


class AccountSession(AbstractBaseSession):
    """One signed-in browser or device (or an anonymous visitor's session)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Whom this session signs in; empty before sign-in.",
    )

    class Meta:
        verbose_name = "session"
        verbose_name_plural = "sessions"

    @classmethod
    def others(
        cls, user_id: int | None, current_key: str | None
    ) -> models.QuerySet[AccountSession]:
        """The user's live sessions other than ``current_key``: their other devices."""
        return cls.objects.filter(user_id=user_id, expire_date__gt=timezone.now()).exclude(
            session_key=current_key or ""
        )

    @classmethod
    def get_session_store_class(cls) -> Any:
        from runback.web.accounts.sessions import SessionStore

        return SessionStore


class ThrottleEvent(models.Model):
    """One sign-up or password-reset request, counted against its limit for an hour.

    In the database, not a per-process cache, so every server process counts the
    same requests. ``key`` is a hash of the address or e-mail, never the value.
    """

    scope = models.CharField(max_length=32)
    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = (models.Index(fields=("scope", "key", "at")),)

    def __str__(self) -> str:
        return f"{self.scope} at {self.at:%Y-%m-%d %H:%M}"
