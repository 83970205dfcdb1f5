"""Back up and restore an install: the database and the uploaded files, as one archive.

The archive is a gzipped tar with ``manifest.json`` (format, database engine, file
count, when), the database and ``files/``: every stored upload, read through Django's
storage API, so the data folder's or, with ``RUNBACK_STORAGE_URL``, the bucket's.
The database copy is consistent while the app keeps serving: on SQLite, SQLite's
own online backup API (page by page, under its locks); on PostgreSQL, ``pg_dump``
(one snapshot transaction). The database is copied before the files, so every file
a copied row names is already stored. The archive is written beside its target and
renamed into place, private (0600), so a failed backup never leaves a half archive
under the final name.

Restoring replaces the database's contents (SQLite's backup API again, into the
live file; or ``psql`` with the dump's own DROP/CREATE in one transaction) and
swaps the uploads folder for the archive's (a bucket, which cannot swap, gets each
file written back and loses objects the archive does not hold), then applies any
migrations newer than the backup. An archive is checked before anything is
touched: it must be one of ours, for the same kind of database, with no path
outside its folders.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection

from runback.web.files import walk

FORMAT = "runback-backup/1"
MANIFEST = "manifest.json"
SQLITE_NAME = "database.sqlite3"
POSTGRES_NAME = "database.sql"
FILES = "files"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass(frozen=True, slots=True)
class Summary:
    path: Path
    engine: str
    files: int


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _media() -> Path:
    """The uploads folder on disk (local storage only)."""
    return Path(default_storage.path(""))


# --- backup ----------------------------------------------------------------------


def backup(out: Path, now: dt.datetime | None = None) -> Summary:
    """Write the archive to ``out`` (which must not exist yet)."""
    out = out.expanduser()
    if out.exists():
        raise BackupError(f"{out} already exists: choose a new name (nothing was overwritten)")
    if not out.parent.is_dir():
        raise BackupError(f"the folder {out.parent} does not exist")
    engine = _engine()
    now = now or dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".runback-backup-") as work:
        folder = Path(work)
        name = SQLITE_NAME if engine == "sqlite" else POSTGRES_NAME
        if engine == "sqlite":
            _sqlite_copy(folder / name)
        else:
            _pg_dump(folder / name)
        files = list(walk(default_storage))
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created": now.isoformat(),
            "files": len(files),
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        partial = folder / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(folder / MANIFEST, MANIFEST)
            archive.add(folder / name, name)
            for name in files:
                _add_stored(archive, name)
        partial.chmod(0o600)
        partial.rename(out)
    return Summary(out, engine, len(files))


def _add_stored(archive: tarfile.TarFile, name: str) -> None:
    """One stored file (on disk or in the bucket) into the archive, private."""
    info = tarfile.TarInfo(f"{FILES}/{name}")
    info.size = default_storage.size(name)
    info.mode = 0o600
    with default_storage.open(name, "rb") as handle:
        archive.addfile(info, handle)


def _sqlite_copy(target: Path) -> None:
    """An online, consistent copy through SQLite's backup API (the app may keep writing)."""
    connection.ensure_connection()
    live = connection.connection
    copy = sqlite3.connect(target)
    try:
        live.backup(copy)
    finally:
        copy.close()


def _pg_env() -> dict[str, str]:
    """libpq's variables for the very connection Django made (whatever the settings
    spelled: URL, OPTIONS, socket folder); never a password on the command line."""
    connection.ensure_connection()
    info: Any = connection.connection.info  # psycopg's ConnectionInfo
    env = dict(os.environ)
    env.update(
        PGHOST=str(info.host),
        PGPORT=str(info.port),
        PGUSER=str(info.user),
        PGDATABASE=str(info.dbname),
    )
    if info.password:
        env["PGPASSWORD"] = str(info.password)
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _pg_dump(target: Path) -> None:
    command = [
        _pg_tool("pg_dump"),
        "--format=plain",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        f"--file={target}",
    ]
    _run(command, "pg_dump")


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 (a fixed program, no shell)
        command, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[:2000]}")


# --- restore ---------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError("this is not a runback backup (no manifest.json)") from None
    handle = archive.extractfile(member)
    if handle is None:
        raise BackupError("this is not a runback backup (manifest.json is not a file)")
    try:
        manifest: dict[str, Any] = json.loads(handle.read(1_000_000))
    except ValueError as exc:
        raise BackupError(f"manifest.json is not JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"this is not a {FORMAT} archive")
    return manifest


def restore(source: Path) -> Summary:
    """Replace the database and the uploads with the archive's."""
    source = source.expanduser()
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    engine = _engine()
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{source} is not a runback backup: {exc}") from None
    with archive, tempfile.TemporaryDirectory(prefix=".runback-restore-") as work:
        manifest = read_manifest(archive)
        if manifest.get("engine") != engine:
            raise BackupError(
                f"this backup is of a {manifest.get('engine')} database; this install uses {engine}"
            )
        name = SQLITE_NAME if engine == "sqlite" else POSTGRES_NAME
        allowed = {MANIFEST, name}
        for member in archive.getmembers():
            if member.name not in allowed and not member.name.startswith(f"{FILES}/"):
                raise BackupError(f"unexpected entry in the archive: {member.name!r}")
        folder = Path(work)
        try:
            archive.extractall(folder, filter="data")  # no links out, no absolute paths
        except tarfile.TarError as exc:
            raise BackupError(f"the archive cannot be unpacked safely: {exc}") from None
        if not (folder / name).is_file():
            raise BackupError(f"the archive holds no {name}")
        local = isinstance(default_storage, FileSystemStorage)
        staged = _stage_files(folder / FILES) if local else folder / FILES
        if engine == "sqlite":
            _sqlite_restore(folder / name)
        else:
            _run(
                [
                    _pg_tool("psql"),
                    "--quiet",
                    "--no-psqlrc",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "--single-transaction",
                    f"--file={folder / name}",
                ],
                "psql",
            )
        files = _swap_files(staged) if local else _replace_stored(staged)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return Summary(source, engine, files)


def _sqlite_restore(copy: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _stage_files(unpacked: Path) -> Path:
    """Move the archive's files beside the uploads folder (same file system, for a rename)."""
    media = _media()
    media.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(dir=media.parent, prefix=".files-restored-"))
    if unpacked.is_dir():
        for item in unpacked.iterdir():
            shutil.move(str(item), staged / item.name)
    return staged


def _replace_stored(unpacked: Path) -> int:
    """Make the bucket hold exactly the archive's files (object storage has no rename).

    Each file is written under its own name (any object of that name replaced),
    then objects the archive does not have are deleted: uploads made after the
    backup, whose rows the restored database no longer has.
    """
    wanted = (
        {p.relative_to(unpacked).as_posix(): p for p in unpacked.rglob("*") if p.is_file()}
        if unpacked.is_dir()
        else {}
    )
    for name, path in sorted(wanted.items()):
        default_storage.delete(name)
        with path.open("rb") as handle:
            saved = default_storage.save(name, File(handle))
        if saved != name:
            raise BackupError(f"the storage saved {name} as {saved}: restore stopped")
    for name in list(walk(default_storage)):
        if name not in wanted:
            default_storage.delete(name)
    return len(wanted)


def _swap_files(staged: Path) -> int:
    media = _media()
    old = media.with_name(media.name + ".before-restore")
    if old.exists():
        shutil.rmtree(old)
    if media.exists():
        media.rename(old)
    staged.rename(media)
    media.chmod(0o700)
    if old.exists():
        shutil.rmtree(old)
    return sum(1 for p in media.rglob("*") if p.is_file())
