"""Nothing a runner enters is lost or silently replaced, whatever order the forms come in.

Six forms write the same day: the morning check-in, the journal, the after-run
check-in, an unplanned run, the strength log and an upload from the watch. For every
pair, one runner saves them in one order and an identical twin in the other. Both
must keep every answer either form gave, end with the same record, and every page
that shows the plan or the decision (Today, Plan, the API, the calendar feed and the
watch workouts) must agree with the engine and with each other.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from runback.web.activities.models import Activity
from runback.web.exports.models import CalendarFeed
from runback.web.runners.models import DayEntry, LogEntry, Runner
from tests.web.builders import local_today
from tests.web.conftest import client_for, new_runner
from tests.web.files_support import gpx_on, media, post_files, run_worker
from tests.web.test_exports_fit import decode

__all__ = ["media"]

JSON = "application/json"


# --- the record before the forms: a checked-in run yesterday, today's run and
# strength session ticked off as done (as the "Done" button writes them) ----------


def _record(username: str) -> Runner:
    runner = new_runner(username)
    today = local_today()
    LogEntry.objects.create(
        runner=runner,
        date=today - dt.timedelta(days=1),
        kind="run",
        run_minutes=10,
        walk_minutes=2,
        pain_before=0,
        pain_during_max=0,
        pain_during_pattern="none",
        pain_after=0,
        checked_in=True,
    )
    LogEntry.objects.create(runner=runner, date=today, slot=0, kind="run", run_minutes=10)
    LogEntry.objects.create(runner=runner, date=today, slot=1, kind="strength", minutes=40)
    return runner


# --- the six forms: each posts what a runner would and says what must be kept ------

Kept = dict[str, Any]


def morning(client: Client, runner: Runner) -> Kept:
    data = {"pain": "2", "stiffness": "4", "sleep_hours": "7", "stress": "3", "fuelling_ok": "true"}
    assert client.post(reverse("runners:morning", args=[runner.pk]), data).status_code == 200
    return {
        "day.pain": 2,
        "day.stiffness": 4,
        "day.sleep_hours": 7,
        "day.stress": 3,
        "day.fuelling_ok": True,
    }


def journal(client: Client, runner: Runner) -> Kept:
    data = {
        "date": local_today().isoformat(),
        "day_pain": "1",
        "day_stiffness": "3",
        "notes": "Stiff on the stairs.",
    }
    assert client.post(reverse("runners:journal", args=[runner.pk]), data).status_code == 302
    return {"day.day_pain": 1, "day.day_stiffness": 3, "day.notes": "Stiff on the stairs."}


def run_checkin(client: Client, runner: Runner) -> Kept:
    entry = LogEntry.objects.get(runner=runner, date=local_today(), slot=0)
    data = {
        "run_minutes": "11",
        "walk_minutes": "3",
        "distance_km": "2.2",
        "pain_before": "1",
        "pain_during_max": "2",
        "pain_during_pattern": "eased",
        "pain_after": "1",
    }
    url = reverse("runners:run_checkin", args=[runner.pk, entry.pk])
    assert client.post(url, data).status_code == 200
    return {
        "run0.run_minutes": 11,
        "run0.walk_minutes": 3,
        "run0.distance_km": 2.2,
        "run0.pain_before": 1,
        "run0.pain_during_max": 2,
        "run0.pain_during_pattern": "eased",
        "run0.pain_after": 1,
        "run0.checked_in": True,
    }


def unplanned_run(client: Client, runner: Runner) -> Kept:
    data = {
        "date": local_today().isoformat(),
        "run_minutes": "6",
        "walk_minutes": "0",
        "distance_km": "1.1",
        "client_token": str(uuid.uuid4()),
    }
    assert client.post(reverse("runners:unplanned_run", args=[runner.pk]), data).status_code == 302
    return {"extra.run_minutes": 6, "extra.distance_km": 1.1}


def strength(client: Client, runner: Runner) -> Kept:
    entry = LogEntry.objects.get(runner=runner, date=local_today(), slot=1)
    url = reverse("runners:strength_log", args=[runner.pk, entry.pk])
    assert client.post(url, {"load_kg": "42.5", "minutes": "35"}).status_code == 200
    return {"lift.load_kg": 42.5, "lift.minutes": 35}


def upload(client: Client, runner: Runner) -> Kept:
    """A real Garmin Connect GPX, its clock moved to early this morning."""
    assert post_files(client, [gpx_on(local_today())]).status_code == 302
    run_worker()
    activity = Activity.objects.get(runner=runner)
    return {"watch.local_date": local_today(), "watch.distance_m": activity.distance_m}


FORMS: dict[str, Callable[[Client, Runner], Kept]] = {
    "morning": morning,
    "journal": journal,
    "run_checkin": run_checkin,
    "unplanned_run": unplanned_run,
    "strength": strength,
    "upload": upload,
}
PAIRS = list(itertools.combinations(FORMS, 2))


# --- reading the record and every page back ------------------------------------------


def _stored(runner: Runner) -> dict[str, Any]:
    """What the record holds for today, keyed as the forms' ``Kept`` are."""
    today = local_today()
    out: dict[str, Any] = {}
    day = DayEntry.objects.filter(runner=runner, date=today).first()
    if day is not None:
        for field in (
            "pain",
            "stiffness",
            "sleep_hours",
            "stress",
            "fuelling_ok",
            "day_pain",
            "day_stiffness",
            "notes",
        ):
            out[f"day.{field}"] = getattr(day, field)
    rows = {
        "run0": LogEntry.objects.get(runner=runner, date=today, slot=0),
        "lift": LogEntry.objects.get(runner=runner, date=today, slot=1),
        "extra": LogEntry.objects.filter(runner=runner, date=today, slot__gte=50).first(),
    }
    for name, entry in rows.items():
        if entry is None:
            continue
        for field in (
            "kind",
            "run_minutes",
            "walk_minutes",
            "minutes",
            "distance_km",
            "load_kg",
            "pain_before",
            "pain_during_max",
            "pain_during_pattern",
            "pain_after",
            "checked_in",
        ):
            out[f"{name}.{field}"] = getattr(entry, field)
    for activity in Activity.objects.filter(runner=runner):
        out["watch.local_date"] = activity.local_date
        out["watch.distance_m"] = activity.distance_m
    return out


