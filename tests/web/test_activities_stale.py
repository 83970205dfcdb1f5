"""An import cut off by a killed worker is queued again, and imports once.

A killed worker leaves its upload "importing" and its task claimed, so nothing
would ever pick the upload up again. These tests force real rows into exactly
that state and check the recovery: by ``requeue_stale_imports``, by ``runback
worker`` as it starts, and by the batch page the runner is watching.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from typer.testing import CliRunner

from runback.cli import app
from runback.web.activities.models import Activity, ImportResult, Outcome, Upload, UploadState
from runback.web.activities.services import (
    MAX_IMPORT_ATTEMPTS,
    import_upload,
    requeue_stale_imports,
)
from runback.web.runners.models import Runner
from tests.web.files_support import (
    SHORT_RUN_FIT,
    alice,
    client_for,
    make_runner,
    media,
    post_files,
    run_worker,
    upload_of,
)

__all__ = ["alice", "media"]


def killed_mid_import(runner: Runner, *, minutes_ago: float) -> Upload:
    """Upload a file, import it, then leave it as a worker killed before finishing would.

    The activity and its result are already recorded (the worst moment: right before
    the upload is marked done), the upload is still RUNNING since ``minutes_ago`` and
    the queue holds no task that would ever run it again.
    """
    post_files(client_for(runner), [upload_of(SHORT_RUN_FIT)])
    upload = Upload.objects.get(runner=runner)
    import_upload(upload.pk)
    assert Activity.objects.filter(runner=runner).count() == 1
    started = timezone.now() - dt.timedelta(minutes=minutes_ago)
    Upload.objects.filter(pk=upload.pk).update(state=UploadState.RUNNING, started=started)
    DBTaskResult.objects.filter(status="READY").update(status="RUNNING")
    upload.refresh_from_db()
    return upload


def test_the_worker_records_when_an_import_started(alice: Runner) -> None:
    post_files(client_for(alice), [upload_of(SHORT_RUN_FIT)])
    before = timezone.now()
    run_worker()
    upload = Upload.objects.get()
    assert upload.started is not None
    assert upload.started >= before


def test_a_stale_import_is_queued_again_and_imports_exactly_once(alice: Runner) -> None:
    upload = killed_mid_import(alice, minutes_ago=20)
    run_worker()
    upload.refresh_from_db()
    assert upload.state == UploadState.RUNNING, "without recovery nothing picks it up"

    assert requeue_stale_imports() == 1
    upload.refresh_from_db()
    assert upload.state == UploadState.QUEUED
    assert upload.started is None
    assert requeue_stale_imports() == 0, "queued once, not once per sweep"

    run_worker()
    upload.refresh_from_db()
    assert upload.state == UploadState.DONE
    assert Activity.objects.filter(runner=alice).count() == 1
    assert list(ImportResult.objects.values_list("outcome", flat=True)) == [Outcome.IMPORTED]


def test_a_recent_import_is_left_to_its_worker(alice: Runner, settings: Any) -> None:
    upload = killed_mid_import(alice, minutes_ago=5)
    assert settings.RUNBACK_IMPORT_STALE_MINUTES == 15
    assert requeue_stale_imports() == 0
    upload.refresh_from_db()
    assert upload.state == UploadState.RUNNING

    settings.RUNBACK_IMPORT_STALE_MINUTES = 4
    assert requeue_stale_imports() == 1


def test_the_batch_page_requeues_its_stale_file(alice: Runner) -> None:
    upload = killed_mid_import(alice, minutes_ago=60)
    page = client_for(alice).get(reverse("activities:batch", args=[upload.batch_id]))
    assert page.status_code == 200
    upload.refresh_from_db()
    assert upload.state == UploadState.QUEUED
    run_worker()
    upload.refresh_from_db()
    assert upload.state == UploadState.DONE
    assert Activity.objects.filter(runner=alice).count() == 1


@pytest.mark.django_db(transaction=True)
def test_runback_worker_requeues_a_stale_import_as_it_starts(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"
    alice = make_runner("alice")
    upload = killed_mid_import(alice, minutes_ago=20)

    result = CliRunner().invoke(app, ["worker", "--batch"])

    assert result.exit_code == 0, result.output
    assert "Queued again 1 upload" in result.output
    upload.refresh_from_db()
    assert upload.state == UploadState.DONE
    assert Activity.objects.filter(runner=alice).count() == 1


def test_a_file_that_keeps_killing_the_worker_ends_as_a_plain_error(alice: Runner) -> None:
    """Each cut-off run counts; after the last allowed one it is failed, not queued again."""
    upload = killed_mid_import(alice, minutes_ago=20)
    assert upload.attempts == 1
    later = timezone.now()
    for attempt in range(2, MAX_IMPORT_ATTEMPTS + 1):
        assert requeue_stale_imports(now=later) == 1
        import_upload(upload.pk)  # started again, then "killed" once more
        later += dt.timedelta(minutes=20)
        Upload.objects.filter(pk=upload.pk).update(state=UploadState.RUNNING)
        upload.refresh_from_db()
        assert upload.attempts == attempt

    assert requeue_stale_imports(now=later) == 0, "given up, not queued a fourth time"
    upload.refresh_from_db()
    assert upload.state == UploadState.DONE
    failed = ImportResult.objects.get(upload=upload, outcome=Outcome.FAILED)
    assert failed.problem == "cut_off"
    assert f"cut off {MAX_IMPORT_ATTEMPTS} times" in failed.message
    assert requeue_stale_imports(now=later + dt.timedelta(hours=1)) == 0
    # What the cut-off runs recorded is kept.
    assert Activity.objects.filter(runner=alice).count() == 1
