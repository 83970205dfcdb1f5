"""Which comeback route fits: each has its own starting dose and progression.

Order matters: a clinician's choice (``clinician.pathway``) outranks everything; then
the kind of injury (bone, surgery, birth) outranks timing; then a long layoff
outranks how long ago the pain began. The route sets doses, never who leads: a
clinician's pathway cannot lift a referral (triage reads the injury, not the route).
"""

from __future__ import annotations

from runback.engine import history
from runback.engine.case import CaseFile
from runback.engine.enums import InjuryKind, Pathway
from runback.engine.screening import is_bone_stress

ACUTE_DAYS = 21
"""Onset under 3 weeks ago: short-lived pain."""

PERSISTENT_DAYS = 90
"""Onset 3 months or more ago: long-standing pain."""

LONG_LAYOFF_DAYS = 84
"""No run for about 3 months (12 weeks) or more."""


def days_since_onset(case: CaseFile) -> int:
    """Days between onset and today."""
    return (case.today - case.injury.onset).days


def days_since_last_run(case: CaseFile) -> int:
    """Days since the last run (onset stands in when the runner has not run since)."""
    return (case.today - history.last_run_date(case)).days


def pathway(case: CaseFile) -> Pathway:
    """The route for this case."""
    chosen = case.clinician.pathway
    if chosen is not None:
        return chosen.value
    kind = case.injury.kind
    if is_bone_stress(case):
        return Pathway.BONE_STRESS
    if kind is InjuryKind.POST_SURGERY:
        return Pathway.POST_SURGERY
    if kind is InjuryKind.POSTPARTUM:
        return Pathway.POSTPARTUM
    if days_since_last_run(case) >= LONG_LAYOFF_DAYS:
        return Pathway.LONG_LAYOFF
    if days_since_onset(case) < ACUTE_DAYS:
        return Pathway.ACUTE
    if days_since_onset(case) >= PERSISTENT_DAYS:
        return Pathway.PERSISTENT
    return Pathway.OTHER
