"""Reading a run: which pain response it shows (DOMAIN.md table).

The next-morning check against the runner's usual level decides most; the
pattern the runner reports during the run names the response.
"""

from __future__ import annotations

from collections.abc import Sequence

from runback.engine.case import CaseFile, LogEntry
from runback.engine.enums import DuringPattern, PainPattern

PLATEAU_PAIN_FREE_MINUTES = 15
"""Pain arriving only after this many pain-free minutes reads as a plateau."""


def baseline(case: CaseFile, run: LogEntry) -> int:
    """The runner's usual level that day: pain before the run, else pain at rest."""
    return case.injury.pain_rest if run.pain_before is None else run.pain_before


def morning_above_baseline(case: CaseFile, run: LogEntry) -> bool:
    """Pain or stiffness the next morning above the usual level: the dose was too high."""
    morning = run.pain_next_morning
    return morning is not None and morning > baseline(case, run)


def classify(case: CaseFile, run: LogEntry, earlier: Sequence[LogEntry]) -> PainPattern:
    """Name the pain response of ``run`` given the runs before it (oldest first)."""
    during = run.pain_during_max or 0
    reported = run.pain_during_pattern
    if reported is DuringPattern.BUILT:
        return PainPattern.BUILDING_PAIN
    if reported is None and during > 0 and (run.pain_after or 0) > during:
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
    if run.pain_onset_minute is not None:
        return run.pain_onset_minute >= PLATEAU_PAIN_FREE_MINUTES
    shorter = [e for e in earlier[-2:] if (e.run_minutes or 0) < (run.run_minutes or 0)]
    return len(shorter) == 2 and all((e.pain_during_max or 0) == 0 for e in shorter)


def rising_next_morning_trend(case: CaseFile, runs: Sequence[LogEntry]) -> bool:
    """Next-morning pain rising over several sessions.

    Either the last three known next-morning values climb strictly, or the mean of
    the last 7 days is above the mean of the 7 days before (Silbernagel 2007:
    pain and stiffness must not rise week on week).
    """
    mornings = [(r.date, r.pain_next_morning) for r in runs if r.pain_next_morning is not None]
    last3 = [m for _, m in mornings[-3:]]
    if len(last3) == 3 and last3[0] < last3[1] < last3[2]:
        return True
    this_week = [m for d, m in mornings if (case.today - d).days < 7]
    week_before = [m for d, m in mornings if 7 <= (case.today - d).days < 14]
    if len(this_week) >= 2 and len(week_before) >= 2:
        return sum(this_week) / len(this_week) > sum(week_before) / len(week_before) + 0.5
    return False
