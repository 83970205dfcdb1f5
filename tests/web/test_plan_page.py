"""The plan page a runner can read: Monday-to-Sunday weeks, done days ticked, reasons in words."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client

from runback.engine import Pathway
from runback.web.runners.models import LogEntry, Runner
from runback.web.runners.templatetags.runback_tags import pathway
from tests.web.builders import local_today
from tests.web.conftest import client_for


def plan_html(client: Client, runner: Runner) -> str:
    response = client.get(f"/r/{runner.pk}/plan/")
    assert response.status_code == 200
    return response.content.decode()


def test_weeks_run_monday_to_sunday(alice: Runner) -> None:
    html = plan_html(client_for(alice.user), alice)
    dates = [dt.date.fromisoformat(d) for d in re.findall(r'data-date="([\d-]+)"', html)]
    assert dates
    assert dates[0].weekday() == 0, "the first cell is a Monday"
    assert len(dates) % 7 == 0
    assert dates[-1].weekday() == 6, "the last cell is a Sunday"


def test_a_day_already_done_shows_what_was_done_with_a_tick(alice: Runner) -> None:
    today = local_today()
    LogEntry.objects.create(runner=alice, date=today, kind="run", run_minutes=8, walk_minutes=4)
    html = plan_html(client_for(alice.user), alice)
    cell = re.search(rf'data-date="{today.isoformat()}">(.*?)</div>', html, re.S)
    assert cell is not None
    assert "&#10003;" in cell.group(1)
    assert "Done: </span>Run 8&#x27; + walk 4&#x27;" in cell.group(1)


def test_every_day_of_the_coming_week_says_why(alice: Runner) -> None:
    html = plan_html(client_for(alice.user), alice)
    week = re.search(r'<ul class="day-list">(.*?)</ul>\s*<table', html, re.S)
    assert week is not None
    assert week.group(1).count("<li><strong>") == 7
    assert week.group(1).count('class="small muted"') >= 7, "each session or rest day explained"


def test_pathway_names_are_words_a_runner_understands(alice: Runner) -> None:
    for route in Pathway:
        words = pathway(route.value)
        assert words.lower() != route.value.replace("_", " ")
        assert "other" not in words.lower()
    html = plan_html(client_for(alice.user), alice)
    shown = re.search(r"Pathway: <strong>(.*?)</strong>", html)
    assert shown is not None
    assert shown.group(1) in {pathway(p.value) for p in Pathway}


def test_another_runner_cannot_see_the_plan(alice: Runner, bob: Runner) -> None:
    assert client_for(bob.user).get(f"/r/{alice.pk}/plan/").status_code in {403, 404}
