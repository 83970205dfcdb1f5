"""The case file accepts ``tests``, ``strength_log`` and ``self_assessments``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from runback.engine import CaseFileError, parse_case
from runback.engine.capacity import CoreActivationCheck, ReadinessTestName

TODAY = dt.date(2026, 11, 22)
BASE: dict[str, Any] = {
    "today": "2026-11-22",
    "runner": {"age": 34},
    "injury": {
        "site": "achilles", "kind": "tendinopathy", "onset": "2026-10-01",
        "pain_rest": 0, "pain_walking": 1,
    },
}  # fmt: skip
TEST = {"date": "2026-11-20", "name": "single_leg_calf_raise", "left": 18, "right": 24,
        "unit": "reps"}  # fmt: skip
LIFT = {"date": "2026-11-20", "exercise": "split_squat", "sets": 4, "reps": 8, "load_kg": 20,
        "rir": 2}  # fmt: skip
CHECK = {"kind": "core_activation", "date": "2026-11-19", "region": "glutes",
         "seconds_to_feel": 25}  # fmt: skip


def test_the_capacity_keys_are_read() -> None:
    case = parse_case(
        {**BASE, "tests": [TEST], "strength_log": [LIFT], "self_assessments": [CHECK]}, TODAY
    )
    assert case.tests[0].name is ReadinessTestName.SINGLE_LEG_CALF_RAISE
    assert case.strength_log[0].load_kg == 20
    assert isinstance(case.self_assessments[0], CoreActivationCheck)


def test_the_capacity_keys_are_optional() -> None:
    case = parse_case(BASE, TODAY)
    assert case.tests == ()
    assert case.strength_log == ()
    assert case.self_assessments == ()


@pytest.mark.parametrize(
    ("key", "entry", "field", "words"),
    [
        ("tests", {**TEST, "name": "handstand"}, "tests[1].name", "unknown readiness test"),
        ("tests", {k: v for k, v in TEST.items() if k != "unit"}, "tests[1].unit", "required"),
        ("tests", {**TEST, "unit": "cm"}, "tests[1]", "recorded in reps"),
        ("tests", {**TEST, "left": -1}, "tests[1].left", "too low"),
        ("strength_log", {**LIFT, "exercise": "curl"}, "strength_log[1].exercise", "unknown"),
        ("strength_log", {**LIFT, "load_kg": -5}, "strength_log[1].load_kg", "too low"),
        ("strength_log", {**LIFT, "reps": -1}, "strength_log[1].reps", "too low"),
        ("self_assessments", {**CHECK, "kind": "tarot"}, "self_assessments[1]", "unknown kind"),
    ],
)
def test_bad_capacity_entries_name_the_entry(
    key: str, entry: dict[str, Any], field: str, words: str
) -> None:
    good = {"tests": TEST, "strength_log": LIFT, "self_assessments": CHECK}[key]
    with pytest.raises(CaseFileError) as caught:
        parse_case({**BASE, key: [good, entry]}, TODAY)
    assert caught.value.field == field
    assert words in caught.value.message
