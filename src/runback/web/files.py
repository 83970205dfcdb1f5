"""Stored files, wherever the storage keeps them: the data folder or a bucket.

The importers read paths, and a bucket has none: :func:`local_copy` hands them the
file itself when it is on this machine's disk, or a private temporary copy when it
is not (a worker on another host than the web process that stored it). Folders are
only a naming convention in a bucket: :func:`walk` and :func:`remove_tree` list and
delete by prefix through Django's storage API, so account deletion and backups
work the same on both.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import FileSystemStorage, Storage
from django.db.models.fields.files import FieldFile


def on_disk(storage: Storage, name: str) -> Path | None:
    """The file's path on this machine, or None when the storage has no paths (a bucket)."""
    try:
        return Path(storage.path(name))
    except NotImplementedError:
        return None


@contextmanager
def local_copy(field: FieldFile) -> Iterator[Path]:
    """A path to read ``field``'s file from, for as long as the ``with`` block lasts.

    The copy keeps the stored name (the readers tell formats apart by suffix) in its
    own private temporary folder (the process umask is 077), removed afterwards.
    """
    path = on_disk(field.storage, field.name or "")
    if path is not None:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="runback-file-") as folder:
        copy = Path(folder) / Path(field.name or "upload").name
        with field.storage.open(field.name or "", "rb") as source, copy.open("wb") as out:
            shutil.copyfileobj(source, out, 1024 * 1024)
        yield copy


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name under ``folder`` (all of the storage when empty), depth first."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder.rstrip('/')}/" if folder else ""
    for name in sorted(files):
        yield prefix + name
    for name in sorted(dirs):
        yield from walk(storage, prefix + name)


def remove_tree(storage: Storage, folder: str) -> None:
    """Delete every file under ``folder``, and on disk the emptied folders too."""
    for name in list(walk(storage, folder)):
        storage.delete(name)
    if isinstance(storage, FileSystemStorage):
        shutil.rmtree(storage.path(folder), ignore_errors=True)
