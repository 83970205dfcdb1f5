"""The engine's answers: assessments, decisions and plans.

All frozen pydantic models. ``to_contract()`` gives the JSON shape promised in
``docs/case-file.md`` (extra keys are allowed there; required keys never go).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from runback.engine.enums import (
    Action,
    Intensity,
    PainPattern,
    Pathway,
    Phase,
    SessionKind,
    TriageStatus,
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Reason(_Frozen):
    """Why the engine said what it said. ``code`` is a DOMAIN.md rule code."""

    code: str
    text: str


class Interval(_Frozen):
    """One block of a run/walk session: ``repeats`` x (run, then walk)."""

    repeats: int = Field(ge=1)
    run_minutes: int = Field(ge=0)
    walk_minutes: int = Field(ge=0)


class ExerciseDose(_Frozen):
    """One exercise in a strength or plyometric session."""

    name: str
    sets: int
    reps: int
    load: str
    rest_s: int
    notes: str | None = None
    exercise: str | None = None
    """The exercise-library id (what ``strength_log`` entries name); see ``runback exercises``."""
    load_kg: float | None = None
    """The load in kg when the strength log sets it (``load`` says it in words)."""
    hold_s: int | None = None
    """Seconds per hold for isometric exercises (then ``reps`` is 1 hold per set)."""


class Session(_Frozen):
    """One planned session. Running minutes are 0 for anything but run/run_walk."""

    kind: SessionKind
    run_minutes: int = 0
    walk_minutes: int = 0
    intensity: Intensity = Intensity.EASY
    why: str
    minutes: int | None = None
    """Duration of a non-running session (strength, cross-training, walk)."""
    exercises: list[ExerciseDose] | None = None
    contacts: int | None = None
    """Plyometric foot contacts in the session."""
    intervals: list[Interval] | None = None
    """Run/walk breakdown in order, for drawing a timeline."""

    @property
    def has_running(self) -> bool:
        """True when the session puts the runner on their feet running."""
        return self.run_minutes > 0 or self.kind in {SessionKind.RUN, SessionKind.RUN_WALK}


class DayPlan(_Frozen):
    """The sessions of one day."""

    date: dt.date
    sessions: list[Session]


class WeekSummary(_Frozen):
    """One planned week: its running volume and the cap it was planned under."""

    start: dt.date
    run_minutes: int
    volume_cap_minutes: int
    down_week: bool = False
    strength_sessions: int = 0
    phase: Phase | None = None


class Triage(_Frozen):
    """The screening result."""

    status: TriageStatus
    reasons: list[Reason]


class Plan(_Frozen):
    """A multi-week plan starting the day after ``today``."""

    triage: Triage
    pathway: Pathway
    phase: Phase
    allowed_pain: int
    days: list[DayPlan]
    weeks: list[WeekSummary]
    reasons: list[Reason]

    def to_contract(self) -> dict[str, Any]:
        """JSON shape: like ``assess`` but over all weeks (``days`` instead of ``week``)."""
        return _dump(self)


class Assessment(_Frozen):
    """The answer of ``runback assess``: triage, pathway, phase and the next 7 days."""

    triage: Triage
    pathway: Pathway
    phase: Phase
    allowed_pain: int
    week: list[DayPlan]
    week_summary: WeekSummary
    reasons: list[Reason]

    def to_contract(self) -> dict[str, Any]:
        """JSON shape of docs/case-file.md ("assess answer")."""
        return _dump(self)


class NextRun(_Frozen):
    """The size of the next run."""

    run_minutes: int
    walk_minutes: int
    intensity: Intensity
    intervals: list[Interval] | None = None


class Decision(_Frozen):
    """The answer of ``runback decide``: how the last run went and what comes next."""

    action: Action
    pattern: PainPattern
    reasons: list[Reason]
    next_run: NextRun | None
    run_date: dt.date | None = None
    """Date of the run that was read (None when nothing has been logged yet)."""

    def to_contract(self) -> dict[str, Any]:
        """JSON shape of docs/case-file.md ("decide answer"); ``next_run`` may be null."""
        out = _dump(self)
        out.setdefault("next_run", None)
        return out


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_none=True)
