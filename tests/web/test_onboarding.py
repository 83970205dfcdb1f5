"""The onboarding wizard: red-flag screen first, then injury, history, wellbeing, availability."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from runback.engine import parse_case
from runback.web.runners.casefile import case_dict
from runback.web.runners.models import Clearance, Injury, Runner
from runback.web.runners.vocabulary import OnboardingStep
from tests.web.conftest import client_for, new_runner

TODAY = timezone.localdate


def _step(runner: Runner, step: str) -> str:
    return reverse("runners:onboarding", args=[runner.pk, step])


INJURY = {
    "site": "achilles",
    "kind": "tendinopathy",
    "bone_stress_risk": "",
    "onset": "",  # filled per test (relative to today)
    "last_run": "",
    "pain_free_run_minutes": "10",
    "pain_rest": "0",
    "pain_walking": "1",
    "stiffness_baseline": "2",
    "aggravators": ["speed", "hills"],
}
HISTORY = {
    "age": "41",
    "sex": "male",
    "weekly_km_before": "35",
    "runs_per_week_before": "4",
    "longest_run_km_before": "15",
    "previous_injuries": "2",
}
WELLBEING = {"sleep_hours": "7", "stress": "4", "fear_of_reinjury": "5", "fuelling_ok": "true"}
AVAILABILITY = {"days": ["mon", "wed", "sat"], "minutes_per_day": "40", "equipment": ["gym"]}


@pytest.fixture
def newcomer(db: None) -> Runner:
    return new_runner("newcomer", onboarded=False)


def _injury(**change: Any) -> dict[str, Any]:
    onset = (TODAY() - dt.timedelta(days=20)).isoformat()
    return {**INJURY, "onset": onset, **change}


def test_it_starts_with_the_safety_check_and_walks_to_today(newcomer: Runner) -> None:
    client = client_for(newcomer.user)
    assert client.get("/")["Location"] == _step(newcomer, "screen")
    answers = [
        ("screen", {"none_apply": "on"}, "injury"),
        ("injury", _injury(), "history"),
        ("history", HISTORY, "wellbeing"),
        ("wellbeing", WELLBEING, "availability"),
    ]
    for step, data, following in answers:
        response = client.post(_step(newcomer, step), data)
        assert response["Location"] == _step(newcomer, following), step
    response = client.post(_step(newcomer, "availability"), AVAILABILITY)
    assert response["Location"] == reverse("runners:today", args=[newcomer.pk])
    newcomer.refresh_from_db()
    assert newcomer.onboarding_step == OnboardingStep.DONE
    assert newcomer.days == ["mon", "wed", "sat"]
    case = case_dict(newcomer, TODAY())
    assert case["availability"] == {
        "days": ["mon", "wed", "sat"],
        "minutes_per_day": 40,
        "equipment": ["gym"],
    }
    assert case["injury"]["aggravators"] == ["speed", "hills"]
    parse_case(case, default_today=TODAY())  # the engine accepts it
    assert client.get(reverse("runners:today", args=[newcomer.pk])).status_code == 200


def test_a_red_flag_stops_on_a_referral_page_with_no_plan(newcomer: Runner) -> None:
    client = client_for(newcomer.user)
    response = client.post(_step(newcomer, "screen"), {"red_flags": ["night_pain"]}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("runners:referral", args=[newcomer.pk])
    page = response.content.decode()
    assert "Please see a clinician before training" in page
    assert "Tell the clinician" in page
    assert "please don&#x27;t" in page.lower() or "please don't" in page.lower()
    assert "Pain at night" in page
    for name in ("today", "plan", "progress", "morning"):
        response = client.get(reverse(f"runners:{name}", args=[newcomer.pk]))
        assert response["Location"] == reverse("runners:referral", args=[newcomer.pk]), name
    assert client.get(_step(newcomer, "injury"))["Location"] == reverse(
        "runners:referral", args=[newcomer.pk]
    )


def test_a_referral_is_not_a_one_click_bypass(newcomer: Runner) -> None:
    client = client_for(newcomer.user)
    client.post(_step(newcomer, "screen"), {"red_flags": ["trauma"]})
    url = reverse("runners:referral", args=[newcomer.pk])
    response = client.post(url)
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.red_flags == ["trauma"]
    assert not Clearance.objects.exists()


def test_a_clinicians_clearance_is_kept_and_the_safety_check_asked_again(
    newcomer: Runner,
) -> None:
    client = client_for(newcomer.user)
    client.post(_step(newcomer, "screen"), {"red_flags": ["trauma"]})
    url = reverse("runners:referral", args=[newcomer.pk])
    today = timezone.localdate().isoformat()
    cleared = {"cleared_by": "physiotherapist", "cleared_on": today, "confirm": "on"}
    response = client.post(url, cleared)
    assert "Name the clinician or practice" in response.content.decode()
    response = client.post(url, cleared | {"clinician_name": "Dr Lind, City Physio"})
    assert response["Location"] == _step(newcomer, "screen")
    clearance = Clearance.objects.get(runner=newcomer)
    assert (clearance.cleared_by, clearance.clinician_name, clearance.red_flags) == (
        "physiotherapist",
        "Dr Lind, City Physio",
        ["trauma"],
    )
    # the same sign answered again refers again
    client.post(_step(newcomer, "screen"), {"red_flags": ["trauma"]})
    newcomer.refresh_from_db()
    assert newcomer.is_referred
    assert client.get(reverse("runners:today", args=[newcomer.pk]))["Location"] == url


def test_a_sign_ticked_by_mistake_can_be_taken_back_only_straight_away(
    newcomer: Runner,
) -> None:
    client = client_for(newcomer.user)
    client.post(_step(newcomer, "screen"), {"red_flags": ["trauma"]})
    url = reverse("runners:referral", args=[newcomer.pk])
    today = timezone.localdate().isoformat()
    mistake = {"cleared_by": "ticked_by_mistake", "cleared_on": today, "confirm": "on"}
    Runner.objects.filter(pk=newcomer.pk).update(screened_at=timezone.now() - dt.timedelta(hours=1))
    response = client.post(url, mistake)
    assert response.status_code == 400
    assert "not one of the available choices" in response.content.decode()
    Runner.objects.filter(pk=newcomer.pk).update(screened_at=timezone.now())
    assert client.post(url, mistake)["Location"] == _step(newcomer, "screen")
    assert Clearance.objects.get().cleared_by == "ticked_by_mistake"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "confirm that none do"),
        ({"red_flags": ["fever_unwell"], "none_apply": "on"}, "untick"),
        ({"red_flags": ["not_a_flag"]}, "not one of the available choices"),
    ],
)
def test_it_rejects_an_unclear_safety_check(
    newcomer: Runner, data: dict[str, Any], message: str
) -> None:
    response = client_for(newcomer.user).post(_step(newcomer, "screen"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.onboarding_step == OnboardingStep.SCREEN


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"onset": "2999-01-01"}, "onset", "cannot be in the future"),
        ({"kind": "bone_stress"}, "bone_stress_risk", "low or high risk"),
        ({"bone_stress_risk": "high"}, "bone_stress_risk", "Only a bone stress injury"),
        ({"pain_rest": "11"}, "pain_rest", "less than or equal to 10"),
        ({"pain_walking": "-1"}, "pain_walking", "greater than or equal to 0"),
        ({"site": "elbow"}, "site", "not one of the available choices"),
        ({"onset": "yesterday"}, "onset", "valid date"),
    ],
)
def test_it_rejects_bad_injury_answers_beside_the_field(
    newcomer: Runner, change: dict[str, str], field: str, message: str
) -> None:
    client = client_for(newcomer.user)
    client.post(_step(newcomer, "screen"), {"none_apply": "on"})
    response = client.post(_step(newcomer, "injury"), _injury(**change))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="{field}-errors"'.encode() in response.content
    assert not Injury.objects.filter(runner=newcomer).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"days": ["mon"]}, "days"),
        ({"days": []}, "days"),
        ({"minutes_per_day": "5"}, "minutes_per_day"),
        ({"minutes_per_day": ""}, "minutes_per_day"),
        ({"equipment": ["spaceship"]}, "equipment"),
    ],
)
def test_it_rejects_bad_availability(newcomer: Runner, change: dict[str, Any], field: str) -> None:
    newcomer.onboarding_step = OnboardingStep.AVAILABILITY
    newcomer.save()
    response = client_for(newcomer.user).post(
        _step(newcomer, "availability"), {**AVAILABILITY, **change}
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    newcomer.refresh_from_db()
    assert newcomer.onboarding_step == OnboardingStep.AVAILABILITY


def test_it_needs_an_age_and_sleep(newcomer: Runner) -> None:
    newcomer.onboarding_step = OnboardingStep.WELLBEING
    newcomer.save()
    client = client_for(newcomer.user)
    response = client.post(_step(newcomer, "history"), {**HISTORY, "age": ""})
    assert "age" in response.context["form"].errors
    response = client.post(_step(newcomer, "wellbeing"), {**WELLBEING, "sleep_hours": "30"})
    assert "sleep_hours" in response.context["form"].errors


def test_it_never_skips_ahead_of_the_safety_check(newcomer: Runner) -> None:
    client = client_for(newcomer.user)
    response = client.post(_step(newcomer, "availability"), AVAILABILITY)
    assert response["Location"] == _step(newcomer, "screen")
    newcomer.refresh_from_db()
    assert newcomer.days == []


def test_an_unknown_step_is_not_found(newcomer: Runner) -> None:
    assert client_for(newcomer.user).get(_step(newcomer, "nonsense")).status_code == 404


def test_a_resubmitted_injury_step_updates_the_one_injury(newcomer: Runner) -> None:
    client = client_for(newcomer.user)
    client.post(_step(newcomer, "screen"), {"none_apply": "on"})
    client.post(_step(newcomer, "injury"), _injury())
    client.post(_step(newcomer, "injury"), _injury(pain_rest="2"))
    assert Injury.objects.filter(runner=newcomer).count() == 1
    assert Injury.objects.get(runner=newcomer).pain_rest == 2


def test_going_back_a_step_keeps_the_wizard_where_it_was(newcomer: Runner) -> None:
    client = client_for(newcomer.user)
    client.post(_step(newcomer, "screen"), {"none_apply": "on"})
    client.post(_step(newcomer, "injury"), _injury())
    client.post(_step(newcomer, "screen"), {"none_apply": "on"})
    newcomer.refresh_from_db()
    assert newcomer.onboarding_step == OnboardingStep.HISTORY


def test_every_wizard_page_shows_the_notice(newcomer: Runner) -> None:
    response = Client().get("/")
    assert b"Not medical advice" in response.content
    response = client_for(newcomer.user).get(_step(newcomer, "screen"))
    assert b"Not medical advice" in response.content
