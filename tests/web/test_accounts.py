"""Sign up, sign in and out, password reset, hashing and login throttling."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from runback.web.runners.models import Runner
from tests.web.conftest import PASSWORD, make_user

SIGNUP = {
    "username": "dana",
    "email": "dana@example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def test_it_signs_up_creates_the_record_and_opens_the_safety_check(db: None) -> None:
    client = Client()
    response = client.post(reverse("accounts:signup"), SIGNUP, follow=True)
    runner = Runner.objects.get(user__username="dana")
    assert response.redirect_chain[-1][0] == reverse(
        "runners:onboarding", args=[runner.pk, "screen"]
    )
    assert b"Safety check" in response.content
    assert b"Not medical advice" in response.content


def test_it_hashes_passwords_with_argon2(db: None, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    Client().post(reverse("accounts:signup"), SIGNUP)
    assert User.objects.get(username="dana").password.startswith("argon2")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password1": "123456789", "password2": "123456789"}, "password2", "too common"),
        ({"password1": "short", "password2": "short"}, "password2", "too short"),
        ({"password2": "something else entirely"}, "password2", "didn"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"username": ""}, "username", "required"),
    ],
)
def test_it_rejects_bad_sign_ups_beside_the_field(
    db: None, change: dict[str, str], field: str, message: str
) -> None:
    response = Client().post(reverse("accounts:signup"), {**SIGNUP, **change})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="{field}-errors"'.encode() in response.content
    assert not User.objects.filter(username="dana").exists()


def test_an_email_already_in_use_gets_the_same_answer_and_stays_with_its_owner(
    db: None,
) -> None:
    """Sign-up must not tell a stranger which addresses have an account."""
    make_user("erin")
    known = Client().post(reverse("accounts:signup"), {**SIGNUP, "email": "ERIN@example.org"})
    unknown = Client().post(
        reverse("accounts:signup"), {**SIGNUP, "username": "fred", "email": "fred@example.org"}
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert User.objects.get(username="dana").email == "", "the address stays with its owner"
    assert User.objects.get(username="fred").email == "fred@example.org"
    assert [m.to for m in mail.outbox] == [["erin@example.org"]]
    assert '"dana"' in mail.outbox[0].body
    assert '"erin"' in mail.outbox[0].body


def test_a_double_submitted_sign_up_creates_one_account(db: None) -> None:
    Client().post(reverse("accounts:signup"), SIGNUP)
    response = Client().post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 400
    assert User.objects.filter(username="dana").count() == 1
    assert Runner.objects.filter(user__username="dana").count() == 1


def test_it_signs_in_and_out(db: None) -> None:
    user = make_user("frank")
    Runner.objects.create(user=user)
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "frank", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # to the wizard: signed in
    client.post(reverse("accounts:logout"))
    assert client.get("/").status_code == 200  # the landing page: signed out
    assert b"Create an account" in client.get("/").content


def test_it_rejects_a_wrong_password_with_a_message(db: None) -> None:
    make_user("gail")
    response = Client().post(reverse("accounts:login"), {"username": "gail", "password": "nope"})
    assert response.status_code == 200
    assert b"correct username and password" in response.content


def test_it_locks_sign_in_after_repeated_failures(db: None) -> None:
    make_user("hank")
    client = Client()
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "hank", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "hank", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many sign-in attempts" in response.content


def test_it_resets_a_password_through_the_emailed_link(db: None) -> None:
    make_user("ivy")
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": "ivy@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert b"Choose a new password" in form_page.content
    new = "a brand new long passphrase"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert User.objects.get(username="ivy").check_password(new)


def test_it_sends_no_reset_mail_for_an_unknown_address(db: None) -> None:
    Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert mail.outbox == []


def test_the_default_mail_backend_is_the_console(settings: Any) -> None:
    from runback.web import settings as runback_settings

    assert runback_settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"


def test_the_admin_lists_runners_for_staff_only(alice: Runner) -> None:
    admin_user = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    from tests.web.conftest import client_for

    assert b"alice" in client_for(admin_user).get("/admin/runners/runner/").content
    assert client_for(alice.user).get("/admin/runners/runner/").status_code == 302
    record = client_for(admin_user).get("/admin/runners/decisionrecord/")
    assert record.status_code == 200
