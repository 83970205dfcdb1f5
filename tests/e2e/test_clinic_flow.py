"""The clinician's workspace in a real browser, end to end.

GIVEN a runner with a plan and a clinician at a clinic, each signed in in their own browser
WHEN the runner invites the clinician as editor and the clinician types the code
THEN the runner is on the clinician's caseload; the clinician writes a note;
AND the clinician sets an override (the pain allowed while running) with a reason;
AND the runner sees the note, the override's reason on Today, and the clinician in the
access log on "Your data";
AND after one click on "Remove access" the clinician's next request is refused and
the override is lifted from Today.
"""

from __future__ import annotations

import re
from typing import Any

from runback.web.clinic.models import Clinic, Invitation, Membership, StaffRole
from tests.e2e.conftest import shot
from tests.e2e.test_upload import make_runner_with_plan
from tests.web.conftest import make_user
from tests.web.files_support import PASSWORD


def sign_in(tab: Any, username: str) -> None:
    tab.goto("/accounts/login/")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", PASSWORD)
    tab.click("main button[type=submit]")
    tab.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))


def test_invite_accept_caseload_note_access_log_revoke(
    page: Any, browser: Any, live_server: Any
) -> None:
    runner = make_runner_with_plan("alice")
    clinic = Clinic.objects.create(name="Riverside Physio")
    Membership.objects.create(clinic=clinic, user=make_user("dana"), role=StaffRole.CLINICIAN)
    other = browser.new_context(base_url=live_server.url, locale="en-GB")
    other.set_default_timeout(10_000)
    try:
        clinician = other.new_page()
        sign_in(page, "alice")
        sign_in(clinician, "dana")

        page.goto("/exports/")
        page.get_by_label("Can view and edit").check()
        page.get_by_role("button", name="Create an invitation").click()
        page.get_by_text("Invitation code").wait_for()
        code = Invitation.objects.get(runner=runner).code
        assert code in page.content()
        shot(page, "clinic-1-invitation")

        clinician.goto("/clinic/join/")
        clinician.fill("input[name=code]", code)
        clinician.get_by_role("button", name="Continue").click()
        clinician.get_by_role("button", name="Accept").click()
        clinician.get_by_role("heading", name="Your caseload").wait_for()
        clinician.get_by_role("link", name="alice").click()
        clinician.fill("textarea[name=text]", "Keep the long run flat this week.")
        clinician.get_by_role("button", name="Save the note").click()
        clinician.get_by_text("Note saved.").wait_for()
        # The timeline (runs, pain and load on one chart) is drawn under the strict CSP.
        clinician.wait_for_function(
            "() => window.Chart && Chart.getChart(document.getElementById('chart-timeline'))"
        )
        shot(clinician, "clinic-2-runner-page")

        reason = "Keep it to 1/10 while the tendon settles."
        clinician.select_option("select[name=key]", "pain_allowance")
        clinician.fill("input[name=pain]", "1")
        clinician.fill("textarea[name=reason]", reason)
        clinician.get_by_role("button", name="Set", exact=True).click()
        clinician.get_by_text("the runner sees it on Today").wait_for()
        shot(clinician, "clinic-2b-steering")

        page.goto(f"/r/{runner.pk}/today/")
        card = page.locator("#from-your-clinician")
        card.get_by_text(
            f"Your clinician dana set the pain allowed while running to 1/10: {reason}"
        ).wait_for()
        assert "up to 1/10" in page.content()
        shot(page, "clinic-2c-today-steered")

        page.goto(f"/clinic/runners/{runner.pk}/")
        page.get_by_text("Keep the long run flat this week.").wait_for()
        page.goto("/exports/")
        page.get_by_text(re.compile(r"dana changed /clinic/runners/\d+/steering/")).wait_for()
        shot(page, "clinic-3-your-data")
        page.get_by_role("button", name="Remove access").click()
        page.get_by_text("can no longer see your record").wait_for()

        response = clinician.goto(f"/clinic/runners/{runner.pk}/")
        assert response is not None
        assert response.status == 404
        clinician.goto("/clinic/")
        assert "alice" not in clinician.content()
        page.goto(f"/r/{runner.pk}/today/")
        assert reason not in page.content()
        assert page.locator("#from-your-clinician").count() == 0
    finally:
        other.close()
