"""Wellbeing: sleep, stress, fear and fuelling hold progression or raise a flag.

None of these stop running; they stop *progression*, because they amplify pain
and slow repair (evidence.md section 11; DOMAIN.md "Pain is respected, not obeyed").
"""

from __future__ import annotations

from runback.engine import outcomes
from runback.engine.answers import Reason
from runback.engine.case import CaseFile
from runback.engine.enums import InjuryKind
from runback.engine.reasons import reason

SHORT_SLEEP_HOURS = 7.0
HIGH_STRESS = 7
HIGH_FEAR = 7


def has_bone_stress_history(case: CaseFile) -> bool:
    """A current or past bone stress injury."""
    past = case.runner.previous_bone_stress_injuries or 0
    return (
        past > 0
        or case.injury.kind is InjuryKind.BONE_STRESS
        or (case.injury.bone_stress_risk is not None)
    )


def low_energy_availability(case: CaseFile) -> bool:
    """Poor fuelling plus a bone stress history."""
    return case.wellbeing.fuelling_ok is False and has_bone_stress_history(case)


def progression_holds(case: CaseFile) -> list[Reason]:
    """Reasons that hold progression this week (empty: nothing holds)."""
    w = case.wellbeing
    holds: list[Reason] = []
    if w.sleep_hours is not None and w.sleep_hours < SHORT_SLEEP_HOURS:
        holds.append(reason("short_sleep_hold", hours=w.sleep_hours))
    if w.stress is not None and w.stress >= HIGH_STRESS:
        holds.append(reason("high_stress_hold", level=w.stress))
    if w.fear_of_reinjury is not None and w.fear_of_reinjury >= HIGH_FEAR:
        holds.append(reason("fear_of_reinjury_hold", level=w.fear_of_reinjury))
    holds.extend(outcomes.fear_holds(case))
    if low_energy_availability(case):
        holds.append(reason("low_energy_availability_flag"))
    return holds
