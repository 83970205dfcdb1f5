"""Repeated flares escalate: 3 flared runs in 4 weeks, counted from the latest visit."""

from __future__ import annotations

from typing import Any

from runback.engine import assess
from tests.engine.builders import case, codes, days_ago, run

FLARES = "repeated_flares_see_professional"


def flared(ago: int, **pain: Any) -> dict[str, Any]:
    return {**run(ago, 15), "pain_during_max": 5, **pain}


def found(log: list[dict[str, Any]], **extra: Any) -> list[str]:
    return codes(assess(case(log=log, **extra)).triage.reasons)


def test_three_flares_in_four_weeks_escalate() -> None:
    log = [flared(20), run(17, 15), flared(12), run(9, 15), flared(3)]
    reasons = assess(case(log=log)).triage.reasons
    hit = next(r for r in reasons if r.code == FLARES)
    assert hit.text.startswith("3 runs in the last 28 days flared")


def test_each_kind_of_flare_counts() -> None:
    log = [
        flared(20),  # pain past the allowance (3/10)
        {**run(12, 15), "pain_during_max": 2, "pain_during_pattern": "built"},
        {**run(3, 15), "pain_during_max": 1, "pain_next_morning": 4},  # a worse morning
    ]
    assert FLARES in found(log)


def test_two_flares_old_flares_or_unreported_runs_do_not() -> None:
    assert FLARES not in found([flared(12), run(9, 15), flared(3)])
    assert FLARES not in found([flared(40), flared(30), flared(3)])  # two are older than 4 weeks
    unknown = [{**run(a, 15), "pain_reported": False} for a in (20, 12, 3)]
    assert FLARES not in found(unknown)


def test_a_visit_restarts_the_count() -> None:
    log = [flared(20), flared(12), flared(3)]
    visit = {"date": days_ago(10), "who": "Sam", "role": "physiotherapist"}
    assert FLARES not in found(log, visits=[visit])
