"""Walking folders and archives (Strava bulk exports, Garmin zips), one file at a time.

A history can be ten years and thousands of files, so nothing here collects a
list: each activity (or the error for one file) is yielded as soon as it is read.

Strava bulk exports hold ``activities.csv`` and an ``activities/`` folder. The CSV
supplies the sport when a file has none (old GPX) and lets us report rows whose
file is missing from the export instead of dropping them silently.

Archive entries are untrusted: names that climb out of the archive (``../``) or
are absolute are refused, entries that would inflate past the size cap or with
an absurd compression ratio are refused as zip bombs, and every refusal is an
error for that entry only. A gzipped entry (``.fit.gz`` in a Strava export) is
inflated here, against the same ratio and the archive's total budget: a zip of
gzip bombs is as much a bomb as a zip of bombs.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from runback.importers.build import sport_from_name
from runback.importers.containers import (
    GZIP_MAGIC,
    MAX_COMPRESSION_RATIO,
    gunzip,
    inflate_limit,
    is_junk_member,
    open_zip,
    read_member,
    unsafe_member_reason,
)
from runback.importers.errors import ActivityFileError, DecodeError, ImportProblem
from runback.importers.model import Activity, Sport
from runback.importers.reader import is_activity_name, read_bytes, read_file

StravaIndex = dict[str, str]
Outcome = Activity | ActivityFileError

#: Stop reading an archive after this many inflated bytes in total.
MAX_ARCHIVE_BYTES = 8 * 1024 * 1024 * 1024


def parse_strava_csv(text: str) -> StravaIndex:
    """Map each ``Filename`` in a Strava ``activities.csv`` to its ``Activity Type``.

    The CSV repeats some header names (``Distance``, ``Elapsed Time``), so columns are
    found by their first occurrence rather than through ``DictReader``.
    """
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(rows, [])
    except csv.Error:
        return {}
    try:
        fi = header.index("Filename")
    except ValueError:
        return {}
    ti = header.index("Activity Type") if "Activity Type" in header else -1
    index: StravaIndex = {}
    try:
        for row in rows:
            if len(row) > fi and row[fi].strip():
                index[row[fi].strip()] = row[ti] if 0 <= ti < len(row) else ""
    except csv.Error:
        # A damaged CSV only costs sport hints and missing-file reports, never the import.
        return index
    return index


def _hint(index: StravaIndex, relative: str) -> Sport | None:
    """The export's sport for a file, used when the file itself does not say."""
    word = index.get(relative) or index.get(relative.removesuffix(".gz"))
    sport = sport_from_name(word) if word else None
    return sport if sport not in (None, Sport.OTHER, Sport.GENERIC) else None


def _missing(index: StravaIndex, seen: set[str], where: str) -> Iterator[ActivityFileError]:
    for name in index:
        if name not in seen and name.removesuffix(".gz") not in seen:
            yield ActivityFileError(
                f"{where}/{name}",
                "listed in activities.csv but missing from the export",
                ImportProblem.MISSING,
            )


def iter_zip(path_name: str, data: bytes) -> Iterator[Outcome]:
    """Every activity in a zip (a Strava export or a Garmin export-original zip)."""
    try:
        zf = open_zip(data)
    except DecodeError as exc:
        yield ActivityFileError(path_name, exc.reason, exc.problem)
        return
    with zf:
        infos = zf.infolist()
        index: StravaIndex = {}
        csv_info = next(
            (i for i in infos if PurePosixPath(i.filename).name == "activities.csv"), None
        )
        if csv_info is not None and not unsafe_member_reason(csv_info.filename):
            try:
                index = parse_strava_csv(read_member(zf, csv_info).decode("utf-8", "replace"))
            except DecodeError as exc:
                yield ActivityFileError(f"{path_name}:{csv_info.filename}", exc.reason, exc.problem)
        prefix = str(PurePosixPath(csv_info.filename).parent) if csv_info else ""
        seen: set[str] = set()
        inflated = 0
        for info in infos:
            name = info.filename
            if is_junk_member(name):
                continue
            label = f"{path_name}:{name}"
            reason = unsafe_member_reason(name)
            if reason:
                yield ActivityFileError(label, reason, ImportProblem.UNSAFE_ARCHIVE)
                continue
            if not is_activity_name(name):
                continue
            if info.compress_size and info.file_size > MAX_COMPRESSION_RATIO * info.compress_size:
                yield ActivityFileError(
                    label,
                    f"compression ratio over {MAX_COMPRESSION_RATIO}:1 (refused as a zip bomb)",
                    ImportProblem.TOO_LARGE,
                )
                continue
            inflated += info.file_size
            if inflated > MAX_ARCHIVE_BYTES:
                yield _archive_spent(label)
                return
            relative = name[len(prefix) + 1 :] if prefix and prefix != "." else name
            seen.add(relative)
            try:
                data = read_member(zf, info)
                if data[:2] == GZIP_MAGIC:
                    stored = info.compress_size or len(data)
                    data = gunzip(data, min(inflate_limit(stored), MAX_ARCHIVE_BYTES - inflated))
                    inflated += len(data)
                yield read_bytes(data, label, _hint(index, relative))
            except DecodeError as exc:
                yield ActivityFileError(label, exc.reason, exc.problem)
            except ActivityFileError as exc:
                yield exc
        yield from _missing(index, seen, path_name)


def _archive_spent(label: str) -> ActivityFileError:
    return ActivityFileError(label, "archive inflates past 8 GB; stopped", ImportProblem.TOO_LARGE)


def _read_one(path: Path, hint: Sport | None = None) -> Iterator[Outcome]:
    if path.name.lower().endswith(".zip"):
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield ActivityFileError(
                str(path), f"cannot read the file ({exc.strerror})", ImportProblem.UNREADABLE
            )
            return
        yield from iter_zip(str(path), data)
        return
    try:
        yield read_file(path, hint)
    except ActivityFileError as exc:
        yield exc


def iter_folder(folder: Path) -> Iterator[Outcome]:
    """Every activity under a folder, in a stable (sorted) order."""
    csv_path = folder / "activities.csv"
    index: StravaIndex = {}
    if csv_path.is_file():
        try:
            index = parse_strava_csv(csv_path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            index = {}
    seen: set[str] = set()
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        dirs[:] = [d for d in dirs if d != "__MACOSX"]
        for name in sorted(files):
            if name.startswith("._"):
                continue
            path = Path(root) / name
            if not (is_activity_name(name) or name.lower().endswith(".zip")):
                continue
            relative = path.relative_to(folder).as_posix()
            seen.add(relative)
            yield from _read_one(path, _hint(index, relative))
    yield from _missing(index, seen, str(folder))


def iter_activities(paths: Iterable[Path]) -> Iterator[Outcome]:
    """Read files, folders and archives, yielding an Activity or an error per file.

    Never raises for a bad file: the error is yielded and the walk goes on.
    """
    for path in paths:
        if path.is_dir():
            yield from iter_folder(path)
        elif path.exists():
            yield from _read_one(path)
        else:
            yield ActivityFileError(str(path), "no such file or folder", ImportProblem.MISSING)


__all__ = ["iter_activities", "iter_folder", "iter_zip", "parse_strava_csv"]
