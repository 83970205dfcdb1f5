"""Decisions beyond the DOMAIN table: stale runs, first runs, what the answer carries."""

from __future__ import annotations

import datetime as dt

from runback.engine import Action, PainPattern, decide
from tests.engine.builders import case, codes, run


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
