"""A deleted account leaves no copy behind: not in the page cache, not in SQLite's files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.urls import reverse

from runback.web.runners.models import Runner
from tests.web.files_support import PASSWORD, alice, bob, client_for, media, onboard

__all__ = ["alice", "bob", "media"]


def test_deleting_an_account_drops_its_cached_pages_from_the_cache_folder(
    alice: Runner, bob: Runner, settings: Any, tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    folder = tmp_path / "cache"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(folder),
        }
    }
    caches.close_all()
    onboard(alice)
    client = client_for(alice)
    assert client.get(reverse("runners:today", args=[alice.pk])).status_code == 200
    assert list(folder.glob("*.djcache")), "Today was cached on disk"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exports:delete_account"), {"password": PASSWORD, "confirm": "on"})

    assert not list(folder.glob("*.djcache"))


FORGET = """
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "runback.web.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import User
from django.db import connection
from runback.web.exports.deletion import delete_account
keep = User.objects.create_user("keeper", "keeper@example.org", "a-long-pass-phrase")
gone = User.objects.create_user("leaver", "zqx-leaver-marker@example.org", "a-long-pass-phrase")
delete_account(gone)
with connection.cursor() as c:  # still open: nothing was checkpointed on close
    c.execute("SELECT 1")
    db = os.path.join(os.environ["RUNBACK_DATA_DIR"], "runback.sqlite3")
    found = b""
    for suffix in ("", "-wal"):
        if os.path.exists(db + suffix):
            with open(db + suffix, "rb") as fh:
                found += fh.read()
    print(os.path.getsize(db + "-wal"), found.count(b"zqx-leaver-marker"), found.count(b"keeper@"))
"""


def test_a_deleted_account_leaves_no_bytes_in_the_database_or_its_log(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNBACK_")}
    env["RUNBACK_DATA_DIR"] = str(tmp_path / "data")
    env["RUNBACK_SECRET_KEY"] = "test-only"
    done = subprocess.run(
        [sys.executable, "-c", FORGET], env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    wal_size, leaver, keeper = (int(x) for x in done.stdout.split())
    assert wal_size == 0, "the write-ahead log was checkpointed and truncated"
    assert leaver == 0, "the deleted e-mail address is gone from the files"
    assert keeper >= 1, "the search would have found it"
