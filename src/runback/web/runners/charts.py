"""Shapes the plan and the log into what the plan and progress pages draw.

Pure presentation: a calendar grid, the phase bar, and chart series (rendered by
the vendored Chart.js from a ``json_script`` block). Load flags (single-run
spikes, weekly jumps, running streaks) come from the engine's load module.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from runback.engine import Phase, Plan
from runback.engine.load import SessionRecord, analyse
from runback.web.runners.models import DayEntry, LogEntry, Runner
from runback.web.runners.vocabulary import LogKind

DAY = dt.timedelta(days=1)
HISTORY_WEEKS = 12


def calendar(plan: Plan, today: dt.date) -> list[list[dict[str, Any]]]:
    """The plan as Monday-first weeks of day cells (days outside the plan are blank)."""
    if not plan.days:
        return []
    by_date = {d.date: d.sessions for d in plan.days}
    start = min(today, plan.days[0].date)
    start -= dt.timedelta(days=start.weekday())
    end = plan.days[-1].date
    weeks: list[list[dict[str, Any]]] = []
    day = start
    while day <= end:
        week = []
        for _ in range(7):
            week.append(
                {
                    "date": day,
                    "sessions": by_date.get(day, []),
                    "in_plan": day in by_date,
                    "is_today": day == today,
                }
            )
            day += DAY
        weeks.append(week)
    return weeks


def phase_bar(current: Phase) -> list[dict[str, Any]]:
    return [{"phase": p.value, "label": p.value.title(), "current": p is current} for p in Phase]


def progress_data(runner: Runner, today: dt.date) -> dict[str, Any]:
    """Chart series: run minutes vs next-morning pain, weekly volume, strength loads."""
    since = today - dt.timedelta(weeks=HISTORY_WEEKS)
    entries = list(LogEntry.objects.filter(runner=runner, date__gte=since, date__lte=today))
    mornings = {
        e.date: e.pain
        for e in DayEntry.objects.filter(runner=runner, date__gte=since, pain__isnull=False)
    }
    return {
        "runs": _runs(entries, mornings),
        "weeks": weekly_volume(entries),
        "strength": [
            {"date": e.date.isoformat(), "load_kg": e.load_kg}
            for e in entries
            if e.kind in {LogKind.STRENGTH, LogKind.PLYOMETRICS} and e.load_kg is not None
        ],
    }


def _runs(entries: list[LogEntry], mornings: dict[dt.date, int | None]) -> list[dict[str, Any]]:
    minutes: dict[dt.date, float] = defaultdict(float)
    for e in entries:
        if e.kind == LogKind.RUN:
            minutes[e.date] += e.run_minutes or 0
    return [
        {"date": d.isoformat(), "run_minutes": m, "pain_next_morning": mornings.get(d + DAY)}
        for d, m in sorted(minutes.items())
    ]


def weekly_volume(entries: list[LogEntry]) -> list[dict[str, Any]]:
    """Running minutes per Monday-first week, with the engine's load flags."""
    sessions = [
        SessionRecord(
            date=e.date,
            minutes=(e.run_minutes or 0) + (e.walk_minutes or 0),
            distance_km=e.distance_km,
            is_run=e.kind == LogKind.RUN,
        )
        for e in entries
        if e.kind in {LogKind.RUN, LogKind.WALK}
    ]
    return [
        {
            "week": w.week_start.isoformat(),
            "minutes": w.run_minutes,
            "flag": bool(w.flags),
            "flags": [f.text for f in w.flags],
        }
        for w in analyse(sessions).weeks
    ]
