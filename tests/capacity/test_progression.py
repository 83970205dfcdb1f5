"""Load progression from the strength log (rule ``strength_load_progression``)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runback.engine.capacity import (
    CapacityRule,
    LoadDecision,
    RepScheme,
    StrengthLogEntry,
    StrengthStage,
    advise_load,
    load_library,
    rep_scheme,
)

CALF = load_library().get("single_leg_calf_raise")
NORDIC = load_library().get("nordic_hamstring_curl")
EIGHTS = RepScheme(4, 8)
DAY = dt.date(2026, 11, 2)


def entry(**fields: object) -> StrengthLogEntry:
    data: dict[str, object] = {
        "date": DAY, "exercise": CALF.id, "sets": 4, "reps": 8, "load_kg": 20.0, "rir": 1,
    }  # fmt: skip
    data.update(fields)
    return StrengthLogEntry.model_validate(data)


def test_strength_load_progression_high_reps_in_reserve_loads_up() -> None:
    advice = advise_load(CALF, [entry(rir=4)], EIGHTS)
    assert advice.decision is LoadDecision.INCREASE
    assert advice.load_kg == 21.0
    assert advice.finding.code is CapacityRule.STRENGTH_LOAD_PROGRESSION
    assert "4 reps were left in reserve" in advice.finding.text


def test_strength_load_progression_missed_reps_holds() -> None:
    advice = advise_load(CALF, [entry(reps=6, rir=0)], EIGHTS)
    assert advice.decision is LoadDecision.HOLD
    assert advice.load_kg == 20.0
    assert "6 of 8 reps" in advice.finding.text


def test_missed_reps_even_with_reserve_holds() -> None:
    advice = advise_load(CALF, [entry(reps=6, rir=3)], EIGHTS)
    assert advice.decision is LoadDecision.HOLD


def test_missed_reps_twice_in_a_row_reduces_by_ten_percent() -> None:
    history = [entry(reps=6, rir=0), entry(date=DAY + dt.timedelta(days=2), reps=7, rir=0)]
    advice = advise_load(CALF, history, EIGHTS)
    assert advice.decision is LoadDecision.REDUCE
    assert advice.load_kg == 18.0


def test_heavy_sets_with_every_rep_done_hold_the_load() -> None:
    advice = advise_load(CALF, [entry(rir=2)], EIGHTS)
    assert advice.decision is LoadDecision.HOLD
    assert advice.load_kg == 20.0


def test_pain_above_the_tendon_allowance_reduces() -> None:
    advice = advise_load(CALF, [entry(rir=4, pain=6)], EIGHTS)
    assert advice.decision is LoadDecision.REDUCE
    assert advice.load_kg == 18.0
    assert "6/10" in advice.finding.text


def test_nothing_logged_asks_for_a_starting_load() -> None:
    advice = advise_load(CALF, [], EIGHTS)
    assert advice.decision is LoadDecision.START
    assert advice.load_kg is None
    assert "8 times" in advice.finding.text


def test_other_exercises_in_the_log_are_ignored() -> None:
    other = entry(exercise="split_squat", rir=5)
    assert advise_load(CALF, [other], EIGHTS).decision is LoadDecision.START


def test_the_latest_entry_decides_whatever_the_list_order() -> None:
    newer = entry(date=DAY + dt.timedelta(days=3), rir=4, load_kg=22.0)
    advice = advise_load(CALF, [newer, entry(reps=5)], EIGHTS)
    assert advice.decision is LoadDecision.INCREASE
    assert advice.load_kg == 23.0


def test_a_ladder_step_to_fewer_reps_scales_the_load() -> None:
    done_tens = entry(reps=10, target_reps=10, rir=1, load_kg=30.0)
    advice = advise_load(CALF, [done_tens], EIGHTS)
    assert advice.decision is LoadDecision.INCREASE
    assert advice.load_kg == 32.0  # 30 x 80/75, rounded down to 0.5 kg


def test_body_weight_moves_to_a_first_external_load() -> None:
    advice = advise_load(CALF, [entry(load_kg=0, rir=5)], EIGHTS)
    assert advice.load_kg == 2.5


def test_an_exercise_that_cannot_take_weight_stays_put_at_the_top_of_its_ladder() -> None:
    nordic = entry(exercise=NORDIC.id, load_kg=0, rir=4)
    advice = advise_load(NORDIC, [nordic], EIGHTS)
    assert advice.decision is LoadDecision.HOLD
    assert "slowly" in advice.finding.text


def test_an_unloadable_exercise_with_a_harder_version_moves_on() -> None:
    curl = load_library().get("slider_hamstring_curl")
    advice = advise_load(curl, [entry(exercise=curl.id, load_kg=0, rir=4)], EIGHTS)
    assert advice.decision is LoadDecision.HARDER_EXERCISE
    nordic = load_library().get("nordic_hamstring_curl")
    assert nordic is not None
    assert f"move on to {nordic.name} " in advice.finding.text  # its name, not its id
    assert "nordic_hamstring_curl" not in advice.finding.text


@pytest.mark.parametrize(
    ("exercise_id", "history"),
    [
        ("single_leg_calf_raise", []),  # start
        ("single_leg_calf_raise", [{"rir": 4}]),  # increase
        ("single_leg_calf_raise", [{"rir": 1}]),  # hold: heavy, every rep done
        ("single_leg_calf_raise", [{"reps": 6}]),  # hold: reps missed
        ("single_leg_calf_raise", [{"pain": 7}]),  # reduce
        ("nordic_hamstring_curl", [{"load_kg": 0, "rir": 4}]),  # slower lowering
        ("slider_hamstring_curl", [{"load_kg": 0, "rir": 4}]),  # a harder exercise
    ],
)
def test_the_advice_leaves_the_name_to_the_plans_row_and_the_reason_names_it(
    exercise_id: str, history: list[dict[str, object]]
) -> None:
    exercise = load_library().get(exercise_id)
    logged = [entry(exercise=exercise_id, **fields) for fields in history]
    advice = advise_load(exercise, logged, EIGHTS)
    assert exercise.name not in advice.advice
    assert advice.advice[0].islower() or advice.advice[0].isdigit()
    assert advice.finding.text == f"{exercise.name}: {advice.advice}"


def test_the_ladder_goes_from_15_to_6_reps_over_about_twelve_weeks() -> None:
    reps = [rep_scheme(StrengthStage.BUILD, week).reps for week in range(12)]
    assert reps[0] == 15
    assert reps[-1] == 6
    assert reps == sorted(reps, reverse=True)
    assert all(3 <= rep_scheme(StrengthStage.BUILD, w).sets <= 5 for w in range(20))
    assert rep_scheme(StrengthStage.MAINTAIN, 30) == RepScheme(3, 6)


entries = st.builds(
    StrengthLogEntry,
    date=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31)),
    exercise=st.just(CALF.id),
    sets=st.integers(1, 6),
    reps=st.integers(0, 20),
    load_kg=st.floats(0, 300, allow_nan=False).map(lambda x: round(x * 2) / 2),
    rir=st.none() | st.integers(0, 8),
    target_reps=st.none() | st.integers(4, 15),
    pain=st.none() | st.integers(0, 10),
)


@given(st.lists(entries, min_size=1, max_size=6), st.integers(4, 15))
def test_property_loads_stay_sane(history: list[StrengthLogEntry], reps: int) -> None:
    advice = advise_load(CALF, history, RepScheme(4, reps))
    # The latest date wins; on a tie the stable sort keeps list order.
    last = sorted(history, key=lambda e: e.date)[-1]
    assert advice.load_kg is not None
    assert advice.load_kg >= 0
    assert advice.load_kg <= max(last.load_kg * 1.10, last.load_kg + 2.5)
    aimed = last.target_reps or reps
    if advice.decision is LoadDecision.INCREASE:
        assert advice.load_kg > last.load_kg
        assert last.reps >= aimed
    if last.reps < aimed:
        assert advice.decision in {LoadDecision.HOLD, LoadDecision.REDUCE}
        assert advice.load_kg <= last.load_kg
