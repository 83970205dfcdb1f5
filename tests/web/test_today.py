"""Today, one-tap logging, the after-run and next-morning check-ins, and the decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from runback.web.runners import services
from runback.web.runners.models import DayEntry, DecisionRecord, LogEntry, Runner
from tests.web.builders import HTMX, local_today, run_yesterday
from tests.web.conftest import client_for

RUN_CHECKIN = {
    "run_minutes": "10",
    "walk_minutes": "1",
    "distance_km": "1.8",
    "pain_before": "0",
    "pain_during_max": "2",
    "pain_during_pattern": "steady",
    "pain_onset_minute": "6",
    "pain_after": "1",
}
MORNING = {"pain": "5", "stiffness": "6", "sleep_hours": "7", "stress": "3", "fuelling_ok": "true"}


def _first_run_slot(runner: Runner) -> int:
    day = services.day_of(services.plan_for(runner, local_today(), weeks=1), local_today())
    assert day is not None
    return next(i for i, s in enumerate(day.sessions) if s.run_minutes)


@pytest.fixture
def client(alice: Runner) -> Client:
    return client_for(alice.user)


def test_it_shows_todays_sessions_with_reasons_and_a_timeline(
    alice: Runner, client: Client
) -> None:
    response = client.get(reverse("runners:today", args=[alice.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="timeline"' in page
    assert 'class="seg run"' in page
    assert 'class="why"' in page
    assert "Pain up to 3/10" in page
    assert "Not medical advice" in page


def test_one_tap_logs_a_session_and_a_double_tap_changes_nothing(
    alice: Runner, client: Client
) -> None:
    slot = _first_run_slot(alice)
    url = reverse("runners:log_session", args=[alice.pk, slot])
    first = client.post(url, **HTMX)
    second = client.post(url, **HTMX)
    assert first.status_code == second.status_code == 200
    assert LogEntry.objects.filter(runner=alice).count() == 1
    entry = LogEntry.objects.get(runner=alice)
    assert (entry.kind, entry.run_minutes, entry.date) == ("run", 10, local_today())
    assert b"Done" in second.content
    assert b"<html" not in second.content  # a fragment for htmx to swap in
    assert reverse("runners:run_checkin", args=[alice.pk, entry.pk]).encode() in second.content


def test_a_tap_without_htmx_comes_back_to_today(alice: Runner, client: Client) -> None:
    response = client.post(reverse("runners:log_session", args=[alice.pk, 0]))
    assert response["Location"] == reverse("runners:today", args=[alice.pk])


def test_it_rejects_a_tap_on_a_session_that_is_not_planned(alice: Runner, client: Client) -> None:
    response = client.post(reverse("runners:log_session", args=[alice.pk, 9]))
    assert response.status_code == 400
    assert not LogEntry.objects.exists()


def test_logging_needs_a_post(alice: Runner, client: Client) -> None:
    assert client.get(reverse("runners:log_session", args=[alice.pk, 0])).status_code == 405


def test_the_after_run_checkin_shows_the_decision_at_once(alice: Runner, client: Client) -> None:
    slot = _first_run_slot(alice)
    client.post(reverse("runners:log_session", args=[alice.pk, slot]), **HTMX)
    entry = LogEntry.objects.get(runner=alice)
    url = reverse("runners:run_checkin", args=[alice.pk, entry.pk])
    assert b"How did the pain behave?" in client.get(url, **HTMX).content
    response = client.post(url, RUN_CHECKIN, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="decision"' in page
    assert "Your coming days" in page
    entry.refresh_from_db()
    assert entry.checked_in
    assert entry.pain_during_max == 2
    assert DecisionRecord.objects.filter(runner=alice, date=local_today()).count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"pain_during_max": "11"}, "pain_during_max", "less than or equal to 10"),
        ({"pain_during_pattern": "none"}, "pain_during_pattern", "pick how it behaved"),
        ({"pain_during_max": "0"}, "pain_during_max", "above 0"),
        ({"pain_onset_minute": "40"}, "pain_onset_minute", "after the end"),
        ({"run_minutes": ""}, "run_minutes", "required"),
        ({"pain_during_pattern": "weird"}, "pain_during_pattern", "valid choice"),
    ],
)
def test_it_rejects_a_bad_after_run_checkin_beside_the_field(
    alice: Runner, client: Client, change: dict[str, str], field: str, message: str
) -> None:
    entry = LogEntry.objects.create(runner=alice, date=local_today(), kind="run", run_minutes=10)
    url = reverse("runners:run_checkin", args=[alice.pk, entry.pk])
    response = client.post(url, {**RUN_CHECKIN, **change}, **HTMX)
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="{field}-errors"'.encode() in response.content
    entry.refresh_from_db()
    assert not entry.checked_in
    assert not DecisionRecord.objects.exists()


def test_a_strength_session_records_its_heaviest_load(alice: Runner, client: Client) -> None:
    entry = LogEntry.objects.create(runner=alice, date=local_today(), kind="strength")
    url = reverse("runners:strength_log", args=[alice.pk, entry.pk])
    bad = client.post(url, {"load_kg": "-5"}, **HTMX)
    assert bad.status_code == 422
    assert client.post(url, {"load_kg": "42.5"}, **HTMX).status_code == 200
    entry.refresh_from_db()
    assert entry.load_kg == 42.5


def test_the_morning_checkin_decides_and_reshapes_the_coming_days(
    alice: Runner, client: Client
) -> None:
    run_yesterday(alice)
    today_page = client.get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert "Morning check-in" in today_page
    before = services.plan_for(alice, local_today())
    response = client.post(reverse("runners:morning", args=[alice.pk]), MORNING, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Back off" in page
    assert 'data-code="next_morning_above_baseline"' in page
    after = services.plan_for(alice, local_today())
    runs_before = [s.run_minutes for d in before.days for s in d.sessions if s.run_minutes]
    runs_after = [s.run_minutes for d in after.days for s in d.sessions if s.run_minutes]
    assert max(runs_after) < max(runs_before)
    record = DecisionRecord.objects.get(runner=alice)
    assert record.action == "back_off"
    assert record.run_date == local_today() - dt.timedelta(days=1)


def test_a_repeated_morning_checkin_updates_the_same_day(alice: Runner, client: Client) -> None:
    run_yesterday(alice)
    url = reverse("runners:morning", args=[alice.pk])
    client.post(url, MORNING)
    client.post(url, {**MORNING, "pain": "0", "stiffness": "1"})
    assert DayEntry.objects.filter(runner=alice).count() == 1
    assert DecisionRecord.objects.filter(runner=alice).count() == 1
    assert DecisionRecord.objects.get(runner=alice).action != "back_off"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pain": "12"}, "pain"),
        ({"stiffness": ""}, "stiffness"),
        ({"sleep_hours": "25"}, "sleep_hours"),
    ],
)
def test_it_rejects_a_bad_morning_checkin(
    alice: Runner, client: Client, change: dict[str, Any], field: str
) -> None:
    response = client.post(
        reverse("runners:morning", args=[alice.pk]), {**MORNING, **change}, **HTMX
    )
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert b"<html" not in response.content
    assert not DayEntry.objects.exists()


def test_the_full_page_morning_checkin_works_without_javascript(
    alice: Runner, client: Client
) -> None:
    run_yesterday(alice)
    response = client.post(reverse("runners:morning", args=[alice.pk]), MORNING)
    assert response.status_code == 200
    assert b"What the check-in says" in response.content
    assert b"Not medical advice" in response.content


def test_only_runs_have_an_after_run_checkin(alice: Runner, client: Client) -> None:
    entry = LogEntry.objects.create(runner=alice, date=local_today(), kind="strength")
    assert client.get(reverse("runners:run_checkin", args=[alice.pk, entry.pk])).status_code == 404


def test_a_strength_session_shows_sets_reps_and_load() -> None:
    from django.template.loader import render_to_string

    from runback.engine import ExerciseDose, Session, SessionKind

    session = Session(
        kind=SessionKind.STRENGTH,
        why="Heavy strength work rebuilds the capacity running needs.",
        minutes=40,
        exercises=[
            ExerciseDose(name="Seated calf raise", sets=4, reps=6, load="heavy: 6RM", rest_s=120)
        ],
    )
    html = render_to_string(
        "runners/_session.html",
        {"runner": Runner(pk=7), "item": {"slot": 1, "session": session, "entry": None}},
    )
    assert "Seated calf raise" in html
    assert "4 × 6" in html
    assert "heavy: 6RM" in html
    assert "rest 120 s" in html
    assert 'class="timeline"' not in html
    assert "/r/7/today/1/done/" in html


def test_an_engine_referral_shows_instead_of_running(alice: Runner, client: Client) -> None:
    """Worsening pain is not a wizard red flag, but the engine refers on it."""
    alice.injury.worsening = True
    alice.injury.save()
    page = client.get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert "See a clinician before running" in page
    assert 'class="seg run"' not in page


def test_a_walk_has_no_after_run_checkin(alice: Runner, client: Client) -> None:
    walk = LogEntry.objects.create(runner=alice, date=local_today(), kind="walk", walk_minutes=20)
    url = reverse("runners:run_checkin", args=[alice.pk, walk.pk])
    assert client.post(url, RUN_CHECKIN).status_code == 404
    walk.refresh_from_db()
    assert walk.kind == "walk"
    assert not walk.checked_in


def test_an_unchanged_record_keeps_its_plan_and_a_change_reshapes_it(alice: Runner) -> None:
    first = services.plan_for(alice, local_today())
    assert services.plan_for(alice, local_today()) == first
    DayEntry.objects.create(runner=alice, date=local_today(), pain=6, stiffness=6)
    run_yesterday(alice)
    changed = services.plan_for(alice, local_today())
    assert changed != first
    assert changed.days[0] != first.days[0]  # painful morning after a run: today changes


UNPLANNED = {"date": "", "run_minutes": "12", "walk_minutes": "2", "distance_km": "2.1"}


def _unplanned(**change: str) -> dict[str, str]:
    token = "6f1c0a0e-1111-4c4c-9a9a-000000000001"
    return {**UNPLANNED, "date": local_today().isoformat(), "client_token": token, **change}


def test_it_logs_an_unplanned_run_once_however_often_it_is_sent(
    alice: Runner, client: Client
) -> None:
    url = reverse("runners:unplanned_run", args=[alice.pk])
    assert b'name="client_token"' in client.get(url).content
    first = client.post(url, _unplanned())
    second = client.post(url, _unplanned())
    entry = LogEntry.objects.get(runner=alice)
    assert first["Location"] == second["Location"]
    assert first["Location"] == reverse("runners:run_checkin", args=[alice.pk, entry.pk])
    assert (entry.kind, entry.run_minutes, entry.slot) == ("run", 12, LogEntry.UNPLANNED_SLOTS)
    other = client.post(url, _unplanned(client_token="6f1c0a0e-1111-4c4c-9a9a-000000000002"))
    assert other.status_code == 302
    slots = sorted(LogEntry.objects.filter(runner=alice).values_list("slot", flat=True))
    assert slots == [LogEntry.UNPLANNED_SLOTS, LogEntry.UNPLANNED_SLOTS + 1]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"run_minutes": "0"}, "run_minutes", "some running"),
        ({"run_minutes": ""}, "run_minutes", "required"),
        ({"date": "2999-01-01"}, "date", "cannot be in the future"),
        ({"date": "2020-01-01"}, "date", "Only the last 14 days"),
        ({"client_token": "nope"}, "client_token", "valid UUID"),
    ],
)
def test_it_rejects_a_bad_unplanned_run(
    alice: Runner, client: Client, change: dict[str, str], field: str, message: str
) -> None:
    response = client.post(reverse("runners:unplanned_run", args=[alice.pk]), _unplanned(**change))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not LogEntry.objects.exists()


def test_bob_cannot_log_a_run_on_alices_record(alice: Runner, bob: Runner) -> None:
    url = reverse("runners:unplanned_run", args=[alice.pk])
    assert client_for(bob.user).post(url, _unplanned()).status_code == 404
    assert not LogEntry.objects.exists()


def test_a_runner_sent_to_a_clinician_is_not_also_told_how_much_pain_to_run_with(
    alice: Runner,
) -> None:
    from runback.web.runners.models import Injury

    client = client_for(alice.user)
    page = client.get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert "Pain allowed while running: up to" in page
    Injury.objects.filter(runner=alice).update(worsening=True, pain_walking=5)
    alice.save()  # a queryset update: count it as a change of the record
    page = client.get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert "See a clinician before running" in page
    assert "Pain allowed while running" not in page
