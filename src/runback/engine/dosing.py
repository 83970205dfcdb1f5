"""Sizing runs: the starting dose, walk breaks, weekly growth and the caps.

``cap_next_run`` is the single place where a proposed run is cut down to what is
safe (old flare point, back-off never lengthening, the minutes a day allows, a
clinician's weekly cap shared over the week's runs); :func:`weekly_room` keeps a
plan week within that cap.
The training-load rules (``engine/load.py``, e.g. the spike rule) plug in there.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from runback.engine import history, load
from runback.engine.answers import Interval, Reason
from runback.engine.case import CaseFile
from runback.engine.enums import Pathway
from runback.engine.reasons import Code, reason

HIGH_VOLUME_KM = 50.0
"""Runners who did this many km a week may start a long layoff at 10-15 min."""

LONG_LAYOFF_START = 4
HIGH_VOLUME_START = 12
UNKNOWN_START = 5
BONE_START_MAX = 5
POST_SURGERY_START_MAX = 9
"""Run 3 / walk 4, three times (a post-surgical ladder's first level)."""
POSTPARTUM_EARLIEST_DAYS = 84
FEWEST_RUNS_A_WEEK = 3
"""The fewest runs a plan week spreads its running over (``planner._Context.runs_per_week``)."""
PLUS_PER_WEEK = 2
CONTINUOUS_TARGET = 30
"""Below this many minutes runs grow by minutes; above, weekly volume grows by percent."""
WEEKLY_GROWTH = 1.07
"""About +30% over 3-4 weeks."""
LONG_LAYOFF_WALK_PAD = 10
"""Minutes of the hard (very brisk) walk that pads a very short run after a long layoff."""
LONG_LAYOFF_PAD_BELOW = 10
"""Runs shorter than this after a long layoff get warm-up drills and the hard walk
as sessions of their own (``sessions.long_layoff_padding``)."""
LONG_LAYOFF_DRILLS = 6
"""Minutes of dynamic warm-up drills before a very short run after a long layoff."""
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class StartingDose:
    """The first run's minutes and the reasons for it."""

    run_minutes: int
    reasons: list[Reason] = field(default_factory=list)


@dataclass(frozen=True)
class CappedRun:
    """A run length after the caps, with the reasons of any cap that bit."""

    run_minutes: int
    reasons: list[Reason] = field(default_factory=list)


def postpartum_too_early(case: CaseFile, day: dt.date) -> bool:
    """No running before about 12 weeks after giving birth (``onset`` is the birth date)."""
    return (day - case.injury.onset).days < POSTPARTUM_EARLIEST_DAYS


def starting_dose(case: CaseFile, pathway: Pathway, on: dt.date | None = None) -> StartingDose:
    """Minutes of running for the first runs of this pathway, run on ``on`` (tomorrow)."""
    known = case.injury.pain_free_run_minutes
    if known == 0:
        return StartingDose(0, [reason(Code.NO_PAIN_FREE_RUNNING_YET)])
    day = case.today + _DAY if on is None else on
    if pathway is Pathway.POSTPARTUM and postpartum_too_early(case, day):
        return StartingDose(0, [reason(Code.POSTPARTUM_12_WEEKS)])
    if pathway is Pathway.LONG_LAYOFF:
        return _long_layoff_start(case, known)
    if pathway is Pathway.ACUTE:
        return _acute_start(case, known)
    minutes = UNKNOWN_START if known is None else known
    if pathway is Pathway.BONE_STRESS:
        minutes = min(minutes, BONE_START_MAX)
    if pathway is Pathway.POST_SURGERY:
        minutes = min(
            minutes if known is not None else POST_SURGERY_START_MAX, POST_SURGERY_START_MAX
        )
    return StartingDose(minutes, [reason(Code.START_AT_PAIN_FREE_MINUTES, minutes=minutes)])


def _long_layoff_start(case: CaseFile, known: int | None) -> StartingDose:
    km = case.runner.weekly_km_before or 0
    if km >= HIGH_VOLUME_KM:
        minutes = HIGH_VOLUME_START if known is None else min(known, HIGH_VOLUME_START)
        return StartingDose(
            minutes, [reason(Code.HIGH_VOLUME_LONGER_START, km=km, minutes=minutes)]
        )
    minutes = LONG_LAYOFF_START if known is None else min(known, LONG_LAYOFF_START)
    return StartingDose(minutes, [reason(Code.LONG_LAYOFF_SHORT_START, minutes=minutes)])


def _acute_start(case: CaseFile, known: int | None) -> StartingDose:
    usual = history.previous_run_minutes(case)
    if usual is None:
        minutes = UNKNOWN_START if known is None else known
        return StartingDose(minutes, [reason(Code.START_AT_PAIN_FREE_MINUTES, minutes=minutes)])
    half = max(1, round(usual / 2))
    minutes = half if known is None else min(half, known)
    return StartingDose(minutes, [reason(Code.ACUTE_HALF_VOLUME, minutes=minutes)])


def grown(minutes: int) -> int:
    """One week's growth of a run: +2 min while short, then about 7% a week."""
    if minutes < CONTINUOUS_TARGET:
        return minutes + PLUS_PER_WEEK
    return max(minutes + 1, math.floor(minutes * WEEKLY_GROWTH))


def backed_off(minutes: int, pain_onset_minute: float | None) -> int:
    """A shorter run: up to the onset of pain when known, else about 20% less."""
    if pain_onset_minute is not None and pain_onset_minute >= 1:
        return max(1, min(minutes - 1, math.floor(pain_onset_minute) - 1))
    return max(1, minutes - max(2, round(minutes * 0.2)))


def flare_point(case: CaseFile) -> int | None:
    """Where the injury used to flare (minutes), when the case says so."""
    return case.injury.flare_point_minutes


def cap_next_run(
    case: CaseFile,
    minutes: int,
    *,
    last_minutes: int | None = None,
    backing_off: bool = False,
    spike_guard: bool = False,
    runs_per_week: int = FEWEST_RUNS_A_WEEK,
) -> CappedRun:
    """Cut a proposed run down to what is safe; every cap that bites gives a reason.

    - backing off never lengthens the run (``minutes <= last_minutes``);
    - never beyond the old flare point (``flare_point_cap``);
    - never more than the runner has in a day (``availability.minutes_per_day``);
    - never more than a clinician's weekly cap (``clinician.weekly_run_minutes``)
      shared over ``runs_per_week`` runs (the reason is the clinician's own);
    - with ``spike_guard`` (sizing the very next run from the log), never more than
      10% over the longest run of the last 30 days once running is continuous
      (``single_run_spike``, see :func:`spike_limit`).
    """
    reasons: list[Reason] = []
    capped = max(0, minutes)
    if backing_off and last_minutes is not None:
        capped = min(capped, last_minutes)
    cap = flare_point(case)
    if cap is not None and capped > cap:
        capped = cap
        reasons.append(reason(Code.FLARE_POINT_CAP, minutes=cap))
    per_day = case.availability.minutes_per_day
    if per_day is not None:
        capped = min(capped, per_day)
    capped = within_weekly_cap(case, capped, runs_per_week)
    if spike_guard:
        spiked = spike_cap(capped, _recent_continuous_runs(case), case.today + _DAY)
        capped = spiked.run_minutes
        reasons.extend(spiked.reasons)
    return CappedRun(capped, reasons)


def weekly_cap(case: CaseFile) -> int | None:
    """The clinician's cap on a week's running minutes (``clinician.weekly_run_minutes``)."""
    steer = case.clinician.weekly_run_minutes
    return None if steer is None else steer.minutes


def within_weekly_cap(case: CaseFile, minutes: int, runs_per_week: int) -> int:
    """One run's share of a clinician's weekly cap: ``minutes`` at most cap / runs."""
    cap = weekly_cap(case)
    if cap is None or minutes <= 0:
        return minutes
    return min(minutes, max(1, cap // max(1, runs_per_week)))


def weekly_room(case: CaseFile, planned_minutes: int) -> int | None:
    """Running minutes still allowed in a plan week that already holds ``planned_minutes``;
    None without a clinician's cap."""
    cap = weekly_cap(case)
    return None if cap is None else max(0, cap - planned_minutes)


def is_continuous(run_minutes: float, walk_minutes: float) -> bool:
    """A run without walk breaks that reached ``CONTINUOUS_TARGET``: continuous running.

    The spike rule guards the run after one like this (:func:`spike_limit`); the
    next run and a multi-week plan both use this one test, so they agree on when
    the rule starts.
    """
    return walk_minutes <= 0 and run_minutes >= CONTINUOUS_TARGET


def running_continuously(case: CaseFile) -> bool:
    """Whether the last logged run was continuous (:func:`is_continuous`)."""
    runs = case.runs_to_date
    if not runs:
        return False
    last = runs[-1]
    return is_continuous(last.get("run_minutes") or 0, last.get("walk_minutes") or 0)


def logged_recent_runs(case: CaseFile) -> list[load.SessionRecord]:
    """The logged runs of the 30 days up to today as load records, oldest first.

    The same window as ``load.planned_run_limit`` for a run tomorrow: a run exactly
    30 days before tomorrow still counts, one 30 days before today does not.
    """
    runs = case.runs_to_date
    since = case.today - dt.timedelta(days=load.SPIKE_WINDOW_DAYS)
    recent = []
    for entry in reversed(runs):
        if entry["date"] <= since:
            break
        recent.append(load.SessionRecord(entry["date"], float(entry.get("run_minutes") or 0)))
    recent.reverse()
    return recent


def _recent_continuous_runs(case: CaseFile) -> list[load.SessionRecord]:
    """Runs of the last 30 days as load records, or none while runs still have walk breaks."""
    return logged_recent_runs(case) if running_continuously(case) else []


def spike_limit(case: CaseFile) -> int | None:
    """The longest next run the spike rule allows, in minutes, or None when it does not apply.

    Once the runner is back to continuous running (the last run had no walk breaks
    and reached ``CONTINUOUS_TARGET`` minutes), no run may be more than 10% longer
    than the longest run of the previous 30 days (Garmin-RUNSAFE, Frandsen et al.
    2025; ``engine/load.py``). Below that target the +2 minutes a week rule governs:
    10% of a 5-minute run would freeze it at 5 minutes.
    """
    limit = load.planned_run_limit(_recent_continuous_runs(case), case.today + _DAY)
    return None if limit is None else math.floor(limit)


def spike_cap(minutes: int, runs: Sequence[load.SessionRecord], on: dt.date) -> CappedRun:
    """``minutes`` for a run on ``on``, cut to the spike rule's limit given the ``runs`` before it.

    The limit is 1.10 x the longest of ``runs`` in the 30 days before ``on``
    (``load.spike_limit``), floored to whole minutes; with no run in that window the
    rule has nothing to compare with and ``minutes`` stands. The caller decides
    whether the rule applies at all (continuous running, :func:`is_continuous`).
    """
    longest = load.longest_run_before(runs, on, by_distance=False)
    if longest is None:
        return CappedRun(minutes)
    limit = math.floor(load.spike_limit(longest))
    if minutes <= limit:
        return CappedRun(minutes)
    return CappedRun(limit, [spike_reason(limit, longest)])


def spike_reason(limit: int, longest: float) -> Reason:
    """Why a run was capped by the spike rule (code ``single_run_spike``)."""
    return Reason(
        code=load.FlagCode.SPIKE_SMALL.value,
        text=f"Capped at {limit} min: no run more than 10% longer than your longest run "
        f"of the last 30 days ({longest:g} min). Single runs over that went with more "
        "overuse injuries in a large running cohort.",
    )


@dataclass(frozen=True)
class RunShape:
    """A run's minutes split into running, walking and an ordered timeline."""

    run_minutes: int
    walk_minutes: int
    intervals: list[Interval]


def shape(run_minutes: int, pathway: Pathway) -> RunShape:
    """Split ``run_minutes`` with walk breaks suited to the pathway.

    Bone stress starts with 1-minute runs; post-surgery follows the 3-on/4-off
    ladder; everyone else runs 5-minute blocks with a 1-minute walk, then
    10-minute blocks, then continuous from 30 minutes on. (A very short run after a
    long layoff is padded by the planner with drills and a hard walk, sessions of
    their own, not walk minutes of the run.)
    """
    if run_minutes <= 0:
        return RunShape(0, 0, [])
    run_block, walk = _blocks(run_minutes, pathway)
    full, rest = divmod(run_minutes, run_block)
    pieces: list[tuple[int, int]] = [(run_block, walk)] * full
    if rest:
        pieces.append((rest, 0))
    pieces[-1] = (pieces[-1][0], 0)
    intervals = _compress(pieces)
    walking = sum(p[1] for p in pieces)
    return RunShape(run_minutes, walking, intervals)


def _blocks(run_minutes: int, pathway: Pathway) -> tuple[int, int]:
    if pathway is Pathway.BONE_STRESS and run_minutes <= BONE_START_MAX:
        return 1, 1
    if pathway is Pathway.POST_SURGERY and run_minutes <= 9:
        return 3, 4
    if pathway is Pathway.POST_SURGERY and run_minutes <= 18:
        return 6, 3
    if run_minutes <= 5:
        return run_minutes, 0
    if run_minutes <= 20:
        return 5, 1
    if run_minutes < CONTINUOUS_TARGET:
        return 10, 1
    return run_minutes, 0


def _compress(pieces: list[tuple[int, int]]) -> list[Interval]:
    out: list[Interval] = []
    for run, walk in pieces:
        if out and out[-1].run_minutes == run and out[-1].walk_minutes == walk:
            last = out.pop()
            out.append(Interval(repeats=last.repeats + 1, run_minutes=run, walk_minutes=walk))
        else:
            out.append(Interval(repeats=1, run_minutes=run, walk_minutes=walk))
    return out


def split_text(run_shape: RunShape) -> str:
    """'5 min run / 1 min walk x2, then 5 min run' style description."""
    parts = []
    for block in run_shape.intervals:
        if block.run_minutes == 0:
            parts.append(f"a brisk {block.walk_minutes}-minute walk")
            continue
        text = f"{block.run_minutes} min run"
        if block.walk_minutes:
            text += f" / {block.walk_minutes} min walk"
        if block.repeats > 1:
            text += f" x{block.repeats}"
        parts.append(text)
    return ", then ".join(parts)
