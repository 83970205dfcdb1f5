"""Every clinic URL x every role: the expected status for each cell.

The route list is read from the URLconf (the ``clinic`` namespace), so a new clinic
URL without a row here fails :func:`test_every_clinic_route_has_a_row`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from runback.web.clinic.models import Clinic, Invitation, InvitationKind, Membership, StaffRole
from runback.web.runners.models import AccessGrant
from runback.web.runners.vocabulary import GrantRole
from tests.web.conftest import client_for, make_user, new_runner

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


class Cast:
    def __init__(self) -> None:
        self.clinic = Clinic.objects.create(name="Riverside Physio")
        self.alice = new_runner("alice")
        self.alice.red_flags = ["night_pain"]
        self.alice.save()
        self.users: dict[str, User | None] = {
            "anonymous": None,
            "runner": self.alice.user,
            "other": new_runner("bob").user,
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

    def client(self, role: str) -> Client:
        user = self.users[role]
        return Client() if user is None else client_for(user)


LOGIN = "login"
# (route name, method, kwargs builder, {role: expected}); roles not named expect ``other``.
Row = tuple[str, str, Callable[[Cast], dict[str, object]], dict[str, object]]
RUNNER = lambda c: {"runner_id": c.alice.pk}  # noqa: E731
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


def clinic_routes() -> set[str]:
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "clinic":
            return {f"clinic:{p.name}" for p in entry.url_patterns}
    raise AssertionError("no clinic URLs")


def test_every_clinic_route_has_a_row() -> None:
    assert clinic_routes() == {name for name, *_ in MATRIX}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "kwargs", "expected"), MATRIX, ids=[r[0] for r in MATRIX]
)
def test_the_matrix(
    db: None, role: str, name: str, method: str, kwargs: Callable[[Cast], dict[str, object]],
    expected: dict[str, object],
) -> None:  # fmt: skip
    cast = Cast()
    url = reverse(name, kwargs=kwargs(cast))
    response = getattr(cast.client(role), method)(url, BODIES.get(name, {}))
    want = expected.get(role, expected.get("*"))
    if want == LOGIN:
        assert response.status_code == 302, (role, url)
        assert response["Location"].startswith(reverse("accounts:login")), (role, url)
    else:
        assert response.status_code == want, (role, url, response.status_code)
