"""Reading a run: which pain response it shows (DOMAIN.md table).

The next-morning check against the runner's usual level decides most; the
pattern the runner reports during the run names the response.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from runback.engine.case import CaseFile, LogEntry
from runback.engine.enums import DuringPattern, PainPattern

PLATEAU_PAIN_FREE_MINUTES = 15
"""Pain arriving only after this many pain-free minutes reads as a plateau."""


def baseline(case: CaseFile, run: LogEntry) -> int:
    """The runner's usual level that day: pain before the run, else pain at rest."""
    before = run.get("pain_before")
    return case.injury.pain_rest if before is None else before


def morning_above_baseline(case: CaseFile, run: LogEntry) -> bool:
    """Pain or stiffness the next morning above the usual level: the dose was too high."""
    morning = run.get("pain_next_morning")
    return morning is not None and morning > baseline(case, run)


def classify(case: CaseFile, run: LogEntry, earlier: Sequence[LogEntry]) -> PainPattern:
    """Name the pain response of ``run`` given the runs before it (oldest first)."""
    during = run.get("pain_during_max") or 0
    reported = run.get("pain_during_pattern")
    if reported is DuringPattern.BUILT:
        return PainPattern.BUILDING_PAIN
    if reported is None and during > 0 and (run.get("pain_after") or 0) > during:
        return PainPattern.BUILDING_PAIN
    if reported is DuringPattern.EASED:
        return PainPattern.WARM_UP_PAIN
    if during == 0 and reported in {None, DuringPattern.NONE}:
        return PainPattern.NO_PAIN
    # Pain came at some point and stayed mild: a plateau when the runner was
    # pain-free for a good while first and the next morning stayed calm.
    if not morning_above_baseline(case, run) and _pain_free_first(run, earlier):
        return PainPattern.PLATEAU
    return PainPattern.STEADY_MILD


def _pain_free_first(run: LogEntry, earlier: Sequence[LogEntry]) -> bool:
    onset = run.get("pain_onset_minute")
    if onset is not None:
        return onset >= PLATEAU_PAIN_FREE_MINUTES
    length = run.get("run_minutes") or 0
    shorter = [e for e in earlier[-2:] if (e.get("run_minutes") or 0) < length]
    return len(shorter) == 2 and all((e.get("pain_during_max") or 0) == 0 for e in shorter)


def rising_next_morning_trend(case: CaseFile, runs: Sequence[LogEntry]) -> bool:
    """Next-morning pain rising over several sessions.

    Either the last three known next-morning values climb strictly, or the mean of
    the last 7 days is above the mean of the 7 days before (Silbernagel 2007:
    pain and stiffness must not rise week on week).
    """
    # Newest first, and only as far back as needed: the log may hold years of runs.
    fortnight = case.today - dt.timedelta(days=14)
    mornings: list[tuple[dt.date, int]] = []
    for run in reversed(runs):
        if len(mornings) >= 3 and run["date"] <= fortnight:
            break
        morning = run.get("pain_next_morning")
        if morning is not None:
            mornings.append((run["date"], morning))
    mornings.reverse()
    last3 = [m for _, m in mornings[-3:]]
    if len(last3) == 3 and last3[0] < last3[1] < last3[2]:
        return True
    this_week = [m for d, m in mornings if (case.today - d).days < 7]
    week_before = [m for d, m in mornings if 7 <= (case.today - d).days < 14]
    if len(this_week) >= 2 and len(week_before) >= 2:
        return sum(this_week) / len(this_week) > sum(week_before) / len(week_before) + 0.5
    return False
