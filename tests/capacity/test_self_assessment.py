"""Self-assessment records and their reading (rule ``rest_test``)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import TypeAdapter, ValidationError

from runback.engine.capacity import (
    STRIDE_CHECKLIST,
    CapacityRule,
    CoreActivationCheck,
    MobilityCheck,
    RestTest,
    SelfAssessment,
    StrideVideo,
    summarise,
)
from runback.engine.capacity.self_assessment import View

ADAPTER: TypeAdapter[SelfAssessment] = TypeAdapter(SelfAssessment)
DAY = dt.date(2026, 11, 20)


def test_rest_test_quick_return_points_to_movement() -> None:
    note = summarise(RestTest(date=DAY, rest_days=7, pain_returned_after_runs=1, runs_since=3))
    assert note.concern
    assert note.finding is not None
    assert note.finding.code is CapacityRule.REST_TEST
    assert "movement problem" in note.text


def test_rest_test_slow_return_points_to_load() -> None:
    note = summarise(RestTest(date=DAY, rest_days=8, pain_returned_after_runs=6, runs_since=6))
    assert not note.concern
    assert "load problem" in note.text


def test_rest_test_shorter_than_a_week_cannot_be_read() -> None:
    note = summarise(RestTest(date=DAY, rest_days=4, pain_returned_after_runs=1))
    assert note.finding is None
    assert "too short" in note.text


@pytest.mark.parametrize(
    ("seconds", "concern", "word"),
    [(5.0, False, "good"), (15.0, True, "borderline"), (30.0, True, "poor activation"),
     (None, True, "not felt")],
)  # fmt: skip
def test_core_activation_over_10_20_seconds_suggests_poor_activation(
    seconds: float | None, concern: bool, word: str
) -> None:
    check = CoreActivationCheck(
        date=DAY, region="abdominals", exercise="diagonal_chop", seconds_to_feel=seconds
    )
    note = summarise(check)
    assert note.concern is concern
    assert word in note.text


def test_mobility_flags_a_stiff_side_and_symptoms() -> None:
    even = summarise(MobilityCheck(date=DAY, test="knee_to_wall", left=10, right=10.5, unit="cm"))
    stiff = summarise(MobilityCheck(date=DAY, test="knee_to_wall", left=6, right=11, unit="cm"))
    sore = summarise(
        MobilityCheck(
            date=DAY, test="straight_leg_raise", left=80, right=80, unit="degrees",
            provokes_symptoms=True,
        )
    )  # fmt: skip
    assert not even.concern
    assert stiff.concern
    assert "left side is stiffer" in stiff.text
    assert sore.concern
    assert "brings on the symptoms" in sore.text


def test_stride_video_lists_what_was_seen_and_what_is_left_to_film() -> None:
    note = summarise(
        StrideVideo(date=DAY, views=["side"], signs=["overstriding"], looks_like_my_normal=False)
    )
    assert note.concern
    assert "overstriding" in note.text
    assert "Still to film: front view" in note.text


def test_the_stride_checklist_covers_both_views() -> None:
    assert {item.view for item in STRIDE_CHECKLIST} == set(View)


def test_self_assessments_are_read_by_kind_and_keep_their_date() -> None:
    record = ADAPTER.validate_python(
        {"kind": "core_activation", "date": "2026-11-20", "region": "glutes", "seconds_to_feel": 8}
    )
    assert isinstance(record, CoreActivationCheck)
    assert summarise(record).date == DAY


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "horoscope", "date": "2026-11-20"},
        {"kind": "rest_test", "date": "2026-11-20", "rest_days": -1},
        {"kind": "mobility", "date": "2026-11-20", "test": "knee_to_wall", "left": 5, "right": 6},
        {"kind": "stride_video", "date": "2026-11-20", "views": []},
    ],
)
def test_it_rejects_bad_self_assessments(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        ADAPTER.validate_python(bad)


def test_the_latest_readable_rest_test_counts() -> None:
    from runback.engine.capacity.self_assessment import rest_test_finding

    older = RestTest(date=DAY - dt.timedelta(days=30), rest_days=7, pain_returned_after_runs=1)
    newer = RestTest(date=DAY, rest_days=7, pain_returned_after_runs=5)
    unreadable = RestTest(date=DAY + dt.timedelta(days=1), rest_days=2)
    finding = rest_test_finding([older, newer, unreadable], DAY + dt.timedelta(days=2))
    assert finding is not None
    assert "load problem" in finding.text
    assert rest_test_finding([newer], DAY - dt.timedelta(days=1)) is None
