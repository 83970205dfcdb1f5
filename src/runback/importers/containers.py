"""Unwrapping gzip and single-file zip containers, with a hard size cap.

Strava exports store uploads as ``.fit.gz``/``.gpx.gz`` and Garmin Connect's
"export original" hands out one-file zips. A crafted file can claim to be small
and inflate to gigabytes (a zip bomb), so inflation is incremental and stops at
:data:`MAX_ACTIVITY_BYTES`, or at :data:`MAX_COMPRESSION_RATIO` times the
compressed size, whatever the headers claim.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePosixPath

from runback.importers.errors import DecodeError, ImportProblem

#: No real activity file comes near this (the largest FIT in our corpus is 3 MB).
MAX_ACTIVITY_BYTES = 64 * 1024 * 1024
#: Real activity files compress 2-20x; a bomb compresses thousands of times.
MAX_COMPRESSION_RATIO = 200
#: Small files may inflate this far whatever their ratio (a few KB of a short run).
_RATIO_FLOOR_BYTES = 1024 * 1024
_CHUNK = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"


def _too_large(limit: int = MAX_ACTIVITY_BYTES) -> DecodeError:
    if limit >= MAX_ACTIVITY_BYTES:
        return DecodeError(
            f"inflates to more than {MAX_ACTIVITY_BYTES // (1024 * 1024)} MB "
            "(refused as a possible zip bomb)",
            ImportProblem.TOO_LARGE,
        )
    return DecodeError(
        f"inflates past {limit} bytes, over {MAX_COMPRESSION_RATIO} times its size or the "
        "archive's budget (refused as a possible zip bomb)",
        ImportProblem.TOO_LARGE,
    )


def inflate_limit(compressed_size: int) -> int:
    """How far data of this compressed size may inflate: the ratio cap, within the size cap."""
    return min(MAX_ACTIVITY_BYTES, max(MAX_COMPRESSION_RATIO * compressed_size, _RATIO_FLOOR_BYTES))


def gunzip(data: bytes, limit: int | None = None) -> bytes:
    """Inflate gzip data (all members), refusing output beyond ``limit``.

    ``limit`` defaults to :func:`inflate_limit` of the data; an archive passes a
    smaller one when its own budget is nearly spent.
    """
    cap = inflate_limit(len(data)) if limit is None else min(limit, MAX_ACTIVITY_BYTES)
    out = bytearray()
    rest = data
    while rest:
        d = zlib.decompressobj(wbits=31)
        buf = rest
        try:
            while True:
                out += d.decompress(buf, _CHUNK)
                if len(out) > cap:
                    raise _too_large(cap)
                buf = d.unconsumed_tail
                if d.eof or not buf:
                    break
            out += d.flush()
        except zlib.error as exc:
            raise DecodeError(f"damaged gzip data ({exc})", ImportProblem.CORRUPT) from exc
        if len(out) > cap:
            raise _too_large(cap)
        if not d.eof:
            raise DecodeError("truncated gzip data", ImportProblem.TRUNCATED)
        rest = d.unused_data.lstrip(b"\x00")
    return bytes(out)


def unsafe_member_reason(name: str) -> str | None:
    """Why a zip entry name must not be used, or None if it is safe."""
    path = PurePosixPath(name.replace("\\", "/"))
    drive = bool(path.parts) and path.parts[0].endswith(":")
    if path.is_absolute() or drive:
        return f"archive entry {name!r} has an absolute path"
    if ".." in path.parts:
        return f"archive entry {name!r} points outside the archive (path traversal)"
    return None


def is_junk_member(name: str) -> bool:
    """macOS resource forks and folders are not activities."""
    p = PurePosixPath(name)
    return name.endswith("/") or p.parts[:1] == ("__MACOSX",) or p.name.startswith("._")


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read one zip entry, refusing traversal names and output beyond the cap."""
    reason = unsafe_member_reason(info.filename)
    if reason:
        raise DecodeError(reason, ImportProblem.UNSAFE_ARCHIVE)
    if info.file_size > MAX_ACTIVITY_BYTES:
        raise _too_large()
    out = bytearray()
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                out += chunk
                if len(out) > MAX_ACTIVITY_BYTES:
                    raise _too_large()
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise DecodeError(f"damaged zip entry ({exc})", ImportProblem.CORRUPT) from exc
    return bytes(out)


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open zip bytes, turning zipfile's errors into a DecodeError."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise DecodeError(f"not a readable zip archive ({exc})", ImportProblem.CORRUPT) from exc
