"""The clinician's actions in the API: notes, steering and alert acknowledgements.

Each route follows its page (tests/web/test_clinic_consent.py, test_clinic_steering.py,
test_clinic_caseload.py): the same roles may call it, the same form checks the input,
and what it writes shows where the page's write shows (the clinician's page, the
engine's answer and the runner's Today, the caseload). Refused or invalid calls write
nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from runback.engine import assess
from runback.engine.steering import Override
from runback.web.clinic.caseload import rows_for
from runback.web.clinic.models import (
    AccessLogEntry,
    AlertAcknowledgement,
    Clinic,
    ClinicianNote,
    ClinicianSteering,
    Membership,
    StaffRole,
)
from runback.web.clinic.overrides import in_force, set_override
from runback.web.runners.casefile import case_dict, case_for
from runback.web.runners.models import AccessGrant, Runner
from runback.web.runners.vocabulary import GrantRole
from runback.web.tokens.models import DataArea, TokenAccess
from tests.web.api_support import EVERY_AREA, call, token_client, token_for
from tests.web.conftest import client_for, make_user, new_runner
from tests.web.steering_support import EVERY_OVERRIDE

PAIN = {"key": "pain_allowance", "pain": 1, "reason": "Keep it quiet while the tendon settles"}
WITHOUT_CLINICIAN = tuple(a for a in EVERY_AREA if a is not DataArea.CLINICIAN)


class Cast:
    """Alice's record, the people around it, and a client for each role."""

    def __init__(self) -> None:
        clinic = Clinic.objects.create(name="Riverside Physio")
        self.alice = new_runner("alice")
        self.bob = new_runner("bob")
        self.staff: dict[str, User] = {}
        for name, role, revoked in (
            ("dana", GrantRole.EDITOR, False),
            ("vera", GrantRole.VIEWER, False),
            ("rex", GrantRole.EDITOR, True),
            ("nina", None, False),  # a clinician Alice never invited
        ):
            user = make_user(name)
            Membership.objects.create(clinic=clinic, user=user, role=StaffRole.CLINICIAN)
            if role is not None:
                AccessGrant.objects.create(
                    runner=self.alice,
                    grantee=user,
                    role=role,
                    revoked=timezone.now() if revoked else None,
                )
            self.staff[name] = user
        self.dana = self.staff["dana"]

    def client(self, role: str) -> Client:
        """A client for ``role``: sessions for people, tokens for the token roles."""
        if role == "anonymous":
            return Client()
        if role == "runner":
            return client_for(self.alice.user)
        if role == "other_runner":
            return client_for(self.bob.user)
        if role == "editor_token":
            return token_client(token_for(self.dana, TokenAccess.WRITE, (DataArea.CLINICIAN,)))
        if role == "token_without_area":
            return token_client(token_for(self.dana, TokenAccess.WRITE, WITHOUT_CLINICIAN))
        if role == "read_only_token":
            return token_client(token_for(self.dana, TokenAccess.READ, EVERY_AREA))
        return client_for(self.staff[ROLE_USERS[role]])


ROLE_USERS = {"editor": "dana", "viewer": "vera", "revoked": "rex", "no_grant": "nina"}
ROLES = (
    "editor",
    "editor_token",
    "viewer",
    "revoked",
    "no_grant",
    "runner",
    "other_runner",
    "anonymous",
    "token_without_area",
    "read_only_token",
)


@pytest.fixture
def cast(db: None) -> Cast:
    return Cast()


def url(runner: Runner, tail: str) -> str:
    return f"/api/v1/runners/{runner.pk}{tail}"


# --- who may call what -----------------------------------------------------------

READ = {"editor": 200, "editor_token": 200, "viewer": 200, "runner": 200, "read_only_token": 200,
        "token_without_area": 403, "anonymous": 401}  # fmt: skip
WRITE = {"editor": 201, "editor_token": 201, "viewer": 403, "runner": 403, "read_only_token": 403,
         "token_without_area": 403, "anonymous": 401}  # fmt: skip
