"""A fast FIT activity reader: only the fields runback needs, one ``struct`` per layout.

Why not a library: fitdecode (the reference in our tests) decodes every field of
every message into Python objects, about 7k records a second here; a 10-year
history takes minutes. This reader compiles each definition message into one
``struct.Struct`` whose format skips the bytes it does not need (``Nx`` pads), so
a data message costs one ``unpack_from`` call. Messages runback does not use are
skipped by size, their ``timestamp`` (field 253) still tracked for compressed
timestamp headers.

What it handles (FIT protocol 1.0/2.0): 12- and 14-byte headers (a header CRC of 0
means "not computed" and is allowed), normal and compressed-timestamp record
headers, little- and big-endian definitions, developer fields (skipped by their
declared size), chained files (several FIT files back to back, each with its own
CRC), field sizes that are not a multiple of their base type (read as absent, like
fitdecode) and the FR70-era ``compressed_speed_distance`` field.

What it refuses (:class:`~runback.importers.errors.DecodeError`): a bad file or
header CRC, a file shorter than its header promises, a data message using an
undefined local message type, and a header declaring no data. A half-read file is
never summarised.
"""

from __future__ import annotations

import dataclasses
import math
import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from runback.importers.build import Origin, Totals, build, sport_from_name
from runback.importers.errors import DecodeError, ImportProblem
from runback.importers.model import FOOT_SPORTS, Activity, Sport
from runback.importers.summary import Stream

FIT_EPOCH = 631065600  # 1989-12-31T00:00:00Z in Unix seconds

# Global message numbers used.
_FILE_ID, _SESSION, _LAP, _RECORD, _ACTIVITY = 0, 18, 19, 20, 34
_TIMESTAMP = 253

# base type (low 5 bits) -> (struct code, size, invalid value or None for NaN)
_BASE: dict[int, tuple[str, int, float | None]] = {
    0: ("B", 1, 0xFF),
    1: ("b", 1, 0x7F),
    2: ("B", 1, 0xFF),
    3: ("h", 2, 0x7FFF),
    4: ("H", 2, 0xFFFF),
    5: ("i", 4, 0x7FFFFFFF),
    6: ("I", 4, 0xFFFFFFFF),
    8: ("f", 4, None),
    9: ("d", 8, None),
    10: ("B", 1, 0),
    11: ("H", 2, 0),
    12: ("I", 4, 0),
    13: ("B", 1, 0xFF),
    14: ("q", 8, 0x7FFFFFFFFFFFFFFF),
    15: ("Q", 8, 0xFFFFFFFFFFFFFFFF),
    16: ("Q", 8, 0),
}

#: Fields decoded per global message; every other field is skipped by size.
_WANTED: dict[int, tuple[int, ...]] = {
    _FILE_ID: (0, 1, 4),
    _SESSION: (_TIMESTAMP, 2, 5, 6, 7, 8, 9, 16, 17, 18, 22),
    _LAP: (_TIMESTAMP,),
    _RECORD: (_TIMESTAMP, 2, 3, 4, 5, 6, 8, 73, 78),
    _ACTIVITY: (_TIMESTAMP, 5),
}
_DEFAULT_WANTED = (_TIMESTAMP,)
_COMPRESSED_SPEED_DISTANCE = 8

