"""``runback exercises`` and ``runback tests``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from runback.cli import app
from runback.engine.capacity import BATTERY, load_library

RUNNER = CliRunner(env={"COLUMNS": "250"})


def test_exercises_lists_the_whole_library_as_json() -> None:
    result = RUNNER.invoke(app, ["exercises", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data) == len(load_library().exercises)
    assert {"id", "name", "kind", "tissues", "sites", "equipment"} <= set(data[0])


def test_exercises_filters_by_site() -> None:
    result = RUNNER.invoke(app, ["exercises", "--site", "groin", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data
    assert all("groin" in e["sites"] for e in data)
    assert any(e["id"] == "copenhagen_adductor_plank" for e in data)


def test_exercises_as_a_table() -> None:
    result = RUNNER.invoke(app, ["exercises", "--site", "achilles", "--kind", "heavy"])
    assert result.exit_code == 0, result.output
    assert "single_leg_calf_raise" in result.stdout
    assert "split_squat" not in result.stdout


def test_exercises_rejects_an_unknown_site() -> None:
    result = RUNNER.invoke(app, ["exercises", "--site", "elbow"])
    assert result.exit_code == 2
    assert "elbow" in result.output


def test_tests_shows_the_battery_with_criteria() -> None:
    result = RUNNER.invoke(app, ["tests", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [t["name"] for t in data] == [t.name.value for t in BATTERY]
    calf = next(t for t in data if t["name"] == "single_leg_calf_raise")
    assert calf["criteria"]["return"] == {"minimum": 20, "min_lsi": 90}
    table = RUNNER.invoke(app, ["tests"])
    assert table.exit_code == 0
    assert "brisk_walk" in table.stdout
    assert "symmetry" in table.stdout
