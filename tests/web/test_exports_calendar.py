"""The ICS feed writer: one event per session, stable UIDs, rest days left out."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from runback.web.exports.calendar import plan_calendar
from runback.web.exports.planned import sessions_from_days

NOW = dt.datetime(2026, 11, 24, 6, 0, tzinfo=dt.UTC)
DAYS = [
    {
        "date": "2026-11-25",
        "sessions": [
            {
                "kind": "run_walk",
                "run_minutes": 10,
                "walk_minutes": 2,
                "intensity": "easy",
                "why": "Start at the minutes you can run without pain.",
                "intervals": [{"repeats": 2, "run_minutes": 5, "walk_minutes": 1}],
            },
            {"kind": "strength", "minutes": 30, "why": "Heavy, slow strength work."},
        ],
    },
    {"date": "2026-11-26", "sessions": [{"kind": "rest", "why": "Recover."}]},
]


def events(data: bytes) -> list[dict[str, str]]:
    calendar = Calendar.from_ical(data)
    return [
        {key: str(event.get(key)) for key in ("uid", "summary", "description")}
        | {"start": event.decoded("dtstart").isoformat()}
        for event in calendar.walk("VEVENT")
    ]


def test_it_writes_one_all_day_event_per_session_and_skips_rest_days() -> None:
    data = plan_calendar(sessions_from_days(DAYS), feed_id="f1", now=NOW, name="My plan")
    found = events(data)
    assert [e["summary"] for e in found] == ["Run/walk: run 10 min, walk 2 min", "Strength: 30 min"]
    assert {e["start"] for e in found} == {"2026-11-25"}
    assert "2 x (run 5 min, walk 1 min)" in found[0]["description"]
    assert "without pain" in found[0]["description"]
    assert b"X-WR-CALNAME:My plan" in data


def test_it_keeps_uids_stable_when_the_feed_is_rebuilt() -> None:
    first = events(plan_calendar(sessions_from_days(DAYS), feed_id="f1", now=NOW, name="p"))
    later = NOW + dt.timedelta(hours=7)
    again = events(plan_calendar(sessions_from_days(DAYS), feed_id="f1", now=later, name="p"))
    assert [e["uid"] for e in first] == [e["uid"] for e in again]
    assert len({e["uid"] for e in first}) == 2
    other = events(plan_calendar(sessions_from_days(DAYS), feed_id="f2", now=NOW, name="p"))
    assert not {e["uid"] for e in first} & {e["uid"] for e in other}


def test_an_empty_plan_is_a_valid_empty_calendar() -> None:
    assert events(plan_calendar([], feed_id="f", now=NOW, name="p")) == []


def test_a_strength_event_lists_its_exercises_sets_reps_and_loads() -> None:
    days = [
        {
            "date": "2026-11-27",
            "sessions": [
                {
                    "kind": "strength",
                    "minutes": 30,
                    "why": "Heavy, slow strength work.",
                    "exercises": [
                        {"name": "Single-leg calf raise", "sets": 3, "reps": 8,
                         "load": "20 kg", "rest_s": 120},
                        {"name": "Isometric calf hold", "sets": 3, "reps": 1,
                         "load": "body weight", "rest_s": 60, "hold_s": 30},
                    ],
                }
            ],
        }
    ]  # fmt: skip
    [event] = events(plan_calendar(sessions_from_days(days), feed_id="f", now=NOW, name="x"))
    assert event["description"].splitlines()[:2] == [
        "Single-leg calf raise: 3 x 8, 20 kg, rest 120 s",
        "Isometric calf hold: 3 holds of 30 s, body weight, rest 60 s",
    ]
