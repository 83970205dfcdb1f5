"""Who may do what: every URL and every API route x every role x own or other record.

The page routes are read from the URLconf and the API's operations from its OpenAPI
document, so a new URL or route without a row here fails
:func:`test_every_page_route_has_a_row` or :func:`test_every_api_route_has_a_row`.
The roles: anonymous, the runner (Alice), another runner (Bob), a viewer, an editor,
a clinician whose grant was revoked, a clinic admin without a grant, and the site
admin (a superuser: no way into a runner's record either). Every route that names a
record is asked for Alice's record and for Bob's (whose grants go to nobody), so each
role meets both a record it may reach and one it may not.

Each cell runs inside a savepoint that is rolled back, so one role's write (a
revoked grant, a deleted activity) does not change what the next role meets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from runback.engine.capacity import BATTERY, load_library
from runback.engine.steering import Override
from runback.web.api import api_v1
from runback.web.capacity.assessment_forms import ASSESSMENT_FORMS
from runback.web.clinic.models import (
    Clinic,
    ClinicianSteering,
    Invitation,
    InvitationKind,
    Membership,
    StaffRole,
)
from runback.web.exports.models import CalendarFeed
from runback.web.runners.models import AccessGrant, LogEntry, Runner
from runback.web.runners.vocabulary import GrantRole
from runback.web.tokens import keys
from runback.web.tokens.models import DataArea, TokenAccess
from tests.web.api_support import call, imported_activity
from tests.web.conftest import client_for, make_user, new_runner
from tests.web.files_support import media

__all__ = ["media"]  # the fixture: uploaded files go to a throwaway folder

ROLES = (
    "anonymous",
    "runner",
    "other",
    "viewer",
    "editor",
    "revoked",
    "clinic_admin",
    "site_admin",
)
#: Whose record a route is asked about: Alice's (shared) or Bob's (shared with nobody).
TARGETS = ("alice", "bob")


class Cast:
    def __init__(self) -> None:
        self.clinic = Clinic.objects.create(name="Riverside Physio")
        self.alice = new_runner("alice")
        self.bob = new_runner("bob")
        self.users: dict[str, User | None] = {
            "anonymous": None,
            "runner": self.alice.user,
            "other": self.bob.user,
            "site_admin": User.objects.create_superuser("ops", "ops@example.org", "x"),
        }
        for role, grant in (("viewer", GrantRole.VIEWER), ("editor", GrantRole.EDITOR),
                            ("revoked", GrantRole.EDITOR)):  # fmt: skip
            user = make_user(role)
            Membership.objects.create(clinic=self.clinic, user=user, role=StaffRole.CLINICIAN)
            AccessGrant.objects.create(
                runner=self.alice, grantee=user, role=grant,
                revoked=timezone.now() if role == "revoked" else None,
            )  # fmt: skip
            self.users[role] = user
        boss = make_user("boss")
        Membership.objects.create(clinic=self.clinic, user=boss, role=StaffRole.ADMIN)
        self.users["clinic_admin"] = boss
        self.grant = AccessGrant.objects.get(runner=self.alice, grantee=self.users["editor"])
        self.invitation = Invitation.objects.create(
            kind=InvitationKind.RUNNER_TO_CLINICIAN, invited_by=self.alice.user, runner=self.alice
        )
        self.records: dict[str, Records] = {}
        self.target = self.of("alice")
        self.clients: dict[str, Client] = {}

    def client(self, role: str) -> Client:
        if role not in self.clients:
            user = self.users[role]
            self.clients[role] = Client() if user is None else client_for(user)
        return self.clients[role]

    def of(self, target: str) -> Records:
        """The rows of ``target``'s record the routes need (made once)."""
        if target not in self.records:
            self.records[target] = Records(self.alice if target == "alice" else self.bob)
        return self.records[target]


