"""The one place the web app calls the importers: a stored upload -> its activities.

The importers know nothing of Django; this adapter hands them a path on disk and turns
whatever they yield (an activity, or the error for one file) into a uniform stream the
import service records one by one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from runback.importers import Activity, ActivityFileError, iter_activities


def read_upload(path: Path) -> Iterator[Activity | ActivityFileError]:
    """Every activity file in ``path`` (a single file or an archive), in order.

    A file that cannot be read comes out as its :class:`ActivityFileError`, never as a
    half-read activity, so the caller can record the error and carry on.
    """
    yield from iter_activities([path])


def display_name(source: str, path: Path) -> str:
    """The name the runner knows a file by: relative to the upload's private folder."""
    folder = str(path.parent)
    if source.startswith(folder):
        return source[len(folder) :].lstrip("/\\") or path.name
    return source
