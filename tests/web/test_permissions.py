"""Every runner URL, page and API, asked for by someone who may not have it.

Bob (another runner) gets a 404 on all of Alice's URLs, GET or POST, so he cannot
even learn that her record exists; Charlie (a read-only grantee) may look but not
change; a signed-out visitor is sent to sign in (pages) or gets a 401 (API).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from runback.web.runners.models import AccessGrant, DayEntry, LogEntry, Runner
from runback.web.runners.vocabulary import GrantRole
from tests.web.conftest import client_for


def _entries(runner: Runner) -> tuple[LogEntry, LogEntry]:
    today = timezone.localdate()
    run = LogEntry.objects.create(runner=runner, date=today, slot=0, kind="run", run_minutes=10)
    lift = LogEntry.objects.create(runner=runner, date=today, slot=1, kind="strength")
    return run, lift


def page_urls(runner: Runner) -> list[str]:
    run, lift = _entries(runner)
    r = runner.pk
    return [
        reverse("runners:onboarding", args=[r, "screen"]),
        reverse("runners:onboarding", args=[r, "injury"]),
        reverse("runners:referral", args=[r]),
        reverse("runners:today", args=[r]),
        reverse("runners:log_session", args=[r, 0]),
        reverse("runners:unplanned_run", args=[r]),
        reverse("runners:run_checkin", args=[r, run.pk]),
        reverse("runners:strength_log", args=[r, lift.pk]),
        reverse("runners:morning", args=[r]),
        reverse("runners:journal", args=[r]),
        reverse("runners:plan", args=[r]),
        reverse("runners:progress", args=[r]),
    ]


RUN_CHECKIN = {
    "run_minutes": 10,
    "pain_before": 0,
    "pain_during_max": 1,
    "pain_during_pattern": "eased",
    "pain_after": 0,
}
MORNING = {"pain": 1, "stiffness": 1, "sleep_hours": 7, "stress": 2}


def api_urls(runner: Runner) -> list[tuple[str, str, dict[str, object]]]:
    """Every API route with a valid body, so only the permission check can refuse it."""
    run, _ = _entries(runner)
    r = runner.pk
    day = timezone.localdate().isoformat()
    return [
        ("get", f"/api/runners/{r}/case-file", {}),
        ("get", f"/api/runners/{r}/today", {}),
        ("post", f"/api/runners/{r}/today/0/done", {}),
        ("get", f"/api/runners/{r}/plan", {}),
        ("get", f"/api/runners/{r}/log", {}),
        ("post", f"/api/runners/{r}/log/{run.pk}/checkin", RUN_CHECKIN),
        ("post", f"/api/runners/{r}/morning", MORNING),
        ("get", f"/api/runners/{r}/decision", {}),
        ("get", f"/api/runners/{r}/journal", {}),
        ("post", f"/api/runners/{r}/journal", {"date": day, "notes": "x"}),
    ]


def test_it_hides_every_page_of_alice_from_bob(alice: Runner, bob: Runner) -> None:
    client = client_for(bob.user)
    for url in page_urls(alice):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"pain": 1}).status_code == 404, url


def test_it_hides_every_api_route_of_alice_from_bob(alice: Runner, bob: Runner) -> None:
    client = client_for(bob.user)
    for method, url, body in api_urls(alice):
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code == 404, (method, url, response.content)
    assert not DayEntry.objects.filter(runner=alice).exists()
    assert not LogEntry.objects.filter(runner=alice, checked_in=True).exists()


def test_bob_cannot_change_alices_rows_through_his_own_record(alice: Runner, bob: Runner) -> None:
    run, lift = _entries(alice)
    client = client_for(bob.user)
    assert client.get(reverse("runners:run_checkin", args=[bob.pk, run.pk])).status_code == 404
    response = client.post(reverse("runners:strength_log", args=[bob.pk, lift.pk]), {"load_kg": 5})
    assert response.status_code == 404
    lift.refresh_from_db()
    assert lift.load_kg is None


def test_it_sends_signed_out_visitors_to_sign_in(alice: Runner) -> None:
    client = Client()
    for url in page_urls(alice):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_the_api_refuses_signed_out_visitors(alice: Runner) -> None:
    client = Client()
    assert client.get("/api/me").status_code == 401
    for method, url, body in api_urls(alice):
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code == 401, (method, url)


def test_a_read_only_grantee_can_look_but_not_change(alice: Runner, charlie: User) -> None:
    client = client_for(charlie)
    for name in ("today", "plan", "progress", "journal"):
        assert client.get(reverse(f"runners:{name}", args=[alice.pk])).status_code == 200, name
    assert client.get(f"/api/runners/{alice.pk}/plan").status_code == 200
    journal = reverse("runners:journal", args=[alice.pk])
    day = timezone.localdate().isoformat()
    assert client.post(journal, {"date": day, "notes": "x"}).status_code == 403
    response = client.post(
        f"/api/runners/{alice.pk}/journal",
        {"date": day, "notes": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not DayEntry.objects.filter(runner=alice).exists()


def test_a_revoked_grant_gives_no_access(alice: Runner, charlie: User) -> None:
    AccessGrant.objects.filter(grantee=charlie).update(revoked=timezone.now())
    client = client_for(charlie)
    assert client.get(reverse("runners:today", args=[alice.pk])).status_code == 404


def test_an_editor_grantee_can_write(alice: Runner) -> None:
    coach = User.objects.create_user("coach", "coach@example.org", "correct horse battery staple")
    AccessGrant.objects.create(runner=alice, grantee=coach, role=GrantRole.EDITOR)
    day = timezone.localdate() - dt.timedelta(days=1)
    response = client_for(coach).post(
        reverse("runners:journal", args=[alice.pk]), {"date": day.isoformat(), "notes": "sore"}
    )
    assert response.status_code == 302
    assert DayEntry.objects.get(runner=alice).notes == "sore"


def test_it_allows_only_one_live_grant_per_person(alice: Runner, charlie: User) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AccessGrant.objects.create(runner=alice, grantee=charlie, role=GrantRole.EDITOR)
    AccessGrant.objects.filter(grantee=charlie).update(revoked=timezone.now())
    AccessGrant.objects.create(runner=alice, grantee=charlie, role=GrantRole.EDITOR)


def test_the_home_page_sends_each_runner_to_their_own_record(alice: Runner, bob: Runner) -> None:
    response = client_for(bob.user).get("/")
    assert response["Location"] == reverse("runners:today", args=[bob.pk])


@pytest.mark.parametrize(
    "url",
    [
        "/r/9223372036854775808/today/",  # one past the largest 64-bit id
        "/r/99999999999999999999999999/plan/",
        "/r/{alice}/log/9223372036854775808/checkin/",
        "/api/runners/9223372036854775808/today",
    ],
)
def test_an_id_beyond_the_columns_range_is_a_404(alice: Runner, url: str) -> None:
    response = client_for(alice.user).get(url.format(alice=alice.pk))
    assert response.status_code == 404
