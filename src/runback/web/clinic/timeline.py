"""One chart of a runner's comeback for their clinician: runs, pain and load on one axis of days.

Read straight from the last weeks of the log and the mornings (a few bounded
queries, however long the record), never the whole case file: the page must stay
quick for a runner with years of logs. Pain is the worst during the run, straight
after and the next morning (the check-in of the following day), the three the
engine reads (DOMAIN.md, pain monitoring); load is the day's minutes on their feet
with the engine's acute (7-day EWMA) load from :mod:`runback.engine.load`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from runback.engine.load import CHRONIC_DAYS, SessionRecord, analyse
from runback.web.runners.models import DayEntry, LogEntry, Runner
from runback.web.runners.vocabulary import LogKind

WEEKS = 12
DAY = dt.timedelta(days=1)


def timeline(runner: Runner, today: dt.date, weeks: int = WEEKS) -> dict[str, Any]:
    """The chart's series, one point per day from ``weeks`` ago to today (JSON-ready)."""
    start = today - dt.timedelta(weeks=weeks) + DAY
    lead_in = start - dt.timedelta(days=CHRONIC_DAYS)  # so the EWMA is warm on day one
    entries = list(
        LogEntry.objects.filter(runner=runner, date__gte=lead_in, date__lte=today, skipped="")
        .order_by("date", "slot")
        .values("date", "kind", "run_minutes", "walk_minutes", "minutes", "distance_km",
                "pain_during_max", "pain_after")
    )  # fmt: skip
    mornings = dict(
        DayEntry.objects.filter(runner=runner, date__gt=start, date__lte=today + DAY)
        .exclude(pain__isnull=True)
        .values_list("date", "pain")
    )
    sessions = [
        SessionRecord(
            e["date"],
            float(e["run_minutes"] or 0) + float(e["walk_minutes"] or 0) + float(e["minutes"] or 0),
            distance_km=e["distance_km"],
            is_run=e["kind"] == LogKind.RUN and bool(e["run_minutes"]),
        )
        for e in entries
    ]
    acute = {}
    if sessions:
        report = analyse([*sessions, SessionRecord(today, 0.0, is_run=False)])
        acute = {d.date: round(d.acute, 1) for d in report.days}
    days: dict[dt.date, dict[str, Any]] = {}
    day = start
    while day <= today:
        days[day] = {"date": day.isoformat(), "run": 0.0, "other": 0.0, "during": None,
                     "after": None, "morning": None, "acute": acute.get(day)}  # fmt: skip
        day += DAY
    for e in entries:
        point = days.get(e["date"])
        if point is None:
            continue
        running = float(e["run_minutes"] or 0) + float(e["walk_minutes"] or 0)
        point["run"] += running if e["kind"] == LogKind.RUN else 0.0
        point["other"] += float(e["minutes"] or 0) + (0.0 if e["kind"] == LogKind.RUN else running)
        if e["kind"] == LogKind.RUN and running:
            if e["pain_during_max"] is not None:
                point["during"] = max(e["pain_during_max"], point["during"] or 0)
            if e["pain_after"] is not None:
                point["after"] = max(e["pain_after"], point["after"] or 0)
            point["morning"] = mornings.get(e["date"] + DAY)
    return {"days": list(days.values()), "has_runs": any(p["run"] for p in days.values())}
