"""The milestone checklist on the plan page.

Milestones follow DOMAIN.md's pathway: exits are by capacity (strength sessions
done, runs without a flare), never by "it doesn't hurt". The engine's own
thresholds are reused so the checklist and the plan cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runback.engine import Phase, Plan
from runback.engine.phases import STRENGTH_BASE_SESSIONS
from runback.web.runners.models import DecisionRecord, LogEntry, Runner
from runback.web.runners.vocabulary import Action, LogKind

PHASES = list(Phase)


@dataclass(frozen=True)
class Milestone:
    """One line of the checklist: what it takes, and whether it is done."""

    text: str
    met: bool


def milestones(runner: Runner, plan: Plan, today: dt.date) -> list[Milestone]:
    reached = PHASES.index(plan.phase)
    strength = LogEntry.objects.filter(
        runner=runner, kind=LogKind.STRENGTH, date__lte=today
    ).count()
    runs = LogEntry.objects.filter(runner=runner, kind=LogKind.RUN, date__lte=today).count()
    progressed = DecisionRecord.objects.filter(runner=runner, action=Action.PROGRESS).exists()
    return [
        Milestone("Safety check clear", not runner.is_referred),
        Milestone("Symptoms settled enough to build", reached > PHASES.index(Phase.SETTLE)),
        Milestone(
            f"Strength base: {min(strength, STRENGTH_BASE_SESSIONS)} of "
            f"{STRENGTH_BASE_SESSIONS} heavy strength sessions",
            strength >= STRENGTH_BASE_SESSIONS,
        ),
        Milestone("First run logged", runs > 0),
        Milestone("A run read well enough to progress", progressed),
        Milestone("Back to most of your old running", reached >= PHASES.index(Phase.INTEGRATE)),
    ]
