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
from runback.engine.capacity import load_library
from runback.engine.load import SessionRecord, analyse
from runback.web.capacity.models import LiftRecord
from runback.web.outcomes.models import QuestionnaireRecord
from runback.web.outcomes.services import scored
from runback.web.runners.casefile import case_dict
from runback.web.runners.models import LogEntry, Runner
from runback.web.runners.vocabulary import LogKind

DAY = dt.timedelta(days=1)
HISTORY_WEEKS = 12


def done_by_day(runner: Runner, since: dt.date, today: dt.date) -> dict[dt.date, list[str]]:
    """What the runner logged on each day from ``since`` to ``today``, in a few words."""
    done: dict[dt.date, list[str]] = defaultdict(list)
    entries = LogEntry.objects.filter(runner=runner, date__gte=since, date__lte=today)
    for entry in entries.order_by("date", "slot"):
        done[entry.date].append(done_text(entry))
    return done


def done_text(entry: LogEntry) -> str:
    """ "Run 8' + walk 4'", "Strength", "Walk 30'": what a calendar cell has room for."""
    if entry.kind == LogKind.RUN:
        walk = f" + walk {entry.walk_minutes:g}'" if entry.walk_minutes else ""
        return f"Run {entry.run_minutes or 0:g}'{walk}"
    words = LogKind.label(entry.kind)
    return f"{words} {entry.minutes:g}'" if entry.minutes else words


def calendar(
    plan: Plan, today: dt.date, done: dict[dt.date, list[str]] | None = None
) -> list[list[dict[str, Any]]]:
    """The plan as Monday-to-Sunday weeks of day cells: days already past show what was
    done (``done``), days outside the plan are blank."""
    if not plan.days:
        return []
    done = done or {}
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
                    "done": done.get(day, []) if day <= today else [],
                    "past": day < today,
                }
            )
            day += DAY
        weeks.append(week)
    return weeks


def phase_bar(current: Phase) -> list[dict[str, Any]]:
    return [{"phase": p.value, "label": p.value.title(), "current": p is current} for p in Phase]


def progress_data(runner: Runner, today: dt.date) -> dict[str, Any]:
    """Chart series: run minutes vs next-morning pain, weekly volume, strength loads.

    Runs and volume come from the case file's log, so uploaded activities count and
    each run carries the next morning's pain exactly as the engine sees it.
    """
    since = today - dt.timedelta(weeks=HISTORY_WEEKS)
    log = [
        e for e in case_dict(runner, today)["log"] if dt.date.fromisoformat(str(e["date"])) >= since
    ]
    lifts = LogEntry.objects.filter(
        runner=runner,
        date__gte=since,
        kind__in=[LogKind.STRENGTH, LogKind.PLYOMETRICS],
        load_kg__isnull=False,
    ).order_by("date", "slot")
    weeks = weekly_volume(log)
    return {
        "runs": _runs(log, planned_minutes(runner, since)),
        "weeks": weeks,
        "scores": score_weeks(runner, since, today, weeks),
        "strength": [{"date": e.date.isoformat(), "load_kg": e.load_kg} for e in lifts],
        "exercises": per_exercise(runner, since),
    }


def score_weeks(
    runner: Runner, since: dt.date, today: dt.date, weeks: list[dict[str, Any]]
) -> dict[str, Any]:
    """Questionnaire scores week by week against the week's running minutes.

    One x axis of Monday-first weeks (those with running or an answer); each
    instrument's line has the latest score of each week (``None`` where it was not
    asked), scored by the engine.
    """
    minutes = {w["week"]: w["minutes"] for w in weeks}
    by_instrument: dict[str, dict[str, int]] = defaultdict(dict)
    labels: dict[str, str] = {}
    records = QuestionnaireRecord.objects.filter(runner=runner, date__gte=since, date__lte=today)
    for record in records.order_by("date"):
        s = scored(record)
        week = (s.date - dt.timedelta(days=s.date.weekday())).isoformat()
        by_instrument[s.instrument.value][week] = s.score
        labels[s.instrument.value] = s.instrument.label
    axis = sorted(set(minutes) | {w for points in by_instrument.values() for w in points})
    return {
        "weeks": axis,
        "minutes": [minutes.get(w, 0) for w in axis],
        "lines": [
            {"instrument": key, "label": labels[key], "scores": [points.get(w) for w in axis]}
            for key, points in sorted(by_instrument.items())
        ],
    }


