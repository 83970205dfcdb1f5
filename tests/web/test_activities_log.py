"""Imported activities feed the case-file log without double-counting hand-logged runs."""

from __future__ import annotations

import datetime as dt

from runback.engine import parse_case
from runback.web.activities.models import Activity
from runback.web.runners.imported import imported_log_entries
from runback.web.runners.models import Runner
from tests.web.files_support import (
    RUN_FIT,
    SHORT_RUN_FIT,
    alice,
    bob,
    client_for,
    media,
    post_files,
    run_worker,
    upload_of,
)

__all__ = ["alice", "bob", "media"]


def test_imported_runs_become_case_file_log_entries(alice: Runner, bob: Runner) -> None:
    post_files(client_for(alice), [upload_of(RUN_FIT), upload_of(SHORT_RUN_FIT)])
    post_files(client_for(bob), [upload_of(RUN_FIT)])
    run_worker()
    activities = list(Activity.objects.filter(runner=alice).order_by("start_utc"))

    entries = imported_log_entries(alice, until=dt.date(2030, 1, 1))
    assert [e["date"] for e in entries] == [a.local_date.isoformat() for a in activities]
    assert all(e["source"] == "import" for e in entries)
    assert entries[0]["kind"] == "run"
    assert entries[0]["run_minutes"] > 0
    case = parse_case(
        {
            "today": "2030-01-01",
            "runner": {"age": 34},
            "injury": {
                "site": "calf",
                "kind": "strain",
                "onset": "2012-01-01",
                "pain_rest": 0,
                "pain_walking": 0,
            },
            "red_flags": [],
            "log": entries,
        },
        default_today=dt.date(2030, 1, 1),
    )
    assert len(case.log) == 2


def test_days_logged_by_hand_and_later_days_are_left_out(alice: Runner) -> None:
    post_files(client_for(alice), [upload_of(RUN_FIT), upload_of(SHORT_RUN_FIT)])
    run_worker()
    first, second = Activity.objects.filter(runner=alice).order_by("start_utc")

    covered = imported_log_entries(alice, until=dt.date(2030, 1, 1), covered=[first.local_date])
    assert [e["date"] for e in covered] == [second.local_date.isoformat()]
    early = imported_log_entries(alice, until=first.local_date)
    assert [e["date"] for e in early] == [first.local_date.isoformat()]
