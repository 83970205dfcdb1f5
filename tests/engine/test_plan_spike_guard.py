"""The spike rule holds across a whole plan, not only for the next run.

Rule (evidence.md 6, Garmin-RUNSAFE): plan no run above 1.10 x the longest run of
the 30 days before it, once running is continuous. A plan assumes its earlier
sessions are done, so the 30 days before a planned run hold both logged runs and
the runs planned before it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runback.engine import CaseFile, InjuryKind, Plan, build_plan, parse_case
from runback.engine.dosing import CONTINUOUS_TARGET, RunShape, split_text
from tests.engine.builders import case, days_ago, run
from tests.engine.strategies import TODAY, case_files

SPIKE_CODE = "single_run_spike"
_OWN_LADDERS = {InjuryKind.BONE_STRESS, InjuryKind.POST_SURGERY, InjuryKind.POSTPARTUM}
WINDOW = dt.timedelta(days=30)


def _continuous(ago: int, minutes: float) -> dict[str, Any]:
    return run(ago, minutes, walk_minutes=0)


def _runs(plan: Plan) -> list[tuple[dt.date, int, int]]:
    """Planned runs as (date, run minutes, walk minutes), in date order."""
    return [
        (day.date, s.run_minutes, s.walk_minutes)
        for day in plan.days
        for s in day.sessions
        if s.has_running
    ]


@dataclass(frozen=True)
class _Spike:
    day: dt.date
    minutes: int
    longest_before: float


def _spikes(c: CaseFile, plan: Plan) -> list[_Spike]:
    """Planned continuous runs longer than floor(1.10 x the longest run of the 30 days before).

    Written from the rule, not from the engine: a run is continuous when it has no
    walk breaks and the run before it (logged or planned) had none and lasted at
    least the continuous target; before that the +2 minutes a week rule governs.
    """
    logged = [
        (e["date"], float(e.get("run_minutes") or 0), float(e.get("walk_minutes") or 0))
        for e in c.runs_to_date
    ]
    history = logged + [(d, float(r), float(w)) for d, r, w in _runs(plan)]
    out = []
    for i in range(len(logged), len(history)):
        day, minutes, walk = history[i]
        _, last_run, last_walk = history[i - 1] if i else (day, 0.0, 1.0)
        if walk > 0 or last_walk > 0 or last_run < CONTINUOUS_TARGET:
            continue
        window = [m for d, m, _ in history[:i] if day - WINDOW <= d < day]
        if not window:
            continue
        longest = max(window)
        if minutes > math.floor(Fraction(longest) * Fraction(11, 10)):
            out.append(_Spike(day, int(minutes), longest))
    return out


# --- scenarios ------------------------------------------------------------------------


def test_long_runs_come_back_without_a_spike() -> None:
    # An acute injury adds its aggravators back after two weeks; long runs come back
    # as the same time at a slower pace (one variable at a time), so no run of the
    # plan spikes over the runs before it and the run that carries it says so.
    c = case(
        injury__onset=days_ago(12),
        injury__aggravators=["long_runs"],
        injury__pain_free_run_minutes=40,
        log=[_continuous(ago, 40) for ago in (10, 8, 6, 4, 2)],
    )
    plan = build_plan(c, 4)
    adding = [s for d in plan.days for s in d.sessions if s.why.startswith("Adding back")]
    assert len(adding) == 1
    assert _spikes(c, plan) == []


def test_single_run_spike_restart_grows_from_the_capped_run_over_planned_weeks() -> None:
    # The last run (35 min, continuous) is 20 days old, so the plan restarts at the
    # pain-free minutes (60): capped at 38, held two weeks like any starting dose
    # (calendar time), then grown from the 38 planned.
    c = case(
        injury__onset=days_ago(60),
        injury__pain_free_run_minutes=60,
        runner__weekly_km_before=80,
        log=[_continuous(ago, 35) for ago in (26, 24, 22, 20)],
    )
    plan = build_plan(c, 3)
    by_week = [
        sorted({m for d, m, _ in _runs(plan) if w.start <= d < w.start + dt.timedelta(days=7)})
        for w in plan.weeks
    ]
    assert by_week == [[38], [38], [40]]
    first = plan.days[0].sessions[0]
    assert first.run_minutes == 38
    assert "Capped at 38 min" in first.why
    assert "(35 min)" in first.why
    assert SPIKE_CODE in [r.code for r in plan.reasons]
    assert _spikes(c, plan) == []


def test_single_run_spike_leaves_run_walk_comebacks_to_the_two_minute_rule() -> None:
    c = case(log=[run(ago, 10, walk_minutes=1) for ago in (6, 4, 2)])
    plan = build_plan(c, 4)
    assert SPIKE_CODE not in [r.code for r in plan.reasons]
    assert [w.run_minutes > 0 for w in plan.weeks] == [True] * 4


def test_the_property_checker_finds_a_spike() -> None:
    # The checker below must be able to fail: a plan whose first run is far longer
    # than the logged continuous runs is a spike to it.
    c = case(log=[_continuous(ago, 30) for ago in (6, 4, 2)])
    plan = build_plan(c, 1)
    day = plan.days[0]
    longer = day.sessions[0].model_copy(update={"run_minutes": 40, "walk_minutes": 0})
    spiked = plan.model_copy(
        update={"days": [day.model_copy(update={"sessions": [longer]}), *plan.days[1:]]}
    )
    assert _spikes(c, spiked) == [_Spike(day.date, 40, 30.0)]


# --- property -------------------------------------------------------------------------


SOFT_TISSUE = [k.value for k in InjuryKind if k not in _OWN_LADDERS]


@st.composite
def continuous_comebacks(draw: st.DrawFn) -> dict[str, Any]:
    """A generated case file ending in continuous runs, so the spike rule applies.

    Starts from ``case_files`` and adds a block of continuous runs of about the same
    length (the last one 0-25 days old: a decided next run, or a restart at the
    pain-free minutes), on a soft tissue injury (bone stress and the surgical and
    postpartum ladders have their own caps), half the time recent and with long runs
    to add back. ``case_files`` alone rarely reaches the rule.
    """
    data = draw(case_files(red_flags=False))
    injury = data["injury"]
    injury.update(kind=draw(st.sampled_from(SOFT_TISSUE)), bone_stress_risk=None)
    injury["pain_free_run_minutes"] = draw(st.one_of(st.none(), st.integers(0, 90)))
    # Other caps (flare point, minutes a day, the old weekly volume) would hide a spike.
    injury["flare_point_minutes"] = None
    data["availability"]["minutes_per_day"] = None
    data["runner"]["weekly_km_before"] = draw(st.one_of(st.none(), st.integers(40, 120)))
    if draw(st.booleans()):
        injury["aggravators"] = ["long_runs"]
        injury["onset"] = (TODAY - dt.timedelta(days=draw(st.integers(8, 20)))).isoformat()
    last_ago = draw(st.integers(0, 25))
    gaps = draw(st.lists(st.integers(1, 4), min_size=1, max_size=8))
    usual = draw(st.integers(CONTINUOUS_TARGET, 60))
    ago = last_ago
    block = []
    for gap in gaps:
        block.append(
            {
                "date": (TODAY - dt.timedelta(days=ago)).isoformat(),
                "kind": "run",
                "run_minutes": usual + draw(st.sampled_from([0, 0, 0, 2, 5, 15])),
                "walk_minutes": 0,
                "pain_during_max": draw(st.integers(0, 3)),
                "pain_during_pattern": "none",
                "pain_next_morning": 0,
                "red_flags": [],
            }
        )
        ago += gap
    newest = TODAY - dt.timedelta(days=last_ago)
    earlier = [e for e in data["log"] if dt.date.fromisoformat(e["date"]) < newest]
    data["log"] = earlier + block[::-1]
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(case_files(), continuous_comebacks()), st.integers(1, 8))
def test_no_planned_continuous_run_spikes_over_the_30_days_before_it(
    data: dict[str, Any], weeks: int
) -> None:
    c = parse_case(data, default_today=TODAY)
    plan = build_plan(c, weeks)
    assert _spikes(c, plan) == []


def _wrong_sizes(plan: Plan) -> list[str]:
    """Planned runs whose "Easy: ..." line describes another length than the run's own."""
    wrong = []
    for day in plan.days:
        for s in day.sessions:
            if not s.has_running or "Easy: " not in s.why:
                continue
            shape = RunShape(s.run_minutes, s.walk_minutes, list(s.intervals or []))
            if f"Easy: {split_text(shape)}." not in s.why:
                wrong.append(f"{day.date}: {s.run_minutes} min, but {s.why!r}")
    return wrong


def test_a_resized_run_says_its_own_length() -> None:
    # A run capped by the spike rule is built again at its new length: its text
    # must name the minutes it really has.
    c = case(
        injury__onset=days_ago(12),
        injury__aggravators=["long_runs"],
        injury__pain_free_run_minutes=40,
        log=[_continuous(ago, 40) for ago in (10, 8, 6, 4, 2)],
    )
    plan = build_plan(c, 4)
    assert _wrong_sizes(plan) == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(case_files(), continuous_comebacks()), st.integers(1, 6))
def test_every_planned_run_says_its_own_length(data: dict[str, Any], weeks: int) -> None:
    assert _wrong_sizes(build_plan(parse_case(data, default_today=TODAY), weeks)) == []
