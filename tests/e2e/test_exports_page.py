"""The "your data" page in a real browser: calendar feed, a watch workout, deletion."""

from __future__ import annotations

import urllib.request
from typing import Any

from django.contrib.auth.models import User
from garmin_fit_sdk import Decoder, Stream

from runback.web.exports.models import CalendarFeed
from tests.e2e.conftest import shot
from tests.e2e.test_upload import sign_in
from tests.web.files_support import PASSWORD


def test_a_runner_subscribes_downloads_a_workout_and_deletes_the_account(
    page: Any, live_server: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"
    sign_in(page, live_server, "alice")

    page.goto("/exports/")
    shot(page, "exports-1-page")
    page.get_by_role("button", name="Create my calendar feed").click()
    feed = page.get_by_label("Calendar feed address").input_value()
    assert feed.endswith(f"{CalendarFeed.objects.get().token}.ics")
    with urllib.request.urlopen(feed) as response:  # a calendar app: no cookies
        assert b"BEGIN:VEVENT" in response.read()
    add = page.get_by_role("link", name="Add to my calendar")
    assert add.get_attribute("href") == "webcal://" + feed.split("://", 1)[1]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy").click()
    page.get_by_text("Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == feed
    assert page.get_by_role("button", name="Make a new address").is_hidden(), "tucked away"
    shot(page, "exports-2-feed")

    with page.expect_download() as download:
        page.locator("a[href*='/exports/workouts/']").first.click()
    data = download.value.path().read_bytes()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    assert messages["workout_step_mesgs"][0]["intensity"] == "warmup"

    page.get_by_label("Your password").fill("wrong password")
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    page.get_by_text("That is not your password.").wait_for()
    shot(page, "exports-3-delete-refused")
    assert User.objects.filter(username="alice").exists()

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url("**/exports/deleted/")
    shot(page, "exports-4-deleted")
    assert not User.objects.filter(username="alice").exists()
