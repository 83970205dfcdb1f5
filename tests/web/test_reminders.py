"""Next-morning check-in reminders: sent to the right runners, never twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from typer.testing import CliRunner

from runback.web.activities.models import Activity
from runback.web.exports.models import ReminderSent
from runback.web.exports.reminders import send_checkin_reminders
from runback.web.runners.models import DayEntry, LogEntry, Runner
from tests.web.files_support import (
    RUN_FIT,
    client_for,
    make_runner,
    media,
    post_files,
    run_worker,
    upload_of,
)

__all__ = ["media"]

MORNING = dt.date(2026, 11, 24)
YESTERDAY = MORNING - dt.timedelta(days=1)


def opted_in(username: str) -> Runner:
    """A runner who ticked "e-mail me" (reminders are opt-in)."""
    from runback.web.exports.models import ReminderPreference

    runner = make_runner(username)
    ReminderPreference.objects.create(runner=runner, checkin_emails=True)
    return runner


@pytest.fixture
def alice(db: None, media: Any) -> Runner:
    return opted_in("alice")


@pytest.fixture
def bob(db: None, media: Any) -> Runner:
    return opted_in("bob")


def test_a_runner_who_never_opted_in_gets_no_email(db: None, media: Any) -> None:
    from django.urls import reverse

    carol = make_runner("carol")
    log_run(carol)
    assert send_checkin_reminders(MORNING) == 0
    page = client_for(carol).get(reverse("exports:index")).content.decode()
    assert 'name="checkin_emails" checked' not in page
    assert 'name="checkin_emails"' in page


def log_run(runner: Runner, day: dt.date = YESTERDAY, minutes: float = 10) -> LogEntry:
    return LogEntry.objects.create(runner=runner, date=day, kind="run", run_minutes=minutes)


def test_it_reminds_a_runner_who_ran_yesterday(alice: Runner) -> None:
    log_run(alice)
    assert send_checkin_reminders(MORNING) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "this morning" in message.subject
    assert f"/r/{alice.pk}/morning/" in message.body


def test_it_never_sends_twice_for_the_same_morning(alice: Runner) -> None:
    log_run(alice)
    assert send_checkin_reminders(MORNING) == 1
    assert send_checkin_reminders(MORNING) == 0
    call_command("send_checkin_reminders", "--date", MORNING.isoformat(), verbosity=0)
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(runner=alice, date=MORNING).count() == 1


def test_it_leaves_out_runners_who_did_not_run_or_already_checked_in(
    alice: Runner, bob: Runner
) -> None:
    log_run(alice)
    DayEntry.objects.create(runner=alice, date=MORNING, pain=1, stiffness=1)
    LogEntry.objects.create(runner=bob, date=YESTERDAY, kind="strength", minutes=30)
    log_run(bob, day=MORNING - dt.timedelta(days=3))
    assert send_checkin_reminders(MORNING) == 0
    assert mail.outbox == []


def test_a_journal_note_without_pain_is_not_a_check_in(alice: Runner) -> None:
    log_run(alice)
    DayEntry.objects.create(runner=alice, date=MORNING, notes="slept badly")
    assert send_checkin_reminders(MORNING) == 1


def test_it_leaves_out_runners_without_an_email_address(alice: Runner) -> None:
    log_run(alice)
    alice.user.email = ""
    alice.user.save()
    assert send_checkin_reminders(MORNING) == 0


def test_an_imported_run_counts_as_having_run(alice: Runner) -> None:
    post_files(client_for(alice), [upload_of(RUN_FIT)])
    run_worker()
    day = Activity.objects.get().local_date
    assert send_checkin_reminders(day + dt.timedelta(days=1)) == 1


def test_a_failed_send_is_retried_on_the_next_run(alice: Runner, settings: Any) -> None:
    log_run(alice)
    settings.EMAIL_BACKEND = "tests.web.test_reminders.BrokenBackend"
    assert send_checkin_reminders(MORNING) == 0
    assert not ReminderSent.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_checkin_reminders(MORNING) == 1


class BrokenBackend:
    def __init__(self, **_: Any) -> None:
        pass

    def send_messages(self, _messages: Any) -> int:
        raise ConnectionRefusedError("SMTP server down")


def test_the_command_rejects_a_bad_date(db: None) -> None:
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a YYYY-MM-DD"):
        call_command("send_checkin_reminders", "--date", "24/11/2026")


def test_runback_remind_runs_the_command(alice: Runner) -> None:
    from runback.cli import app

    log_run(alice)
    result = CliRunner().invoke(app, ["remind", "--date", MORNING.isoformat()])
    assert result.exit_code == 0, result.output
    assert "sent 1 check-in reminder " in result.output
    assert len(mail.outbox) == 1


def test_a_runner_can_turn_the_emails_off_and_on(alice: Runner) -> None:
    from django.urls import reverse

    from runback.web.exports.models import ReminderPreference

    log_run(alice)
    client = client_for(alice)
    assert 'name="checkin_emails" checked' in client.get(reverse("exports:index")).content.decode()
    client.post(reverse("exports:reminders"), {})
    assert not ReminderPreference.wants_emails(alice)
    assert (
        'name="checkin_emails" checked' not in client.get(reverse("exports:index")).content.decode()
    )
    assert send_checkin_reminders(MORNING) == 0

    client.post(reverse("exports:reminders"), {"checkin_emails": "on"})
    assert send_checkin_reminders(MORNING) == 1
    assert "/exports/" in mail.outbox[0].body


def test_bob_cannot_change_alices_reminder_setting(alice: Runner, bob: Runner) -> None:
    from django.urls import reverse

    from runback.web.exports.models import ReminderPreference

    log_run(alice)
    client_for(bob).post(reverse("exports:reminders"), {})
    assert ReminderPreference.wants_emails(alice)
    assert not ReminderPreference.wants_emails(bob)
    assert send_checkin_reminders(MORNING) == 1
