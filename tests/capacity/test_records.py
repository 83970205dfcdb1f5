"""Bad input in test results and the strength log is refused with a named reason."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from runback.engine.capacity import ReadinessResult, StrengthLogEntry, TestUnit

GOOD_TEST = {"date": "2026-11-20", "name": "single_leg_calf_raise", "left": 18, "right": 24,
             "unit": "reps"}  # fmt: skip
GOOD_LOG = {"date": "2026-11-20", "exercise": "split_squat", "sets": 4, "reps": 8,
            "load_kg": 20, "rir": 2}  # fmt: skip


def test_a_complete_test_result_is_read() -> None:
    result = ReadinessResult.model_validate(GOOD_TEST)
    assert result.unit is TestUnit.REPS
    assert (result.weaker, result.stronger) == (18, 24)


def test_a_walk_needs_only_one_value() -> None:
    walk = ReadinessResult.model_validate(
        {"date": "2026-11-20", "name": "brisk_walk", "left": 30, "unit": "minutes"}
    )
    assert walk.weaker == 30


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "handstand"}, "unknown readiness test 'handstand'"),
        ({"unit": None}, "unit"),
        ({"unit": "seconds"}, "recorded in reps, not seconds"),
        ({"right": None}, "needs both a left and a right"),
        ({"left": -3}, "greater than or equal to 0"),
        ({"pain": 11}, "less than or equal to 10"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_it_rejects_a_bad_test_result(change: dict[str, object], message: str) -> None:
    data = {**GOOD_TEST, **change}
    if change.get("unit", "") is None:
        del data["unit"]
    with pytest.raises(ValidationError, match=message):
        ReadinessResult.model_validate(data)


def test_a_result_with_no_value_at_all_is_refused() -> None:
    with pytest.raises(ValidationError, match="needs a result"):
        ReadinessResult.model_validate(
            {"date": "2026-11-20", "name": "brisk_walk", "unit": "minutes"}
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"exercise": "bicep_curl"}, "unknown exercise 'bicep_curl'"),
        ({"load_kg": -5}, "greater than or equal to 0"),
        ({"reps": -1}, "greater than or equal to 0"),
        ({"sets": 0}, "greater than or equal to 1"),
        ({"rir": -1}, "greater than or equal to 0"),
    ],
)
def test_it_rejects_a_bad_strength_log_entry(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        StrengthLogEntry.model_validate({**GOOD_LOG, **change})


def test_a_good_strength_log_entry_is_read() -> None:
    entry = StrengthLogEntry.model_validate(GOOD_LOG)
    assert entry.load_kg == 20.0
    assert entry.target_reps is None