class Records:
    """One record's rows that routes name: a run, a lift, an import, a token, a feed."""

    def __init__(self, runner: Runner) -> None:
        today = timezone.localdate()
        self.runner = runner
        self.run = LogEntry.objects.create(
            runner=runner, date=today, slot=5, kind="run", run_minutes=10
        )
        exercise = load_library().exercises[0]
        dose = {"name": exercise.name, "sets": 3, "reps": 8, "load": "heavy", "rest_s": 120,
                "exercise": exercise.id}  # fmt: skip
        self.lift = LogEntry.objects.create(
            runner=runner, date=today, slot=6, kind="strength",
            planned={"kind": "strength", "why": "capacity", "exercises": [dose]},
        )  # fmt: skip
        self.activity = imported_activity(runner)
        self.activity.upload.file.save(f"run-{runner.pk}.fit", ContentFile(b"fit bytes"))
        self.batch_id = self.activity.upload.batch_id
        self.upload_id = self.activity.upload_id
        self.token = keys.issue(
            runner.user, "t", TokenAccess.READ, (DataArea.RECORD,), dt.timedelta(days=9)
        ).token
        self.feed = CalendarFeed.objects.create(runner=runner)
        # An override in force, so that lifting it is the route's own answer.
        ClinicianSteering.objects.create(
            runner=runner, key=Override.INSTRUCTION, reason="Walk the hills.", set_by_name="sam"
        )


LOGIN = "login"
#: The view ran (a page, a redirect onwards, or a form's own complaint), as opposed to
#: being refused: any of these statuses, and never a redirect to sign in.
OK = "ok"
OK_CODES = frozenset({200, 201, 202, 204, 302, 400, 409, 422})
# (route name, method, kwargs builder, {role: expected}); roles not named expect ``other``.
Row = tuple[str, str, Callable[[Cast], dict[str, object]], dict[str, object]]
RUNNER = lambda c: {"runner_id": c.target.runner.pk}  # noqa: E731
NONE = lambda c: {}  # noqa: E731
SIGNED_IN_OK = {"anonymous": LOGIN}
MATRIX: list[Row] = [
    ("clinic:home", "get", NONE, {"anonymous": LOGIN, "runner": 302, "other": 302,
                                  "site_admin": 302, "viewer": 200, "editor": 200,
                                  "revoked": 200, "clinic_admin": 200}),
    ("clinic:share", "post", NONE, {"anonymous": LOGIN, "*": 302}),
    ("clinic:ask", "post", NONE, {"anonymous": LOGIN, "runner": 403, "other": 403,
                                  "site_admin": 403, "clinic_admin": 403, "*": 302}),
    ("clinic:join", "get", NONE, {"anonymous": LOGIN, "*": 200}),
    ("clinic:invitation", "get", lambda c: {"code": c.invitation.code},
     {"anonymous": LOGIN, "*": 200}),
    ("clinic:revoke", "post", lambda c: {"grant_id": c.grant.pk},
     {"anonymous": LOGIN, "runner": 302, "editor": 302, "*": 404}),
    ("clinic:cancel", "post", lambda c: {"invitation_id": c.invitation.pk},
     {"anonymous": LOGIN, "runner": 302, "*": 404}),
    ("clinic:access_log", "get", NONE, {"anonymous": LOGIN, "*": 200}),
    ("clinic:clinic_admin", "get", lambda c: {"clinic_id": c.clinic.pk},
     {"anonymous": LOGIN, "clinic_admin": 200, "*": 404}),
    ("clinic:runner", "get", RUNNER, {"anonymous": LOGIN, "runner": 200, "viewer": 200,
                                      "editor": 200, "*": 404}),
    ("clinic:add_note", "post", RUNNER, {"anonymous": LOGIN, "runner": 403, "viewer": 403,
                                         "editor": 302, "*": 404}),
    ("clinic:clear", "post", RUNNER, {"anonymous": LOGIN, "runner": 403, "viewer": 403,
                                      "editor": 302, "*": 404}),
    ("clinic:acknowledge", "post", RUNNER, {"anonymous": LOGIN, "runner": 403, "viewer": 403,
                                            "editor": 302, "*": 404}),
    ("clinic:steer", "post", RUNNER, {"anonymous": LOGIN, "runner": 403, "viewer": 403,
                                      "editor": 302, "*": 404}),
    ("clinic:lift_steering", "post", lambda c: {"runner_id": c.alice.pk, "key": "phase"},
     {"anonymous": LOGIN, "runner": 403, "viewer": 403, "editor": 302, "*": 404}),
    ("clinic:two_factor_setup", "get", NONE, {"anonymous": LOGIN, "*": 200}),
    ("clinic:two_factor_verify", "get", NONE, {"anonymous": LOGIN, "*": 200}),
]  # fmt: skip
BODIES = {
    "clinic:share": {"role": "viewer"},
    "clinic:ask": {"role": "viewer"},
    "clinic:add_note": {"text": "hello"},
    "clinic:clear": {"cleared_by": "doctor"},
    "clinic:acknowledge": {"kind": "referral", "note": "phoned her GP"},
    "clinic:steer": {"key": "instruction", "reason": "Walk the hills."},
}


