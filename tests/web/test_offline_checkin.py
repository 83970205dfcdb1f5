"""A morning check-in kept on a phone while offline and sent later: no loss, no duplicate.

The form carries a one-time token and the morning it was filled in. The server writes
a token once; the same form sent again (the phone retrying) answers with the decision
and writes nothing, so a correction made in between is not overwritten.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.test import Client

from runback.web.runners.models import DayEntry, Runner
from tests.web.builders import local_today
from tests.web.conftest import client_for


def morning_form(token: str, made_on: dt.date, pain: int = 2) -> dict[str, object]:
    return {
        "pain": pain,
        "stiffness": 1,
        "sleep_hours": 7,
        "stress": 3,
        "fuelling_ok": "",
        "client_token": token,
        "made_on": made_on.isoformat(),
    }


def send(client: Client, runner: Runner, form: dict[str, object]) -> int:
    return client.post(f"/r/{runner.pk}/morning/", form).status_code


def test_sending_the_same_check_in_twice_writes_it_once(alice: Runner) -> None:
    client = client_for(alice.user)
    today = local_today()
    token = str(uuid.uuid4())
    assert send(client, alice, morning_form(token, today, pain=2)) == 200
    assert DayEntry.objects.get(runner=alice, date=today).pain == 2

    # The runner corrects it on the laptop (a new form, a new token) ...
    assert send(client, alice, morning_form(str(uuid.uuid4()), today, pain=4)) == 200
    # ... then the phone, back online, sends its old copy again.
    assert send(client, alice, morning_form(token, today, pain=2)) == 200
    assert DayEntry.objects.filter(runner=alice).count() == 1
    assert DayEntry.objects.get(runner=alice, date=today).pain == 4, "the correction stands"


def test_a_check_in_sent_the_next_day_lands_on_the_morning_it_was_made(alice: Runner) -> None:
    client = client_for(alice.user)
    yesterday = local_today() - dt.timedelta(days=1)
    assert send(client, alice, morning_form(str(uuid.uuid4()), yesterday, pain=3)) == 200
    assert DayEntry.objects.get(runner=alice).date == yesterday


def test_a_stale_or_future_date_counts_for_today(alice: Runner) -> None:
    client = client_for(alice.user)
    today = local_today()
    for made_on in (today - dt.timedelta(days=30), today + dt.timedelta(days=3)):
        DayEntry.objects.all().delete()
        assert send(client, alice, morning_form(str(uuid.uuid4()), made_on)) == 200
        assert DayEntry.objects.get(runner=alice).date == today


def test_the_form_carries_a_fresh_token_and_its_morning(alice: Runner) -> None:
    client = client_for(alice.user)
    first = client.get(f"/r/{alice.pk}/morning/").content.decode()
    second = client.get(f"/r/{alice.pk}/morning/").content.decode()
    assert 'name="client_token"' in first
    assert f'name="made_on" value="{local_today().isoformat()}"' in first
    token = first.split('name="client_token" value="')[1][:36]
    assert token not in second


def test_bob_cannot_send_a_check_in_into_alices_record(alice: Runner, bob: Runner) -> None:
    status = send(client_for(bob.user), alice, morning_form(str(uuid.uuid4()), local_today()))
    assert status in {403, 404}
    assert not DayEntry.objects.filter(runner=alice).exists()
