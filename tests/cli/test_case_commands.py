"""The case-file contract at the command line: answers, exit codes, stdout and stderr.

A few tests run the installed ``runback`` console script in a subprocess (the real
thing, as clinic tools call it); the rest use Typer's CliRunner for speed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from runback.cli import app
from tests.engine.builders import make_case, run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
RUNBACK = Path(sys.executable).with_name("runback")
runner = CliRunner()


def write(tmp_path: Path, data: Any, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def console(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RUNBACK), *args], capture_output=True, text=True, timeout=60, check=False
    )


# -- the real console script --------------------------------------------------------------
def test_assess_json_answers_the_contract() -> None:
    done = console("assess", str(EXAMPLES / "pathway_acute.json"), "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["triage"]["status"] == "self_guided"
    assert isinstance(answer["triage"]["reasons"], list)
    assert answer["pathway"] == "acute"
    assert answer["phase"] in {"settle", "capacity", "return", "integrate"}
    assert [day["date"] for day in answer["week"]] == [
        "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26",
        "2026-11-27", "2026-11-28", "2026-11-29",
    ]  # fmt: skip
    for day in answer["week"]:
        for session in day["sessions"]:
            assert {"kind", "run_minutes", "walk_minutes", "intensity", "why"} <= set(session)
            assert session["intensity"] in {"easy", "steady", "hard"}
    assert done.stderr == ""


def test_decide_json_answers_the_contract() -> None:
    done = console("decide", str(EXAMPLES / "pattern_building_pain.json"), "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["action"] == "back_off"
    assert answer["pattern"] == "building_pain"
    assert {r["code"] for r in answer["reasons"]} >= {"building_pain_back_off"}
    assert set(answer["next_run"]) >= {"run_minutes", "walk_minutes", "intensity"}
    assert answer["next_run"]["run_minutes"] < 12


def test_a_referral_is_an_answer_with_a_null_next_run() -> None:
    done = console("decide", str(EXAMPLES / "refer_night_pain.json"), "--json")
    assert done.returncode == 0
    answer = json.loads(done.stdout)
    assert answer["action"] == "refer"
    assert answer["next_run"] is None


def test_an_invalid_case_file_exits_2_naming_the_field(tmp_path: Path) -> None:
    bad = make_case(injury__pain_rest=11)
    done = console("assess", str(write(tmp_path, bad)), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == "injury.pain_rest: 11 is outside 0-10"


# -- CliRunner --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "field"),
    [
        (make_case(injury__site="toe"), "injury.site"),
        (make_case(injury__onset="2026-13-45"), "injury.onset"),
        (make_case(injury=None), "injury"),
        (make_case(log=[run(2, pain_after=11)]), "log[0].pain_after"),
        (make_case(log=[{**run(2), "date": "yesterday"}]), "log[0].date"),
        (make_case(runner__age="old"), "runner.age"),
        (make_case(red_flags=["toothache"]), "red_flags[0]"),
        (make_case(availability={"days": ["mon"]}), "availability.days"),
        ([1, 2, 3], "case"),
    ],
)
@pytest.mark.parametrize("command", ["assess", "decide"])
def test_bad_input_exits_2_with_one_message(
    tmp_path: Path, command: str, data: Any, field: str
) -> None:
    result = runner.invoke(app, [command, str(write(tmp_path, data)), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{field}: ")


def test_unknown_site_lists_the_choices(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", str(write(tmp_path, make_case(injury__site="toe")))])
    assert result.exit_code == 2
    assert "unknown site 'toe'" in result.stderr
    assert "achilles" in result.stderr


def test_not_json_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", str(write(tmp_path, "{not json"))])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "not valid JSON" in result.stderr


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["decide", str(tmp_path / "absent.json")])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no such file" in result.stderr


def test_today_defaults_to_the_real_date(tmp_path: Path) -> None:
    data = make_case(today=None, injury__onset="2020-01-01", injury__last_run="2020-01-01")
    result = runner.invoke(app, ["assess", str(write(tmp_path, data)), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["pathway"] == "long_layoff"


def test_plan_covers_the_requested_weeks(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["plan", str(EXAMPLES / "pattern_no_pain.json"), "--weeks", "3", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert len(answer["days"]) == 21
    assert len(answer["weeks"]) == 3
    assert answer["days"][0]["date"] == "2026-11-23"


def test_plan_refuses_zero_weeks() -> None:
    result = runner.invoke(app, ["plan", str(EXAMPLES / "pattern_no_pain.json"), "--weeks", "0"])
    assert result.exit_code == 2
    assert result.stdout == ""


def test_assess_renders_a_week_table_and_a_notice() -> None:
    result = runner.invoke(app, ["assess", str(EXAMPLES / "pathway_acute.json")])
    assert result.exit_code == 0
    assert "Triage" in result.stdout
    assert "The next 7 days" in result.stdout
    assert "Mon 23 Nov" in result.stdout
    assert "acute_half_volume" in result.stdout
    assert "Decision" in result.stdout
    assert "not medical advice" in result.stdout


def test_decide_renders_the_decision_and_reasons() -> None:
    result = runner.invoke(app, ["decide", str(EXAMPLES / "pattern_building_pain.json")])
    assert result.exit_code == 0
    assert "back_off" in result.stdout
    assert "building_pain_back_off" in result.stdout
    assert "not medical advice" in result.stdout


def test_a_referral_renders_without_a_next_run() -> None:
    result = runner.invoke(app, ["decide", str(EXAMPLES / "refer_night_pain.json")])
    assert result.exit_code == 0
    assert "none until a clinician has seen you" in result.stdout


def test_example_shows_the_bundled_case() -> None:
    result = runner.invoke(app, ["example"])
    assert result.exit_code == 0, result.stderr
    assert "Example case" in result.stdout
    assert "Week 1" in result.stdout
    assert "Week 2" in result.stdout
    assert "not medical advice" in result.stdout


def test_example_json_includes_the_case_and_the_plan() -> None:
    result = runner.invoke(app, ["example", "--json", "--weeks", "1"])
    assert result.exit_code == 0
    answer = json.loads(result.stdout)
    assert answer["case"]["injury"]["site"] == "achilles"
    assert len(answer["plan"]["days"]) == 7


# -- a clinician's overrides (the case file's ``clinician`` block) ------------------------------
STEERED_LOG = [run(6, 10), run(4, 10), run(2, 10, during=2, pattern="steady")]
STEERING = {
    "name": "Sam Lee",
    "pain_allowance": {"value": 1, "reason": "keep it quiet this week"},
    "weekly_run_minutes": {"minutes": 24, "reason": "race week"},
    "instruction": {"text": "Walk the hills."},
}


def test_assess_and_decide_honour_a_clinician_block(tmp_path: Path) -> None:
    plain = write(tmp_path, make_case(log=STEERED_LOG), "plain.json")
    steered = write(tmp_path, make_case(log=STEERED_LOG, clinician=STEERING), "steered.json")
    before = json.loads(console("assess", str(plain), "--json").stdout)
    done = console("assess", str(steered), "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert before["allowed_pain"] == 3
    assert answer["allowed_pain"] == 1
    assert answer["week_summary"]["run_minutes"] <= 24 < before["week_summary"]["run_minutes"]
    said = {r["code"]: r["text"] for r in answer["reasons"]}
    assert said["clinician_volume_cap"] == (
        "Your clinician Sam Lee capped your running at 24 min a week: race week"
    )
    assert said["clinician_instruction"] == "Your clinician Sam Lee says: Walk the hills."

    decided = console("decide", str(steered), "--json")
    assert decided.returncode == 0, decided.stderr
    decision = json.loads(decided.stdout)
    reason_codes = [r["code"] for r in decision["reasons"]]
    assert "pain_above_allowance" in reason_codes  # 2/10 is over the clinician's 1/10
    assert "clinician_pain_allowance" in reason_codes
    assert decision["next_run"]["run_minutes"] <= 24 // 3


def test_a_clinician_block_cannot_lift_a_red_flag_at_the_command_line(tmp_path: Path) -> None:
    block = {**STEERING, "phase": {"mode": "advance", "phase": "integrate", "reason": "fine"}}
    path = write(tmp_path, make_case(red_flags=["night_pain"], clinician=block))
    answer = json.loads(console("decide", str(path), "--json").stdout)
    assert answer["action"] == "refer"
    assert answer["next_run"] is None
    assert answer["reasons"][0]["code"] == "red_flag_refer"


def test_a_bad_clinician_block_exits_2_naming_the_field(tmp_path: Path) -> None:
    bad = make_case(clinician={"pain_allowance": {"value": 9, "reason": "x"}})
    result = runner.invoke(app, ["assess", str(write(tmp_path, bad)), "--json"])
    assert result.exit_code == 2
    assert "clinician.pain_allowance.value: 9 is too high (at most 5)" in result.output
