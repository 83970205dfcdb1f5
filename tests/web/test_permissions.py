"""Every runner URL, page and API, asked for by someone who may not have it.

Bob (another runner) gets a 404 on all of Alice's URLs, GET or POST, so he cannot
even learn that her record exists; Charlie (a read-only grantee) may look but not
change; a signed-out visitor is sent to sign in (pages) or gets a 401 (API).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from runback.engine.capacity import BATTERY
from runback.web.activities.models import Activity
from runback.web.capacity.assessment_forms import ASSESSMENT_FORMS
from runback.web.runners.models import AccessGrant, DayEntry, LogEntry, Runner
from runback.web.runners.vocabulary import GrantRole
from tests.web.api_support import call, imported_activity, token_client, token_for
from tests.web.conftest import client_for


def _entries(runner: Runner) -> tuple[LogEntry, LogEntry]:
    today = timezone.localdate()
    run = LogEntry.objects.create(runner=runner, date=today, slot=0, kind="run", run_minutes=10)
    lift = LogEntry.objects.create(runner=runner, date=today, slot=1, kind="strength")
    return run, lift


def runner_routes() -> list[tuple[str, URLPattern]]:
    """Every page route of the URLconf that names a runner record (not the API's).

    Read from the URLconf, so a page added later is checked the day it is added.
    """
    found: list[tuple[str, URLPattern]] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner)
            elif "runner_id" in entry.pattern.converters and entry.name:
                found.append((namespace + entry.name, entry))

    walk(get_resolver().url_patterns, "")
    return [(name, entry) for name, entry in found if not name.startswith("api")]


#: A valid value for each non-id part of a runner route. A new route with another
#: part fails the tests below until it has its sample here.
ROUTE_SAMPLES = {
    "step": "screen",
    "slot": 0,
    "name": BATTERY[0].name.value,
    "instrument": "ostrc_o2",
    "key": "pain_allowance",
}


def page_urls(runner: Runner) -> list[str]:
    run, _ = _entries(runner)
    samples = {
        **ROUTE_SAMPLES,
        "kind": next(iter(ASSESSMENT_FORMS)),
        "runner_id": runner.pk,
        "entry_id": run.pk,
    }
    urls = []
    for name, entry in runner_routes():
        missing = set(entry.pattern.converters) - set(samples)
        assert not missing, f"add a sample value for {missing} ({name}) to ROUTE_SAMPLES"
        urls.append(reverse(name, kwargs={k: samples[k] for k in entry.pattern.converters}))
    return urls


def test_the_route_list_comes_from_the_urlconf(alice: Runner) -> None:
    names = {name for name, _ in runner_routes()}
    assert {"runners:today", "runners:morning", "capacity:tests"} <= names
    assert len(page_urls(alice)) == len(names) >= 15


RUN_CHECKIN = {
    "run_minutes": 10,
    "pain_before": 0,
    "pain_during_max": 1,
    "pain_during_pattern": "eased",
    "pain_after": 0,
}
MORNING = {"pain": 1, "stiffness": 1, "sleep_hours": 7, "stress": 2}


def api_urls(runner: Runner) -> list[tuple[str, str, dict[str, object]]]:
    """Every API route with a valid body, so only the permission check can refuse it.

    Kept by hand for the bodies; ``test_every_api_route_of_a_runner_is_checked``
    compares it with the URLconf.
    """
    run, _ = _entries(runner)
    r = runner.pk
    day = timezone.localdate().isoformat()
    activity = imported_activity(runner)
    fit = SimpleUploadedFile("run.fit", b"not a fit file")
    test = BATTERY[0].name.value
    return [
        ("get", f"/api/runners/{r}", {}),
        ("get", f"/api/runners/{r}/decisions", {}),
        ("get", f"/api/runners/{r}/activities", {}),
        ("get", f"/api/runners/{r}/activities/{activity.pk}", {}),
        ("delete", f"/api/runners/{r}/activities/{activity.pk}", {}),
        ("post", f"/api/runners/{r}/activities", {"files": fit}),
        ("get", f"/api/runners/{r}/imports/{activity.upload.batch_id}", {}),
        ("get", f"/api/runners/{r}/calendar.ics", {}),
        ("get", f"/api/runners/{r}/workouts/{day}/0.fit", {}),
        ("get", f"/api/runners/{r}/readiness", {}),
        ("post", f"/api/runners/{r}/readiness/{test}", {"date": day, "left": 20, "right": 20}),
        ("get", f"/api/runners/{r}/case-file", {}),
        ("get", f"/api/runners/{r}/summary", {}),
        ("get", f"/api/runners/{r}/today", {}),
        ("post", f"/api/runners/{r}/today/0/done", {}),
        ("get", f"/api/runners/{r}/plan", {}),
        ("get", f"/api/runners/{r}/log", {}),
        ("post", f"/api/runners/{r}/log/{run.pk}/checkin", RUN_CHECKIN),
        ("post", f"/api/runners/{r}/morning", MORNING),
        ("get", f"/api/runners/{r}/decision", {}),
        ("get", f"/api/runners/{r}/journal", {}),
        ("post", f"/api/runners/{r}/journal", {"date": day, "notes": "x"}),
        ("get", f"/api/runners/{r}/notes", {}),
        ("post", f"/api/runners/{r}/notes", {"text": "x"}),
        ("get", f"/api/runners/{r}/steering", {}),
        ("post", f"/api/runners/{r}/steering", {"key": "instruction", "reason": "x"}),
        ("delete", f"/api/runners/{r}/steering/instruction?reason=x", {}),
        ("post", f"/api/runners/{r}/alerts/silent/acknowledge", {"note": "x"}),
    ]


def test_it_hides_every_page_of_alice_from_bob(alice: Runner, bob: Runner) -> None:
    client = client_for(bob.user)
    for url in page_urls(alice):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"pain": 1}).status_code == 404, url


@pytest.mark.parametrize("mount", ["api/", "api/v1/"])
def test_every_api_route_of_a_runner_is_checked(alice: Runner, mount: str) -> None:
    routes = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and str(entry.pattern) == mount:
            routes |= {
                str(inner.pattern)
                for inner in entry.url_patterns
                if isinstance(inner, URLPattern) and "runner_id" in inner.pattern.converters
            }
    assert routes
    listed = {url for _, url, _ in api_urls(alice)}
    for route in routes:
        pattern = re.sub(r"<[^>]+>", "[^/]+", route)
        assert any(re.fullmatch("/api/" + pattern, url) for url in listed), route


def test_it_hides_every_api_route_of_alice_from_bob(alice: Runner, bob: Runner) -> None:
    client = client_for(bob.user)
    bobs_token = token_client(token_for(bob.user))
    urls = api_urls(alice)
    for method, url, body in urls:
        for path in (url, url.replace("/api/", "/api/v1/")):
            response = call(client, method, path, body)
            assert response.status_code == 404, (method, path, response.content)
            response = call(bobs_token, method, path, body)
            assert response.status_code == 404, ("token", method, path, response.content)
    assert not DayEntry.objects.filter(runner=alice).exists()
    assert Activity.objects.filter(runner=alice).exists()
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
    assert client.get("/api/v1/me").status_code == 401
    wrong_token = Client(HTTP_AUTHORIZATION="Bearer rb_not-a-token")
    for method, url, body in api_urls(alice):
        response = call(client, method, url, body)
        assert response.status_code == 401, (method, url)
        response = call(wrong_token, method, url.replace("/api/", "/api/v1/"), body)
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
