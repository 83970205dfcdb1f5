"""Hostile case files and file names: exit 2 naming the field, never a traceback.

Deep nesting, integers past Python's 4,300-digit conversion limit and dates near
year 1 or 9999 (where counting days overflows) all used to end in a traceback;
file names holding Rich markup (``x[/red].fit``) crashed the tables.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback.cli import app
from tests.engine.builders import make_case, run
from tests.importers.conftest import CORPUS

runner = CliRunner()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    return path


def _inject(text: str, marker: str) -> str:
    """The baseline case file with ``text`` put in front of the ``marker`` key.

    Written as text: json.dumps itself cannot write such values.
    """
    base = json.dumps(make_case(log=[run(2), run(1)]))
    assert marker in base
    return base.replace(marker, text + marker, 1)


DEEP = '"notes": ' + '{"a": ' * 5000 + "{}" + "}" * 5000 + ", "
HUGE = "9" * 5000


CASES = [
    pytest.param(_inject(DEEP, '"age"'), "runner.notes.a", id="deep"),
    pytest.param("[" * 100_000 + "]" * 100_000, "[0][0][0]", id="deep array"),
    pytest.param(_inject(f'"shoe_size": {HUGE}, ', '"age"'), "runner.shoe_size", id="5000 digits"),
    pytest.param(
        _inject(f'"distance_km": -{HUGE}, ', '"run_minutes"'),
        "log[0].distance_km",
        id="huge number in the log",
    ),
    pytest.param(json.dumps(make_case(today="9999-12-30")), "today", id="year 9999"),
    pytest.param(
        json.dumps(make_case(today="0001-01-02", injury__onset="0001-01-01", log=[])),
        "today",
        id="year 1",
    ),
    pytest.param(json.dumps(make_case(injury__onset="0001-01-01")), "injury.onset", id="onset"),
    pytest.param(
        json.dumps(make_case(log=[{**run(1), "date": "9999-12-31"}])), "log[", id="log date"
    ),
]


@pytest.mark.parametrize(("text", "field"), CASES)
@pytest.mark.parametrize("command", ["assess", "decide", "plan"])
def test_hostile_case_files_exit_2_naming_the_field(
    tmp_path: Path, command: str, text: str, field: str
) -> None:
    result = runner.invoke(app, [command, str(_write(tmp_path, text)), "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(field), lines[0]


def test_an_ordinary_case_still_reads(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", str(_write(tmp_path, json.dumps(make_case()))), "--json"])
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def markup_names(tmp_path: Path) -> Path:
    """A folder ``x[`` holding ``red].fit`` (a real run) and ``bold].fit`` (junk)."""
    folder = tmp_path / "x["
    folder.mkdir()
    fit = sorted((CORPUS / "fit").glob("*.fit"))[0]
    shutil.copy(fit, folder / "red].fit")
    (folder / "bold].fit").write_bytes(b"junk")
    return tmp_path


@pytest.mark.parametrize("command", ["activities", "load"])
def test_file_names_with_rich_markup_are_printed_as_they_are(
    markup_names: Path, command: str
) -> None:
    result = runner.invoke(app, [command, str(markup_names)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1  # the junk file failed; the run was read
    printed = result.output.replace("\n", "")  # Rich wraps long paths
    assert "x[/bold].fit" in printed
    if command == "activities":
        assert "x[/red].fit" in printed
