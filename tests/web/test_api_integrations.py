"""What an integration does with a token: upload, list and delete activities, fetch
the calendar and watch workouts, read and enter readiness tests, read decisions."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from runback.engine.capacity import BATTERY
from runback.web.activities.models import Activity
from runback.web.capacity.models import ReadinessRecord
from runback.web.runners.models import DecisionRecord, Runner
from tests.web.api_support import imported_activity, token_client, token_for
from tests.web.builders import local_today
from tests.web.files_support import RUN_FIT, media, run_worker, upload_of

JSON = "application/json"
__all__ = ["media"]  # the fixture: uploads go to a throwaway folder


def _client(runner: Runner) -> Client:
    return token_client(token_for(runner.user))


def test_an_app_uploads_a_real_file_polls_the_import_and_deletes_the_activity(
    alice: Runner, media: object
) -> None:
    client = _client(alice)
    base = f"/api/v1/runners/{alice.pk}"
    answer = client.post(f"{base}/activities", {"files": [upload_of(RUN_FIT)]})
    assert answer.status_code == 202, answer.content
    batch = answer.json()
    assert batch["files"] == 1
    assert batch["finished"] is False
    run_worker()
    done = client.get(f"{base}/imports/{batch['id']}").json()
    assert done["finished"] is True
    assert done["imported"] == 1
    listed = client.get(f"{base}/activities")
    assert listed["X-Total-Count"] == "1"
    activity = listed.json()[0]
    assert activity["sport"] == "running"
    assert 40 < activity["duration_minutes"] < 50
    assert client.get(f"{base}/activities/{activity['id']}").json() == activity
    assert client.delete(f"{base}/activities/{activity['id']}").status_code == 204
    assert not Activity.objects.exists()
    assert client.delete(f"{base}/activities/{activity['id']}").status_code == 404


def test_an_upload_without_files_names_the_problem(alice: Runner) -> None:
    response = _client(alice).post(f"/api/v1/runners/{alice.pk}/activities", {})
    assert response.status_code == 422
    assert "files" in response.content.decode()


def test_the_calendar_and_watch_workouts_come_as_files(alice: Runner) -> None:
    client = _client(alice)
    ics = client.get(f"/api/v1/runners/{alice.pk}/calendar.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content
    plan = client.get(f"/api/v1/runners/{alice.pk}/plan?weeks=2").json()
    day, slot = next(
        (d["date"], i)
        for d in plan["days"]
        for i, s in enumerate(d["sessions"])
        if s.get("run_minutes")
    )
    fit = client.get(f"/api/v1/runners/{alice.pk}/workouts/{day}/{slot}.fit")
    assert fit.status_code == 200, fit.content
    assert fit["Content-Type"] == "application/vnd.ant.fit"
    from garmin_fit_sdk import Decoder, Stream

    messages, errors = Decoder(Stream.from_byte_array(bytearray(fit.content))).read()
    assert not errors
    assert messages["workout_mesgs"]
    far = (local_today() + dt.timedelta(days=400)).isoformat()
    assert client.get(f"/api/v1/runners/{alice.pk}/workouts/{far}/0.fit").status_code == 404
    assert client.get(f"/api/v1/runners/{alice.pk}/workouts/not-a-day/0.fit").status_code == 422


def test_readiness_tests_are_read_and_entered_with_corrections_said_back(alice: Runner) -> None:
    client = _client(alice)
    base = f"/api/v1/runners/{alice.pk}/readiness"
    seen = client.get(base).json()
    assert {t["name"] for t in seen["tests"]} == {t.name.value for t in BATTERY}
    assert seen["gates"]
    test = next(t for t in BATTERY if t.sided)
    day = local_today().isoformat()
    first = client.post(
        f"{base}/{test.name.value}", {"date": day, "left": 20, "right": 22}, content_type=JSON
    )
    assert first.status_code == 200, first.content
    assert first.json()["corrections"] == []
    again = client.post(
        f"{base}/{test.name.value}", {"date": day, "left": 25, "right": 22}, content_type=JSON
    ).json()
    assert again["corrections"] == [{"field": "left", "was": 20.0, "now": 25.0}]
    assert ReadinessRecord.objects.get(runner=alice).left == 25
    history = next(t for t in client.get(base).json()["tests"] if t["name"] == test.name.value)
    assert history["history"][-1]["left"] == 25
    one_leg = client.post(f"{base}/{test.name.value}", {"date": day, "left": 25}, content_type=JSON)
    assert one_leg.status_code == 422
    single = next(t for t in BATTERY if not t.sided)
    both = {"date": day, "left": 20, "right": 22}
    refused = client.post(f"{base}/{single.name.value}", both, content_type=JSON)
    assert refused.status_code == 422
    assert "right" in refused.json()["errors"]
    assert client.post(f"{base}/no-such-test", {"date": day}, content_type=JSON).status_code == 404


def test_decisions_are_listed_newest_first(alice: Runner) -> None:
    for days in (3, 1):
        DecisionRecord.objects.create(
            runner=alice,
            date=local_today() - dt.timedelta(days=days),
            action="hold",
            pattern="steady",
        )
    listed = _client(alice).get(f"/api/v1/runners/{alice.pk}/decisions").json()
    assert [d["date"] for d in listed] == [
        (local_today() - dt.timedelta(days=d)).isoformat() for d in (1, 3)
    ]


def test_the_activity_list_is_the_runners_own(alice: Runner, bob: Runner) -> None:
    imported_activity(bob)
    mine = imported_activity(alice)
    listed = _client(alice).get(f"/api/v1/runners/{alice.pk}/activities").json()
    assert [a["id"] for a in listed] == [mine.pk]
