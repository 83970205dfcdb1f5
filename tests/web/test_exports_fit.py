"""The FIT workout files: Garmin's own SDK must decode them and see the right steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from garmin_fit_sdk import Decoder, Stream

from runback.web.exports.fitworkout import (
    Intensity,
    Repeat,
    Sport,
    Step,
    Workout,
    WorkoutError,
    crc16,
    encode_workout,
)
from runback.web.exports.planned import Block, PlannedSession, session_from_contract
from runback.web.exports.workouts import workout_for

CREATED = dt.datetime(2026, 11, 24, 6, 30, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 25)


def decode(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """Decode with Garmin's official SDK, failing on any error it reports."""
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    assert decoder.is_fit()
    assert decoder.check_integrity(), "file CRC or size is wrong"
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    messages, errors = decoder.read()
    assert errors == []
    return messages  # type: ignore[no-any-return]


def steps_of(data: bytes) -> list[tuple[Any, ...]]:
    """(name, duration type, seconds or repeat target, intensity) per decoded step."""
    out = []
    for step in decode(data)["workout_step_mesgs"]:
        if step["duration_type"] == "repeat_until_steps_cmplt":
            out.append(("repeat", step["duration_step"], step["repeat_steps"]))
        else:
            out.append((step["wkt_step_name"], step["duration_time"], step["intensity"]))
    return out


def test_it_computes_the_fit_crc_of_a_known_vector() -> None:
    # The FIT CRC is CRC-16/ARC: its standard check value for "123456789" is 0xBB3D.
    assert crc16(b"123456789") == 0xBB3D


def test_it_writes_a_run_walk_session_that_garmins_sdk_reads_step_by_step() -> None:
    session = PlannedSession(
        date=DAY,
        kind="run_walk",
        run_minutes=15,
        walk_minutes=3,
        intervals=(Block(3, 5, 1),),
    )
    data = encode_workout(workout_for(session), CREATED)

    messages = decode(data)
    assert messages["file_id_mesgs"][0]["type"] == "workout"
    assert messages["file_id_mesgs"][0]["time_created"] == CREATED.replace(second=0)
    workout = messages["workout_mesgs"][0]
    assert workout["sport"] == "running"
    assert workout["wkt_name"] == "25 Nov run 15 walk 3"
    assert workout["num_valid_steps"] == 5
    assert steps_of(data) == [
        ("Warm-up walk", 300.0, "warmup"),
        ("Run", 300.0, "active"),
        ("Walk", 60.0, "recovery"),
        ("repeat", 1, 3),
        ("Cool-down walk", 300.0, "cooldown"),
    ]


def test_it_writes_several_blocks_and_a_single_run_without_a_repeat() -> None:
    session = session_from_contract(
        DAY,
        {
            "kind": "run_walk",
            "run_minutes": 12,
            "walk_minutes": 2,
            "intervals": [
                {"repeats": 2, "run_minutes": 4, "walk_minutes": 1},
                {"repeats": 1, "run_minutes": 4, "walk_minutes": 0},
            ],
        },
    )
    assert steps_of(encode_workout(workout_for(session), CREATED)) == [
        ("Warm-up walk", 300.0, "warmup"),
        ("Run", 240.0, "active"),
        ("Walk", 60.0, "recovery"),
        ("repeat", 1, 2),
        ("Run", 240.0, "active"),
        ("Cool-down walk", 300.0, "cooldown"),
    ]


def test_it_falls_back_to_one_run_then_walk_when_the_plan_gives_no_intervals() -> None:
    session = PlannedSession(date=DAY, kind="run", run_minutes=20)
    assert steps_of(encode_workout(workout_for(session), CREATED))[1] == ("Run", 1200.0, "active")


def test_it_writes_a_plain_walk_as_a_walking_workout() -> None:
    data = encode_workout(workout_for(PlannedSession(date=DAY, kind="walk", minutes=30)), CREATED)
    assert decode(data)["workout_mesgs"][0]["sport"] == "walking"
    assert steps_of(data) == [("Walk", 1800.0, "active")]


