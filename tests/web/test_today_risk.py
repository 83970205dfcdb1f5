"""The load-risk card on Today: from the integrate phase on, never before, and private."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from runback.engine import Phase
from runback.web.runners import services
from runback.web.runners.models import Injury, LogEntry, Runner
from tests.web.builders import local_today
from tests.web.conftest import client_for


def back_to_volume(runner: Runner) -> Runner:
    """Strength base and four weeks of running at the pre-injury volume: integrate."""
    today = local_today()
    runner.weekly_km_before = 20
    runner.save()
    Injury.objects.filter(runner=runner).update(onset=today - dt.timedelta(days=60))
    for ago in range(1, 31, 3):
        LogEntry.objects.create(
            runner=runner, date=today - dt.timedelta(days=ago), slot=1, kind="strength",
            minutes=40,
        )  # fmt: skip
    for ago in range(1, 28, 2):
        LogEntry.objects.create(
            runner=runner, date=today - dt.timedelta(days=ago), slot=0, kind="run",
            run_minutes=35, distance_km=6, pain_before=0, pain_during_max=0,
            pain_during_pattern="none", pain_after=0, checked_in=True,
        )  # fmt: skip
    return runner


def test_integrating_runner_sees_the_indicator_with_its_honesty(alice: Runner) -> None:
    back_to_volume(alice)
    assert services.plan_for(alice, local_today(), weeks=1).phase is Phase.INTEGRATE
    page = client_for(alice.user).get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert 'id="load-risk"' in page
    assert "competitive runners" in page
    assert "Your pain decides what you do next" in page
    assert "times in 100" in page


def test_before_integrate_there_is_no_indicator(alice: Runner) -> None:
    assert services.plan_for(alice, local_today(), weeks=1).phase is not Phase.INTEGRATE
    page = client_for(alice.user).get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert 'id="load-risk"' not in page


def test_another_runner_cannot_see_it(alice: Runner, bob: Runner) -> None:
    back_to_volume(alice)
    response = client_for(bob.user).get(reverse("runners:today", args=[alice.pk]))
    assert response.status_code in {403, 404}
    assert b"load-risk" not in response.content


@pytest.mark.parametrize("viewer", ["charlie"])
def test_a_granted_viewer_sees_the_same_card(alice: Runner, charlie: User, viewer: str) -> None:
    back_to_volume(alice)
    page = client_for(charlie).get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert 'id="load-risk"' in page


def test_progress_shows_it_too_from_the_integrate_phase_on(alice: Runner) -> None:
    """Issue 15: Today and Progress show the indicator, with its reasons and honesty."""
    client = client_for(alice.user)
    url = reverse("runners:progress", args=[alice.pk])
    assert 'id="load-risk"' not in client.get(url).content.decode()
    back_to_volume(alice)
    page = client.get(url).content.decode()
    assert 'id="load-risk"' in page
    assert "Load check:" in page
    assert "competitive runners" in page
    assert "times in 100" in page
    assert "Your pain decides what you do next" in page
    assert '<ul class="reasons">' in page  # its reasons, in words
    today = client.get(reverse("runners:today", args=[alice.pk])).content.decode()
    card = page.split('id="load-risk"', 1)[1].split("</div>", 1)[0]
    assert card in today  # the same card, the same numbers as on Today


def test_another_runner_cannot_see_it_on_progress(alice: Runner, bob: Runner) -> None:
    back_to_volume(alice)
    response = client_for(bob.user).get(reverse("runners:progress", args=[alice.pk]))
    assert response.status_code in {403, 404}
    assert b"load-risk" not in response.content