def _surfaces(client: Client, runner: Runner) -> dict[str, Any]:
    """The plan and the decision as each page and file shows them."""
    plan = client.get(f"/api/runners/{runner.pk}/plan?weeks=1").json()
    days = [d for d in plan["days"] if d["sessions"]]
    today_api = client.get(f"/api/runners/{runner.pk}/today").json()
    decision = client.get(f"/api/runners/{runner.pk}/decision").json()
    today_page = client.get(reverse("runners:today", args=[runner.pk])).content.decode()
    plan_page = client.get(reverse("runners:plan", args=[runner.pk])).content.decode()

    client.post(reverse("exports:calendar_create"))
    feed = CalendarFeed.objects.get(runner=runner)
    ics = client.get(reverse("exports:calendar", args=[feed.token])).content
    events = sorted(
        (str(e.decoded("dtstart")), str(e.get("summary")))
        for e in Calendar.from_ical(ics).walk("VEVENT")
    )
    workouts = {}
    for day in days:
        for slot, session in enumerate(day["sessions"]):
            if session.get("run_minutes"):
                url = reverse("exports:workout", args=[day["date"], slot])
                workouts[(day["date"], slot)] = _run_seconds(client.get(url).content)
    return {
        "plan": plan["days"],
        "today_api": today_api,
        "decision": decision,
        "today_page": today_page,
        "plan_page": plan_page,
        "events": events,
        "workouts": workouts,
    }


def _run_seconds(fit: bytes) -> float:
    """Total running time of a FIT workout, repeats unrolled."""
    steps = decode(fit)["workout_step_mesgs"]
    total = 0.0
    running = [0.0] * len(steps)
    for i, step in enumerate(steps):
        if step["duration_type"] == "repeat_until_steps_cmplt":
            start, repeats = int(step["duration_step"]), int(step["repeat_steps"])
            total += (repeats - 1) * sum(running[start:i])
        elif step.get("wkt_step_name") == "Run":
            running[i] = float(step["duration_time"])
            total += running[i]
    return total


def _agree(seen: dict[str, Any]) -> None:
    """Every page and file shows the same plan and decision as the API."""
    from runback.web.exports.planned import sessions_from_days

    sessions = sessions_from_days(seen["plan"])
    planned_events = sorted((str(s.date), s.title) for s in sessions if not s.is_rest)
    assert [e for e in seen["events"] if e[0] in {str(s.date) for s in sessions}] == (
        planned_events
    )
    for (day, slot), seconds in seen["workouts"].items():
        session = next(d for d in seen["plan"] if d["date"] == day)["sessions"][slot]
        assert seconds == pytest.approx(session["run_minutes"] * 60)
    first = seen["plan"][0]
    assert first["date"] == seen["today_api"]["date"]
    assert [s["kind"] for s in first["sessions"]] == [
        s["kind"] for s in seen["today_api"]["sessions"]
    ]
    codes = re.findall(r'<li data-code="([a-z_0-9]+)"', seen["today_page"])
    assert codes == [r["code"] for r in seen["decision"]["reasons"]]
    pills = re.findall(r'<span class="pill (?:run|run_walk)"[^>]*>(\d+)\u2032<', seen["plan_page"])
    runs = [f"{s.run_minutes:g}" for s in sessions if s.run_minutes]
    assert pills, "the Plan page shows no run"
    assert pills[: len(runs)] == runs


def _comparable(seen: dict[str, Any]) -> dict[str, Any]:
    """The parts two twins must share (pages carry their own ids and tokens)."""
    return {k: seen[k] for k in ("plan", "today_api", "decision", "events", "workouts")}


