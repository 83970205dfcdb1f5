"""Reading a run: which pain response it shows (DOMAIN.md table).

The next-morning check against the runner's usual level decides most; the
pattern the runner reports during the run names the response.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from runback.engine.answers import Reason
from runback.engine.case import CaseFile, LogEntry
from runback.engine.enums import DuringPattern, PainPattern
from runback.engine.reasons import Code, reason, variant_reason
from runback.engine.screening import pain_allowance

FAR_ABOVE = 3
"""Pain this many points above the allowance is far above it: back off."""
PLATEAU_PAIN_FREE_MINUTES = 15
"""Pain arriving only after this many pain-free minutes reads as a plateau."""


def baseline(case: CaseFile, run: LogEntry) -> int:
    """The runner's usual level that day: pain before the run, else pain at rest."""
    before = run.get("pain_before")
    return case.injury.pain_rest if before is None else before


def stiffness_baseline(case: CaseFile) -> int:
    """The runner's usual morning stiffness; not given reads as none (0)."""
    usual = case.injury.stiffness_baseline
    return 0 if usual is None else usual


def pain_morning_above_baseline(case: CaseFile, run: LogEntry) -> bool:
    """Pain the next morning above the usual level."""
    morning = run.get("pain_next_morning")
    return morning is not None and morning > baseline(case, run)


def stiffness_morning_above_baseline(case: CaseFile, run: LogEntry) -> bool:
    """Stiffness the next morning above the runner's usual morning stiffness."""
    morning = run.get("stiffness_next_morning")
    return morning is not None and morning > stiffness_baseline(case)


def morning_above_baseline(case: CaseFile, run: LogEntry) -> bool:
    """Pain or stiffness the next morning above the usual level: the dose was too high."""
    return pain_morning_above_baseline(case, run) or stiffness_morning_above_baseline(case, run)


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


@dataclass(frozen=True, slots=True)
class MorningTrend:
    """Which next-morning ratings have been rising over recent runs."""

    pain: bool
    stiffness: bool

    def __bool__(self) -> bool:
        return self.pain or self.stiffness


def rising_next_morning_trend(case: CaseFile, runs: Sequence[LogEntry]) -> MorningTrend:
    """Next-morning pain or stiffness rising over several sessions.

    For each rating: either the last three known next-morning values climb
    strictly, or the mean of the last 7 days is above the mean of the 7 days
    before (Silbernagel 2007: pain and stiffness must not rise week on week).
    """
    return MorningTrend(
        pain=_rising(case, runs, "pain_next_morning"),
        stiffness=_rising(case, runs, "stiffness_next_morning"),
    )


def _rising(
    case: CaseFile,
    runs: Sequence[LogEntry],
    key: Literal["pain_next_morning", "stiffness_next_morning"],
) -> bool:
    # Newest first, and only as far back as needed: the log may hold years of runs.
    fortnight = case.today - dt.timedelta(days=14)
    mornings: list[tuple[dt.date, int]] = []
    for run in reversed(runs):
        if len(mornings) >= 3 and run["date"] <= fortnight:
            break
        morning = run.get(key)
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


@dataclass(frozen=True, slots=True)
class RunReading:
    """What one run says on its own: reasons to back off and reasons to hold."""

    pattern: PainPattern
    backs: list[Reason]
    holds: list[Reason]


def read_run(case: CaseFile, run: LogEntry, earlier: Sequence[LogEntry]) -> RunReading:
    """The hard signals of one run (DOMAIN.md "Reading the pain response").

    Back off on building pain, a next morning above the usual, pain far above the
    allowance, and for bone any pain during or after the run; hold on pain a little
    above the allowance and on steady mild pain. Trends and wellbeing are read by
    ``decide``; this is what the progression state (``engine/progress.py``) needs
    for every run of the log.
    """
    allowance = pain_allowance(case)
    pattern = classify(case, run, earlier)
    usual = baseline(case, run)
    during = run.get("pain_during_max") or 0
    backs: list[Reason] = []
    holds: list[Reason] = []
    if pattern is PainPattern.BUILDING_PAIN:
        backs.append(reason(Code.BUILDING_PAIN_BACK_OFF))
    morning = _morning_reason(case, run, usual)
    if morning is not None:
        backs.append(morning)
    if during > allowance:
        above = reason(Code.PAIN_ABOVE_ALLOWANCE, pain=during, allowance=allowance)
        far = during >= allowance + FAR_ABOVE or allowance == 0
        (backs if far else holds).append(above)
    after = run.get("pain_after") or 0
    if allowance == 0 and after > usual:
        backs.append(reason(Code.BONE_PAIN_AFTER_BACK_OFF, pain=after))
    if pattern is PainPattern.STEADY_MILD and not backs:
        holds.append(reason(Code.STEADY_MILD_HOLD))
    return RunReading(pattern, backs, holds)


def _morning_reason(case: CaseFile, last: LogEntry, usual: int) -> Reason | None:
    """``next_morning_above_baseline``, worded for what was above usual: pain, stiffness."""
    sore = pain_morning_above_baseline(case, last)
    stiff = stiffness_morning_above_baseline(case, last)
    values = {
        "morning": last.get("pain_next_morning"),
        "baseline": usual,
        "stiffness": last.get("stiffness_next_morning"),
        "stiffness_baseline": stiffness_baseline(case),
    }
    if sore and stiff:
        return variant_reason(Code.NEXT_MORNING_ABOVE_BASELINE, "pain_and_stiffness", **values)
    if stiff:
        return variant_reason(
            Code.NEXT_MORNING_ABOVE_BASELINE,
            "stiffness",
            morning=values["stiffness"],
            baseline=values["stiffness_baseline"],
        )
    if sore:
        return reason(Code.NEXT_MORNING_ABOVE_BASELINE, morning=values["morning"], baseline=usual)
    return None