#: A route of a runner's record: the runner and their grantees read it.
READ = {"anonymous": LOGIN, "runner": OK, "viewer": OK, "editor": OK, "*": 404}
#: A write to a runner's record: a viewer's grant is read-only.
WRITE = {"anonymous": LOGIN, "runner": OK, "viewer": 403, "editor": OK, "*": 404}
#: The signed-in user's own things (activities, tokens, exports): nobody else's.
OWN = {"anonymous": LOGIN, "runner": OK, "*": 404}
SIGNED_IN = {"anonymous": LOGIN, "*": OK}
PUBLIC = {"*": OK}
ENTRY = lambda c: {"runner_id": c.target.runner.pk, "entry_id": c.target.run.pk}  # noqa: E731
LIFT = lambda c: {"runner_id": c.target.runner.pk, "entry_id": c.target.lift.pk}  # noqa: E731
SLOT = lambda c: {"runner_id": c.target.runner.pk, "slot": 0}  # noqa: E731
ACTIVITY = lambda c: {"pk": c.target.activity.pk}  # noqa: E731
TODAY = lambda c: {"day": timezone.localdate().isoformat(), "slot": 0}  # noqa: E731
MATRIX += [
    ("runners:home", "get", NONE, {"anonymous": 200, "*": 302}),
    ("runners:onboarding", "get", lambda c: {**RUNNER(c), "step": "screen"}, READ),
    ("runners:referral", "get", RUNNER, READ),
    ("runners:clearance", "get", RUNNER, READ),
    ("runners:clearance", "post", RUNNER, WRITE),
    ("runners:today", "get", RUNNER, READ),
    ("runners:log_session", "post", SLOT, WRITE),
    ("runners:skip_session", "post", SLOT, WRITE),
    ("runners:unplanned_run", "get", RUNNER, READ),
    ("runners:unplanned_run", "post", RUNNER, WRITE),
    ("runners:run_checkin", "get", ENTRY, READ),
    ("runners:run_checkin", "post", ENTRY, WRITE),
    ("runners:strength_log", "post", LIFT, WRITE),
    ("runners:morning", "get", RUNNER, READ),
    ("runners:morning", "post", RUNNER, WRITE),
    ("runners:journal", "get", RUNNER, READ),
    ("runners:journal", "post", RUNNER, WRITE),
    ("runners:plan", "get", RUNNER, READ),
    ("runners:progress", "get", RUNNER, READ),
    ("capacity:tests", "get", RUNNER, READ),
    ("capacity:record", "post", lambda c: {**RUNNER(c), "name": BATTERY[0].name.value}, WRITE),
    ("capacity:self_checks", "get", RUNNER, READ),
    ("capacity:self_check", "post",
     lambda c: {**RUNNER(c), "kind": next(iter(ASSESSMENT_FORMS))}, WRITE),
    ("capacity:lifts", "get", LIFT, READ),
    ("capacity:lifts", "post", LIFT, WRITE),
    ("outcomes:questionnaires", "get", RUNNER, READ),
    ("outcomes:answer", "post", lambda c: {**RUNNER(c), "instrument": "ostrc_o2"}, WRITE),
    ("outcomes:help", "get", RUNNER, READ),
    ("outcomes:visit", "post", RUNNER, WRITE),
    ("outcomes:report", "get", RUNNER, READ),
    ("outcomes:report_pdf", "get", RUNNER, READ),
    ("activities:list", "get", NONE, SIGNED_IN),
    ("activities:detail", "get", ACTIVITY, OWN),
    ("activities:answer", "post", ACTIVITY, OWN),
    ("activities:delete", "post", ACTIVITY, OWN),
    ("activities:batch", "get", lambda c: {"pk": c.target.batch_id}, OWN),
    ("activities:upload_file", "get", lambda c: {"pk": c.target.upload_id}, OWN),
    ("exports:index", "get", NONE, SIGNED_IN),
    ("exports:calendar_create", "post", NONE, SIGNED_IN),
    ("exports:calendar_revoke", "post", NONE, SIGNED_IN),
    # A capability URL: whoever has the secret address reads the plan (no sign-in).
    ("exports:calendar", "get", lambda c: {"token": c.target.feed.token}, PUBLIC, PUBLIC),
    # The signed-in user's own plan: a clinician has none (404), Alice and Bob have theirs.
    ("exports:workout", "get", TODAY, {"anonymous": LOGIN, "runner": OK, "other": OK, "*": 404}),
    ("exports:reminders", "post", NONE, SIGNED_IN),
    ("exports:my_data", "get", NONE, SIGNED_IN),
    ("exports:delete_account", "post", NONE, SIGNED_IN),
    ("exports:deleted", "get", NONE, PUBLIC),
    ("tokens:index", "get", NONE, SIGNED_IN),
    ("tokens:revoke", "post", lambda c: {"pk": c.target.token.pk}, OWN),
    ("accounts:signup", "get", NONE, PUBLIC),
    ("accounts:login", "get", NONE, PUBLIC),
    ("accounts:logout", "post", NONE, {"*": 302}),
    ("accounts:password_change", "get", NONE, SIGNED_IN),
    ("accounts:password_change_done", "get", NONE, SIGNED_IN),
    ("accounts:end_other_sessions", "post", NONE, SIGNED_IN),
    ("accounts:password_reset", "get", NONE, PUBLIC),
    ("accounts:password_reset_done", "get", NONE, PUBLIC),
    ("accounts:password_reset_confirm", "get", lambda c: {"uidb64": "MQ", "token": "x-y"}, PUBLIC),
    ("accounts:password_reset_complete", "get", NONE, PUBLIC),
    ("pwa:manifest", "get", NONE, PUBLIC),
    ("pwa:favicon", "get", NONE, PUBLIC),
    ("pwa:service_worker", "get", NONE, PUBLIC),
]  # fmt: skip
#: Namespaces outside the matrix, and why.
UNLISTED = {
    "admin": "Django's admin: staff only, by its own permission system (test_admin_is_staff_only)",
    "api": "the unversioned alias of api-v1: the same operations (test_the_api_alias_is_v1)",
    "api-v1": "the API: its operations are rows of API_MATRIX, read from its OpenAPI document",
}


