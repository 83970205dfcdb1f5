"""FIT float fields holding infinity or NaN never reach ``--json`` output or stored rows.

The files are built here: a minimal FIT activity (file_id, records, one session)
whose float32 fields say what a crafted file may say.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback.cli import app
from runback.importers import ActivityFileError, ImportProblem, read_bytes
from runback.importers.fit import crc16

_START = 1_000_000_000  # FIT seconds since 1989-12-31: 2021-09-09
_UINT32, _FLOAT32, _ENUM, _UINT8 = 0x86, 0x88, 0x00, 0x02


def _definition(local: int, global_num: int, fields: list[tuple[int, int, int]]) -> bytes:
    body = struct.pack("<BBHB", 0, 0, global_num, len(fields))
    return bytes([0x40 | local]) + body + b"".join(bytes(f) for f in fields)


def fit_activity(*, elapsed: float, record_hr: float = 140.0, records: int = 60) -> bytes:
    """One-second records and a running session whose times are float32 fields."""
    out = bytearray()
    out += _definition(0, 0, [(0, 1, _ENUM), (4, 4, _UINT32)])  # file_id: type, created
    out += bytes([0]) + struct.pack("<BI", 4, _START)
    out += _definition(1, 20, [(253, 4, _UINT32), (5, 4, _UINT32), (3, 4, _FLOAT32)])
    for i in range(records):
        hr = record_hr if i == 30 else 140.0
        out += bytes([1]) + struct.pack("<IIf", _START + i, i * 300, hr)
    session = [(253, 4, _UINT32), (2, 4, _UINT32), (5, 1, _ENUM), (7, 4, _FLOAT32),
               (8, 4, _FLOAT32), (9, 4, _UINT32)]  # fmt: skip
    out += _definition(2, 18, session)
    out += bytes([2]) + struct.pack("<IIBffI", _START + 60, _START, 1, elapsed, 59_000.0, 17_700)
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(out), b".FIT")
    header += struct.pack("<H", crc16(header))
    data = header + bytes(out)
    return data + struct.pack("<H", crc16(data))


def test_the_builder_makes_a_readable_run() -> None:
    activity = read_bytes(fit_activity(elapsed=59_000.0), "ok.fit")
    assert activity.total_s == 59.0
    assert activity.distance_m == 177.0


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan], ids=["inf", "-inf", "nan"])
def test_a_non_finite_session_field_is_treated_as_absent(bad: float) -> None:
    """FIT calls a float field with all bits set invalid; infinity is as unusable."""
    activity = read_bytes(fit_activity(elapsed=bad), "odd.fit")
    assert math.isfinite(activity.total_s)
    assert activity.total_s == 59.0, "the timer time stands in, as for a missing field"


@pytest.mark.parametrize("bad", [math.inf, math.nan], ids=["inf", "nan"])
def test_a_non_finite_sample_is_dropped(bad: float) -> None:
    activity = read_bytes(fit_activity(elapsed=59_000.0, record_hr=bad), "odd.fit")
    assert activity.avg_hr == 140.0
    assert json.dumps(activity.to_dict(), allow_nan=False)


def test_a_summary_too_big_to_be_real_is_refused() -> None:
    with pytest.raises(ActivityFileError) as caught:
        read_bytes(fit_activity(elapsed=3e38), "huge.fit")
    assert caught.value.problem is ImportProblem.CORRUPT
    assert "total_s" in caught.value.reason


def test_activities_json_never_prints_infinity(tmp_path: Path) -> None:
    for name, elapsed in (("inf.fit", math.inf), ("nan.fit", math.nan), ("huge.fit", 3e38)):
        (tmp_path / name).write_bytes(fit_activity(elapsed=elapsed))
    result = CliRunner().invoke(app, ["activities", str(tmp_path), "--json"])
    assert "Infinity" not in result.output
    assert "NaN" not in result.output
    for line in result.output.splitlines():
        json.loads(line, parse_constant=lambda c: pytest.fail(f"{c} in --json output"))
