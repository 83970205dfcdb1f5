"""A Content-Security-Policy on every response, and no inline script or style to need it.

``script-src 'self'`` with no 'unsafe-inline' only holds if no page carries an
inline ``<script>``, a ``<style>`` element, a ``style=`` attribute or an ``on...=``
handler: the browser would refuse them and the page would break. Every page is
rendered here and its HTML inspected.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from runback.web.activities.models import Activity, Upload
from runback.web.runners.models import Runner
from tests.web.conftest import client_for, new_runner
from tests.web.files_support import SHORT_RUN_FIT, media, post_files, run_worker, upload_of

__all__ = ["media"]

PUBLIC = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password-reset/", "/api/docs"]
RUNNER_PAGES = [
    "runners:today",
    "runners:plan",
    "runners:progress",
    "runners:journal",
    "runners:morning",
    "capacity:tests",
    "capacity:self_checks",
]
OTHER_PAGES = ["exports:index", "activities:list"]


class _Inline(HTMLParser):
    """Collects whatever a strict CSP would block."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in names and dict(attrs).get("type") != "application/json":
            self.found.append("inline <script>")
        for name, value in attrs:
            if name == "style" or name.startswith("on") or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src") and (value or "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")


def assert_strict_csp(response: object) -> None:
    policy = response["Content-Security-Policy"]  # type: ignore[index]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    parser = _Inline()
    parser.feed(response.content.decode())  # type: ignore[attr-defined]
    assert parser.found == []


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_have_a_strict_policy_and_nothing_inline(db: None, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 200
    assert_strict_csp(response)


@pytest.mark.parametrize("name", RUNNER_PAGES)
def test_runner_pages_have_a_strict_policy_and_nothing_inline(alice: Runner, name: str) -> None:
    client = client_for(alice.user)
    url = reverse(name, args=[alice.pk])
    for _ in range(2):  # rendered, then served from the page cache
        response = client.get(url)
        assert response.status_code == 200
        assert_strict_csp(response)


@pytest.mark.parametrize("name", OTHER_PAGES)
def test_account_pages_have_a_strict_policy_and_nothing_inline(alice: Runner, name: str) -> None:
    response = client_for(alice.user).get(reverse(name))
    assert response.status_code == 200
    assert_strict_csp(response)


def test_the_onboarding_wizard_has_nothing_inline(db: None) -> None:
    newcomer = new_runner("newcomer", onboarded=False)
    response = client_for(newcomer.user).get(reverse("runners:home"), follow=True)
    assert response.status_code == 200
    assert_strict_csp(response)


def test_errors_and_json_carry_the_policy_too(alice: Runner) -> None:
    client = client_for(alice.user)
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert "script-src 'self'" in missing["Content-Security-Policy"]
    api = client.get("/api/openapi.json")
    assert "script-src 'self'" in api["Content-Security-Policy"]


def test_upload_pages_have_nothing_inline(alice: Runner, media: Path) -> None:
    client = client_for(alice.user)
    post_files(client, [upload_of(SHORT_RUN_FIT)])
    run_worker()
    upload = Upload.objects.get(runner=alice)
    activity = Activity.objects.get(runner=alice)
    for url in (
        reverse("activities:batch", args=[upload.batch_id]),
        reverse("activities:detail", args=[activity.pk]),
        reverse("activities:list"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_csp(response)