@pytest.mark.parametrize(("first", "second"), PAIRS, ids=[f"{a}+{b}" for a, b in PAIRS])
def test_two_forms_on_one_day_keep_every_answer_in_either_order(
    db: None, media: Path, first: str, second: str
) -> None:
    ada, twin = _record("ada"), _record("twin")
    ada_client, twin_client = client_for(ada.user), client_for(twin.user)

    kept = FORMS[first](ada_client, ada) | FORMS[second](ada_client, ada)
    twin_kept = FORMS[second](twin_client, twin) | FORMS[first](twin_client, twin)
    assert kept == twin_kept

    for runner in (ada, twin):
        stored = _stored(runner)
        lost = {k: (v, stored.get(k)) for k, v in kept.items() if stored.get(k) != v}
        assert lost == {}, f"{runner}: answers lost or replaced (kept, stored): {lost}"
    assert _stored(ada) == _stored(twin)

    ada_seen, twin_seen = _surfaces(ada_client, ada), _surfaces(twin_client, twin)
    _agree(ada_seen)
    _agree(twin_seen)
    assert _comparable(ada_seen) == _comparable(twin_seen)


def test_the_journal_never_touches_the_morning_check_in(db: None) -> None:
    """The reported bug: a journal entry turned this morning's pain 2 into 1."""
    runner = _record("ada")
    client = client_for(runner.user)
    morning(client, runner)
    before = client.get(f"/api/runners/{runner.pk}/decision").json()
    journal(client, runner)
    entry = DayEntry.objects.get(runner=runner, date=local_today())
    assert (entry.pain, entry.stiffness, entry.day_pain, entry.day_stiffness) == (2, 4, 1, 3)
    assert client.get(f"/api/runners/{runner.pk}/decision").json() == before


def test_a_corrected_morning_answer_is_said_and_decided_again(db: None) -> None:
    runner = _record("ada")
    client = client_for(runner.user)
    morning(client, runner)
    url = reverse("runners:morning", args=[runner.pk])
    data = {"pain": "5", "stiffness": "4", "sleep_hours": "7", "stress": "3", "fuelling_ok": "true"}
    page = client.post(url, data).content.decode()
    assert "You changed an earlier answer" in page
    assert "Pain this morning: 2 \u2192 5" in page
    assert "Stiffness" not in page.split("You changed", 1)[1].split("</ul>", 1)[0]
    decision = client.get(f"/api/runners/{runner.pk}/decision").json()
    assert decision["action"] == "back_off"
    assert decision["reasons"][0]["code"] == "next_morning_above_baseline"


def test_a_run_marked_done_is_unknown_until_its_pain_answer_comes(db: None) -> None:
    runner = _record("ada")
    client = client_for(runner.user)
    decision = client.get(f"/api/runners/{runner.pk}/decision").json()
    assert decision["action"] == "hold"
    assert [r["code"] for r in decision["reasons"]] == ["pain_not_reported"]
    case = client.get(f"/api/runners/{runner.pk}/case-file").json()
    assert [e.get("pain_reported") for e in case["log"] if e["kind"] == "run"] == [None, False]

    run_checkin(client, runner)
    decision = client.get(f"/api/runners/{runner.pk}/decision").json()
    assert "pain_not_reported" not in [r["code"] for r in decision["reasons"]]
    case = client.get(f"/api/runners/{runner.pk}/case-file").json()
    assert all("pain_reported" not in e for e in case["log"])


def test_a_second_run_check_in_says_which_answers_changed(db: None) -> None:
    runner = _record("ada")
    client = client_for(runner.user)
    run_checkin(client, runner)
    entry = LogEntry.objects.get(runner=runner, date=local_today(), slot=0)
    url = reverse("runners:run_checkin", args=[runner.pk, entry.pk])
    data = {
        "run_minutes": "11",
        "walk_minutes": "3",
        "distance_km": "2.2",
        "pain_before": "1",
        "pain_during_max": "4",
        "pain_during_pattern": "built",
        "pain_after": "5",
    }
    page = client.post(url, data).content.decode()
    assert "Worst pain during the run: 2 \u2192 4" in page
    assert "Pain straight after: 1 \u2192 5" in page
    assert "Minutes running" not in page.split("You changed", 1)[1].split("</ul>", 1)[0]


def test_a_changed_strength_load_is_said_back(db: None) -> None:
    runner = _record("ada")
    client = client_for(runner.user)
    strength(client, runner)
    entry = LogEntry.objects.get(runner=runner, date=local_today(), slot=1)
    url = reverse("runners:strength_log", args=[runner.pk, entry.pk])
    page = client.post(url, {"load_kg": "45", "minutes": "35"}).content.decode()
    assert "You changed it: Heaviest load (kg): 42.5 \u2192 45" in page
    entry.refresh_from_db()
    assert entry.load_kg == 45


def test_the_api_says_which_answers_a_check_in_changed(db: None) -> None:
    runner = _record("ada")
    client = client_for(runner.user)
    url = f"/api/runners/{runner.pk}/morning"
    body = {"pain": 2, "stiffness": 4, "sleep_hours": 7, "stress": 3}
    assert client.post(url, body, content_type=JSON).json()["corrections"] == []
    answer = client.post(url, body | {"pain": 3}, content_type=JSON).json()
    assert answer["corrections"] == [{"field": "pain", "was": 2, "now": 3}]
