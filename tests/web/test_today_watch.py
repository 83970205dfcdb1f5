"""Today's "Send to watch (.fit)" links: one per run, walk or strength session, the
owner's own plan only."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from runback.web.runners import services
from runback.web.runners.models import Runner
from tests.web.conftest import client_for, new_runner

LINK = re.compile(r'<a href="([^"]+\.fit)" download>Send to watch \(\.fit\)</a>')


def _watch_slots(runner: Runner) -> list[int]:
    day = timezone.localdate()
    planned = services.day_of(services.plan_for(runner, day, weeks=1), day)
    assert planned is not None
    return [
        i
        for i, s in enumerate(planned.sessions)
        if s.has_running or s.kind.value in {"run", "run_walk", "walk"} or s.exercises
    ]  # a strength session may share a run day (todaypage.watch_url links it too)


def _links(client: Client, runner: Runner) -> list[str]:
    page = client.get(reverse("runners:today", args=[runner.pk])).content.decode()
    return LINK.findall(page)


def test_today_links_each_run_or_walk_to_its_fit_workout(alice: Runner) -> None:
    slots = _watch_slots(alice)
    assert slots, "the fixture's plan has a run today"
    day = timezone.localdate().isoformat()
    expected = [reverse("exports:workout", args=[day, slot]) for slot in slots]
    assert _links(client_for(alice.user), alice) == expected


def test_the_link_downloads_the_owners_workout(alice: Runner) -> None:
    client = client_for(alice.user)
    response = client.get(_links(client, alice)[0])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.ant.fit"
    assert response.content[8:12] == b".FIT"
    assert "attachment" in response["Content-Disposition"]


def test_another_runner_gets_a_404_not_alices_workout(alice: Runner) -> None:
    url = _links(client_for(alice.user), alice)[0]
    stranger = client_for(new_runner("dave", onboarded=False).user)
    assert stranger.get(url).status_code == 404


def test_signed_out_the_link_asks_to_sign_in(alice: Runner) -> None:
    url = _links(client_for(alice.user), alice)[0]
    response = Client().get(url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_link_stays_after_the_session_is_ticked_off(alice: Runner) -> None:
    client = client_for(alice.user)
    slot = _watch_slots(alice)[0]
    response = client.post(
        reverse("runners:log_session", args=[alice.pk, slot]), HTTP_HX_REQUEST="true"
    )
    assert "Done ✓" in response.content.decode()
    assert len(LINK.findall(response.content.decode())) == 1
