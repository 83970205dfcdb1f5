"""Questionnaire scoring against the published rules, validation, and the two engine rules.

Worked examples are built from each publication's scoring table (cited per test) and
add up by hand; docs/questionnaires.md lists the sources.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from runback.engine import Action, CaseFileError, assess, decide, outcomes, parse_case
from runback.engine.questionnaires import (
    Extent,
    Instrument,
    LoadMinutes,
    LoadPain,
    OstrcAnswers,
    Participation,
    SportNow,
    Symptoms,
    Tsk11Answers,
    VisaAnswers,
    score_ostrc,
    score_tsk11,
    score_visa,
)
from tests.engine.builders import TODAY, case, codes, days_ago, make_case, run


def ostrc(ago: int, **answers: str) -> dict[str, Any]:
    return {"date": days_ago(ago), "instrument": "ostrc_o2", "answers": answers}


def tsk(ago: int, items: list[int]) -> dict[str, Any]:
    return {"date": days_ago(ago), "instrument": "tsk_11", "answers": {"items": items}}


SUBSTANTIAL = {
    "participation": "reduced",
    "volume": "moderate",
    "performance": "minor",
    "symptoms": "moderate",
}
MILD = {
    "participation": "full_with_problem",
    "volume": "minor",
    "performance": "none",
    "symptoms": "mild",
}


# -- OSTRC-O2 (Clarsen, Myklebust & Bahr 2013 BJSM 47:495; Clarsen et al. 2020 BJSM 54:390)
@pytest.mark.parametrize(
    ("answers", "severity", "substantial"),
    [
        # Q1 full participation without a problem: the questionnaire stops, score 0.
        ({"participation": "full_no_problem"}, 0, False),
        # 8 + 6 + 0 + 8: a problem, but not a substantial one.
        (MILD, 22, False),
        # 17 + 13 + 6 + 17: a moderate reduction of training volume is substantial.
        (SUBSTANTIAL, 53, True),
        # 17 + 6 + 19 + 8: a major effect on performance is substantial.
        (
            {
                "participation": "reduced",
                "volume": "minor",
                "performance": "major",
                "symptoms": "mild",
            },
            50,
            True,
        ),
        # Could not participate: Q2 and Q3 count as "cannot" (25 each), Q4 still asked.
        ({"participation": "cannot", "symptoms": "severe"}, 100, True),
        ({"participation": "cannot", "symptoms": "mild"}, 83, True),
        # Every option at its top short of "cannot": 17 + 19 + 19 + 25.
        (
            {
                "participation": "reduced",
                "volume": "major",
                "performance": "major",
                "symptoms": "severe",
            },
            80,
            True,
        ),
    ],
)
def test_ostrc_o2_scoring(answers: dict[str, str], severity: int, substantial: bool) -> None:
    result = score_ostrc(OstrcAnswers.model_validate(answers))
    assert (result.severity, result.substantial) == (severity, substantial)


def test_ostrc_o2_gatekeeper_rejects_answers_that_contradict_question_1() -> None:
    bad = ostrc(1, participation="full_no_problem", symptoms="severe")
    with pytest.raises(CaseFileError, match=r"questionnaires\[0\]\.answers\.symptoms"):
        case(questionnaires=[bad])
    with pytest.raises(CaseFileError, match=r"answers\.performance: is required"):
        case(questionnaires=[ostrc(1, participation="reduced", volume="minor", symptoms="mild")])
    with pytest.raises(CaseFileError, match=r"answers\.participation"):
        case(
            questionnaires=[
                ostrc(
                    1, participation="reduced", volume="cannot", performance="none", symptoms="mild"
                )
            ]
        )


# -- TSK-11 (Woby, Roach, Urmston & Watson 2005 Pain 117:137) --------------------------
@pytest.mark.parametrize(
    ("items", "total"),
    [
        ([1] * 11, 11),  # strongly disagree with everything: the floor
        ([4] * 11, 44),  # strongly agree with everything: the ceiling
        ([3, 2, 3, 1, 2, 4, 3, 2, 3, 2, 1], 26),  # a plain sum: no item is reverse-scored
    ],
)
def test_tsk11_scoring(items: list[int], total: int) -> None:
    assert score_tsk11(Tsk11Answers.model_validate({"items": items})) == total


# -- VISA-A (Robinson et al. 2001 BJSM 35:335) and VISA-P (Visentini et al. 1998 JSAMS 1:22)
@pytest.mark.parametrize(
    ("answers", "total"),
    [
        # No symptoms: 6 x 10 + 10 (full sport, same level) + 30 (no pain, > 30 min) = 100.
        (
            {
                "items": [10] * 6,
                "sport": "full_same_level",
                "load_pain": "none",
                "load_minutes": "over_30",
            },
            100,
        ),
        # The floor: nothing on any item, no sport, pain stops any loading.
        (
            {"items": [0] * 6, "sport": "not_at_all", "load_pain": "stops", "load_minutes": "nil"},
            0,
        ),
        # 5+6+4+7+8+6 = 36, modified sport 4, pain that does not stop, 11-20 min: 10 -> 50.
        (
            {
                "items": [5, 6, 4, 7, 8, 6],
                "sport": "modified",
                "load_pain": "not_stopping",
                "load_minutes": "11_20",
            },
            50,
        ),
        # Pain that stops the runner caps question 8 at 10 even after > 30 min: 60 + 7 + 10.
        (
            {
                "items": [10] * 6,
                "sport": "full_lower_level",
                "load_pain": "stops",
                "load_minutes": "over_30",
            },
            77,
        ),
        # No pain while loading, 21-30 min: 21.
        (
            {
                "items": [8] * 6,
                "sport": "full_lower_level",
                "load_pain": "none",
                "load_minutes": "21_30",
            },
            76,
        ),
    ],
)
def test_visa_scoring(answers: dict[str, Any], total: int) -> None:
    assert score_visa(VisaAnswers.model_validate(answers)) == total


def test_instruments_state_their_range_and_direction() -> None:
    assert Instrument.TSK_11.score_range == (11, 44)
    assert Instrument.OSTRC_O2.score_range == (0, 100)
    assert Instrument.VISA_A.higher_is_better
    assert not Instrument.OSTRC_O2.higher_is_better


# -- the case file ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("entry", "field", "words"),
    [
        ({"date": days_ago(1), "answers": {}}, "questionnaires[0].instrument", "is required"),
        (
            {"date": days_ago(1), "instrument": "koos", "answers": {}},
            "questionnaires[0]",
            "unknown instrument 'koos'",
        ),
        (tsk(1, [1, 2, 3]), "questionnaires[0].answers.items", "has 3 items (expected 11)"),
        (tsk(1, [1] * 10 + [5]), "questionnaires[0].answers.items[10]", "too high"),
        (
            {"date": "yesterday", "instrument": "tsk_11", "answers": {"items": [1] * 11}},
            "questionnaires[0].date",
            "not a date",
        ),
        (
            {
                "date": days_ago(1),
                "instrument": "visa_p",
                "answers": {
                    "items": [1] * 6,
                    "sport": "sometimes",
                    "load_pain": "none",
                    "load_minutes": "nil",
                },
            },
            "questionnaires[0].answers.sport",
            "unknown sport 'sometimes'",
        ),
    ],
)
def test_bad_questionnaire_names_the_field(entry: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(CaseFileError) as caught:
        case(questionnaires=[entry])
    assert caught.value.field == field
    assert words in caught.value.message


def test_questionnaires_are_optional_and_kept_in_date_order() -> None:
    assert parse_case(make_case(), TODAY).questionnaires == ()
    parsed = case(questionnaires=[tsk(2, [2] * 11), tsk(20, [1] * 11)])
    assert [e.date.isoformat() for e in parsed.questionnaires] == [days_ago(20), days_ago(2)]


# -- engine rules ----------------------------------------------------------------------
CLEAN = [run(4, 10), run(2, 10)]


def test_high_fear_of_movement_hold() -> None:
    decision = decide(case(log=CLEAN, questionnaires=[tsk(3, [3] * 10 + [2])]))  # 32/44
    assert decision.action is Action.HOLD
    hold = next(r for r in decision.reasons if r.code == "high_fear_of_movement_hold")
    assert "32/44" in hold.text


@pytest.mark.parametrize(
    "questionnaires",
    [
        [tsk(3, [2] * 11 + [])],  # 22/44: not high
        [tsk(40, [4] * 11)],  # high, but too old to speak for today
        [tsk(10, [4] * 11), tsk(2, [2] * 11)],  # the latest one counts, and it came down
    ],
)
def test_fear_of_movement_does_not_hold_when_low_or_stale(questionnaires: list[Any]) -> None:
    decision = decide(case(log=CLEAN, questionnaires=questionnaires))
    assert decision.action is Action.PROGRESS
    assert "high_fear_of_movement_hold" not in codes(decision.reasons)


def test_substantial_problem_persists_see_professional() -> None:
    # TODAY is a Sunday: answers on the Saturdays of 3 consecutive weeks.
    weeks = [ostrc(ago, **SUBSTANTIAL) for ago in (15, 8, 1)]
    reasons = assess(case(log=CLEAN, questionnaires=weeks)).triage.reasons
    hit = next(r for r in reasons if r.code == "substantial_problem_persists_see_professional")
    assert "3 weeks" in hit.text


@pytest.mark.parametrize(
    "agos",
    [
        (8, 1),  # only 2 weeks
        (22, 8, 1),  # a week without an answer breaks the run
        (29, 22, 15),  # 3 weeks, but none this week or last
    ],
)
def test_substantial_problem_needs_3_weeks_in_a_row_up_to_now(agos: tuple[int, ...]) -> None:
    weeks = [ostrc(ago, **SUBSTANTIAL) for ago in agos]
    reasons = assess(case(log=CLEAN, questionnaires=weeks)).triage.reasons
    assert "substantial_problem_persists_see_professional" not in codes(reasons)


def test_a_better_week_resets_the_substantial_run() -> None:
    weeks = [ostrc(ago, **SUBSTANTIAL) for ago in (22, 15, 8)] + [ostrc(1, **MILD)]
    reasons = assess(case(log=CLEAN, questionnaires=weeks)).triage.reasons
    assert "substantial_problem_persists_see_professional" not in codes(reasons)


# -- the schedule ----------------------------------------------------------------------
def visa_a(ago: int) -> dict[str, Any]:
    answers = {"items": [5] * 6, "sport": "modified", "load_pain": "none", "load_minutes": "nil"}
    return {"date": days_ago(ago), "instrument": "visa_a", "answers": answers}


def due_now(**overrides: Any) -> list[str]:
    return [d.instrument.value for d in outcomes.due(case(**overrides))]


def test_everything_is_due_at_the_start_with_the_sites_region_score() -> None:
    assert due_now() == ["ostrc_o2", "tsk_11", "visa_a"]  # the baseline is an Achilles
    assert due_now(injury__site="patellar_tendon") == ["ostrc_o2", "tsk_11", "visa_p"]
    assert due_now(injury__site="shin") == ["ostrc_o2", "tsk_11"]  # no region score here


def test_ostrc_weekly_the_others_every_three_weeks() -> None:
    answered = [ostrc(3, **MILD), tsk(10, [2] * 11), visa_a(20)]
    assert due_now(questionnaires=answered) == []
    later = [ostrc(7, **MILD), tsk(21, [2] * 11), visa_a(22)]
    assert due_now(questionnaires=later) == ["ostrc_o2", "tsk_11", "visa_a"]


def test_answers_after_today_do_not_count_as_asked() -> None:
    future = {**ostrc(0, **MILD), "date": "2026-11-30"}
    assert "ostrc_o2" in due_now(questionnaires=[future])


# -- properties ------------------------------------------------------------------------
@given(
    st.sampled_from(list(Participation)),
    st.sampled_from(list(Extent)),
    st.sampled_from(list(Extent)),
    st.sampled_from(list(Symptoms)),
)
def test_ostrc_severity_stays_in_range_and_substantial_follows_q1_to_q3(
    q1: Participation, q2: Extent, q3: Extent, q4: Symptoms
) -> None:
    try:
        answers = OstrcAnswers(participation=q1, volume=q2, performance=q3, symptoms=q4)
    except ValueError:
        assume(False)
        return
    result = score_ostrc(answers)
    assert 0 <= result.severity <= 100
    big = {Extent.MODERATE, Extent.MAJOR, Extent.CANNOT}
    expected = q1 is Participation.CANNOT or (
        q1 is not Participation.FULL_NO_PROBLEM and (q2 in big or q3 in big)
    )
    assert result.substantial is expected


@given(
    st.lists(st.integers(0, 10), min_size=6, max_size=6),
    st.sampled_from(list(SportNow)),
    st.sampled_from(list(LoadPain)),
    st.sampled_from(list(LoadMinutes)),
)
def test_visa_stays_in_0_100(
    items: list[int], sport: SportNow, load_pain: LoadPain, minutes: LoadMinutes
) -> None:
    answers = VisaAnswers(
        items=tuple(items), sport=sport, load_pain=load_pain, load_minutes=minutes
    )
    assert 0 <= score_visa(answers) <= 100
