"""Facts read off the log: the last run, recent volume, strength sessions.

Small pure functions over an already-sorted log so that rules elsewhere read
like the DOMAIN text ("after 2-4 consecutive runs without a flare").
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence

from runback.engine.case import CaseFile, LogEntry, is_run
from runback.engine.enums import DuringPattern

MIN_PER_KM_EASY = 6.5
"""Assumed easy pace when only kilometres are known (minutes per km)."""


def runs(case: CaseFile) -> tuple[LogEntry, ...]:
    """Runs up to and including today, oldest first."""
    return case.runs_to_date


def last_run(case: CaseFile) -> LogEntry | None:
    """The most recent logged run, if any."""
    runs = case.runs_to_date
    return runs[-1] if runs else None


def last_run_date(case: CaseFile) -> dt.date:
    """When the runner last ran: the log, else ``injury.last_run``, else ``onset``."""
    dates = [case.injury.onset]
    if case.injury.last_run is not None:
        dates.append(case.injury.last_run)
    run = last_run(case)
    if run is not None:
        dates.append(run["date"])
    return max(dates)


def entries_between(case: CaseFile, start: dt.date, end: dt.date) -> tuple[LogEntry, ...]:
    """Log entries with ``start <= date <= end``."""
    return case.entries_between(start, end)


def run_minutes_between(case: CaseFile, start: dt.date, end: dt.date) -> float:
    """Running minutes logged with ``start <= date <= end``."""
    return sum(e.get("run_minutes") or 0 for e in entries_between(case, start, end) if is_run(e))


def strength_sessions_since(case: CaseFile, days: int) -> int:
    """Days with strength work in the last ``days`` days (today included).

    Counted from ``log`` strength entries and ``strength_log`` (runners log
    exercises or sessions, not necessarily both), one per day.
    """
    start = case.today - dt.timedelta(days=days - 1)
    return len(case.strength_days) - bisect.bisect_left(case.strength_days, start)


def strength_dates(case: CaseFile) -> tuple[dt.date, ...]:
    """Days with strength work up to today, from ``log`` and ``strength_log``, oldest first."""
    return case.strength_days


def previous_run_minutes(case: CaseFile) -> float | None:
    """Typical pre-injury run length in minutes, from the runner's weekly km and runs."""
    runner = case.runner
    if not runner.weekly_km_before or not runner.runs_per_week_before:
        return None
    return runner.weekly_km_before / runner.runs_per_week_before * MIN_PER_KM_EASY


def weekly_minutes_before(case: CaseFile) -> float | None:
    """Pre-injury weekly running volume in minutes."""
    km = case.runner.weekly_km_before
    return None if not km else km * MIN_PER_KM_EASY


def is_clean(run: LogEntry, allowance: int, baseline: int, stiffness_baseline: int = 0) -> bool:
    """A run without a flare: pain within the allowance, not building, calm next morning.

    A calm next morning means neither pain nor stiffness above the usual level. A run
    whose pain was never reported is not clean: its pain is unknown, not zero.
    """
    if run.get("pain_reported") is False:
        return False
    if (run.get("pain_during_max") or 0) > allowance:
        return False
    if run.get("pain_during_pattern") is DuringPattern.BUILT:
        return False
    stiffness = run.get("stiffness_next_morning")
    if stiffness is not None and stiffness > stiffness_baseline:
        return False
    morning = run.get("pain_next_morning")
    return morning is None or morning <= max(baseline, run.get("pain_before") or 0)


def consecutive_clean_runs(
    recent: Sequence[LogEntry],
    allowance: int,
    baseline: int,
    min_minutes: float,
    *,
    stiffness_baseline: int = 0,
) -> int:
    """How many of the latest runs in a row were clean and at least ``min_minutes`` long."""
    count = 0
    for run in reversed(recent):
        if (
            not is_clean(run, allowance, baseline, stiffness_baseline)
            or (run.get("run_minutes") or 0) < min_minutes
        ):
            break
        count += 1
    return count
