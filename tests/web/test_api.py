"""The JSON API: same services and validation as the pages, CSRF with the session."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from runback.web.runners.models import DayEntry, Injury, LogEntry, Runner
from tests.web.builders import local_today
from tests.web.conftest import client_for

JSON = "application/json"


@pytest.fixture
def client(alice: Runner) -> Client:
    return client_for(alice.user)


def test_it_describes_itself_with_openapi(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/runners/{runner_id}/today" in schema["paths"]
    assert "/api/runners/{runner_id}/morning" in schema["paths"]


def test_me_names_the_own_record(alice: Runner, client: Client) -> None:
    assert client.get("/api/me").json() == {
        "runner_id": alice.pk,
        "username": "alice",
        "onboarded": True,
        "referred": False,
    }


def test_today_lists_sessions_and_done_is_idempotent(alice: Runner, client: Client) -> None:
    sessions = client.get(f"/api/runners/{alice.pk}/today").json()["sessions"]
    run = next(s for s in sessions if s["run_minutes"])
    assert run["why"]
    assert run["done"] is False
    url = f"/api/runners/{alice.pk}/today/{run['slot']}/done"
    first = client.post(url)
    second = client.post(url)
    assert first.json()["id"] == second.json()["id"]
    assert LogEntry.objects.filter(runner=alice).count() == 1
    again = client.get(f"/api/runners/{alice.pk}/today").json()["sessions"]
    assert next(s for s in again if s["slot"] == run["slot"])["done"] is True


def test_it_rejects_a_session_that_is_not_planned(alice: Runner, client: Client) -> None:
    response = client.post(f"/api/runners/{alice.pk}/today/42/done")
    assert response.status_code == 400
    assert "no session 42" in response.json()["detail"]


def test_the_checkins_answer_with_the_decision(alice: Runner, client: Client) -> None:
    entry = LogEntry.objects.create(
        runner=alice, date=local_today() - dt.timedelta(days=1), kind="run", run_minutes=10
    )
    body = {
        "run_minutes": 10,
        "pain_before": 0,
        "pain_during_max": 2,
        "pain_during_pattern": "steady",
        "pain_after": 1,
    }
    decision = client.post(
        f"/api/runners/{alice.pk}/log/{entry.pk}/checkin", body, content_type=JSON
    ).json()
    assert decision["action"] in {"progress", "hold", "back_off"}
    morning = {"pain": 6, "stiffness": 5, "sleep_hours": 6.5, "stress": 4, "fuelling_ok": True}
    decision = client.post(f"/api/runners/{alice.pk}/morning", morning, content_type=JSON).json()
    assert decision["action"] == "back_off"
    assert decision["reasons"][0]["code"] == "next_morning_above_baseline"
    assert client.get(f"/api/runners/{alice.pk}/decision").json()["action"] == "back_off"
    assert DayEntry.objects.get(runner=alice).fuelling_ok is True


def test_it_rejects_bad_values_with_the_forms_messages(alice: Runner, client: Client) -> None:
    body = {"pain": 11, "stiffness": 1, "sleep_hours": 7, "stress": 1}
    response = client.post(f"/api/runners/{alice.pk}/morning", body, content_type=JSON)
    assert response.status_code == 422
    assert "less than or equal to 10" in response.json()["errors"]["pain"][0]
    assert not DayEntry.objects.exists()


def test_it_rejects_a_body_of_the_wrong_shape(alice: Runner, client: Client) -> None:
    response = client.post(f"/api/runners/{alice.pk}/morning", {"pain": "x"}, content_type=JSON)
    assert response.status_code == 422
    assert not DayEntry.objects.exists()


def test_the_journal_round_trips(alice: Runner, client: Client) -> None:
    day = local_today().isoformat()
    body = {"date": day, "day_pain": 1, "notes": "Easy day."}
    assert (
        client.post(f"/api/runners/{alice.pk}/journal", body, content_type=JSON).status_code == 200
    )
    client.post(f"/api/runners/{alice.pk}/journal", body, content_type=JSON)
    entries = client.get(f"/api/runners/{alice.pk}/journal").json()
    assert [(e["date"], e["day_pain"], e["pain"], e["notes"]) for e in entries] == [
        (day, 1, None, "Easy day.")
    ]


def test_the_journal_refuses_a_field_it_would_not_store(alice: Runner, client: Client) -> None:
    """A morning rating sent to the journal is an error, not silently dropped."""
    body = {"date": local_today().isoformat(), "pain": 1, "notes": "Easy day."}
    response = client.post(f"/api/runners/{alice.pk}/journal", body, content_type=JSON)
    assert response.status_code == 422
    assert "pain" in response.content.decode()
    assert not DayEntry.objects.exists()


def test_the_case_file_and_plan_follow_the_contract(alice: Runner, client: Client) -> None:
    case = client.get(f"/api/runners/{alice.pk}/case-file").json()
    assert case["injury"]["site"] == "achilles"
    assert case["availability"]["minutes_per_day"] == 45
    plan = client.get(f"/api/runners/{alice.pk}/plan?weeks=2").json()
    assert plan["triage"]["status"] == "self_guided"
    assert len(plan["days"]) == 14


def test_a_record_still_in_onboarding_has_no_plan_yet(db: None) -> None:
    from tests.web.conftest import new_runner

    newcomer = new_runner("newcomer", onboarded=False)
    response = client_for(newcomer.user).get(f"/api/runners/{newcomer.pk}/plan")
    assert response.status_code == 409
    assert "onboarding" in response.json()["detail"]


def test_writes_need_the_csrf_token(alice: Runner) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.user)
    url = f"/api/runners/{alice.pk}/journal"
    body = {"date": local_today().isoformat(), "notes": "x"}
    assert client.post(url, body, content_type=JSON).status_code == 403
    token = client.get(f"/r/{alice.pk}/journal/").cookies["csrftoken"].value
    response = client.post(url, body, content_type=JSON, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


def test_the_api_docs_load_nothing_from_a_cdn(client: Client) -> None:
    import re

    page = client.get("/api/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui" in a for a in assets)
    assert all(a.startswith("/static/") for a in assets), assets


def test_a_stored_record_the_engine_cannot_read_is_a_422_naming_the_field(
    alice: Runner,
) -> None:
    Injury.objects.filter(runner=alice).update(site="toe")  # e.g. written by an old version
    response = client_for(alice.user).get(f"/api/runners/{alice.pk}/plan")
    assert response.status_code == 422
    body = response.json()
    assert "injury.site" in body["errors"]
    assert "toe" in body["detail"]


def test_the_decision_before_any_run_has_no_run_date(alice: Runner, client: Client) -> None:
    response = client.get(f"/api/runners/{alice.pk}/decision")
    assert response.status_code == 200
    assert response.json()["run_date"] is None
