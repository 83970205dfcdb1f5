"""Severity and trend read from the log: what the runner logs, not only what they tick.

A runner rarely ticks "pain getting steadily worse"; the log shows it. These rules
refer within days: a run that hurt at 7/10 or more, pain before runs or the next
morning climbing over two to three weeks while the runs get shorter, and walking
pain (rated at check-ins) that keeps rising.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from runback.engine.answers import Reason
from runback.engine.case import CaseFile, LogEntry, is_run
from runback.engine.reasons import Code, reason

SEVERE_RUN_PAIN = 7
"""Pain during or after a run at or above this refers (the severe-pain red flag, read off a run)."""
RECENT_FLAG_DAYS = 14
"""A severe run refers for this many days (as a red flag reported at a check-in does)."""
RECENT_DAYS = 7
"""The trend compares the last week of runs with the week two weeks before."""
TREND_RISE = 2.0
"""Mean pain this many points above two weeks earlier, while the runs got shorter, refers."""
WALKING_RISES = 3
"""This many walking-pain ratings in a row, each above the one before, refer."""


def log_referrals(case: CaseFile) -> list[Reason]:
    """Reasons to refer read off the log (empty: none)."""
    out: list[Reason] = []
    # A run that hurt that much stands for two weeks, like a red flag reported at a
    # check-in, unless a clinician cleared the runner after it.
    since = max(case.today - dt.timedelta(days=RECENT_FLAG_DAYS - 1), case.injury.onset)
    cleared = case.injury.cleared_on
    if cleared is not None and cleared >= since:
        since = cleared + dt.timedelta(days=1)
    worst = max(
        (
            max(e.get("pain_during_max") or 0, e.get("pain_after") or 0)
            for e in case.runs_since_onset
            if e["date"] >= since
        ),
        default=0,
    )
    if worst >= SEVERE_RUN_PAIN:
        out.append(reason(Code.SEVERE_RUN_PAIN_REFER, pain=worst))
    if _rising_while_dose_falls(case):
        out.append(reason(Code.PAIN_RISING_WHILE_DOSE_FALLS_REFER))
    walking = [
        rated
        for e in case.entries_between(case.today - dt.timedelta(days=20), case.today)
        if (rated := e.get("pain_walking")) is not None
    ]
    if _climbing(walking):
        out.append(reason(Code.WALKING_PAIN_RISING_REFER, pain=walking[-1]))
    return out


def _climbing(values: Sequence[int]) -> bool:
    last = values[-(WALKING_RISES + 1) :]
    return len(last) == WALKING_RISES + 1 and all(a < b for a, b in itertools.pairwise(last))


def _rising_while_dose_falls(case: CaseFile) -> bool:
    """Pain before runs or the next morning up by ``TREND_RISE`` over two weeks, runs shorter."""
    start = max(case.today - dt.timedelta(days=14 + RECENT_DAYS - 1), case.injury.onset)
    runs = [e for e in case.entries_between(start, case.today) if is_run(e)]
    now = [r for r in runs if (case.today - r["date"]).days < RECENT_DAYS]
    then = [r for r in runs if 14 <= (case.today - r["date"]).days < 14 + RECENT_DAYS]
    if not now or not then:
        return False
    if _mean(now, "run_minutes") > _mean(then, "run_minutes"):
        return False
    return any(
        _mean(now, key) >= _mean(then, key) + TREND_RISE
        for key in ("pain_before", "pain_next_morning")
    )


def _mean(runs: Sequence[LogEntry] | Sequence[dict[str, Any]], key: str) -> float:
    values = [float(v) for r in runs if isinstance(v := r.get(key), int | float)]
    return sum(values) / len(values) if values else 0.0
