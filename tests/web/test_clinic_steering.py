"""Steering: an editor's overrides are kept with their history, reach the engine through
the case file, and the runner reads each reason on Today. Editors only."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from runback.engine import TriageStatus, assess
from runback.web.clinic.models import (
    AccessLogEntry,
    Clinic,
    ClinicianSteering,
    Membership,
    StaffRole,
)
from runback.web.clinic.overrides import in_force
from runback.web.runners.casefile import case_dict, case_for
from runback.web.runners.models import AccessGrant, Runner
from runback.web.runners.vocabulary import GrantRole
from tests.web.conftest import client_for, make_user, new_runner
from tests.web.steering_support import EVERY_OVERRIDE

PAIN = {"key": "pain_allowance", "pain": "1", "reason": "Keep it quiet while the tendon settles"}


@pytest.fixture
def clinic(db: None) -> Clinic:
    return Clinic.objects.create(name="Riverside Physio")


def staff(clinic: Clinic, runner: Runner, name: str, role: GrantRole) -> User:
    user = make_user(name)
    Membership.objects.create(clinic=clinic, user=user, role=StaffRole.CLINICIAN)
    AccessGrant.objects.create(runner=runner, grantee=user, role=role)
    return user


@pytest.fixture
def dana(alice: Runner, clinic: Clinic) -> Client:
    """An editor of Alice's record."""
    return client_for(staff(clinic, alice, "dana", GrantRole.EDITOR))


def steer(client: Client, runner: Runner, data: dict[str, Any]) -> Any:
    return client.post(reverse("clinic:steer", args=[runner.pk]), data)


