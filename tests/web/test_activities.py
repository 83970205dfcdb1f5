"""Uploads: stored privately, imported by the database worker, de-duplicated, errors per file."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from runback.importers import read_file
from runback.web.activities.models import Activity, ImportBatch, Outcome, Upload, UploadState
from runback.web.runners.models import Runner
from tests.web.files_support import (
    BAD_CRC_FIT,
    GPX,
    RUN_FIT,
    SHORT_RUN_FIT,
    STRAVA_SPORTIVA,
    TRUNCATED_FIT,
    alice,
    bob,
    client_for,
    media,
    post_files,
    run_worker,
    upload_of,
    zip_of,
)

__all__ = ["alice", "bob", "media"]


def test_it_stores_the_upload_privately_and_queues_it_without_importing_in_the_request(
    alice: Runner, media: Path
) -> None:
    response = post_files(client_for(alice), [upload_of(RUN_FIT)])

    batch = ImportBatch.objects.get(runner=alice)
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:batch", args=[batch.pk])
    upload = Upload.objects.get(batch=batch)
    assert upload.state == UploadState.QUEUED
    assert upload.original_name == RUN_FIT.name
    assert Path(upload.file.path).is_relative_to(media / "uploads" / str(alice.pk))
    assert Path(upload.file.path).read_bytes() == RUN_FIT.read_bytes()
    assert not Activity.objects.exists(), "the request must not import"
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_it_imports_in_the_worker_and_feeds_the_runners_log(alice: Runner) -> None:
    post_files(client_for(alice), [upload_of(RUN_FIT)])
    run_worker()

    activity = Activity.objects.get(runner=alice)
    assert activity.sport == "running"
    assert 40 < activity.duration_minutes < 50
    assert activity.run_s > 0
    assert activity.source_name == RUN_FIT.name
    entries = Activity.objects.for_runner(alice).log_entries()
    assert entries == [activity.log_entry]
    assert entries[0]["kind"] == "run"
    assert entries[0]["date"] == activity.local_date.isoformat()
    upload = Upload.objects.get()
    assert upload.state == UploadState.DONE
    assert upload.results.get().outcome == Outcome.IMPORTED


def test_it_shows_progress_and_per_file_errors_on_the_batch_page(alice: Runner) -> None:
    client = client_for(alice)
    post_files(client, [upload_of(RUN_FIT), upload_of(BAD_CRC_FIT), upload_of(TRUNCATED_FIT)])
    batch = ImportBatch.objects.get()
    url = reverse("activities:batch", args=[batch.pk])

    waiting = client.get(url, headers={"HX-Request": "true"})
    assert waiting.status_code == 200
    assert b'hx-trigger="every 1s"' in waiting.content
    assert b"0 of 3 files read" in waiting.content
    assert b"<html" not in waiting.content, "htmx gets only the status panel"

    run_worker()
    done = client.get(url)
    assert done.status_code == 200
    text = done.content.decode()
    assert "every 1s" not in text, "polling stops once every file is done"
    assert "3 of 3 files read" in text
    assert "1 imported" in text
    assert "2 failed" in text
    assert BAD_CRC_FIT.name in text
    assert TRUNCATED_FIT.name in text
    assert Activity.objects.count() == 1


def test_a_failed_upload_leaves_no_partial_activity_and_no_file(alice: Runner) -> None:
    post_files(client_for(alice), [upload_of(TRUNCATED_FIT)])
    run_worker()

    upload = Upload.objects.get()
    result = upload.results.get()
    assert result.outcome == Outcome.FAILED
    assert result.problem
    assert result.message
    assert not Activity.objects.exists()
    assert not upload.file, "nothing imported: the stored file is dropped"


def test_it_recognises_a_duplicate_by_content_even_under_another_name(alice: Runner) -> None:
    client = client_for(alice)
    post_files(client, [upload_of(SHORT_RUN_FIT)])
    run_worker()
    post_files(client, [upload_of(SHORT_RUN_FIT, name="renamed.fit")])
    run_worker()

    assert Activity.objects.filter(runner=alice).count() == 1
    second = Upload.objects.get(original_name="renamed.fit")
    result = second.results.get()
    assert result.outcome == Outcome.DUPLICATE
    assert "already imported" not in result.message.lower(), "said once, by the outcome"
    page = client.get(f"/activities/imports/{second.batch_id}/").content.decode()
    assert page.lower().count("already imported") == 1
    assert not second.file


def test_the_same_file_for_two_runners_is_two_activities(alice: Runner, bob: Runner) -> None:
    post_files(client_for(alice), [upload_of(SHORT_RUN_FIT)])
    post_files(client_for(bob), [upload_of(SHORT_RUN_FIT)])
    run_worker()
    assert Activity.objects.filter(runner=alice).count() == 1
    assert Activity.objects.filter(runner=bob).count() == 1


def test_it_imports_a_strava_export_archive_with_errors_per_entry(alice: Runner) -> None:
    post_files(client_for(alice), [zip_of(STRAVA_SPORTIVA, "export_123.zip")])
    run_worker()

    upload = Upload.objects.get()
    outcomes = {r.name: r.outcome for r in upload.results.all()}
    assert Activity.objects.filter(runner=alice).count() == sum(
        1 for o in outcomes.values() if o == Outcome.IMPORTED
    )
    assert Activity.objects.filter(runner=alice).count() >= 3
    missing = [r for r in upload.results.all() if r.problem == "missing"]
    assert missing, "rows of activities.csv whose file is absent are reported"
    assert all(name.startswith("export_123.zip") for name in outcomes)
    assert upload.file, "the archive is kept: activities came from it"


def test_a_gpx_file_imports_too(alice: Runner) -> None:
    post_files(client_for(alice), [upload_of(GPX)])
    run_worker()
    assert Upload.objects.get().results.get().outcome in {Outcome.IMPORTED, Outcome.FAILED}
    assert Upload.objects.get().state == UploadState.DONE


def test_running_the_import_twice_does_not_duplicate(alice: Runner) -> None:
    from runback.web.activities.services import import_upload

    post_files(client_for(alice), [upload_of(SHORT_RUN_FIT)])
    upload = Upload.objects.get()
    import_upload(upload.pk)
    Upload.objects.filter(pk=upload.pk).update(state=UploadState.RUNNING)  # as if crashed
    import_upload(upload.pk)
    assert Activity.objects.count() == 1
    assert upload.results.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "not an activity file"),
        ("empty.fit", b"", "empty"),
    ],
)
def test_it_rejects_bad_files_beside_the_field(
    alice: Runner, name: str, content: bytes, message: str
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = post_files(client_for(alice), [SimpleUploadedFile(name, content)])
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Upload.objects.exists()
    assert not ImportBatch.objects.exists()


def test_it_rejects_a_file_over_the_size_limit(alice: Runner, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RUNBACK_MAX_UPLOAD_BYTES = 1000
    response = post_files(client_for(alice), [upload_of(RUN_FIT)])
    assert response.status_code == 422
    assert "larger than" in response.content.decode()
    assert not Upload.objects.exists()


def test_it_asks_for_a_file_when_none_is_sent(alice: Runner) -> None:
    response = client_for(alice).post("/activities/", {})
    assert response.status_code == 422
    assert "This field is required" in response.content.decode()


def test_it_lists_activities_and_lets_the_owner_download_the_original(alice: Runner) -> None:
    client = client_for(alice)
    post_files(client, [upload_of(RUN_FIT)])
    run_worker()
    activity = Activity.objects.get()

    listing = client.get(reverse("activities:list"))
    assert listing.status_code == 200
    assert reverse("activities:detail", args=[activity.pk]) in listing.content.decode()
    detail = client.get(reverse("activities:detail", args=[activity.pk]))
    assert detail.status_code == 200
    download = client.get(reverse("activities:upload_file", args=[activity.upload_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == RUN_FIT.read_bytes()  # type: ignore[attr-defined]
    assert "attachment" in download["Content-Disposition"]


def test_pages_need_a_signed_in_runner(db: None) -> None:
    from django.test import Client

    response = Client().get(reverse("activities:list"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_bob_can_reach_none_of_alices_uploads_activities_or_files(
    alice: Runner, bob: Runner
) -> None:
    post_files(client_for(alice), [upload_of(RUN_FIT)])
    run_worker()
    activity = Activity.objects.get(runner=alice)
    batch = ImportBatch.objects.get(runner=alice)
    as_bob = client_for(bob)

    for url in [
        reverse("activities:detail", args=[activity.pk]),
        reverse("activities:batch", args=[batch.pk]),
        reverse("activities:upload_file", args=[activity.upload_id]),
    ]:
        assert as_bob.get(url).status_code == 404, url
    listing = as_bob.get(reverse("activities:list")).content.decode()
    assert reverse("activities:detail", args=[activity.pk]) not in listing
    assert "Import of" not in listing


def test_uploads_are_not_served_from_any_public_url(alice: Runner, media: Path) -> None:
    client = client_for(alice)
    post_files(client, [upload_of(RUN_FIT)])
    relative = Upload.objects.get().file.name
    for prefix in ("/media/", "/files/", "/static/", "/"):
        assert client.get(prefix + relative).status_code == 404


def test_a_failed_request_leaves_no_rows_tasks_or_files(alice: Runner, media: Path) -> None:
    from unittest import mock

    from runback.web.activities import services

    broken_queue = mock.Mock(**{"enqueue.side_effect": RuntimeError("queue unavailable")})
    with (
        mock.patch("runback.web.activities.tasks.import_upload_task", broken_queue),
        pytest.raises(RuntimeError),
    ):
        services.start_import(alice, [upload_of(RUN_FIT)])
    assert not ImportBatch.objects.exists()
    assert not Upload.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_it_says_when_no_worker_has_picked_the_files_up(alice: Runner) -> None:
    import datetime as dt

    client = client_for(alice)
    post_files(client, [upload_of(SHORT_RUN_FIT)])
    batch = ImportBatch.objects.get()
    url = reverse("activities:batch", args=[batch.pk])
    assert "Nothing has started yet" not in client.get(url).content.decode()

    ImportBatch.objects.filter(pk=batch.pk).update(created=batch.created - dt.timedelta(minutes=5))
    assert "Nothing has started yet" in client.get(url).content.decode()
    run_worker()
    assert "Nothing has started yet" not in client.get(url).content.decode()


def test_stored_files_are_readable_by_the_app_only(alice: Runner, media: Path) -> None:
    post_files(client_for(alice), [upload_of(RUN_FIT, name="../../escape.fit")])
    path = Path(Upload.objects.get().file.path)
    assert path.is_relative_to(media / "uploads" / str(alice.pk))
    assert path.name == "escape.fit"
    assert path.stat().st_mode & 0o077 == 0
    assert path.parent.stat().st_mode & 0o077 == 0


def test_a_huge_import_lists_failures_first_and_caps_the_rest(
    alice: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runback.web.activities import views
    from runback.web.activities.models import ImportResult

    client = client_for(alice)
    post_files(client, [upload_of(SHORT_RUN_FIT)])
    upload = Upload.objects.get()
    ImportResult.objects.bulk_create(
        [
            ImportResult(upload=upload, name=f"ok{i}.fit", outcome=Outcome.DUPLICATE)
            for i in range(8)
        ]
        + [ImportResult(upload=upload, name="bad.fit", outcome=Outcome.FAILED, message="corrupt")]
    )
    monkeypatch.setattr(views, "SHOWN_RESULTS", 4)

    text = client.get(reverse("activities:batch", args=[upload.batch_id])).content.decode()
    assert text.index("bad.fit") < text.index("ok7.fit")
    assert "ok4.fit" not in text
    assert "and 5 more" in text


def test_a_gpx_run_counts_on_the_day_of_the_install_time_zone(alice: Runner, settings: Any) -> None:
    """GPX records UTC only: the install's zone says which day the run belongs to."""
    start = read_file(GPX).start_utc
    # A whole-hour zone that puts this start on another calendar day than UTC.
    zone = f"Etc/GMT+{start.hour + 1}" if start.hour < 11 else f"Etc/GMT-{24 - start.hour}"
    settings.TIME_ZONE = zone
    post_files(client_for(alice), [upload_of(GPX)])
    run_worker()
    activity = Activity.objects.get()
    assert activity.utc_offset_s is None
    assert activity.local_date == start.astimezone(ZoneInfo(zone)).date()
    assert activity.local_date != start.date()


