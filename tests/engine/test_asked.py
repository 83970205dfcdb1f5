"""The plan for a day (``plan_for_day``): the record on day D, planned as of the evening
before, hearing D's morning; the same answer as building that case file by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from runback.engine import build_plan, evening_before, parse_case, plan_for_day
from tests.engine.builders import TODAY, days_ago, make_case, run

DAY = dt.timedelta(days=1)


def _record_on_today() -> dict[str, Any]:
    """A record on TODAY: yesterday's run with this morning's answer, today's own run,
    a readiness test, a lift and a visit dated today, and a clearance given today."""
    return make_case(
        log=[
            run(3, 10),
            run(1, 10, morning=4),  # this morning: above the usual, back off
            run(0, 14),  # today's, already done: not part of today's plan
            {"date": days_ago(0), "kind": "checkin", "pain_walking": 2},
        ],
        tests=[{"date": days_ago(0), "name": "brisk_walk", "left": 30, "unit": "minutes"}],
        strength_log=[
            {"date": days_ago(0), "exercise": "single_leg_calf_raise", "sets": 3, "reps": 8}
        ],
        visits=[{"date": days_ago(0), "who": "Dr Lind", "role": "physiotherapist"}],
        injury__cleared_on=days_ago(0),
        injury__cleared_by="clinician",
        injury__last_run=days_ago(0),
    )


def test_the_plan_for_a_day_is_the_case_as_of_the_evening_before() -> None:
    data = _record_on_today()
    by_hand = make_case(
        today=days_ago(1),
        log=[run(3, 10), run(1, 10, morning=4)],
        injury__last_run=days_ago(1),
    )
    asked = plan_for_day(parse_case(data, default_today=TODAY), weeks=2)
    expected = build_plan(parse_case(by_hand, default_today=TODAY), weeks=2)
    assert asked == expected
    assert asked.days[0].date == TODAY
    assert "next_morning_above_baseline" in {r.code for r in asked.reasons}


def test_the_evening_before_drops_only_what_is_dated_today() -> None:
    case = parse_case(_record_on_today(), default_today=TODAY)
    before = evening_before(case)
    yesterday = TODAY - DAY
    assert before.today == yesterday
    assert [e["date"] for e in before.log] == [TODAY - 3 * DAY, yesterday]
    assert before.log[-1]["pain_next_morning"] == 4  # this morning's answer stays
    assert (before.tests, before.strength_log, before.visits) == ((), (), ())
    assert (before.injury.cleared_on, before.injury.cleared_by) == (None, None)
    assert before.injury.last_run == yesterday
    assert before.wellbeing == case.wellbeing
    assert case.today == TODAY  # the case asked about is not changed


def test_an_injury_that_began_today_is_planned_from_tomorrow() -> None:
    case = parse_case(make_case(injury__onset=days_ago(0), log=[]), default_today=TODAY)
    assert evening_before(case) is case
    assert plan_for_day(case, weeks=1).days[0].date == TODAY + DAY


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=0, max_size=8, unique=True), st.integers(0, 6))
def test_asking_on_any_day_equals_building_the_evening_before(ago: list[int], pain: int) -> None:
    """Whatever the log, the plan for a day is the case file as of the evening before."""
    log = [run(a + 1, 10, during=pain if a % 3 == 0 else 0) for a in sorted(ago, reverse=True)]
    today_run = run(0, 12)
    on_day = make_case(log=[*log, today_run], injury__onset=days_ago(60))
    by_hand = make_case(today=days_ago(1), log=log, injury__onset=days_ago(60))
    asked = plan_for_day(parse_case(on_day, default_today=TODAY), weeks=1)
    assert asked == build_plan(parse_case(by_hand, default_today=TODAY), weeks=1)


def test_a_go_ahead_given_today_counts_from_tomorrow_with_its_words() -> None:
    data = make_case(
        injury__kind="post_surgery",
        injury__onset=days_ago(60),
        injury__cleared_on=days_ago(0),
        injury__cleared_by="clinician",
        clinician={"cleared_to_run": {"reason": "Scar healed; start the ladder."}},
    )
    case = parse_case(data, default_today=TODAY)
    before = evening_before(case)
    assert before.injury.cleared_on is None
    assert before.clinician.cleared_to_run is None
    assert plan_for_day(case, weeks=1).triage.status.value == "clinician_led"
    tomorrow = parse_case({**data, "today": (TODAY + DAY).isoformat()}, default_today=TODAY)
    assert evening_before(tomorrow).clinician.cleared_to_run is not None
