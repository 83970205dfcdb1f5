"""Every case-file field the engine reads can be entered in the web app, and changes
the engine's answer there exactly as the CLI answers for the same case file.

Each test posts the runner's form (onboarding steps revisited, the morning check-in),
then builds the case file the web app gives the engine, runs ``runback plan --json``
(or ``decide``) on that file, and checks that the answer the web app shows is the
CLI's, and that the rule the answer turned on is there (and was not before).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from typer.testing import CliRunner

from runback.cli import app
from runback.engine import evening_before, parse_case
from runback.web.runners import services
from runback.web.runners.casefile import case_dict
from runback.web.runners.models import DayEntry, Injury, Runner
from tests.web.conftest import client_for

cli = CliRunner()


def _step(runner: Runner, step: str) -> str:
    return reverse("runners:onboarding", args=[runner.pk, step])


def _injury_answers(runner: Runner, **change: Any) -> dict[str, Any]:
    """The injury step as stored, posted again with ``change``."""
    injury = Injury.objects.get(runner=runner)
    data: dict[str, Any] = {
        "site": injury.site,
        "side": injury.side,
        "kind": injury.kind,
        "bone_stress_risk": injury.bone_stress_risk,
        "onset": injury.onset.isoformat(),
        "last_run": injury.last_run.isoformat() if injury.last_run else "",
        "pain_free_run_minutes": injury.pain_free_run_minutes,
        "pain_rest": injury.pain_rest,
        "pain_walking": injury.pain_walking,
        "stiffness_baseline": injury.stiffness_baseline,
        "aggravators": list(injury.aggravators),
        "flare_point_minutes": injury.flare_point_minutes or "",
        "pain_allowance": "" if injury.pain_allowance is None else injury.pain_allowance,
    }
    return {k: ("" if v is None else v) for k, v in (data | change).items()}


HISTORY = {
    "age": "34",
    "sex": "female",
    "weekly_km_before": "40",
    "runs_per_week_before": "4",
    "longest_run_km_before": "16",
    "previous_injuries": "1",
}
WELLBEING = {"sleep_hours": "7.5", "stress": "3", "fear_of_reinjury": "3", "fuelling_ok": "true"}


def _rows(*rows: dict[str, str], extra: int = 1) -> dict[str, str]:
    """The history step's earlier-injury rows as the page posts them."""
    out = {"past-TOTAL_FORMS": str(len(rows) + extra), "past-INITIAL_FORMS": "0"}
    for i, row in enumerate([*rows, *[{}] * extra]):
        for name in ("site", "side", "date"):
            out[f"past-{i}-{name}"] = row.get(name, "")
    return out


def _case(runner: Runner, today: dt.date, **kwargs: Any) -> dict[str, Any]:
    """The case file from the stored record as it is now (not a cached relation)."""
    return case_dict(Runner.objects.get(pk=runner.pk), today, **kwargs)


