"""The plan as an iCalendar (ICS) feed a phone or desktop calendar can subscribe to.

One all-day event per session (rest days are left out), its description the engine's
reason. UIDs are stable per runner, day and slot, so a calendar app that refreshes the
feed after the plan changes updates the events in place instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from icalendar import Calendar, Event

from runback.web.exports.planned import PlannedSession

PRODID = "-//runback//training plan//EN"


def plan_calendar(
    sessions: Iterable[PlannedSession], *, feed_id: str, now: dt.datetime, name: str
) -> bytes:
    """The ICS document for ``sessions``; ``feed_id`` makes the UIDs unique per runner."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval;value=duration", "PT6H")
    calendar.add("x-published-ttl", "PT6H")
    slots: dict[dt.date, int] = {}
    for session in sessions:
        if session.is_rest:
            continue
        slot = slots.get(session.date, 0)
        slots[session.date] = slot + 1
        calendar.add_component(_event(session, slot, feed_id, now))
    return bytes(calendar.to_ical())


def _event(session: PlannedSession, slot: int, feed_id: str, now: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{session.date.isoformat()}-{slot}-{feed_id}@runback")
    event.add("dtstamp", now)
    event.add("dtstart", session.date)
    event.add("dtend", session.date + dt.timedelta(days=1))
    event.add("summary", session.title)
    description = [session.why] if session.why else []
    if session.intervals:
        blocks = ", ".join(
            f"{b.repeats} x (run {b.run_minutes:g} min, walk {b.walk_minutes:g} min)"
            for b in session.intervals
        )
        description.insert(0, blocks)
    if session.intensity and session.has_running:
        description.append(f"Intensity: {session.intensity}.")
    if session.exercises:
        description[:0] = [lift.line for lift in session.exercises]
    event.add("description", "\n".join(description))
    event.add("transp", "TRANSPARENT")
    return event
