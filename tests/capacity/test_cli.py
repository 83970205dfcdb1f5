"""``runback exercises`` and ``runback tests``."""

from __future__ import annotations

import json
from pathlib import Path

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


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "capacity_achilles_tests.json"


def test_tests_with_a_case_shows_results_symmetry_and_gates() -> None:
    result = RUNNER.invoke(app, ["tests", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    calf = next(r for r in data["results"] if r["name"] == "single_leg_calf_raise")
    assert (calf["left"], calf["right"], calf["symmetry"]) == (21, 25, 84)
    gates = {g["gate"]: g for g in data["gates"]}
    assert gates["plyometrics"]["open"] is True
    assert gates["return"]["open"] is False
    assert gates["return"]["holding_back"] == ["single_leg_calf_raise"]
    assert any(n["kind"] == "core_activation" and n["concern"] for n in data["self_assessments"])
    table = RUNNER.invoke(app, ["tests", str(EXAMPLE)])
    assert table.exit_code == 0, table.output
    assert "84%" in table.stdout
    assert "holds you back" in table.stdout


def test_tests_with_a_bad_case_exits_2_naming_the_entry(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    del data["tests"][0]["unit"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = RUNNER.invoke(app, ["tests", str(bad)])
    assert result.exit_code == 2
    assert "tests[0].unit: is required" in result.output
