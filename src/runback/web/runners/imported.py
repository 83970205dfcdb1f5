"""Imported activities as the runner's record sees them: case-file log entries, and
runs still waiting for their pain answers.

The activities app stores what came from a watch or Strava and depends on this app
(an activity belongs to a runner). This app reads those rows only through the
runner's reverse relation (``runner.activities``), so it never imports the
activities app back and the two do not form an import cycle.

A run ticked off on the Today page and the same run uploaded from the watch are one
run: days the runner already logged by hand (``covered``) are left to the
hand-logged entry, which carries the pain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from runback.web.runners.models import LogEntry, Runner

if TYPE_CHECKING:  # types only: no import at run time
    from runback.web.activities.models import Activity

AWAITING_DAYS = 7
"""Imported runs this recent, with no pain answers yet, are asked about on Today."""


def imported_log_entries(
    runner: Runner,
    *,
    until: dt.date,
    covered: Iterable[dt.date] = (),
    answered: Iterable[int] = (),
) -> list[dict[str, Any]]:
    """Log entries of the runner's imported activities up to ``until``, oldest first.

    Each is ``{"date", "kind", "run_minutes", "walk_minutes", "distance_km"}`` (see
    spec/case-file.md), plus ``"source": "import"`` so a reader can tell them apart.
    Activities whose pain questions were answered (``answered``: their ids) are in
    the log as the hand-logged entry that holds the answers. A run nobody has
    answered for goes in with ``pain_reported: false``: a watch knows the minutes,
    not how they felt, and a missing answer is not "no pain".
    """
    rows = (
        runner.activities.filter(local_date__lte=until)
        .exclude(local_date__in=set(covered))
        .exclude(pk__in=set(answered))
        .order_by("start_utc", "id")
        .values_list("log_entry", flat=True)
    )
    return [_unanswered({**entry, "source": "import"}) for entry in rows]


def _unanswered(entry: dict[str, Any]) -> dict[str, Any]:
    if entry.get("kind") == "run" and entry.get("run_minutes"):
        entry["pain_reported"] = False
    return entry


def unanswered_runs(runner: Runner, today: dt.date) -> list[Activity]:
    """Recent imported runs still waiting for their pain answers, newest first.

    A day the runner logged a run or walk by hand is answered by that entry.
    """
    since = today - dt.timedelta(days=AWAITING_DAYS)
    covered = LogEntry.objects.filter(
        runner=runner, date__gte=since, kind__in=["run", "walk"], activity__isnull=True, skipped=""
    ).values_list("date", flat=True)
    return list(
        runner.activities.filter(
            local_date__gte=since, local_date__lte=today, log_kind="run", answer__isnull=True
        )
        .exclude(local_date__in=list(covered))
        .order_by("-start_utc")
    )
