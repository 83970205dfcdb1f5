"""Delete an account for real: the user, the runner record, every row, every file
(in the data folder or the bucket).

"For real" includes the copies a database and a cache keep: SQLite is asked to
overwrite deleted rows (``secure_delete``, set in the settings) and to fold its
write-ahead log back into the database and truncate it, and the cached pages are
dropped at once instead of lingering for hours in the cache folder.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import OperationalError, connection, transaction

from runback.web.activities.models import Upload
from runback.web.files import remove_tree
from runback.web.runners.models import Runner

log = logging.getLogger(__name__)


def runner_upload_folder(runner_id: int) -> str:
    """The runner's uploads in the storage: a folder on disk, a prefix in a bucket."""
    return f"uploads/{runner_id}"


def delete_account(user: AbstractBaseUser) -> None:
    """Delete ``user`` and everything they own; files go once the rows are gone.

    Rows cascade from the user (runner, activities, check-ins, feeds...). Files are
    removed after the transaction commits, so a failed delete never leaves rows
    pointing at files that no longer exist.
    """
    runner = Runner.objects.filter(user_id=user.pk).first()
    files = []
    folder = None
    if runner is not None:
        files = [u.file.name for u in Upload.objects.filter(runner=runner) if u.file]
        folder = runner_upload_folder(runner.pk)
    username = user.get_username()
    with transaction.atomic():
        _forget_sign_ins(username)
        user.delete()
        transaction.on_commit(lambda: _remove_files(files, folder))
        transaction.on_commit(forget_traces)


def _forget_sign_ins(username: str) -> None:
    """Login throttling keeps sign-in records by user name and address: drop them too."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()


def forget_traces() -> None:
    """Drop what outlives a deleted account's rows: cached pages and SQLite's log.

    Cached Today pages are keyed by runner, record version, day and a hash of each
    device's CSRF secret, so one runner's keys cannot be listed: the whole cache is
    cleared (account deletion is rare; other runners pay one re-render per page).
    A shared cache (Redis, the database: ``RUNBACK_CACHE_URL``) is cleared for every
    host at once, which is why runback wants a Redis database of its own.
    Local-memory caches of other server processes cannot be reached from here; they
    hold nothing on disk, their keys can no longer be made (every key names the record
    by id and creation time, :func:`runback.web.runners.freshness.version_key`, so not
    even a new runner given the same id on SQLite can find them) and their entries
    expire. The WAL checkpoint copies the overwritten pages into the database and
    empties the -wal file, which would otherwise keep the deleted rows until the next
    automatic checkpoint.
    """
    cache.clear()
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return  # PostgreSQL has no -wal file; a checkpoint cannot run inside a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except OperationalError:
        # The rows are gone already; the next automatic checkpoint will fold the log.
        log.warning("WAL checkpoint after an account deletion failed", exc_info=True)


def _remove_files(files: list[str], folder: str | None) -> None:
    """Delete the uploads (in the data folder or the bucket), then anything left under
    the runner's prefix (a file whose row was already gone)."""
    for name in files:
        default_storage.delete(name)
    if folder is not None:
        remove_tree(default_storage, folder)