#: (method, path after the runner, body, {role: status}); roles not named get 404.
ROUTES: list[tuple[str, str, dict[str, Any], dict[str, int]]] = [
    ("get", "/notes", {}, READ),
    ("post", "/notes", {"text": "Easy week, please"}, WRITE),
    ("get", "/steering", {}, READ),
    ("post", "/steering", PAIN, WRITE),
    ("delete", "/steering/instruction?reason=Done%20with%20hills", {}, {**WRITE, "editor": 204,
                                                                       "editor_token": 204}),
    ("post", "/alerts/silent/acknowledge", {"note": "Phoned: on holiday"}, WRITE),
]  # fmt: skip


def written(alice: Runner) -> tuple[int, int, int, int]:
    """What the clinician's writes leave: notes, settings in force, all settings, acks."""
    return (
        ClinicianNote.objects.filter(runner=alice).count(),
        len(in_force(alice)),
        ClinicianSteering.objects.filter(runner=alice).count(),
        AlertAcknowledgement.objects.filter(runner=alice).count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=[f"{r[0]} {r[1].split('?')[0]}" for r in ROUTES])
def test_each_route_answers_each_role_as_the_page_does(
    cast: Cast, route: tuple[str, str, dict[str, Any], dict[str, int]], role: str
) -> None:
    method, tail, body, statuses = route
    set_override(cast.alice, Override.INSTRUCTION, {}, "Walk the hills.", cast.dana)
    before = written(cast.alice)
    response = call(cast.client(role), method, url(cast.alice, tail), body)
    want = statuses.get(role, 404)
    assert response.status_code == want, response.content
    if want >= 400 or method == "get":
        assert written(cast.alice) == before  # a refused call writes nothing
    else:
        assert written(cast.alice) != before


def test_a_token_is_told_which_area_or_access_it_lacks(cast: Cast) -> None:
    narrow = cast.client("token_without_area")
    answer = narrow.get(url(cast.alice, "/notes"))
    assert answer.json()["detail"] == (
        "this token does not reach clinician actions: notes, steering, alert acknowledgements"
    )
    read_only = cast.client("read_only_token")
    answer = call(read_only, "post", url(cast.alice, "/notes"), {"text": "x"})
    assert answer.json()["detail"] == "this token may only read"
    runner = client_for(cast.alice.user)
    answer = call(runner, "post", url(cast.alice, "/notes"), {"text": "x"})
    assert answer.json()["detail"] == "notes are for your clinicians to write"


def test_another_runners_record_is_a_404_even_for_an_editor(cast: Cast) -> None:
    editor = client_for(cast.dana)
    for method, tail, body, _ in ROUTES:
        assert call(editor, method, url(cast.bob, tail), body).status_code == 404, tail
    assert written(cast.bob) == (0, 0, 0, 0)


def test_each_call_lands_in_the_runners_access_log(cast: Cast) -> None:
    set_override(cast.alice, Override.INSTRUCTION, {}, "Walk the hills.", cast.dana)
    editor = client_for(cast.dana)
    for method, tail, body, _ in ROUTES:
        before = AccessLogEntry.objects.filter(runner=cast.alice, actor=cast.dana).count()
        response = call(editor, method, url(cast.alice, tail), body)
        assert response.status_code < 300, (tail, response.content)
        rows = AccessLogEntry.objects.filter(runner=cast.alice, actor=cast.dana, object_repr=str(
            cast.alice)).order_by("-pk")  # fmt: skip
        assert AccessLogEntry.objects.filter(runner=cast.alice, actor=cast.dana).count() > before
        reach = rows.first()
        assert reach is not None
        assert reach.additional_data["path"] == url(cast.alice, tail.split("?")[0])
        assert reach.additional_data["write"] is (method != "get")


# --- notes ------------------------------------------------------------------------


def test_a_note_written_by_api_is_on_the_clinicians_page(cast: Cast) -> None:
    editor = client_for(cast.dana)
    notes = url(cast.alice, "/notes")
    answer = call(editor, "post", notes, {"text": "Easy week, please"})
    assert answer.status_code == 201
    assert answer.json()["author"] == "dana"
    assert answer.json()["private"] is False
    call(editor, "post", notes, {"text": "Watch the calf", "private": True})
    page = editor.get(reverse("clinic:runner", args=[cast.alice.pk])).content.decode()
    assert "Easy week, please" in page
    assert "Watch the calf" in page
    listed = client_for(cast.staff["vera"]).get(notes)
    assert [n["text"] for n in listed.json()] == ["Watch the calf", "Easy week, please"]
    assert listed["X-Total-Count"] == "2"


