"""Sign-in sessions: Django's database sessions that name their user.

Every signed-in request reads its session, then its user with the user's own runner
record (``AccountBackend.get_user``). These tests check what a request reads, and
that what ends a session still ends it at once for every holder of the cookie (each
gunicorn worker, a stolen copy): signing out, deleting or expiring the session row,
a password change (keeping the device that made it), a password set elsewhere, a
deactivated or deleted account.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

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


# --- what a signed-in request reads ----------------------------------------------


def test_a_runners_own_page_reads_session_then_user_with_record(alice: Runner) -> None:
    client = client_for(alice.user)
    client.get(today_url(alice))  # fills the Today cache
    with CaptureQueriesContext(connection) as queries:
        assert signed_in(client, alice)
    tables = [q["sql"] for q in queries]
    assert len(tables) == 2, tables  # the session; the user joined with their record
    assert "accounts_accountsession" in tables[0]
    assert '"auth_user"' in tables[1]
    assert '"runners_runner"' in tables[1]


def test_another_page_shows_the_users_own_record_in_the_navigation(alice: Runner) -> None:
    response = client_for(alice.user).get(reverse("exports:index"))
    assert response.status_code == 200
    assert today_url(alice).encode() in response.content


def test_a_signed_in_user_without_a_record_sees_no_runner_navigation(db: None) -> None:
    operator = User.objects.create_user("ops-no-record", password=PASSWORD)
    response = sign_in("ops-no-record").get(reverse("exports:index"))
    assert response.status_code == 200
    assert b"/today/" not in response.content
    assert operator.pk is not None


def test_a_session_before_sign_in_names_no_user(db: None) -> None:
    store = sessions.SessionStore()
    store["visited"] = True
    store.save()
    assert Session.objects.get(pk=store.session_key).user_id is None


# --- sign-in records runback's backend and the user -----------------------------


def test_signing_in_records_the_backend_and_the_user(alice: Runner) -> None:
    client = sign_in("alice")
    row = Session.objects.get(pk=client.cookies["sessionid"].value)
    assert row.get_decoded()[BACKEND_SESSION_KEY] == BACKEND
    assert row.user_id == alice.user_id
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


def test_deleting_the_account_deletes_its_sessions(alice: Runner) -> None:
    phone = client_for(alice.user)
    client_for(alice.user)
    other = client_for(User.objects.create_user("frank"))
    assert Session.objects.filter(user_id=alice.user_id).count() == 2
    User.objects.filter(pk=alice.user_id).delete()
    assert not Session.objects.filter(user_id=alice.user_id).exists()
    assert Session.objects.filter(pk=other.cookies["sessionid"].value).exists()
    assert not signed_in(phone, alice)


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