def page_routes() -> set[str]:
    """Every named URL of the URLconf, as ``namespace:name``, outside :data:`UNLISTED`."""
    found: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or namespace
                if inner not in UNLISTED:
                    walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern):
                found.add(f"{namespace}:{entry.name}" if namespace else str(entry.name))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_page_route_has_a_row() -> None:
    assert page_routes() == {name for name, *_ in MATRIX}


def _matches(response: Any, want: object) -> bool:
    if want == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(
            reverse("accounts:login")
        )
    if want == OK:
        login = response.status_code == 302 and response["Location"].startswith(
            reverse("accounts:login")
        )
        return response.status_code in OK_CODES and not login
    return bool(response.status_code == want)


def expected_on(row: tuple[Any, ...], cast: Cast, target: str, role: str) -> object:
    """The cell's status: as the row says for Alice's record; for Bob's, worked out.

    On Bob's record (shared with nobody) Bob stands where Alice stood and every other
    signed-in role gets a 404; a row may say otherwise in its fifth item.
    """
    expected: dict[str, object] = row[3]
    alice_want = expected.get(role, expected.get("*"))
    if target == "alice":
        return alice_want
    if len(row) > 4:
        return row[4].get(role, row[4].get("*"))
    if role == "anonymous":
        return alice_want
    if role == "other":
        owner = expected.get("runner", expected.get("*"))
        return OK if owner in OK_CODES or owner == OK else owner
    return 404


