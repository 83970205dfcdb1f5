"""Production settings: TLS (HSTS, redirect), no ``testserver`` host, ``check --deploy``
clean, the real client address behind reverse proxies, and throttled sign-up and reset."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from runback.web.accounts.addresses import client_address
from tests.web.conftest import PASSWORD, make_user

TLS_ENV = {
    "RUNBACK_ALLOWED_HOSTS": "runback.example.org",
    "RUNBACK_SSL_REDIRECT": "true",
    "RUNBACK_HSTS_SECONDS": "31536000",
    "RUNBACK_HSTS_PRELOAD": "true",
    "RUNBACK_SECURE_COOKIES": "true",
    "RUNBACK_TRUSTED_PROXIES": "1",
}
CLI = "import sys; from runback.cli import main; sys.argv = ['runback', *sys.argv[1:]]; main()"


def _runback(data: Path, extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    # A clean environment: the e2e tests set DJANGO_ALLOW_ASYNC_UNSAFE, which the
    # deploy check rightly warns about.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("RUNBACK_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env |= {"RUNBACK_DATA_DIR": str(data), **extra}
    return subprocess.run(
        [sys.executable, "-c", CLI, *args], env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


def test_check_deploy_is_clean_with_the_tls_settings_on(tmp_path: Path) -> None:
    done = _runback(tmp_path, TLS_ENV, "manage", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_names_what_is_missing_without_them(tmp_path: Path) -> None:
    done = _runback(tmp_path, {}, "manage", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012"):
        assert check in done.stderr


def test_production_does_not_answer_to_testserver(tmp_path: Path) -> None:
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'runback.web.settings';"
        "django.setup(); from django.conf import settings; print(settings.ALLOWED_HOSTS)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNBACK_")}
    env["RUNBACK_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "testserver" not in done.stdout
    assert "localhost" in done.stdout


def test_plain_http_is_redirected_and_https_gets_hsts(db: None, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = Client().get("/accounts/login/")
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    secure = Client().get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


# --- the client's address behind proxies ----------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1"),  # no proxy trusted: the header is the client's word
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the client's own entry is ignored
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.1"),  # fewer hops than proxies: trust nothing
        (1, "not-an-address", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_through_trusted_proxies_only(
    settings: Any, proxies: int, forwarded: str, expected: str
) -> None:
    settings.RUNBACK_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def _sign_in(client: Client, username: str, password: str, address: str) -> Any:
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


def test_behind_a_proxy_a_lock_out_holds_only_for_the_attackers_address(
    db: None, settings: Any
) -> None:
    settings.RUNBACK_TRUSTED_PROXIES = 1
    make_user("hank")
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(attacker, "hank", "wrong", "203.0.113.66")
    assert _sign_in(attacker, "hank", PASSWORD, "203.0.113.66").status_code == 429
    # Hank at home, through the same proxy: not locked out.
    assert _sign_in(Client(), "hank", PASSWORD, "198.51.100.7").status_code == 302


# --- throttled sign-up and password reset -------------------------------------------


def _sign_up(n: int, address: str) -> Any:
    return Client().post(
        reverse("accounts:signup"),
        {"username": f"user{n}", "email": f"user{n}@example.org",
         "password1": PASSWORD, "password2": PASSWORD},
        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address,
    )  # fmt: skip


def test_sign_ups_are_throttled_per_address(db: None, settings: Any) -> None:
    settings.RUNBACK_TRUSTED_PROXIES = 1
    settings.RUNBACK_SIGNUPS_PER_HOUR = 3
    answers = [_sign_up(n, "203.0.113.66").status_code for n in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    assert User.objects.count() == 3
    assert _sign_up(9, "198.51.100.7").status_code == 302, "another address is not held up"


def test_twenty_reset_requests_send_at_most_three_emails(db: None, settings: Any) -> None:
    settings.RUNBACK_RESETS_PER_HOUR = 100
    make_user("ivy")
    answers = {
        Client().post(reverse("accounts:password_reset"), {"email": "ivy@example.org"})["Location"]
        for _ in range(20)
    }
    assert answers == {reverse("accounts:password_reset_done")}, "the same answer every time"
    assert len(mail.outbox) == 3


def test_reset_requests_are_throttled_per_address(db: None, settings: Any) -> None:
    settings.RUNBACK_RESETS_PER_HOUR = 2
    codes = [
        Client()
        .post(reverse("accounts:password_reset"), {"email": f"x{n}@example.org"})
        .status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]
