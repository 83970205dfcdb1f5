"""``runback risk score WINDOWS.jsonl --json``: the contract at the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from runback.cli import app
from tests.risk.windows import easy_week, no_usual_week, spike_week

RUNBACK = Path(sys.executable).with_name("runback")
runner = CliRunner()


def write_lines(tmp_path: Path, lines: list[Any], name: str = "windows.jsonl") -> Path:
    path = tmp_path / name
    text = "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines)
    path.write_text(text, encoding="utf-8")
    return path


def score(path: Path) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["risk", "score", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_one_answer_a_line_in_order_with_risk_and_why(tmp_path: Path) -> None:
    windows = [easy_week(), spike_week(), no_usual_week()]
    answers = score(write_lines(tmp_path, windows))
    assert len(answers) == 3
    for answer in answers:
        assert 0 <= answer["risk"] <= 1
        for why in answer["why"]:
            assert set(why) >= {"feature", "text"}
    assert answers[1]["risk"] > answers[0]["risk"]
    assert "km_vs_usual" in answers[2]["missing"]


def test_a_window_scores_the_same_alone_and_among_others(tmp_path: Path) -> None:
    windows = [easy_week(), spike_week(), no_usual_week(), spike_week()]
    together = score(write_lines(tmp_path, windows))
    for i, window in enumerate(windows):
        alone = score(write_lines(tmp_path, [window], f"alone{i}.jsonl"))
        assert alone == [together[i]]
    reversed_ = score(write_lines(tmp_path, windows[::-1], "reversed.jsonl"))
    assert reversed_ == together[::-1]


def test_athlete_date_and_injury_never_change_a_score(tmp_path: Path) -> None:
    window = spike_week()
    relabelled = {**window, "athlete": 999, "date": 5, "injury": 0}
    stripped = {"days": window["days"], "baseline": window["baseline"]}
    answers = score(write_lines(tmp_path, [window, relabelled, stripped]))
    assert answers[0] == answers[1] == answers[2]


def test_bad_lines_exit_2_naming_line_and_field_with_nothing_on_stdout(tmp_path: Path) -> None:
    bad_km = easy_week()
    bad_km["days"][3]["km"] = "far"
    path = write_lines(tmp_path, [easy_week(), bad_km, "{not json", spike_week()])
    result = runner.invoke(app, ["risk", "score", str(path), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "line 2: days[3].km" in result.stderr
    assert "line 3: not a JSON object" in result.stderr


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["risk", "score", str(tmp_path / "nope.jsonl"), "--json"])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_the_console_script_reads_stdin_and_writes_a_table(tmp_path: Path) -> None:
    line = json.dumps(spike_week()) + "\n"
    done = subprocess.run(
        [str(RUNBACK), "risk", "score", "-", "--json"],
        input=line, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert 0 <= json.loads(done.stdout)["risk"] <= 1
    table = runner.invoke(app, ["risk", "score", str(write_lines(tmp_path, [spike_week()]))])
    assert table.exit_code == 0
    assert "competitive runners" in table.stdout
