"""Phases: settle -> capacity -> return -> integrate.

Exits are by capacity criteria, never by "it no longer hurts" (DOMAIN.md,
``capacity_exit_by_tests``). Until readiness tests are recorded, the capacity
criterion is a strength base built in the log: ``has_strength_base``. That one
function is the seam where readiness tests plug in.
"""

from __future__ import annotations

import datetime as dt

from runback.engine import history
from runback.engine.answers import Triage
from runback.engine.case import CaseFile
from runback.engine.enums import Pathway, Phase, TriageStatus
from runback.engine.pathways import days_since_onset
from runback.engine.screening import is_bone_stress

STRENGTH_BASE_SESSIONS = 8
"""Strength sessions in the last 6 weeks that count as a base (about 2 a week for 4 weeks)."""
STRENGTH_BASE_DAYS = 42
IRRITABLE_PAIN = 3
"""Pain at rest or walking at or above this: still settling."""
ACUTE_SETTLE_DAYS = 14
INTEGRATE_SHARE = 0.75
"""At 75-80% of the pre-injury weekly volume normal training resumes (evidence.md 5)."""


def has_strength_base(case: CaseFile, planned_sessions: int = 0) -> bool:
    """Enough heavy strength work in the last 6 weeks (``planned_sessions`` adds future ones)."""
    done = history.strength_sessions_since(case, STRENGTH_BASE_DAYS)
    return done + planned_sessions >= STRENGTH_BASE_SESSIONS


def is_settling(case: CaseFile, pathway: Pathway) -> bool:
    """Symptoms still irritable: pain at rest/walking, running hurts at once, or a fresh injury."""
    injury = case.injury
    limit = 1 if is_bone_stress(case) else IRRITABLE_PAIN
    if injury.pain_rest >= limit or injury.pain_walking >= limit:
        return True
    if injury.pain_free_run_minutes == 0:
        return True
    return pathway is Pathway.ACUTE and days_since_onset(case) < ACUTE_SETTLE_DAYS


def back_to_volume(case: CaseFile) -> bool:
    """The last 4 weeks averaged at least 75% of the pre-injury weekly running minutes."""
    before = history.weekly_minutes_before(case)
    if before is None:
        return False
    start = case.today - dt.timedelta(days=27)
    recent = history.run_minutes_between(case, start, case.today) / 4
    return recent >= INTEGRATE_SHARE * before


def phase(case: CaseFile, triage: Triage, pathway: Pathway) -> Phase:
    """Where the runner is today."""
    if triage.status is not TriageStatus.SELF_GUIDED or is_settling(case, pathway):
        return Phase.SETTLE
    if not has_strength_base(case):
        return Phase.CAPACITY
    if back_to_volume(case):
        return Phase.INTEGRATE
    return Phase.RETURN
