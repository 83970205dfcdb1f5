"""The spike rule guards the engine's next-run sizing once running is continuous."""

from __future__ import annotations

from runback.engine import decide
from runback.engine.dosing import CONTINUOUS_TARGET, cap_next_run, spike_limit
from tests.engine.builders import case, run


def _continuous(ago: int, minutes: float) -> dict[str, object]:
    return run(ago, minutes, walk_minutes=0)


def test_next_run_never_exceeds_ten_percent_over_the_longest_recent_continuous_run() -> None:
    c = case(log=[_continuous(10, 30), _continuous(6, 32), _continuous(2, 30)])
    assert spike_limit(c) == 35  # floor(1.10 x 32)
    capped = cap_next_run(c, 45, spike_guard=True)
    assert capped.run_minutes == 35
    assert [r.code for r in capped.reasons] == ["single_run_spike"]
    assert "32" in capped.reasons[0].text


def test_the_guard_only_applies_when_asked_so_plans_keep_their_own_growth() -> None:
    c = case(log=[_continuous(2, 30)])
    assert cap_next_run(c, 45).run_minutes == 45


def test_run_walk_sessions_are_sized_by_minutes_not_by_the_spike_rule() -> None:
    c = case(log=[run(2, 20, walk_minutes=2)])
    assert spike_limit(c) is None
    assert cap_next_run(c, 24, spike_guard=True).run_minutes == 24


def test_short_continuous_runs_still_grow_two_minutes_a_week() -> None:
    # Below the engine's continuous target (30 min) a 10% cap would freeze a 5-minute
    # runner at 5 minutes for ever; the +2 minutes rule governs there.
    c = case(log=[_continuous(2, CONTINUOUS_TARGET - 10)])
    assert spike_limit(c) is None


def test_runs_older_than_30_days_do_not_count() -> None:
    c = case(log=[_continuous(40, 60), _continuous(3, 30)])
    assert spike_limit(c) == 33


def test_decide_never_proposes_a_spike_after_continuous_runs() -> None:
    log = [_continuous(ago, 40) for ago in (13, 11, 9, 7, 5, 3, 1)]
    answer = decide(case(log=log))
    assert answer.next_run is not None
    assert answer.next_run.run_minutes <= 44
