"""An upload in a real browser: files in, progress polled by htmx, results per file."""

from __future__ import annotations

from typing import Any

from django.test import Client

from runback.web.activities.models import Activity
from tests.e2e.conftest import shot
from tests.web.files_support import (
    RUN_FIT,
    TRUNCATED_FIT,
    corpus_or_skip,
    make_runner,
    onboard,
    run_worker,
)


def sign_in(page: Any, live_server: Any, username: str) -> None:
    """Reuse a server-side login as the browser's session cookie."""
    client = Client()
    client.force_login(make_runner_with_plan(username).user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def make_runner_with_plan(username: str) -> Any:
    return onboard(make_runner(username))


def test_a_runner_uploads_files_and_watches_them_import(
    page: Any, live_server: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"
    corpus_or_skip(RUN_FIT)
    sign_in(page, live_server, "alice")

    page.goto("/activities/")
    shot(page, "upload-1-empty")
    page.set_input_files("input[name=uploads]", [str(RUN_FIT), str(TRUNCATED_FIT)])
    page.get_by_role("button", name="Upload").click()

    page.wait_for_url("**/activities/imports/*/")
    status = page.locator("#batch-status")
    assert "0 of 2 files read" in status.inner_text()
    shot(page, "upload-2-importing")

    run_worker()  # the database worker picks the queued files up
    page.locator("[data-state=finished]").wait_for(timeout=10_000)  # htmx polled the status
    text = status.inner_text()
    assert "2 of 2 files read" in text
    assert "1 imported" in text
    assert "1 failed" in text
    assert TRUNCATED_FIT.name in text
    assert "this file stops part way through: the watch may not have finished saving it" in text
    shot(page, "upload-3-finished")

    page.get_by_role("link", name="Imported").click()
    activity = Activity.objects.get()
    page.wait_for_url(f"**/activities/{activity.pk}/")
    assert "Running" in page.locator("h1").inner_text()
    shot(page, "upload-4-activity")

    page.goto("/activities/")
    assert page.locator("table.activities tbody tr").count() == 1
    shot(page, "upload-5-list")


def test_a_wrong_file_type_is_refused_beside_the_field(
    page: Any, live_server: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"
    sign_in(page, live_server, "bob")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a run")

    page.goto("/activities/")
    empty = tmp_path / "empty.fit"
    empty.write_bytes(b"")
    page.set_input_files("input[name=uploads]", [str(notes), str(empty)])
    page.get_by_role("button", name="Upload").click()
    page.locator("#field-uploads .errorlist").wait_for()
    problems = page.locator("#field-uploads .errorlist li").all_inner_texts()
    assert problems[0].startswith("notes.txt: this is not an activity file")
    assert problems[1] == "empty.fit: this file is empty."
    chosen = page.eval_on_selector("input[name=uploads]", "el => el.files.length")
    assert chosen == 2, "the selection is kept: the page was not reloaded"
    shot(page, "upload-6-refused")
