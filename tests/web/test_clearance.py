"""A surgeon's or clinician's go-ahead, recorded in the app, is what the engine reads."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from runback.web.runners.models import Clearance, Injury, Runner
from tests.web.conftest import client_for


def _after_surgery(runner: Runner, days_ago: int = 60) -> None:
    Injury.objects.filter(runner=runner).update(
        kind="post_surgery", onset=timezone.localdate() - dt.timedelta(days=days_ago)
    )
    runner.save()  # a queryset update: count it as a change of the record


def test_no_running_after_surgery_until_the_go_ahead_is_recorded(alice: Runner) -> None:
    _after_surgery(alice)
    client = client_for(alice.user)
    plan = client.get(f"/api/runners/{alice.pk}/plan?weeks=1").json()
    assert plan["triage"]["status"] == "clinician_led"
    today = client.get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert reverse("runners:clearance", args=[alice.pk]) in today

    cleared_on = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    data = {
        "cleared_by": "surgeon",
        "clinician_name": "Ms Okafor, Orthopaedics",
        "cleared_on": cleared_on,
        "note": "Start with walk/run, no hills for a month.",
        "confirm": "on",
    }
    url = reverse("runners:clearance", args=[alice.pk])
    assert client.post(url, data)["Location"] == reverse("runners:today", args=[alice.pk])
    case = client.get(f"/api/runners/{alice.pk}/case-file").json()
    assert (case["injury"]["cleared_on"], case["injury"]["cleared_by"]) == (cleared_on, "surgeon")
    plan = client.get(f"/api/runners/{alice.pk}/plan?weeks=1").json()
    assert plan["triage"]["status"] == "self_guided"
    assert "Ms Okafor, Orthopaedics" in client.get(url).content.decode()


def test_a_go_ahead_from_before_the_injury_clears_nothing(alice: Runner) -> None:
    _after_surgery(alice, days_ago=10)
    Clearance.objects.create(
        runner=alice,
        cleared_by="surgeon",
        clinician_name="Old",
        cleared_on=timezone.localdate() - dt.timedelta(days=200),
    )
    alice.save()
    case = client_for(alice.user).get(f"/api/runners/{alice.pk}/case-file").json()
    assert "cleared_on" not in case["injury"]


def test_a_clearance_needs_who_and_when_and_another_runner_cannot_record_one(
    alice: Runner, bob: Runner
) -> None:
    url = reverse("runners:clearance", args=[alice.pk])
    response = client_for(alice.user).post(url, {"cleared_by": "surgeon", "confirm": "on"})
    assert response.status_code == 400
    assert "Name the clinician or practice" in response.content.decode()
    data = {"cleared_by": "surgeon", "clinician_name": "X", "cleared_on": "2026-01-01",
            "confirm": "on"}  # fmt: skip
    assert client_for(bob.user).post(url, data).status_code in {403, 404}
    assert not Clearance.objects.exists()
