"""Folders and Strava-style export archives, built at test time from corpus files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from runback.importers import (
    Activity,
    ActivityFileError,
    ImportProblem,
    Sport,
    iter_activities,
    read_bytes,
)

SLALOM = "other/strava_export_slalom007/activities"
CSV_HEADER = "Activity ID,Activity Date,Activity Name,Activity Type,Distance,Filename,Distance\n"


def _export(corpus: Path, tmp_path: Path) -> tuple[Path, list[str]]:
    """A Strava-style export: activities.csv, activities/*.fit.gz, a GPX without sport,
    a row whose file is missing, a macOS resource fork, a traversal name and a bomb."""
    fits = sorted((corpus / SLALOM).iterdir())[:3]
    gpx = corpus / "other/strava_export_sportiva/activities/7601478499.gpx.gz"
    rows = [f"{i},x,run {i},Run,1,activities/{p.name},1" for i, p in enumerate(fits)]
    rows.append("90,x,easy jog,Run,1,activities/7601478499.gpx.gz,1")
    rows.append("91,x,lost,Run,1,activities/404.fit.gz,1")
    path = tmp_path / "export_123.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("activities.csv", CSV_HEADER + "\n".join(rows) + "\n")
        for p in fits:
            zf.write(p, f"activities/{p.name}")
        zf.write(gpx, "activities/7601478499.gpx.gz")
        zf.writestr("__MACOSX/activities/._x.fit", b"junk")
        zf.writestr("../../evil.fit", b"x")
        zf.writestr("activities/bomb.fit", b"\0" * (20 * 1024 * 1024))
    return path, [p.name for p in fits]


def test_a_strava_export_yields_every_activity_and_every_problem(
    corpus: Path, tmp_path: Path
) -> None:
    path, fits = _export(corpus, tmp_path)
    outcomes = list(iter_activities([path]))
    activities = [o for o in outcomes if isinstance(o, Activity)]
    errors = {o.problem: o for o in outcomes if isinstance(o, ActivityFileError)}
    assert len(activities) == len(fits) + 1
    assert set(errors) == {
        ImportProblem.UNSAFE_ARCHIVE,
        ImportProblem.TOO_LARGE,
        ImportProblem.MISSING,
    }
    assert "path traversal" in errors[ImportProblem.UNSAFE_ARCHIVE].reason
    assert errors[ImportProblem.MISSING].file.endswith("activities/404.fit.gz")
    assert not any("__MACOSX" in o.source for o in activities)
    assert all(o.source.startswith(str(path)) for o in activities)


def test_the_export_csv_supplies_the_sport_a_gpx_lacks(corpus: Path, tmp_path: Path) -> None:
    path, _ = _export(corpus, tmp_path)
    gpx = next(
        o
        for o in iter_activities([path])
        if isinstance(o, Activity) and o.source.endswith("gz") and ".gpx" in o.source
    )
    assert gpx.sport is Sport.RUNNING
    assert gpx.run_s > 0


def test_the_corpus_export_folder_reports_rows_without_files(corpus: Path) -> None:
    outcomes = list(iter_activities([corpus / "other/strava_export_slalom007"]))
    activities = [o for o in outcomes if isinstance(o, Activity)]
    missing = [o for o in outcomes if isinstance(o, ActivityFileError)]
    assert len(activities) == 7
    assert missing
    assert all(m.problem is ImportProblem.MISSING for m in missing)


def test_a_garmin_export_zip_with_a_resource_fork_reads_as_one_activity(corpus: Path) -> None:
    data = (corpus / "other/Move_2019_03_17_10_24_32_Running.fit.zip").read_bytes()
    activity = read_bytes(data, "Move.fit.zip")
    assert activity.sport is Sport.RUNNING


def test_a_folder_walk_is_sorted_and_carries_on_past_errors(tmp_path: Path, corpus: Path) -> None:
    (tmp_path / "b.fit").write_bytes(b"garbage that is not a FIT file")
    (tmp_path / "a.fit").write_bytes((corpus / "fit/10kUNLP2014-Garmin15.fit").read_bytes())
    (tmp_path / "notes.txt").write_text("ignored")
    outcomes = list(iter_activities([tmp_path, tmp_path / "missing.fit"]))
    assert [type(o).__name__ for o in outcomes] == [
        "Activity",
        "ActivityFileError",
        "ActivityFileError",
    ]
    assert isinstance(outcomes[2], ActivityFileError)
    assert outcomes[2].problem is ImportProblem.MISSING


def test_a_damaged_zip_is_one_error(tmp_path: Path) -> None:
    bad = tmp_path / "export.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    outcomes = list(iter_activities([bad]))
    assert len(outcomes) == 1
    assert isinstance(outcomes[0], ActivityFileError)


@pytest.mark.parametrize("name", ["/etc/passwd.fit", "C:/x.fit", "a/../../b.fit"])
def test_unsafe_member_names_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(name, b"x")
    (outcome,) = list(iter_activities([path]))
    assert isinstance(outcome, ActivityFileError)
    assert outcome.problem is ImportProblem.UNSAFE_ARCHIVE


def test_a_damaged_export_csv_does_not_stop_the_import(tmp_path: Path, corpus: Path) -> None:
    (tmp_path / "activities.csv").write_text(
        CSV_HEADER + '1,x,"' + "x" * 200_000 + '",Run,1,activities/a.fit,1\n'
    )
    (tmp_path / "a.fit").write_bytes((corpus / "fit/10kUNLP2014-Garmin15.fit").read_bytes())
    outcomes = list(iter_activities([tmp_path]))
    assert [type(o).__name__ for o in outcomes] == ["Activity"]


def test_the_walk_is_lazy_one_file_at_a_time(tmp_path: Path, corpus: Path) -> None:
    data = (corpus / "fit/10kUNLP2014-Garmin15.fit").read_bytes()
    (tmp_path / "a.fit").write_bytes(data)
    (tmp_path / "b.fit").write_bytes(data)
    walk = iter_activities([tmp_path])
    first = next(walk)
    assert isinstance(first, Activity)
    (tmp_path / "b.fit").unlink()  # not read yet: the walk must notice it is gone
    (second,) = list(walk)
    assert isinstance(second, ActivityFileError)
    assert second.problem is ImportProblem.UNREADABLE


def test_the_whole_corpus_streams_through_without_an_exception(corpus: Path) -> None:
    activities = errors = 0
    for outcome in iter_activities([corpus]):
        if isinstance(outcome, ActivityFileError):
            errors += 1
            assert outcome.reason
            assert outcome.file.startswith(str(corpus))
        else:
            activities += 1
            assert outcome.total_s >= 0
            assert outcome.start_utc.tzinfo is not None
            assert outcome.run_s + outcome.walk_s <= outcome.moving_s + 1
    assert activities > 250
    assert errors > 0
