"""Sizing runs: the walk/run timeline adds up, growth and back-off move the right way."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from runback.engine import Pathway
from runback.engine.dosing import backed_off, cap_next_run, grown, shape, split_text
from tests.engine.builders import case


@given(st.integers(0, 180), st.sampled_from(list(Pathway)))
def test_the_timeline_adds_up_to_the_session(minutes: int, pathway: Pathway) -> None:
    run_shape = shape(minutes, pathway)
    assert run_shape.run_minutes == minutes
    assert sum(b.repeats * b.run_minutes for b in run_shape.intervals) == minutes
    assert sum(b.repeats * b.walk_minutes for b in run_shape.intervals) == run_shape.walk_minutes
    if minutes:
        assert run_shape.intervals[-1].walk_minutes == 0 or run_shape.intervals[-1].run_minutes == 0


def test_ten_minutes_is_five_run_one_walk_five_run() -> None:
    run_shape = shape(10, Pathway.OTHER)
    assert split_text(run_shape) == "5 min run / 1 min walk, then 5 min run"


def test_a_short_long_layoff_run_is_only_the_run() -> None:
    """The drills and the hard walk around it are sessions of their own (test_rules)."""
    run_shape = shape(4, Pathway.LONG_LAYOFF)
    assert (run_shape.run_minutes, run_shape.walk_minutes) == (4, 0)
    assert split_text(run_shape) == "4 min run"


@given(st.integers(1, 300))
def test_growth_always_grows_and_back_off_always_shrinks(minutes: int) -> None:
    assert grown(minutes) > minutes
    assert backed_off(minutes, None) <= max(1, minutes - 1) or minutes == 1
    assert backed_off(minutes, None) >= 1


@given(st.integers(1, 120), st.one_of(st.none(), st.floats(0, 200)))
def test_back_off_to_the_onset_of_pain_is_never_longer(minutes: int, onset: float | None) -> None:
    assert 1 <= backed_off(minutes, onset) <= minutes


def test_cap_next_run_respects_the_day_and_never_lengthens_a_back_off() -> None:
    c = case(availability={"minutes_per_day": 20})
    assert cap_next_run(c, 45).run_minutes == 20
    assert cap_next_run(case(), 15, last_minutes=10, backing_off=True).run_minutes == 10
