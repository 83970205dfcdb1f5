"""Training load over a history: weekly volume, spikes, EWMA acute:chronic, monotony.

Pure functions over :class:`SessionRecord` values (no I/O, no clock). The CLI and the
web app build the records from imported activities or the case-file log.

What is a warning and what is only information follows ``evidence.md`` section 6:

* **Single-run spike** (the primary guard): a run more than 10% longer than the
  longest run of the previous 30 days was the risk state in the Garmin-RUNSAFE
  cohort (Frandsen et al., BJSM 2025). Flagged at three levels: > 10%, > 30%
  (strong warning) and > 100% (a training error). Length is distance when both
  runs have it, else minutes.
* **Week-on-week change** over 30%: a soft warning only (Nielsen et al., JOSPT 2014,
  not statistically significant).
* **EWMA acute:chronic ratio**: information, never a gate, never banded into a
  "sweet spot" (the evidence is contested; see ``docs/importers.md``).
* **Monotony and strain** (Foster 1998): information.
* **Consecutive running days**: flagged from the third day in a row, because a
  comeback alternates run and rest days at first (DOMAIN.md ``frequent_short_runs``).

EWMA definition used here (Williams et al., BJSM 2017): for a daily load series
``L`` and window ``N``, ``lambda = 2 / (N + 1)`` and
``EWMA_d = lambda * L_d + (1 - lambda) * EWMA_{d-1}``, seeded with
``EWMA_0 = L_0`` on the first day of the history; rest days count as load 0.
The acute window is 7 days, the chronic 28. The ratio is *uncoupled* (Lolli et al.,
BJSM 2019): today's acute EWMA is divided by the chronic EWMA of the day before the
acute week began (7 days earlier), so the acute week is not part of its own
denominator. After a long break the chronic value decays towards zero and the ratio
explodes without meaning anything, so it is not reported while the chronic load is
under ``MIN_CHRONIC``.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

SPIKE_WINDOW_DAYS = 30
SPIKE_SMALL = 1.10
SPIKE_STRONG = 1.30
SPIKE_ERROR = 2.00
WEEKLY_CHANGE_WARNING = 0.30
ACUTE_DAYS = 7
CHRONIC_DAYS = 28
CONSECUTIVE_DAYS_FLAG = 3
MIN_CHRONIC = 1.0
"""Below this chronic load (units a day) the ratio is noise after a long break: not shown."""


class Source(StrEnum):
    """Where each flag's threshold comes from (see ``evidence.md``)."""

    RUNSAFE_2025 = "Frandsen et al. BJSM 2025;59:1203-1210 (Garmin-RUNSAFE)"
    NIELSEN_2014 = "Nielsen et al. JOSPT 2014;44:739-748"
    WILLIAMS_2017 = "Williams et al. BJSM 2017;51:209-210 (EWMA); Lolli et al. BJSM 2019"
    FOSTER_1998 = "Foster 1998, Med Sci Sports Exerc 30:1164-1168 (monotony, strain)"
    DOMAIN_FREQUENT_SHORT_RUNS = "DOMAIN.md frequent_short_runs"


class FlagCode(StrEnum):
    """Stable codes of load flags; add, never rename."""

    SPIKE_SMALL = "single_run_spike"
    SPIKE_STRONG = "single_run_spike_strong"
    SPIKE_ERROR = "single_run_spike_training_error"
    WEEKLY_CHANGE = "weekly_change_over_30_percent"
    CONSECUTIVE_DAYS = "consecutive_running_days"


