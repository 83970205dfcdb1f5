"""Where the exports get the plan from: the runners app's service, as contract JSON."""

from __future__ import annotations

import datetime as dt

from runback.engine import CaseFileError
from runback.web.exports.planned import PlannedSession, sessions_from_days
from runback.web.runners.casefile import NotReady
from runback.web.runners.models import Runner
from runback.web.runners.services import plan_for


def upcoming_sessions(runner: Runner, today: dt.date) -> list[PlannedSession]:
    """The runner's planned sessions from ``today``; none before onboarding is done."""
    try:
        plan = plan_for(runner, today)
    except (NotReady, CaseFileError):
        return []
    days = [day for day in plan.to_contract()["days"] if day["date"] >= today.isoformat()]
    return sessions_from_days(days)


def session_on(runner: Runner, today: dt.date, day: dt.date, slot: int) -> PlannedSession | None:
    """The ``slot``-th session planned on ``day`` (as the Today page numbers them)."""
    on_day = [s for s in upcoming_sessions(runner, today) if s.date == day]
    return on_day[slot] if 0 <= slot < len(on_day) else None