def test_the_runner_reads_only_the_notes_the_page_shows_them(cast: Cast) -> None:
    editor = client_for(cast.dana)
    notes = url(cast.alice, "/notes")
    call(editor, "post", notes, {"text": "Keep walks short"})
    call(editor, "post", notes, {"text": "Suspect she overdoes it", "private": True})
    own = client_for(cast.alice.user)
    assert [n["text"] for n in own.get(notes).json()] == ["Keep walks short"]
    page = own.get(reverse("clinic:runner", args=[cast.alice.pk])).content.decode()
    assert "Keep walks short" in page
    assert "Suspect she overdoes it" not in page


@pytest.mark.parametrize(
    "body",
    [{"text": ""}, {"text": "   "}, {"text": "x" * 4001}, {}, {"text": "x", "author": "mallory"}],
    ids=["empty", "blank", "too long", "no text", "unknown field"],
)
def test_a_bad_note_is_a_422_and_nothing_is_written(cast: Cast, body: dict[str, Any]) -> None:
    answer = call(client_for(cast.dana), "post", url(cast.alice, "/notes"), body)
    assert answer.status_code == 422, answer.content
    assert not ClinicianNote.objects.exists()


def test_a_bad_note_names_the_field(cast: Cast) -> None:
    answer = call(client_for(cast.dana), "post", url(cast.alice, "/notes"), {"text": "x" * 4001})
    assert answer.json()["errors"] == {
        "text": ["Ensure this value has at most 4000 characters (it has 4001)."]
    }


# --- steering ---------------------------------------------------------------------


