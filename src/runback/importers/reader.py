"""Reading one file: unwrap containers, detect the format, hand it to its reader.

This is the only place that knows file names: the format readers work on bytes
and raise :class:`DecodeError`; here it becomes an :class:`ActivityFileError`
naming the file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from runback.importers import gpx, tcx
from runback.importers.build import Origin
from runback.importers.containers import (
    GZIP_MAGIC,
    MAX_ACTIVITY_BYTES,
    ZIP_MAGIC,
    gunzip,
    is_junk_member,
    open_zip,
    read_member,
)
from runback.importers.errors import ActivityFileError, DecodeError, ImportProblem
from runback.importers.fit import read_fit
from runback.importers.model import Activity, SourceFormat, Sport

#: File name endings the folder and archive walkers pick up.
ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")


def is_activity_name(name: str) -> bool:
    """Does this file name look like an activity file runback reads?"""
    return name.lower().endswith(ACTIVITY_SUFFIXES)


def detect_format(data: bytes, name: str) -> SourceFormat:
    """Pick the format from the content first (names lie), then the extension."""
    if len(data) >= 12 and data[8:12] == b".FIT":
        return SourceFormat.FIT
    head = data[:4096].lower()
    if b"<trainingcenterdatabase" in head:
        return SourceFormat.TCX
    if b"<gpx" in head:
        return SourceFormat.GPX
    suffix = PurePosixPath(name.lower()).suffix
    if suffix in (".fit", ".gpx", ".tcx"):
        return SourceFormat(suffix[1:])
    raise DecodeError(
        "not an activity file (neither FIT, GPX nor TCX)", ImportProblem.UNKNOWN_FORMAT
    )


def _unwrap(data: bytes) -> bytes:
    """Remove a gzip layer or a one-activity zip around the activity bytes."""
    if data[:2] == GZIP_MAGIC:
        return gunzip(data)
    if data[:4] == ZIP_MAGIC:
        zf = open_zip(data)
        with zf:
            members = [i for i in zf.infolist() if not is_junk_member(i.filename)]
            wanted = [i for i in members if is_activity_name(i.filename)]
            if len(wanted) != 1:
                raise DecodeError(
                    f"zip holds {len(wanted)} activity files; read it as an archive "
                    "(iter_activities) instead",
                    ImportProblem.NOT_AN_ACTIVITY,
                )
            inner = read_member(zf, wanted[0])
        return gunzip(inner) if inner[:2] == GZIP_MAGIC else inner
    return data


def decode_bytes(data: bytes, filename: str, sport_hint: Sport | None = None) -> Activity:
    """Like :func:`read_bytes` but raising :class:`DecodeError` (no file name)."""
    if not data:
        raise DecodeError("the file is empty (0 bytes)", ImportProblem.EMPTY)
    raw = _unwrap(data)
    if not raw:
        raise DecodeError("the file is empty (0 bytes)", ImportProblem.EMPTY)
    fmt = detect_format(raw, filename.removesuffix(".gz"))
    origin = Origin(filename, hashlib.sha256(raw).hexdigest(), fmt, sport_hint)
    if fmt is SourceFormat.FIT:
        return read_fit(raw, origin)
    if fmt is SourceFormat.GPX:
        return gpx.read_gpx(raw, origin)
    return tcx.read_tcx(raw, origin)


def read_bytes(data: bytes, filename: str, sport_hint: Sport | None = None) -> Activity:
    """Summarise one activity file given as bytes (FIT, GPX, TCX; gzipped or zipped).

    ``sport_hint`` is used only when the file does not name its sport. Raises
    :class:`ActivityFileError` naming ``filename`` and the reason.
    """
    try:
        return decode_bytes(data, filename, sport_hint)
    except DecodeError as exc:
        raise ActivityFileError(filename, exc.reason, exc.problem) from exc
    except (ValueError, IndexError, KeyError, TypeError, OverflowError,
            ArithmeticError, RecursionError, MemoryError) as exc:  # fmt: skip
        # A reader bug on hostile input must still name the file, not crash a batch.
        raise ActivityFileError(
            filename, f"could not decode the file ({type(exc).__name__}: {exc})"
        ) from exc


def read_file(path: Path, sport_hint: Sport | None = None) -> Activity:
    """Summarise one activity file on disk. Raises :class:`ActivityFileError`."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_ACTIVITY_BYTES:
            raise ActivityFileError(
                name,
                f"file is {size} bytes, over the {MAX_ACTIVITY_BYTES} byte limit",
                ImportProblem.TOO_LARGE,
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ActivityFileError(
            name, f"cannot read the file ({exc.strerror or exc})", ImportProblem.UNREADABLE
        ) from exc
    return read_bytes(data, name, sport_hint)
