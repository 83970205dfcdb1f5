"""Fuzzing the readers: any bytes give an Activity or an ActivityFileError, nothing else.

Mutations are applied to a real FIT file with its CRC recomputed, so they reach the
message decoder instead of stopping at the checksum. Inputs that once crashed are
kept as byte strings in ``regressions/`` and replayed first.
"""

from __future__ import annotations

import struct
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runback.importers import Activity, ActivityFileError, read_bytes
from runback.importers.fit import crc16
from tests.importers.conftest import CORPUS

SEED = CORPUS / "fit" / "activity-settings.fit"  # 14 records, chained: small and rich
REGRESSIONS = sorted((Path(__file__).parent / "regressions").glob("*.bin"))
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _refit(data: bytearray) -> bytes:
    """Fix the first FIT segment's CRC so the mutated body gets decoded."""
    if len(data) < 14 or data[8:12] != b".FIT":
        return bytes(data)
    header = data[0]
    (size,) = struct.unpack_from("<I", data, 4)
    end = header + size
    if end + 2 <= len(data):
        struct.pack_into("<H", data, end, crc16(bytes(data[:end])))
    return bytes(data)


def _outcome(data: bytes, name: str) -> Activity | ActivityFileError:
    try:
        return read_bytes(data, name)
    except ActivityFileError as exc:
        error = exc
    assert error.file == name
    assert error.reason
    return error


@pytest.mark.parametrize("path", REGRESSIONS, ids=lambda p: p.name)
def test_saved_crashers_now_give_a_clear_outcome(path: Path) -> None:
    _outcome(path.read_bytes(), path.name.replace(".bin", ".fit"))


@FUZZ
@given(
    edits=st.lists(st.tuples(st.integers(14, 10_000), st.integers(0, 255)), max_size=8),
    cut=st.one_of(st.none(), st.integers(0, 10_000)),
)
def test_mutated_fit_never_crashes(edits: list[tuple[int, int]], cut: int | None) -> None:
    data = bytearray(SEED.read_bytes())
    for pos, value in edits:
        data[pos % len(data)] = value
    data = bytearray(_refit(data))
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    _outcome(bytes(data), "fuzz.fit")


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data: bytes) -> None:
    _outcome(data, "random.fit")
    _outcome(b"\x0e\x10\x00\x00" + data[:4].ljust(4, b"\0") + b".FIT" + data, "hdr.fit")


@FUZZ
@given(
    st.lists(
        st.sampled_from(
            [
                "<gpx>",
                "</gpx>",
                "<trk>",
                "</trk>",
                "<trkseg>",
                "</trkseg>",
                '<trkpt lat="1" lon="2">',
                '<trkpt lat="x" lon="1e400">',
                "</trkpt>",
                "<time>2020-01-01T00:00:00Z</time>",
                "<time>nope</time>",
                "<ele>5</ele>",
                "<hr>150</hr>",
                "<cad>-3</cad>",
                "<type>running</type>",
                "<rtept>",
            ]
        ),
        max_size=30,
    )
)
def test_xml_soup_never_crashes(parts: list[str]) -> None:
    text = "".join(parts).encode()
    _outcome(text, "soup.gpx")
    _outcome(text.replace(b"gpx", b"TrainingCenterDatabase"), "soup.tcx")


@FUZZ
@given(
    names=st.lists(st.text(alphabet="ab./\\:_-~ .fitgpxz", min_size=1, max_size=20), max_size=5),
    payload=st.binary(max_size=64),
)
def test_any_archive_member_names_give_outcomes_not_crashes(
    names: list[str], payload: bytes
) -> None:
    import io
    import zipfile

    from runback.importers.archive import iter_zip

    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w") as zf:
        warnings.simplefilter("ignore")  # duplicate names are part of the fuzzing
        for name in names:
            zf.writestr(name + ".fit", payload)
    for outcome in iter_zip("fuzz.zip", buf.getvalue()):
        assert isinstance(outcome, (Activity, ActivityFileError))
