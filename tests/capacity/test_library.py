"""The exercise library data file and its schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from runback.engine.capacity import (
    HOME_KIT,
    ExerciseKind,
    LibraryError,
    PlyoLevel,
    Stance,
    UnknownExerciseError,
    library_json_schema,
    load_library,
    parse_library,
)
from runback.engine.capacity.library import LIBRARY_RESOURCE
from runback.engine.enums import Site

REPO = Path(__file__).resolve().parents[2]
LIBRARY_FILE = REPO / "src" / "runback" / "engine" / "capacity" / LIBRARY_RESOURCE


def _raw() -> dict[str, object]:
    data = yaml.safe_load(LIBRARY_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _exercises(raw: dict[str, object]) -> list[dict[str, object]]:
    exercises = raw["exercises"]
    assert isinstance(exercises, list)
    return exercises


def test_it_ships_at_least_forty_exercises() -> None:
    assert len(load_library().exercises) >= 40


def test_every_exercise_is_complete_in_the_data_file() -> None:
    required = {
        "id", "name", "kind", "stance", "unit", "loadable", "tissues", "sites",
        "equipment", "progression", "regression", "instructions",
    }  # fmt: skip
    for entry in _exercises(_raw()):
        missing = required - set(entry)
        assert not missing, f"{entry.get('id')} lacks {missing}"
        assert entry["tissues"], entry["id"]
        assert entry["sites"], entry["id"]


def test_every_progression_and_regression_points_to_an_existing_exercise() -> None:
    library = load_library()
    for exercise in library.exercises:
        assert exercise.progression in library
        assert exercise.regression in library


def test_every_site_has_heavy_exercises() -> None:
    library = load_library()
    for site in Site:
        assert library.select(site=site, kind=ExerciseKind.HEAVY), site


def test_every_site_has_heavy_exercises_with_home_kit_or_none() -> None:
    library = load_library()
    for site in Site:
        assert library.select(site=site, kind=ExerciseKind.HEAVY, equipment=HOME_KIT), site
        assert library.select(site=site, kind=ExerciseKind.HEAVY, equipment=()), site


@pytest.mark.parametrize(
    "exercise_id",
    [
        "single_leg_calf_raise", "single_leg_bent_knee_calf_raise",
        "eccentric_heel_drop_straight_knee", "isometric_calf_hold", "split_squat",
        "step_up", "spanish_squat", "leg_press", "hip_thrust", "single_leg_romanian_deadlift",
        "side_lying_hip_abduction", "standing_hip_abduction_banded", "nordic_hamstring_curl",
        "single_leg_long_lever_bridge", "towel_toe_curl", "short_foot", "diagonal_chop",
        "single_leg_balance", "pogo_hops", "a_skip", "bounds", "single_leg_hop_for_distance",
        "single_leg_hop_in_place",
    ],
)  # fmt: skip
def test_it_covers_the_exercises_the_programme_needs(exercise_id: str) -> None:
    assert exercise_id in load_library()


def test_plyometrics_climb_from_double_leg_low_to_single_leg_high() -> None:
    plyos = load_library().select(kind=ExerciseKind.PLYOMETRIC)
    levels = {e.plyo_level for e in plyos}
    assert set(PlyoLevel) - {PlyoLevel.DROP_JUMPS} <= levels
    for exercise in plyos:
        assert exercise.plyo_level is not None
        if exercise.plyo_level <= PlyoLevel.DOUBLE_MULTIDIRECTIONAL:
            assert exercise.stance is Stance.DOUBLE, exercise.id
        if exercise.plyo_level in {PlyoLevel.SINGLE_IN_PLACE, PlyoLevel.SINGLE_MULTIDIRECTIONAL}:
            assert exercise.stance is Stance.SINGLE, exercise.id


def test_an_unknown_exercise_is_named() -> None:
    with pytest.raises(UnknownExerciseError, match="'toe_crusher'"):
        load_library().get("toe_crusher")


def _broken(change: str) -> str:
    raw = _raw()
    exercises = _exercises(raw)
    if change == "missing_field":
        del exercises[0]["instructions"]
    elif change == "dangling_progression":
        exercises[0]["progression"] = "moon_walk"
    elif change == "no_heavy_for_groin":
        for entry in exercises:
            sites = entry["sites"]
            assert isinstance(sites, list)
            if entry["kind"] == "heavy" and "groin" in sites and len(sites) > 1:
                sites.remove("groin")
    elif change == "plyometric_without_level":
        next(e for e in exercises if e["kind"] == "plyometric").pop("plyo_level")
    elif change == "duplicate_id":
        exercises.append(dict(exercises[0]))
    elif change == "unknown_site":
        exercises[0]["sites"] = ["elbow"]
    return yaml.safe_dump(raw)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("missing_field", "instructions"),
        ("dangling_progression", "moon_walk"),
        ("no_heavy_for_groin", "groin"),
        ("plyometric_without_level", "plyo_level"),
        ("duplicate_id", "duplicate"),
        ("unknown_site", "elbow"),
    ],
)
def test_it_rejects_a_broken_library_and_says_why(change: str, message: str) -> None:
    with pytest.raises(LibraryError, match=message):
        parse_library(_broken(change))


def test_it_rejects_library_text_that_is_not_yaml() -> None:
    with pytest.raises(LibraryError, match="YAML"):
        parse_library("exercises: [unclosed")


def test_the_published_json_schema_matches_the_models() -> None:
    published = (REPO / "docs" / "exercise-library.schema.json").read_text(encoding="utf-8")
    assert published == library_json_schema()
    schema = json.loads(published)
    exercise = schema["$defs"]["Exercise"]
    assert {"progression", "regression", "kind", "tissues", "sites", "equipment"} <= set(
        exercise["required"]
    )


def test_the_library_is_read_once() -> None:
    assert load_library() is load_library()
