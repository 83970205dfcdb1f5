"""Invariants over generated case files (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runback.engine import (
    Action,
    SessionKind,
    TriageStatus,
    assess,
    build_plan,
    decide,
    parse_case,
)
from runback.engine.decisions import runs_since_onset
from tests.engine.strategies import TODAY, case_files

SETTINGS = settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(case_files(red_flags=True), st.integers(1, 6))
def test_a_referral_never_schedules_running(data: dict[str, Any], weeks: int) -> None:
    case = parse_case(data, default_today=TODAY)
    plan = build_plan(case, weeks)
    assert plan.triage.status is TriageStatus.REFER
    assert all(not s.has_running for day in plan.days for s in day.sessions)
    assert all(w.run_minutes == 0 for w in plan.weeks)
    decision = decide(case)
    assert decision.action is Action.REFER
    assert decision.next_run is None


@SETTINGS
@given(case_files())
def test_clinician_led_and_referred_weeks_hold_no_running(data: dict[str, Any]) -> None:
    case = parse_case(data, default_today=TODAY)
    answer = assess(case)
    if answer.triage.status is not TriageStatus.SELF_GUIDED:
        assert all(not s.has_running for day in answer.week for s in day.sessions)


@SETTINGS
@given(case_files(red_flags=False))
def test_back_off_never_lengthens_the_next_run(data: dict[str, Any]) -> None:
    case = parse_case(data, default_today=TODAY)
    decision = decide(case)
    if decision.action is Action.BACK_OFF:
        last = runs_since_onset(case)[-1]
        assert decision.next_run is not None
        assert decision.next_run.run_minutes <= (last.get("run_minutes") or 0)


@SETTINGS
@given(case_files(), st.integers(1, 8))
def test_a_week_never_exceeds_its_volume_cap(data: dict[str, Any], weeks: int) -> None:
    case = parse_case(data, default_today=TODAY)
    plan = build_plan(case, weeks)
    flare = case.injury.flare_point_minutes
    for index, week in enumerate(plan.weeks):
        days = plan.days[index * 7 : index * 7 + 7]
        ran = sum(s.run_minutes for d in days for s in d.sessions)
        assert ran == week.run_minutes
        assert ran <= week.volume_cap_minutes
        if flare is not None:
            assert all(s.run_minutes <= flare for d in days for s in d.sessions)
        full_weeks = [w for w in plan.weeks[:index] if not w.down_week]
        if full_weeks and full_weeks[-1].volume_cap_minutes and not week.down_week:
            # Never more than +2 min a run or about +7% over the last full week, with a
            # margin for the run count changing once runs pass 15 minutes.
            previous = full_weeks[-1].volume_cap_minutes
            assert week.volume_cap_minutes <= max(previous * 1.5, previous + 20)


@SETTINGS
@given(case_files(), st.integers(1, 6))
def test_a_non_referral_week_has_2_to_3_strength_sessions(data: dict[str, Any], weeks: int) -> None:
    case = parse_case(data, default_today=TODAY)
    plan = build_plan(case, weeks)
    if plan.triage.status is TriageStatus.REFER:
        return
    for week in plan.weeks:
        assert 2 <= week.strength_sessions <= 3


@SETTINGS
@given(case_files(), st.integers(1, 4))
def test_sessions_only_on_available_days(data: dict[str, Any], weeks: int) -> None:
    case = parse_case(data, default_today=TODAY)
    allowed = {d.number for d in case.availability.days}
    for day in build_plan(case, weeks).days:
        if day.date.weekday() not in allowed:
            assert [s.kind for s in day.sessions] == [SessionKind.REST]


@SETTINGS
@given(case_files(), st.randoms(use_true_random=False))
def test_the_same_case_file_always_gives_the_same_answer(data: dict[str, Any], rnd: Any) -> None:
    """Also when the log comes in another order (same-day entries keep theirs)."""
    first = parse_case(data, default_today=TODAY)
    order = {id(e): i for i, e in enumerate(data["log"])}
    mixed = rnd.sample(data["log"], len(data["log"]))
    by_date: dict[str, list[dict[str, Any]]] = {}
    for entry in sorted(data["log"], key=lambda e: order[id(e)]):
        by_date.setdefault(entry["date"], []).append(entry)
    shuffled_log = []
    for entry in mixed:
        if entry["date"] in by_date:
            shuffled_log.extend(by_date.pop(entry["date"]))
    shuffled = dict(data, log=shuffled_log)
    again = parse_case(shuffled, default_today=TODAY)
    assert assess(first).to_contract() == assess(again).to_contract()
    assert decide(first).to_contract() == decide(again).to_contract()
    assert build_plan(first, 3) == build_plan(again, 3)


@SETTINGS
@given(case_files(), st.integers(2, 6))
def test_assess_week_is_the_first_week_of_every_longer_plan(
    data: dict[str, Any], weeks: int
) -> None:
    case = parse_case(data, default_today=TODAY)
    assert assess(case).to_contract()["week"] == build_plan(case, weeks).to_contract()["days"][:7]


@SETTINGS
@given(case_files())
def test_no_session_is_longer_than_the_runner_has_in_a_day(data: dict[str, Any]) -> None:
    case = parse_case(data, default_today=TODAY)
    limit = case.availability.minutes_per_day
    for day in build_plan(case, 3).days:
        for s in day.sessions:
            if limit is not None:
                assert s.run_minutes + s.walk_minutes <= limit
                assert (s.minutes or 0) <= limit
