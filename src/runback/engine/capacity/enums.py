"""Closed vocabularies of the capacity programme.

Enums, not strings, so a typo in the exercise library or a case file fails
validation instead of silently matching nothing.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from runback.engine.enums import Equipment as AvailableEquipment
from runback.engine.enums import Site

__all__ = [
    "HOME_KIT",
    "DoseUnit",
    "ExerciseKind",
    "Kit",
    "PlyoLevel",
    "Site",
    "Stance",
    "Tissue",
    "kit_from",
]


class ExerciseKind(StrEnum):
    """What an exercise is for.

    ``heavy`` work is what rebuilds capacity (high load, low reps); ``control``
    work (balance, activation, trunk) supports it but never replaces it, because
    low-level exercises that never get heavy do not transfer to running.
    """

    HEAVY = "heavy"
    CONTROL = "control"
    PLYOMETRIC = "plyometric"


class Tissue(StrEnum):
    """Tissues an exercise loads."""

    ACHILLES_TENDON = "achilles_tendon"
    GASTROCNEMIUS = "gastrocnemius"
    SOLEUS = "soleus"
    PLANTAR_FASCIA = "plantar_fascia"
    FOOT_INTRINSICS = "foot_intrinsics"
    ANKLE_STABILISERS = "ankle_stabilisers"
    TIBIA = "tibia"
    QUADRICEPS = "quadriceps"
    PATELLAR_TENDON = "patellar_tendon"
    GLUTEUS_MAXIMUS = "gluteus_maximus"
    GLUTEUS_MEDIUS = "gluteus_medius"
    HAMSTRINGS = "hamstrings"
    PROXIMAL_HAMSTRING_TENDON = "proximal_hamstring_tendon"
    ADDUCTORS = "adductors"
    HIP_FLEXORS = "hip_flexors"
    TRUNK = "trunk"
    LOWER_BACK = "lower_back"


class Kit(StrEnum):
    """Kit an exercise needs (``equipment`` in the library); it needs *all* listed items."""

    STEP = "step"
    BOX = "box"
    BENCH = "bench"
    WALL = "wall"
    TOWEL = "towel"
    BACKPACK = "backpack"
    DUMBBELLS = "dumbbells"
    KETTLEBELL = "kettlebell"
    BARBELL = "barbell"
    LEG_PRESS = "leg_press"
    SMITH_MACHINE = "smith_machine"
    CABLE = "cable"
    BAND = "band"
    ANKLE_WEIGHT = "ankle_weight"
    SLIDERS = "sliders"
    ANCHOR = "anchor"
    DECLINE_BOARD = "decline_board"
    CUSHION = "cushion"
    ROPE = "rope"


HOME_KIT: frozenset[Kit] = frozenset({Kit.STEP, Kit.WALL, Kit.TOWEL, Kit.BACKPACK, Kit.BENCH})
"""What nearly every runner has at home; assumed when a case file names no kit.

A stair, a wall, a towel, a chair or sofa edge (``bench``) and a backpack filled
with books are enough to make single-leg work heavy.
"""


class Stance(StrEnum):
    """Double- or single-leg: plyometrics progress from the first to the second."""

    DOUBLE = "double"
    SINGLE = "single"


class DoseUnit(StrEnum):
    """How one repetition is counted: a movement, or seconds of holding."""

    REPS = "reps"
    SECONDS = "seconds"


class PlyoLevel(IntEnum):
    """The plyometric intensity ladder (evidence.md section 8, BWH routine).

    Low to high: add contacts before height or distance, double before single.
    """

    DOUBLE_IN_PLACE = 1
    DOUBLE_MULTIDIRECTIONAL = 2
    SINGLE_IN_PLACE = 3
    SINGLE_MULTIDIRECTIONAL = 4
    BOUNDS_AND_DISTANCE = 5
    DROP_JUMPS = 6


EVERYWHERE_KIT: frozenset[Kit] = frozenset({Kit.WALL, Kit.BENCH})
"""A wall and a chair (``bench`` is any sturdy bench, chair or sofa edge)."""

_KIT_OF: dict[AvailableEquipment, frozenset[Kit]] = {
    AvailableEquipment.GYM: frozenset(Kit),
    AvailableEquipment.HOME: HOME_KIT,
    AvailableEquipment.DUMBBELLS: frozenset({Kit.DUMBBELLS}),
    AvailableEquipment.KETTLEBELL: frozenset({Kit.KETTLEBELL}),
    AvailableEquipment.RESISTANCE_BAND: frozenset({Kit.BAND, Kit.ANCHOR}),
    AvailableEquipment.STEP: frozenset({Kit.STEP}),
}


def kit_from(
    equipment: tuple[AvailableEquipment, ...] | frozenset[AvailableEquipment],
) -> frozenset[Kit]:
    """The exercise kit behind the case file's ``availability.equipment``.

    Nothing listed means the home basics are assumed; ``none`` alone means body
    weight plus a wall and a chair, which every runner has (every site still has
    heavy single-leg work). A band comes with something to tie it to.
    """
    if not equipment:
        return HOME_KIT
    kit: set[Kit] = set(EVERYWHERE_KIT)
    for item in equipment:
        kit |= _KIT_OF.get(item, frozenset())
    return frozenset(kit)
