"""Exports: calendar feed, watch workouts, "download all my data", "delete my account"."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from axes.models import AccessLog
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from garmin_fit_sdk import Decoder, Stream
from icalendar import Calendar

from runback.web.activities.models import Activity, ImportResult, Upload
from runback.web.exports.models import CalendarFeed
from runback.web.runners.models import Injury, Runner
from tests.web.files_support import (
    PASSWORD,
    RUN_FIT,
    alice,
    bob,
    client_for,
    media,
    onboard,
    post_files,
    run_worker,
    upload_of,
)

__all__ = ["alice", "bob", "media"]


def first_run_day(client: Client) -> str:
    """The first workout link on the exports page."""
    page = client.get(reverse("exports:index")).content.decode()
    marker = "/exports/workouts/"
    start = page.index(marker)
    return page[start : page.index('"', start)]


def feed_url(client: Client) -> str:
    client.post(reverse("exports:calendar_create"))
    return reverse("exports:calendar", args=[CalendarFeed.objects.get().token])


# --- calendar feed ------------------------------------------------------------


def test_it_serves_the_plan_as_a_private_calendar_feed_without_a_login(alice: Runner) -> None:
    onboard(alice)
    url = feed_url(client_for(alice))

    response = Client().get(url)  # a calendar app: no session
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert any("Run/walk" in str(e.get("summary")) for e in events)
    assert all(e.decoded("dtstart") >= timezone.localdate() for e in events)


def test_regenerating_the_feed_kills_the_old_address(alice: Runner) -> None:
    onboard(alice)
    client = client_for(alice)
    old = feed_url(client)
    client.post(reverse("exports:calendar_create"))
    new = reverse("exports:calendar", args=[CalendarFeed.objects.get().token])

    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_revoking_the_feed_turns_it_off(alice: Runner) -> None:
    client = client_for(alice)
    url = feed_url(client)
    response = client.post(reverse("exports:calendar_revoke"))
    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()
    assert Client().get(url).status_code == 404


def test_a_guessed_token_is_a_404(db: None) -> None:
    assert Client().get(reverse("exports:calendar", args=["not-a-token"])).status_code == 404


def test_the_feed_of_a_runner_not_yet_onboarded_is_an_empty_calendar(alice: Runner) -> None:
    response = Client().get(feed_url(client_for(alice)))
    assert response.status_code == 200
    assert Calendar.from_ical(response.content).walk("VEVENT") == []


def test_feed_changes_need_a_post(alice: Runner) -> None:
    client = client_for(alice)
    assert client.get(reverse("exports:calendar_create")).status_code == 405
    assert client.get(reverse("exports:calendar_revoke")).status_code == 405
    assert not CalendarFeed.objects.exists()


# --- workouts -----------------------------------------------------------------


def test_it_downloads_a_planned_run_walk_as_a_fit_workout_garmin_can_read(alice: Runner) -> None:
    onboard(alice)
    client = client_for(alice)
    response = client.get(first_run_day(client))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.ant.fit"
    assert "attachment" in response["Content-Disposition"]
    decoder = Decoder(Stream.from_byte_array(bytearray(response.content)))
    messages, errors = decoder.read()
    assert errors == []
    steps = messages["workout_step_mesgs"]
    assert steps[0]["intensity"] == "warmup"
    assert steps[-1]["intensity"] == "cooldown"
    assert any(s.get("wkt_step_name") == "Run" for s in steps)


def test_it_refuses_a_workout_for_a_slot_with_no_run(alice: Runner) -> None:
    onboard(alice)
    client = client_for(alice)
    far = reverse("exports:workout", args=["2001-01-01", 0])
    assert client.get(far).status_code == 404
    assert client.get(reverse("exports:workout", args=["not-a-date", 0])).status_code == 404
    today = timezone.localdate().isoformat()
    assert client.get(reverse("exports:workout", args=[today, 9])).status_code == 404


# --- download all my data -----------------------------------------------------


def test_it_downloads_all_my_data_as_json_csv_and_the_original_files(alice: Runner) -> None:
    onboard(alice)
    client = client_for(alice)
    post_files(client, [upload_of(RUN_FIT)])
    run_worker()
    CalendarFeed.objects.create(runner=alice)

    response = client.get(reverse("exports:my_data"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    names = archive.namelist()
    record = json.loads(archive.read("runback-export/record.json"))

    assert record["account"]["username"] == "alice"
    assert record["tables"]["runners.injury"][0]["site"] == "calf"
    assert len(record["tables"]["activities.activity"]) == 1
    assert "token" not in record["tables"]["exports.calendarfeed"][0]
    assert "runback-export/csv/activities_activity.csv" in names
    csv_text = archive.read("runback-export/csv/activities_activity.csv").decode()
    assert "content_hash" in csv_text.splitlines()[0]
    originals = [n for n in names if n.startswith("runback-export/files/")]
    assert len(originals) == 1
    assert archive.read(originals[0]) == RUN_FIT.read_bytes()
    case = json.loads(archive.read("runback-export/case-file.json"))
    assert case["injury"]["site"] == "calf"
    assert "password" not in archive.read("runback-export/record.json").decode()


def test_my_data_holds_nothing_of_another_runner(alice: Runner, bob: Runner) -> None:
    post_files(client_for(bob), [upload_of(RUN_FIT)])
    run_worker()
    response = client_for(alice).get(reverse("exports:my_data"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    record = json.loads(archive.read("runback-export/record.json"))
    assert record["tables"]["activities.activity"] == []
    assert not [n for n in archive.namelist() if n.startswith("runback-export/files/")]
    assert "bob" not in archive.read("runback-export/record.json").decode()


# --- delete my account --------------------------------------------------------


def test_deleting_the_account_removes_the_user_every_row_and_every_file(
    alice: Runner, bob: Runner, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    onboard(alice)
    client = client_for(alice)
    post_files(client, [upload_of(RUN_FIT)])
    post_files(client_for(bob), [upload_of(RUN_FIT)])
    run_worker()
    CalendarFeed.objects.create(runner=alice)
    AccessLog.objects.create(username="alice", ip_address="127.0.0.1", user_agent="test")
    alice_file = Path(Upload.objects.get(runner=alice).file.path)
    bob_file = Path(Upload.objects.get(runner=bob).file.path)
    assert alice_file.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exports:delete_account"), {"password": PASSWORD, "confirm": "on"}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("exports:deleted")
    assert not User.objects.filter(username="alice").exists()
    assert not Runner.objects.filter(pk=alice.pk).exists()
    assert not Injury.objects.filter(runner_id=alice.pk).exists()
    assert not Activity.objects.filter(runner_id=alice.pk).exists()
    assert not Upload.objects.filter(runner_id=alice.pk).exists()
    assert not ImportResult.objects.filter(upload__runner_id=alice.pk).exists()
    assert not CalendarFeed.objects.exists()
    assert not AccessLog.objects.filter(username="alice").exists()
    assert not alice_file.exists()
    assert not (media / "uploads" / str(alice.pk)).exists()
    assert bob_file.exists(), "another runner's files are untouched"
    assert Activity.objects.filter(runner=bob).count() == 1
    assert client.get(reverse("exports:index")).status_code == 302, "signed out"


def test_deleting_needs_the_right_password_and_the_tick(alice: Runner) -> None:
    client = client_for(alice)
    wrong = client.post(reverse("exports:delete_account"), {"password": "nope", "confirm": "on"})
    assert wrong.status_code == 422
    assert "That is not your password." in wrong.content.decode()
    unticked = client.post(reverse("exports:delete_account"), {"password": PASSWORD})
    assert unticked.status_code == 422
    assert "This field is required." in unticked.content.decode()
    assert client.get(reverse("exports:delete_account")).status_code == 405
    assert User.objects.filter(username="alice").exists()


# --- permissions --------------------------------------------------------------


def test_every_exports_page_needs_a_login(db: None) -> None:
    anonymous = Client()
    for url in [
        reverse("exports:index"),
        reverse("exports:my_data"),
        reverse("exports:workout", args=["2026-11-25", 0]),
    ]:
        response = anonymous.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"]
    for url in [
        reverse("exports:calendar_create"),
        reverse("exports:calendar_revoke"),
        reverse("exports:reminders"),
        reverse("exports:delete_account"),
    ]:
        assert anonymous.post(url).status_code == 302, url
    assert not CalendarFeed.objects.exists()


def test_bob_cannot_reach_or_change_alices_exports(alice: Runner, bob: Runner) -> None:
    onboard(alice)
    as_alice = client_for(alice)
    url = feed_url(as_alice)
    token = CalendarFeed.objects.get(runner=alice).token
    as_bob = client_for(bob)

    page = as_bob.get(reverse("exports:index")).content.decode()
    assert token not in page
    as_bob.post(reverse("exports:calendar_revoke"))
    as_bob.post(reverse("exports:calendar_create"))
    assert CalendarFeed.objects.get(runner=alice).token == token, "Bob changed only his own"
    assert Client().get(url).status_code == 200
    # Bob has no plan: none of Alice's planned workouts exist for him.
    assert as_bob.get(first_run_day(as_alice)).status_code == 404
    wrong = as_bob.post(reverse("exports:delete_account"), {"password": PASSWORD, "confirm": "on"})
    assert wrong.status_code == 302
    assert User.objects.filter(username="alice").exists()
    assert not User.objects.filter(username="bob").exists()


def test_the_exports_page_renders_for_the_owner(alice: Runner) -> None:
    onboard(alice)
    client = client_for(alice)
    page = client.get(reverse("exports:index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Create my calendar feed" in text
    assert "/exports/workouts/" in text
    feed_url(client)
    text = client.get(reverse("exports:index")).content.decode()
    assert CalendarFeed.objects.get().token in text