class LoadMethod(StrEnum):
    """How a session's load was measured."""

    TRIMP = "trimp"
    SESSION_RPE = "session_rpe"
    MINUTES = "minutes"


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One training session, as simple as the load rules need.

    ``trimp`` (heart-rate load) wins over ``rpe`` (CR-10 rating) when both are
    given; with neither, the load is the minutes themselves.
    """

    date: date
    minutes: float
    distance_km: float | None = None
    trimp: float | None = None
    rpe: float | None = None
    is_run: bool = True


@dataclass(frozen=True, slots=True)
class LoadFlag:
    """A warning with its plain reason, stable code and source."""

    code: FlagCode
    date: date
    text: str
    source: Source
    value: float


@dataclass(frozen=True, slots=True)
class SpikeCheck:
    """One run against the longest run of the previous 30 days."""

    date: date
    length: float
    longest_before: float | None
    unit: str
    ratio: float | None


@dataclass(frozen=True, slots=True)
class DailyLoad:
    """EWMA loads for one day; ``ratio`` is None until 7 days of history exist."""

    date: date
    load: float
    acute: float
    chronic: float
    ratio: float | None


@dataclass(frozen=True, slots=True)
class WeekLoad:
    """One Monday-to-Sunday week."""

    week_start: date
    runs: int
    run_km: float
    run_minutes: float
    minutes: float
    load: float
    change: float | None
    monotony: float | None
    strain: float | None
    flags: tuple[LoadFlag, ...] = ()


@dataclass(frozen=True, slots=True)
class LoadReport:
    """Everything :func:`analyse` found."""

    weeks: tuple[WeekLoad, ...]
    days: tuple[DailyLoad, ...]
    flags: tuple[LoadFlag, ...]
    spikes: tuple[SpikeCheck, ...] = field(default=())


# --- session load -------------------------------------------------------------------


def banister_trimp(
    minutes: float, avg_hr: float, rest_hr: float, max_hr: float, *, female: bool = False
) -> float:
    """Banister's TRIMP from a session's average heart rate.

    ``minutes * x * a * e^(b * x)`` with ``x`` the heart-rate reserve fraction,
    ``a, b = 0.64, 1.92`` for men and ``0.86, 1.67`` for women. Using the session
    average (not per-sample) underestimates hard interval sessions slightly;
    comeback running is steady, so the error is small.
    """
    if max_hr <= rest_hr:
        raise ValueError("max_hr must be above rest_hr")
    x = min(1.0, max(0.0, (avg_hr - rest_hr) / (max_hr - rest_hr)))
    a, b = (0.86, 1.67) if female else (0.64, 1.92)
    return minutes * x * a * math.exp(b * x)


def session_rpe_load(minutes: float, rpe: float) -> float:
    """Foster's session RPE: CR-10 rating x minutes."""
    return minutes * rpe


def session_load(s: SessionRecord) -> tuple[float, LoadMethod]:
    """The session's load and how it was measured (TRIMP, then sRPE, then minutes)."""
    if s.trimp is not None:
        return s.trimp, LoadMethod.TRIMP
    if s.rpe is not None:
        return session_rpe_load(s.minutes, s.rpe), LoadMethod.SESSION_RPE
    return s.minutes, LoadMethod.MINUTES


# --- EWMA ---------------------------------------------------------------------------


def ewma_lambda(days: int) -> float:
    """The decay ``2 / (N + 1)`` (Williams et al. 2017)."""
    return 2 / (days + 1)


def ewma(loads: Sequence[float], days: int) -> list[float]:
    """The EWMA series of a daily load series, seeded with the first day's load."""
    lam = ewma_lambda(days)
    out: list[float] = []
    for i, load in enumerate(loads):
        out.append(load if i == 0 else lam * load + (1 - lam) * out[-1])
    return out


def daily_loads(sessions: Iterable[SessionRecord]) -> list[tuple[date, float]]:
    """Loads summed per calendar day, every day from first to last (rest days = 0)."""
    per_day: dict[date, float] = {}
    for s in sessions:
        per_day[s.date] = per_day.get(s.date, 0.0) + session_load(s)[0]
    if not per_day:
        return []
    first, last = min(per_day), max(per_day)
    n = (last - first).days + 1
    return [(first + timedelta(d), per_day.get(first + timedelta(d), 0.0)) for d in range(n)]


