"""Delete an account for real: the user, the runner record, every row, every file."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from runback.web.activities.models import Upload
from runback.web.runners.models import Runner


def runner_upload_folder(runner_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "uploads" / str(runner_id)


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
        files = [Path(u.file.path) for u in Upload.objects.filter(runner=runner) if u.file]
        folder = runner_upload_folder(runner.pk)
    username = user.get_username()
    with transaction.atomic():
        _forget_sign_ins(username)
        user.delete()
        transaction.on_commit(lambda: _remove_files(files, folder))


def _forget_sign_ins(username: str) -> None:
    """Login throttling keeps sign-in records by user name and address: drop them too."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()


def _remove_files(files: list[Path], folder: Path | None) -> None:
    for path in files:
        path.unlink(missing_ok=True)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
