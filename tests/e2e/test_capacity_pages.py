"""In a real browser, on a laptop and on a phone: the readiness tests and the self-checks.

GIVEN a runner with a plan
WHEN they open the Tests page from Plan and record a single-leg calf raise
THEN the page shows the result, its limb symmetry and which gate it holds back;
AND a self-check recorded on the Self-checks page is read back in plain words.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_devices import sign_in_with_form
from tests.e2e.test_upload import make_runner_with_plan
from tests.web.files_support import PASSWORD

SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("device", list(SIZES))
def test_a_runner_records_a_readiness_test_and_a_self_check(
    browser: Any, live_server: Any, plain_static_files: None, device: str
) -> None:
    runner = make_runner_with_plan(f"tester-{device}")
    context = browser.new_context(base_url=live_server.url, viewport=SIZES[device], locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in_with_form(page, runner.user.username, PASSWORD)
        page.goto(f"/r/{runner.pk}/plan/")
        page.get_by_role("link", name=re.compile("Readiness tests")).click()
        page.wait_for_url(re.compile(r"/tests/$"))
        card = page.locator("#single_leg_calf_raise")
        card.get_by_text("Record a result").click()
        card.locator("input[name='single_leg_calf_raise-left']").fill("25")
        card.locator("input[name='single_leg_calf_raise-right']").fill("18")
        card.get_by_role("button", name="Save result").click()
        page.wait_for_url(re.compile(r"/tests/#single_leg_calf_raise$"))
        page.get_by_text(re.compile("Saved your single-leg calf raise")).wait_for()
        assert "symmetry 72%" in card.inner_text()
        shot(page, f"tests-page-{device}")

        page.goto(f"/r/{runner.pk}/self-checks/")
        core = page.locator("#core_activation")
        core.get_by_text("Record a core activation").click()
        core.locator("input[name='core_activation-seconds_to_feel']").fill("25")
        core.get_by_role("button", name="Save").click()
        page.get_by_text("glutes felt after 25 s, slow").wait_for()
        shot(page, f"self-checks-{device}")
    finally:
        context.close()
