"""Two go-aheads, yesterday's and today's: the plan for today (built as of the evening
before) reads yesterday's; from tomorrow it reads today's."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from runback.web.runners import services
from runback.web.runners.casefile import case_dict
from runback.web.runners.models import Clearance, Injury, Runner
from tests.web.conftest import client_for


def _two_go_aheads(runner: Runner, today: dt.date) -> Runner:
    Injury.objects.filter(runner=runner).update(
        kind="post_surgery", onset=today - dt.timedelta(days=60)
    )
    for days_ago, name in ((1, "Dr Yesterday"), (0, "Dr Today")):
        Clearance.objects.create(
            runner=runner,
            cleared_by="surgeon",
            clinician_name=name,
            cleared_on=today - dt.timedelta(days=days_ago),
        )
    runner.save()  # a queryset update: count it as a change of the record
    return Runner.objects.get(pk=runner.pk)  # not the instance's cached injury


def test_yesterdays_go_ahead_counts_today_when_another_is_dated_today(alice: Runner) -> None:
    today = timezone.localdate()
    alice = _two_go_aheads(alice, today)
    plan = client_for(alice.user).get(f"/api/runners/{alice.pk}/plan?weeks=1").json()
    assert plan["triage"]["status"] == "self_guided"
    assert (
        case_dict(alice, today)["injury"]["cleared_on"]
        == (today - dt.timedelta(days=1)).isoformat()
    )
    tomorrow = today + dt.timedelta(days=1)
    assert case_dict(alice, tomorrow)["injury"]["cleared_on"] == today.isoformat()
    assert services.plan_for(alice, tomorrow, 1).triage.status.value == "self_guided"


def test_a_go_ahead_dated_today_alone_is_carried_and_counts_from_tomorrow(
    alice: Runner,
) -> None:
    today = timezone.localdate()
    alice = _two_go_aheads(alice, today)
    Clearance.objects.filter(runner=alice, clinician_name="Dr Yesterday").delete()
    alice.save()
    alice = Runner.objects.get(pk=alice.pk)
    assert case_dict(alice, today)["injury"]["cleared_on"] == today.isoformat()
    assert services.plan_for(alice, today, 1).triage.status.value == "clinician_led"
    tomorrow = today + dt.timedelta(days=1)
    assert services.plan_for(alice, tomorrow, 1).triage.status.value == "self_guided"
