"""Two devices in a real browser: "sign out everywhere else", then a password change.

GIVEN a runner signed in on a laptop and on a phone (each through the sign-in form)
WHEN the laptop signs out everywhere else
THEN the phone is back at the sign-in page and the laptop stays signed in;
AND a password change on the laptop keeps the laptop signed in.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User

from tests.e2e.conftest import shot
from tests.e2e.test_upload import make_runner_with_plan
from tests.web.files_support import PASSWORD

NEW_PASSWORD = "another long and unusual passphrase"


def sign_in_with_form(tab: Any, username: str, password: str) -> None:
    tab.goto("/accounts/login/")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", password)
    tab.click("main button[type=submit]")
    tab.wait_for_url(re.compile(r"/r/\d+/today/$"))


def test_a_runner_signs_out_a_lost_phone_and_changes_the_password(
    page: Any, browser: Any, live_server: Any
) -> None:
    runner = make_runner_with_plan("alice")
    phone_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    phone_context.set_default_timeout(10_000)
    try:
        phone = phone_context.new_page()
        sign_in_with_form(phone, "alice", PASSWORD)
        sign_in_with_form(page, "alice", PASSWORD)

        page.goto("/exports/")
        page.get_by_text("also signed in on 1 other device").wait_for()
        shot(page, "devices-1-two-signed-in")
        page.get_by_role("button", name="Sign out everywhere else").click()
        page.get_by_text("Signed out of 1 other device.").wait_for()
        page.get_by_text("signed in on this device only").wait_for()
        shot(page, "devices-2-signed-out-elsewhere")

        phone.goto(f"/r/{runner.pk}/today/")
        phone.wait_for_url(re.compile(r"/accounts/login/"))
        page.goto(f"/r/{runner.pk}/today/")
        page.get_by_role("heading", name="Today").wait_for()

        page.goto("/exports/")
        page.get_by_role("link", name="Change my password").click()
        page.fill("input[name=old_password]", PASSWORD)
        page.fill("input[name=new_password1]", NEW_PASSWORD)
        page.fill("input[name=new_password2]", NEW_PASSWORD)
        shot(page, "devices-3-change-password")
        page.click("main button[type=submit]")
        page.get_by_role("heading", name="Password changed").wait_for()
        shot(page, "devices-4-password-changed")
        assert User.objects.get(username="alice").check_password(NEW_PASSWORD)
        page.goto(f"/r/{runner.pk}/today/")
        page.get_by_role("heading", name="Today").wait_for()
    finally:
        phone_context.close()
