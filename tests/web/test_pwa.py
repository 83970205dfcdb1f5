"""The installable app's files: favicon, manifest and service worker, at the root, typed right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from runback.web.runners.models import Runner
from tests.web.conftest import client_for


@pytest.mark.django_db
def test_favicon_is_served_not_404() -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO header


@pytest.mark.django_db
def test_manifest_names_the_app_and_icons_that_exist() -> None:
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    body = json.loads(response.content)
    assert body["name"] == "runback"
    assert body["display"] == "standalone"
    assert body["start_url"] == "/"
    for icon in body["icons"]:
        name = icon["src"].removeprefix("/static/")
        found = finders.find(name)
        assert isinstance(found, str), f"{name} is missing"
        with Path(found).open("rb") as png:
            assert png.read(8) == b"\x89PNG\r\n\x1a\n"
    assert {icon["purpose"] for icon in body["icons"]} == {"any", "maskable"}


@pytest.mark.django_db
def test_service_worker_is_served_from_the_root_uncached() -> None:
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert "no-cache" in response["Cache-Control"]


def test_every_page_links_icon_and_manifest(alice: Runner) -> None:
    html = client_for(alice.user).get(f"/r/{alice.pk}/today/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in html
    assert 'rel="icon"' in html
    assert 'data-sw="/sw.js"' in html


def test_posting_to_the_manifest_is_refused(db: None) -> None:
    assert Client().post("/manifest.webmanifest").status_code == 405
