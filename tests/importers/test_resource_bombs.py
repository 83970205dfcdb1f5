"""Small crafted files that would cost the worker seconds and gigabytes are refused cheaply.

Each file is built here: a GPX whose ``<metadata>`` holds millions of empty elements
(62 KB gzipped), a zip of three of them, a track point stuffed with elements, and
XML entity declarations hidden from a byte sniff (padding, UTF-16).
"""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from runback.importers import (
    Activity,
    ActivityFileError,
    ImportProblem,
    archive,
    fit,
    iter_activities,
    read_bytes,
    xmlstream,
)
from tests.importers.test_non_finite import fit_activity

TRACK = (
    b"<trk><name>Easy run</name><type>running</type><trkseg>"
    + b"".join(
        b'<trkpt lat="51.%04d" lon="0.0"><time>2024-05-01T07:%02d:%02dZ</time></trkpt>'
        % (i, i // 60, i % 60)
        for i in range(600)
    )
    + b"</trkseg></trk>"
)


def gpx(metadata: bytes, track: bytes = TRACK) -> bytes:
    return (
        b'<?xml version="1.0"?><gpx version="1.1"><metadata>'
        + metadata
        + b"</metadata>"
        + track
        + b"</gpx>"
    )


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """The reported file: about 62 KB gzipped, 15 million ``<a/>`` inside ``<metadata>``."""
    data = gzip.compress(gpx(b"<a/>" * 15_000_000, b""), compresslevel=9)
    assert len(data) < 70_000
    return data


def _refused(outcome: Activity | ActivityFileError) -> ImportProblem:
    assert isinstance(outcome, ActivityFileError), outcome
    return outcome.problem


def test_a_small_gzipped_gpx_of_millions_of_elements_is_refused_at_once(gzip_bomb: bytes) -> None:
    started = time.process_time()
    with pytest.raises(ActivityFileError) as caught:
        read_bytes(gzip_bomb, "bomb.gpx.gz")
    assert caught.value.problem is ImportProblem.TOO_LARGE
    assert "zip bomb" in caught.value.reason
    assert time.process_time() - started < 5


def test_a_zip_of_three_gzip_bombs_is_refused_entry_by_entry(
    gzip_bomb: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for i in range(3):
            zf.writestr(f"activities/{i}.gpx.gz", gzip_bomb)
    started = time.process_time()
    outcomes = list(iter_activities([path]))
    assert [_refused(o) for o in outcomes] == [ImportProblem.TOO_LARGE] * 3
    assert time.process_time() - started < 5


def test_gzipped_entries_count_against_the_archives_budget(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = (corpus / "gpx/sports-tracker.gpx").read_bytes()
    packed = gzip.compress(raw)
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for i in range(3):
            zf.writestr(f"activities/{i}.gpx.gz", packed)
    # Room for one inflated entry (plus the stored bytes), not two.
    monkeypatch.setattr(archive, "MAX_ARCHIVE_BYTES", len(raw) + 3 * len(packed) + 1000)
    outcomes = list(iter_activities([path]))
    assert isinstance(outcomes[0], Activity)
    assert [_refused(o) for o in outcomes[1:]] == [ImportProblem.TOO_LARGE] * 2


def test_elements_outside_the_track_are_dropped_as_they_are_read() -> None:
    data = gpx(b"<a/>" * 300_000)
    tracemalloc.start()
    try:
        activity = read_bytes(data, "padded.gpx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert activity.total_s == 599
    # Keeping 300,000 empty elements costs over 20 MB; dropping them, a few.
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_tcx_elements_outside_laps_are_dropped_as_they_are_read() -> None:
    points = b"".join(
        b"<Trackpoint><Time>2024-05-01T07:%02d:%02dZ</Time></Trackpoint>" % (i // 60, i % 60)
        for i in range(600)
    )
    data = (
        b'<?xml version="1.0"?><TrainingCenterDatabase><Activities><Activity Sport="Running">'
        b"<Id>2024-05-01T07:00:00Z</Id><Notes>" + b"<a/>" * 300_000 + b"</Notes>"
        b'<Lap StartTime="2024-05-01T07:00:00Z"><TotalTimeSeconds>599</TotalTimeSeconds>'
        b"<Track>" + points + b"</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    )
    tracemalloc.start()
    try:
        activity = read_bytes(data, "padded.tcx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert activity.timer_s == 599
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_a_track_point_stuffed_with_elements_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlstream, "MAX_HELD", 1000)
    stuffed = (
        b'<trk><trkseg><trkpt lat="51.0" lon="0.0"><time>2024-05-01T07:00:00Z</time>'
        b"<extensions>" + b"<a/>" * 5000 + b"</extensions></trkpt></trkseg></trk>"
    )
    with pytest.raises(ActivityFileError) as caught:
        read_bytes(gpx(b"", stuffed), "stuffed.gpx")
    assert caught.value.problem is ImportProblem.TOO_LARGE


def test_a_file_past_the_element_budget_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlstream, "MAX_ELEMENTS", 100_000)
    with pytest.raises(ActivityFileError) as caught:
        read_bytes(gpx(b"<a/>" * 200_000), "many.gpx")
    assert caught.value.problem is ImportProblem.TOO_LARGE
    assert "100000 XML elements" in caught.value.reason


def test_a_file_past_the_time_budget_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlstream, "MAX_SECONDS", 0.0)
    monkeypatch.setattr(xmlstream, "_CLOCK_EVERY", 1000)
    with pytest.raises(ActivityFileError) as caught:
        read_bytes(gpx(b"<a/>" * 5000), "slow.gpx")
    assert caught.value.problem is ImportProblem.TOO_LARGE
    assert "to read" in caught.value.reason


HARMLESS_ENTITY = b'<!DOCTYPE gpx [<!ENTITY who "runback">]>'


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(
            b'<?xml version="1.0"?>'
            + b" " * 70_000
            + HARMLESS_ENTITY
            + gpx(b"<desc>&who;</desc>")[21:],
            id="padded past 64 KB",
        ),
        pytest.param(
            b'<?xml version="1.0"?><!--'
            + b"x" * 70_000
            + b"-->"
            + HARMLESS_ENTITY
            + gpx(b"<desc>&who;</desc>")[21:],
            id="behind a long comment",
        ),
        pytest.param(
            (
                '<?xml version="1.0" encoding="UTF-16"?>'
                + HARMLESS_ENTITY.decode()
                + gpx(b"<desc>&who;</desc>")[21:].decode()
            ).encode("utf-16"),
            id="UTF-16",
        ),
    ],
)
def test_entity_declarations_are_refused_however_they_are_hidden(document: bytes) -> None:
    with pytest.raises(ActivityFileError) as caught:
        read_bytes(document, "hidden.gpx")
    assert caught.value.problem is ImportProblem.MALFORMED_XML
    assert "declarations are not allowed" in caught.value.reason


def test_real_gpx_and_tcx_still_read_alike(corpus: Path) -> None:
    for name in ("gpx/sports-tracker.gpx", "tcx/Multiple-Trainings.tcx"):
        data = (corpus / name).read_bytes()
        assert isinstance(read_bytes(data, name), Activity)
        assert (
            read_bytes(gzip.compress(data), name + ".gz").content_hash
            == read_bytes(data, name).content_hash
        )


def test_a_fit_file_of_too_many_records_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """13 million five-byte records fit in 64 MB and would take gigabytes to decode."""
    monkeypatch.setattr(fit, "MAX_RECORDS", 1000)
    assert isinstance(read_bytes(fit_activity(elapsed=59_000.0, records=1000), "ok.fit"), Activity)
    with pytest.raises(ActivityFileError) as caught:
        read_bytes(fit_activity(elapsed=59_000.0, records=1001), "many.fit")
    assert caught.value.problem is ImportProblem.TOO_LARGE
    assert "1000 records" in caught.value.reason
