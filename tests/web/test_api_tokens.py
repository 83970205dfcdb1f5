"""Personal access tokens: made and revoked on "Your data", stored hashed, shown once,
scoped, expiring, rate-limited, and refused for anything their user could not do."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from runback.web.runners.models import DayEntry, Runner
from runback.web.tokens import keys
from runback.web.tokens.models import ApiToken, DataArea, TokenAccess
from tests.web.api_support import token_client, token_for
from tests.web.builders import local_today
from tests.web.conftest import client_for

JSON = "application/json"


def _make_on_the_page(client: Client, **fields: Any) -> Any:
    form = {"name": "watch app", "access": "write", "areas": ["log", "plan"], "lifetime_days": 30}
    return client.post("/exports/tokens/", {**form, **fields})


def test_your_data_links_to_the_tokens_page(alice: Runner) -> None:
    page = client_for(alice.user).get("/exports/").content.decode()
    assert 'href="/exports/tokens/"' in page


def test_a_token_is_shown_once_and_stored_only_as_a_digest(alice: Runner) -> None:
    client = client_for(alice.user)
    made = _make_on_the_page(client)
    assert made.status_code == 200
    assert made["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=alice.user)
    secret = next(w for w in made.content.decode().split('"') if w.startswith("rb_"))
    assert token.digest == keys.digest(secret)
    stored = " ".join(str(v) for v in ApiToken.objects.values().get().values())
    assert secret not in stored
    assert token.areas == ["log", "plan"]
    assert token.expires - timezone.now() > dt.timedelta(days=29)
    again = client.get("/exports/tokens/").content.decode()
    assert secret not in again
    assert token.prefix in again
    assert "watch app" in again


def test_the_form_names_what_is_missing(alice: Runner) -> None:
    response = _make_on_the_page(client_for(alice.user), name="", areas=[])
    assert response.status_code == 422
    assert "This field is required" in response.content.decode()
    assert not ApiToken.objects.exists()
    empty = client_for(alice.user).post("/exports/tokens/", {})
    assert empty.status_code == 422
    assert "This field is required" in empty.content.decode()


def test_a_token_writes_without_csrf_where_a_session_needs_it(alice: Runner) -> None:
    client = token_client(token_for(alice.user))
    body = {"date": local_today().isoformat(), "notes": "from my app"}
    response = client.post(f"/api/v1/runners/{alice.pk}/journal", body, content_type=JSON)
    assert response.status_code == 200, response.content
    assert DayEntry.objects.get(runner=alice).notes == "from my app"
    assert client.get("/api/v1/me").json()["runner_id"] == alice.pk


def test_a_read_token_cannot_write(alice: Runner) -> None:
    client = token_client(token_for(alice.user, TokenAccess.READ))
    url = f"/api/v1/runners/{alice.pk}/journal"
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": local_today().isoformat()}, content_type=JSON)
    assert response.status_code == 403
    assert "only read" in response.json()["detail"]
    assert not DayEntry.objects.exists()


def test_a_token_reaches_only_its_areas(alice: Runner) -> None:
    client = token_client(token_for(alice.user, areas=(DataArea.PLAN,)))
    assert client.get(f"/api/v1/runners/{alice.pk}/plan").status_code == 200
    response = client.get(f"/api/v1/runners/{alice.pk}/journal")
    assert response.status_code == 403
    assert "training log" in response.json()["detail"]
    assert client.get(f"/api/v1/runners/{alice.pk}/readiness").status_code == 403


def test_expired_revoked_and_made_up_tokens_are_refused(alice: Runner) -> None:
    url = f"/api/v1/runners/{alice.pk}/plan"
    expired = token_for(alice.user)
    ApiToken.objects.update(expires=timezone.now() - dt.timedelta(seconds=1))
    assert token_client(expired).get(url).status_code == 401
    revoked = token_for(alice.user)
    assert token_client(revoked).get(url).status_code == 200
    token = ApiToken.objects.get(digest=keys.digest(revoked))
    client = client_for(alice.user)
    assert client.post(f"/exports/tokens/{token.pk}/revoke/").status_code == 302
    assert token_client(revoked).get(url).status_code == 401
    assert token_client(revoked + "x").get(url).status_code == 401
    assert token_client("rb_" + "A" * 43).get(url).status_code == 401


def test_a_deactivated_user_loses_their_tokens(alice: Runner) -> None:
    secret = token_for(alice.user)
    alice.user.is_active = False
    alice.user.save()
    assert token_client(secret).get("/api/v1/me").status_code == 401


def test_nobody_revokes_anothers_token(alice: Runner, bob: Runner) -> None:
    secret = token_for(alice.user)
    token = ApiToken.objects.get()
    assert client_for(bob.user).post(f"/exports/tokens/{token.pk}/revoke/").status_code == 404
    assert token_client(secret).get("/api/v1/me").status_code == 200
    assert (
        "test"
        not in client_for(bob.user)
        .get("/exports/tokens/")
        .content.decode()
        .split("Your tokens")[1]
        .split("Make a token")[0]
    )


def test_each_token_is_rate_limited(alice: Runner, settings: Any) -> None:
    settings.RUNBACK_API_TOKEN_RATE = 3
    client = token_client(token_for(alice.user))
    other = token_client(token_for(alice.user))
    for _ in range(3):
        assert client.get("/api/v1/me").status_code == 200
    refused = client.get("/api/v1/me")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= settings.RUNBACK_API_TOKEN_WINDOW + 1
    assert other.get("/api/v1/me").status_code == 200, "the limit is per token"
    ApiToken.objects.update(window_start=timezone.now() - dt.timedelta(minutes=2))
    assert client.get("/api/v1/me").status_code == 200, "a new window starts afresh"


def test_every_token_call_reaches_the_access_log_hook(alice: Runner) -> None:
    seen: list[tuple[int, str]] = []

    def receiver(sender: Any, token: ApiToken, request: Any, **_: Any) -> None:
        seen.append((token.user_id, request.path))

    keys.token_used.connect(receiver)
    try:
        token_client(token_for(alice.user)).get(f"/api/v1/runners/{alice.pk}/plan")
        client_for(alice.user).get(f"/api/v1/runners/{alice.pk}/plan")
    finally:
        keys.token_used.disconnect(receiver)
    assert seen == [(alice.user.pk, f"/api/v1/runners/{alice.pk}/plan")]


def test_a_token_for_a_read_only_grantee_stays_read_only(alice: Runner, charlie: Any) -> None:
    client = token_client(token_for(charlie))
    assert client.get(f"/api/v1/runners/{alice.pk}/plan").status_code == 200
    body = {"date": local_today().isoformat(), "notes": "x"}
    response = client.post(f"/api/v1/runners/{alice.pk}/journal", body, content_type=JSON)
    assert response.status_code == 403
    assert not DayEntry.objects.exists()


@pytest.mark.parametrize("header", ["Bearer", "Basic abc", "Bearer rb_", "Token rb_x"])
def test_malformed_headers_are_a_401(alice: Runner, header: str) -> None:
    assert Client(HTTP_AUTHORIZATION=header).get("/api/v1/me").status_code == 401


def test_deleting_the_account_deletes_its_tokens(alice: Runner) -> None:
    from runback.web.exports.deletion import delete_account

    token_for(alice.user)
    delete_account(alice.user)
    assert not ApiToken.objects.exists()


def test_an_operator_sees_and_revokes_tokens_in_the_admin_without_the_digest(
    alice: Runner,
) -> None:
    from django.contrib.auth.models import User

    secret = token_for(alice.user)
    token = ApiToken.objects.get()
    admin_user = User.objects.create_superuser("op", "op@example.org", "pw-not-used")
    client = client_for(admin_user)
    page = client.get(f"/admin/tokens/apitoken/{token.pk}/change/").content.decode()
    assert token.prefix in page
    assert token.digest not in page
    client.post(
        "/admin/tokens/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert token_client(secret).get("/api/v1/me").status_code == 401
