"""The activities, load and case-log commands, run through the real CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback.cli import app

runner = CliRunner()


def test_activities_json_prints_one_line_per_file_and_errors_in_band(corpus: Path) -> None:
    good = corpus / "fit/10kUNLP2014-Garmin15.fit"
    bad = corpus / "fit/activity-filecrc.fit"
    result = runner.invoke(app, ["activities", str(good), str(bad), "--json"])
    assert result.exit_code == 1
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert lines[0]["file"] == str(good)
    assert lines[0]["sport"] == "running"
    assert lines[1] == {"file": str(bad), "error": lines[1]["error"], "problem": "bad_crc"}


def test_activities_table_mode_reads_a_folder(corpus: Path) -> None:
    result = runner.invoke(app, ["activities", str(corpus / "other/strava_export_sportiva")])
    assert "running" in result.stdout


def test_load_json_gives_weeks_with_flags(corpus: Path) -> None:
    result = runner.invoke(app, ["load", str(corpus / "other/strava_export_sportiva"), "--json"])
    weeks = [json.loads(x) for x in result.stdout.splitlines()]
    assert weeks
    assert {"week_start", "run_km", "change", "acute_chronic_ratio", "flags"} <= set(weeks[0])
    assert sum(w["runs"] for w in weeks) == 2


def test_load_table_explains_the_ratio_is_information(corpus: Path) -> None:
    result = runner.invoke(app, ["load", str(corpus / "fit/10kUNLP2014-Garmin15.fit")])
    assert result.exit_code == 0
    assert "not used as a gate" in result.stdout


def test_case_log_entries_validate_against_the_case_file(corpus: Path, tmp_path: Path) -> None:
    from runback.engine import parse_case

    case = tmp_path / "case.json"
    case.write_text(
        json.dumps(
            {
                "today": "2026-11-22",
                "runner": {"age": 34},
                "injury": {
                    "site": "achilles",
                    "kind": "tendinopathy",
                    "onset": "2026-10-01",
                    "pain_rest": 0,
                    "pain_walking": 1,
                },
                "log": [],
            }
        )
    )
    result = runner.invoke(
        app,
        ["case-log", str(corpus / "other/strava_export_sportiva"), "--case", str(case)],
    )
    doc = json.loads(result.stdout)
    kinds = [e["kind"] for e in doc["log"]]
    assert kinds.count("run") == 2
    parsed = parse_case(doc, default_today=date(2026, 11, 22))
    assert len(parsed.log) == 3


def _gpx_run(day: str, km: float, speed: float = 2.8) -> str:
    """A synthetic GPX run due north: one point every 5 s at ``speed`` m/s."""
    from datetime import datetime, timedelta

    start = datetime.fromisoformat(f"{day}T07:00:00+00:00")
    seconds = int(km * 1000 / speed)
    points = []
    for s in range(0, seconds + 1, 5):
        lat = 50.0 + s * speed / 111_195
        when = (start + timedelta(seconds=s)).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append(f'<trkpt lat="{lat:.7f}" lon="8.0"><time>{when}</time></trkpt>')
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="test" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        + "".join(points)
        + "</trkseg></trk></gpx>"
    )


def test_load_flags_a_spike_end_to_end_from_files(tmp_path: Path) -> None:
    for day, km in [("2026-03-02", 5), ("2026-03-05", 5), ("2026-03-09", 5), ("2026-03-12", 7)]:
        (tmp_path / f"{day}.gpx").write_text(_gpx_run(day, km))
    result = runner.invoke(app, ["load", str(tmp_path), "--json"])
    assert result.exit_code == 0
    weeks = [json.loads(x) for x in result.stdout.splitlines()]
    flags = [f for w in weeks for f in w["flags"]]
    spikes = [f for f in flags if f["code"].startswith("single_run_spike")]
    assert [f["date"] for f in spikes] == ["2026-03-12"]
    assert spikes[0]["code"] == "single_run_spike_strong"  # 7 km vs 5 km: +40%
    assert "Frandsen" in spikes[0]["source"]
    assert weeks[1]["run_km"] == pytest.approx(12, abs=0.1)
