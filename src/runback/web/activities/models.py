"""Uploaded activity files and the activities read from them.

Three layers, each with one job:

- :class:`ImportBatch`: one submission of the upload form (one or many files); the
  page polls it for progress.
- :class:`Upload`: one stored file exactly as the runner sent it (a FIT, GPX or TCX
  file, possibly gzipped, or a zip such as a Strava bulk export). Kept privately under
  ``uploads/<runner>/`` of the storage (the data folder, or the bucket that
  ``RUNBACK_STORAGE_URL`` names) and only ever served back to its owner.
- :class:`ImportResult`: what became of each activity file inside an upload (one for
  a plain file, one per entry for an archive): imported, already there, or the error.
- :class:`Activity`: the summary of one imported activity, owned by the runner. The
  runner's log (and so the engine's case file) reads these rows: see
  :meth:`ActivityQuerySet.log_entries`.

Everything hangs off :class:`~runback.web.runners.models.Runner`, never off ``User``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.text import get_valid_filename

from runback.web.activities.wording import plain
from runback.web.runners.models import Runner

#: How long a queued import may wait before the page suggests starting the worker.
WORKER_PATIENCE = timedelta(seconds=30)


class UploadState(models.TextChoices):
    """Where an upload is in the background import."""

    QUEUED = "queued", "Waiting"
    RUNNING = "running", "Importing"
    DONE = "done", "Done"


class Outcome(models.TextChoices):
    """What became of one activity file."""

    IMPORTED = "imported", "Imported"
    DUPLICATE = "duplicate", "Already imported"
    FAILED = "failed", "Could not be imported"


class ImportBatch(models.Model):
    """One submission of the upload form, tracked as a whole for the progress bar."""

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="import_batches")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"import {self.pk} of {self.runner}"

    def waiting_for_worker(self, now: datetime, patience: timedelta = WORKER_PATIENCE) -> bool:
        """True when nothing has started for a while: is the worker running at all?"""
        return (
            now - self.created > patience
            and not self.uploads.exclude(state=UploadState.QUEUED).exists()
        )

    def progress(self) -> BatchProgress:
        """Counts for the status panel, in two queries."""
        states = dict(self.uploads.values_list("state").annotate(n=models.Count("id")).order_by())
        outcomes = dict(
            ImportResult.objects.filter(upload__batch=self)
            .values_list("outcome")
            .annotate(n=models.Count("id"))
            .order_by()
        )
        return BatchProgress(
            files=sum(states.values()),
            files_done=states.get(UploadState.DONE, 0),
            imported=outcomes.get(Outcome.IMPORTED, 0),
            duplicates=outcomes.get(Outcome.DUPLICATE, 0),
            failed=outcomes.get(Outcome.FAILED, 0),
        )


@dataclass(frozen=True)
class BatchProgress:
    """How far a batch has got: files processed and what came of their activities."""

    files: int
    files_done: int
    imported: int
    duplicates: int
    failed: int

    @property
    def finished(self) -> bool:
        return self.files_done >= self.files

    @property
    def percent(self) -> int:
        return 100 if self.files == 0 else round(100 * self.files_done / self.files)


def upload_path(instance: Upload, filename: str) -> str:
    """A private, unguessable folder per upload, keeping the (sanitised) original name.

    The name matters: the readers tell formats apart by suffix (``.fit.gz``) and the
    runner's data export gives the files back under the names they had.
    """
    return f"uploads/{instance.runner_id}/{uuid.uuid4().hex}/{get_valid_filename(filename)}"


class Upload(models.Model):
    """One file as the runner sent it, stored privately for import and for their export."""

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="uploads")
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="uploads")
    file = models.FileField(upload_to=upload_path, max_length=200)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    state = models.CharField(max_length=16, choices=UploadState.choices, default=UploadState.QUEUED)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the worker began importing it: an import running far longer than "
        "this was cut off (the worker was killed) and is queued again.",
    )
    attempts = models.PositiveSmallIntegerField(
        default=0,
        help_text="How many times the worker has started importing it: a file that keeps "
        "killing the worker is given up after a few, with a plain error.",
    )

    class Meta:
        ordering = ("created", "id")
        indexes = (models.Index(fields=("state", "started")),)

    def __str__(self) -> str:
        return self.original_name


class ImportResult(models.Model):
    """The fate of one activity file inside an upload, with a plain-words error."""

    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="results")
    name = models.CharField(max_length=255, help_text="The file, or the entry in an archive.")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    problem = models.CharField(max_length=32, blank=True)
    message = models.TextField(blank=True)
    activity = models.ForeignKey(
        "Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.name}: {self.outcome}"

    @property
    def plain_message(self) -> str:
        """What the runner reads: plain words for a known problem, else the message."""
        return plain(self.problem, self.message) if self.problem else self.message


class ActivityQuerySet(models.QuerySet["Activity"]):
    """Queries the rest of the app (the case file, the export) needs."""

    def for_runner(self, runner: Runner) -> ActivityQuerySet:
        return self.filter(runner=runner)

    def log_entries(self) -> list[dict[str, Any]]:
        """Case-file ``log`` entries (spec/case-file.md), oldest first, one per activity."""
        rows = self.order_by("start_utc", "id").values_list("log_entry", flat=True)
        return [dict(entry) for entry in rows]


class Activity(models.Model):
    """One imported activity's summary (see ``runback.importers.Activity``).

    ``content_hash`` (SHA-256 of the activity file's own bytes, unwrapped from any
    gzip/zip) is unique per runner: the same run uploaded twice, or once alone and
    once inside a Strava export, is stored once.
    """

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="activities")
    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="activities")
    content_hash = models.CharField(max_length=64)
    source_name = models.CharField(max_length=255)
    format = models.CharField(max_length=8)
    sport = models.CharField(max_length=32)
    sub_sport = models.CharField(max_length=64, blank=True)
    start_utc = models.DateTimeField()
    utc_offset_s = models.IntegerField(null=True, blank=True)
    local_date = models.DateField(help_text="The day the runner did it (device-local if known).")
    total_s = models.FloatField()
    timer_s = models.FloatField()
    moving_s = models.FloatField()
    distance_m = models.FloatField()
    ascent_m = models.FloatField(null=True, blank=True)
    avg_hr = models.FloatField(null=True, blank=True)
    max_hr = models.FloatField(null=True, blank=True)
    avg_cadence = models.FloatField(null=True, blank=True)
    laps = models.PositiveIntegerField(default=0)
    run_s = models.FloatField()
    walk_s = models.FloatField()
    longest_run_s = models.FloatField()
    log_kind = models.CharField(max_length=32)
    log_entry = models.JSONField(help_text="The case-file log entry this activity becomes.")
    created = models.DateTimeField(auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ("-start_utc", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("runner", "content_hash"), name="activity_unique_content_per_runner"
            ),
        )
        indexes = (models.Index(fields=("runner", "local_date")),)
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.sport} on {self.local_date}"

    @property
    def distance_km(self) -> float:
        return self.distance_m / 1000

    @property
    def run_minutes(self) -> float:
        return self.run_s / 60

    @property
    def walk_minutes(self) -> float:
        return self.walk_s / 60

    @property
    def moving_minutes(self) -> float:
        return self.moving_s / 60

    @property
    def duration_minutes(self) -> float:
        return (self.timer_s or self.total_s) / 60


@receiver(post_delete, sender=Upload, dispatch_uid="runback-upload-file")
def _delete_stored_file(sender: type[Upload], instance: Upload, **_: Any) -> None:
    """An upload's row gone (the admin, a cascade) takes its stored file with it.

    After the transaction commits, so a rolled-back deletion keeps its file; a file
    already removed (account deletion removes the runner's folder itself) is no error.
    """
    name = instance.file.name
    if name:
        storage = instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