def _plan_both_ways(runner: Runner, tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The plan the web app shows today, and the CLI's plan for the same case file."""
    runner = Runner.objects.get(pk=runner.pk)  # as a request reads it
    today = timezone.localdate()
    # The case file the plan for today is built from: the record on today, as of the
    # evening before (the engine's evening_before, which the web's plan goes through).
    record = parse_case(case_dict(runner, today), default_today=today)
    path = tmp_path / "case.json"
    path.write_text(evening_before(record).model_dump_json())
    result = cli.invoke(app, ["plan", str(path), "--weeks", str(services.PLAN_WEEKS), "--json"])
    assert result.exit_code == 0, result.stderr
    web = services.plan_for(runner, today).to_contract()
    return json.loads(json.dumps(web, default=str)), json.loads(result.stdout)


def _codes(answer: dict[str, Any]) -> set[str]:
    return {r["code"] for r in answer["reasons"]} | {r["code"] for r in answer["triage"]["reasons"]}


def _runs(answer: dict[str, Any]) -> list[int]:
    return [s["run_minutes"] for d in answer["days"] for s in d["sessions"] if s["run_minutes"]]


def test_side_and_earlier_injuries_call_for_an_early_look(alice: Runner, tmp_path: Path) -> None:
    client = client_for(alice.user)
    web, _ = _plan_both_ways(alice, tmp_path)
    assert "recurring_niggle_check_early" not in _codes(web)
    earlier = (timezone.localdate() - dt.timedelta(days=400)).isoformat()
    response = client.post(
        _step(alice, "history"),
        HISTORY | _rows({"site": "achilles", "side": "left", "date": earlier}),
    )
    assert response.status_code == 302
    # Another side: not the same spot.
    client.post(_step(alice, "injury"), _injury_answers(alice, side="right"))
    web, by_cli = _plan_both_ways(alice, tmp_path)
    assert web == by_cli
    assert "recurring_niggle_check_early" not in _codes(web)
    # The same side: the early-look rule, whatever the kind.
    client.post(_step(alice, "injury"), _injury_answers(alice, side="left"))
    case = _case(alice, timezone.localdate())
    assert case["injury"]["side"] == "left"
    assert case["runner"]["injury_history"] == [
        {"site": "achilles", "side": "left", "date": earlier}
    ]
    web, by_cli = _plan_both_ways(alice, tmp_path)
    assert web == by_cli
    assert "recurring_niggle_check_early" in _codes(web)


def test_a_history_row_needs_a_place_and_a_date_and_an_emptied_row_removes_it(
    alice: Runner,
) -> None:
    client = client_for(alice.user)
    response = client.post(_step(alice, "history"), HISTORY | _rows({"site": "knee"}))
    assert response.status_code == 400
    assert "Give a date, even a rough one" in response.content.decode()
    alice.refresh_from_db()
    assert alice.injury_history == []
    client.post(_step(alice, "history"), HISTORY | _rows({"site": "knee", "date": "2024-05-01"}))
    alice.refresh_from_db()
    assert alice.injury_history == [{"site": "knee", "date": "2024-05-01"}]
    # The page shows the stored row; emptying it removes the injury (and says so).
    page = client.get(_step(alice, "history")).content.decode()
    assert 'value="2024-05-01"' in page
    response = client.post(_step(alice, "history"), HISTORY | _rows({}), follow=True)
    alice.refresh_from_db()
    assert alice.injury_history == []
    assert "Earlier injuries: Knee (2024-05-01) \u2192 none" in response.content.decode()
    # A post without the rows (an older page) leaves the history alone.
    client.post(_step(alice, "history"), HISTORY | _rows({"site": "hip", "date": "2023-01-01"}))
    client.post(_step(alice, "history"), HISTORY)
    alice.refresh_from_db()
    assert alice.injury_history == [{"site": "hip", "date": "2023-01-01"}]


def test_missed_periods_and_past_bone_stress_flag_low_energy_availability(
    alice: Runner, tmp_path: Path
) -> None:
    client = client_for(alice.user)
    web, _ = _plan_both_ways(alice, tmp_path)
    assert "low_energy_availability_flag" not in _codes(web)
    client.post(_step(alice, "wellbeing"), WELLBEING | {"missed_periods": "true"})
    assert _case(alice, timezone.localdate())["wellbeing"]["missed_periods"] is True
    web, by_cli = _plan_both_ways(alice, tmp_path)
    assert web == by_cli
    assert "low_energy_availability_flag" in _codes(web)
    # "Prefer not to say" records nothing; two earlier bone stress injuries flag it too.
    response = client.post(
        _step(alice, "wellbeing"), WELLBEING | {"missed_periods": ""}, follow=True
    )
    assert "missed_periods" not in _case(alice, timezone.localdate())["wellbeing"]
    assert "You changed an earlier answer" in response.content.decode()
    assert "low_energy_availability_flag" not in _codes(_plan_both_ways(alice, tmp_path)[0])
    client.post(_step(alice, "history"), HISTORY | {"previous_bone_stress_injuries": "2"})
    web, by_cli = _plan_both_ways(alice, tmp_path)
    assert web == by_cli
    assert "low_energy_availability_flag" in _codes(web)


def test_pelvic_floor_symptoms_after_birth_stop_running(alice: Runner, tmp_path: Path) -> None:
    client = client_for(alice.user)
    birth = (timezone.localdate() - dt.timedelta(days=20 * 7)).isoformat()
    response = client.post(
        _step(alice, "injury"),
        _injury_answers(alice, kind="postpartum", site="other", onset=birth, aggravators=[]),
    )
    assert response.status_code == 302
    web, _ = _plan_both_ways(alice, tmp_path)
    assert _runs(web)
    assert "Heaviness or dragging" in client.get(_step(alice, "wellbeing")).content.decode()
    client.post(_step(alice, "wellbeing"), WELLBEING | {"pelvic_floor_symptoms": ["leakage"]})
    web, by_cli = _plan_both_ways(alice, tmp_path)
    assert web == by_cli
    assert _runs(web) == []
    assert "pelvic_floor_symptoms_no_running" in _codes(web)
    page = client.get(reverse("runners:plan", args=[alice.pk])).content.decode()
    assert "pelvic-health physiotherapist" in page


def test_a_flare_point_caps_the_runs_and_a_pain_allowance_above_5_is_refused(
    alice: Runner, tmp_path: Path
) -> None:
    client = client_for(alice.user)
    assert max(_runs(_plan_both_ways(alice, tmp_path)[0])) > 8
    client.post(_step(alice, "injury"), _injury_answers(alice, flare_point_minutes=8))
    web, by_cli = _plan_both_ways(alice, tmp_path)
    assert web == by_cli
    assert max(_runs(web)) == 8
    assert "flare_point_cap" in _codes(web)
    response = client.post(_step(alice, "injury"), _injury_answers(alice, pain_allowance=6))
    assert response.status_code == 400
    assert "At most 5/10" in response.content.decode()
    client.post(_step(alice, "injury"), _injury_answers(alice, pain_allowance=2))
    web, by_cli = _plan_both_ways(alice, tmp_path)
    assert web == by_cli
    assert web["allowed_pain"] == 2


def test_a_changed_injury_answer_is_said_back(alice: Runner) -> None:
    client = client_for(alice.user)
    client.post(_step(alice, "injury"), _injury_answers(alice, side="left"))
    response = client.post(
        _step(alice, "injury"), _injury_answers(alice, side="right", pain_walking=2), follow=True
    )
    page = response.content.decode()
    assert "Which side?: Left \u2192 Right" in page
    assert "Pain when walking: 1 \u2192 2" in page


def test_walking_pain_at_the_morning_check_in_is_read_and_a_rising_series_refers(
    alice: Runner, tmp_path: Path
) -> None:
    today = timezone.localdate()
    for days_ago, walking in ((4, 2), (3, 3), (2, 4), (1, 5)):
        DayEntry.objects.create(
            runner=alice,
            date=today - dt.timedelta(days=days_ago),
            pain=1,
            stiffness=2,
            walking_pain=walking,
            sleep_hours=7,
            stress=3,
        )
    client = client_for(alice.user)
    morning = {
        "pain": "1",
        "stiffness": "2",
        "walking_pain": "6",
        "sleep_hours": "7",
        "stress": "3",
    }
    response = client.post(reverse("runners:morning", args=[alice.pk]), morning)
    assert response.status_code == 200
    case = _case(alice, today)
    checkins = [e for e in case["log"] if e["kind"] == "checkin"]
    assert [e["pain_walking"] for e in checkins] == [2, 3, 4, 5, 6]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case, default=str))
    by_cli = json.loads(cli.invoke(app, ["decide", str(path), "--json"]).stdout)
    assert by_cli["action"] == "refer"
    assert "walking_pain_rising_refer" in {r["code"] for r in by_cli["reasons"]}
    assert services.current_decision(alice, today)["action"] == "refer"
    # Sent again without the walking pain: this morning's rating stays.
    client.post(reverse("runners:morning", args=[alice.pk]), morning | {"walking_pain": ""})
    assert DayEntry.objects.get(runner=alice, date=today).walking_pain == 6