def test_one_bad_file_never_blocks_the_others(alice: Runner) -> None:
    """A good run, an empty file, a file cut short and a text file in one selection:
    the run imports, and each other file has its own line in plain words."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(alice)
    response = post_files(
        client,
        [
            upload_of(SHORT_RUN_FIT),
            SimpleUploadedFile("empty.fit", b""),
            upload_of(TRUNCATED_FIT),
            SimpleUploadedFile("notes.txt", b"hello"),
        ],
    )
    assert response.status_code == 302
    run_worker()

    batch = ImportBatch.objects.get()
    assert batch.uploads.count() == 4
    assert Activity.objects.filter(runner=alice).count() == 1
    progress = batch.progress()
    assert progress.finished
    assert (progress.imported, progress.failed) == (1, 3)
    page = client.get(response["Location"]).content.decode()
    assert "empty.fit</td>" in page
    assert "this file is empty" in page
    assert "this file stops part way through: the watch may not have finished saving it" in page
    assert "notes.txt</td>" in page
    assert "this is not an activity file" in page


def test_an_all_bad_selection_lists_each_file_on_its_own_line(alice: Runner) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = post_files(
        client_for(alice),
        [SimpleUploadedFile("empty.fit", b""), SimpleUploadedFile("notes.txt", b"x")],
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "<li>empty.fit: this file is empty.</li>" in html
    assert "<li>notes.txt: this is not an activity file" in html
    assert not ImportBatch.objects.exists()


def test_a_form_sent_by_htmx_is_redirected_by_htmx(alice: Runner) -> None:
    response = client_for(alice).post(
        "/activities/", {"uploads": [upload_of(SHORT_RUN_FIT)]}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    batch = ImportBatch.objects.get()
    assert response["HX-Redirect"] == f"/activities/imports/{batch.pk}/"
