"""Next-morning check-in reminders: who is due, and sending each e-mail exactly once.

The morning after a run is when the check-in matters most (DOMAIN.md: pain or
stiffness above baseline the next morning means the dose was too high), so a runner
who ran yesterday and has not checked in this morning gets one short e-mail.

Idempotent by construction: a :class:`ReminderSent` row is written in the same
transaction as the e-mail is handed to the mail backend, and its (runner, date)
uniqueness means a second run of ``runback remind`` the same day sends nothing.
If sending fails, the row rolls back and the next run tries again.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from runback.web.exports.models import ReminderPreference, ReminderSent
from runback.web.runners.models import DayEntry, Runner
from runback.web.runners.vocabulary import LogKind

log = logging.getLogger(__name__)

SUBJECT = "How does it feel this morning?"
BODY = """Hello {name},

You ran yesterday. The morning after tells us most about how your body took it:
pain and stiffness against your usual level, sleep, stress and fuelling.

It takes under a minute: {url}

(No more of these e-mails? Turn them off on {settings_url})

runback (not medical advice; if pain is severe or getting worse, see a professional)
"""


def due_runners(morning: dt.date) -> QuerySet[Runner]:
    """Runners who ran the day before ``morning``, have not checked in, and not been told."""
    yesterday = morning - dt.timedelta(days=1)
    ran = Q(
        log_entries__date=yesterday,
        log_entries__kind=LogKind.RUN,
        log_entries__run_minutes__gt=0,
    ) | Q(activities__local_date=yesterday, activities__log_kind=LogKind.RUN)
    checked_in = DayEntry.objects.filter(runner=OuterRef("pk"), date=morning).filter(
        Q(pain__isnull=False) | Q(stiffness__isnull=False)
    )
    reminded = ReminderSent.objects.filter(runner=OuterRef("pk"), date=morning)
    opted_in = ReminderPreference.objects.filter(runner=OuterRef("pk"), checkin_emails=True)
    return (
        Runner.objects.filter(ran, Exists(opted_in), user__is_active=True)
        .exclude(user__email="")
        .exclude(Exists(checked_in))
        .exclude(Exists(reminded))
        .select_related("user")
        .distinct()
        .order_by("pk")
    )


def send_checkin_reminders(morning: dt.date) -> int:
    """Send every due reminder for ``morning``; returns how many went out."""
    sent = 0
    for runner in due_runners(morning):
        try:
            with transaction.atomic():
                ReminderSent.objects.create(runner=runner, date=morning)
                _send(runner)
        except IntegrityError:
            continue  # another run of the command got there first
        except Exception:
            log.exception("reminder to runner %s failed; will retry on the next run", runner.pk)
            continue
        sent += 1
    return sent


def _send(runner: Runner) -> None:
    user = runner.user
    site = settings.SITE_URL.rstrip("/")
    url = site + reverse("runners:morning", args=[runner.pk])
    settings_url = site + reverse("exports:index")
    send_mail(
        SUBJECT,
        BODY.format(name=user.get_username(), url=url, settings_url=settings_url),
        None,
        [user.email],
    )
