"""Shared builders for the web tests: the day, a logged run, the htmx header.

The cast (Alice, Bob, Charlie) and signed-in clients are in ``conftest.py``; these
are the small pieces many test files need, kept once so they cannot drift apart.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from runback.web.runners.models import LogEntry, Runner

HTMX = {"HTTP_HX_REQUEST": "true"}
"""Extra request headers that make a test client's request look like htmx's."""


def local_today() -> dt.date:
    """The runner's calendar date, as the views see it (the install's time zone)."""
    return timezone.localdate()


def run_yesterday(runner: Runner, **fields: object) -> LogEntry:
    """Yesterday's run, checked in with mild steady pain (``fields`` override)."""
    values: dict[str, object] = {
        "slot": 0,
        "kind": "run",
        "run_minutes": 10,
        "walk_minutes": 1,
        "pain_before": 0,
        "pain_during_max": 2,
        "pain_during_pattern": "steady",
        "pain_after": 2,
        "checked_in": True,
        **fields,
    }
    return LogEntry.objects.create(
        runner=runner, date=local_today() - dt.timedelta(days=1), **values
    )
