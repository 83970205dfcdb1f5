"""The data folder is 0700 and everything in it 0600, SQLite's -wal and -shm included.

Real processes with the umask most systems give (022), on a fresh folder and on an
install made before runback set its own umask.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

CLI = "import sys; from runback.cli import main; sys.argv = ['runback', *sys.argv[1:]]; main()"
HOLD_OPEN = """
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "runback.web.settings"
django.setup()
from django.db import connection
from django.contrib.sessions.models import Session
from django.utils import timezone
Session.objects.create(session_key="k" * 32, session_data="x", expire_date=timezone.now())
with connection.cursor() as c:  # the connection is open: -wal and -shm exist now
    c.execute("SELECT 1")
    db = os.path.join(os.environ["RUNBACK_DATA_DIR"], "runback.sqlite3")
    for suffix in ("-wal", "-shm"):
        assert os.path.exists(db + suffix), suffix
        print(suffix, oct(os.stat(db + suffix).st_mode & 0o777))
"""


def _run(code: str, data: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNBACK_")}
    env["RUNBACK_DATA_DIR"] = str(data)
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=lambda: os.umask(0o022),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _modes(folder: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        found[path.relative_to(folder).as_posix()] = stat.S_IMODE(path.lstat().st_mode)
    return found


def _assert_private(folder: Path) -> None:
    for name, mode in _modes(folder).items():
        assert not mode & 0o077, f"{name} is {oct(mode)}"


def test_a_fresh_install_is_private(tmp_path: Path) -> None:
    data = tmp_path / "runback"
    _run(CLI, data, "migrate")
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "runback.sqlite3").stat().st_mode) == 0o600
    assert (data / "secret_key").exists()
    out = _run(HOLD_OPEN, data)
    assert out.split() == ["-wal", "0o600", "-shm", "0o600"]
    _assert_private(data)


def test_an_older_world_readable_install_is_fixed_on_start(tmp_path: Path) -> None:
    data = tmp_path / "runback"
    _run(CLI, data, "migrate")
    # What an install made before the umask looked like.
    upload = data / "files" / "uploads" / "1" / "run.fit"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"x")
    for path in (data, *data.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    (data / "runback.sqlite3-wal").write_bytes(b"")
    (data / "runback.sqlite3-wal").chmod(0o644)

    _run(CLI, data, "migrate")

    _assert_private(data)
    assert stat.S_IMODE(upload.stat().st_mode) == 0o600
    assert stat.S_IMODE(upload.parent.stat().st_mode) == 0o700