SPORTS = {
    0: "generic", 1: "running", 2: "cycling", 3: "transition", 4: "fitness_equipment",
    5: "swimming", 10: "training", 11: "walking", 12: "cross_country_skiing",
    15: "rowing", 17: "hiking", 18: "multisport",
}  # fmt: skip
SUB_SPORTS = {
    0: "generic", 1: "treadmill", 2: "street", 3: "trail", 4: "track", 5: "spin",
    6: "indoor_cycling", 7: "road", 8: "mountain", 9: "downhill", 10: "recumbent",
    11: "cyclocross", 12: "hand_cycling", 13: "track_cycling", 14: "indoor_rowing",
    15: "elliptical", 16: "stair_climbing", 17: "lap_swimming", 18: "open_water",
    19: "flexibility_training", 20: "strength_training", 21: "warm_up", 22: "match",
    23: "exercise", 24: "challenge", 25: "indoor_skiing", 26: "cardio_training",
    27: "indoor_walking", 28: "e_bike_fitness", 29: "bmx", 30: "casual_walking",
    31: "speed_walking", 37: "backcountry", 45: "indoor_running", 46: "gravel_cycling",
    47: "e_bike_mountain", 49: "mixed_surface", 58: "virtual_activity", 59: "obstacle",
    67: "ultra", 94: "squash",
}  # fmt: skip
FILE_TYPES = {
    1: "device", 2: "settings", 3: "sport", 4: "activity", 5: "workout", 6: "course",
    7: "schedules", 9: "weight", 10: "totals", 11: "goals", 14: "blood_pressure",
    15: "monitoring_a", 20: "activity_summary", 28: "monitoring_daily", 32: "monitoring_b",
    34: "segment", 35: "segment_list",
}  # fmt: skip
ACTIVITY_FILE = 4
#: FIT ``date_time`` values below this are seconds since the device powered up, not
#: since the FIT epoch (the clock had no GPS fix yet).
RELATIVE_TIME_LIMIT = 0x10000000


@dataclass(slots=True)
class _Layout:
    """A compiled definition message."""

    global_num: int
    unpack: Any  # bound Struct.unpack_from
    size: int
    names: tuple[int, ...]  # field numbers of the unpacked values, in order
    invalid: tuple[float | None, ...]
    ts_index: int  # index of field 253 in the unpacked values, or -1


@dataclass(slots=True)
class FitContent:
    """What the decoder found: raw sessions, the record stream, laps and file types."""

    file_types: list[int] = field(default_factory=list)
    created: list[int] = field(default_factory=list)  # file_id.time_created
    sessions: list[dict[int, Any]] = field(default_factory=list)
    laps: int = 0
    utc_offset_s: int | None = None
    activity_times: tuple[int, int] | None = None  # (timestamp, local_timestamp)
    stream: Stream = field(default_factory=Stream)
    records: int = 0


# --- CRC ---------------------------------------------------------------------------
# The FIT CRC is CRC-16/ARC (polynomial 0x8005, bit-reflected, initial value 0). A
# byte-at-a-time table loop in Python costs more than the whole decode, so the CRC is
# computed as what it is, the remainder of a GF(2) polynomial division, on one big
# Python integer: reflect the bits of every byte (``bytes.translate``), read the file
# as one integer, then fold it in halves with x^k mod P until 16 bits remain. Every
# step is a handful of big-integer shifts and XORs done in C, about ten times faster
# than the best table loop; tests check it against the table definition.

_POLY = 0x18005  # x^16 + x^15 + x^2 + 1
_REFLECT = bytes(int(f"{i:08b}"[::-1], 2) for i in range(256))


def _clmul(a: int, b: int) -> int:
    """Carry-less (GF(2)) product; ``b`` is small, ``a`` may be huge."""
    out = 0
    while b:
        low = b & -b
        out ^= a << (low.bit_length() - 1)
        b ^= low
    return out


def _mod_small(m: int) -> int:
    while m.bit_length() > 16:
        m ^= _POLY << (m.bit_length() - 17)
    return m


@lru_cache(maxsize=1024)
def _x_pow_mod(k: int) -> int:
    """x^k mod P, by square-and-multiply on 16-bit polynomials."""
    result, base = 1, 2
    while k:
        if k & 1:
            result = _mod_small(_clmul(result, base))
        base = _mod_small(_clmul(base, base))
        k >>= 1
    return result


