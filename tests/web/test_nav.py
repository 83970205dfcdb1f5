"""The top navigation: every signed-in runner can reach "Your data" (exports) from any page."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from runback.web.runners.models import Runner
from tests.web.conftest import client_for, new_runner


def main_nav(html: str) -> str:
    """The main navigation's markup (empty when the page has none)."""
    found = re.search(r'<nav class="nav" aria-label="Main">(.*?)</nav>', html, re.S)
    return found.group(1) if found else ""


def data_link(html: str) -> re.Match[str] | None:
    href = reverse("exports:index")
    return re.search(rf'<a href="{re.escape(href)}"( aria-current="page")?>Your data</a>', html)


def test_an_onboarded_runner_reaches_your_data_from_the_nav(alice: Runner) -> None:
    client = client_for(alice.user)
    uploads = client.get(reverse("activities:list"))
    link = data_link(main_nav(uploads.content.decode()))
    assert link is not None
    assert link.group(1) is None, "not the current page here"

    exports = client.get(link.group(0).split('"')[1])
    assert exports.status_code == 200
    current = data_link(main_nav(exports.content.decode()))
    assert current is not None
    assert current.group(1), "marked as the current page on the exports page"


def test_a_runner_still_onboarding_reaches_your_data_too(db: None) -> None:
    newcomer = new_runner("dora", onboarded=False)
    page = client_for(newcomer.user).get(reverse("activities:list"))
    assert data_link(main_nav(page.content.decode())) is not None


def test_signed_out_visitors_get_no_data_link(db: None) -> None:
    page = Client().get(reverse("accounts:login"))
    assert page.status_code == 200
    assert data_link(page.content.decode()) is None


def test_nav_url_is_djangos_url_under_any_script_prefix(db: None) -> None:
    from django.urls import reverse, set_script_prefix

    from runback.web.runners.templatetags.navigation import nav_url

    assert nav_url("runners:today", 7) == reverse("runners:today", args=[7]) == "/r/7/today/"
    assert nav_url("exports:index") == reverse("exports:index")
    set_script_prefix("/clinic/")
    try:
        assert nav_url("runners:today", 7) == "/clinic/r/7/today/"
    finally:
        set_script_prefix("/")
    assert nav_url("runners:today", 7) == "/r/7/today/"
