"""The case file's ``clinician`` block: every override changes the answer as it should,
carries its reason under a ``clinician_*`` code, and none lifts a referral or an
escalation to professional help.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runback.engine import (
    Action,
    CaseFileError,
    Pathway,
    Phase,
    SessionKind,
    TriageStatus,
    assess,
    build_plan,
    decide,
    parse_case,
)
from runback.engine.capacity.library import load_library
from runback.engine.reasons import Code
from runback.engine.steering import STEERING_CODES
from tests.engine.builders import TODAY, case, codes, days_ago, make_case, run, strength_log
from tests.engine.strategies import case_files

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXERCISE_IDS = sorted(e.id for e in load_library().exercises)

CLINICIAN_CODES = {c.value for c in Code if c.value.startswith("clinician_")} - {
    Code.CLINICIAN_LED_NO_RUNNING.value
}


def why(text: str = "seen in clinic") -> dict[str, str]:
    return {"reason": text}


@st.composite
def steering_blocks(draw: st.DrawFn) -> dict[str, Any]:
    """Any mix of overrides, each with a reason (``cleared_to_run`` needs its date)."""
    block: dict[str, Any] = {}
    if draw(st.booleans()):
        block["pathway"] = {"value": draw(st.sampled_from([p.value for p in Pathway])), **why()}
    if draw(st.booleans()):
        block["pain_allowance"] = {"value": draw(st.integers(0, 5)), **why()}
    if draw(st.booleans()):
        block["weekly_run_minutes"] = {"minutes": draw(st.integers(10, 300)), **why()}
    if draw(st.booleans()):
        block["phase"] = {
            "mode": draw(st.sampled_from(["hold", "advance"])),
            "phase": draw(st.sampled_from([p.value for p in Phase])),
            **why(),
        }
    if draw(st.booleans()):
        block["exercises"] = {"exclude": [draw(st.sampled_from(EXERCISE_IDS))], **why()}
    if draw(st.booleans()):
        block["plyometrics_cleared"] = why()
    if draw(st.booleans()):
        block["instruction"] = {"text": draw(st.text(min_size=1, max_size=40).filter(str.strip))}
    return block


def with_steering(data: dict[str, Any], block: dict[str, Any]) -> dict[str, Any]:
    return {**data, "clinician": block}


# -- no override lifts a referral or an escalation ------------------------------------------
@SETTINGS
@given(case_files(red_flags=True), steering_blocks(), st.integers(1, 4))
def test_a_red_flag_referral_survives_every_override(
    data: dict[str, Any], block: dict[str, Any], weeks: int
) -> None:
    steered = parse_case(with_steering(data, block), default_today=TODAY)
    plan = build_plan(steered, weeks)
    assert plan.triage.status is TriageStatus.REFER
    assert plan.triage.reasons[0].code in {
        Code.RED_FLAG_REFER,
        Code.WORSENING_PAIN_REFER,
        Code.SEVERE_RUN_PAIN_REFER,
        Code.PAIN_RISING_WHILE_DOSE_FALLS_REFER,
        Code.WALKING_PAIN_RISING_REFER,
    }
    assert Code.RED_FLAG_REFER in codes(plan.triage.reasons) or steered.injury.worsening
    assert all(not s.has_running for day in plan.days for s in day.sessions)
    assert all(w.run_minutes == 0 for w in plan.weeks)
    decision = decide(steered)
    assert decision.action is Action.REFER
    assert decision.next_run is None
    assert decision.reasons[0].code == plan.triage.reasons[0].code  # the referral comes first


@pytest.mark.parametrize("flag", ["night_pain", "bowel_bladder", "trauma"])
def test_every_override_at_once_still_refers(flag: str) -> None:
    block = {
        "pathway": {"value": "other", **why()},
        "pain_allowance": {"value": 5, **why()},
        "weekly_run_minutes": {"minutes": 300, **why()},
        "phase": {"mode": "advance", "phase": "integrate", **why()},
        "exercises": {"exclude": ["split_squat"], **why()},
        "plyometrics_cleared": why(),
        "cleared_to_run": why(),
        "instruction": {"text": "Carry on running as normal."},
    }
    steered = case(
        red_flags=[flag], injury__cleared_on=days_ago(1), injury__cleared_by="clinician",
        clinician=block,
    )  # fmt: skip
    answer = assess(steered)
    assert answer.triage.status is TriageStatus.REFER
    assert codes(answer.triage.reasons)[:2] == [Code.RED_FLAG_REFER, flag]
    assert answer.phase is Phase.SETTLE
    assert all(not s.has_running for day in answer.week for s in day.sessions)
    decision = decide(steered)
    assert decision.action is Action.REFER
    assert decision.next_run is None
    assert decision.reasons[0].code == Code.RED_FLAG_REFER
    said = CLINICIAN_CODES - {Code.CLINICIAN_PHASE_HOLD}
    assert said <= set(codes(decision.reasons))  # said, but after the referral


def stalled_case(**overrides: Any) -> dict[str, Any]:
    """Eight weeks of 10-minute runs: no longer than six weeks ago (stalled progress)."""
    log = [run(ago, 10) for ago in range(2, 56, 3)]
    return make_case(injury__onset=days_ago(90), log=log, **overrides)


@SETTINGS
@given(steering_blocks())
def test_no_override_removes_an_escalation_to_professional_help(block: dict[str, Any]) -> None:
    plain = parse_case(stalled_case(), default_today=TODAY)
    assert Code.STALLED_PROGRESS_SEE_PROFESSIONAL in codes(assess(plain).triage.reasons)
    steered = parse_case(stalled_case(clinician=block), default_today=TODAY)
    answer = assess(steered)
    assert Code.STALLED_PROGRESS_SEE_PROFESSIONAL in codes(answer.triage.reasons)
    assert answer.triage.status is assess(plain).triage.status


def test_post_surgery_stays_clinician_led_whatever_is_set() -> None:
    block = {"pathway": {"value": "other", **why()},
             "phase": {"mode": "advance", "phase": "return", **why()}}  # fmt: skip
    steered = case(injury__kind="post_surgery", injury__onset=days_ago(40), clinician=block)
    answer = assess(steered)
    assert answer.triage.status is TriageStatus.CLINICIAN_LED
    assert answer.phase is Phase.SETTLE
    assert all(not s.has_running for day in answer.week for s in day.sessions)


# -- each override changes the answer -------------------------------------------------------
BASE_LOG = [run(6, 10), run(4, 10), run(2, 10)]
RETURNING = {"log": BASE_LOG + strength_log(8)}
"""Three clean runs and a strength base, no tests: in the return phase, plyometrics shut."""


def test_pathway_override_changes_the_route_and_the_start() -> None:
    plain = assess(case())
    assert plain.pathway is Pathway.OTHER
    steered = assess(case(clinician={"pathway": {"value": "long_layoff", **why("7 months off")}}))
    assert steered.pathway is Pathway.LONG_LAYOFF
    first = next(s for d in steered.week for s in d.sessions if s.has_running)
    assert first.run_minutes <= 4  # the long-layoff start, not the 10 pain-free minutes
    assert Code.LONG_LAYOFF_SHORT_START in codes(steered.reasons)
    said = next(r for r in steered.reasons if r.code == Code.CLINICIAN_PATHWAY)
    assert said.text == "Your clinician set your pathway to long layoff: 7 months off"


def test_pain_allowance_override_is_what_decide_reads() -> None:
    hurt = [run(4, 10), run(2, 10, during=3, pattern="steady")]
    plain = decide(case(log=hurt))
    assert Code.PAIN_ABOVE_ALLOWANCE not in codes(plain.reasons)  # 3/10 is allowed by default
    steered = case(log=hurt, clinician={"pain_allowance": {"value": 1, **why("go gently")}})
    decision = decide(steered)
    assert decision.action is not Action.PROGRESS
    assert Code.PAIN_ABOVE_ALLOWANCE in codes(decision.reasons)
    strict = decide(case(log=hurt, clinician={"pain_allowance": {"value": 0, **why()}}))
    assert strict.action is Action.BACK_OFF  # far above what the clinician allows
    assert Code.CLINICIAN_PAIN_ALLOWANCE in codes(decision.reasons)
    assert assess(steered).allowed_pain == 1


@given(st.integers(0, 5))
def test_pain_allowance_override_sets_the_allowance(value: int) -> None:
    steered = case(clinician={"pain_allowance": {"value": value, **why()}})
    assert assess(steered).allowed_pain == value


def test_bone_stress_keeps_its_no_pain_rule_and_says_so() -> None:
    steered = case(
        injury__kind="bone_stress", injury__bone_stress_risk="low", injury__site="fibula",
        clinician={"pain_allowance": {"value": 3, **why()}},
    )  # fmt: skip
    answer = assess(steered)
    assert answer.allowed_pain == 0
    said = next(r for r in answer.reasons if r.code == Code.CLINICIAN_PAIN_ALLOWANCE)
    assert "no-pain rule" in said.text


@SETTINGS
@given(case_files(red_flags=False), st.integers(10, 200), st.integers(1, 6))
def test_no_plan_week_runs_past_the_weekly_cap(data: dict[str, Any], cap: int, weeks: int) -> None:
    steered = parse_case(
        with_steering(data, {"weekly_run_minutes": {"minutes": cap, **why()}}),
        default_today=TODAY,
    )
    plan = build_plan(steered, weeks)
    for index, week in enumerate(plan.weeks):
        days = plan.days[index * 7 : index * 7 + 7]
        assert sum(s.run_minutes for d in days for s in d.sessions) <= cap
        assert week.volume_cap_minutes <= cap
    decision = decide(steered)
    if decision.next_run is not None:
        assert decision.next_run.run_minutes <= max(1, cap // 3)
    assert Code.CLINICIAN_VOLUME_CAP in codes(plan.reasons)


def test_weekly_cap_bites_and_holds_rather_than_shrinking() -> None:
    long_runs = [run(ago, 40, walk_minutes=0) for ago in (9, 7, 5, 3, 1)]
    plain = build_plan(case(log=long_runs, runner__weekly_km_before=60), 4)
    steered = build_plan(
        case(log=long_runs, runner__weekly_km_before=60,
             clinician={"weekly_run_minutes": {"minutes": 90, **why("race taper")}}),
        4,
    )  # fmt: skip
    assert max(w.run_minutes for w in plain.weeks) > 90
    full = [w.run_minutes for w in steered.weeks if not w.down_week]
    assert all(m <= 90 for m in full)
    assert min(full) >= 60  # held near the cap, not whittled away week by week


def test_phase_hold_keeps_the_runner_back() -> None:
    assert assess(case(**RETURNING)).phase is Phase.RETURN
    hold = {"phase": {"mode": "hold", "phase": "capacity", **why("calf endurance short")}}
    plan = build_plan(case(clinician=hold, **RETURNING), 4)
    assert plan.phase is Phase.CAPACITY
    assert all(w.phase is Phase.CAPACITY for w in plan.weeks)
    assert Code.CLINICIAN_PHASE_HOLD in codes(plan.reasons)
    # capacity work is 3 strength sessions a week, not return's 2
    assert plan.weeks[1].strength_sessions == 3


def test_phase_advance_skips_the_gates_but_not_settle() -> None:
    assert assess(case(log=BASE_LOG)).phase is Phase.CAPACITY  # no strength base yet
    advance = {"phase": {"mode": "advance", "phase": "return", **why("strong in clinic")}}
    steered = assess(case(log=BASE_LOG, clinician=advance))
    assert steered.phase is Phase.RETURN
    assert Code.CLINICIAN_PHASE_ADVANCE in codes(steered.reasons)
    irritable = assess(case(log=BASE_LOG, injury__pain_walking=4, clinician=advance))
    assert irritable.phase is Phase.SETTLE


def exercises_in(plan: Any) -> set[str]:
    return {
        e.exercise
        for d in plan.days
        for s in d.sessions
        if s.kind is SessionKind.STRENGTH
        for e in s.exercises or []
    }


def test_excluded_exercises_never_appear_and_swaps_replace() -> None:
    plain = exercises_in(build_plan(case(**RETURNING), 2))
    for name in sorted(plain):
        block = {"exercises": {"exclude": [name], **why("it provokes it")}}
        steered = exercises_in(build_plan(case(clinician=block, **RETURNING), 2))
        assert name not in steered
        assert steered  # another exercise takes the slot
    first = sorted(plain)[0]
    target = next(i for i in EXERCISE_IDS if i not in plain and "calf" in i)
    block = {"exercises": {"swap": [{"from": first, "to": target}], **why()}}
    steered_plan = build_plan(case(clinician=block, **RETURNING), 2)
    swapped = exercises_in(steered_plan)
    assert first not in swapped
    assert target in swapped
    said = next(r for r in steered_plan.reasons if r.code == Code.CLINICIAN_EXERCISES)
    assert load_library().get(target).name in said.text


def test_plyometrics_cleared_opens_the_gate() -> None:
    def hops(plan: Any) -> int:
        return sum(1 for d in plan.days for s in d.sessions if s.kind is SessionKind.PLYOMETRICS)

    assert hops(build_plan(case(**RETURNING), 2)) == 0
    steered = build_plan(case(clinician={"plyometrics_cleared": why("hops clean")}, **RETURNING), 2)
    assert hops(steered) > 0
    assert Code.CLINICIAN_PLYOMETRICS_CLEARED in codes(steered.reasons)


def test_cleared_to_run_says_the_clinicians_words_with_the_contracts_date() -> None:
    steered = case(
        injury__kind="post_surgery", injury__onset=days_ago(70),
        injury__cleared_on=days_ago(3), injury__cleared_by="clinician",
        clinician={"cleared_to_run": why("scan clear")},
    )  # fmt: skip
    answer = assess(steered)
    assert answer.triage.status is TriageStatus.SELF_GUIDED
    said = next(r for r in answer.reasons if r.code == Code.CLINICIAN_CLEARED_TO_RUN)
    assert said.text == f"Your clinician cleared you to run on {days_ago(3)}: scan clear"


def test_instruction_is_carried_by_every_answer_with_the_clinicians_name() -> None:
    steered = case(
        log=BASE_LOG, clinician={"name": "Sam Lee", "instruction": {"text": "Walk the hills."}}
    )
    for reasons in (assess(steered).reasons, decide(steered).reasons):
        said = next(r for r in reasons if r.code == Code.CLINICIAN_INSTRUCTION)
        assert said.text == "Your clinician Sam Lee says: Walk the hills."


def test_every_clinician_code_is_a_steering_code() -> None:
    assert STEERING_CODES == CLINICIAN_CODES


def test_no_block_no_clinician_reasons() -> None:
    answer = assess(case(log=BASE_LOG))
    assert not CLINICIAN_CODES & set(codes(answer.reasons))
    assert not CLINICIAN_CODES & set(codes(decide(case(log=BASE_LOG)).reasons))


# -- bad input names the field ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("block", "field", "message"),
    [
        ({"pain_allowance": {"value": 6, **why()}}, "clinician.pain_allowance.value", "too high"),
        ({"pain_allowance": {"value": 2}}, "clinician.pain_allowance.reason", "is required"),
        ({"pathway": {"value": "moon", **why()}}, "clinician.pathway.value", "unknown value"),
        ({"weekly_run_minutes": {"minutes": 5, **why()}}, "clinician.weekly_run_minutes.minutes",
         "too low"),
        ({"phase": {"mode": "jump", "phase": "return", **why()}}, "clinician.phase.mode",
         "unknown"),
        ({"exercises": {"exclude": ["handstand"], **why()}}, "clinician.exercises.exclude[0]",
         "unknown exercise 'handstand'"),
        ({"exercises": {"swap": [{"from": "split_squat", "to": "nope"}], **why()}},
         "clinician.exercises.swap[0].to", "unknown exercise 'nope'"),
        ({"exercises": {**why()}}, "clinician.exercises", "at least one"),
        ({"cleared_to_run": why()}, "clinician.cleared_to_run", "needs injury.cleared_on"),
        ({"instruction": {"text": "   "}}, "clinician.instruction.text", ""),
    ],
)  # fmt: skip
def test_a_bad_override_names_its_field(block: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(CaseFileError) as caught:
        parse_case(make_case(clinician=block), default_today=TODAY)
    assert caught.value.field == field, caught.value
    assert message in caught.value.message


def test_the_documented_block_parses() -> None:
    text = (ROOT / "docs" / "case-file.md").read_text(encoding="utf-8")
    found = re.search(r'```json\n"clinician": (\{.*?\n\})\n```', text, re.S)
    assert found is not None
    block = json.loads(found.group(1))
    steered = case(
        injury__cleared_on=days_ago(2), injury__cleared_by="clinician", clinician=block,
        **RETURNING,
    )  # fmt: skip
    said = CLINICIAN_CODES - {Code.CLINICIAN_PHASE_ADVANCE}  # the example holds
    assert said <= set(codes(build_plan(steered, 1).reasons))
