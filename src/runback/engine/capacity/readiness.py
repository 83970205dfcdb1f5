"""The home readiness-test battery and its criteria.

Each gate of the comeback is opened by measured capacity, never by "it does
not hurt" (DOMAIN.md, "Where runners drop out"). Thresholds come from
``evidence.md`` section 4: the postnatal load-and-impact and strength tests
(Goom, Donnelly & Brockwell 2019), the hospital "ready to run" battery, the
Gallatin & Graver 2019 hopping criteria (>= 80 % limb symmetry to start
hopping), bone-stress clinic tests (George 2024) and the customary >= 90 % limb
symmetry of return-to-sport batteries (Grindem 2016). None is validated for
overuse running injuries; they are the best available, written down so a
clinician can see and change them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from runback.engine.capacity.errors import UnknownTestError


class ReadinessTestName(StrEnum):
    """Names a case file uses in ``tests[].name``."""

    BRISK_WALK = "brisk_walk"
    SINGLE_LEG_BALANCE = "single_leg_balance"
    SINGLE_LEG_SQUAT = "single_leg_squat"
    SINGLE_LEG_CALF_RAISE = "single_leg_calf_raise"
    SINGLE_LEG_BRIDGE = "single_leg_bridge"
    JOG_ON_THE_SPOT = "jog_on_the_spot"
    HOP_IN_PLACE = "hop_in_place"
    SIDE_LYING_ABDUCTION = "side_lying_abduction"
    SINGLE_LEG_SIT_TO_STAND = "single_leg_sit_to_stand"
    FORWARD_BOUNDS = "forward_bounds"
    SINGLE_LEG_HOP_DISTANCE = "single_leg_hop_distance"


class TestUnit(StrEnum):
    """The unit a result is recorded in; a result must state it."""

    __test__ = False  # not a pytest class

    REPS = "reps"
    SECONDS = "seconds"
    MINUTES = "minutes"
    CM = "cm"


class Gate(StrEnum):
    """The transitions the battery decides.

    ``plyometrics``: hopping may start (inside the capacity phase);
    ``return``: capacity -> return to running;
    ``integrate``: return -> integrate (full training, speed work).
    """

    PLYOMETRICS = "plyometrics"
    RETURN = "return"
    INTEGRATE = "integrate"


@dataclass(frozen=True, slots=True)
class Criterion:
    """What a result must reach for one gate.

    ``minimum`` applies to each side (the weaker side decides); ``min_lsi`` is
    the limb-symmetry index in percent (weaker side / stronger side).
    """

    minimum: float | None = None
    min_lsi: float | None = None


@dataclass(frozen=True, slots=True)
class ReadinessTest:
    """One test of the battery: how to do it, its unit and its criteria."""

    name: ReadinessTestName
    title: str
    unit: TestUnit
    sided: bool
    how: str
    source: str
    criteria: dict[Gate, Criterion] = field(default_factory=dict)


MAX_TEST_PAIN_SOFT_TISSUE = 2
"""Pain a test may cause and still count (evidence.md section 4: <= 2/10)."""
MAX_TEST_PAIN_BONE = 0
"""At a bone-stress site any pain fails the test (evidence.md section 3)."""
RESULT_FRESH_DAYS = 28
"""Results older than this no longer open a gate (retest every 2 weeks; we allow 4)."""

_GOOM = "Goom, Donnelly & Brockwell 2019 [Consensus]"
_HOSPITAL = "US hospital 'ready to run' battery [Protocol]"
_GALLATIN = "Gallatin & Graver 2019 [Protocol]: >= 80 % symmetry to start hopping"
_LSI90 = "Grindem 2016: >= 90 % limb symmetry, customary pass mark [Weak / borrowed]"
_BONE = "George 2024 and bone-stress clinics [Protocol]"


BATTERY: tuple[ReadinessTest, ...] = (
    ReadinessTest(
        ReadinessTestName.BRISK_WALK,
        "Brisk walk",
        TestUnit.MINUTES,
        sided=False,
        how="Walk briskly on the flat, as if late for a train. Record the minutes walked "
        "without pain above 2/10 and without limping.",
        source=f"{_GOOM}; {_BONE}; {_GALLATIN}",
        criteria={
            Gate.PLYOMETRICS: Criterion(minimum=30),
            Gate.RETURN: Criterion(minimum=30),
            Gate.INTEGRATE: Criterion(minimum=30),
        },
    ),
    ReadinessTest(
        ReadinessTestName.SINGLE_LEG_BALANCE,
        "Single-leg balance",
        TestUnit.SECONDS,
        sided=True,
        how="Stand on one leg, hands on hips, without the lifted foot touching down. "
        "Record the seconds held on each side (stop at 30).",
        source=_GOOM,
        criteria={
            Gate.PLYOMETRICS: Criterion(minimum=10),
            Gate.RETURN: Criterion(minimum=10),
            Gate.INTEGRATE: Criterion(minimum=10),
        },
    ),
    ReadinessTest(
        ReadinessTestName.SINGLE_LEG_SQUAT,
        "Single-leg squat",
        TestUnit.REPS,
        sided=True,
        how="Squat on one leg to about 45 degrees of knee bend and back up, knee over the "
        "foot and pelvis level. Record the good reps on each side.",
        source=f"{_GOOM}; {_BONE}",
        criteria={
            Gate.PLYOMETRICS: Criterion(minimum=10),
            Gate.RETURN: Criterion(minimum=10),
            Gate.INTEGRATE: Criterion(minimum=10),
        },
    ),
    ReadinessTest(
        ReadinessTestName.SINGLE_LEG_CALF_RAISE,
        "Single-leg calf raise to fatigue",
        TestUnit.REPS,
        sided=True,
        how="On one leg on the flat floor (or a step), fingertips on a wall, rise to full "
        "height about once every two seconds until you can no longer reach full height. "
        "Record the full-height reps on each side. Changes under ~6 reps may be noise.",
        source=f"{_GOOM} (20); {_HOSPITAL} (> 25); Hebert-Losier 2017 norms; {_GALLATIN}",
        criteria={
            Gate.PLYOMETRICS: Criterion(minimum=20, min_lsi=80),
            Gate.RETURN: Criterion(minimum=20, min_lsi=90),
            Gate.INTEGRATE: Criterion(minimum=25, min_lsi=90),
        },
    ),
    ReadinessTest(
        ReadinessTestName.SINGLE_LEG_BRIDGE,
        "Single-leg bridge",
        TestUnit.REPS,
        sided=True,
        how="On your back, one knee bent and the other leg held up; lift and lower the hips "
        "at a steady pace until form breaks. Record the reps on each side.",
        source=_GOOM,
        criteria={
            Gate.RETURN: Criterion(minimum=20),
            Gate.INTEGRATE: Criterion(minimum=20, min_lsi=90),
        },
    ),
    ReadinessTest(
        ReadinessTestName.JOG_ON_THE_SPOT,
        "Jog on the spot",
        TestUnit.SECONDS,
        sided=False,
        how="Jog on the spot with an easy rhythm. Record the seconds done without pain "
        "above 2/10 (stop at 60).",
        source=f"{_GOOM}; {_BONE}",
        criteria={Gate.RETURN: Criterion(minimum=60)},
    ),
    ReadinessTest(
        ReadinessTestName.HOP_IN_PLACE,
        "Hop in place",
        TestUnit.REPS,
        sided=True,
        how="Hop on one leg on the spot, low and springy. Record the hops done on each "
        "side without pain above 2/10 (stop at 20).",
        source=f"{_GOOM}; {_BONE} (10 single-leg hops)",
        criteria={
            Gate.RETURN: Criterion(minimum=10),
            Gate.INTEGRATE: Criterion(minimum=10),
        },
    ),
    ReadinessTest(
        ReadinessTestName.SIDE_LYING_ABDUCTION,
        "Side-lying hip abduction",
        TestUnit.REPS,
        sided=True,
        how="Lying on your side, lift the straight top leg slightly behind the body and "
        "lower it, at a steady pace until form breaks. Record the reps on each side.",
        source=_GOOM,
        criteria={Gate.INTEGRATE: Criterion(minimum=20, min_lsi=90)},
    ),
    ReadinessTest(
        ReadinessTestName.SINGLE_LEG_SIT_TO_STAND,
        "Single-leg sit to stand",
        TestUnit.REPS,
        sided=True,
        how="From a knee-height chair, stand up on one leg and sit down slowly, arms "
        "crossed. Record the reps on each side.",
        source=_GOOM,
        criteria={Gate.INTEGRATE: Criterion(minimum=20, min_lsi=90)},
    ),
    ReadinessTest(
        ReadinessTestName.FORWARD_BOUNDS,
        "Forward bounds",
        TestUnit.REPS,
        sided=False,
        how="Bound forward from one foot to the other, long springy strides. Record the "
        "bounds done without pain above 2/10 (stop at 10).",
        source=_GOOM,
        criteria={Gate.INTEGRATE: Criterion(minimum=10)},
    ),
    ReadinessTest(
        ReadinessTestName.SINGLE_LEG_HOP_DISTANCE,
        "Single-leg hop for distance",
        TestUnit.CM,
        sided=True,
        how="From one leg, hop forward as far as you can and hold the landing on the same "
        "leg. Record the best of three on each side, in centimetres.",
        source=_LSI90,
        criteria={Gate.INTEGRATE: Criterion(min_lsi=90)},
    ),
)


def readiness_test(name: str) -> ReadinessTest:
    """The battery entry called ``name``; ``UnknownTestError`` otherwise."""
    for test in BATTERY:
        if test.name.value == name:
            return test
    raise UnknownTestError(name)


def battery_for(gate: Gate) -> tuple[ReadinessTest, ...]:
    """The tests that decide ``gate``, in battery order."""
    return tuple(test for test in BATTERY if gate in test.criteria)