def acute_chronic(days: Sequence[tuple[date, float]]) -> list[DailyLoad]:
    """Acute (7-day) and chronic (28-day) EWMA and the uncoupled ratio per day."""
    loads = [load for _, load in days]
    acute = ewma(loads, ACUTE_DAYS)
    chronic = ewma(loads, CHRONIC_DAYS)
    out = []
    for i, (d, load) in enumerate(days):
        j = i - ACUTE_DAYS
        ratio = acute[i] / chronic[j] if j >= 0 and chronic[j] >= MIN_CHRONIC else None
        out.append(DailyLoad(d, load, acute[i], chronic[i], ratio))
    return out


# --- monotony and strain --------------------------------------------------------------


def monotony(week_daily_loads: Sequence[float]) -> float | None:
    """Mean daily load / its standard deviation over a week (None if no variation)."""
    n = len(week_daily_loads)
    if n == 0:
        return None
    mean = sum(week_daily_loads) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in week_daily_loads) / n)
    return mean / sd if sd > 0 else None


def strain(week_daily_loads: Sequence[float]) -> float | None:
    """Weekly load x monotony (Foster 1998)."""
    m = monotony(week_daily_loads)
    return None if m is None else sum(week_daily_loads) * m


# --- single-run spikes ------------------------------------------------------------------


def _length(s: SessionRecord, by_distance: bool) -> float:
    return (s.distance_km or 0.0) if by_distance else s.minutes


def longest_run_before(
    runs: Sequence[SessionRecord], day: date, *, by_distance: bool
) -> float | None:
    """The longest run in the 30 days before ``day`` (``day`` itself excluded)."""
    window_start = day - timedelta(days=SPIKE_WINDOW_DAYS)
    lengths = [_length(r, by_distance) for r in runs if window_start <= r.date < day]
    return max(lengths) if lengths else None


def spike_limit(longest_before: float) -> float:
    """The longest a run may be without counting as a spike (+10%)."""
    return longest_before * SPIKE_SMALL


def planned_run_limit(history: Iterable[SessionRecord], on: date) -> float | None:
    """The most minutes a run planned for ``on`` may last without a > 10% spike.

    Measured in minutes because plans are: 1.10 x the longest run (by minutes) in
    the 30 days before ``on``. None when there was no run in that window (then the
    comeback's own starting dose applies).
    """
    runs = [r for r in history if r.is_run]
    longest = longest_run_before(runs, on, by_distance=False)
    return None if longest is None else spike_limit(longest)


def check_spikes(sessions: Iterable[SessionRecord]) -> list[SpikeCheck]:
    """Every run against the longest run of the previous 30 days."""
    runs = sorted((s for s in sessions if s.is_run), key=lambda s: s.date)
    dates = [r.date for r in runs]
    checks = []
    for r in runs:
        lo = bisect_left(dates, r.date - timedelta(days=SPIKE_WINDOW_DAYS))
        window = runs[lo : bisect_left(dates, r.date)]
        by_distance = bool(r.distance_km) and all(p.distance_km for p in window)
        before = longest_run_before(window, r.date, by_distance=by_distance)
        length = _length(r, by_distance)
        ratio = length / before if before else None
        checks.append(SpikeCheck(r.date, length, before, "km" if by_distance else "min", ratio))
    return checks


def spike_flag(check: SpikeCheck) -> LoadFlag | None:
    """The flag for one spike check, or None when the run stayed within +10%."""
    if check.ratio is None or check.longest_before is None or check.ratio <= SPIKE_SMALL:
        return None
    pct = (check.ratio - 1) * 100
    longest = f"{check.longest_before:.1f} {check.unit}"
    length = f"{check.length:.1f} {check.unit}"
    if check.ratio > SPIKE_ERROR:
        code = FlagCode.SPIKE_ERROR
        text = (
            f"{length} was {pct:.0f}% longer than your longest run of the previous 30 days "
            f"({longest}): more than double is a training error."
        )
    elif check.ratio > SPIKE_STRONG:
        code = FlagCode.SPIKE_STRONG
        text = (
            f"{length} was {pct:.0f}% longer than your longest run of the previous 30 days "
            f"({longest}); runs over 10% longer went with more overuse injuries."
        )
    else:
        code = FlagCode.SPIKE_SMALL
        text = (
            f"{length} was {pct:.0f}% longer than your longest run of the previous 30 days "
            f"({longest}); keep single runs within 10% of it."
        )
    return LoadFlag(code, check.date, text, Source.RUNSAFE_2025, check.ratio)


