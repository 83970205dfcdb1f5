"""Parsing the case file: defaults, the extensions, and errors that name the field."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from runback.engine import CaseFileError, Weekday, parse_case
from tests.engine.builders import TODAY, make_case, run


def error(data: object) -> CaseFileError:
    with pytest.raises(CaseFileError) as caught:
        parse_case(data, default_today=TODAY)  # type: ignore[arg-type]
    return caught.value


def test_today_defaults_to_the_date_the_edge_passes() -> None:
    case = parse_case(make_case(today=None), default_today=dt.date(2026, 12, 1))
    assert case.today == dt.date(2026, 12, 1)


def test_only_age_is_required_in_runner_and_wellbeing_and_log_may_be_absent() -> None:
    data = make_case(runner={"age": 40}, wellbeing=None, log=None)
    case = parse_case(data, default_today=TODAY)
    assert case.runner.weekly_km_before is None
    assert case.log == ()
    assert case.availability.days == tuple(Weekday)


def test_the_log_is_kept_in_date_order() -> None:
    case = parse_case(make_case(log=[run(1), run(9), run(4)]), default_today=TODAY)
    assert [e["date"] for e in case.log] == sorted(e["date"] for e in case.log)


def test_unknown_keys_are_ignored_so_the_contract_can_grow() -> None:
    case = parse_case(make_case(clinic_id="x-42", injury__side="left"), default_today=TODAY)
    assert case.injury.site.value == "achilles"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"injury__pain_rest": 11}, "injury.pain_rest: 11 is outside 0-10"),
        ({"injury__pain_walking": -1}, "injury.pain_walking: -1 is outside 0-10"),
        ({"injury__onset": "2026-02-30"}, "injury.onset: '2026-02-30' is not a date"),
        ({"injury": None}, "injury: is required"),
        ({"injury__site": "toe"}, "injury.site: unknown site 'toe' (expected one of foot,"),
        ({"injury__onset": "2027-01-01"}, "injury.onset: 2027-01-01 is after today"),
        ({"runner__age": 2.5}, "runner.age: 2.5 is not a whole number"),
        ({"log": [run(1, pain_next_morning=12)]}, "log[0].pain_next_morning: 12 is outside"),
        (
            {"log": [run(1, stiffness_next_morning=11)]},
            "log[0].stiffness_next_morning: 11 is outside 0-10",
        ),
        ({"injury__stiffness_baseline": -1}, "injury.stiffness_baseline: -1 is outside 0-10"),
        ({"injury__stiffness_baseline": "x"}, "injury.stiffness_baseline: 'x' is not a whole"),
        (
            {"log": [{"date": "2026-11-20", "kind": "plyometrics", "contacts": -1}]},
            "log[0].contacts: -1 is too low (at least 0)",
        ),
        (
            {"log": [{"date": "2026-11-20", "kind": "plyometrics", "contacts": 2.5}]},
            "log[0].contacts: 2.5 is not a whole number",
        ),
        ({"log": [run(2), run(1, contacts=40)]}, "log[1].contacts: only plyometrics entries"),
        ({"log": "lots"}, "log: must be a list"),
        ({"availability": {"days": ["mon"]}}, "availability.days: pick at least 2 days"),
    ],
)
def test_errors_name_the_field(overrides: dict[str, object], message: str) -> None:
    assert str(error(make_case(**overrides))).startswith(message)


def test_error_carries_the_field_for_the_edges() -> None:
    err = error(make_case(log=[run(3), {"date": "2026-11-20", "kind": "swim"}]))
    assert err.field == "log[1].kind"
    assert "unknown kind 'swim'" in err.message


def test_a_case_file_that_is_not_an_object_is_refused() -> None:
    assert error([1, 2]).field == "case"


def test_the_engine_imports_no_django_web_or_cli() -> None:
    code = (
        "import sys, runback.engine; "
        "bad = [m for m in sys.modules if m.startswith(('django', 'runback.web', 'runback.cli',"
        " 'typer', 'rich'))]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
