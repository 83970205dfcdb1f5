"""Visits and "try again": the latest visit restarts the time-based escalations."""

from __future__ import annotations

from typing import Any

import pytest

from runback.engine import CaseFileError, assess, parse_case
from tests.engine.builders import TODAY, case, codes, days_ago, make_case, run
from tests.engine.test_questionnaires import CLEAN, SUBSTANTIAL, ostrc
from tests.engine.test_rules import stalled_log

STALLED = "stalled_progress_see_professional"
PERSISTS = "substantial_problem_persists_see_professional"
AGAIN = "try_again_after_visit"


def visit(ago: int, **extra: Any) -> dict[str, Any]:
    return {"date": days_ago(ago), "who": "Sam Physio", "role": "physiotherapist", **extra}


def test_visits_are_optional_and_kept_in_date_order() -> None:
    assert parse_case(make_case(), TODAY).visits == ()
    parsed = case(visits=[visit(2, advice="heavy calf raises"), visit(30)])
    assert [v.date.isoformat() for v in parsed.visits] == [days_ago(30), days_ago(2)]
    assert parsed.visits[1].advice == "heavy calf raises"


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({"date": days_ago(1), "who": "", "role": "physiotherapist"}, "visits[0].who"),
        ({"date": days_ago(1), "who": "Sam", "role": "shaman"}, "visits[0].role"),
        ({"who": "Sam", "role": "physiotherapist"}, "visits[0].date"),
    ],
)
def test_a_bad_visit_names_its_field(entry: dict[str, Any], field: str) -> None:
    with pytest.raises(CaseFileError) as err:
        parse_case(make_case(visits=[entry]), TODAY)
    assert err.value.field == field


def test_a_visit_restarts_stalled_progress() -> None:
    before = assess(case(log=stalled_log())).triage.reasons
    assert STALLED in codes(before)
    assert AGAIN not in codes(before)
    after = assess(case(log=stalled_log(), visits=[visit(10)])).triage.reasons
    assert STALLED not in codes(after)
    again = next(r for r in after if r.code == AGAIN)
    assert days_ago(10) in again.text
    assert "Sam Physio" in again.text


def test_stalled_progress_returns_six_weeks_after_the_visit() -> None:
    log = [run(ago, 12) for ago in (70, 66, 62, 58, 40, 37, 34, 31, 13, 10, 7, 4, 1)]
    reasons = assess(case(injury__onset=days_ago(120), log=log, visits=[visit(45)])).triage.reasons
    assert STALLED in codes(reasons)  # 45 days since the visit, still no longer runs
    assert AGAIN in codes(reasons)


def test_a_visit_restarts_the_substantial_weeks() -> None:
    weeks = [ostrc(ago, **SUBSTANTIAL) for ago in (15, 8, 1)]
    assert PERSISTS in codes(assess(case(log=CLEAN, questionnaires=weeks)).triage.reasons)
    restarted = case(log=CLEAN, questionnaires=weeks, visits=[visit(9)])
    assert PERSISTS not in codes(assess(restarted).triage.reasons)  # 2 weeks since
    later = [ostrc(ago, **SUBSTANTIAL) for ago in (22, 15, 8, 1)]
    again = case(log=CLEAN, questionnaires=later, visits=[visit(23)])
    assert PERSISTS in codes(assess(again).triage.reasons)  # 3 more weeks after the visit


def test_a_visit_before_the_onset_or_in_the_future_does_not_restart() -> None:
    old = case(log=stalled_log(), visits=[{**visit(0), "date": "2000-01-01"}])
    assert STALLED in codes(assess(old).triage.reasons)
    assert AGAIN not in codes(assess(old).triage.reasons)
    future = make_case(log=stalled_log(), visits=[visit(-3)])
    reasons = assess(parse_case(future, TODAY)).triage.reasons
    assert STALLED in codes(reasons)


def test_a_visit_never_silences_a_red_flag() -> None:
    flagged = case(red_flags=["night_pain"], visits=[visit(1)])
    assert "night_pain" in codes(assess(flagged).triage.reasons)


def test_the_report_includes_the_visits_and_the_restart() -> None:
    from runback.engine.report import build_report

    advised = visit(10, findings="midportion tendinopathy", advice="heavy slow calf raises")
    report = build_report(case(log=stalled_log(), visits=[visit(40), advised]))
    section = report.sections.visits
    assert section is not None
    assert [v.date.isoformat() for v in section.items] == [days_ago(40), days_ago(10)]
    assert section.items[1].advice == "heavy slow calf raises"
    assert codes(section.claims) == [AGAIN]
    assert report.to_contract()["sections"]["visits"]["items"][1]["role"] == "physiotherapist"
    assert build_report(case(log=stalled_log())).sections.visits is None


def test_the_try_again_example_restarts_both_escalations_of_the_stalled_example() -> None:
    import json
    from pathlib import Path

    from runback.engine.report import build_report

    root = Path(__file__).resolve().parents[2] / "examples"

    def reading(name: str) -> tuple[set[str], Any]:
        data = json.loads((root / f"{name}.json").read_text(encoding="utf-8"))
        report = build_report(parse_case(data, default_today=TODAY))
        return set(codes(report.sections.reading.professional_help)), report.sections.visits

    before, no_visits = reading("report_stalled_achilles")
    after, visits = reading("visit_try_again_achilles")
    assert {STALLED, PERSISTS} <= before
    assert no_visits is None
    assert not {STALLED, PERSISTS} & after
    assert visits is not None
    assert codes(visits.claims) == [AGAIN]
