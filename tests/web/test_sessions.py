"""Sign-in sessions: read in one query each, revoked exactly as Django revokes them.

Every signed-in request reads its session, its user and (on runner pages) the
runner record through :func:`runback.web.rows.by_pk` instead of the ORM. These tests
hold that fast path to the ORM's answers, and check that what ends a session still
ends it at once for every holder of the cookie (each gunicorn worker, a stolen copy):
signing out, deleting or expiring the session row, a password change, a deactivated
account.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.db.models import Model
from django.db.transaction import TransactionManagementError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from runback.web import rows
from runback.web.accounts.backends import BACKEND
from runback.web.runners.models import Runner
from tests.web.conftest import PASSWORD, client_for

NEW_PASSWORD = "a different horse entirely"


def fields(instance: Model) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def today_url(runner: Runner) -> str:
    return reverse("runners:today", args=[runner.pk])


def signed_in(client: Client, runner: Runner) -> bool:
    """Whether ``client`` still reaches the runner's Today page (else: sent to sign in)."""
    response = client.get(today_url(runner))
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("accounts:login"))
        return False
    assert response.status_code == 200
    return True


def copy_of(client: Client) -> Client:
    """Another holder of the same session cookie: another worker process, or a thief."""
    other = Client()
    other.cookies["sessionid"] = client.cookies["sessionid"].value
    return other


def sign_in(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content
    return client


# --- the one-query reads match the ORM -----------------------------------------


def test_it_reads_a_runner_exactly_as_the_orm_does(alice: Runner) -> None:
    assert not connection.queries_logged  # the fast path, not the logged cursor
    fast = rows.by_pk(Runner, alice.pk)
    assert fast is not None
    assert fields(fast) == fields(Runner.objects.get(pk=alice.pk))
    assert isinstance(fast.days, list)  # JSON decoded, not text
    assert fast.created is not None
    assert fast.created.tzinfo is not None
    assert fast._state.adding is False
    assert fast._state.db == "default"


def test_it_reads_users_and_sessions_exactly_as_the_orm_does(alice: Runner) -> None:
    client = client_for(alice.user)
    key = client.cookies["sessionid"].value
    assert fields(rows.by_pk(User, alice.user_id)) == fields(User.objects.get(pk=alice.user_id))  # type: ignore[arg-type]
    assert fields(rows.by_pk(Session, key)) == fields(Session.objects.get(pk=key))  # type: ignore[arg-type]


def test_it_finds_nothing_for_a_missing_or_empty_key(alice: Runner) -> None:
    assert rows.by_pk(Runner, alice.pk + 1000) is None
    assert rows.by_pk(Session, "no-such-session-key") is None
    with CaptureQueriesContext(connection) as queries:
        assert rows.by_pk(Runner, None) is None
    assert len(queries) == 0


def test_its_reads_are_counted_when_queries_are_logged(alice: Runner) -> None:
    with CaptureQueriesContext(connection) as queries:
        logged = rows.by_pk(Runner, alice.pk)
    assert len(queries) == 1
    assert "runners_runner" in queries[0]["sql"]
    assert logged is not None
    assert fields(logged) == fields(Runner.objects.get(pk=alice.pk))


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_read_inside_a_broken_transaction() -> None:
    runner = Runner.objects.create(user=User.objects.create_user("erin"))
    with transaction.atomic():
        transaction.set_rollback(True)
        connection.needs_rollback = True
        with pytest.raises(TransactionManagementError):
            rows.by_pk(Runner, runner.pk)


# --- sign-in records runback's backend ------------------------------------------


def test_signing_in_records_runbacks_backend_and_opens_the_record(alice: Runner) -> None:
    client = sign_in("alice")
    session = Session.objects.get(pk=client.cookies["sessionid"].value).get_decoded()
    assert session[BACKEND_SESSION_KEY] == BACKEND
    assert signed_in(client, alice)


def test_a_session_from_an_unknown_backend_is_not_trusted(alice: Runner) -> None:
    client = client_for(alice.user)
    store = client.session
    store[BACKEND_SESSION_KEY] = "somewhere.else.Backend"
    store.save()
    assert not signed_in(client, alice)


# --- revocation reaches every holder of the cookie ------------------------------


def test_signing_out_ends_the_session_for_every_copy_of_the_cookie(alice: Runner) -> None:
    client = client_for(alice.user)
    other = copy_of(client)
    assert signed_in(other, alice)
    client.post(reverse("accounts:logout"))
    assert not signed_in(other, alice)
    assert not Session.objects.exists()


def test_deleting_the_session_row_signs_out_at_once(alice: Runner) -> None:
    client = client_for(alice.user)
    assert signed_in(client, alice)
    Session.objects.all().delete()  # an administrator, or `runback manage clearsessions`
    assert not signed_in(client, alice)


def test_an_expired_session_is_not_found(alice: Runner) -> None:
    client = client_for(alice.user)
    assert signed_in(client, alice)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert not signed_in(client, alice)


def test_a_password_change_keeps_this_session_and_ends_the_others(alice: Runner) -> None:
    here = sign_in("alice")
    phone = sign_in("alice")
    stolen = copy_of(phone)
    assert signed_in(phone, alice)
    assert signed_in(stolen, alice)
    response = here.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    assert signed_in(here, alice)
    assert not signed_in(phone, alice)
    assert not signed_in(stolen, alice)
    assert sign_in("alice", NEW_PASSWORD)


def test_a_wrong_old_password_changes_nothing(alice: Runner) -> None:
    here = sign_in("alice")
    phone = sign_in("alice")
    response = here.post(
        reverse("accounts:password_change"),
        {"old_password": "not it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    assert b'id="old_password-errors"' in response.content
    assert signed_in(phone, alice)
    assert User.objects.get(pk=alice.user_id).check_password(PASSWORD)


def test_a_password_set_elsewhere_ends_every_session(alice: Runner) -> None:
    client = client_for(alice.user)
    user = User.objects.get(pk=alice.user_id)
    user.set_password(NEW_PASSWORD)  # e.g. by an administrator or a password reset
    user.save()
    assert not signed_in(client, alice)


def test_a_deactivated_account_is_signed_out(alice: Runner) -> None:
    client = client_for(alice.user)
    User.objects.filter(pk=alice.user_id).update(is_active=False)
    assert not signed_in(client, alice)


def test_the_password_page_needs_a_signed_in_user(db: None) -> None:
    response = Client().get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_your_data_links_to_the_password_change(alice: Runner) -> None:
    response = client_for(alice.user).get(reverse("exports:index"))
    assert reverse("accounts:password_change").encode() in response.content
