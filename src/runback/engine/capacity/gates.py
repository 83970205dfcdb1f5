"""Deciding a gate from readiness-test results, naming what holds a runner back.

The latest result of each test (on or before ``today``, and fresh) is compared
with the gate's criterion on the *weaker* side, and with the limb-symmetry
index. Which leg is injured is not needed: the weaker leg is the one that has
to catch up, whichever it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from runback.engine.capacity.findings import CapacityRule, Finding
from runback.engine.capacity.readiness import (
    MAX_TEST_PAIN_BONE,
    MAX_TEST_PAIN_SOFT_TISSUE,
    RESULT_FRESH_DAYS,
    Criterion,
    Gate,
    ReadinessTest,
    ReadinessTestName,
    battery_for,
)
from runback.engine.capacity.records import ReadinessResult

GATE_TITLES: dict[Gate, str] = {
    Gate.PLYOMETRICS: "starting plyometrics",
    Gate.RETURN: "the return to running",
    Gate.INTEGRATE: "full training (speed work and hills)",
}


class TestStatus(StrEnum):
    """How one test stands against one gate."""

    __test__ = False  # not a pytest class

    PASSED = "passed"
    BELOW_TARGET = "below_target"
    ASYMMETRIC = "asymmetric"
    PAINFUL = "painful"
    MISSING = "missing"
    STALE = "stale"


@dataclass(frozen=True, slots=True)
class TestOutcome:
    """One test judged against one gate."""

    __test__ = False  # not a pytest class

    test: ReadinessTest
    status: TestStatus
    result: ReadinessResult | None
    lsi: float | None
    detail: str

    @property
    def passed(self) -> bool:
        return self.status is TestStatus.PASSED


@dataclass(frozen=True, slots=True)
class GateVerdict:
    """Whether a gate is open, with one outcome per test and the reasons."""

    gate: Gate
    passed: bool
    outcomes: tuple[TestOutcome, ...]
    findings: tuple[Finding, ...]

    @property
    def holding_back(self) -> tuple[ReadinessTestName, ...]:
        """The tests that keep this gate shut, in battery order."""
        return tuple(o.test.name for o in self.outcomes if not o.passed)


def limb_symmetry(left: float, right: float) -> float:
    """Limb-symmetry index in percent: weaker side over stronger side.

    Two zeros are symmetric (100); one zero against anything is 0.
    """
    stronger = max(left, right)
    if stronger == 0:
        return 100.0
    return round(100.0 * min(left, right) / stronger, 1)


def latest_results(
    results: Iterable[ReadinessResult], today: dt.date
) -> dict[ReadinessTestName, ReadinessResult]:
    """The most recent result of each test on or before ``today``.

    Of two results on the same day the later one in the list wins, so a
    re-entered result corrects the first.
    """
    latest: dict[ReadinessTestName, ReadinessResult] = {}
    for result in results:
        if result.date > today:
            continue
        current = latest.get(result.name)
        if current is None or result.date >= current.date:
            latest[result.name] = result
    return latest


def evaluate_gate(
    gate: Gate,
    results: Iterable[ReadinessResult],
    today: dt.date,
    *,
    bone_site: bool = False,
) -> GateVerdict:
    """Judge ``gate`` on the runner's latest results.

    ``bone_site``: a bone-stress injury, where any pain during a test fails it.
    """
    latest = latest_results(results, today)
    max_pain = MAX_TEST_PAIN_BONE if bone_site else MAX_TEST_PAIN_SOFT_TISSUE
    outcomes = tuple(
        _judge(test, test.criteria[gate], latest.get(test.name), today, max_pain)
        for test in battery_for(gate)
    )
    passed = all(o.passed for o in outcomes)
    code = (
        CapacityRule.PLYOMETRICS_AFTER_STRENGTH_BASE
        if gate is Gate.PLYOMETRICS
        else CapacityRule.CAPACITY_EXIT_BY_TESTS
    )
    title = GATE_TITLES[gate]
    if passed:
        findings: tuple[Finding, ...] = (
            Finding(code, f"All {len(outcomes)} readiness tests for {title} are passed."),
        )
    else:
        findings = tuple(Finding(code, o.detail) for o in outcomes if not o.passed)
    return GateVerdict(gate, passed, outcomes, findings)


def _judge(
    test: ReadinessTest,
    criterion: Criterion,
    result: ReadinessResult | None,
    today: dt.date,
    max_pain: int,
) -> TestOutcome:
    if result is None:
        return TestOutcome(
            test, TestStatus.MISSING, None, None,
            f"{test.title} holds you back: not tested yet (the Tests page shows how to do it).",
        )  # fmt: skip
    lsi = (
        limb_symmetry(result.left, result.right)
        if result.left is not None and result.right is not None
        else None
    )
    age = (today - result.date).days
    if age > RESULT_FRESH_DAYS:
        return TestOutcome(
            test, TestStatus.STALE, result, lsi,
            f"{test.title} holds you back: last tested {result.date.isoformat()}, "
            f"more than {RESULT_FRESH_DAYS} days ago; test it again.",
        )  # fmt: skip
    if result.pain is not None and result.pain > max_pain:
        return TestOutcome(
            test, TestStatus.PAINFUL, result, lsi,
            f"{test.title} holds you back: it hurt {result.pain}/10; it must stay at "
            f"or below {max_pain}/10.",
        )  # fmt: skip
    if criterion.minimum is not None and result.weaker < criterion.minimum:
        return TestOutcome(
            test, TestStatus.BELOW_TARGET, result, lsi,
            f"{test.title} holds you back: {_weaker_text(result)}; "
            f"{_needed_text(test, criterion.minimum)}.",
        )  # fmt: skip
    if criterion.min_lsi is not None and lsi is not None and lsi < criterion.min_lsi:
        return TestOutcome(
            test, TestStatus.ASYMMETRIC, result, lsi,
            f"{test.title} holds you back: left {_num(result.left)} and right "
            f"{_num(result.right)} {test.unit.value} is {_num(lsi)}% symmetry; "
            f"{_num(criterion.min_lsi)}% is needed.",
        )  # fmt: skip
    return TestOutcome(test, TestStatus.PASSED, result, lsi, f"{test.title}: passed.")


def _both(result: ReadinessResult) -> bool:
    return result.left is not None and result.right is not None


def _weaker_text(result: ReadinessResult) -> str:
    unit = result.unit.value
    if not _both(result):
        return f"{_num(result.weaker)} {unit}"
    side = "left" if (result.left or 0) <= (result.right or 0) else "right"
    return f"{_num(result.weaker)} {unit} on the weaker ({side}) side"


def _needed_text(test: ReadinessTest, minimum: float) -> str:
    each = " on each side" if test.sided else ""
    return f"the gate needs {_num(minimum)}{each}"


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
