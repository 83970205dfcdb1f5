"""Stored rows -> case file: the contract's keys, the next-morning mapping, the vocabulary."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import pytest
from django.db import models
from django.utils import timezone

from runback import engine
from runback.web.runners import vocabulary
from runback.web.runners.casefile import NotReadyError, case_dict, case_for
from runback.web.runners.models import DayEntry, LogEntry, Runner
from tests.web.conftest import new_runner


def _today() -> dt.date:
    return timezone.localdate()


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (vocabulary.Sex, engine.Sex),
        (vocabulary.Site, engine.Site),
        (vocabulary.InjuryKind, engine.InjuryKind),
        (vocabulary.BoneStressRisk, engine.BoneStressRisk),
        (vocabulary.Aggravator, engine.Aggravator),
        (vocabulary.RedFlag, engine.RedFlag),
        (vocabulary.Weekday, engine.Weekday),
        (vocabulary.DuringPattern, engine.DuringPattern),
        (vocabulary.Intensity, engine.Intensity),
        (vocabulary.Action, engine.Action),
    ],
)
def test_the_stored_values_are_the_contracts(
    ours: type[models.TextChoices], theirs: type[StrEnum]
) -> None:
    assert set(ours.values) == {m.value for m in theirs}


def test_equipment_and_log_kinds_are_within_the_contract() -> None:
    assert set(vocabulary.Equipment.values) <= {m.value for m in engine.Equipment}
    assert set(vocabulary.LogKind.values) <= {m.value for m in engine.LogKind}


def test_it_builds_a_case_file_the_engine_accepts(alice: Runner) -> None:
    case = case_dict(alice, _today())
    assert set(case) >= {"today", "runner", "injury", "red_flags", "wellbeing", "log"}
    assert case["runner"]["age"] == 34
    assert case["injury"]["pain_free_run_minutes"] == 10
    assert case_for(alice, _today()).injury.site.value == "achilles"


def test_the_next_mornings_pain_belongs_to_the_day_befores_run(alice: Runner) -> None:
    today = _today()
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
    LogEntry.objects.create(runner=alice, date=_today(), kind="run", run_minutes=12)
    assert case_dict(alice, _today() - dt.timedelta(days=1))["log"] == []


def test_an_unfinished_record_is_not_ready(db: None) -> None:
    with pytest.raises(NotReadyError):
        case_dict(new_runner("newcomer", onboarded=False), _today())
