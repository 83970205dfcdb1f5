"""Phase exits by readiness tests (rule ``capacity_exit_by_tests``)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runback.engine.capacity import (
    BATTERY,
    CapacityRule,
    Gate,
    ReadinessResult,
    ReadinessTestName,
    TestStatus,
    battery_for,
    evaluate_gate,
    limb_symmetry,
    readiness_test,
)
from tests.capacity.conftest import TODAY, passing_results

EXIT_GATES = (Gate.RETURN, Gate.INTEGRATE)


def _replace(
    results: list[ReadinessResult], name: ReadinessTestName, **fields: object
) -> list[ReadinessResult]:
    return [r.model_copy(update=fields) if r.name is name else r for r in results]


@pytest.mark.parametrize("gate", EXIT_GATES)
def test_capacity_exit_by_tests_opens_when_every_test_passes(gate: Gate) -> None:
    verdict = evaluate_gate(gate, passing_results(gate), TODAY)
    assert verdict.passed
    assert verdict.holding_back == ()
    assert [f.code for f in verdict.findings] == [CapacityRule.CAPACITY_EXIT_BY_TESTS]


def test_capacity_exit_by_tests_return_gate_is_the_evidence_battery() -> None:
    names = {t.name for t in battery_for(Gate.RETURN)}
    assert {
        ReadinessTestName.BRISK_WALK,
        ReadinessTestName.SINGLE_LEG_BALANCE,
        ReadinessTestName.SINGLE_LEG_SQUAT,
        ReadinessTestName.HOP_IN_PLACE,
        ReadinessTestName.SINGLE_LEG_BRIDGE,
        ReadinessTestName.SINGLE_LEG_CALF_RAISE,
    } <= names
    walk = readiness_test("brisk_walk").criteria[Gate.RETURN]
    assert walk.minimum == 30


def _exit_cases() -> list[tuple[Gate, ReadinessTestName]]:
    return [(gate, test.name) for gate in EXIT_GATES for test in battery_for(gate)]


@pytest.mark.parametrize(("gate", "name"), _exit_cases())
def test_capacity_exit_by_tests_each_criterion_holds_back_by_name(
    gate: Gate, name: ReadinessTestName
) -> None:
    test = readiness_test(name)
    criterion = test.criteria[gate]
    results = passing_results(gate)
    if criterion.minimum is not None:
        results = _replace(results, name, left=criterion.minimum - 1)
        expected = TestStatus.BELOW_TARGET
    else:
        assert criterion.min_lsi is not None
        results = _replace(results, name, left=100.0, right=150.0)
        expected = TestStatus.ASYMMETRIC
    verdict = evaluate_gate(gate, results, TODAY)
    assert not verdict.passed
    assert verdict.holding_back == (name,)
    outcome = next(o for o in verdict.outcomes if o.test.name is name)
    assert outcome.status is expected
    assert len(verdict.findings) == 1
    assert verdict.findings[0].code is CapacityRule.CAPACITY_EXIT_BY_TESTS
    assert verdict.findings[0].text.startswith(f"{test.title} holds you back")


@pytest.mark.parametrize(("gate", "name"), _exit_cases())
def test_capacity_exit_by_tests_a_missing_test_holds_back(
    gate: Gate, name: ReadinessTestName
) -> None:
    results = [r for r in passing_results(gate) if r.name is not name]
    verdict = evaluate_gate(gate, results, TODAY)
    assert verdict.holding_back == (name,)
    assert "not tested yet" in verdict.findings[0].text


def test_calf_raise_asymmetry_names_the_numbers() -> None:
    results = _replace(
        passing_results(Gate.RETURN), ReadinessTestName.SINGLE_LEG_CALF_RAISE, left=20, right=25
    )
    verdict = evaluate_gate(Gate.RETURN, results, TODAY)
    assert verdict.holding_back == (ReadinessTestName.SINGLE_LEG_CALF_RAISE,)
    text = verdict.findings[0].text
    assert "left 20 and right 25" in text
    assert "80% symmetry" in text
    assert "90% is needed" in text


def test_the_weaker_side_is_named_whichever_it_is() -> None:
    results = _replace(
        passing_results(Gate.RETURN), ReadinessTestName.SINGLE_LEG_CALF_RAISE, left=30, right=16
    )
    text = evaluate_gate(Gate.RETURN, results, TODAY).findings[0].text
    assert "16 reps on the weaker (right) side" in text
    assert "needs 20 on each side" in text


def test_a_painful_test_holds_back() -> None:
    results = _replace(passing_results(Gate.RETURN), ReadinessTestName.HOP_IN_PLACE, pain=3)
    verdict = evaluate_gate(Gate.RETURN, results, TODAY)
    assert verdict.holding_back == (ReadinessTestName.HOP_IN_PLACE,)
    assert "3/10" in verdict.findings[0].text


def test_bone_stress_allows_no_pain_in_tests() -> None:
    results = _replace(passing_results(Gate.RETURN), ReadinessTestName.HOP_IN_PLACE, pain=1)
    assert evaluate_gate(Gate.RETURN, results, TODAY).passed
    bone = evaluate_gate(Gate.RETURN, results, TODAY, bone_site=True)
    assert bone.holding_back == (ReadinessTestName.HOP_IN_PLACE,)


def test_old_results_must_be_retested() -> None:
    old = passing_results(Gate.RETURN, TODAY - dt.timedelta(days=40))
    verdict = evaluate_gate(Gate.RETURN, old, TODAY)
    assert not verdict.passed
    assert {o.status for o in verdict.outcomes} == {TestStatus.STALE}
    assert "test it again" in verdict.findings[0].text


def test_the_latest_result_counts_and_future_ones_are_ignored() -> None:
    name = ReadinessTestName.SINGLE_LEG_CALF_RAISE
    results = passing_results(Gate.RETURN, TODAY - dt.timedelta(days=7))
    failing_later = _replace(results, name, left=10, date=TODAY)
    assert evaluate_gate(Gate.RETURN, results + failing_later, TODAY).holding_back == (name,)
    future = _replace(results, name, left=10, date=TODAY + dt.timedelta(days=1))
    assert evaluate_gate(Gate.RETURN, results + future, TODAY).passed


def test_the_integrate_gate_is_stricter_than_the_return_gate() -> None:
    calf = readiness_test("single_leg_calf_raise")
    assert calf.criteria[Gate.INTEGRATE].minimum == 25
    assert calf.criteria[Gate.PLYOMETRICS].min_lsi == 80
    assert not evaluate_gate(Gate.INTEGRATE, passing_results(Gate.RETURN), TODAY).passed


def test_every_battery_test_explains_itself_and_cites_a_source() -> None:
    for test in BATTERY:
        assert len(test.how) > 40
        assert test.source
        assert test.criteria


@given(st.floats(0, 1000), st.floats(0, 1000))
def test_property_limb_symmetry_is_a_symmetric_percentage(left: float, right: float) -> None:
    lsi = limb_symmetry(left, right)
    assert 0 <= lsi <= 100
    assert lsi == limb_symmetry(right, left)
    if left == right:
        assert lsi == 100


result_lists = st.lists(
    st.builds(
        lambda test, left, right, ago, pain: ReadinessResult(
            date=TODAY - dt.timedelta(days=ago), name=test.name, left=left,
            right=right if test.sided else None, unit=test.unit, pain=pain,
        ),
        st.sampled_from(BATTERY), st.integers(0, 60), st.integers(0, 60),
        st.integers(-3, 40), st.none() | st.integers(0, 5),
    ),
    max_size=20,
)  # fmt: skip


@given(result_lists, st.sampled_from(list(Gate)), st.booleans())
def test_property_a_shut_gate_always_names_what_holds_it(
    results: list[ReadinessResult], gate: Gate, bone: bool
) -> None:
    verdict = evaluate_gate(gate, results, TODAY, bone_site=bone)
    assert verdict.passed == (verdict.holding_back == ())
    if not verdict.passed:
        assert len(verdict.findings) == len(verdict.holding_back)
        titles = [readiness_test(n).title for n in verdict.holding_back]
        for title, finding in zip(titles, verdict.findings, strict=True):
            assert finding.text.startswith(f"{title} holds you back")


@given(result_lists, st.sampled_from(list(Gate)))
def test_property_bringing_the_weaker_side_up_never_shuts_a_gate(
    results: list[ReadinessResult], gate: Gate
) -> None:
    before = evaluate_gate(gate, results, TODAY)
    evened = [
        r.model_copy(update={"left": r.stronger, "right": r.stronger}) if r.right is not None else r
        for r in results
    ]
    after = evaluate_gate(gate, evened, TODAY)
    assert set(after.holding_back) <= set(before.holding_back)
