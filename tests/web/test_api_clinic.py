"""The clinician's API routes: the caseload and a runner's summary, as the pages allow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from runback.web.clinic.models import AccessLogEntry, Clinic, Membership, StaffRole
from runback.web.runners.models import AccessGrant, LogEntry, Runner
from runback.web.runners.vocabulary import GrantRole
from runback.web.tokens.models import DataArea, TokenAccess
from tests.web.api_support import token_client, token_for
from tests.web.conftest import client_for, make_user, new_runner


@pytest.fixture
def dana(db: None) -> User:
    clinic = Clinic.objects.create(name="Riverside Physio")
    user = make_user("dana")
    Membership.objects.create(clinic=clinic, user=user, role=StaffRole.CLINICIAN)
    return user


def shared(dana: User, name: str, role: GrantRole = GrantRole.VIEWER) -> Runner:
    runner = new_runner(name)
    AccessGrant.objects.create(runner=runner, grantee=dana, role=role)
    return runner


def test_the_caseload_lists_live_grants_with_their_columns(dana: User) -> None:
    alice = shared(dana, "alice")
    gone = shared(dana, "gone")
    AccessGrant.objects.filter(runner=gone).update(revoked=timezone.now())
    today = timezone.localdate()
    for back in (1, 3, 5):
        LogEntry.objects.create(runner=alice, date=today - dt.timedelta(days=back), kind="run",
                                run_minutes=15)  # fmt: skip
    client = token_client(token_for(dana, TokenAccess.READ, (DataArea.CASELOAD,)))
    response = client.get("/api/v1/clinic/caseload")
    assert response.status_code == 200, response.content
    rows = response.json()
    assert [r["username"] for r in rows] == ["alice"]
    row = rows[0]
    assert row["sessions_done_14_days"] == 3
    assert row["phase"] in {"settle", "capacity", "return", "integrate"}
    assert row["readiness_gates"] >= 3
    assert row["alerts"][0]["evidence"].startswith(f"/clinic/runners/{alice.pk}/#")
    assert AccessLogEntry.about(alice).filter(actor=dana).exists()
    assert client.get("/api/v1/clinic/caseload", {"q": "zz"}).json() == []


def test_the_caseload_is_for_clinic_staff_and_tokens_that_reach_it(dana: User) -> None:
    alice = shared(dana, "alice")
    runner_token = token_client(token_for(alice.user))
    assert runner_token.get("/api/v1/clinic/caseload").status_code == 403
    narrow = token_client(token_for(dana, TokenAccess.READ, (DataArea.RECORD,)))
    assert narrow.get("/api/v1/clinic/caseload").status_code == 403
    assert client_for(dana).get("/api/v1/clinic/caseload").status_code == 200
    from django.test import Client

    assert Client().get("/api/v1/clinic/caseload").status_code == 401


def test_a_summary_follows_the_grant(dana: User) -> None:
    alice = shared(dana, "alice", GrantRole.EDITOR)
    url = f"/api/v1/runners/{alice.pk}/summary"
    answer = client_for(dana).get(url)
    assert answer.status_code == 200
    assert answer.json()["access"] == "Can view and edit"
    assert client_for(alice.user).get(url).json()["access"] == "owner"
    assert client_for(new_runner("bob").user).get(url).status_code == 404
    AccessGrant.objects.filter(runner=alice).update(revoked=timezone.now())
    assert client_for(dana).get(url).status_code == 404