@pytest.mark.parametrize("step", ["injury", "history", "wellbeing"])
def test_another_runner_cannot_read_or_write_these_answers(
    alice: Runner, bob: Runner, step: str
) -> None:
    client = client_for(bob.user)
    assert client.get(_step(alice, step)).status_code in {403, 404}
    response = client.post(
        _step(alice, "history"), HISTORY | _rows({"site": "hip", "date": "2023-01-01"})
    )
    assert response.status_code in {403, 404}
    alice.refresh_from_db()
    assert alice.injury_history == []


def test_the_client_sees_the_new_questions(alice: Runner) -> None:
    client: Client = client_for(alice.user)
    page = client.get(_step(alice, "injury")).content.decode()
    assert "Which side?" in page
    assert "did it use to flare up" in page
    page = client.get(_step(alice, "wellbeing")).content.decode()
    assert "Only if you choose to answer" in page
    assert "Heaviness or dragging" not in page  # asked only after giving birth
    page = client.get(_step(alice, "history")).content.decode()
    assert "Earlier injuries" in page
    assert "past-TOTAL_FORMS" in page
    page = client.get(reverse("runners:morning", args=[alice.pk])).content.decode()
    assert "Pain when walking" in page


def test_plyometric_contacts_and_pain_reach_the_engine(alice: Runner, bob: Runner) -> None:
    from runback.engine.strength import plyometric_records
    from runback.web.runners.models import LogEntry

    today = timezone.localdate()
    hops = LogEntry.objects.create(runner=alice, date=today, slot=1, kind="plyometrics")
    url = reverse("runners:strength_log", args=[alice.pk, hops.pk])
    assert client_for(bob.user).post(url, {"contacts": 5}).status_code in {403, 404}
    client = client_for(alice.user)
    response = client.post(url, {"contacts": "-1"})
    assert response.status_code == 422
    response = client.post(url, {"contacts": "30", "pain_during_max": "4"})
    assert "Foot contacts done: <strong>30</strong>, worst pain 4/10" in response.content.decode()
    case = _case(alice, today)
    logged = next(e for e in case["log"] if e["kind"] == "plyometrics")
    assert (logged["contacts"], logged["pain_during_max"]) == (30, 4)
    records = plyometric_records(parse_case(case, default_today=today))
    assert [(r.contacts, r.pain) for r in records] == [(30, 4)]
    # A second answer corrects the first, and says so; an empty pain keeps it.
    response = client.post(url, {"contacts": "40"})
    assert "Foot contacts done: 30 \u2192 40" in response.content.decode()
    hops.refresh_from_db()
    assert (hops.contacts, hops.pain_during_max) == (40, 4)