def today_html(runner: Runner) -> str:
    response = client_for(runner.user).get(reverse("runners:today", args=[runner.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_steering_set_by_api_changes_the_engines_answer_and_today(cast: Cast) -> None:
    editor = client_for(cast.dana)
    steering = url(cast.alice, "/steering")
    assert editor.get(steering).json() == []
    assert "From your clinician" not in today_html(cast.alice)

    answer = call(editor, "post", steering, PAIN)
    assert answer.status_code == 201, answer.content
    out = answer.json()
    assert (out["key"], out["value"], out["reason"], out["set_by"]) == (
        "pain_allowance", {"value": 1}, PAIN["reason"], "dana"
    )  # fmt: skip
    assert out["summary"] == "up to 1/10"

    assert assess(case_for(cast.alice, timezone.localdate())).allowed_pain == 1
    page = today_html(cast.alice)
    assert "Your clinician dana set the pain allowed while running to 1/10: " in page
    assert PAIN["reason"] in page
    listed = client_for(cast.alice.user).get(steering).json()
    assert [(s["key"], s["reason"], s["set_by"]) for s in listed] == [
        ("pain_allowance", PAIN["reason"], "dana")
    ]
    assert listed[0]["set_at"]
    clinician_page = editor.get(reverse("clinic:runner", args=[cast.alice.pk])).content.decode()
    assert PAIN["reason"] in clinician_page


def test_setting_again_by_api_keeps_the_history(cast: Cast) -> None:
    editor = client_for(cast.dana)
    steering = url(cast.alice, "/steering")
    call(editor, "post", steering, PAIN)
    call(editor, "post", steering, {**PAIN, "pain": 2, "reason": "Settled nicely"})
    rows = list(ClinicianSteering.objects.filter(runner=cast.alice).order_by("pk"))
    assert [(r.value["value"], r.ended is None) for r in rows] == [(1, False), (2, True)]
    assert rows[0].ended_reason == "set again"
    assert [s["reason"] for s in editor.get(steering).json()] == ["Settled nicely"]


@pytest.mark.parametrize(("body", "engine_key", "expected"), EVERY_OVERRIDE)
def test_every_override_set_by_api_reaches_the_case_file(
    cast: Cast, body: dict[str, Any], engine_key: str, expected: dict[str, Any]
) -> None:
    answer = call(
        client_for(cast.dana), "post", url(cast.alice, "/steering"), {**body, "reason": "seen"}
    )
    assert answer.status_code == 201, answer.content
    block = case_dict(cast.alice, timezone.localdate())["clinician"]
    assert block[engine_key] == {**expected, "reason": "seen"}


def test_an_instruction_by_api_is_said_on_today(cast: Cast) -> None:
    body = {"key": "instruction", "reason": "Walk the hills this week."}
    answer = call(client_for(cast.dana), "post", url(cast.alice, "/steering"), body)
    assert answer.status_code == 201
    assert "Your clinician dana says: Walk the hills this week." in today_html(cast.alice)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"key": "pain_allowance", "pain": 9, "reason": "x"}, "pain"),
        ({"key": "pain_allowance", "reason": "no value"}, "pain"),
        ({"key": "weekly_run_minutes", "minutes": 5, "reason": "x"}, "minutes"),
        ({"key": "phase", "phase": "return", "reason": "no mode"}, "phase_mode"),
        ({"key": "exercises", "reason": "names nothing"}, "__all__"),
        ({"key": "exercises", "exclude": ["handstand"], "reason": "x"}, "exclude"),
        ({"key": "pathway", "pathway": "persistent", "reason": ""}, "reason"),
        ({"key": "pathway", "pathway": "persistent", "reason": "   "}, "reason"),
        ({"key": "pathway", "pathway": "persistent"}, "reason"),
        ({"key": "cleared_to_run", "reason": "the clearance form records it"}, "key"),
        ({"key": "pain_allowance", "pain": 1, "reason": "x" * 1001}, "reason"),
    ],
)
def test_a_bad_override_is_a_422_naming_the_problem_and_nothing_is_stored(
    cast: Cast, body: dict[str, Any], field: str
) -> None:
    answer = call(client_for(cast.dana), "post", url(cast.alice, "/steering"), body)
    assert answer.status_code == 422, answer.content
    problem = answer.json()
    if "errors" in problem:  # the page's form said no
        assert field in problem["errors"], problem
    else:  # the body's shape: pydantic's list of problems
        assert any(field in p["loc"] for p in problem["detail"]), problem
    assert not ClinicianSteering.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"key": "nonsense", "reason": "x"},
        {"key": "pathway", "pathway": "sideways", "reason": "x"},
        {"key": "instruction", "reason": "x", "value": 3},
    ],
    ids=["unknown key", "unknown pathway", "unknown field"],
)
def test_a_body_of_the_wrong_shape_is_a_422(cast: Cast, body: dict[str, Any]) -> None:
    answer = call(client_for(cast.dana), "post", url(cast.alice, "/steering"), body)
    assert answer.status_code == 422
    assert not ClinicianSteering.objects.exists()


def test_lifting_by_api_needs_a_reason_and_ends_the_override(cast: Cast) -> None:
    editor = client_for(cast.dana)
    call(editor, "post", url(cast.alice, "/steering"), PAIN)
    lift = url(cast.alice, "/steering/pain_allowance")
    for query, field in (("", "reason"), ("?reason=%20%20", "reason"), ("?reason=" + "x" * 501,
                                                                        "reason")):  # fmt: skip
        answer = editor.delete(lift + query)
        assert answer.status_code == 422
        assert list(answer.json()["errors"]) == [field]
        assert in_force(cast.alice)
    version = Runner.objects.get(pk=cast.alice.pk).data_version
    assert editor.delete(lift + "?reason=Pain-free%20for%20two%20weeks").status_code == 204
    row = ClinicianSteering.objects.get(runner=cast.alice)
    assert (row.ended is not None, row.ended_by_name, row.ended_reason) == (
        True, "dana", "Pain-free for two weeks"
    )  # fmt: skip
    assert Runner.objects.get(pk=cast.alice.pk).data_version > version
    assert editor.get(url(cast.alice, "/steering")).json() == []
    assert "clinician" not in case_dict(cast.alice, timezone.localdate())
    assert PAIN["reason"] not in today_html(cast.alice)
    again = editor.delete(lift + "?reason=again")
    assert again.status_code == 404
    assert again.json()["detail"] == "nothing is set for pain_allowance"


