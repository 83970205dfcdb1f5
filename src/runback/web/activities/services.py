"""Upload and import activities: the service layer between the views, the worker and
the importers.

``start_import`` runs in the request: it stores the files and queues one background
task per file, in one transaction, so a failed request leaves neither rows nor tasks.
``import_upload`` runs in the database-backed worker (``runback worker``): it reads
the stored file and records each activity in its own transaction, so a file that fails
half-way leaves no partial activity, and a duplicate is recognised by its content hash.
``requeue_stale_imports`` (run by ``runback worker`` as it starts) puts back in the
queue an import whose worker was killed half-way, and gives up on a file after
:data:`MAX_IMPORT_ATTEMPTS` cut-off runs (a file that kills the worker every time
must not come back every 15 minutes forever).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from runback.importers import Activity as ImportedActivity
from runback.importers import ActivityFileError, ImportProblem
from runback.web.activities import reading
from runback.web.activities.forms import Refused
from runback.web.activities.models import (
    Activity,
    ImportBatch,
    ImportResult,
    Outcome,
    Upload,
    UploadState,
)
from runback.web.files import local_copy
from runback.web.runners.models import Runner

log = logging.getLogger(__name__)

UNEXPECTED = "this file could not be read (an unexpected error; it has been logged)"
#: Cut-off runs of one import before it is given up as failed.
MAX_IMPORT_ATTEMPTS = 3
GAVE_UP = (
    "the import of this file was cut off {n} times (the worker stopped while reading it; "
    "it may be too large or damaged), so it was stopped; anything listed above was imported"
)


def start_import(
    runner: Runner, files: Sequence[UploadedFile], refused: Sequence[Refused] = ()
) -> ImportBatch:
    """Store the files privately and queue their import; returns the batch to poll.

    Files the form ``refused`` (empty, not an activity file, too large) are listed in
    the same batch, each on its own line, so the runner sees every file they chose.
    """
    from runback.web.activities.tasks import import_upload_task

    stored: list[Upload] = []
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(runner=runner)
            for turned_away in refused:
                _record_refused(runner, batch, turned_away)
            for incoming in files:
                upload = Upload(
                    runner=runner,
                    batch=batch,
                    original_name=(incoming.name or "upload")[:255],
                    size=incoming.size or 0,
                )
                upload.file.save(incoming.name or "upload", incoming, save=False)
                stored.append(upload)
                upload.save()
                # The database backend writes the task row in this same transaction:
                # the worker can never see a task whose upload was rolled back.
                import_upload_task.enqueue(upload.pk)
    except BaseException:
        for upload in stored:  # the rows are gone: do not leave their files behind
            upload.file.delete(save=False)
        raise
    return batch


def _record_refused(runner: Runner, batch: ImportBatch, refused: Refused) -> None:
    """A refused file: an upload row with no stored file, done, with one failed result."""
    upload = Upload.objects.create(
        runner=runner,
        batch=batch,
        original_name=refused.name[:255],
        size=refused.size,
        state=UploadState.DONE,
    )
    ImportResult.objects.create(
        upload=upload,
        name=upload.original_name,
        outcome=Outcome.FAILED,
        problem=refused.problem.value,
        message=refused.message,
    )


def import_upload(upload_id: int) -> None:
    """Import one stored upload (the worker's job). Safe to run again after a crash."""
    upload = Upload.objects.select_related("runner").filter(pk=upload_id).first()
    if upload is None or upload.state == UploadState.DONE:
        return  # deleted meanwhile (account deletion) or already imported
    _restart(upload)
    try:
        # The file may be in a bucket, stored by a web process on another machine.
        with local_copy(upload.file) as path:
            for item in reading.read_upload(path):
                _record(upload, item, path)
    except Exception:
        log.exception("import of upload %s failed", upload.pk)
        ImportResult.objects.create(
            upload=upload, name=upload.original_name, outcome=Outcome.FAILED, message=UNEXPECTED
        )
    finally:
        _finish(upload)


def _restart(upload: Upload) -> None:
    """Forget what a previous, interrupted run of this import recorded."""
    with transaction.atomic():
        upload.results.all().delete()
        upload.activities.all().delete()
        upload.state = UploadState.RUNNING
        upload.started = timezone.now()
        upload.attempts += 1
        upload.save(update_fields=["state", "started", "attempts"])


def stale_after() -> timedelta:
    """How long an import may run before it counts as cut off (settings)."""
    return timedelta(minutes=settings.RUNBACK_IMPORT_STALE_MINUTES)


def requeue_stale_imports(
    now: datetime | None = None,
    after: timedelta | None = None,
    uploads: QuerySet[Upload] | None = None,
) -> int:
    """Queue again every upload left "importing" for longer than ``after``; returns how many.

    A worker killed mid-import leaves its upload RUNNING and its task finished in
    the queue's eyes, so nothing would ever pick it up again. Each upload is taken
    back with a compare-and-swap (state and start time unchanged since we looked),
    in the same transaction as its new task: two recoverers racing queue it once.
    The re-run itself starts by forgetting the interrupted run's rows, and the
    (runner, content_hash) rule keeps any activity from being stored twice.
    An upload already started :data:`MAX_IMPORT_ATTEMPTS` times is not queued
    again: it is marked done with a plain error (see :func:`give_up`).
    ``uploads`` narrows the sweep (the batch page checks only its own files).
    """
    cutoff = (now or timezone.now()) - (stale_after() if after is None else after)
    stale = (
        (Upload.objects.all() if uploads is None else uploads)
        .filter(state=UploadState.RUNNING)
        .filter(Q(started__lt=cutoff) | Q(started__isnull=True))
    )
    from runback.web.activities.tasks import import_upload_task

    requeued = 0
    for pk, started, attempts in stale.values_list("pk", "started", "attempts"):
        if attempts >= MAX_IMPORT_ATTEMPTS:
            give_up(pk, started)
            continue
        with transaction.atomic():
            taken = Upload.objects.filter(pk=pk, state=UploadState.RUNNING, started=started).update(
                state=UploadState.QUEUED, started=None
            )
            if taken:
                import_upload_task.enqueue(pk)
                requeued += 1
                log.warning("upload %s was left importing since %s: queued again", pk, started)
    return requeued


def give_up(pk: int, started: datetime | None) -> bool:
    """End an import that was cut off too often: a per-file error, never queued again.

    Taken with the same compare-and-swap as a requeue, so two sweeps give up once.
    What the cut-off runs recorded stays; the result says the rest was not read.
    """
    with transaction.atomic():
        taken = Upload.objects.filter(pk=pk, state=UploadState.RUNNING, started=started).update(
            started=timezone.now()
        )
        if not taken:
            return False
        upload = Upload.objects.get(pk=pk)
        ImportResult.objects.create(
            upload=upload,
            name=upload.original_name,
            outcome=Outcome.FAILED,
            problem=ImportProblem.CUT_OFF.value,
            message=GAVE_UP.format(n=upload.attempts),
        )
        _finish(upload)
    log.warning("upload %s was cut off %s times: given up", pk, upload.attempts)
    return True


def _finish(upload: Upload) -> None:
    """Mark the upload done; drop the stored file if nothing was imported from it.

    A duplicate or unreadable file is not the runner's data in any useful sense, and
    keeping it would only make the export and the disk grow; its result rows remain.
    """
    if not upload.activities.exists() and upload.file:
        upload.file.delete(save=False)
    upload.state = UploadState.DONE
    upload.save(update_fields=["state", "file"])


def _record(upload: Upload, item: ImportedActivity | ActivityFileError, path: Path) -> None:
    if isinstance(item, ActivityFileError):
        ImportResult.objects.create(
            upload=upload,
            name=reading.display_name(item.file, path)[:255],
            outcome=Outcome.FAILED,
            problem=item.problem.value,
            message=item.reason,
        )
        return
    name = reading.display_name(item.source, path)[:255]
    existing = Activity.objects.filter(runner=upload.runner, content_hash=item.content_hash)
    if existing.exists():
        _record_duplicate(upload, name, existing.first())
        return
    try:
        with transaction.atomic():
            activity = Activity.objects.create(**activity_fields(upload, item, name))
            ImportResult.objects.create(
                upload=upload, name=name, outcome=Outcome.IMPORTED, activity=activity
            )
    except IntegrityError:
        # Another worker imported the same file between our check and our insert.
        _record_duplicate(upload, name, existing.first())


def _record_duplicate(upload: Upload, name: str, original: Activity | None) -> None:
    # The outcome reads "Already imported"; the message only says which activity it is.
    when = (
        f"your {original.sport} of {original.local_date.day} {original.local_date:%B %Y}"
        if original
        else ""
    )
    ImportResult.objects.create(
        upload=upload,
        name=name,
        outcome=Outcome.DUPLICATE,
        message=when,
        activity=original,
    )


def activity_fields(upload: Upload, item: ImportedActivity, name: str) -> dict[str, object]:
    """The model fields for an imported activity summary."""
    return {
        "runner": upload.runner,
        "upload": upload,
        "content_hash": item.content_hash,
        "source_name": name,
        "format": item.format.value,
        "sport": item.sport.value,
        "sub_sport": item.sub_sport or "",
        "start_utc": item.start_utc,
        "utc_offset_s": item.utc_offset_s,
        "local_date": item.local_date_in(timezone.get_current_timezone()),
        "total_s": item.total_s,
        "timer_s": item.timer_s,
        "moving_s": item.moving_s,
        "distance_m": item.distance_m,
        "ascent_m": item.ascent_m,
        "avg_hr": item.avg_hr,
        "max_hr": item.max_hr,
        "avg_cadence": item.avg_cadence,
        "laps": item.laps,
        "run_s": item.run_s,
        "walk_s": item.walk_s,
        "longest_run_s": item.longest_run_s,
        "log_kind": item.log_kind.value,
        "log_entry": item.to_log_entry(),
    }
