"""The closed-loop simulation (benchmarks/simulate.py): runners follow the plan for
26 weeks, asking every day as Today does, or once a week; invariants hold every day."""

from __future__ import annotations

import datetime as dt

import pytest
from benchmarks.simulate import (
    RUNNERS,
    START,
    Asking,
    Runner,
    Trace,
    _check_weeks,
    _injury,
    simulate,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runback.engine.progress import HOLD_DOSE_DAYS, HOLD_STARTING_DOSE_DAYS

BY_NAME = {r.name: r for r in RUNNERS}


@pytest.fixture(scope="module")
def traces() -> dict[tuple[str, Asking], Trace]:
    return {(r.name, a): simulate(r, a) for r in RUNNERS for a in Asking}


@pytest.mark.parametrize("runner", [r.name for r in RUNNERS])
@pytest.mark.parametrize("asking", list(Asking))
def test_invariants_hold_on_every_simulated_day(
    traces: dict[tuple[str, Asking], Trace], runner: str, asking: Asking
) -> None:
    assert traces[runner, asking].violations == []


def test_the_checker_can_fail() -> None:
    """A 90-minute run in the middle of a comeback breaks the weekly invariants."""
    odd = Runner("sneaky", _injury(), days=("mon", "wed", "fri"))
    trace = simulate(odd, Asking.WEEKLY)
    assert trace.violations == []
    trace.runs.append((START + dt.timedelta(days=71), 90, 0))  # week 10: 90 min
    _check_weeks(odd, trace)
    assert trace.violations


def test_pain_free_responder_reaches_30_minutes_at_the_pathways_pace(
    traces: dict[tuple[str, Asking], Trace],
) -> None:
    """10 pain-free minutes: held two weeks, then +2 a week with a down week in four,
    so 30 continuous minutes come no sooner than 2 + 10 weeks, and within 26."""
    fastest = (HOLD_STARTING_DOSE_DAYS + (30 - 10) // 2 * HOLD_DOSE_DAYS) / 7
    for asking in Asking:
        weeks = traces["pain-free responder", asking].week_to_continuous()
        assert weeks is not None
        assert fastest <= weeks <= 26


@pytest.mark.parametrize(
    "runner", ["pain-free responder", "slow tissue", "bone stress, low risk", "three days a week"]
)
def test_daily_and_weekly_askers_get_the_same_comeback(
    traces: dict[tuple[str, Asking], Trace], runner: str
) -> None:
    """A runner who follows the plan gets the same runs asked daily or weekly: within
    a week to 30 minutes, and weekly volumes within 10% (the rest is the weekly
    asker not hearing a flare until the next week's plan)."""
    daily, weekly = traces[runner, Asking.DAILY], traces[runner, Asking.WEEKLY]
    a, b = daily.week_to_continuous(), weekly.week_to_continuous()
    assert a is not None
    assert b is not None
    assert abs(a - b) <= 1
    total_daily, total_weekly = sum(daily.weekly_minutes()), sum(weekly.weekly_minutes())
    assert abs(total_daily - total_weekly) <= 0.1 * max(total_daily, total_weekly)


@pytest.mark.parametrize("asking", list(Asking))
def test_a_worsening_runner_is_referred_within_21_days(
    traces: dict[tuple[str, Asking], Trace], asking: Asking
) -> None:
    runner = BY_NAME["worsens whatever the load"]
    trace = traces[runner.name, asking]
    assert runner.worsens_from is not None
    assert trace.referred_on is not None
    assert trace.referred_on - runner.worsens_from <= 21


def test_bone_stress_at_a_high_risk_site_never_runs_whatever_its_label(
    traces: dict[tuple[str, Asking], Trace],
) -> None:
    assert BY_NAME["bone stress, high risk"].injury["bone_stress_risk"] == "low"
    for asking in Asking:
        assert traces["bone stress, high risk", asking].runs == []


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@st.composite
def runners(draw: st.DrawFn) -> Runner:
    """Random runners: how much load the tissue takes, how often they skip, which days."""
    kind = draw(st.sampled_from(["tendinopathy", "strain", "bone_stress"]))
    overrides: dict[str, object] = {
        "kind": kind,
        "pain_free_run_minutes": draw(st.integers(2, 30)),
    }
    if kind == "bone_stress":
        overrides |= {"site": "posteromedial_tibia", "bone_stress_risk": "low"}
    days = draw(st.sets(st.sampled_from(WEEKDAYS), min_size=3))
    return Runner(
        "random",
        _injury(**overrides),
        days=tuple(d for d in WEEKDAYS if d in days),
        capacity=draw(st.none() | st.floats(20, 150)),
        growth=draw(st.floats(0, 0.1)),
        skip=draw(st.sampled_from([0.0, 0.1, 0.3])),
    )


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runners(), st.integers(0, 1000))
def test_random_runners_keep_the_invariants(runner: Runner, seed: int) -> None:
    for asking in Asking:
        assert simulate(runner, asking, seed, weeks=12).violations == []
