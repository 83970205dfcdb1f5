"""Every page: the not-medical-advice notice, and nothing loaded from another site."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from runback.web.runners.models import Runner
from tests.web.conftest import client_for, new_runner

PUBLIC = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password-reset/"]
RUNNER_PAGES = ["today", "plan", "progress", "journal", "morning"]


def _assert_page_is_self_contained(html: str) -> None:
    assert "Not medical advice" in html
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets
    local = [a for a in assets if a.startswith("/static/") or a == "/manifest.webmanifest"]
    assert local == assets, assets


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_carry_the_notice_and_only_local_assets(db: None, url: str) -> None:
    _assert_page_is_self_contained(Client().get(url).content.decode())


@pytest.mark.parametrize("name", RUNNER_PAGES)
def test_runner_pages_carry_the_notice_and_only_local_assets(alice: Runner, name: str) -> None:
    response = client_for(alice.user).get(reverse(f"runners:{name}", args=[alice.pk]))
    assert response.status_code == 200
    _assert_page_is_self_contained(response.content.decode())


def test_wizard_and_referral_pages_carry_the_notice(db: None) -> None:
    newcomer = new_runner("newcomer", onboarded=False)
    client = client_for(newcomer.user)
    _assert_page_is_self_contained(
        client.get(reverse("runners:onboarding", args=[newcomer.pk, "screen"])).content.decode()
    )
    newcomer.red_flags = ["trauma"]
    newcomer.save()
    _assert_page_is_self_contained(
        client.get(reverse("runners:referral", args=[newcomer.pk])).content.decode()
    )