def crc16(data: bytes) -> int:
    """The FIT CRC (CRC-16/ARC) of ``data``."""
    if not data:
        return 0
    m = int.from_bytes(data.translate(_REFLECT), "big") << 16
    n = len(data) * 8 + 16
    while n > 64:
        k = n // 2
        m = _clmul(m >> k, _x_pow_mod(k)) ^ (m & ((1 << k) - 1))
        n = max(k, n - k + 16) + 1
    return int(f"{_mod_small(m):016b}"[::-1], 2)


def crc16_table(data: bytes) -> int:
    """The same CRC the textbook way, one byte at a time (the tests' reference)."""
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


# --- definitions -------------------------------------------------------------------


@lru_cache(maxsize=4096)  # bounded: hostile files must not grow it without limit
def _compile(
    global_num: int, big_endian: bool, fields: tuple[tuple[int, int, int], ...], dev_size: int
) -> _Layout:
    """Compile one definition into a struct layout. Cached: files reuse a few layouts."""
    wanted = _WANTED.get(global_num, _DEFAULT_WANTED)
    fmt = [">" if big_endian else "<"]
    names: list[int] = []
    invalid: list[float | None] = []
    skip = 0
    for num, size, base in fields:
        if num in wanted:
            if num == _COMPRESSED_SPEED_DISTANCE and global_num == _RECORD and size == 3:
                code, inv = "3s", None
            else:
                code, bsize, inv = _BASE.get(base & 0x1F, ("", 0, None))
                if bsize != size:  # arrays, strings, misaligned sizes: not a scalar
                    code = ""
            if code:
                if skip:
                    fmt.append(f"{skip}x")
                    skip = 0
                fmt.append(code)
                names.append(num)
                invalid.append(inv)
                continue
        skip += size
    skip += dev_size
    if skip:
        fmt.append(f"{skip}x")
    st = struct.Struct("".join(fmt))
    ts_index = names.index(_TIMESTAMP) if _TIMESTAMP in names else -1
    return _Layout(global_num, st.unpack_from, st.size, tuple(names), tuple(invalid), ts_index)


# --- decoding ----------------------------------------------------------------------


def _check_header(data: bytes, pos: int) -> tuple[int, int]:
    """Validate the header at ``pos``; return (data start, data end)."""
    remaining = len(data) - pos
    if remaining < 12:
        raise DecodeError(
            f"truncated FIT header at byte {pos} ({remaining} bytes)", ImportProblem.TRUNCATED
        )
    header_size = data[pos]
    if header_size not in (12, 14) or data[pos + 8 : pos + 12] != b".FIT":
        raise DecodeError(f"not a FIT header at byte {pos}", ImportProblem.CORRUPT)
    if remaining < header_size:
        raise DecodeError(f"truncated FIT header at byte {pos}", ImportProblem.TRUNCATED)
    (data_size,) = struct.unpack_from("<I", data, pos + 4)
    if header_size == 14:
        (header_crc,) = struct.unpack_from("<H", data, pos + 12)
        if header_crc and crc16(data[pos : pos + 12]) != header_crc:
            raise DecodeError(f"bad FIT header CRC at byte {pos}", ImportProblem.BAD_CRC)
    if data_size == 0:
        raise DecodeError(
            "FIT header declares no data (the file was never finalised)",
            ImportProblem.TRUNCATED,
        )
    start = pos + header_size
    end = start + data_size
    if end + 2 > len(data):
        raise DecodeError(
            f"truncated: the FIT header promises {end + 2 - pos} bytes, "
            f"only {len(data) - pos} are there",
            ImportProblem.TRUNCATED,
        )
    (file_crc,) = struct.unpack_from("<H", data, end)
    if crc16(data[pos:end]) != file_crc:
        raise DecodeError("bad file CRC (the file is corrupt)", ImportProblem.BAD_CRC)
    return start, end


