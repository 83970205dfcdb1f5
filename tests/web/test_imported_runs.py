"""Runs from the watch feed the coaching: asked about, answered, or deleted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from runback.web.activities.models import Activity
from runback.web.runners.models import LogEntry, Runner
from tests.web.conftest import client_for
from tests.web.files_support import gpx_on, media, post_files, run_worker

__all__ = ["media"]


def _yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


def _imported(client: Client) -> Activity:
    assert post_files(client, [gpx_on(_yesterday())]).status_code == 302
    run_worker()
    return Activity.objects.get()


def _runs(client: Client, runner: Runner) -> list[dict[str, object]]:
    case = client.get(f"/api/runners/{runner.pk}/case-file").json()
    return [e for e in case["log"] if e["kind"] == "run"]


def test_an_imported_run_is_asked_about_and_not_read_as_pain_free(
    alice: Runner, media: Path
) -> None:
    client = client_for(alice.user)
    activity = _imported(client)
    [run] = _runs(client, alice)
    assert run["pain_reported"] is False
    decision = client.get(f"/api/runners/{alice.pk}/decision").json()
    assert [r["code"] for r in decision["reasons"]] == ["pain_not_reported"]
    today = client.get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert "From your watch: how did it feel?" in today
    assert reverse("activities:answer", args=[activity.pk]) in today
    detail = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "Awaiting your answer" in detail


def test_answering_attaches_the_pain_to_the_run_and_the_coaching_reads_it(
    alice: Runner, media: Path
) -> None:
    client = client_for(alice.user)
    activity = _imported(client)
    response = client.post(reverse("activities:answer", args=[activity.pk]))
    entry = LogEntry.objects.get(runner=alice, activity=activity)
    assert response["Location"] == reverse("runners:run_checkin", args=[alice.pk, entry.pk])
    assert entry.run_minutes == round(activity.run_minutes, 1)
    again = client.post(reverse("activities:answer", args=[activity.pk]))
    assert again["Location"] == response["Location"]  # made once

    answers = {
        "run_minutes": entry.run_minutes,
        "walk_minutes": entry.walk_minutes or 0,
        "pain_before": 0,
        "pain_during_max": 0,
        "pain_during_pattern": "none",
        "pain_after": 0,
    }
    assert client.post(response["Location"], answers).status_code == 200
    [run] = _runs(client, alice)
    assert "pain_reported" not in run
    assert run["pain_during_max"] == 0
    today = client.get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert "From your watch" not in today


def test_a_runner_deletes_an_activity_and_its_answers_after_confirming(
    alice: Runner, media: Path
) -> None:
    client = client_for(alice.user)
    activity = _imported(client)
    client.post(reverse("activities:answer", args=[activity.pk]))
    url = reverse("activities:delete", args=[activity.pk])
    page = client.get(url).content.decode()
    assert "pain answers you gave for it are deleted with it" in page
    client.post(url)  # no confirmation: nothing happens
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert client.post(url, {"confirm": "yes"})["Location"] == reverse("activities:list")
    assert not Activity.objects.exists()
    assert not LogEntry.objects.filter(runner=alice).exists()
    assert _runs(client, alice) == []


def test_another_runner_can_neither_answer_nor_delete(
    alice: Runner, bob: Runner, media: Path
) -> None:
    activity = _imported(client_for(alice.user))
    client = client_for(bob.user)
    assert client.post(reverse("activities:answer", args=[activity.pk])).status_code == 404
    delete = reverse("activities:delete", args=[activity.pk])
    assert client.post(delete, {"confirm": "yes"}).status_code == 404
    assert Activity.objects.filter(pk=activity.pk).exists()
