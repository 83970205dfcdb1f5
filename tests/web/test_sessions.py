"""Sign-in sessions: read with their user in one query, revoked as Django revokes them.

Every signed-in request reads its session with its user
(:func:`runback.web.rows.by_pk_with`) and, on runner pages, the runner record
(:func:`runback.web.rows.by_pk`) instead of through the ORM. These tests
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
from django.db import connection, transaction
from django.db.models import Model
from django.db.transaction import TransactionManagementError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from runback.web import rows
from runback.web.accounts import sessions
from runback.web.accounts.backends import BACKEND
from runback.web.accounts.models import AccountSession as Session
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


def test_it_reads_a_session_with_its_user_in_one_query(alice: Runner) -> None:
    key = client_for(alice.user).cookies["sessionid"].value
    with CaptureQueriesContext(connection) as queries:
        found = rows.by_pk_with(Session, key, "user")
    assert len(queries) == 1
    assert found is not None
    session, user = found
    assert fields(session) == fields(Session.objects.get(pk=key))
    assert user is not None
    assert fields(user) == fields(User.objects.get(pk=alice.user_id))
    with CaptureQueriesContext(connection) as queries:
        assert session.user == user  # type: ignore[attr-defined]  # cached, as select_related
    assert len(queries) == 0


def test_a_session_before_sign_in_reads_with_no_user(db: None) -> None:
    client = Client()
    client.get(reverse("accounts:login"))  # the CSRF cookie only: no session row
    store = sessions.SessionStore()
    store["visited"] = True
    store.save()
    found = rows.by_pk_with(Session, store.session_key, "user")
    assert found is not None
    assert found[1] is None
    assert Session.objects.get(pk=store.session_key).user_id is None


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


# --- sign-in records runback's backend and the user -----------------------------


def test_signing_in_records_the_backend_and_the_user(alice: Runner) -> None:
    client = sign_in("alice")
    row = Session.objects.get(pk=client.cookies["sessionid"].value)
    assert row.get_decoded()[BACKEND_SESSION_KEY] == BACKEND
    assert row.user_id == alice.user_id
    assert signed_in(client, alice)


def test_a_signed_in_page_reads_session_and_user_in_one_query(alice: Runner) -> None:
    client = client_for(alice.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("exports:index"))
    assert response.status_code == 200
    user_reads = [q for q in queries if '"auth_user"' in q["sql"] and "JOIN" not in q["sql"]]
    assert user_reads == []
    assert sum(1 for q in queries if "accounts_accountsession" in q["sql"]) == 2  # read, count


def test_the_user_read_with_a_session_serves_only_that_user_once(alice: Runner) -> None:
    bob = User.objects.create_user("bob-the-other")
    key = client_for(alice.user).cookies["sessionid"].value
    sessions.SessionStore(key).load()
    assert sessions.take_user_read_with_session(bob.pk) is None  # not Alice's id: refused
    sessions.SessionStore(key).load()
    user = sessions.take_user_read_with_session(alice.user_id)
    assert user is not None
    assert user.pk == alice.user_id
    assert sessions.take_user_read_with_session(alice.user_id) is None  # taken once
    sessions.SessionStore(key).load()
    sessions.reset()  # a new request starts
    assert sessions.take_user_read_with_session(alice.user_id) is None


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


def test_deleting_the_account_deletes_its_sessions(alice: Runner) -> None:
    client_for(alice.user)
    client_for(alice.user)
    other = client_for(User.objects.create_user("frank"))
    assert Session.objects.filter(user_id=alice.user_id).count() == 2
    User.objects.filter(pk=alice.user_id).delete()
    assert not Session.objects.filter(user_id=alice.user_id).exists()
    assert Session.objects.filter(pk=other.cookies["sessionid"].value).exists()


def test_sign_out_everywhere_else_keeps_this_device(alice: Runner) -> None:
    here = sign_in("alice")
    phone = sign_in("alice")
    laptop = sign_in("alice")
    page = here.get(reverse("exports:index"))
    assert b"2 other devices" in page.content
    response = here.post(reverse("accounts:end_other_sessions"), follow=True)
    assert b"Signed out of 2 other devices." in response.content
    assert b"signed in on this device only" in response.content
    assert signed_in(here, alice)
    assert not signed_in(phone, alice)
    assert not signed_in(laptop, alice)


def test_sign_out_everywhere_else_leaves_other_people_alone(alice: Runner, bob: Runner) -> None:
    here = sign_in("alice")
    bobs = sign_in("bob")
    here.post(reverse("accounts:end_other_sessions"))
    assert signed_in(bobs, bob)


def test_sign_out_everywhere_else_needs_a_signed_in_post(alice: Runner) -> None:
    url = reverse("accounts:end_other_sessions")
    assert Client().post(url).status_code == 302
    assert client_for(alice.user).get(url).status_code == 405


def test_an_operator_can_end_a_users_sessions_in_the_admin(alice: Runner) -> None:
    device = client_for(alice.user)
    operator = Client()
    operator.force_login(User.objects.create_superuser("ops", "ops@example.org", "x"))
    listing = operator.get("/admin/accounts/accountsession/?q=alice")
    assert listing.status_code == 200
    assert b"alice" in listing.content
    key = device.cookies["sessionid"].value
    blob = Session.objects.get(pk=key).session_data.encode()
    assert blob not in listing.content
    detail = operator.get(f"/admin/accounts/accountsession/{key}/change/")
    assert detail.status_code == 200
    assert blob not in detail.content
    assert operator.get("/admin/accounts/accountsession/add/").status_code == 403
    response = operator.post(
        "/admin/accounts/accountsession/",
        {"action": "delete_selected", "_selected_action": [key], "post": "yes"},
    )
    assert response.status_code == 302
    assert not signed_in(device, alice)


def test_runners_cannot_see_sessions_in_the_admin(alice: Runner) -> None:
    response = client_for(alice.user).get("/admin/accounts/accountsession/")
    assert response.status_code == 302