def _definition(data: bytes, pos: int, end: int, dev: bool) -> tuple[_Layout, int]:
    if pos + 5 > end:
        raise DecodeError(f"definition message cut off at byte {pos}", ImportProblem.CORRUPT)
    big = data[pos + 1] == 1
    (global_num,) = struct.unpack_from(">H" if big else "<H", data, pos + 2)
    n = data[pos + 4]
    pos += 5
    if pos + 3 * n > end:
        raise DecodeError(f"definition message cut off at byte {pos}", ImportProblem.CORRUPT)
    raw = data[pos : pos + 3 * n]
    fields = tuple((raw[i], raw[i + 1], raw[i + 2]) for i in range(0, 3 * n, 3))
    pos += 3 * n
    dev_size = 0
    if dev:
        if pos >= end:
            raise DecodeError(f"definition message cut off at byte {pos}", ImportProblem.CORRUPT)
        nd = data[pos]
        pos += 1
        if pos + 3 * nd > end:
            raise DecodeError(f"definition message cut off at byte {pos}", ImportProblem.CORRUPT)
        dev_size = sum(data[pos + 1 : pos + 3 * nd : 3])
        pos += 3 * nd
    return _compile(global_num, big, fields, dev_size), pos


def _segment(data: bytes, pos: int, end: int, out: FitContent, groups: list[Any]) -> None:
    """Decode the messages of one FIT file (one link of a chain).

    Record messages are collected as raw tuples grouped by layout and converted to
    columns afterwards in bulk, which is much faster than per-message dicts.
    """
    layouts: list[_Layout | None] = [None] * 16
    last_ts = 0
    cur_lay: _Layout | None = None
    cur_compressed = False
    cur_rows: list[tuple[Any, ...]] = []
    # Records already held (earlier links of a chain, earlier groups): the cap is per file.
    kept = sum(len(g[2]) for g in groups)
    while pos < end:
        h = data[pos]
        pos += 1
        if h & 0x80:  # compressed timestamp header
            lay = layouts[(h >> 5) & 3]
            if lay is None:
                raise DecodeError(
                    f"data message uses undefined local message {(h >> 5) & 3} at byte {pos - 1}"
                )
            offset = h & 0x1F
            last_ts += (offset - (last_ts & 0x1F)) & 0x1F
            if pos + lay.size > end:
                raise DecodeError(f"message cut off at byte {pos}", ImportProblem.TRUNCATED)
            vals = lay.unpack(data, pos)
            pos += lay.size
            if lay.global_num == _RECORD:
                if lay is not cur_lay or not cur_compressed:
                    kept += len(cur_rows)
                    cur_rows = []
                    cur_lay, cur_compressed = lay, True
                    groups.append((lay, True, cur_rows))
                cur_rows.append((*vals, last_ts))
                if len(cur_rows) + kept > MAX_RECORDS:
                    raise _too_many_records()
            else:
                _other(lay, vals, out)
            continue
        if h & 0x40:
            lay, pos = _definition(data, pos, end, bool(h & 0x20))
            layouts[h & 0x0F] = lay
            continue
        lay = layouts[h & 0x0F]
        if lay is None:
            raise DecodeError(
                f"data message uses undefined local message {h & 0x0F} at byte {pos - 1}"
            )
        if pos + lay.size > end:
            raise DecodeError(f"message cut off at byte {pos}", ImportProblem.TRUNCATED)
        vals = lay.unpack(data, pos)
        pos += lay.size
        ti = lay.ts_index
        if ti >= 0 and vals[ti] != 0xFFFFFFFF:
            last_ts = vals[ti]
        if lay.global_num == _RECORD:
            if lay is not cur_lay or cur_compressed:
                kept += len(cur_rows)
                cur_rows = []
                cur_lay, cur_compressed = lay, False
                groups.append((lay, False, cur_rows))
            cur_rows.append(vals)
            if len(cur_rows) + kept > MAX_RECORDS:
                raise _too_many_records()
        else:
            _other(lay, vals, out)


#: Record messages one file may hold: 11 days at one a second. Each costs about 250
#: bytes once decoded, so a crafted 64 MB file of tiny records (13 million) would
#: otherwise take gigabytes and most of a minute.
MAX_RECORDS = 1_000_000


