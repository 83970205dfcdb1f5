"""A small FIT encoder for structured workouts a Garmin watch can follow.

Writes exactly three message types of the FIT protocol (Garmin's binary format):
``file_id`` (this is a workout file), ``workout`` (name, sport, step count) and one
``workout_step`` per step (timed, or counted in repetitions for strength work). A
repeat block is encoded the FIT way: its steps, then a "repeat until steps complete"
step pointing back at the block's first step.

Why our own encoder: the official SDK's licence forbids redistributing it, and the
format subset we need is small and fully specified (header, definition and data
records, CRC-16). Tests decode the output with Garmin's SDK (``garmin_fit_sdk``) to
prove a device will read it. Pure: no Django, no clock (``created`` is an argument).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum

PROTOCOL_VERSION = 0x20  # FIT protocol 2.0
PROFILE_VERSION = 2158  # FIT profile 21.158
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
NAME_BYTES = 16  # fixed width of step names (devices show about 15 characters)
NOTES_BYTES = 64  # fixed width of step notes (the exercise in full, its load)
WORKOUT_NAME_BYTES = 32

_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip


class Sport(IntEnum):
    """FIT ``sport`` values used by our workouts."""

    RUNNING = 1
    TRAINING = 10
    WALKING = 11


class SubSport(IntEnum):
    """FIT ``sub_sport``: strength workouts are training / strength_training."""

    GENERIC = 0
    STRENGTH_TRAINING = 20


class Intensity(IntEnum):
    """FIT ``intensity``: how the watch labels and colours a step."""

    ACTIVE = 0
    REST = 1
    WARMUP = 2
    COOLDOWN = 3
    RECOVERY = 4


class _DurationType(IntEnum):
    TIME = 0
    REPEAT_UNTIL_STEPS_CMPLT = 6
    REPS = 29


class _TargetType(IntEnum):
    OPEN = 2


class _BaseType(IntEnum):
    ENUM = 0x00
    STRING = 0x07
    UINT16 = 0x84
    UINT32 = 0x86
    UINT32Z = 0x8C


@dataclass(frozen=True)
class Step:
    """One step: a name the watch shows, how long (or, with ``reps``, how many
    repetitions instead), its intensity, and notes shown with it."""

    name: str
    seconds: int
    intensity: Intensity
    reps: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class Repeat:
    """A block of steps done ``times`` times in a row (e.g. 3 x run 5 min, walk 1 min)."""

    steps: tuple[Step, ...]
    times: int


@dataclass(frozen=True)
class Workout:
    """A named workout: steps and repeat blocks in order."""

    name: str
    sport: Sport
    items: tuple[Step | Repeat, ...]
    sub_sport: SubSport = SubSport.GENERIC

    def total_seconds(self) -> int:
        """How long the whole workout takes, repeats included."""
        total = 0
        for item in self.items:
            if isinstance(item, Repeat):
                total += item.times * sum(step.seconds for step in item.steps)
            else:
                total += item.seconds
        return total


class WorkoutError(ValueError):
    """A workout that cannot be written (no steps, a step with no time, ...)."""


def crc16(data: bytes, crc: int = 0) -> int:
    """The FIT CRC-16 (the SDK's nibble-table algorithm) of ``data``."""
    for byte in data:
        for nibble in (byte & 0x0F, byte >> 4):
            tmp = _CRC_TABLE[crc & 0x0F]
            crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[nibble]
    return crc


@dataclass(frozen=True)
class _Field:
    number: int
    size: int
    base_type: _BaseType


@dataclass(frozen=True)
class _Message:
    """A local message type: its global number and field layout."""

    local: int
    global_number: int
    fields: tuple[_Field, ...]

    def definition(self) -> bytes:
        head = struct.pack("<BBBHB", 0x40 | self.local, 0, 0, self.global_number, len(self.fields))
        body = b"".join(struct.pack("<BBB", f.number, f.size, f.base_type) for f in self.fields)
        return head + body

    def data(self, values: Sequence[int | str]) -> bytes:
        out = bytearray([self.local])
        for field, value in zip(self.fields, values, strict=True):
            out += _encode(field, value)
        return bytes(out)


def _encode(field: _Field, value: int | str) -> bytes:
    if field.base_type is _BaseType.STRING:
        raw = _fit_string(str(value), field.size)
        return raw + b"\x00" * (field.size - len(raw))
    fmt = {1: "<B", 2: "<H", 4: "<I"}[field.size]
    return struct.pack(fmt, int(value))


def _fit_string(text: str, size: int) -> bytes:
    """UTF-8, cut on a character boundary so at least one NUL terminator fits."""
    raw = text.encode("utf-8")[: size - 1]
    return raw.decode("utf-8", errors="ignore").encode("utf-8")


_FILE_ID = _Message(
    0,
    0,
    (
        _Field(0, 1, _BaseType.ENUM),  # type: 5 = workout
        _Field(1, 2, _BaseType.UINT16),  # manufacturer: 255 = development
        _Field(2, 2, _BaseType.UINT16),  # product
        _Field(3, 4, _BaseType.UINT32Z),  # serial_number
        _Field(4, 4, _BaseType.UINT32),  # time_created (s since 1989-12-31 UTC)
    ),
)
_WORKOUT = _Message(
    1,
    26,
    (
        _Field(4, 1, _BaseType.ENUM),  # sport
        _Field(6, 2, _BaseType.UINT16),  # num_valid_steps
        _Field(8, WORKOUT_NAME_BYTES, _BaseType.STRING),  # wkt_name
        _Field(11, 1, _BaseType.ENUM),  # sub_sport
    ),
)
_STEP = _Message(
    2,
    27,
    (
        _Field(254, 2, _BaseType.UINT16),  # message_index
        _Field(0, NAME_BYTES, _BaseType.STRING),  # wkt_step_name
        _Field(1, 1, _BaseType.ENUM),  # duration_type
        _Field(2, 4, _BaseType.UINT32),  # duration_value (ms, or step index for repeats)
        _Field(3, 1, _BaseType.ENUM),  # target_type
        _Field(4, 4, _BaseType.UINT32),  # target_value (repeat count for repeats)
        _Field(7, 1, _BaseType.ENUM),  # intensity
        _Field(8, NOTES_BYTES, _BaseType.STRING),  # notes
    ),
)
_FILE_TYPE_WORKOUT = 5
_MANUFACTURER_DEVELOPMENT = 255


def encode_workout(workout: Workout, created: datetime) -> bytes:
    """The complete ``.fit`` file for ``workout``: header, messages and CRC."""
    rows = list(_step_rows(workout.items))
    if not rows:
        raise WorkoutError(f"workout {workout.name!r} has no steps")
    records = bytearray()
    records += _FILE_ID.definition()
    records += _FILE_ID.data(
        [
            _FILE_TYPE_WORKOUT,
            _MANUFACTURER_DEVELOPMENT,
            0,
            zlib.crc32(workout.name.encode()) or 1,
            _fit_time(created),
        ]
    )
    records += _WORKOUT.definition()
    records += _WORKOUT.data([workout.sport, len(rows), workout.name, workout.sub_sport])
    records += _STEP.definition()
    for row in rows:
        records += _STEP.data(row)
    header = struct.pack("<BBHI4s", 14, PROTOCOL_VERSION, PROFILE_VERSION, len(records), b".FIT")
    header += struct.pack("<H", crc16(header))
    body = header + bytes(records)
    return body + struct.pack("<H", crc16(body))


def _fit_time(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise WorkoutError("created must be timezone-aware")
    return max(0, int((moment - FIT_EPOCH).total_seconds()))


def _step_rows(items: Iterable[Step | Repeat]) -> Iterable[list[int | str]]:
    """Flatten steps and repeat blocks into ``workout_step`` field values."""
    index = 0
    for item in items:
        if isinstance(item, Step):
            yield _timed_row(index, item)
            index += 1
            continue
        if item.times < 1 or not item.steps:
            raise WorkoutError("a repeat block needs at least one step and one repetition")
        first = index
        for step in item.steps:
            yield _timed_row(index, step)
            index += 1
        yield [
            index,
            "",
            _DurationType.REPEAT_UNTIL_STEPS_CMPLT,
            first,
            _TargetType.OPEN,
            item.times,
            Intensity.ACTIVE,
            "",
        ]
        index += 1


def _timed_row(index: int, step: Step) -> list[int | str]:
    """A step's fields: timed in milliseconds, or counted in repetitions."""
    if step.reps is not None:
        if step.reps <= 0:
            raise WorkoutError(f"step {step.name!r} has no repetitions")
        duration = (_DurationType.REPS, step.reps)
    elif step.seconds <= 0:
        raise WorkoutError(f"step {step.name!r} has no duration")
    else:
        duration = (_DurationType.TIME, step.seconds * 1000)
    return [
        index,
        step.name,
        duration[0],
        duration[1],
        _TargetType.OPEN,
        0,
        step.intensity,
        step.notes,
    ]