def per_exercise(runner: Runner, since: dt.date) -> list[dict[str, Any]]:
    """Each logged exercise's load and estimated strength over time.

    Estimated strength is the one-repetition maximum by Epley's formula
    (load x (1 + reps / 30)), a common way to compare sets of different reps;
    it is only drawn for loaded sets of 1-12 reps, where the estimate holds.
    """
    library = load_library()
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for lift in LiftRecord.objects.filter(runner=runner, date__gte=since).order_by("date"):
        e1rm = None
        if lift.load_kg > 0 and 1 <= lift.reps <= 12:
            e1rm = round(lift.load_kg * (1 + lift.reps / 30), 1)
        point = {"date": lift.date.isoformat(), "load_kg": lift.load_kg, "reps": lift.reps}
        series[lift.exercise].append(point | {"e1rm": e1rm})
    names = {e.id: e.name for e in library.exercises}
    return [
        {"exercise": ex, "name": names.get(ex, ex), "points": points}
        for ex, points in sorted(series.items(), key=lambda item: names.get(item[0], item[0]))
    ]


def _runs(log: list[dict[str, Any]], planned: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """One point per running day: run and walk minutes apart, the planned minutes beside
    them, and pain during, straight after and the next morning (the worst of the day)."""
    days: dict[str, dict[str, Any]] = {}
    for e in log:
        if e["kind"] != LogKind.RUN or not (e.get("run_minutes") or e.get("walk_minutes")):
            continue
        day = days.setdefault(
            str(e["date"]),
            {
                "run_minutes": 0.0,
                "walk_minutes": 0.0,
                "pain_during": None,
                "pain_after": None,
                "pain_next_morning": None,
            },
        )
        day["run_minutes"] += float(e.get("run_minutes") or 0)
        day["walk_minutes"] += float(e.get("walk_minutes") or 0)
        for key, field in (
            ("pain_during", "pain_during_max"),
            ("pain_after", "pain_after"),
            ("pain_next_morning", "pain_next_morning"),
        ):
            if e.get(field) is not None:
                day[key] = max(int(e[field]), day[key] or 0)
    return [
        {"date": d, **values, **planned.get(d, {"planned_run": None, "planned_walk": None})}
        for d, values in sorted(days.items())
    ]


def planned_minutes(runner: Runner, since: dt.date) -> dict[str, dict[str, float]]:
    """The run and walk minutes prescribed for each day a planned run was ticked off
    (kept as they were then, so a later plan change does not rewrite the past)."""
    planned: dict[str, dict[str, float]] = {}
    entries = LogEntry.objects.filter(
        runner=runner, date__gte=since, kind=LogKind.RUN, planned__isnull=False
    )
    for entry in entries.only("date", "planned"):
        session = entry.planned if isinstance(entry.planned, dict) else {}
        day = planned.setdefault(entry.date.isoformat(), {"planned_run": 0.0, "planned_walk": 0.0})
        day["planned_run"] += float(session.get("run_minutes") or 0)
        day["planned_walk"] += float(session.get("walk_minutes") or 0)
    return planned


def weekly_volume(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Running minutes per Monday-first week, with the engine's load flags."""
    sessions = [
        SessionRecord(
            date=dt.date.fromisoformat(str(e["date"])),
            minutes=float(e.get("run_minutes") or 0) + float(e.get("walk_minutes") or 0),
            distance_km=e.get("distance_km"),
            is_run=e["kind"] == LogKind.RUN,
        )
        for e in log
        if e["kind"] in {LogKind.RUN, LogKind.WALK}
    ]
    return [
        {
            "week": w.week_start.isoformat(),
            "week_start": w.week_start,
            "minutes": w.run_minutes,
            "flag": bool(w.flags),
            "flags": [f.text for f in w.flags],
        }
        for w in analyse(sessions).weeks
    ]