def _too_many_records() -> DecodeError:
    return DecodeError(
        f"holds more than {MAX_RECORDS} records (refused as too large)", ImportProblem.TOO_LARGE
    )


def _other(lay: _Layout, vals: tuple[Any, ...], out: FitContent) -> None:
    """Keep what runback needs from a non-record message."""
    g = lay.global_num
    if g == _SESSION:
        out.sessions.append(_as_dict(lay, vals))
    elif g == _LAP:
        out.laps += 1
    elif g == _FILE_ID:
        msg = _as_dict(lay, vals)
        if 0 in msg:
            out.file_types.append(int(msg[0]))
        if 4 in msg:
            out.created.append(int(msg[4]))
    elif g == _ACTIVITY:
        msg = _as_dict(lay, vals)
        if _TIMESTAMP in msg and 5 in msg:
            out.activity_times = (int(msg[_TIMESTAMP]), int(msg[5]))
            offset = int(msg[5]) - int(msg[_TIMESTAMP])
            if abs(offset) <= 15 * 3600:
                out.utc_offset_s = offset


def _as_dict(lay: _Layout, vals: tuple[Any, ...]) -> dict[int, Any]:
    return {
        n: v
        for n, v, inv in zip(lay.names, vals, lay.invalid, strict=True)
        if v != inv and _finite(v)  # drops the invalid sentinel, NaN and infinities
    }


def _finite(v: Any) -> bool:
    """False for a float NaN or infinity (float32/64 fields), which FIT treats as invalid."""
    return not isinstance(v, float) or math.isfinite(v)


def _column(rows: list[tuple[Any, ...]], index: int, invalid: float | None) -> list[Any]:
    col = [r[index] for r in rows]
    if invalid is None:
        return [v if _finite(v) else None for v in col]
    return [None if v == invalid else v for v in col]


#: Below this many records per run of one layout, regroup by layout (see _columns).
_SMALL_GROUPS = 16


def _columns(groups: list[Any], out: FitContent) -> None:
    """Convert grouped raw record tuples into the scaled, aligned stream.

    Some devices (Suunto) alternate record layouts message by message, which would
    make thousands of one-row groups; those files are regrouped by layout, converted
    in bulk, and scattered back into file order.
    """
    n = sum(len(g[2]) for g in groups)
    out.records += n
    if not groups:
        return
    has_csd = any(_COMPRESSED_SPEED_DISTANCE in g[0].names for g in groups)
    if has_csd or n >= _SMALL_GROUPS * len(groups):
        state = _DistanceState()
        for lay, compressed, rows in groups:
            _extend(out.stream, _convert(lay, compressed, rows, state))
        return
    merged: dict[tuple[int, bool], tuple[_Layout, bool, list[Any], list[int]]] = {}
    pos = 0
    for lay, compressed, rows in groups:
        entry = merged.setdefault((id(lay), compressed), (lay, compressed, [], []))
        entry[2].extend(rows)
        entry[3].extend(range(pos, pos + len(rows)))
        pos += len(rows)
    cols: list[list[Any]] = [[None] * n for _ in range(6)]
    state = _DistanceState()
    for lay, compressed, rows, positions in merged.values():
        part = _convert(lay, compressed, rows, state)
        for target, values in zip(cols, part, strict=True):
            for i, v in zip(positions, values, strict=True):
                target[i] = v
    _extend(out.stream, tuple(cols))


class _DistanceState:
    """Running total for ``compressed_speed_distance`` (a 12-bit rolling counter)."""

    __slots__ = ("acc", "last")

    def __init__(self) -> None:
        self.acc = 0.0
        self.last: int | None = None


_Columns = tuple[list[Any], list[Any], list[Any], list[Any], list[Any], list[Any]]


