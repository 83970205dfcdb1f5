"""Builders for case files: a valid baseline plus overrides, never mocks.

``make_case(injury__site="knee", log=[run(...)])`` returns the raw JSON-like dict;
``case(...)`` parses it. Double underscores reach into nested objects.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from runback.engine import CaseFile, parse_case

TODAY = dt.date(2026, 11, 22)

BASE: dict[str, Any] = {
    "today": TODAY.isoformat(),
    "runner": {
        "age": 34,
        "sex": "female",
        "weekly_km_before": 40,
        "runs_per_week_before": 4,
        "longest_run_km_before": 16,
        "previous_injuries": 1,
    },
    "injury": {
        "site": "achilles",
        "kind": "tendinopathy",
        "bone_stress_risk": None,
        "onset": "2026-10-01",
        "last_run": "2026-11-15",
        "pain_free_run_minutes": 10,
        "pain_rest": 0,
        "pain_walking": 1,
        "worsening": False,
        "aggravators": [],
    },
    "red_flags": [],
    "wellbeing": {"sleep_hours": 8, "stress": 3, "fear_of_reinjury": 3, "fuelling_ok": True},
    "log": [],
}


def days_ago(days: int) -> str:
    """The ISO date ``days`` before TODAY."""
    return (TODAY - dt.timedelta(days=days)).isoformat()


def make_case(**overrides: Any) -> dict[str, Any]:
    """The baseline case file with overrides (``injury__site="knee"``; None deletes a key)."""
    data = copy.deepcopy(BASE)
    for key, value in overrides.items():
        *path, last = key.split("__")
        target = data
        for part in path:
            target = target[part]
        if value is None and last in {"injury", "runner", "wellbeing", "log", "today"}:
            target.pop(last, None)
        else:
            target[last] = value
    return data


def case(**overrides: Any) -> CaseFile:
    """A parsed case file (see :func:`make_case`)."""
    return parse_case(make_case(**overrides), default_today=TODAY)


def run(
    ago: int,
    minutes: float = 10,
    *,
    during: int = 0,
    pattern: str = "none",
    before: int = 0,
    after: int = 0,
    morning: int | None = 0,
    **extra: Any,
) -> dict[str, Any]:
    """A logged run ``ago`` days before TODAY."""
    entry: dict[str, Any] = {
        "date": days_ago(ago),
        "kind": "run",
        "run_minutes": minutes,
        "walk_minutes": 1,
        "pain_before": before,
        "pain_during_max": during,
        "pain_during_pattern": pattern,
        "pain_after": after,
        "pain_next_morning": morning,
    }
    entry.update(extra)
    return entry


def strength_log(count: int, *, every: int = 3, start_ago: int = 1) -> list[dict[str, Any]]:
    """``count`` strength sessions, one every ``every`` days going back from ``start_ago``."""
    return [
        {"date": days_ago(start_ago + i * every), "kind": "strength", "minutes": 40}
        for i in range(count)
    ]


def codes(reasons: Any) -> list[str]:
    """The codes of a list of reasons."""
    return [r.code for r in reasons]
