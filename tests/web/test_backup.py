"""``runback backup`` and ``runback restore``: a round trip gives back every table row
and every uploaded file, on SQLite and (in CI's second pass) on PostgreSQL.

The tests commit their rows (``transactional_db``): the backup reads the database as
another process would (SQLite's backup API, or ``pg_dump`` over its own connection).
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from typer.testing import CliRunner

from runback.cli import app
from runback.web.accounts.models import AccountSession
from runback.web.activities.models import Activity
from runback.web.exports.deletion import delete_account
from runback.web.runners.models import DayEntry, Runner
from runback.web.tokens.models import ApiToken
from tests.web.api_support import token_for
from tests.web.builders import local_today
from tests.web.conftest import client_for, new_runner
from tests.web.files_support import RUN_FIT, media, post_files, run_worker, upload_of

__all__ = ["media"]  # the fixture: the uploads folder is a throwaway one

cli = CliRunner()


def every_row() -> dict[str, list[str]]:
    """Every row of every table, in a stable order, as text."""
    tables: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = sorted(repr(row) for row in cursor.fetchall())
    return tables


def every_file(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def filled(transactional_db: None, media: Path) -> Runner:
    """Two runners, one with an imported activity (a real file), a journal and a token."""
    alice = new_runner("alice")
    new_runner("bob")
    client = client_for(alice.user)
    post_files(client, [upload_of(RUN_FIT)])
    run_worker()
    client.post(
        f"/api/v1/runners/{alice.pk}/journal",
        {"date": local_today().isoformat(), "notes": "ran by the river"},
        content_type="application/json",
    )
    token_for(alice.user)
    assert Activity.objects.filter(runner=alice).exists()
    assert DayEntry.objects.filter(runner=alice).exists()
    return alice


def test_a_round_trip_gives_back_every_row_and_file(
    filled: Runner, media: Path, tmp_path: Path
) -> None:
    # Restore ends with ``migrate`` (a backup may predate the code), whose post_migrate
    # hook adds any missing content type and permission. A browser test's flush in the
    # same worker can leave the test database without some of them; migrate first so
    # the comparison is of the database a real install has.
    call_command("migrate", verbosity=0, interactive=False)
    rows, files = every_row(), every_file(media)
    assert files, "the import kept its file"
    assert sum(len(r) for r in rows.values()) > 20
    out = tmp_path / "backup.tar.gz"

    made = cli.invoke(app, ["backup", str(out)])
    assert made.exit_code == 0, made.output
    assert "1 file(s)" in made.output
    assert out.stat().st_mode & 0o777 == 0o600

    # Then things change: an account goes (with its files), another comes, a stray file.
    delete_account(filled.user)
    new_runner("dave")
    (media / "stray.txt").write_text("not in the backup")
    assert every_row() != rows
    assert every_file(media) != files

    restored = cli.invoke(app, ["restore", str(out), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert every_row() == rows
    assert every_file(media) == files
    assert ApiToken.objects.filter(user__username="alice").exists()
    assert AccountSession.objects.filter(user__username="alice").exists()


def test_a_backup_never_overwrites(filled: Runner, tmp_path: Path) -> None:
    out = tmp_path / "backup.tar.gz"
    out.write_text("keep me")
    result = cli.invoke(app, ["backup", str(out)])
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert out.read_text() == "keep me"


def _archive(path: Path, entries: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def _manifest(**fields: Any) -> bytes:
    base = {"format": "runback-backup/1", "engine": connection.vendor, "files": 0}
    return json.dumps({**base, **fields}).encode()


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"x.txt": b"x"}, "no manifest.json"),
        ({"manifest.json": b"{"}, "not JSON"),
        ({"manifest.json": _manifest(format="other")}, "not a runback-backup/1"),
        ({"manifest.json": _manifest(engine="oracle")}, "oracle database"),
        ({"manifest.json": _manifest(), "../escape": b"x"}, "unexpected entry"),
        ({"manifest.json": _manifest(), "files/../../escape": b"x"}, "cannot be unpacked"),
        ({"manifest.json": _manifest()}, "holds no database"),
    ],
)
def test_a_bad_archive_is_refused_and_nothing_changes(
    filled: Runner, media: Path, tmp_path: Path, entries: dict[str, bytes], message: str
) -> None:
    rows, files = every_row(), every_file(media)
    bad = _archive(tmp_path / "bad.tar.gz", entries)
    result = cli.invoke(app, ["restore", str(bad), "--yes"])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert every_row() == rows
    assert every_file(media) == files
    assert not (tmp_path / "escape").exists()


def test_restore_asks_before_replacing_everything(filled: Runner, tmp_path: Path) -> None:
    out = tmp_path / "backup.tar.gz"
    assert cli.invoke(app, ["backup", str(out)]).exit_code == 0
    new_runner("dave")
    result = cli.invoke(app, ["restore", str(out)], input="n\n")
    assert result.exit_code != 0
    assert Runner.objects.filter(user__username="dave").exists()


def test_a_file_that_is_no_archive_is_refused(filled: Runner, tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not gzip")
    result = cli.invoke(app, ["restore", str(junk), "--yes"])
    assert result.exit_code == 2
    assert "not a runback backup" in result.output