def _extend(s: Stream, cols: _Columns | tuple[list[Any], ...]) -> None:
    t, dist, speed, hr, cad, alt = cols
    s.t.extend(t)
    s.dist.extend(dist)
    s.speed.extend(speed)
    s.hr.extend(hr)
    s.cad.extend(cad)
    s.alt.extend(alt)


def _convert(
    lay: _Layout, compressed: bool, rows: list[tuple[Any, ...]], state: _DistanceState
) -> _Columns:
    """One layout's rows -> scaled columns (t, dist, speed, hr, cad, alt)."""
    idx = {num: i for i, num in enumerate(lay.names)}

    def col(num: int) -> list[Any]:
        i = idx.get(num)
        return [None] * len(rows) if i is None else _column(rows, i, lay.invalid[i])

    ts = [r[-1] for r in rows] if compressed else col(_TIMESTAMP)
    speed = col(73)
    sp16 = col(6)
    dist = col(5)
    if _COMPRESSED_SPEED_DISTANCE in idx:
        ci = idx[_COMPRESSED_SPEED_DISTANCE]
        for j, r in enumerate(rows):
            b = r[ci]
            if b == b"\xff\xff\xff":
                continue
            sp16[j] = (b[0] | (b[1] & 0x0F) << 8) * 10  # 1/100 m/s -> 1/1000
            raw = (b[1] >> 4) | (b[2] << 4)
            if state.last is not None:
                state.acc += ((raw - state.last) & 0xFFF) / 16
            state.last = raw
            dist[j] = state.acc * 100
    ealt, alt = col(78), col(2)
    return (
        [None if t is None else float(t) for t in ts],
        [None if d is None else d / 100 for d in dist],
        [
            e / 1000 if e is not None else (v / 1000 if v is not None else None)
            for e, v in zip(speed, sp16, strict=True)
        ],
        col(3),
        col(4),
        [
            e / 5 - 500 if e is not None else (a / 5 - 500 if a is not None else None)
            for e, a in zip(ealt, alt, strict=True)
        ],
    )


def decode(data: bytes) -> FitContent:
    """Decode every FIT file chained in ``data``; raise DecodeError if any is damaged."""
    if not data:
        raise DecodeError("the file is empty (0 bytes)", ImportProblem.EMPTY)
    out = FitContent()
    groups: list[Any] = []
    pos = 0
    while pos < len(data):
        start, end = _check_header(data, pos)
        _segment(data, start, end, out, groups)
        pos = end + 2
    _columns(groups, out)
    return out


def fit_datetime(value: int) -> datetime:
    """A FIT ``date_time`` as an aware UTC datetime."""
    return datetime.fromtimestamp(value + FIT_EPOCH, tz=UTC)


# --- FIT -> Activity -------------------------------------------------------------


def _session_totals(sessions: list[dict[int, Any]], laps: int) -> Totals:
    """Merge the session messages (one per sport of a multisport file)."""
    sports = {sport_from_name(SPORTS.get(s.get(5, 0), "other")) for s in sessions}
    sport = sports.pop() if len(sports) == 1 else Sport.MULTISPORT
    subs = {SUB_SPORTS.get(s[6], f"sub_sport_{s[6]}") for s in sessions if 6 in s}
    starts = []
    for s in sessions:
        start = s.get(2)
        if start is None and _TIMESTAMP in s:
            start = s[_TIMESTAMP] - s.get(7, s.get(8, 0)) / 1000
        if start is not None:
            starts.append(start)
    elapsed = sum(s.get(7, s.get(8, 0)) for s in sessions) / 1000
    timer = sum(s.get(8, s.get(7, 0)) for s in sessions) / 1000
    weights = [(s[16], s.get(8, 1)) for s in sessions if 16 in s]
    avg_hr = sum(h * w for h, w in weights) / sum(w for _, w in weights) if weights else None
    cads = [(s[18], s.get(8, 1)) for s in sessions if 18 in s]
    avg_cad = sum(c * w for c, w in cads) / sum(w for _, w in cads) if cads else None
    ascents = [s[22] for s in sessions if 22 in s]
    max_hrs = [s[17] for s in sessions if 17 in s]
    dists = [s[9] for s in sessions if 9 in s]
    return Totals(
        sport=sport,
        sub_sport=subs.pop() if len(subs) == 1 else None,
        start_utc=fit_datetime(int(min(starts)) if starts else 0),
        total_s=elapsed,
        timer_s=timer,
        distance_m=sum(dists) / 100 if dists else None,
        ascent_m=float(sum(ascents)) if ascents else None,
        avg_hr=avg_hr,
        max_hr=float(max(max_hrs)) if max_hrs else None,
        avg_cadence=avg_cad,
        laps=laps,
    )


