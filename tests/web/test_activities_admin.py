"""The admin shows imports, activities, feeds and reminders read-only, to staff only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from runback.web.activities.models import Upload
from runback.web.exports.models import CalendarFeed
from runback.web.runners.models import Runner
from tests.web.files_support import (
    RUN_FIT,
    alice,
    client_for,
    media,
    post_files,
    run_worker,
    upload_of,
)

__all__ = ["alice", "media"]

MODELS = [
    "activities/activity",
    "activities/importbatch",
    "activities/upload",
    "activities/importresult",
    "exports/calendarfeed",
    "exports/remindersent",
]


@pytest.fixture
def staff(db: None) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    return client


def test_staff_can_inspect_but_not_change_or_add(alice: Runner, staff: Client) -> None:
    post_files(client_for(alice), [upload_of(RUN_FIT)])
    run_worker()
    feed = CalendarFeed.objects.create(runner=alice)
    for model in MODELS:
        assert staff.get(f"/admin/{model}/").status_code == 200, model
        assert staff.get(f"/admin/{model}/add/").status_code == 403, model
    page = staff.get(f"/admin/exports/calendarfeed/{feed.pk}/change/").content.decode()
    assert feed.token not in page


def test_runners_cannot_open_the_admin(alice: Runner) -> None:
    response = client_for(alice).get("/admin/activities/activity/")
    assert response.status_code == 302


def test_deleting_an_upload_in_the_admin_deletes_its_stored_file(
    alice: Runner,
    staff: Client,
    media: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    post_files(client_for(alice), [upload_of(RUN_FIT)])
    run_worker()
    upload = Upload.objects.get(runner=alice)
    stored = media / upload.file.name
    assert stored.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/admin/activities/upload/{upload.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Upload.objects.filter(pk=upload.pk).exists()
    assert not stored.exists()  # no orphan health data left on the disk or in the bucket
