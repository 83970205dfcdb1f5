"""Self-assessment before seeing a professional.

When self-management stalls, what the runner brings to the first appointment
shapes how useful it is (DOMAIN.md, "When self-management is not enough"). Four
checks, each stored with its date and result and summarised for the clinician
report:

* **rest test**: a full week off, then note how quickly the pain returns once
  running resumes. A quick return points to a movement problem (stride,
  mobility, core control) more than to tissue damage (rule ``rest_test``);
* **stride video**: film from the side and the front; a checklist of what to
  look for, and whether it still looks like the runner's own normal;
* **mobility self-tests**: each side measured; what matters is stiffness,
  side-to-side imbalance, and whether a test brings on the symptoms (no
  population norms are applied: none are validated for runners);
* **core activation**: how long until the abdominals (diagonal chop) and the
  glutes (bridge hold) are felt working; more than 10-20 s, or not at all,
  suggests poor activation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from runback.engine.capacity.findings import CapacityRule, Finding


class AssessmentKind(StrEnum):
    REST_TEST = "rest_test"
    STRIDE_VIDEO = "stride_video"
    MOBILITY = "mobility"
    CORE_ACTIVATION = "core_activation"


class View(StrEnum):
    SIDE = "side"
    FRONT = "front"


class StrideSign(StrEnum):
    """Things worth noticing on a stride video."""

    OVERSTRIDING = "overstriding"
    BRAKING_HEEL_STRIKE = "braking_heel_strike"
    TRUNK_LEAN_BACK = "trunk_lean_back"
    LIMITED_HIP_EXTENSION = "limited_hip_extension"
    BOUNCING = "bouncing"
    PELVIS_DROP = "pelvis_drop"
    KNEE_DIVES_INWARD = "knee_dives_inward"
    CROSSOVER_STEPS = "crossover_steps"
    ARMS_CROSS_BODY = "arms_cross_body"
    UNEVEN_SIDES = "uneven_sides"


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    sign: StrideSign
    view: View
    look_for: str


STRIDE_CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        StrideSign.OVERSTRIDING, View.SIDE,
        "the foot lands far ahead of the hips with the knee nearly straight",
    ),
    ChecklistItem(
        StrideSign.BRAKING_HEEL_STRIKE, View.SIDE,
        "a hard heel landing that seems to stop you at every step",
    ),
    ChecklistItem(
        StrideSign.TRUNK_LEAN_BACK, View.SIDE,
        "the trunk sits behind the hips instead of tall or slightly forward",
    ),
    ChecklistItem(
        StrideSign.LIMITED_HIP_EXTENSION, View.SIDE,
        "the back leg leaves the ground early, hardly trailing behind the body",
    ),
    ChecklistItem(
        StrideSign.BOUNCING, View.SIDE,
        "the head rises and falls a lot: energy going up instead of forward",
    ),
    ChecklistItem(
        StrideSign.PELVIS_DROP, View.FRONT,
        "the hip of the swinging leg drops when the other foot is on the ground",
    ),
    ChecklistItem(
        StrideSign.KNEE_DIVES_INWARD, View.FRONT,
        "the knee of the standing leg moves in towards the other knee",
    ),
    ChecklistItem(
        StrideSign.CROSSOVER_STEPS, View.FRONT,
        "the feet land on or across a line under the middle of the body",
    ),
    ChecklistItem(
        StrideSign.ARMS_CROSS_BODY, View.FRONT,
        "the hands swing across the middle of the chest",
    ),
    ChecklistItem(
        StrideSign.UNEVEN_SIDES, View.FRONT,
        "one side moves differently from the other (step, arm, foot turn)",
    ),
)  # fmt: skip


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    notes: Annotated[str, Field(max_length=1000)] = ""


class RestTest(_Record):
    """A week (or more) off, then how quickly the pain came back once running resumed."""

    kind: Literal["rest_test"] = "rest_test"
    rest_days: Annotated[int, Field(ge=0, le=120)]
    pain_returned_after_runs: Annotated[int, Field(ge=0, le=100)] | None = None
    """Runs after the rest until the usual pain was back; null: it has not come back."""
    runs_since: Annotated[int, Field(ge=0, le=100)] = 0
    """Runs done since the rest (so far)."""


class StrideVideo(_Record):
    """A stride-video self-check: which views were filmed and what was seen."""

    kind: Literal["stride_video"] = "stride_video"
    views: Annotated[tuple[View, ...], Field(min_length=1)]
    signs: tuple[StrideSign, ...] = ()
    looks_like_my_normal: bool | None = None


class MobilityTest(StrEnum):
    KNEE_TO_WALL = "knee_to_wall"
    BIG_TOE_EXTENSION = "big_toe_extension"
    STRAIGHT_LEG_RAISE = "straight_leg_raise"
    HIP_FLEXOR_LENGTH = "hip_flexor_length"
    HIP_ROTATION = "hip_rotation"


class MobilityUnit(StrEnum):
    CM = "cm"
    DEGREES = "degrees"


class MobilityCheck(_Record):
    """One mobility self-test, per side."""

    kind: Literal["mobility"] = "mobility"
    test: MobilityTest
    left: Annotated[float, Field(ge=0, le=360)]
    right: Annotated[float, Field(ge=0, le=360)]
    unit: MobilityUnit
    provokes_symptoms: bool = False


class CoreRegion(StrEnum):
    ABDOMINALS = "abdominals"
    GLUTES = "glutes"


class CoreActivationCheck(_Record):
    """Seconds until a region was felt working; null: not felt at all."""

    kind: Literal["core_activation"] = "core_activation"
    region: CoreRegion
    exercise: Annotated[str, Field(max_length=60)] = ""
    seconds_to_feel: Annotated[float, Field(ge=0, le=600)] | None = None


SelfAssessment = Annotated[
    RestTest | StrideVideo | MobilityCheck | CoreActivationCheck,
    Field(discriminator="kind"),
]
"""One ``self_assessments[]`` entry of the case file; ``kind`` picks the shape."""

QUICK_RETURN_RUNS = 3
"""Pain back within this many runs after a full rest week: suspect movement, not tissue."""
FULL_REST_DAYS = 7
ACTIVATION_GOOD_S = 10
ACTIVATION_POOR_S = 20
MOBILITY_MIN_SYMMETRY = 90.0


@dataclass(frozen=True, slots=True)
class AssessmentNote:
    """A self-assessment in one line for the runner and the clinician report."""

    date: dt.date
    kind: AssessmentKind
    concern: bool
    text: str
    finding: Finding | None = None


def summarise(
    assessment: RestTest | StrideVideo | MobilityCheck | CoreActivationCheck,
) -> AssessmentNote:
    """Read one self-assessment."""
    if isinstance(assessment, RestTest):
        return _rest_test(assessment)
    if isinstance(assessment, StrideVideo):
        return _stride(assessment)
    if isinstance(assessment, MobilityCheck):
        return _mobility(assessment)
    return _core(assessment)


def _rest_test(a: RestTest) -> AssessmentNote:
    if a.rest_days < FULL_REST_DAYS:
        text = (
            f"Rest test after {a.rest_days} days off: too short to read; "
            f"it needs a full {FULL_REST_DAYS} days."
        )
        return AssessmentNote(a.date, AssessmentKind(a.kind), False, text)
    returned = a.pain_returned_after_runs
    if returned is not None and returned <= QUICK_RETURN_RUNS:
        text = (
            f"Rest test: after {a.rest_days} days off the pain was back within {returned} "
            "run(s). A quick return suggests a movement problem (stride, mobility, core "
            "control) more than tissue damage: bring the stride video and self-tests."
        )
        return AssessmentNote(
            a.date, AssessmentKind(a.kind), True, text, Finding(CapacityRule.REST_TEST, text)
        )
    if returned is not None:
        text = (
            f"Rest test: after {a.rest_days} days off the pain came back only after "
            f"{returned} runs: more like a load problem; rebuild capacity and grow running slowly."
        )
        return AssessmentNote(
            a.date, AssessmentKind(a.kind), False, text, Finding(CapacityRule.REST_TEST, text)
        )
    text = (
        f"Rest test: after {a.rest_days} days off the pain has not returned in "
        f"{a.runs_since} run(s) so far."
    )
    return AssessmentNote(a.date, AssessmentKind(a.kind), False, text)


def _stride(a: StrideVideo) -> AssessmentNote:
    missing = [v.value for v in View if v not in a.views]
    seen = ", ".join(s.value.replace("_", " ") for s in a.signs) or "nothing notable"
    concern = bool(a.signs) or a.looks_like_my_normal is False
    text = f"Stride video ({', '.join(v.value for v in a.views)} view): {seen}."
    if a.looks_like_my_normal is False:
        text += " It does not look like the runner's usual stride."
    if missing:
        text += f" Still to film: {', '.join(missing)} view."
    return AssessmentNote(a.date, AssessmentKind(a.kind), concern, text)


def _mobility(a: MobilityCheck) -> AssessmentNote:
    stronger = max(a.left, a.right)
    symmetry = 100.0 if stronger == 0 else round(100.0 * min(a.left, a.right) / stronger, 1)
    uneven = symmetry < MOBILITY_MIN_SYMMETRY
    name = a.test.value.replace("_", " ")
    text = (
        f"Mobility, {name}: left {a.left:g}, right {a.right:g} {a.unit.value} "
        f"({symmetry:g}% symmetry)"
    )
    if uneven:
        stiff = "left" if a.left < a.right else "right"
        text += f"; the {stiff} side is stiffer"
    if a.provokes_symptoms:
        text += "; it brings on the symptoms"
    return AssessmentNote(a.date, AssessmentKind(a.kind), uneven or a.provokes_symptoms, text + ".")


def _core(a: CoreActivationCheck) -> AssessmentNote:
    region = a.region.value
    how = f" ({a.exercise.replace('_', ' ')})" if a.exercise else ""
    if a.seconds_to_feel is None:
        text = (
            f"Core activation{how}: the {region} were not felt at all. Practise long holds "
            "before running; if they still cannot be felt, a professional should look."
        )
        return AssessmentNote(a.date, AssessmentKind(a.kind), True, text)
    s = a.seconds_to_feel
    if s > ACTIVATION_POOR_S:
        verdict, concern = "slow: suggests poor activation; practise long holds", True
    elif s > ACTIVATION_GOOD_S:
        verdict, concern = "borderline; keep practising the holds", True
    else:
        verdict, concern = "good", False
    text = f"Core activation{how}: {region} felt after {s:g} s, {verdict}."
    return AssessmentNote(a.date, AssessmentKind(a.kind), concern, text)


def rest_test_finding(
    assessments: Iterable[RestTest | StrideVideo | MobilityCheck | CoreActivationCheck],
    today: dt.date,
) -> Finding | None:
    """The reading of the latest readable rest test on or before ``today``, if any.

    Once a runner has done the rest test, its result replaces the suggestion to
    do one (``rest_test``).
    """
    notes = [
        summarise(a)
        for a in assessments
        if isinstance(a, RestTest) and a.date <= today and a.rest_days >= FULL_REST_DAYS
    ]
    readable = [n for n in notes if n.finding is not None]
    if not readable:
        return None
    return max(readable, key=lambda n: n.date).finding
