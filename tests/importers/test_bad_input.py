"""Broken and non-activity files give a specific error naming the file and the reason."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from runback.importers import ActivityFileError, ImportProblem, Sport, read_bytes, read_file
from runback.importers.fit import crc16
from tests.importers.conftest import CORPUS

BROKEN = [
    ("fit/activity-filecrc.fit", ImportProblem.BAD_CRC),
    ("fit/activity-activity-filecrc.fit", ImportProblem.BAD_CRC),
    ("fit/activity-unexpected-eof.fit", ImportProblem.TRUNCATED),
    ("fit/activity-settings-nodata.fit", ImportProblem.TRUNCATED),
    ("fit/activity-settings-corruptheader.fit", ImportProblem.CORRUPT),
    ("fit/empty-activities.fit", ImportProblem.TRUNCATED),
    ("fit/empty-sessions.fit", ImportProblem.EMPTY),
    ("fit/Settings.fit", ImportProblem.NOT_AN_ACTIVITY),
    ("fit/fitwrite-track.fit", ImportProblem.NOT_AN_ACTIVITY),
    ("fit/valid_only_contain_fileid.fit", ImportProblem.NO_SESSION),
    ("gpx/MetadataOnly.gpx", ImportProblem.EMPTY),
    ("gpx/route.gpx", ImportProblem.NOT_AN_ACTIVITY),
    ("gpx/track-with-extremes.gpx", ImportProblem.NO_TIMES),
    ("tcx/malformed.tcx", ImportProblem.MALFORMED_XML),
    ("tcx/Route-only.tcx", ImportProblem.NOT_AN_ACTIVITY),
]


@pytest.mark.parametrize(("name", "problem"), BROKEN, ids=[b[0] for b in BROKEN])
def test_it_rejects_broken_corpus_files_with_a_specific_reason(
    corpus: Path, name: str, problem: ImportProblem
) -> None:
    path = corpus / name
    with pytest.raises(ActivityFileError) as caught:
        read_file(path)
    assert caught.value.problem is problem
    assert caught.value.file == str(path)
    assert str(path) in str(caught.value)


READABLE_EDGES = [
    "fit/antfs-dump.63.fit",  # compressed timestamp headers, clock set late
    "fit/compressed-speed-distance.fit",
    "fit/coros-pace-2-cycling-misaligned-fields.fit",
    "fit/elemnt-bolt-no-application-id-inside-developer-data-id.fit",
    "fit/activity-settings.fit",  # chained: activity + settings
    "fit/unterminated-strings.fit",
    "fit/mornindew-broken.fit",
    "gpx/break-between-trkseg.gpx",
    "gpx/track-with-empty-segment.gpx",
    "gpx/runkeeper-negative-time-step-at-start.gpx",
    "tcx/missing-distances.tcx",
    "tcx/First-point-empty.tcx",
    "tcx/watt-extension-without-namespace.tcx",
]


@pytest.mark.parametrize("name", READABLE_EDGES)
def test_it_reads_odd_but_valid_files(corpus: Path, name: str) -> None:
    activity = read_file(corpus / name)
    assert activity.total_s > 0
    assert activity.start_utc.year >= 2000


def test_compressed_speed_distance_gives_a_walk_run_split(corpus: Path) -> None:
    activity = read_file(corpus / "fit/compressed-speed-distance.fit")
    assert activity.run_s + activity.walk_s > 0.5 * activity.timer_s


def test_it_rejects_a_truncated_copy_of_a_good_file(corpus: Path) -> None:
    data = (corpus / "fit/10kUNLP2014-Garmin15.fit").read_bytes()
    with pytest.raises(ActivityFileError) as caught:
        read_bytes(data[: len(data) // 2], "half.fit")
    assert caught.value.problem is ImportProblem.TRUNCATED
    assert caught.value.file == "half.fit"


def test_it_rejects_a_flipped_byte(corpus: Path) -> None:
    data = bytearray((corpus / "fit/10kUNLP2014-Garmin15.fit").read_bytes())
    data[500] ^= 0x40
    with pytest.raises(ActivityFileError) as caught:
        read_bytes(bytes(data), "flipped.fit")
    assert caught.value.problem is ImportProblem.BAD_CRC


def test_it_rejects_a_file_that_is_not_an_activity() -> None:
    with pytest.raises(ActivityFileError) as caught:
        read_bytes(b"%PDF-1.7 hello", "scan.pdf")
    assert caught.value.problem is ImportProblem.UNKNOWN_FORMAT


def test_it_rejects_an_empty_gpx() -> None:
    gpx = b'<?xml version="1.0"?><gpx version="1.1" creator="x"></gpx>'
    with pytest.raises(ActivityFileError) as caught:
        read_bytes(gpx, "empty.gpx")
    assert caught.value.problem is ImportProblem.EMPTY


def test_it_refuses_xml_entity_declarations() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><gpx>&b;</gpx>'
    )
    with pytest.raises(ActivityFileError) as caught:
        read_bytes(bomb, "bomb.gpx")
    assert caught.value.problem is ImportProblem.MALFORMED_XML


def test_a_gzip_bomb_is_refused_without_inflating_it() -> None:
    bomb = gzip.compress(b"\0" * (70 * 1024 * 1024), compresslevel=9)
    with pytest.raises(ActivityFileError) as caught:
        read_bytes(bomb, "bomb.fit.gz")
    assert caught.value.problem is ImportProblem.TOO_LARGE


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ActivityFileError) as caught:
        read_file(tmp_path / "nope.fit")
    assert caught.value.problem is ImportProblem.UNREADABLE


def test_gzipped_and_plain_copies_share_a_content_hash(corpus: Path) -> None:
    data = (corpus / "fit/10kUNLP2014-Garmin15.fit").read_bytes()
    plain = read_bytes(data, "a.fit")
    zipped = read_bytes(gzip.compress(data), "a.fit.gz")
    assert plain.content_hash == zipped.content_hash
    assert plain == read_bytes(data, "a.fit")


def test_corpus_dir_constant_points_at_shared() -> None:
    assert CORPUS.parts[-3:] == ("shared", "data", "activities")


def test_a_triathlon_splits_only_its_run_into_running_and_walking(corpus: Path) -> None:
    activity = read_file(corpus / "fit/4623204522.fit")
    assert activity.sport is Sport.MULTISPORT
    assert 0 < activity.run_s + activity.walk_s < 0.6 * activity.moving_s
    assert activity.moving_s > 0.8 * activity.timer_s


def _fourteen_byte_header_file(corpus: Path) -> bytes:
    for path in sorted((corpus / "fit").glob("*.fit")):
        data = path.read_bytes()
        if len(data) > 14 and data[0] == 14 and data[12:14] != b"\0\0":
            try:
                read_bytes(data, path.name)
            except ActivityFileError:
                continue
            return data
    raise AssertionError("no readable FIT file with a 14-byte header and header CRC")


def test_a_header_crc_of_zero_means_not_computed_and_is_accepted(corpus: Path) -> None:
    data = bytearray(_fourteen_byte_header_file(corpus))
    data[12:14] = b"\0\0"
    # The file CRC covers the header too, so it is recomputed (as a writer would).
    end = 14 + int.from_bytes(data[4:8], "little")
    data[end : end + 2] = crc16(bytes(data[:end])).to_bytes(2, "little")
    original = read_bytes(_fourteen_byte_header_file(corpus), "original.fit")
    assert read_bytes(bytes(data), "zero-header-crc.fit").records == original.records


def test_a_wrong_header_crc_is_refused(corpus: Path) -> None:
    data = bytearray(_fourteen_byte_header_file(corpus))
    data[12] ^= 0xFF
    with pytest.raises(ActivityFileError) as caught:
        read_bytes(bytes(data), "bad-header-crc.fit")
    assert caught.value.problem is ImportProblem.BAD_CRC
    assert "header" in caught.value.reason
