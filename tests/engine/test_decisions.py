"""Decisions beyond the DOMAIN table: stale runs, first runs, what the answer carries."""

from __future__ import annotations

import datetime as dt

from runback.engine import Action, PainPattern, decide
from tests.engine.builders import case, codes, days_ago, run


def test_restart_after_break() -> None:
    """A run more than two weeks old no longer sizes the next one."""
    decision = decide(case(injury__pain_free_run_minutes=6, log=[run(20, 25), run(18, 25)]))
    assert decision.action is Action.HOLD
    assert decision.next_run is not None
    assert decision.next_run.run_minutes == 6
    assert decision.run_date == dt.date(2026, 11, 4)
    assert "restart_after_break" in codes(decision.reasons)


def test_no_run_logged_gives_the_starting_dose() -> None:
    decision = decide(case(injury__pain_free_run_minutes=7))
    assert decision.action is Action.HOLD
    assert decision.pattern is PainPattern.NO_PAIN
    assert decision.run_date is None
    assert decision.next_run is not None
    assert decision.next_run.run_minutes == 7
    assert codes(decision.reasons)[0] == "no_run_logged"


def test_runs_before_onset_are_not_read_as_comeback_runs() -> None:
    decision = decide(case(log=[run(60, 40, during=8, pattern="built")]))
    assert decision.run_date is None
    assert decision.pattern is PainPattern.NO_PAIN


def test_back_off_never_grows_even_from_a_one_minute_run() -> None:
    decision = decide(case(log=[run(4, 1), run(2, 1, during=6, pattern="built")]))
    assert decision.action is Action.BACK_OFF
    assert decision.next_run is not None
    assert decision.next_run.run_minutes <= 1


def test_contract_keeps_next_run_null_on_refer() -> None:
    answer = decide(case(red_flags=["fever_unwell"])).to_contract()
    assert answer["action"] == "refer"
    assert "next_run" in answer
    assert answer["next_run"] is None


def _ticked(ago: int, minutes: float = 10) -> dict[str, object]:
    """A run ticked off as done before its pain questions were answered."""
    return {"date": days_ago(ago), "kind": "run", "run_minutes": minutes, "pain_reported": False}


def test_a_run_ticked_off_without_its_pain_answers_is_not_a_pain_free_run() -> None:
    """Two clean runs would progress; an unanswered third holds instead."""
    clean = [run(5, 10), run(3, 10)]
    assert decide(case(log=clean)).action is Action.PROGRESS
    decision = decide(case(log=[*clean, _ticked(1, 10)]))
    assert decision.action is Action.HOLD
    assert codes(decision.reasons) == ["pain_not_reported"]
    assert decision.run_date == dt.date.fromisoformat(days_ago(1))
    assert decision.next_run is not None
    assert decision.next_run.run_minutes == 10


def test_an_unanswered_run_breaks_the_run_of_clean_runs() -> None:
    """Once answered later runs follow, the unknown one still does not count as clean."""
    decision = decide(case(log=[run(7, 10), _ticked(5, 10), run(3, 10)]))
    assert decision.action is Action.HOLD
    assert "one_variable_at_a_time" in codes(decision.reasons)


def test_a_back_off_read_from_earlier_runs_stands_while_answers_are_missing() -> None:
    flare = run(3, 10, during=6, pattern="built")
    decision = decide(case(log=[run(5, 10), flare, _ticked(1, 10)]))
    assert decision.action is Action.BACK_OFF
    assert codes(decision.reasons)[-1] == "pain_not_reported"
    assert decision.next_run is not None
    assert decision.next_run.run_minutes < 10


def _skipped(ago: int, why: str) -> dict[str, object]:
    """A planned run not done, and why."""
    return {"date": days_ago(ago), "kind": "run", "skipped": why}


def test_a_run_skipped_for_pain_holds_and_one_skipped_for_time_changes_nothing() -> None:
    clean = [run(5, 10), run(3, 10)]
    assert decide(case(log=clean)).action is Action.PROGRESS
    for_time = decide(case(log=[*clean, _skipped(1, "time")]))
    assert for_time.action is Action.PROGRESS
    for_pain = decide(case(log=[*clean, _skipped(1, "pain")]))
    assert for_pain.action is Action.HOLD
    assert codes(for_pain.reasons) == ["skipped_for_pain"]


def test_a_skip_reason_must_be_known() -> None:
    import pytest

    from runback.engine import CaseFileError

    with pytest.raises(CaseFileError, match=r"log\[2\]\.skipped"):
        case(log=[run(5, 10), run(3, 10), _skipped(1, "bored")])
