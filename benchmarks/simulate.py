"""Closed-loop simulation: simulated runners follow runback's plan day by day.

Each runner asks the engine for a plan the way the Today page does (the case file
as of the evening before, the log so far), does what the plan puts on the day
(or skips it), and logs the run with the pain their simulated tissue gives. The
engine is asked every day (``Asking.DAILY``, like Today) or once a week
(``Asking.WEEKLY``); invariants are checked on every simulated day.

    python -m benchmarks.simulate            # the table in docs/engine.md

``tests/engine/test_simulation.py`` runs the same harness with its invariants.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from runback.engine import DayPlan, Plan, SessionKind, TriageStatus, parse_case, plan_for_day
from runback.engine.dosing import CONTINUOUS_TARGET, is_continuous
from runback.engine.history import MIN_PER_KM_EASY
from runback.engine.phases import INTEGRATE_SHARE

START = dt.date(2026, 1, 5)  # a Monday
DAYS = 26 * 7
DAY = dt.timedelta(days=1)


class Asking(StrEnum):
    """How often the runner asks the engine for the plan."""

    DAILY = "daily"
    WEEKLY = "weekly"


@dataclass(frozen=True)
class Runner:
    """A simulated runner: their case file and how their tissue answers load.

    ``capacity``: run minutes in any 7 days the tissue tolerates at first (None:
    no limit); it grows by ``growth`` a week. Load above it flares: pain builds
    during the run and the next morning is worse. ``worsens_from``: the day from
    which pain climbs whatever the load. ``skip``: chance of skipping a session;
    ``gap``: days (from, to) the runner disappears.
    """

    name: str
    injury: dict[str, Any]
    runner: dict[str, Any] = field(
        default_factory=lambda: {
            "age": 35,
            "sex": "female",
            "weekly_km_before": 20,
            "runs_per_week_before": 4,
        }
    )
    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    capacity: float | None = None
    growth: float = 0.0
    worsens_from: int | None = None
    skip: float = 0.0
    gap: tuple[int, int] | None = None
    pain_free: bool = True

    @property
    def weekly_minutes_before(self) -> float:
        return float(self.runner.get("weekly_km_before") or 0) * MIN_PER_KM_EASY


def _injury(**overrides: Any) -> dict[str, Any]:
    injury: dict[str, Any] = {
        "site": "achilles",
        "kind": "tendinopathy",
        "onset": (START - dt.timedelta(days=40)).isoformat(),
        "pain_free_run_minutes": 10,
        "pain_rest": 0,
        "pain_walking": 0,
        "aggravators": [],
    }
    injury.update(overrides)
    return injury


RUNNERS: tuple[Runner, ...] = (
    Runner("pain-free responder", _injury()),
    Runner("slow tissue", _injury(), capacity=45, growth=0.06),
    Runner("skipper with a 2-week gap", _injury(), skip=0.25, gap=(50, 64)),
    Runner(
        "bone stress, low risk",
        _injury(
            site="posteromedial_tibia",
            kind="bone_stress",
            bone_stress_risk="low",
            pain_free_run_minutes=5,
        ),
    ),
    Runner(
        "bone stress, high risk",
        _injury(
            site="navicular", kind="bone_stress", bone_stress_risk="low", pain_free_run_minutes=5
        ),
    ),
    Runner("worsens whatever the load", _injury(), worsens_from=10, pain_free=False),
    Runner("three days a week", _injury(), days=("tue", "thu", "sat")),
)


@dataclass
class Trace:
    """What happened to one runner asking one way."""

    runner: str
    asking: Asking
    days: int = DAYS
    runs: list[tuple[dt.date, int, int]] = field(default_factory=list)
    strength_planned: dict[int, int] = field(default_factory=dict)
    strength_done: int = 0
    week_status: dict[int, TriageStatus] = field(default_factory=dict)
    hold_weeks: set[int] = field(default_factory=set)
    back_off_weeks: set[int] = field(default_factory=set)
    guided_days: int = 0
    referred_on: int | None = None
    violations: list[str] = field(default_factory=list)

    def weekly_minutes(self) -> list[float]:
        weeks = [0.0] * (self.days // 7)
        for day, minutes, _ in self.runs:
            weeks[(day - START).days // 7] += minutes
        return weeks

    def week_to_continuous(self, minutes: int = CONTINUOUS_TARGET) -> float | None:
        for day, run, walk in self.runs:
            if walk == 0 and run >= minutes:
                return round((day - START).days / 7, 1)
        return None

    def week_to_volume(self, before: float) -> float | None:
        if not before:
            return None
        for day, _, _ in self.runs:
            window = sum(m for d, m, _ in self.runs if day - 7 * DAY < d <= day)
            if window >= INTEGRATE_SHARE * before:
                return round((day - START).days / 7, 1)
        return None


def _case(runner: Runner, today: dt.date, log: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "today": today.isoformat(),
        "runner": runner.runner,
        "injury": runner.injury,
        "availability": {"days": list(runner.days)},
        "log": log,
    }


def simulate(runner: Runner, asking: Asking, seed: int = 0, weeks: int = 26) -> Trace:
    """``runner`` follows the plan for ``weeks`` weeks; every day's invariants are checked."""
    rng = random.Random(f"{runner.name}/{seed}")
    trace = Trace(runner.name, asking, days=weeks * 7)
    log: list[dict[str, Any]] = []
    plan: Plan | None = None
    known = 0
    for index in range(trace.days):
        day = START + index * DAY
        if plan is None or asking is Asking.DAILY or index % 7 == 0:
            # As Today asks: the record on this morning, planned as of the evening before.
            plan = plan_for_day(parse_case(_case(runner, day, log), default_today=day), weeks=1)
            known = len(log)
            _count_reasons(trace, plan, index)
        today = next(d for d in plan.days if d.date == day)
        status = plan.triage.status
        trace.week_status.setdefault(index // 7, status)
        if (
            status is not TriageStatus.SELF_GUIDED
            and trace.referred_on is None
            and (status is TriageStatus.REFER)
        ):
            trace.referred_on = index
        if status is not TriageStatus.REFER:
            trace.guided_days += 1
        _check_day(runner, trace, today, status, log[:known])
        _follow(runner, trace, today, log, rng, index)
    _check_weeks(runner, trace)
    return trace


HOLDS = frozenset(
    {
        "steady_mild_hold",
        "rising_next_morning_trend",
        "pain_above_allowance",
        "short_sleep_hold",
        "high_stress_hold",
        "fear_of_reinjury_hold",
        "low_energy_availability_flag",
    }
)
BACK_OFFS = frozenset(
    {"building_pain_back_off", "next_morning_above_baseline", "bone_pain_after_back_off"}
)


def _count_reasons(trace: Trace, plan: Plan, index: int) -> None:
    """Weeks in which a plan asked held progression or backed off (whatever the asking)."""
    codes = {r.code for r in plan.reasons}
    if codes & HOLDS:
        trace.hold_weeks.add(index // 7)
    if codes & BACK_OFFS:
        trace.back_off_weeks.add(index // 7)


def _follow(
    runner: Runner,
    trace: Trace,
    today: DayPlan,
    log: list[dict[str, Any]],
    rng: random.Random,
    index: int,
) -> None:
    away = runner.gap is not None and runner.gap[0] <= index < runner.gap[1]
    for session in today.sessions:
        if session.kind is SessionKind.STRENGTH:
            trace.strength_planned[index // 7] = trace.strength_planned.get(index // 7, 0) + 1
        if away or rng.random() < runner.skip:
            continue
        if session.kind is SessionKind.STRENGTH:
            trace.strength_done += 1
            log.append({"date": today.date.isoformat(), "kind": "strength", "minutes": 40})
        elif session.kind is SessionKind.WALK:
            log.append(
                {
                    "date": today.date.isoformat(),
                    "kind": "walk",
                    "walk_minutes": session.walk_minutes,
                }
            )
        elif session.run_minutes:
            log.append(
                _run_entry(
                    runner, trace, today.date, session.run_minutes, session.walk_minutes, log, index
                )
            )


def _run_entry(
    runner: Runner,
    trace: Trace,
    day: dt.date,
    minutes: int,
    walk: int,
    log: list[dict[str, Any]],
    index: int,
) -> dict[str, Any]:
    trace.runs.append((day, minutes, walk))
    week_load = minutes + sum(
        e.get("run_minutes") or 0
        for e in log
        if e["kind"] == "run" and day - 7 * DAY < dt.date.fromisoformat(e["date"]) < day
    )
    before = 0
    during = 0
    morning = 0
    pattern = "none"
    if runner.capacity is not None:
        capacity = runner.capacity * (1 + runner.growth) ** (index / 7)
        if week_load > capacity:
            during, morning, pattern = 5, 3, "built"
    if runner.worsens_from is not None and index >= runner.worsens_from:
        worse = min(10, 1 + (index - runner.worsens_from) // 3)
        before = min(10, worse)
        during = min(10, worse + 2)
        morning = min(10, worse + 1)
        pattern = "built"
    return {
        "date": day.isoformat(),
        "kind": "run",
        "run_minutes": minutes,
        "walk_minutes": walk,
        "pain_before": before,
        "pain_during_max": during,
        "pain_during_pattern": pattern,
        "pain_after": during,
        "pain_next_morning": morning,
    }


def _flared(entry: dict[str, Any]) -> bool:
    return (entry.get("pain_during_max") or 0) > 3 or entry.get("pain_during_pattern") == "built"


def _check_day(
    runner: Runner,
    trace: Trace,
    today: DayPlan,
    status: TriageStatus,
    log: list[dict[str, Any]],
) -> None:
    runs = [s for s in today.sessions if s.run_minutes]
    if not runs:
        return
    minutes = max(s.run_minutes for s in runs)
    bad = trace.violations.append
    weekday = today.date.strftime("%a").lower()
    if weekday not in runner.days:
        bad(f"{today.date}: run on an unavailable day")
    if status is not TriageStatus.SELF_GUIDED:
        bad(f"{today.date}: run while {status.value}")
    logged = [e for e in log if e["kind"] == "run"]
    if logged:
        last = logged[-1]
        if _flared(last) and minutes > (last.get("run_minutes") or 0):
            bad(f"{today.date}: progression right after a flare")
        if is_continuous(last["run_minutes"], last.get("walk_minutes") or 0):
            window = [
                e["run_minutes"]
                for e in logged
                if today.date - 30 * DAY <= dt.date.fromisoformat(e["date"]) < today.date
            ]
            if window and minutes > math.floor(1.1 * max(window)):
                bad(f"{today.date}: {minutes} min spikes over {max(window)}")
        kind = runner.injury.get("kind")
        if kind == "bone_stress" and last["date"] == (today.date - DAY).isoformat():
            bad(f"{today.date}: bone stress run on consecutive days")


def _check_weeks(runner: Runner, trace: Trace) -> None:
    bad = trace.violations.append
    weeks = trace.weekly_minutes()
    longest = [0] * len(weeks)
    count = [0] * len(weeks)
    for day, minutes, _ in trace.runs:
        w = (day - START).days // 7
        longest[w] = max(longest[w], minutes)
        count[w] += 1
    for w in range(2, len(weeks) if not runner.skip and not runner.gap else 0):
        # The week before a down week counts too: coming back from half volume is not a jump.
        before = range(max(0, w - 3), w)
        base = max(weeks[i] for i in before)
        if base and weeks[w] > 1.3 * base and _jump(w, before, count, longest):
            bad(f"week {w}: {weeks[w]:g} min after {base:g} (more than +30%)")
        long_base = max(longest[w - 1], longest[w - 2])
        if long_base and longest[w] > max(long_base + 3, 1.1 * long_base):
            bad(f"week {w}: longest run {longest[w]} after {long_base}")
    if trace.guided_days >= 28:
        # At least 2 a week offered, at most 3 done. A skipped session is offered again
        # the next day, so for a runner who follows the plan both are the same number.
        offered, done = strength_per_week(trace), strength_per_week(trace, done=True)
        if offered < 2 or done > 3 or (not runner.skip and offered > 3):
            bad(f"{offered:.1f} strength sessions a week offered, {done:.1f} done")


def strength_per_week(trace: Trace, *, done: bool = False) -> float:
    """Strength sessions planned (or done) per week on the days not referred."""
    count = trace.strength_done if done else sum(trace.strength_planned.values())
    return count / (trace.guided_days / 7) if trace.guided_days else 0.0


def _jump(w: int, before: range, count: list[int], longest: list[int]) -> bool:
    """Over +30% is a jump unless it is the cadence: one run more than the weeks before
    (every other day puts 3 and 4 runs in alternate weeks), none over 3 min longer."""
    more_runs = count[w] > max(count[i] for i in before) + 1
    longer = longest[w] > max(longest[i] for i in before) + 3
    return more_runs or longer


def table(traces: list[Trace], runners: tuple[Runner, ...] = RUNNERS) -> str:
    """The markdown table for docs/engine.md."""
    before = {r.name: r.weekly_minutes_before for r in runners}
    rows = [
        "| runner | asked | weeks to 30 min continuous | weeks to 75% of pre-injury volume "
        "| weeks with a hold | weeks with a back-off | referred (day) | strength/week "
        "| invariant breaks |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for t in traces:
        strength = strength_per_week(t)
        rows.append(
            f"| {t.runner} | {t.asking.value} | {_show(t.week_to_continuous())} | "
            f"{_show(t.week_to_volume(before[t.runner]))} | {len(t.hold_weeks)} | "
            f"{len(t.back_off_weeks)} | "
            f"{_show(t.referred_on)} | {strength:.1f} | {len(t.violations)} |"
        )
    return "\n".join(rows)


def _show(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def run_all(
    runners: tuple[Runner, ...] = RUNNERS, seed: int = 0, on: Callable[[Trace], None] | None = None
) -> list[Trace]:
    traces = []
    for runner in runners:
        for asking in Asking:
            trace = simulate(runner, asking, seed)
            traces.append(trace)
            if on is not None:
                on(trace)
    return traces


if __name__ == "__main__":
    traces = run_all(
        on=lambda t: print(t.runner, t.asking.value, t.violations[:3], file=sys.stderr)
    )
    print(table(traces))
