"""What leaves the app on the runner's behalf: a calendar feed and reminder e-mails.

- :class:`CalendarFeed`: the secret token behind the runner's private ICS URL.
  Calendar apps cannot sign in, so the token is the only key: regenerating it kills
  the old URL at once, revoking it deletes the feed.
- :class:`ReminderPreference`: the runner can turn the reminder e-mails off.
- :class:`ReminderSent`: one row per runner per day a next-morning check-in reminder
  went out; its uniqueness is what makes ``runback remind`` safe to run again.
"""

from __future__ import annotations

import secrets

from django.db import models

from runback.web.runners.models import Runner

TOKEN_BYTES = 32


def new_token() -> str:
    """An unguessable URL-safe token (256 bits)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


class CalendarFeed(models.Model):
    """The runner's private calendar feed; at most one live token per runner."""

    runner = models.OneToOneField(Runner, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.runner}"

    def regenerate(self) -> None:
        """Give the feed a new token: the old URL stops working."""
        self.token = new_token()
        self.save(update_fields=["token", "created"])


class ReminderPreference(models.Model):
    """Whether the runner wants the check-in e-mails: opt-in, so no row means no."""

    runner = models.OneToOneField(
        Runner, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    checkin_emails = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"reminders {'on' if self.checkin_emails else 'off'} for {self.runner}"

    @classmethod
    def wants_emails(cls, runner: Runner) -> bool:
        preference = cls.objects.filter(runner=runner).first()
        return preference is not None and preference.checkin_emails


class ReminderSent(models.Model):
    """A next-morning check-in reminder sent to a runner for ``date``."""

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="reminders_sent")
    date = models.DateField(help_text="The morning the check-in is for.")
    sent = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-date",)
        constraints = (
            models.UniqueConstraint(fields=("runner", "date"), name="one_reminder_per_day"),
        )

    def __str__(self) -> str:
        return f"reminder for {self.date} to {self.runner}"
