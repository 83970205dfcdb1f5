"""Wellbeing: sleep, stress, fear and fuelling hold progression or raise a flag.

None of these stop running; they stop *progression*, because they amplify pain
and slow repair (evidence.md section 11; DOMAIN.md "Pain is respected, not obeyed").
"""

from __future__ import annotations

from runback.engine import outcomes
from runback.engine.answers import Reason
from runback.engine.case import CaseFile
from runback.engine.enums import InjuryKind
from runback.engine.reasons import Code, reason

SHORT_SLEEP_HOURS = 7.0
HIGH_STRESS = 7
HIGH_FEAR = 7
MANY_BONE_STRESS_INJURIES = 2
"""Two or more bone stress injuries are a sign of low energy availability on their own."""


def has_bone_stress_history(case: CaseFile) -> bool:
    """A current or past bone stress injury."""
    return bone_stress_injuries(case) > 0


def bone_stress_injuries(case: CaseFile) -> int:
    """Bone stress injuries so far: the past ones plus the current one, if it is one."""
    past = case.runner.previous_bone_stress_injuries or 0
    current = case.injury.kind is InjuryKind.BONE_STRESS or case.injury.bone_stress_risk is not None
    return past + int(current)


def energy_availability_signs(case: CaseFile) -> list[str]:
    """The signs of low energy availability the case file holds (evidence.md section 11).

    Any one is enough to flag it: poor fuelling, missed periods (recorded only when the
    runner chooses to), or two or more bone stress injuries.
    """
    signs = []
    if case.wellbeing.fuelling_ok is False:
        signs.append("poor fuelling")
    if case.wellbeing.missed_periods:
        signs.append("missed periods")
    if bone_stress_injuries(case) >= MANY_BONE_STRESS_INJURIES:
        signs.append(f"{bone_stress_injuries(case)} bone stress injuries")
    return signs


def low_energy_availability(case: CaseFile) -> bool:
    """Any sign of low energy availability."""
    return bool(energy_availability_signs(case))


def low_energy_reason(case: CaseFile) -> Reason:
    """The flag's reason, naming the signs found."""
    return reason(
        Code.LOW_ENERGY_AVAILABILITY_FLAG, signs=", ".join(energy_availability_signs(case))
    )


def progression_holds(case: CaseFile) -> list[Reason]:
    """Reasons that hold progression this week (empty: nothing holds)."""
    w = case.wellbeing
    holds: list[Reason] = []
    if w.sleep_hours is not None and w.sleep_hours < SHORT_SLEEP_HOURS:
        holds.append(reason(Code.SHORT_SLEEP_HOLD, hours=w.sleep_hours))
    if w.stress is not None and w.stress >= HIGH_STRESS:
        holds.append(reason(Code.HIGH_STRESS_HOLD, level=w.stress))
    if w.fear_of_reinjury is not None and w.fear_of_reinjury >= HIGH_FEAR:
        holds.append(reason(Code.FEAR_OF_REINJURY_HOLD, level=w.fear_of_reinjury))
        holds.append(reason(Code.FEAR_GRADED_EXPOSURE))
    holds.extend(outcomes.fear_holds(case))
    if low_energy_availability(case):
        holds.append(low_energy_reason(case))
    return holds
