"""Back after a long break: warm-up drills and the hard walk are sessions the runner
sees on Today and Plan, with their minutes and reasons, and ticks off like any other."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from runback.web.runners import services
from runback.web.runners.models import Injury, LogEntry, Runner
from tests.web.builders import local_today
from tests.web.conftest import client_for, new_runner


def long_break(runner: Runner) -> Runner:
    """Injured 130 days ago, no run for 120 days, pain-free minutes unknown."""
    today = local_today()
    Injury.objects.filter(runner=runner).update(
        onset=today - dt.timedelta(days=130),
        last_run=today - dt.timedelta(days=120),
        pain_free_run_minutes=None,
        pain_walking=0,
    )
    return Runner.objects.get(pk=runner.pk)  # as the next request reads it


def test_drills_and_the_hard_walk_are_planned_sessions_with_reasons(alice: Runner) -> None:
    alice = long_break(alice)
    plan = services.plan_for(alice, local_today())
    run_days = [d for d in plan.days if any(s.has_running for s in d.sessions)]
    assert run_days
    first = run_days[0]
    kinds = [(s.kind.value, s.intensity.value) for s in first.sessions[:3]]
    assert kinds == [("drills", "easy"), ("run", "easy"), ("walk", "hard")]
    client = client_for(alice.user)
    page = client.get(reverse("runners:plan", args=[alice.pk])).content.decode()
    assert "Warm-up drills" in page
    assert "A skips" in page
    assert "Hard walk straight after the run" in page
    assert first.date == local_today()  # the comeback's first run is today
    today = client.get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert "Warm-up drills" in today
    assert "6 minutes" in today
    assert "Walk · hard" in today


def test_ticking_the_drills_off_logs_them_as_drills(alice: Runner) -> None:
    alice = long_break(alice)
    today = local_today()
    planned = services.day_of(services.plan_for(alice, today, weeks=1), today)
    assert planned is not None
    kinds = [s.kind.value for s in planned.sessions]
    assert "drills" in kinds, kinds  # the first run of the comeback is today
    slot = kinds.index("drills")
    client = client_for(alice.user)
    response = client.post(reverse("runners:log_session", args=[alice.pk, slot]))
    assert response.status_code == 302
    entry = LogEntry.objects.get(runner=alice, date=today, slot=slot)
    assert (entry.kind, entry.minutes) == ("drills", 6)
    walk = kinds.index("walk")
    client.post(reverse("runners:log_session", args=[alice.pk, walk]))
    entry = LogEntry.objects.get(runner=alice, date=today, slot=walk)
    assert (entry.kind, entry.intensity, entry.minutes) == ("walk", "hard", 10)
    # Another runner cannot tick them off.
    other = client_for(new_runner("mallory").user)
    response = other.post(reverse("runners:log_session", args=[alice.pk, slot]))
    assert response.status_code in {403, 404}