def today_html(runner: Runner) -> str:
    response = client_for(runner.user).get(reverse("runners:today", args=[runner.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_editors_override_reaches_the_engine_and_the_runners_today(
    alice: Runner, dana: Client
) -> None:
    assert "From your clinician" not in today_html(alice)
    response = steer(dana, alice, PAIN)
    assert response.status_code == 302
    row = ClinicianSteering.objects.get(runner=alice)
    assert (row.key, row.value, row.set_by_name) == ("pain_allowance", {"value": 1}, "dana")

    day = timezone.localdate()
    block = case_dict(alice, day)["clinician"]
    assert block == {
        "pain_allowance": {"value": 1, "reason": PAIN["reason"]},
        "name": "dana",
    }
    answer = assess(case_for(alice, day))
    assert answer.allowed_pain == 1

    page = today_html(alice)
    assert "From your clinician" in page
    assert "Your clinician dana set the pain allowed while running to 1/10: " in page
    assert PAIN["reason"] in page
    assert "up to 1/10" in page  # the Today header reads the engine's allowance
    assert page.count(PAIN["reason"]) == 1  # said once, in its own card

    # The API's plan (the same engine answer) carries it too.
    plan = client_for(alice.user).get(f"/api/v1/runners/{alice.pk}/plan?weeks=1").json()
    assert "clinician_pain_allowance" in {r["code"] for r in plan["reasons"]}
    assert plan["allowed_pain"] == 1


def test_setting_again_keeps_the_history_and_lifting_ends_it(alice: Runner, dana: Client) -> None:
    steer(dana, alice, PAIN)
    steer(dana, alice, {**PAIN, "pain": "2", "reason": "Settled nicely"})
    rows = list(ClinicianSteering.objects.filter(runner=alice).order_by("pk"))
    assert [r.value["value"] for r in rows] == [1, 2]
    assert rows[0].ended is not None
    assert rows[0].ended_by_name == "dana"
    assert rows[0].ended_reason == "set again"
    assert rows[1].ended is None
    assert [r.pk for r in in_force(alice)] == [rows[1].pk]
    page = dana.get(reverse("clinic:runner", args=[alice.pk])).content.decode()
    assert "Settled nicely" in page
    assert "Earlier settings" in page

    version = Runner.objects.get(pk=alice.pk).data_version
    response = dana.post(
        reverse("clinic:lift_steering", args=[alice.pk, "pain_allowance"]),
        {"why": "Pain-free for two weeks"},
    )
    assert response.status_code == 302
    assert ClinicianSteering.objects.get(pk=rows[1].pk).ended_reason == "Pain-free for two weeks"
    assert Runner.objects.get(pk=alice.pk).data_version > version  # Today is built afresh
    assert ClinicianSteering.objects.filter(runner=alice).count() == 2  # nothing deleted
    assert not in_force(alice)
    assert "clinician" not in case_dict(alice, timezone.localdate())
    assert "From your clinician" not in today_html(alice)


@pytest.mark.parametrize(("data", "engine_key", "expected"), EVERY_OVERRIDE)
def test_every_override_lands_in_the_case_file_and_the_engine_reads_it(
    alice: Runner, dana: Client, data: dict[str, Any], engine_key: str, expected: dict[str, Any]
) -> None:
    assert steer(dana, alice, {**data, "reason": "seen today"}).status_code == 302
    block = case_dict(alice, timezone.localdate())["clinician"]
    assert block[engine_key] == {**expected, "reason": "seen today"}
    codes = {r.code for r in assess(case_for(alice, timezone.localdate())).reasons}
    assert any(code.startswith("clinician_") for code in codes)


def test_an_instruction_is_said_on_today_in_the_clinicians_words(
    alice: Runner, dana: Client
) -> None:
    steer(dana, alice, {"key": "instruction", "reason": "Walk the hills this week."})
    assert case_dict(alice, timezone.localdate())["clinician"]["instruction"] == {
        "text": "Walk the hills this week."
    }
    assert "Your clinician dana says: Walk the hills this week." in today_html(alice)


@pytest.mark.parametrize(
    "data",
    [
        {"key": "pain_allowance", "pain": "9", "reason": "x"},
        {"key": "pain_allowance", "reason": "no value"},
        {"key": "weekly_run_minutes", "minutes": "5", "reason": "x"},
        {"key": "phase", "phase": "return", "reason": "no mode"},
        {"key": "exercises", "reason": "names nothing"},
        {"key": "exercises", "exclude": ["handstand"], "reason": "x"},
        {"key": "pathway", "pathway": "persistent", "reason": ""},
        {"key": "cleared_to_run", "reason": "the clearance form records it"},
    ],
)
def test_a_bad_override_is_refused_and_nothing_is_stored(
    alice: Runner, dana: Client, data: dict[str, str]
) -> None:
    response = steer(dana, alice, data)
    assert response.status_code == 302
    assert not ClinicianSteering.objects.exists()
    page = dana.get(reverse("clinic:runner", args=[alice.pk])).content.decode()
    assert "Nothing was changed" in page


def test_viewers_strangers_and_the_runner_cannot_steer(
    alice: Runner, bob: Runner, clinic: Clinic
) -> None:
    viewer = client_for(staff(clinic, alice, "vera", GrantRole.VIEWER))
    assert steer(viewer, alice, PAIN).status_code == 403
    assert steer(client_for(bob.user), alice, PAIN).status_code == 404
    assert steer(client_for(make_user("stranger")), alice, PAIN).status_code == 404
    assert steer(client_for(alice.user), alice, PAIN).status_code == 403
    revoked = staff(clinic, alice, "rex", GrantRole.EDITOR)
    AccessGrant.objects.filter(grantee=revoked).update(revoked=timezone.now())
    assert steer(client_for(revoked), alice, PAIN).status_code == 404
    assert not ClinicianSteering.objects.exists()
    # A viewer sees what is set, but no form and no lift button.
    editor = client_for(staff(clinic, alice, "dana", GrantRole.EDITOR))
    steer(editor, alice, PAIN)
    page = viewer.get(reverse("clinic:runner", args=[alice.pk])).content.decode()
    assert PAIN["reason"] in page
    assert 'id="steering-form"' not in page
    assert "Lift" not in page
    lift = reverse("clinic:lift_steering", args=[alice.pk, "pain_allowance"])
    assert viewer.post(lift).status_code == 403
    assert in_force(alice)


def test_no_override_lifts_a_referral(alice: Runner, dana: Client) -> None:
    steer(dana, alice, {"key": "phase", "phase_mode": "advance", "phase": "integrate",
                        "reason": "looks strong"})  # fmt: skip
    steer(dana, alice, {"key": "weekly_run_minutes", "minutes": "300", "reason": "go"})
    alice.red_flags = ["night_pain"]
    alice.save()
    answer = assess(case_for(alice, timezone.localdate()))
    assert answer.triage.status is TriageStatus.REFER
    assert all(not s.has_running for d in answer.week for s in d.sessions)
    response = client_for(alice.user).get(reverse("runners:today", args=[alice.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("runners:referral", args=[alice.pk])


def test_a_clinicians_clearance_note_is_said_with_the_go_ahead(alice: Runner, dana: Client) -> None:
    dana.post(
        reverse("clinic:clear", args=[alice.pk]),
        {"cleared_by": "physiotherapist", "note": "Hop test passed: run/walk from Monday"},
    )
    block = case_dict(alice, timezone.localdate())["clinician"]
    assert block["cleared_to_run"] == {"reason": "Hop test passed: run/walk from Monday"}
    codes = {r.code for r in assess(case_for(alice, timezone.localdate())).reasons}
    assert "clinician_cleared_to_run" in codes


def test_steering_is_in_the_access_log_and_the_data_export(alice: Runner, dana: Client) -> None:
    steer(dana, alice, PAIN)
    rows = AccessLogEntry.objects.filter(runner=alice, object_repr__contains="set by dana")
    assert rows.exists()  # auditlog's change row for the setting, tied to Alice
    writes = [
        e
        for e in AccessLogEntry.objects.filter(runner=alice)
        if e.additional_data and e.additional_data.get("write")
    ]
    assert any(e.additional_data["path"].endswith("/steering/") for e in writes)
    response = client_for(alice.user).get(reverse("exports:my_data"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    tables = json.loads(archive.read("runback-export/record.json"))["tables"]
    assert tables["clinic.cliniciansteering"][0]["reason"] == PAIN["reason"]


def test_only_one_setting_per_override_is_in_force(alice: Runner, dana: Client) -> None:
    from django.db import IntegrityError, transaction

    steer(dana, alice, PAIN)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClinicianSteering.objects.create(
            runner=alice, key="pain_allowance", value={"value": 4}, reason="sneaked in",
            set_by_name="mallory",
        )  # fmt: skip
    other = new_runner("carol")
    assert not in_force(other)


def test_revoking_a_clinicians_access_lifts_what_they_set(
    alice: Runner, clinic: Clinic, dana: Client
) -> None:
    steer(dana, alice, PAIN)
    erin = client_for(staff(clinic, alice, "erin", GrantRole.EDITOR))
    steer(erin, alice, {"key": "instruction", "reason": "Walk the hills."})
    grant = AccessGrant.objects.get(runner=alice, grantee__username="dana")
    response = client_for(alice.user).post(reverse("clinic:revoke", args=[grant.pk]))
    assert response.status_code == 302
    assert [row.key for row in in_force(alice)] == ["instruction"]  # erin's stays
    ended = ClinicianSteering.objects.get(runner=alice, key="pain_allowance")
    assert ended.ended is not None
    assert ended.ended_by_name == "alice"
    assert ended.ended_reason == "access to the record ended"
    page = today_html(alice)
    assert PAIN["reason"] not in page
    assert "Walk the hills." in page