def names_a_record(row: tuple[Any, ...], cast: Cast) -> bool:
    """Whether the row's URL changes with whose record is asked for."""
    kwargs = row[2]
    cast.target = cast.of("alice")
    mine = kwargs(cast)
    cast.target = cast.of("bob")
    theirs = kwargs(cast)
    cast.target = cast.of("alice")
    return bool(mine != theirs)


def ask(cast: Cast, role: str, method: str, url: str, body: dict[str, object]) -> Any:
    """One request, in a savepoint rolled back afterwards: each cell meets the same data."""
    with transaction.atomic():
        response = getattr(cast.client(role), method)(url, body)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("row", MATRIX, ids=[f"{r[0]}-{r[1]}" for r in MATRIX])
def test_the_matrix(db: None, media: Path, row: tuple[Any, ...]) -> None:
    cast = Cast()
    name, method, kwargs = row[0], row[1], row[2]
    targets = TARGETS if names_a_record(row, cast) else TARGETS[:1]
    wrong = []
    for target in targets:
        cast.target = cast.of(target)
        url = reverse(name, kwargs=kwargs(cast))
        for role in ROLES:
            cast.client(role)  # signed in outside the savepoint
            response = ask(cast, role, method, url, BODIES.get(name, {}))
            want = expected_on(row, cast, target, role)
            if not _matches(response, want):
                wrong.append((target, role, url, want, response.status_code))
    assert not wrong, wrong


# --- the API ---------------------------------------------------------------------

API_READ = {"anonymous": 401, "runner": OK, "viewer": OK, "editor": OK, "*": 404}
API_WRITE = {"anonymous": 401, "runner": OK, "viewer": 403, "editor": OK, "*": 404}
#: A clinician's write (note, steering, acknowledgement): editors only, the runner included.
API_CLINICIAN_WRITE = {"anonymous": 401, "runner": 403, "viewer": 403, "editor": OK, "*": 404}
API_RUNNER = "/api/v1/runners/{runner_id}"
API_MATRIX: list[tuple[str, str, Callable[[Cast], dict[str, object]], dict[str, object]]] = [
    ("get", "/api/v1/me", NONE, {"anonymous": 401, "*": 200}),
    ("get", "/api/v1/clinic/caseload", NONE,
     {"anonymous": 401, "runner": 403, "other": 403, "site_admin": 403, "*": 200}),
    ("get", API_RUNNER, NONE, API_READ),
    ("get", API_RUNNER + "/summary", NONE, API_READ),
    ("get", API_RUNNER + "/case-file", NONE, API_READ),
    ("get", API_RUNNER + "/today", NONE, API_READ),
    ("post", API_RUNNER + "/today/{slot}/done", NONE, API_WRITE),
    ("get", API_RUNNER + "/plan", NONE, API_READ),
    ("get", API_RUNNER + "/log", NONE, API_READ),
    ("post", API_RUNNER + "/log/{entry_id}/checkin", NONE, API_WRITE),
    ("post", API_RUNNER + "/morning", NONE, API_WRITE),
    ("get", API_RUNNER + "/decision", NONE, API_READ),
    ("get", API_RUNNER + "/decisions", NONE, API_READ),
    ("get", API_RUNNER + "/journal", NONE, API_READ),
    ("post", API_RUNNER + "/journal", NONE, API_WRITE),
    ("get", API_RUNNER + "/activities", NONE, API_READ),
    ("post", API_RUNNER + "/activities", NONE, API_WRITE),
    ("get", API_RUNNER + "/activities/{activity_id}", NONE, API_READ),
    ("delete", API_RUNNER + "/activities/{activity_id}", NONE, API_WRITE),
    ("get", API_RUNNER + "/imports/{batch_id}", NONE, API_READ),
    ("get", API_RUNNER + "/calendar.ics", NONE, API_READ),
    ("get", API_RUNNER + "/workouts/{day}/{slot}.fit", NONE, API_READ),
    ("get", API_RUNNER + "/readiness", NONE, API_READ),
    ("post", API_RUNNER + "/readiness/{test_name}", NONE, API_WRITE),
    # The clinician's actions: notes are read as on the clinic's runner page (the runner
    # sees those not private); writes are an editor's, never the runner's.
    ("get", API_RUNNER + "/notes", NONE, API_READ),
    ("post", API_RUNNER + "/notes", NONE, API_CLINICIAN_WRITE),
    ("get", API_RUNNER + "/steering", NONE, API_READ),
    ("post", API_RUNNER + "/steering", NONE, API_CLINICIAN_WRITE),
    ("delete", API_RUNNER + "/steering/{key}", NONE, API_CLINICIAN_WRITE),
    ("post", API_RUNNER + "/alerts/{kind}/acknowledge", NONE, API_CLINICIAN_WRITE),
]  # fmt: skip
API_BODIES: dict[str, dict[str, object]] = {
    "/checkin": {"run_minutes": 10, "pain_before": 0, "pain_during_max": 1,
                 "pain_during_pattern": "eased", "pain_after": 0},
    "/morning": {"pain": 1, "stiffness": 1, "sleep_hours": 7, "stress": 2},
    "/journal": {"date": "{day}", "notes": "x"},
    "/readiness/{test_name}": {"date": "{day}", "left": 20, "right": 20},
    "/notes": {"text": "Easy week, please"},
    "/steering": {"key": "pain_allowance", "pain": 1, "reason": "Keep it quiet"},
    "/acknowledge": {"note": "Phoned her"},
}  # fmt: skip


