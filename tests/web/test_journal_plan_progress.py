"""The daily journal, the plan calendar with milestones, and the progress charts."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from runback.web.runners.models import DayEntry, LogEntry, Runner
from tests.web.builders import local_today
from tests.web.conftest import client_for


@pytest.fixture
def client(alice: Runner) -> Client:
    return client_for(alice.user)


def test_a_journal_entry_needs_no_activity(alice: Runner, client: Client) -> None:
    url = reverse("runners:journal", args=[alice.pk])
    data = {
        "date": local_today().isoformat(),
        "day_pain": "2",
        "day_stiffness": "3",
        "notes": "Rest day, sore.",
    }
    assert client.post(url, data)["Location"] == url
    entry = DayEntry.objects.get(runner=alice)
    assert (entry.day_pain, entry.day_stiffness, entry.notes) == (2, 3, "Rest day, sore.")
    assert (entry.pain, entry.stiffness) == (None, None)  # the morning's are the check-in's
    assert not LogEntry.objects.exists()
    page = client.get(url).content.decode()
    assert "Saved your entry for" in page
    assert "Rest day, sore." in page
    assert f'value="{local_today().isoformat()}"' in page  # what <input type=date> understands


def test_a_second_entry_for_the_same_day_adds_to_it(alice: Runner, client: Client) -> None:
    url = reverse("runners:journal", args=[alice.pk])
    day = local_today().isoformat()
    client.post(url, {"date": day, "day_pain": "2", "notes": "Sore walking to work."})
    client.post(url, {"date": day, "day_pain": "2", "notes": "Sore walking to work."})
    client.post(url, {"date": day, "notes": "Better by the evening."})
    entry = DayEntry.objects.get(runner=alice)
    assert entry.day_pain == 2
    assert entry.notes == "Sore walking to work.\n\nBetter by the evening."


def test_a_changed_rating_is_said_back_not_silently_replaced(alice: Runner, client: Client) -> None:
    url = reverse("runners:journal", args=[alice.pk])
    day = local_today().isoformat()
    client.post(url, {"date": day, "day_pain": "2"})
    page = client.post(url, {"date": day, "day_pain": "4"}, follow=True).content.decode()
    assert DayEntry.objects.get(runner=alice).day_pain == 4
    assert "You changed an earlier answer. Pain today: 2 \u2192 4." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2999-01-01", "notes": "x"}, "cannot be in the future"),
        ({"date": "", "notes": "x"}, "required"),
        ({"date": "2026-01-01"}, "Write a note or rate at least one thing"),
        ({"date": "2026-01-01", "day_pain": "15"}, "less than or equal to 10"),
    ],
)
def test_it_rejects_a_bad_journal_entry(
    alice: Runner, client: Client, data: dict[str, str], message: str
) -> None:
    response = client.post(reverse("runners:journal", args=[alice.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DayEntry.objects.exists()


def test_the_plan_shows_a_calendar_phase_and_milestones(alice: Runner, client: Client) -> None:
    page = client.get(reverse("runners:plan", args=[alice.pk])).content.decode()
    assert 'class="calendar"' in page
    assert f'data-date="{local_today().isoformat()}"' in page
    assert page.count('class="pill run_walk"') >= 4
    assert 'class="phase-bar"' in page
    assert "Safety check clear" in page
    assert "heavy strength sessions" in page


def test_the_plan_puts_runs_only_on_available_days(alice: Runner, client: Client) -> None:
    alice.days = ["tue", "sat"]
    alice.save()
    page = client.get(reverse("runners:plan", args=[alice.pk])).content.decode()
    cells = re.findall(r'data-date="([\d-]+)">(.*?)</div>', page, re.S)
    for day, body in cells:
        if "pill" in body:
            assert dt.date.fromisoformat(day).weekday() in {1, 5}, day


def test_the_progress_page_draws_local_charts_from_the_log(alice: Runner, client: Client) -> None:
    today = local_today()
    for days_ago, minutes in ((9, 8), (5, 10), (2, 30)):
        LogEntry.objects.create(
            runner=alice, date=today - dt.timedelta(days=days_ago), kind="run", run_minutes=minutes
        )
    DayEntry.objects.create(runner=alice, date=today - dt.timedelta(days=1), pain=4)
    LogEntry.objects.create(runner=alice, date=today, slot=1, kind="strength", load_kg=40)
    page = client.get(reverse("runners:progress", args=[alice.pk])).content.decode()
    data = json.loads(re.search(r'id="chart-data"[^>]*>(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert {"run_minutes": 30.0, "pain_next_morning": 4}.items() <= data["runs"][-1].items()
    assert data["strength"] == [{"date": today.isoformat(), "load_kg": 40.0}]
    assert any(w["flag"] for w in data["weeks"])  # 30 min after 10: a spike
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', page)
    assert any("chart" in s for s in scripts)
    assert all(s.startswith("/static/") for s in scripts), scripts


def test_uploaded_runs_appear_on_the_progress_charts(alice: Runner, client: Client) -> None:
    from tests.web.api_support import imported_activity

    day = local_today() - dt.timedelta(days=3)
    imported_activity(alice, day, 17)
    page = client.get(reverse("runners:progress", args=[alice.pk])).content.decode()
    data = json.loads(re.search(r'id="chart-data"[^>]*>(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert {"date": day.isoformat(), "run_minutes": 17.0}.items() <= data["runs"][-1].items()


def test_progress_shows_run_and_walk_apart_planned_against_done_and_pain_three_ways(
    alice: Runner, client: Client
) -> None:
    today = local_today()
    day = today - dt.timedelta(days=2)
    LogEntry.objects.create(
        runner=alice,
        date=day,
        kind="run",
        run_minutes=9,
        walk_minutes=3,
        pain_during_max=2,
        pain_after=3,
        planned={"kind": "run_walk", "run_minutes": 10, "walk_minutes": 2, "why": "x"},
    )
    DayEntry.objects.create(runner=alice, date=day + dt.timedelta(days=1), pain=1)
    page = client.get(reverse("runners:progress", args=[alice.pk])).content.decode()
    data = json.loads(re.search(r'id="chart-data"[^>]*>(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert data["runs"][-1] == {
        "date": day.isoformat(),
        "run_minutes": 9.0,
        "walk_minutes": 3.0,
        "planned_run": 10.0,
        "planned_walk": 2.0,
        "pain_during": 2,
        "pain_after": 3,
        "pain_next_morning": 1,
    }
    assert re.search(r"Week of \d{4}-", page) is None, "dates in words, not ISO"
