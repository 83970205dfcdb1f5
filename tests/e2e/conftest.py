"""End-to-end fixtures: a real headless Chromium (Debian's) driving the live Django server.

Every test in this folder is marked ``e2e``. Playwright's sync API runs an event loop
in the test thread, so Django would refuse ORM calls made from it; the tests only set
up and inspect rows between page actions, hence ``DJANGO_ALLOW_ASYNC_UNSAFE``.

Use ``page`` (a fresh browser context per test, its base URL pointing at the live
server, so ``page.goto("/accounts/login/")`` works) and ``shot(page, "name")`` to save
a full-page screenshot under ``test-artifacts/screenshots/`` for a human to look at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e as ``e2e`` so ``-m "not e2e"`` can leave them out."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run; missing Chromium skips locally, fails in CI."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def plain_static_files(settings: Any) -> None:
    """Serve static files from the finders: no collectstatic manifest exists in tests."""
    storages = dict(settings.STORAGES)
    storages["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    settings.STORAGES = storages


@pytest.fixture
def page(browser: Any, live_server: Any, plain_static_files: None) -> Iterator[Any]:
    """A fresh browser context (own cookies) per test, its base URL the live server."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 420, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as a test artifact and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "page"
    path = SCREENSHOTS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
