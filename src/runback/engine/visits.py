"""Visits to a professional, and "try again": the pathway restarts from the latest visit.

When self-management is not enough the runner sees someone (physiotherapist first,
then a sports doctor, then a specialist) and records the visit in the case file's
``visits[]``: who, when, what they found and what they advised. After a visit the
comeback starts again from there, so the escalations that read *time without
progress* (``stalled_progress_see_professional``,
``substantial_problem_persists_see_professional``,
``readiness_gate_failed_twice_see_professional``, ``repeated_flares_see_professional``)
count from the visit date, not from
the onset: the advice gets its own six weeks (three questionnaire weeks, two test
rounds) before the engine says "see someone" again. Safety rules (red flags, worsening
pain) never restart: they read today's answers.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from runback.engine.answers import Reason
from runback.engine.reasons import Code, reason

if TYPE_CHECKING:
    from runback.engine.case import CaseFile


class Role(StrEnum):
    """Who the runner saw, least invasive route first (docs/getting-help in the app)."""

    PHYSIOTHERAPIST = "physiotherapist"
    SPORTS_DOCTOR = "sports_doctor"
    SPECIALIST = "specialist"
    OTHER = "other"


class VisitEntry(BaseModel):
    """One ``visits[]`` entry: ``{"date", "who", "role", "findings"?, "advice"?}``."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    date: dt.date
    who: str = Field(min_length=1, max_length=120)
    role: Role
    findings: str | None = Field(default=None, max_length=4000)
    advice: str | None = Field(default=None, max_length=4000)


def latest_visit(case: CaseFile) -> VisitEntry | None:
    """The most recent visit on or before today (visits are kept in date order)."""
    past = [v for v in case.visits if v.date <= case.today]
    return past[-1] if past else None


def restart(case: CaseFile) -> dt.date:
    """The day time-based escalations count from: the onset, or the latest visit after it."""
    visit = latest_visit(case)
    if visit is None or visit.date < case.injury.onset:
        return case.injury.onset
    return visit.date


def try_again(case: CaseFile) -> list[Reason]:
    """``try_again_after_visit`` when a visit restarted the count (and says since when)."""
    visit = latest_visit(case)
    if visit is None or visit.date < case.injury.onset:
        return []
    return [reason(Code.TRY_AGAIN_AFTER_VISIT, day=visit.date.isoformat(), who=visit.who)]
