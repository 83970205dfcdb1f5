"""A morning check-in made with no connection, in a real browser with the service worker.

GIVEN a runner on the morning check-in page (the service worker controls it)
WHEN the phone goes offline and the runner saves the check-in
THEN the page says it is kept on the phone and nothing reaches the server yet;
WHEN the connection returns
THEN the check-in is sent once: one day entry with the runner's answers, and sending
again (another page load, another "online") adds nothing.
"""

from __future__ import annotations

import time
from typing import Any

from django.utils import timezone

from runback.web.runners.models import CheckinReceipt, DayEntry
from tests.e2e.conftest import shot
from tests.e2e.test_phone_and_access import PHONE, sign_in
from tests.web.files_support import make_runner, onboard


def wait_until(check: Any, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


def kept_on_phone(page: Any) -> int:
    """How many check-ins wait in the service worker's IndexedDB queue."""
    count: int = page.evaluate(
        """() => new Promise(resolve => {
          const open = indexedDB.open('runback-offline', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('checkins',
            {keyPath: 'id', autoIncrement: true});
          open.onsuccess = () => {
            const all = open.result.transaction('checkins').objectStore('checkins').getAll();
            all.onsuccess = () => resolve(all.result.length);
          };
        })"""
    )
    return count


def test_a_check_in_made_offline_is_sent_once_when_back_online(page: Any, live_server: Any) -> None:
    page.set_viewport_size(PHONE)
    runner = onboard(make_runner("alice"))
    sign_in(page, live_server, runner)
    url = f"/r/{runner.pk}/morning/"
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null"), "worker in charge"

    page.context.set_offline(True)
    page.check("input[name=pain][value='2']")
    page.check("input[name=stiffness][value='1']")
    page.fill("input[name=sleep_hours]", "7.5")
    page.check("input[name=stress][value='3']")
    page.get_by_role("button", name="Save and decide").click()
    page.get_by_role("heading", name="Saved on this phone").wait_for()
    shot(page, "offline-1-kept-on-phone")
    assert not DayEntry.objects.filter(runner=runner).exists()

    assert kept_on_phone(page) == 1
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    # Watch the phone's queue, not the database: polling SQLite while the live server
    # writes to it locks the table.
    wait_until(lambda: kept_on_phone(page) == 0)
    time.sleep(0.5)  # the server's answer (and its transaction) completes
    entry = DayEntry.objects.get(runner=runner)
    assert (entry.date, entry.pain, entry.stiffness, entry.sleep_hours, entry.stress) == (
        timezone.localdate(),
        2,
        1,
        7.5,
        3,
    )

    page.goto(f"/r/{runner.pk}/today/")  # a page load asks the worker to send again
    page.evaluate("window.dispatchEvent(new Event('online'))")
    time.sleep(1)
    assert DayEntry.objects.filter(runner=runner).count() == 1
    assert CheckinReceipt.objects.filter(runner=runner).count() == 1
    assert kept_on_phone(page) == 0, "nothing left waiting on the phone"
    shot(page, "offline-2-sent")
