"""``runback worker`` is the real database-backed worker: it imports queued uploads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from runback.cli import app
from runback.web.activities.models import Activity, Upload, UploadState
from tests.web.files_support import SHORT_RUN_FIT, client_for, make_runner, post_files, upload_of


@pytest.mark.django_db(transaction=True)
def test_runback_worker_batch_imports_the_queue_and_exits(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"
    alice = make_runner("alice")
    post_files(client_for(alice), [upload_of(SHORT_RUN_FIT)])

    result = CliRunner().invoke(app, ["worker", "--batch"])

    assert result.exit_code == 0, result.output
    assert Upload.objects.get().state == UploadState.DONE
    assert Activity.objects.filter(runner=alice).count() == 1


def test_runback_worker_rejects_a_nonsense_task_limit() -> None:
    result = CliRunner().invoke(app, ["worker", "--max-tasks", "0"])
    assert result.exit_code == 2
