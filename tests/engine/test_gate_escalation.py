"""A readiness gate failed twice escalates; once, or twice in the same week, does not."""

from __future__ import annotations

from typing import Any

from runback.engine import assess
from runback.engine.capacity import Gate
from runback.engine.report import build_report
from tests.capacity.test_engine_integration import BASED, passing, with_result
from tests.engine.builders import case, codes, days_ago, run

TWICE = "readiness_gate_failed_twice_see_professional"


def attempt(ago: int, gate: Gate = Gate.PLYOMETRICS, calf: int = 14) -> list[dict[str, Any]]:
    """Every test of ``gate`` done on one day; the calf raise short of its target."""
    return with_result(passing(gate, ago), "single_leg_calf_raise", left=calf)


def reasons(tests: list[dict[str, Any]], **extra: Any) -> list[Any]:
    return assess(case(log=[*BASED, run(2, 20)], tests=tests, **extra)).triage.reasons


def test_a_gate_failed_twice_two_weeks_apart_escalates() -> None:
    found = reasons([*attempt(16), *attempt(2)])
    hit = next(r for r in found if r.code == TWICE)
    assert "starting plyometrics" in hit.text
    assert days_ago(16) in hit.text
    assert days_ago(2) in hit.text


def test_once_or_twice_in_one_week_or_an_incomplete_attempt_does_not() -> None:
    assert TWICE not in codes(reasons(attempt(2)))
    assert TWICE not in codes(reasons([*attempt(5), *attempt(2)]))  # one attempt, re-entered
    partial = [r for r in attempt(16) if r["name"] == "single_leg_calf_raise"]
    assert TWICE not in codes(reasons([*partial, *attempt(2)]))  # the first was not the gate


def test_a_passed_retest_or_a_visit_clears_it() -> None:
    passed_now = [*attempt(16), *attempt(9), *passing(Gate.PLYOMETRICS, 2)]
    assert TWICE not in codes(reasons(passed_now))
    visit = {"date": days_ago(10), "who": "Sam", "role": "physiotherapist"}
    assert TWICE not in codes(reasons([*attempt(16), *attempt(2)], visits=[visit]))


def test_only_the_first_shut_gate_is_read() -> None:
    # The plyometrics gate passed; results that pass the return gate's own targets do
    # not count as failing the stricter full-training gate.
    tests = [*passing(Gate.RETURN, 16), *passing(Gate.RETURN, 2)]
    assert TWICE not in codes(reasons(tests))


def test_the_report_suggests_help_and_a_question() -> None:
    report = build_report(case(log=[*BASED, run(2, 20)], tests=[*attempt(16), *attempt(2)]))
    assert TWICE in codes(report.sections.reading.professional_help)
    assert any(q.because == TWICE for q in report.sections.questions.items)