@pytest.mark.parametrize("key", ["nonsense", "cleared_to_run"])
def test_lifting_an_unknown_override_is_a_404_naming_the_keys(cast: Cast, key: str) -> None:
    answer = client_for(cast.dana).delete(url(cast.alice, f"/steering/{key}?reason=x"))
    assert answer.status_code == 404
    assert answer.json()["detail"].startswith(f"no override is called '{key}': one of pathway, ")


# --- alert acknowledgements ------------------------------------------------------


def caseload_alerts(client: Client, runner: Runner) -> list[str]:
    rows = client.get("/api/v1/clinic/caseload").json()
    return [a["kind"] for r in rows if r["runner_id"] == runner.pk for a in r["alerts"]]


def test_an_acknowledged_alert_is_quiet_on_the_caseload(cast: Cast) -> None:
    editor = client_for(cast.dana)
    assert "silent" in caseload_alerts(editor, cast.alice)  # no check-in yet
    ack = url(cast.alice, "/alerts/silent/acknowledge")
    answer = call(editor, "post", ack, {"note": "Phoned: on holiday"})
    assert answer.status_code == 201, answer.content
    assert (answer.json()["kind"], answer.json()["acknowledged_by"]) == ("silent", "dana")
    assert "silent" not in caseload_alerts(editor, cast.alice)
    assert "silent" not in [a.kind for r in rows_for(cast.dana, timezone.localdate())
                            for a in r.alerts]  # fmt: skip
    page = editor.get(reverse("clinic:runner", args=[cast.alice.pk])).content.decode()
    assert "Phoned: on holiday" in page


def test_an_acknowledgement_needs_no_note(cast: Cast) -> None:
    answer = call(client_for(cast.dana), "post", url(cast.alice, "/alerts/flare/acknowledge"), {})
    assert answer.status_code == 201
    assert AlertAcknowledgement.objects.get().note == ""


@pytest.mark.parametrize("kind", ["nonsense", "SILENT", "x" * 40])
def test_an_unknown_alert_is_a_404_naming_the_kinds(cast: Cast, kind: str) -> None:
    answer = call(client_for(cast.dana), "post", url(cast.alice, f"/alerts/{kind}/acknowledge"), {})
    assert answer.status_code == 404
    assert answer.json()["detail"] == (
        f"no alert is called {kind!r}: one of "
        "referral, stalled, gate_failed, flare, load_spike, back_offs, silent"
    )
    assert not AlertAcknowledgement.objects.exists()


@pytest.mark.parametrize(
    "body", [{"note": "x" * 2001}, {"note": "x", "kind": "silent"}], ids=["long", "unknown field"]
)
def test_a_bad_acknowledgement_is_a_422(cast: Cast, body: dict[str, Any]) -> None:
    ack = url(cast.alice, "/alerts/silent/acknowledge")
    answer = call(client_for(cast.dana), "post", ack, body)
    assert answer.status_code == 422
    assert not AlertAcknowledgement.objects.exists()


# --- one service for pages and API ----------------------------------------------


def test_the_pages_still_write_through_the_same_services(cast: Cast) -> None:
    editor = client_for(cast.dana)
    alice = cast.alice
    editor.post(reverse("clinic:add_note", args=[alice.pk]), {"text": "From the page"})
    editor.post(reverse("clinic:acknowledge", args=[alice.pk]), {"kind": "silent", "note": "ok"})
    editor.post(reverse("clinic:steer", args=[alice.pk]), {**PAIN, "pain": "1"})
    api = client_for(cast.dana)
    assert [n["text"] for n in api.get(url(alice, "/notes")).json()] == ["From the page"]
    assert [s["key"] for s in api.get(url(alice, "/steering")).json()] == ["pain_allowance"]
    assert AlertAcknowledgement.objects.get().by_name == "dana"
    assert (
        client_for(alice.user)
        .post(reverse("clinic:acknowledge", args=[alice.pk]), {"kind": "silent"})
        .status_code
        == 403
    )
