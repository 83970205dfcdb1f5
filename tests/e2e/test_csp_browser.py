"""In a real browser: the strict Content-Security-Policy breaks nothing and is never violated.

Chromium reports each blocked inline script or style (including ones a library
injects at run time, which no HTML check can see) as a console error; a runner's
pages are walked, htmx swaps and charts included, and none may appear.
"""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.test_runner_flow import onboard, sign_up


def test_no_page_violates_the_content_security_policy(page: Any) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    runner = sign_up(page, "cspella")
    onboard(page)

    # Today: the run/walk timeline is sized from data-flex by runback.js, not inline style.
    segment = page.locator(".timeline .seg").first
    segment.wait_for()
    assert page.locator("style").count() == 0, "htmx injected its indicator <style>"
    flex = segment.get_attribute("data-flex")
    grow = segment.evaluate("el => getComputedStyle(el).flexGrow")
    assert float(grow) == float(flex or 0) > 0
    # An htmx swap: the check-in form arrives and is sized and styled likewise.
    session = page.locator("article.session", has=page.locator(".timeline")).first
    session.get_by_role("button", name="Done").click()
    page.locator("form.checkin").first.wait_for()

    pages = ("plan", "progress", "journal", "tests", "self-checks", "questionnaires", "help")
    for path in (*pages, "report"):
        page.goto(f"/r/{runner.pk}/{path}/")
        page.wait_for_load_state("load")
    page.goto("/exports/")
    page.goto("/activities/")
    page.goto("/api/docs")
    page.locator(".swagger-ui").first.wait_for()
    assert re.search(r"runback", page.title(), re.IGNORECASE)

    assert violations == []
