"""In a real browser: a red flag at the safety check stops the wizard on a referral page.

GIVEN a new runner whose pain wakes them at night
WHEN they tick it at the safety check
THEN they land on a clear referral page (what to tell the doctor, what not to do
meanwhile), the app offers no plan, and every plan page sends them back there.
"""

from __future__ import annotations

import re
from typing import Any

from runback.web.runners.models import Injury
from tests.e2e.conftest import shot
from tests.e2e.test_runner_flow import sign_up


def test_a_red_flag_ends_on_a_referral_page_and_no_plan(page: Any) -> None:
    runner = sign_up(page, "noor")
    page.check("input[name=red_flags][value=night_pain]")
    page.check("input[name=red_flags][value=numbness_weakness]")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/referral/$"))
    main = page.locator("main")
    assert "Please see a clinician before training" in main.inner_text()
    assert "Tell the clinician" in main.inner_text()
    assert "Until then, please don't" in main.inner_text()
    assert "Pain at night" in main.inner_text()
    assert "Numbness" in main.inner_text()
    assert page.locator("nav >> text=Plan").count() == 0
    assert "Not medical advice" in page.locator(".notice").inner_text()
    shot(page, "red-flag-referral")

    for path in ("today", "plan", "progress", "morning", "start/injury"):
        page.goto(f"/r/{runner.pk}/{path}/")
        assert page.url.endswith(f"/r/{runner.pk}/referral/"), path
    assert not Injury.objects.filter(runner=runner).exists()

    # The runner can still keep a journal to show the clinician.
    page.get_by_role("link", name="daily journal").click()
    page.wait_for_url(re.compile(r"/journal/$"))
    page.fill("textarea[name=notes]", "Woke at 3am with a deep ache.")
    page.click("main button[type=submit]")
    page.locator(".journal-list").get_by_text("Woke at 3am").wait_for()
    shot(page, "red-flag-journal")
