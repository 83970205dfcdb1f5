"""Imported activities as case-file ``log`` entries, for the case file the engine reads.

The runners app builds the case file (``runners/casefile.py``); this is the one call
it needs to include what came from a watch or Strava. A run ticked off on the Today
page and the same run uploaded from the watch are one run: days the runner already
logged by hand (``covered``) are left to the hand-logged entry, which carries the pain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from runback.web.activities.models import Activity
from runback.web.runners.models import Runner


def imported_log_entries(
    runner: Runner, *, until: dt.date, covered: Iterable[dt.date] = ()
) -> list[dict[str, Any]]:
    """Log entries of the runner's imported activities up to ``until``, oldest first.

    Each is ``{"date", "kind", "run_minutes", "walk_minutes", "distance_km"}`` (see
    spec/case-file.md), plus ``"source": "import"`` so a reader can tell them apart.
    """
    skip = set(covered)
    rows = (
        Activity.objects.for_runner(runner)
        .filter(local_date__lte=until)
        .exclude(local_date__in=skip)
        .order_by("start_utc", "id")
        .values_list("log_entry", flat=True)
    )
    return [{**entry, "source": "import"} for entry in rows]
