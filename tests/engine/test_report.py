"""The clinician report: sections only with data, claims with codes, the JSON contract.

The contract test validates the report of every example case file against the
committed ``docs/report.schema.json`` (jsonschema), and checks the file still is
what the models say, so neither can drift.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from runback.engine import TriageStatus, parse_case
from runback.engine.reasons import TEXTS
from runback.engine.report import (
    APPOINTMENT_BASICS,
    HELP_CODES,
    build_report,
    report_json_schema,
)
from tests.engine.builders import TODAY, case, days_ago, run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
SCHEMA_FILE = ROOT / "docs" / "report.schema.json"
STALLED = ROOT / "examples" / "report_stalled_achilles.json"


def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def report_of(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return build_report(parse_case(data, default_today=TODAY)).to_contract()


# -- the contract ----------------------------------------------------------------------
def test_schema_file_is_what_the_models_say() -> None:
    assert schema() == report_json_schema(), "run scripts/write_report_schema.py"


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_report_validates_against_the_schema(path: Path) -> None:
    jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker()).validate(
        report_of(path)
    )


@pytest.mark.parametrize(
    "break_it",
    [
        lambda r: r["sections"].pop("reading"),
        lambda r: r["sections"]["injury_story"].pop("claims"),
        lambda r: r["sections"]["red_flag_screen"].update(status="maybe"),
        lambda r: r["sections"].update(horoscope={"title": "x", "claims": []}),
        lambda r: r["sections"]["pain_history"]["runs"][0].update(pain_after="high"),
        lambda r: r.update(today="yesterday"),
    ],
)
def test_the_schema_rejects_a_broken_report(break_it: Any) -> None:
    broken = copy.deepcopy(report_of(STALLED))
    break_it(broken)
    validator = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


# -- contents --------------------------------------------------------------------------
def test_a_bare_case_has_only_the_sections_it_has_data_for() -> None:
    bare = case(runner__previous_injuries=None, wellbeing={})
    keys = [key for key, _ in build_report(bare).present()]
    assert keys == ["injury_story", "red_flag_screen", "reading", "questions"]


def test_the_stalled_example_has_every_section_and_suggests_help() -> None:
    report = build_report(parse_case(json.loads(STALLED.read_text()), default_today=TODAY))
    assert len(report.present()) == 13
    reading = report.sections.reading
    assert reading.suggests_professional_help
    assert {r.code for r in reading.professional_help} >= {
        "stalled_progress_see_professional",
        "substantial_problem_persists_see_professional",
        "rest_test",
    }
    becauses = [q.because for q in report.sections.questions.items]
    assert "substantial_problem_persists_see_professional" in becauses
    assert becauses[-1] == APPOINTMENT_BASICS


def test_every_claim_carries_a_known_code() -> None:
    allowed = (
        set(TEXTS) | HELP_CODES | {"capacity_exit_by_tests", "plyometrics_after_strength_base"}
    )
    for path in EXAMPLES:
        data = report_of(path)
        for key, section in data["sections"].items():
            for claim in section["claims"]:
                assert claim["code"] in allowed, (path.name, key, claim)
                assert claim["text"]


def test_questionnaire_scores_over_time_are_the_published_scores() -> None:
    report = build_report(parse_case(json.loads(STALLED.read_text()), default_today=TODAY))
    section = report.sections.questionnaires
    assert section is not None
    ostrc = next(i for i in section.instruments if i.instrument.value == "ostrc_o2")
    # mild weeks: 8 + 6 + 6 + 8 = 28; substantial: 17 + 13 + 13 + 17 = 60
    assert [p.score for p in ostrc.scores] == [28, 28, 60, 60, 60, 60]
    assert [p.substantial for p in ostrc.scores] == [False, False, True, True, True, True]
    visa = next(i for i in section.instruments if i.instrument.value == "visa_a")
    assert visa.higher_is_better
    assert [p.score for p in visa.scores] == [49, 50]


def test_pain_history_reads_each_run_and_says_when_pain_is_unknown() -> None:
    c = case(log=[run(6, 10, during=1), run(4, 12), run(2, 12, pain_reported=False)])
    history = build_report(c).sections.pain_history
    assert history is not None
    assert [r.run_minutes for r in history.runs] == [10, 12, 12]
    assert history.runs[-1].pain_reported is False
    assert history.runs[-1].pattern is None
    assert history.runs[0].pattern is not None
    assert "pain_not_reported" in [r.code for r in history.claims]


def test_a_referral_shows_in_the_screen_and_the_reading() -> None:
    c = case(red_flags=["night_pain"])
    report = build_report(c)
    assert report.sections.red_flag_screen.status is TriageStatus.REFER
    assert report.sections.red_flag_screen.flags == ["night_pain"]
    assert report.sections.reading.next_run is None
    assert "night_pain" in [r.code for r in report.sections.reading.professional_help]


def test_strength_progression_per_exercise_and_adherence() -> None:
    lifts = [
        {"date": days_ago(ago), "exercise": "single_leg_calf_raise", "sets": 3, "reps": 8,
         "load_kg": load}
        for ago, load in ((20, 10), (13, 12), (6, 14))
    ]  # fmt: skip
    report = build_report(case(strength_log=lifts))
    strength = report.sections.strength
    assert strength is not None
    (calf,) = strength.exercises
    assert (calf.first_load_kg, calf.last_load_kg, len(calf.sessions)) == (10, 14, 3)
    adherence = report.sections.adherence
    assert adherence is not None
    assert sum(w.strength_sessions for w in adherence.weeks) == 3
    assert adherence.weeks_meeting_strength_target == 0


def test_a_worsening_injury_says_so_in_its_story() -> None:
    story = build_report(case(injury__worsening=True)).sections.injury_story
    assert story.worsening
    assert "worsening_pain_refer" in [r.code for r in story.claims]


def test_questionnaire_scores_carry_the_running_of_their_week() -> None:
    answer = {"participation": "full_with_problem", "volume": "minor", "performance": "none",
              "symptoms": "mild"}  # fmt: skip
    c = case(
        log=[run(12, 15), run(4, 10), run(2, 12)],
        questionnaires=[
            {"date": days_ago(1), "instrument": "ostrc_o2", "answers": answer},
            {"date": days_ago(9), "instrument": "ostrc_o2", "answers": answer},
        ],
    )
    section = build_report(c).sections.questionnaires
    assert section is not None
    (ostrc,) = section.instruments
    assert [(p.score, p.run_minutes_7_days) for p in ostrc.scores] == [(22, 15), (22, 22)]