# --- consecutive days -----------------------------------------------------------------------


def running_streaks(sessions: Iterable[SessionRecord]) -> dict[date, int]:
    """For each running day, how many days in a row (ending that day) had a run."""
    days = sorted({s.date for s in sessions if s.is_run})
    streak: dict[date, int] = {}
    for d in days:
        streak[d] = streak.get(d - timedelta(days=1), 0) + 1
    return streak


def streak_flags(sessions: Iterable[SessionRecord]) -> list[LoadFlag]:
    """Flag the third (and later) running day in a row."""
    return [
        LoadFlag(
            FlagCode.CONSECUTIVE_DAYS,
            d,
            f"{n} running days in a row; early in a comeback, alternate run days with "
            "walk or rest days.",
            Source.DOMAIN_FREQUENT_SHORT_RUNS,
            float(n),
        )
        for d, n in running_streaks(sessions).items()
        if n >= CONSECUTIVE_DAYS_FLAG
    ]


# --- weeks --------------------------------------------------------------------------------


def week_start(d: date) -> date:
    """The Monday of ``d``'s week."""
    return d - timedelta(days=d.weekday())


def weekly(sessions: Sequence[SessionRecord], flags: Sequence[LoadFlag]) -> list[WeekLoad]:
    """Weekly totals, week-on-week change of running distance (minutes without it)."""
    if not sessions:
        return []
    per_day = dict(daily_loads(sessions))
    by_week: dict[date, list[SessionRecord]] = {}
    for s in sessions:
        by_week.setdefault(week_start(s.date), []).append(s)
    first = week_start(min(s.date for s in sessions))
    last = week_start(max(s.date for s in sessions))
    weeks: list[WeekLoad] = []
    start = first
    prev_volume: float | None = None
    while start <= last:
        end = start + timedelta(days=7)
        in_week = by_week.get(start, [])
        runs = [s for s in in_week if s.is_run]
        run_km = sum(s.distance_km or 0.0 for s in runs)
        run_min = sum(s.minutes for s in runs)
        volume = run_km if run_km > 0 else run_min
        change = (volume - prev_volume) / prev_volume if prev_volume else None
        week_flags = [f for f in flags if start <= f.date < end]
        if change is not None and change > WEEKLY_CHANGE_WARNING:
            week_flags.append(
                LoadFlag(
                    FlagCode.WEEKLY_CHANGE,
                    start,
                    f"Running volume rose {change * 100:.0f}% on the week before; a soft "
                    "warning only (the evidence for weekly limits is weak).",
                    Source.NIELSEN_2014,
                    change,
                )
            )
        loads = [per_day.get(start + timedelta(days=i), 0.0) for i in range(7)]
        weeks.append(
            WeekLoad(
                week_start=start,
                runs=len(runs),
                run_km=run_km,
                run_minutes=run_min,
                minutes=sum(s.minutes for s in in_week),
                load=sum(loads),
                change=change,
                monotony=monotony(loads),
                strain=strain(loads),
                flags=tuple(week_flags),
            )
        )
        prev_volume = volume
        start = end
    return weeks


def analyse(sessions: Iterable[SessionRecord]) -> LoadReport:
    """The whole load picture of a history."""
    ordered = sorted(sessions, key=lambda s: s.date)
    spikes = check_spikes(ordered)
    flags = [f for f in map(spike_flag, spikes) if f is not None]
    flags += streak_flags(ordered)
    flags.sort(key=lambda f: f.date)
    weeks = weekly(ordered, flags)
    all_flags = tuple(sorted((f for w in weeks for f in w.flags), key=lambda f: f.date))
    days = tuple(acute_chronic(daily_loads(ordered)))
    return LoadReport(weeks=tuple(weeks), days=days, flags=all_flags, spikes=tuple(spikes))
