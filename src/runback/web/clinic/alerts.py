"""Acknowledging a caseload alert: the clinic's runner page and the API alike.

An alert is worked out afresh from the record on every caseload
(:mod:`.caseload`); an acknowledgement only keeps it quiet for
:data:`~runback.web.clinic.caseload.ACK_DAYS` days. Its kind is the lower-case name
of an :class:`~runback.web.clinic.caseload.Urgency` member (stored: add kinds,
never rename them).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

from runback.web.clinic.caseload import Urgency
from runback.web.clinic.consent import not_the_runner
from runback.web.clinic.models import AlertAcknowledgement
from runback.web.runners.models import Runner

#: What the runner is told when they try to acknowledge an alert on their own record.
RUNNER_ACKNOWLEDGES = "alerts are acknowledged by your clinicians"

#: Every alert kind, as stored and as the caseload and the API name it.
ALERT_KINDS: tuple[str, ...] = tuple(u.name.lower() for u in Urgency)


def alert_kind(name: str) -> Urgency | None:
    """The alert ``name`` stands for (``"silent"``), or None if there is no such alert."""
    if name not in ALERT_KINDS:
        return None
    return Urgency[name.upper()]


def acknowledge(
    runner: Runner, by: AbstractBaseUser, kind: Urgency, note: str
) -> AlertAcknowledgement:
    """``by`` has seen the ``kind`` alert and says what they did: quiet for a week."""
    not_the_runner(runner, by, RUNNER_ACKNOWLEDGES)
    return AlertAcknowledgement.objects.create(
        runner=runner,
        kind=kind.name.lower(),
        note=note,
        acknowledged_by_id=by.pk,
        by_name=by.get_username(),
    )
