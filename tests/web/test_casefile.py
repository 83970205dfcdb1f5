"""Stored rows -> case file: the contract's keys, the next-morning mapping, the vocabulary."""

from __future__ import annotations

import datetime as dt

import pytest

from runback.web.runners.casefile import NotReadyError, case_dict, case_for
from runback.web.runners.models import DayEntry, LogEntry, Runner
from tests.web.api_support import imported_activity
from tests.web.builders import local_today
from tests.web.conftest import new_runner


def test_it_builds_a_case_file_the_engine_accepts(alice: Runner) -> None:
    case = case_dict(alice, local_today())
    assert set(case) >= {"today", "runner", "injury", "red_flags", "wellbeing", "log"}
    assert case["runner"]["age"] == 34
    assert case["injury"]["pain_free_run_minutes"] == 10
    assert case_for(alice, local_today()).injury.site.value == "achilles"


def test_the_next_mornings_pain_belongs_to_the_day_befores_run(alice: Runner) -> None:
    today = local_today()
    yesterday = today - dt.timedelta(days=1)
    LogEntry.objects.create(runner=alice, date=yesterday, kind="run", run_minutes=12)
    DayEntry.objects.create(runner=alice, date=today, pain=3, stiffness=4, sleep_hours=5.5)
    entry = case_dict(alice, today)["log"][0]
    assert (entry["pain_next_morning"], entry["stiffness_next_morning"]) == (3, 4)
    assert case_dict(alice, today)["wellbeing"]["sleep_hours"] == 5.5
    # A plan "as of yesterday" still hears this morning's check-in.
    as_of_yesterday = case_dict(alice, yesterday, mornings_until=today)
    assert as_of_yesterday["log"][0]["pain_next_morning"] == 3


def test_later_entries_stay_out_of_an_earlier_case(alice: Runner) -> None:
    LogEntry.objects.create(runner=alice, date=local_today(), kind="run", run_minutes=12)
    assert case_dict(alice, local_today() - dt.timedelta(days=1))["log"] == []


def test_an_unfinished_record_is_not_ready(db: None) -> None:
    with pytest.raises(NotReadyError):
        case_dict(new_runner("newcomer", onboarded=False), local_today())


def test_imported_runs_fill_the_days_not_logged_by_hand(alice: Runner) -> None:
    today = local_today()
    two_days_ago, yesterday = today - dt.timedelta(days=2), today - dt.timedelta(days=1)
    imported_activity(alice, two_days_ago, 14)
    imported_activity(alice, yesterday, 11)
    LogEntry.objects.create(runner=alice, date=yesterday, kind="run", run_minutes=10)
    DayEntry.objects.create(runner=alice, date=yesterday, pain=2)
    log = case_dict(alice, today)["log"]
    assert [(e["date"], e["run_minutes"]) for e in log] == [
        (two_days_ago.isoformat(), 14),
        (yesterday.isoformat(), 10.0),  # the hand-logged run, not the watch's copy
    ]
    assert log[0]["pain_next_morning"] == 2
    case_for(alice, today)  # the engine accepts the mix
