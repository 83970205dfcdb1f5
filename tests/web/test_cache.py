"""The cached body of Today: never stale after a write, never shared, never a token.

The body of the day is rendered once per runner, record version and day
(runners/todaypage.py). These tests warm the cache, change the record in every way
the app can, and check that the next page is exactly what a cold render makes: the
version key, not luck. The page around the body, and its CSRF token, are the
viewer's own on every request.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from runback.web.activities.models import Activity
from runback.web.runners import services, todaypage
from runback.web.runners.models import DayEntry, DecisionRecord, Injury, LogEntry, Runner
from tests.web.builders import HTMX, local_today, run_yesterday
from tests.web.conftest import PASSWORD, client_for, new_runner
from tests.web.files_support import (
    RUN_FIT,
    corpus_or_skip,
    media,
    post_files,
    run_worker,
    upload_of,
)

__all__ = ["media"]  # a fixture

MORNING = {"pain": "5", "stiffness": "6", "sleep_hours": "7", "stress": "3", "fuelling_ok": "true"}
TOKEN = re.compile(r'(value="|"X-CSRFToken": ")[A-Za-z0-9]{32,64}"')


def _page(client: Client, runner: Runner) -> str:
    response = client.get(reverse("runners:today", args=[runner.pk]))
    assert response.status_code == 200
    # Each device gets its own masked CSRF token: compare pages without it.
    return TOKEN.sub(r"\1TOKEN", response.content.decode())


def _cold_page(client: Client, runner: Runner) -> str:
    cache.clear()
    return _page(client, runner)


def _first_run_slot(page: str) -> int:
    match = re.search(r'id="session-(\d+)">\s*<div class="spread"><span class="kind">Run', page)
    assert match is not None, "no run planned today"
    return int(match.group(1))


@pytest.fixture
def client(alice: Runner) -> Client:
    return client_for(alice.user)


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


def test_a_repeat_visit_is_served_from_the_cache_with_two_queries(
    alice: Runner, client: Client, django_assert_max_num_queries: Callable[..., object]
) -> None:
    first = _page(client, alice)
    with django_assert_max_num_queries(2):  # the session; the user with the record
        again = _page(client, alice)
    assert again == first


def test_the_plan_changes_right_after_a_morning_checkin_with_the_cache_warm(
    alice: Runner, client: Client
) -> None:
    run_yesterday(alice)
    before = _page(client, alice)
    assert "Morning check-in: how does it feel" in before
    response = client.post(reverse("runners:morning", args=[alice.pk]), MORNING, **HTMX)
    assert response.status_code == 200
    after = _page(client, alice)
    assert after != before
    assert "Morning check-in: how does it feel" not in after
    assert "Back off" in after  # the decision the check-in just made
    assert after == _cold_page(client, alice)


def test_a_tap_shows_done_right_away_with_the_cache_warm(alice: Runner, client: Client) -> None:
    before = _page(client, alice)
    slot = _first_run_slot(before)
    client.post(reverse("runners:log_session", args=[alice.pk, slot]), **HTMX)
    after = _page(client, alice)
    assert "Done ✓" not in before
    assert "Done ✓" in after
    assert "How did it go?" in after
    assert after == _cold_page(client, alice)


def test_an_after_run_checkin_shows_at_once_with_the_cache_warm(
    alice: Runner, client: Client
) -> None:
    slot = _first_run_slot(_page(client, alice))
    client.post(reverse("runners:log_session", args=[alice.pk, slot]), **HTMX)
    entry = LogEntry.objects.get(runner=alice, date=local_today(), slot=slot)
    assert "Checked in" not in _page(client, alice)
    checkin = {
        "run_minutes": "10",
        "walk_minutes": "1",
        "distance_km": "1.8",
        "pain_before": "0",
        "pain_during_max": "3",
        "pain_during_pattern": "steady",
        "pain_onset_minute": "6",
        "pain_after": "1",
    }
    client.post(reverse("runners:run_checkin", args=[alice.pk, entry.pk]), checkin, **HTMX)
    after = _page(client, alice)
    assert "Checked in: worst pain 3/10." in after
    assert after == _cold_page(client, alice)


def _log_unplanned_run(client: Client, runner: Runner) -> None:
    client.post(
        reverse("runners:unplanned_run", args=[runner.pk]),
        {
            "date": (local_today() - dt.timedelta(days=1)).isoformat(),  # yesterday's: in the plan
            "client_token": "6f1c0a0e-1111-4c4c-9a9a-000000000002",
            "run_minutes": "12",
            "walk_minutes": "2",
            "distance_km": "2.1",
        },
    )


def _morning_pain(client: Client, runner: Runner) -> None:
    client.post(reverse("runners:morning", args=[runner.pk]), MORNING)


def _worse_injury(client: Client, runner: Runner) -> None:
    injury = Injury.objects.get(runner=runner)
    injury.pain_walking = 6
    injury.worsening = True
    injury.save()


def _fewer_days(client: Client, runner: Runner) -> None:
    fresh = Runner.objects.get(pk=runner.pk)
    fresh.days = ["mon", "wed", "fri"]
    fresh.save()


def _forget_mornings(client: Client, runner: Runner) -> None:
    DayEntry.objects.filter(runner=runner).delete()


@pytest.mark.parametrize(
    "write",
    [_log_unplanned_run, _morning_pain, _worse_injury, _fewer_days],
    ids=["unplanned-run", "morning", "injury", "availability"],
)
def test_every_kind_of_write_shows_at_once_with_the_cache_warm(
    alice: Runner, client: Client, write: Callable[[Client, Runner], None]
) -> None:
    run_yesterday(alice)
    before = _page(client, alice)
    write(client, alice)
    _page(client, alice)  # shows (and so drops) any one-off "saved" message
    after = _page(client, alice)
    assert after != before
    assert after == _cold_page(client, alice)


def test_todays_decision_is_read_from_the_record_not_from_the_decision_history(
    alice: Runner, client: Client
) -> None:
    run_yesterday(alice)
    client.post(reverse("runners:morning", args=[alice.pk]), MORNING, **HTMX)
    before = _page(client, alice)
    DecisionRecord.objects.filter(runner=alice).delete()
    assert _page(client, alice) == before == _cold_page(client, alice)


@pytest.mark.parametrize("write", [_forget_mornings], ids=["morning-deleted"])
def test_a_deletion_shows_at_once_with_the_cache_warm(
    alice: Runner, client: Client, write: Callable[[Client, Runner], None]
) -> None:
    run_yesterday(alice)
    client.post(reverse("runners:morning", args=[alice.pk]), MORNING, **HTMX)
    before = _page(client, alice)
    write(client, alice)
    after = _page(client, alice)
    assert after != before
    assert after == _cold_page(client, alice)


def test_an_imported_activity_makes_a_new_version_and_a_fresh_page(
    alice: Runner, client: Client, media: Path
) -> None:
    corpus_or_skip(RUN_FIT)
    _page(client, alice)
    version = Runner.objects.get(pk=alice.pk).data_version
    post_files(client, [upload_of(RUN_FIT)])
    run_worker()
    activity = Activity.objects.get(runner=alice)
    imported = Runner.objects.get(pk=alice.pk).data_version
    assert imported > version
    assert _page(client, alice) == _cold_page(client, alice)
    activity.delete()
    assert Runner.objects.get(pk=alice.pk).data_version > imported


def test_a_stale_copy_of_the_record_never_sets_the_version_back(alice: Runner) -> None:
    stale = Runner.objects.get(pk=alice.pk)
    run_yesterday(alice)
    bumped = Runner.objects.get(pk=alice.pk).data_version
    stale.minutes_per_day = 50
    stale.save()
    assert Runner.objects.get(pk=alice.pk).data_version == bumped + 1


def test_two_runners_with_the_same_record_never_share_a_page(alice: Runner, bob: Runner) -> None:
    alice_client, bob_client = client_for(alice.user), client_for(bob.user)
    alices = _page(alice_client, alice)
    bobs = _page(bob_client, bob)
    assert f"/r/{alice.pk}/" in alices
    assert f"/r/{bob.pk}/" not in alices
    assert f"/r/{bob.pk}/" in bobs
    assert f"/r/{alice.pk}/" not in bobs
    assert bob_client.get(reverse("runners:today", args=[alice.pk])).status_code == 404
    day = local_today()
    keys = {
        todaypage.cache_key(runner, day, owner=owner)
        for runner in (alice, bob)
        for owner in (True, False)
    }
    assert len(keys) == 4


def test_a_reused_id_is_a_new_record_to_the_cache(alice: Runner) -> None:
    day = local_today()
    key = todaypage.cache_key(alice, day, owner=True)
    twin = Runner(pk=alice.pk, user=alice.user, data_version=alice.data_version)
    twin.created = alice.created + dt.timedelta(seconds=1)
    assert todaypage.cache_key(twin, day, owner=True) != key


def test_a_clinician_sees_the_runners_plan_without_watch_links(
    alice: Runner, client: Client, charlie: User
) -> None:
    own = _page(client, alice)
    theirs = _page(client_for(charlie), alice)
    assert "Send to watch (.fit)" in own
    assert "Send to watch (.fit)" not in theirs
    assert "Sign out" in theirs


def test_the_cached_page_carries_the_viewers_own_working_csrf_token(alice: Runner) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice.user)
    _page(strict, alice)
    page = strict.get(reverse("runners:today", args=[alice.pk])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', page)
    assert token is not None
    assert str(todaypage.TOKEN_MARKER) not in page
    slot = _first_run_slot(page)
    url = reverse("runners:log_session", args=[alice.pk, slot])
    assert strict.post(url, {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
    assert strict.post(url, {"csrfmiddlewaretoken": token.group(1)}).status_code == 302


def _token(page: str) -> str:
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', page)
    assert token is not None
    return token.group(1)


def _strict_device(runner: Runner) -> Client:
    """A browser that sends CSRF tokens as a real one does (checks enforced)."""
    device = Client(enforce_csrf_checks=True)
    device.force_login(runner.user)
    device.get(reverse("exports:index"))  # any page with a form: the CSRF cookie is set
    assert "csrftoken" in device.cookies
    return device


def test_the_cache_holds_no_token_and_each_visit_gets_a_fresh_one(alice: Runner) -> None:
    phone = _strict_device(alice)
    url = reverse("runners:today", args=[alice.pk])
    first, again = phone.get(url).content.decode(), phone.get(url).content.decode()
    key = todaypage.cache_key(Runner.objects.get(pk=alice.pk), local_today(), owner=True)
    cached = cache.get(key)
    assert cached is not None
    assert _token(first) not in cached
    assert _token(again) not in cached
    assert str(todaypage.TOKEN_MARKER) in cached
    assert TOKEN.sub("", first) == TOKEN.sub("", again)
    slot = _first_run_slot(again)
    done = reverse("runners:log_session", args=[alice.pk, slot])
    assert phone.post(done, {"csrfmiddlewaretoken": _token(first)}).status_code == 302


def test_each_device_gets_a_token_that_works_only_for_itself(alice: Runner) -> None:
    phone, laptop = _strict_device(alice), _strict_device(alice)
    url = reverse("runners:today", args=[alice.pk])
    phone.get(url)
    laptop.get(url)
    phone_page = phone.get(url).content.decode()
    laptop_page = laptop.get(url).content.decode()
    assert _token(phone_page) != _token(laptop_page)
    assert TOKEN.sub("", phone_page) == TOKEN.sub("", laptop_page)
    done = reverse("runners:log_session", args=[alice.pk, _first_run_slot(phone_page)])
    assert laptop.post(done, {"csrfmiddlewaretoken": _token(phone_page)}).status_code == 403
    assert phone.post(done, {"csrfmiddlewaretoken": _token(laptop_page)}).status_code == 403
    assert laptop.post(done, {"csrfmiddlewaretoken": _token(laptop_page)}).status_code == 302


def test_a_device_sees_a_write_at_once(alice: Runner) -> None:
    phone = _strict_device(alice)
    url = reverse("runners:today", args=[alice.pk])
    before = phone.get(url).content.decode()
    slot = _first_run_slot(before)
    done = reverse("runners:log_session", args=[alice.pk, slot])
    assert phone.post(done, {"csrfmiddlewaretoken": _token(before)}).status_code == 302
    after = phone.get(url).content.decode()
    assert after != before
    assert TOKEN.sub(r"\1TOKEN", after) == _cold_page(client_for(alice.user), alice)


def test_a_new_sign_in_gets_a_new_token(alice: Runner) -> None:
    phone = _strict_device(alice)
    url = reverse("runners:today", args=[alice.pk])
    old = _token(phone.get(url).content.decode())
    phone.logout()
    login = reverse("accounts:login")
    form = phone.get(login).content.decode()
    credentials = {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": _token(form)}
    assert phone.post(login, credentials).status_code == 302  # a sign-in rotates the secret
    new_page = phone.get(url).content.decode()
    assert _token(new_page) != old
    done = reverse("runners:log_session", args=[alice.pk, _first_run_slot(new_page)])
    assert phone.post(done, {"csrfmiddlewaretoken": old}).status_code == 403
    assert phone.post(done, {"csrfmiddlewaretoken": _token(new_page)}).status_code == 302


def test_a_message_is_shown_once_and_not_cached(alice: Runner, client: Client) -> None:
    _page(client, alice)
    client.post(
        reverse("runners:journal", args=[alice.pk]),
        {"date": local_today().isoformat(), "notes": "easy day"},
    )
    with_message = _page(client, alice)
    assert "Saved your entry" in with_message
    assert "Saved your entry" not in _page(client, alice)


def test_the_morning_checkin_reads_the_record_once(
    alice: Runner, client: Client, django_assert_max_num_queries: Callable[..., object]
) -> None:
    run_yesterday(alice)
    url = reverse("runners:morning", args=[alice.pk])
    client.post(url, MORNING, **HTMX)
    # auth 2 (the session; the user with the record), the injury 1, then in one
    # transaction (2): the earlier answers 1 (to say what changed), the day entry 1,
    # the case rows 3 (day entries, log, imports) read once for both the decision
    # and the plan, the readiness results, self-checks and lifts 3 (read with them),
    # questionnaires and visits 2, the latest clearance 1 and the clinician's overrides
    # in force 1 (read with them too), the decision 1, the record's version 2.
    with django_assert_max_num_queries(20):
        response = client.post(url, MORNING, **HTMX)
    assert response.status_code == 200
    assert "Your coming days" in response.content.decode()


def test_a_double_submitted_morning_checkin_is_one_entry_and_one_decision(
    alice: Runner, client: Client
) -> None:
    run_yesterday(alice)
    url = reverse("runners:morning", args=[alice.pk])
    first = client.post(url, MORNING, **HTMX)
    second = client.post(url, MORNING, **HTMX)
    assert first.status_code == second.status_code == 200
    assert DayEntry.objects.filter(runner=alice).count() == 1
    assert DecisionRecord.objects.filter(runner=alice).count() == 1
    assert first.content == second.content


def test_someone_else_gets_a_404_for_another_runners_record_even_when_cached(
    alice: Runner, client: Client
) -> None:
    _page(client, alice)
    stranger = client_for(new_runner("eve").user)
    assert stranger.get(reverse("runners:today", args=[alice.pk])).status_code == 404


def test_a_checkin_that_loses_the_insert_race_retries_as_an_update(
    alice: Runner, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two identical check-ins at the same instant (PostgreSQL): one INSERT fails."""
    run_yesterday(alice)
    upsert = services._upsert_day_row
    raced: list[bool] = []

    def racing(model: type[DayEntry], runner: Runner, day: dt.date, *args: Any, **kw: Any) -> None:
        if model is DayEntry and not raced:
            raced.append(True)
            DayEntry.objects.create(runner=runner, date=day)  # the other request's row
            DayEntry.objects.create(runner=runner, date=day)  # ours: the unique day fails
        upsert(model, runner, day, *args, **kw)

    monkeypatch.setattr(services, "_upsert_day_row", racing)
    response = client.post(reverse("runners:morning", args=[alice.pk]), MORNING, **HTMX)
    assert raced
    assert response.status_code == 200
    assert DayEntry.objects.filter(runner=alice).count() == 1
    assert DayEntry.objects.get(runner=alice).pain == 5
    assert DecisionRecord.objects.filter(runner=alice).count() == 1