def test_it_cuts_long_names_on_a_character_boundary() -> None:
    workout = Workout("Ünïcödé " * 10, Sport.RUNNING, (Step("Løb " * 10, 60, Intensity.ACTIVE),))
    messages = decode(encode_workout(workout, CREATED))
    assert messages["workout_mesgs"][0]["wkt_name"].startswith("Ünïcödé")
    assert len(messages["workout_step_mesgs"][0]["wkt_step_name"].encode()) <= 15


def test_it_rejects_sessions_with_nothing_to_follow() -> None:
    with pytest.raises(WorkoutError, match="strength"):
        workout_for(PlannedSession(date=DAY, kind="strength", minutes=30))
    with pytest.raises(WorkoutError, match="no steps"):
        encode_workout(Workout("empty", Sport.RUNNING, ()), CREATED)
    with pytest.raises(WorkoutError, match="no duration"):
        encode_workout(Workout("x", Sport.RUNNING, (Step("Run", 0, Intensity.ACTIVE),)), CREATED)
    with pytest.raises(WorkoutError, match="repeat"):
        encode_workout(Workout("x", Sport.RUNNING, (Repeat((), 2),)), CREATED)
    with pytest.raises(WorkoutError, match="timezone"):
        encode_workout(
            workout_for(PlannedSession(date=DAY, kind="run", run_minutes=5)),
            dt.datetime(2026, 1, 1),
        )


def test_a_corrupted_file_fails_garmins_integrity_check() -> None:
    data = bytearray(
        encode_workout(workout_for(PlannedSession(date=DAY, kind="run", run_minutes=5)), CREATED)
    )
    data[30] ^= 0xFF
    assert not Decoder(Stream.from_byte_array(data)).check_integrity()


STRENGTH = {
    "kind": "strength",
    "minutes": 30,
    "why": "Heavy, slow strength work.",
    "exercises": [
        {"name": "Single-leg calf raise", "sets": 3, "reps": 8, "load": "20 kg",
         "rest_s": 120, "exercise": "single_leg_calf_raise", "load_kg": 20},
        {"name": "Isometric calf hold", "sets": 3, "reps": 1, "load": "body weight",
         "rest_s": 60, "exercise": "isometric_calf_hold", "hold_s": 30},
    ],
}  # fmt: skip


def test_it_writes_a_strength_session_as_sets_of_reps_with_rests() -> None:
    session = session_from_contract(DAY, STRENGTH)
    messages = decode(encode_workout(workout_for(session), CREATED))
    workout = messages["workout_mesgs"][0]
    assert (workout["sport"], workout["sub_sport"]) == ("training", "strength_training")
    steps = messages["workout_step_mesgs"]
    assert steps[0]["wkt_step_name"] == "Single-leg calf"  # cut to fit the watch
    assert steps[0]["duration_type"] == "reps"
    assert steps[0]["duration_reps"] == 8
    assert steps[0]["notes"] == "Single-leg calf raise, 20 kg"
    assert (steps[1]["wkt_step_name"], steps[1]["duration_time"]) == ("Rest", 120.0)
    assert (steps[2]["duration_type"], steps[2]["repeat_steps"]) == ("repeat_until_steps_cmplt", 3)
    assert (steps[3]["duration_type"], steps[3]["duration_time"]) == ("time", 30.0)


def test_it_writes_cross_training_as_one_timed_cardio_step() -> None:
    session = session_from_contract(
        DAY, {"kind": "cross_training", "minutes": 30, "why": "Non-impact cardio."}
    )
    messages = decode(encode_workout(workout_for(session), CREATED))
    assert messages["workout_mesgs"][0]["sport"] == "training"
    [step] = messages["workout_step_mesgs"]
    assert (step["wkt_step_name"], step["duration_time"]) == ("Easy cardio", 1800.0)
