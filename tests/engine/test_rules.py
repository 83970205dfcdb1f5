"""One scenario per DOMAIN.md rule, named after its code: given a case, the answer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest

from runback.engine import (
    Action,
    CaseFile,
    CaseFileError,
    Intensity,
    PainPattern,
    Pathway,
    Phase,
    Plan,
    RedFlag,
    SessionKind,
    TriageStatus,
    assess,
    build_plan,
    decide,
    schedule,
)
from runback.engine.progress import Progress
from tests.engine.builders import case, codes, days_ago, run, strength_log


def running_sessions(plan: Plan) -> list[int]:
    return [s.run_minutes for d in plan.days for s in d.sessions if s.run_minutes > 0]


def week_runs(plan: Plan, week: int) -> list[int]:
    days = plan.days[week * 7 : week * 7 + 7]
    return [s.run_minutes for d in days for s in d.sessions if s.run_minutes > 0]


def run_dates(plan: Plan) -> list[dt.date]:
    return [d.date for d in plan.days if any(s.run_minutes > 0 for s in d.sessions)]


# -- screen ----------------------------------------------------------------------------------
@pytest.mark.parametrize("flag", list(RedFlag))
def test_red_flag_refer(flag: RedFlag) -> None:
    """GIVEN any red flag WHEN assessed THEN refer, name the flag, and plan no running."""
    c = case(red_flags=[flag.value], log=[run(2)])
    answer = assess(c)
    assert answer.triage.status is TriageStatus.REFER
    assert "red_flag_refer" in codes(answer.triage.reasons)
    assert flag.value in codes(answer.triage.reasons)
    assert not running_sessions(build_plan(c, 4))
    assert decide(c).action is Action.REFER
    assert decide(c).next_run is None


def test_red_flag_refer_from_a_recent_checkin() -> None:
    c = case(log=[run(3), {"date": days_ago(1), "kind": "checkin", "red_flags": ["night_pain"]}])
    assert assess(c).triage.status is TriageStatus.REFER


def test_red_flag_refer_on_severe_pain_at_rest() -> None:
    answer = assess(case(injury__pain_rest=8))
    assert answer.triage.status is TriageStatus.REFER
    assert "severe_pain" in codes(answer.triage.reasons)


def test_worsening_pain_refer() -> None:
    c = case(injury__worsening=True, log=[run(2)])
    answer = assess(c)
    assert answer.triage.status is TriageStatus.REFER
    assert codes(answer.triage.reasons)[0] == "worsening_pain_refer"
    assert not running_sessions(build_plan(c, 2))


@pytest.mark.parametrize("risk", ["high", None])
def test_bone_stress_high_risk_clinician_led(risk: str | None) -> None:
    """High-risk or not-yet-classified bone stress: clinician-led, no impact at all."""
    c = case(injury__kind="bone_stress", injury__bone_stress_risk=risk, injury__site="foot")
    answer = assess(c)
    assert answer.triage.status is TriageStatus.CLINICIAN_LED
    assert answer.pathway is Pathway.BONE_STRESS
    assert "bone_stress_high_risk_clinician_led" in codes(answer.triage.reasons)
    plan = build_plan(c, 3)
    kinds = {s.kind for d in plan.days for s in d.sessions}
    assert not running_sessions(plan)
    assert SessionKind.PLYOMETRICS not in kinds
    assert SessionKind.STRENGTH in kinds
    assert decide(c).action is Action.REFER


def test_bone_stress_low_risk_no_pain() -> None:
    """Low-risk bone stress: self-guided under a no-pain rule; any pain backs off."""
    c = case(
        injury__kind="bone_stress",
        injury__bone_stress_risk="low",
        injury__site="shin",
        log=[run(4, 5), run(2, 5, during=1, pattern="steady")],
    )
    answer = assess(c)
    assert answer.triage.status is TriageStatus.SELF_GUIDED
    assert answer.allowed_pain == 0
    assert "bone_stress_low_risk_no_pain" in codes(answer.triage.reasons)
    decision = decide(c)
    assert decision.action is Action.BACK_OFF
    assert "pain_above_allowance" in codes(decision.reasons)
    # Never on consecutive days.
    dates = run_dates(build_plan(c, 3))
    assert all((b - a).days >= 2 for a, b in itertools.pairwise(dates))


# -- settle ------------------------------------------------------------------------------------
def acute(**overrides: object) -> CaseFile:
    fields: dict[str, object] = {
        "injury__kind": "strain",
        "injury__site": "calf",
        "injury__onset": days_ago(8),
        "injury__last_run": days_ago(8),
        "injury__pain_free_run_minutes": None,
        "injury__aggravators": ["speed", "long_runs"],
    }
    fields.update(overrides)
    return case(**fields)


def test_acute_half_volume() -> None:
    """40 km a week over 4 runs is about 65 min a run: half of it is about 32 min."""
    c = acute()
    answer = assess(c)
    assert answer.pathway is Pathway.ACUTE
    assert "acute_half_volume" in codes(answer.reasons)
    assert set(week_runs(build_plan(c, 1), 0)) == {32}


def test_acute_half_volume_never_beyond_the_pain_free_minutes() -> None:
    assert set(week_runs(build_plan(acute(injury__pain_free_run_minutes=20), 1), 0)) == {20}


def test_acute_no_speed() -> None:
    plan = build_plan(acute(), 2)
    assert "acute_no_speed" in codes(plan.reasons)
    runs = [s for d in plan.days[:7] for s in d.sessions if s.run_minutes > 0]
    assert runs
    assert all(s.intensity is Intensity.EASY for s in runs)


def test_acute_swap_aggravators() -> None:
    plan = build_plan(acute(), 1)
    swap = next(r for r in plan.reasons if r.code == "acute_swap_aggravators")
    assert "easy runs" in swap.text
    assert "two medium runs" in swap.text


def test_aggravator_reintroduced() -> None:
    """After the first two weeks, one aggravator at a time comes back; that week's
    runs do not also get longer (one variable at a time)."""
    plan = build_plan(acute(injury__aggravators=["speed"]), 4)
    assert "aggravator_reintroduced" in codes(plan.reasons)
    weeks = [plan.days[w * 7 : w * 7 + 7] for w in range(4)]
    marked = [
        w
        for w, days in enumerate(weeks)
        if any(s.why.startswith("Adding back") for d in days for s in d.sessions)
    ]
    assert marked
    first = marked[0]
    assert first >= 1
    assert max(week_runs(plan, first)) == max(week_runs(plan, first - 1))
    steady = [s for d in weeks[first] for s in d.sessions if s.intensity is Intensity.STEADY]
    assert len(steady) == 1


def test_persistent_graded_exposure() -> None:
    c = case(
        injury__onset=days_ago(150),
        log=[run(5, 15), run(2, 15, during=3, pattern="steady", morning=0)],
    )
    answer = assess(c)
    assert answer.pathway is Pathway.PERSISTENT
    exposure = next(r for r in answer.reasons if r.code == "persistent_graded_exposure")
    assert "3/10" in exposure.text
    assert decide(c).action is not Action.BACK_OFF


def stalled_log() -> list[dict[str, object]]:
    return [run(ago, 12) for ago in (40, 37, 34, 31, 13, 10, 7, 4, 1)]


def test_rest_test() -> None:
    """Persistent pain and six weeks without the runs getting longer: try a rest week."""
    answer = assess(case(injury__onset=days_ago(200), log=stalled_log()))
    assert "rest_test" in codes(answer.triage.reasons)


# -- capacity ----------------------------------------------------------------------------------
def test_heavy_strength_2_3_per_week() -> None:
    plan = build_plan(case(log=[run(2)]), 4)
    for week in plan.weeks:
        assert 2 <= week.strength_sessions <= 3
    first = next(s for d in plan.days for s in d.sessions if s.kind is SessionKind.STRENGTH)
    assert first.exercises
    assert any("calf raise" in e.name for e in first.exercises)
    assert all(e.reps <= 15 for e in first.exercises)
    assert "heavy_strength_2_3_per_week" in codes(plan.reasons)


def test_heavy_strength_bunched_at_the_end_of_last_week_still_gives_two_this_week() -> None:
    # Saturday and Sunday lifted (off-plan): at two a week the coming Monday-to-Sunday
    # week still gets two sessions, never on consecutive days, never 4 in seven days.
    saturday = dt.date(2026, 11, 21)
    state = Progress(strength=(saturday, saturday + dt.timedelta(days=1)))
    for offset in range(2, 16):
        day = saturday + dt.timedelta(days=offset)
        if schedule.strength_due(state, day, per_week=2, tight_week=False):
            state = dataclasses.replace(state, strength=(*state.strength, day))
    lifts = state.strength
    for monday in (dt.date(2026, 11, 23), dt.date(2026, 11, 30)):
        assert sum(1 for d in lifts if monday <= d < monday + dt.timedelta(days=7)) == 2
    for day in lifts:
        assert sum(1 for d in lifts if day <= d < day + dt.timedelta(days=7)) <= 3
    planned = lifts[2:]
    assert all((b - a).days > 1 for a, b in itertools.pairwise(planned))


def test_heavy_strength_2_3_per_week_is_chosen_for_the_site() -> None:
    plan = build_plan(case(injury__site="hamstring"), 1)
    lifts = next(s for d in plan.days for s in d.sessions if s.kind is SessionKind.STRENGTH)
    assert lifts.exercises
    assert any("Romanian deadlift" in e.name or "Nordic" in e.name for e in lifts.exercises)


def test_strength_load_progression() -> None:
    """Load climbs week on week: fewer reps at a heavier repetition maximum."""
    plan = build_plan(case(), 10)
    reps = []
    for w in range(10):
        days = plan.days[w * 7 : w * 7 + 7]
        lifts = [s for d in days for s in d.sessions if s.kind is SessionKind.STRENGTH]
        assert lifts[0].exercises
        reps.append(lifts[0].exercises[0].reps)
    assert reps[0] == 15
    assert reps[-1] == 6
    assert reps == sorted(reps, reverse=True)
    assert "strength_load_progression" in codes(plan.reasons)


def test_plyometrics_after_strength_base() -> None:
    without = build_plan(case(log=[run(2)]), 1)
    kinds = {s.kind for d in without.days for s in d.sessions}
    assert SessionKind.PLYOMETRICS not in kinds
    untested = build_plan(case(log=[*strength_log(10, every=3), run(2)]), 1)
    assert SessionKind.PLYOMETRICS not in {s.kind for d in untested.days for s in d.sessions}
    hop_ready = [  # the plyometric readiness tests (docs/capacity.md), all passed
        {"date": days_ago(1), "name": "brisk_walk", "left": 30, "unit": "minutes"},
        {"date": days_ago(1), "name": "single_leg_balance", "left": 20, "right": 20,
         "unit": "seconds"},
        {"date": days_ago(1), "name": "single_leg_squat", "left": 10, "right": 10, "unit": "reps"},
        {"date": days_ago(1), "name": "single_leg_calf_raise", "left": 22, "right": 24,
         "unit": "reps"},
    ]  # fmt: skip
    based = case(log=[*strength_log(10, every=3), run(2)], tests=hop_ready)
    plan = build_plan(based, 1)
    plyo = [s for d in plan.days for s in d.sessions if s.kind is SessionKind.PLYOMETRICS]
    assert plyo
    assert all(s.contacts and 40 <= s.contacts <= 140 for s in plyo)
    assert "plyometrics_after_strength_base" in codes(plan.reasons)


def test_capacity_exit_by_tests() -> None:
    """Pain-free is not an exit: without a strength base the phase stays capacity."""
    pain_free = case(injury__pain_walking=0, injury__pain_free_run_minutes=30, log=[run(2, 30)])
    assert assess(pain_free).phase is Phase.CAPACITY
    assert "capacity_exit_by_tests" in codes(assess(pain_free).reasons)
    built = case(log=[*strength_log(10), run(2, 30)])
    assert assess(built).phase is Phase.RETURN


# -- return ------------------------------------------------------------------------------------
def test_start_at_pain_free_minutes() -> None:
    c = case(injury__pain_free_run_minutes=8)
    decision = decide(c)
    assert decision.next_run is not None
    assert decision.next_run.run_minutes == 8
    assert "start_at_pain_free_minutes" in codes(decision.reasons)
    assert set(week_runs(build_plan(c, 1), 0)) == {8}


def test_walk_breaks() -> None:
    decision = decide(case(injury__pain_free_run_minutes=10))
    assert decision.next_run is not None
    assert decision.next_run.walk_minutes == 1
    assert decision.next_run.intervals is not None
    blocks = [(b.repeats, b.run_minutes, b.walk_minutes) for b in decision.next_run.intervals]
    assert blocks == [(1, 5, 1), (1, 5, 0)]
    assert "walk_breaks" in codes(assess(case(injury__pain_free_run_minutes=10)).reasons)


def long_layoff(**overrides: object) -> CaseFile:
    fields: dict[str, object] = {
        "injury__onset": days_ago(130),
        "injury__last_run": days_ago(120),
        "injury__pain_free_run_minutes": None,
        "injury__pain_walking": 0,
    }
    fields.update(overrides)
    return case(**fields)


def test_long_layoff_short_start() -> None:
    c = long_layoff()
    assert assess(c).pathway is Pathway.LONG_LAYOFF
    decision = decide(c)
    assert decision.next_run is not None
    assert 3 <= decision.next_run.run_minutes <= 5
    assert "long_layoff_short_start" in codes(decision.reasons)


def test_long_layoff_drills_and_hard_walk_are_sessions_with_minutes() -> None:
    """DOMAIN.md: a few minutes of jogging padded with a dynamic warm-up and a brisk
    10-minute walk. Each is a session the runner sees and ticks off, with a reason."""
    plan = build_plan(long_layoff(), 2)
    run_days = [d for d in plan.days if any(s.has_running for s in d.sessions)]
    assert run_days
    for day in run_days:
        kinds = [s.kind.value for s in day.sessions if s.kind.value != "strength"]
        assert kinds[:3] == ["drills", "run", "walk"], day
        drills, run_, walk = day.sessions[:3]
        assert drills.minutes == 6
        assert "A skips" in drills.why
        assert run_.run_minutes < 10
        assert run_.walk_minutes == 0
        assert (walk.minutes, walk.walk_minutes, walk.intensity.value) == (10, 10, "hard")
        assert "Hard walk" in walk.why
    assert "long_layoff_drills_and_hard_walk" in codes(plan.reasons)


def test_long_layoff_padding_fits_the_day_and_stops_once_runs_are_longer() -> None:
    # 15 minutes a day: the 4-minute run and the 10-minute walk fit, the drills do not.
    plan = build_plan(long_layoff(availability={"minutes_per_day": 15}), 1)
    day = next(d for d in plan.days if any(s.has_running for s in d.sessions))
    assert [s.kind.value for s in day.sessions][:2] == ["run", "walk"]
    assert "drills" not in {s.kind.value for d in plan.days for s in d.sessions}
    # Not a long layoff (an ordinary 10-minute start): no padding at all.
    plain = build_plan(case(injury__pain_free_run_minutes=10), 2)
    assert "drills" not in {s.kind.value for d in plain.days for s in d.sessions}
    assert "long_layoff_drills_and_hard_walk" not in codes(plain.reasons)


def test_high_volume_longer_start() -> None:
    decision = decide(long_layoff(runner__weekly_km_before=60))
    assert decision.next_run is not None
    assert 10 <= decision.next_run.run_minutes <= 15
    assert "high_volume_longer_start" in codes(decision.reasons)


def test_frequent_short_runs() -> None:
    plan = build_plan(case(injury__pain_free_run_minutes=8), 1)
    dates = run_dates(plan)
    assert len(dates) == 4
    assert all((b - a).days >= 2 for a, b in itertools.pairwise(dates))
    assert "frequent_short_runs" in codes(plan.reasons)


def test_plus_two_minutes_per_week() -> None:
    """The starting dose is held about two weeks, then +2 minutes per calendar week."""
    plan = build_plan(case(injury__pain_free_run_minutes=8), 3)
    assert [max(week_runs(plan, w)) for w in range(3)] == [8, 8, 10]
    assert "plus_two_minutes_per_week" in codes(plan.reasons)


def test_one_variable_at_a_time() -> None:
    """One clean run is not enough: repeat the dose before changing anything."""
    decision = decide(case(log=[run(2, 10)]))
    assert decision.action is Action.HOLD
    assert "one_variable_at_a_time" in codes(decision.reasons)
    assert decide(case(log=[run(4, 10), run(2, 10)])).action is Action.PROGRESS


def test_thirty_percent_per_3_4_weeks() -> None:
    c = case(runner__weekly_km_before=80, log=[*strength_log(10), run(4, 30), run(2, 30)])
    plan = build_plan(c, 3)
    first, third = max(week_runs(plan, 0)), max(week_runs(plan, 2))
    assert first < third <= first * 1.3
    assert "thirty_percent_per_3_4_weeks" in codes(plan.reasons)


def test_monthly_down_week() -> None:
    plan = build_plan(case(injury__pain_free_run_minutes=20), 8)
    assert [w.down_week for w in plan.weeks] == [False, False, False, True] * 2
    before, down = max(week_runs(plan, 2)), max(week_runs(plan, 3))
    assert down <= before * 0.6
    assert "monthly_down_week" in codes(plan.reasons)


def test_flare_point_cap() -> None:
    c = case(injury__flare_point_minutes=12, log=[run(4, 12), run(2, 12)])
    decision = decide(c)
    assert decision.next_run is not None
    assert decision.next_run.run_minutes == 12
    assert "flare_point_cap" in codes(decision.reasons)
    assert max(running_sessions(build_plan(c, 6))) <= 12


def test_intensity_last() -> None:
    returning = build_plan(case(log=[*strength_log(10), run(4, 20), run(2, 20)]), 4)
    assert all(
        s.intensity is Intensity.EASY for d in returning.days for s in d.sessions if s.run_minutes
    )
    assert "intensity_last" in codes(returning.reasons)
    integrating = case(
        runner__weekly_km_before=20,
        log=[*strength_log(10), *[run(ago, 35) for ago in range(1, 28, 2)]],
    )
    assert assess(integrating).phase is Phase.INTEGRATE
    plan = build_plan(integrating, 2)
    week2 = [s for d in plan.days[7:] for s in d.sessions if s.run_minutes]
    assert [s.intensity for s in week2].count(Intensity.STEADY) == 1


def test_walk_the_hills() -> None:
    plan = build_plan(case(injury__aggravators=["hills"]), 1)
    assert "walk_the_hills" in codes(plan.reasons)
    run_session = next(s for d in plan.days for s in d.sessions if s.run_minutes)
    assert "flat routes" in run_session.why


# -- reading a run -----------------------------------------------------------------------------
def test_warm_up_pain_ok() -> None:
    c = case(log=[run(4, 10, during=2, pattern="eased"), run(2, 10, during=2, pattern="eased")])
    decision = decide(c)
    assert decision.pattern is PainPattern.WARM_UP_PAIN
    assert decision.action is Action.PROGRESS
    assert "warm_up_pain_ok" in codes(decision.reasons)


def test_building_pain_back_off() -> None:
    c = case(log=[run(4, 10), run(2, 12, during=3, pattern="built", pain_onset_minute=8)])
    decision = decide(c)
    assert decision.pattern is PainPattern.BUILDING_PAIN
    assert decision.action is Action.BACK_OFF
    assert decision.next_run is not None
    assert decision.next_run.run_minutes == 7  # run up to the onset of pain
    assert "building_pain_back_off" in codes(decision.reasons)


def test_steady_mild_hold() -> None:
    c = case(log=[run(4, 10), run(2, 10, during=2, pattern="steady", pain_onset_minute=5)])
    decision = decide(c)
    assert decision.pattern is PainPattern.STEADY_MILD
    assert decision.action is Action.HOLD
    assert decision.next_run is not None
    assert decision.next_run.run_minutes == 10
    assert "steady_mild_hold" in codes(decision.reasons)


def test_plateau_poke() -> None:
    c = case(
        log=[run(7, 18), run(4, 20), run(2, 22, during=2, pattern="steady", pain_onset_minute=20)]
    )
    decision = decide(c)
    assert decision.pattern is PainPattern.PLATEAU
    assert decision.action is Action.PROGRESS
    assert decision.next_run is not None
    assert decision.next_run.run_minutes == 24
    assert "plateau_poke" in codes(decision.reasons)


def test_next_morning_above_baseline() -> None:
    c = case(log=[run(4, 10), run(2, 10, during=1, pattern="eased", morning=3)])
    decision = decide(c)
    assert decision.action is Action.BACK_OFF
    assert "next_morning_above_baseline" in codes(decision.reasons)
    assert decision.next_run is not None
    assert decision.next_run.run_minutes < 10


def test_next_morning_above_baseline_on_stiffness() -> None:
    """GIVEN a calm-pain morning but stiffer than usual WHEN decided THEN back off, saying so."""
    stiff = run(2, 10, during=1, pattern="eased", morning=0, stiffness_next_morning=4)
    c = case(injury__stiffness_baseline=2, log=[run(4, 10), stiff])
    decision = decide(c)
    assert decision.action is Action.BACK_OFF
    [why] = [r for r in decision.reasons if r.code == "next_morning_above_baseline"]
    assert "stiff" in why.text
    assert "4/10 vs 2/10" in why.text
    assert decision.next_run is not None
    assert decision.next_run.run_minutes < 10
    # The plan reshapes the same way: this week's runs are shorter than the last run.
    plan = build_plan(c, 1)
    assert "next_morning_above_baseline" in codes(plan.reasons)
    assert max(running_sessions(plan)) < 10


def test_next_morning_above_baseline_not_for_usual_stiffness() -> None:
    usual = run(2, 10, during=1, pattern="eased", morning=0, stiffness_next_morning=2)
    decision = decide(case(injury__stiffness_baseline=2, log=[run(4, 10), usual]))
    assert decision.action is Action.PROGRESS
    assert "next_morning_above_baseline" not in codes(decision.reasons)


def test_next_morning_above_baseline_on_pain_and_stiffness() -> None:
    both = run(2, 10, morning=3, stiffness_next_morning=5)
    decision = decide(case(injury__stiffness_baseline=1, log=[run(4, 10), both]))
    [why] = [r for r in decision.reasons if r.code == "next_morning_above_baseline"]
    assert "pain 3/10 vs 0/10" in why.text
    assert "stiffness 5/10 vs 1/10" in why.text


def test_pain_above_allowance() -> None:
    far = decide(case(log=[run(4, 10), run(2, 10, during=6, pattern="steady")]))
    assert far.action is Action.BACK_OFF
    assert "pain_above_allowance" in codes(far.reasons)
    slightly = decide(case(log=[run(4, 10), run(2, 10, during=4, pattern="eased")]))
    assert slightly.action is Action.HOLD
    assert "pain_above_allowance" in codes(slightly.reasons)


def test_pain_above_allowance_follows_a_configured_allowance() -> None:
    c = case(injury__pain_allowance=5, log=[run(4, 10), run(2, 10, during=4, pattern="eased")])
    assert decide(c).action is Action.PROGRESS


def test_rising_next_morning_trend() -> None:
    c = case(log=[run(6, 10, morning=0), run(4, 10, morning=1), run(2, 10, morning=2, before=2)])
    decision = decide(c)
    assert decision.action is not Action.PROGRESS
    assert "rising_next_morning_trend" in codes(decision.reasons)


def test_rising_next_morning_trend_on_stiffness() -> None:
    """Stiffness creeping up morning after morning (each within a loose baseline) holds."""
    c = case(
        injury__stiffness_baseline=5,
        log=[
            run(6, 10, stiffness_next_morning=1),
            run(4, 10, stiffness_next_morning=2),
            run(2, 10, stiffness_next_morning=3),
        ],
    )
    decision = decide(c)
    assert decision.action is Action.HOLD
    [why] = [r for r in decision.reasons if r.code == "rising_next_morning_trend"]
    assert "stiffness" in why.text
    assert decision.next_run is not None
    assert decision.next_run.run_minutes == 10
    steady = [run(ago, 10, stiffness_next_morning=3) for ago in (6, 4, 2)]
    flat = decide(case(injury__stiffness_baseline=5, log=steady))
    assert "rising_next_morning_trend" not in codes(flat.reasons)


# -- wellbeing ---------------------------------------------------------------------------------
CLEAN = [run(4, 10), run(2, 10)]


def test_short_sleep_hold() -> None:
    decision = decide(case(log=CLEAN, wellbeing__sleep_hours=5))
    assert decision.action is Action.HOLD
    assert "short_sleep_hold" in codes(decision.reasons)


def test_high_stress_hold() -> None:
    assert "high_stress_hold" in codes(decide(case(log=CLEAN, wellbeing__stress=9)).reasons)


def test_fear_of_reinjury_hold() -> None:
    decision = decide(case(log=CLEAN, wellbeing__fear_of_reinjury=8))
    assert decision.action is Action.HOLD
    assert "fear_of_reinjury_hold" in codes(decision.reasons)


def test_low_energy_availability_flag() -> None:
    c = case(log=CLEAN, wellbeing__fuelling_ok=False, runner__previous_bone_stress_injuries=1)
    assert "low_energy_availability_flag" in codes(assess(c).triage.reasons)
    assert decide(c).action is Action.HOLD
    # Any one sign is enough: poor fuelling alone, missed periods, two bone stress injuries.
    for signs in (
        {"wellbeing__fuelling_ok": False},
        {"wellbeing__missed_periods": True},
        {"runner__previous_bone_stress_injuries": 2},
    ):
        flagged = case(log=CLEAN, **signs)
        [flag] = [
            r for r in assess(flagged).triage.reasons if r.code == "low_energy_availability_flag"
        ]
        assert decide(flagged).action is Action.HOLD
    assert "missed periods" in flag.text or "bone stress" in flag.text
    # None of them: no flag, and one past bone stress injury alone is not a sign.
    quiet = case(log=CLEAN, runner__previous_bone_stress_injuries=1)
    assert "low_energy_availability_flag" not in codes(assess(quiet).triage.reasons)


# -- integrate ---------------------------------------------------------------------------------
def integrating() -> CaseFile:
    return case(
        runner__weekly_km_before=20,
        log=[*strength_log(10), *[run(ago, 35) for ago in range(1, 28, 2)]],
    )


def test_strength_maintenance() -> None:
    answer = assess(integrating())
    assert answer.phase is Phase.INTEGRATE
    assert answer.week_summary.strength_sessions == 2
    assert "strength_maintenance" in codes(answer.reasons)


def test_load_monitoring() -> None:
    assert "load_monitoring" in codes(assess(integrating()).reasons)


# -- escalate ----------------------------------------------------------------------------------
def test_recurring_niggle_check_early() -> None:
    c = case(injury__kind="niggle", runner__previous_injuries=3)
    answer = assess(c)
    assert answer.triage.status is TriageStatus.SELF_GUIDED
    assert "recurring_niggle_check_early" in codes(answer.triage.reasons)
    assert "recurring_niggle_check_early" not in codes(assess(case()).triage.reasons)


def test_stalled_progress_see_professional() -> None:
    answer = assess(case(log=stalled_log()))
    assert "stalled_progress_see_professional" in codes(answer.triage.reasons)
    assert "rest_test" not in codes(answer.triage.reasons)  # only for persistent pain


# -- pathways and extensions -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"injury__onset": days_ago(10)}, Pathway.ACUTE),
        ({"injury__onset": days_ago(100)}, Pathway.PERSISTENT),
        ({"injury__onset": days_ago(100), "injury__last_run": days_ago(90)}, Pathway.LONG_LAYOFF),
        ({"injury__kind": "post_surgery"}, Pathway.POST_SURGERY),
        ({"injury__kind": "postpartum"}, Pathway.POSTPARTUM),
        ({"injury__bone_stress_risk": "low"}, Pathway.BONE_STRESS),
        ({}, Pathway.OTHER),
    ],
)
def test_pathway_by_injury_and_timing(overrides: dict[str, object], expected: Pathway) -> None:
    assert assess(case(**overrides)).pathway is expected


def test_postpartum_12_weeks() -> None:
    early = case(injury__kind="postpartum", injury__onset=days_ago(50), injury__site="other")
    answer = assess(early)
    assert "postpartum_12_weeks" in codes(answer.reasons)
    assert not running_sessions(build_plan(early, 2))
    later = build_plan(early, 8)
    first_run = run_dates(later)[0]
    assert (first_run - dt.date.fromisoformat(days_ago(50))).days >= 84


def test_settle_by_modifying_load() -> None:
    c = case(injury__pain_walking=4, injury__pain_free_run_minutes=0)
    answer = assess(c)
    assert answer.phase is Phase.SETTLE
    assert "settle_by_modifying_load" in codes(answer.reasons)
    assert "no_pain_free_running_yet" in codes(answer.reasons)
    kinds = [s.kind for d in answer.week for s in d.sessions]
    # Walking hurts (4/10, above the 3/10 allowance): non-impact cardio instead.
    assert SessionKind.CROSS_TRAINING in kinds
    assert SessionKind.WALK not in kinds
    assert not any(s.run_minutes for d in answer.week for s in d.sessions)
    assert "settle_cross_training" in codes(answer.reasons)


def test_post_surgery_needs_clearance() -> None:
    """No running after surgery until a surgeon or clinician clears it, with its date."""
    c = case(injury__kind="post_surgery", injury__onset=days_ago(70))
    answer = assess(c)
    assert answer.triage.status is TriageStatus.CLINICIAN_LED
    [why] = [r for r in answer.triage.reasons if r.code == "post_surgery_needs_clearance"]
    assert "10 weeks ago" in why.text
    assert not running_sessions(build_plan(c, 2))
    future = case(injury__kind="post_surgery", injury__cleared_on=days_ago(-3))
    assert assess(future).triage.status is TriageStatus.CLINICIAN_LED


def test_post_surgery_cleared() -> None:
    c = case(
        injury__kind="post_surgery",
        injury__onset=days_ago(70),
        injury__cleared_on=days_ago(7),
        injury__cleared_by="surgeon",
    )
    answer = assess(c)
    assert answer.triage.status is TriageStatus.SELF_GUIDED
    [why] = [r for r in answer.triage.reasons if r.code == "post_surgery_cleared"]
    assert "surgeon" in why.text
    assert running_sessions(build_plan(c, 1))


def test_post_surgery_ladder_starts_at_run_3_walk_4() -> None:
    decision = decide(
        case(
            injury__kind="post_surgery",
            injury__pain_free_run_minutes=None,
            injury__cleared_on=days_ago(3),
        )
    )
    assert decision.next_run is not None
    assert decision.next_run.intervals is not None
    assert decision.next_run.intervals[0].run_minutes == 3
    assert decision.next_run.intervals[0].walk_minutes == 4


def test_plan_uses_only_available_days() -> None:
    c = case(availability={"days": ["tue", "thu", "sat"], "minutes_per_day": 30})
    plan = build_plan(c, 3)
    for day in plan.days:
        if day.date.weekday() not in {1, 3, 5}:
            assert [s.kind for s in day.sessions] == [SessionKind.REST]
        for s in day.sessions:
            assert s.run_minutes + s.walk_minutes <= 30
            assert (s.minutes or 0) <= 30
    assert all(2 <= w.strength_sessions <= 3 for w in plan.weeks)


def test_gym_equipment_chooses_gym_lifts() -> None:
    plan = build_plan(case(availability={"equipment": ["gym"]}), 1)
    lifts = next(s for d in plan.days for s in d.sessions if s.kind is SessionKind.STRENGTH)
    assert lifts.exercises
    assert any("machine" in e.name for e in lifts.exercises)


# -- read from the log, over time (issue 9) ----------------------------------------------------
def test_severe_run_pain_refer() -> None:
    """A run that hurt at 7/10 refers for two weeks, or until a clinician clears the runner."""
    c = case(log=[run(4, 10), run(2, 10, during=7, pattern="steady")])
    assert assess(c).triage.status is TriageStatus.REFER
    assert "severe_run_pain_refer" in codes(decide(c).reasons)
    still = case(log=[run(13, 10, during=8, pattern="built")])
    assert assess(still).triage.status is TriageStatus.REFER
    cleared = case(injury__cleared_on=days_ago(5), log=[run(13, 10, during=8, pattern="built")])
    assert assess(cleared).triage.status is not TriageStatus.REFER
    old = case(log=[run(15, 10, during=8, pattern="built")])
    assert assess(old).triage.status is not TriageStatus.REFER


def test_pain_rising_while_dose_falls_refer() -> None:
    log = [run(20, 12, before=1), run(18, 12, before=1), run(5, 8, before=4), run(3, 6, before=5)]
    answer = assess(case(log=log))
    assert answer.triage.status is TriageStatus.REFER
    assert "pain_rising_while_dose_falls_refer" in codes(answer.triage.reasons)
    steady = [run(20, 12, before=1), run(18, 12, before=1), run(5, 8, before=1), run(3, 6)]
    assert assess(case(log=steady)).triage.status is TriageStatus.SELF_GUIDED


def test_walking_pain_rising_refer() -> None:
    checkins = [
        {"date": days_ago(ago), "kind": "checkin", "pain_walking": pain}
        for ago, pain in ((9, 1), (6, 2), (3, 3), (1, 4))
    ]
    answer = assess(case(log=checkins))
    assert answer.triage.status is TriageStatus.REFER
    assert "walking_pain_rising_refer" in codes(answer.triage.reasons)


def test_bone_pain_after_back_off() -> None:
    c = case(
        injury__kind="bone_stress",
        injury__bone_stress_risk="low",
        injury__site="posteromedial_tibia",
        log=[run(4, 5), run(2, 5, after=2)],
    )
    decision = decide(c)
    assert decision.action is Action.BACK_OFF
    assert "bone_pain_after_back_off" in codes(decision.reasons)


@pytest.mark.parametrize("site", ["femoral_neck", "navicular", "fifth_metatarsal_base", "sacrum"])
def test_bone_stress_at_a_high_risk_site_is_clinician_led_whatever_its_label(site: str) -> None:
    c = case(injury__kind="bone_stress", injury__bone_stress_risk="low", injury__site=site)
    assert assess(c).triage.status is TriageStatus.CLINICIAN_LED
    assert not running_sessions(build_plan(c, 2))


def test_settle_plans_no_runs_while_walking_hurts() -> None:
    c = case(injury__pain_walking=3)
    plan = build_plan(c, 2)
    assert assess(c).phase is Phase.SETTLE
    assert not running_sessions(plan)


def test_dose_held_in_calendar_time() -> None:
    """Two clean runs four days apart do not grow the dose: a week at it first."""
    plan = build_plan(case(log=[run(6, 12), run(4, 12), run(2, 12)]), 1)
    assert "dose_held_in_calendar_time" in codes(plan.reasons)
    assert set(running_sessions(plan)) == {12}


def test_a_pain_allowance_above_5_is_refused() -> None:
    with pytest.raises(CaseFileError) as error:
        case(injury__pain_allowance=6)
    assert error.value.field == "injury.pain_allowance"


def test_recurring_niggle_check_early_for_every_kind_at_a_spot_injured_before() -> None:
    history = [{"site": "achilles", "side": "left", "date": "2025-03-01"}]
    again = case(injury__kind="tendinopathy", injury__side="left", runner__injury_history=history)
    assert "recurring_niggle_check_early" in codes(assess(again).triage.reasons)
    other_side = case(injury__side="right", runner__injury_history=history)
    assert "recurring_niggle_check_early" not in codes(assess(other_side).triage.reasons)
    elsewhere = case(injury__site="hamstring", runner__injury_history=history)
    assert "recurring_niggle_check_early" not in codes(assess(elsewhere).triage.reasons)


def test_lasting_niggle_check_early() -> None:
    lasting = case(injury__kind="niggle", injury__onset=days_ago(8), injury__pain_walking=1)
    assert "lasting_niggle_check_early" in codes(assess(lasting).triage.reasons)
    fresh = case(injury__kind="niggle", injury__onset=days_ago(3), injury__pain_walking=1)
    assert "lasting_niggle_check_early" not in codes(assess(fresh).triage.reasons)
    gone = case(injury__kind="niggle", injury__onset=days_ago(8), injury__pain_walking=0)
    assert "lasting_niggle_check_early" not in codes(assess(gone).triage.reasons)


def test_integrate_pain_drop_back() -> None:
    """Integrating, a run that hurts at the spot drops back to the last pain-free length."""
    runs = [run(ago, 35) for ago in range(30, 3, -2)]
    log = [*strength_log(10), *runs, run(2, 40), run(0, 44, during=2, pattern="steady")]
    c = case(runner__weekly_km_before=20, runner__runs_per_week_before=3, log=log)
    assert assess(c).phase is Phase.INTEGRATE
    plan = build_plan(c, 1)
    assert "integrate_pain_drop_back" in codes(plan.reasons)
    assert running_sessions(plan)[0] == 40


def test_pelvic_floor_symptoms_no_running() -> None:
    after_birth = {
        "injury__kind": "postpartum",
        "injury__site": "other",
        "injury__onset": days_ago(120),
    }
    c = case(**after_birth, wellbeing__pelvic_floor_symptoms=["leakage", "heaviness"])
    plan = build_plan(c, 2)
    assert not running_sessions(plan)
    [why] = [r for r in plan.reasons if r.code == "pelvic_floor_symptoms_no_running"]
    assert "leakage, heaviness" in why.text
    assert "pelvic-health physio" in why.text
    assert running_sessions(build_plan(case(**after_birth), 1))


def test_fear_graded_exposure() -> None:
    c = case(log=CLEAN, wellbeing__fear_of_reinjury=8)
    reasons = codes(decide(c).reasons)
    assert "fear_of_reinjury_hold" in reasons
    assert "fear_graded_exposure" in reasons


def test_short_runs_twice_a_day() -> None:
    plan = build_plan(case(injury__pain_free_run_minutes=2), 1)
    assert "short_runs_twice_a_day" in codes(plan.reasons)
    first = next(s for d in plan.days for s in d.sessions if s.run_minutes)
    assert "twice today" in first.why
    longer = build_plan(case(injury__pain_free_run_minutes=8), 1)
    assert "short_runs_twice_a_day" not in codes(longer.reasons)


def test_settle_cross_training() -> None:
    """Walking hurts above the allowance: cross-training, not walks, and no runs."""
    c = case(injury__pain_walking=5, injury__pain_allowance=2)
    answer = assess(c)
    kinds = {s.kind for d in answer.week for s in d.sessions}
    assert SessionKind.CROSS_TRAINING in kinds
    assert SessionKind.WALK not in kinds
    assert "settle_cross_training" in codes(answer.reasons)
    # Walking at 3/10 is within the 3/10 allowance: walks, still no runs.
    mild = assess(case(injury__pain_walking=3))
    assert SessionKind.WALK in {s.kind for d in mild.week for s in d.sessions}
    assert not any(s.run_minutes for d in mild.week for s in d.sessions)


def test_settle_and_capacity_offer_cross_training_when_the_runner_has_a_bike() -> None:
    """Cross-training on days without a run, at most 3 a week and never two days running."""
    from runback.engine import build_plan

    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    for overrides in ({"injury__pain_free_run_minutes": 0}, {}):
        bare = build_plan(case(availability={"equipment": ["home"], "days": days}, **overrides), 1)
        bike = build_plan(
            case(availability={"equipment": ["home", "bike"], "days": days}, **overrides), 1
        )
        assert bike.phase.value in {"settle", "capacity"}
        kinds = [[s.kind.value for s in d.sessions] for d in bike.days[:7]]
        crossed = [i for i, k in enumerate(kinds) if "cross_training" in k]
        assert 1 <= len(crossed) <= 3
        assert all(b - a > 1 for a, b in itertools.pairwise(crossed))
        assert not any("run" in k or "run_walk" in k for i, k in enumerate(kinds) if i in crossed)
        assert not any(
            "cross_training" in [s.kind.value for s in d.sessions] for d in bare.days[:7]
        )
        assert "cross_training_with_kit" in [r.code for r in bike.reasons]