def _foot_windows(sessions: list[dict[int, Any]]) -> list[tuple[float, float]]:
    windows = []
    for s in sessions:
        if sport_from_name(SPORTS.get(s.get(5, 0), "other")) in FOOT_SPORTS and 2 in s:
            windows.append((float(s[2]), float(s[2]) + s.get(7, 0) / 1000))
    return windows


def _only_windows(stream: Stream, windows: list[tuple[float, float]]) -> Stream:
    keep = [
        i for i, t in enumerate(stream.t) if t is not None and any(a <= t <= b for a, b in windows)
    ]
    return Stream(
        t=[stream.t[i] for i in keep],
        dist=[stream.dist[i] for i in keep],
        speed=[stream.speed[i] for i in keep],
        hr=[stream.hr[i] for i in keep],
        cad=[stream.cad[i] for i in keep],
        alt=[stream.alt[i] for i in keep],
    )


def _resolve_start(totals: Totals, content: FitContent) -> Totals:
    """Date a session whose start time is missing or relative to power-up.

    Older watches (FR70 era) and cameras write times relative to power-up until
    GPS sets the clock. In order of trust: the first record with a real clock
    time; the activity message's local wall-clock time (then the start is local
    time, stored as UTC with the offset unknown, so the calendar date is right);
    the file's creation time plus the relative start.
    """
    relative = int((totals.start_utc - fit_datetime(0)).total_seconds())
    absolute = [t for t in content.stream.t if t is not None and t >= RELATIVE_TIME_LIMIT]
    if absolute:
        start = int(min(absolute))
    elif content.activity_times and content.activity_times[1] >= RELATIVE_TIME_LIMIT:
        ts, local = content.activity_times
        start = local - (ts - relative)
    elif any(c >= RELATIVE_TIME_LIMIT for c in content.created):
        start = max(content.created) + relative
    else:
        raise DecodeError(
            "the device clock was not set and the file has no wall-clock time",
            ImportProblem.NO_TIMES,
        )
    return dataclasses.replace(totals, start_utc=fit_datetime(start))


def read_fit(data: bytes, origin: Origin) -> Activity:
    """Decode a FIT file and summarise it as one activity."""
    content = decode(data)
    if not content.sessions:
        types = [FILE_TYPES.get(t, str(t)) for t in content.file_types]
        if types and ACTIVITY_FILE not in content.file_types:
            raise DecodeError(
                f"not an activity: a FIT {types[0]} file", ImportProblem.NOT_AN_ACTIVITY
            )
        raise DecodeError(
            "FIT file has no session message (an unfinished recording, or not an activity)",
            ImportProblem.NO_SESSION,
        )
    totals = _session_totals(content.sessions, content.laps)
    utc_offset = content.utc_offset_s
    if totals.start_utc < fit_datetime(RELATIVE_TIME_LIMIT):
        totals, utc_offset = _resolve_start(totals, content), None
    foot = None
    if totals.sport is Sport.MULTISPORT:
        foot = _only_windows(content.stream, _foot_windows(content.sessions))
    return build(origin, totals, content.stream, utc_offset_s=utc_offset,
                 records=content.records, foot_stream=foot)  # fmt: skip