def api_operations() -> set[tuple[str, str]]:
    """(method, path) of every operation the API documents."""
    schema = api_v1.get_openapi_schema()
    return {(method, path) for path, ops in schema["paths"].items() for method in ops}


def test_every_api_route_has_a_row() -> None:
    assert api_operations() == {(method, path) for method, path, *_ in API_MATRIX}


def _api_request(cast: Cast, method: str, path: str) -> tuple[str, dict[str, object]]:
    r = cast.target
    values = {
        "runner_id": r.runner.pk, "slot": 0, "entry_id": r.run.pk, "activity_id": r.activity.pk,
        "batch_id": r.batch_id, "day": timezone.localdate().isoformat(),
        "test_name": BATTERY[0].name.value, "kind": "silent", "key": "instruction",
    }  # fmt: skip
    body: dict[str, object] = {}
    if method == "delete" and path.endswith("/steering/{key}"):
        path += "?reason=Done"
    for ending, template in API_BODIES.items():
        if method == "post" and path.endswith(ending):
            body = {k: str(v).format(**values) if isinstance(v, str) else v
                    for k, v in template.items()}  # fmt: skip
    if method == "post" and path.endswith("/activities"):
        body = {"files": SimpleUploadedFile("run.fit", b"not a fit file")}
    return path.format(**values), body


@pytest.mark.parametrize("row", API_MATRIX, ids=[f"{r[0]} {r[1]}" for r in API_MATRIX])
def test_the_api_matrix(db: None, media: Path, row: tuple[Any, ...]) -> None:
    cast = Cast()
    method, path = row[0], row[1]
    targets = TARGETS if "{runner_id}" in path else TARGETS[:1]
    wrong = []
    for target in targets:
        cast.target = cast.of(target)
        for role in ROLES:
            cast.client(role)
            url, body = _api_request(cast, method, path)
            with transaction.atomic():
                response = call(cast.client(role), method, url, body)
                transaction.set_rollback(True)
            want = expected_on((path, method, NONE, row[3]), cast, target, role)
            if not _matches(response, want):
                wrong.append((target, role, url, want, response.status_code))
    assert not wrong, wrong


def test_the_api_alias_is_v1() -> None:
    from runback.web.api import api

    assert api.get_openapi_schema()["paths"].keys() == {
        p.replace("/api/v1/", "/api/", 1) for p in api_v1.get_openapi_schema()["paths"]
    }


def test_admin_is_staff_only(db: None) -> None:
    cast = Cast()
    url = reverse("admin:index")
    for role in ROLES:
        response = cast.client(role).get(url)
        if role == "site_admin":
            assert response.status_code == 200
        else:
            assert response.status_code == 302, role
            assert response["Location"].startswith(reverse("admin:login")), role
