"""The clinician's overrides (the case file's ``clinician`` block).

A physiotherapist or coach who looks after the runner can steer the comeback: the
pathway, the pain allowed while running, a weekly cap on running minutes, holding
or advancing the phase, exercises to leave out or swap, the plyometric gate, the
return-to-run go-ahead and a free-text instruction. Each override carries the
clinician's reason, which the runner sees and the engine repeats in its answer
under a ``clinician_*`` code, so nobody mistakes a clinician's call for the rule
it replaced.

This module holds only the shape of the block and the reasons it adds. Each
override is applied where its rule lives: the pathway in ``pathways``, the pain
allowance in ``screening``, the weekly cap in ``dosing``, the phase and the
plyometric gate in ``phases``, exercises in ``strength``. Triage (red flags,
worsening pain, referrals read off the log) and the escalations to professional
help read nothing here: no override can lift a referral (the go-ahead that does is
``injury.cleared_on``, which a clinician records and which is already the
contract's own key).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from runback.engine.answers import Reason
from runback.engine.enums import Pathway, Phase, PhaseSteer
from runback.engine.reasons import Code, reason, variant_reason

if TYPE_CHECKING:
    from runback.engine.case import CaseFile

ReasonText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
"""Why the clinician set it, in words the runner reads."""
ExerciseId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]


class Override(StrEnum):
    """The keys of the ``clinician`` block: one per thing a clinician can steer."""

    PATHWAY = "pathway"
    PAIN_ALLOWANCE = "pain_allowance"
    WEEKLY_RUN_MINUTES = "weekly_run_minutes"
    PHASE = "phase"
    EXERCISES = "exercises"
    PLYOMETRICS_CLEARED = "plyometrics_cleared"
    CLEARED_TO_RUN = "cleared_to_run"
    INSTRUCTION = "instruction"


MIN_WEEKLY_CAP = 10
MAX_WEEKLY_CAP = 1200


class _Override(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    reason: ReasonText


class PathwayOverride(_Override):
    """``clinician.pathway``: the route the clinician chose (starting dose, progression)."""

    value: Pathway


class PainAllowanceOverride(_Override):
    """``clinician.pain_allowance``: pain allowed while running, 0-5 (as ``injury``'s own)."""

    value: int = Field(ge=0, le=5)


class VolumeCapOverride(_Override):
    """``clinician.weekly_run_minutes``: no plan week runs more than this many minutes."""

    minutes: int = Field(ge=MIN_WEEKLY_CAP, le=MAX_WEEKLY_CAP)


class PhaseOverride(_Override):
    """``clinician.phase``: hold the runner at most in ``phase``, or advance them to it."""

    mode: PhaseSteer
    phase: Phase


class ExerciseSwap(BaseModel):
    """One exercise replaced by another (library ids, ``runback exercises``)."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    from_: ExerciseId = Field(alias="from")
    to: ExerciseId


class ExercisesOverride(_Override):
    """``clinician.exercises``: library exercises left out of, or swapped in, strength sessions."""

    exclude: tuple[ExerciseId, ...] = ()
    swap: tuple[ExerciseSwap, ...] = ()

    @model_validator(mode="after")
    def _known_and_consistent(self) -> ExercisesOverride:
        from runback.engine.capacity.library import load_library  # packaged data, read once

        library = load_library()
        for index, name in enumerate(self.exclude):
            if name not in library:
                raise ValueError(f"clinician.exercises.exclude[{index}]: unknown exercise {name!r}")
        for index, pair in enumerate(self.swap):
            for key, name in (("from", pair.from_), ("to", pair.to)):
                if name not in library:
                    where = f"clinician.exercises.swap[{index}].{key}"
                    raise ValueError(f"{where}: unknown exercise {name!r}")
            if pair.to in self.exclude:
                where = f"clinician.exercises.swap[{index}].to"
                raise ValueError(f"{where}: {pair.to!r} is also excluded")
        if not self.exclude and not self.swap:
            raise ValueError("clinician.exercises: name at least one exercise to exclude or swap")
        return self

    @property
    def swaps(self) -> dict[str, str]:
        return {pair.from_: pair.to for pair in self.swap}


class PlyometricsOverride(_Override):
    """``clinician.plyometrics_cleared``: the clinician opens the plyometric gate."""


class ClearanceNote(_Override):
    """``clinician.cleared_to_run``: the clinician's words with ``injury.cleared_on``."""


class Instruction(BaseModel):
    """``clinician.instruction``: free text the runner reads with every answer."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class ClinicianSteering(BaseModel):
    """The ``clinician`` block: every key optional, each one override."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] | None = None
    """Who steers (shown in the reasons, e.g. "Your physio Sam Lee set ..."); optional."""
    pathway: PathwayOverride | None = None
    pain_allowance: PainAllowanceOverride | None = None
    weekly_run_minutes: VolumeCapOverride | None = None
    phase: PhaseOverride | None = None
    exercises: ExercisesOverride | None = None
    plyometrics_cleared: PlyometricsOverride | None = None
    cleared_to_run: ClearanceNote | None = None
    instruction: Instruction | None = None


NO_STEERING = ClinicianSteering()

STEERING_CODES: frozenset[str] = frozenset(
    {
        Code.CLINICIAN_PATHWAY,
        Code.CLINICIAN_PAIN_ALLOWANCE,
        Code.CLINICIAN_VOLUME_CAP,
        Code.CLINICIAN_PHASE_HOLD,
        Code.CLINICIAN_PHASE_ADVANCE,
        Code.CLINICIAN_EXERCISES,
        Code.CLINICIAN_PLYOMETRICS_CLEARED,
        Code.CLINICIAN_CLEARED_TO_RUN,
        Code.CLINICIAN_INSTRUCTION,
    }
)
"""The codes of the reasons :func:`steering_reasons` gives (a clinician set it)."""


def steering_reasons(case: CaseFile) -> list[Reason]:
    """One ``clinician_*`` reason per override in force, in the block's order."""
    steer = case.clinician
    who = f"Your clinician {steer.name}" if steer.name else "Your clinician"
    out: list[Reason] = []
    if steer.pathway is not None:
        out.append(
            reason(
                Code.CLINICIAN_PATHWAY,
                who=who,
                pathway=steer.pathway.value.value.replace("_", " "),
                why=steer.pathway.reason,
            )
        )
    if steer.pain_allowance is not None:
        from runback.engine.screening import is_bone_stress

        allowance = steer.pain_allowance
        values = {"who": who, "pain": allowance.value, "why": allowance.reason}
        if is_bone_stress(case) and steer.pain_allowance.value > 0:
            out.append(variant_reason(Code.CLINICIAN_PAIN_ALLOWANCE, "bone", **values))
        else:
            out.append(reason(Code.CLINICIAN_PAIN_ALLOWANCE, **values))
    if steer.weekly_run_minutes is not None:
        cap = steer.weekly_run_minutes
        out.append(reason(Code.CLINICIAN_VOLUME_CAP, who=who, minutes=cap.minutes, why=cap.reason))
    if steer.phase is not None:
        code = (
            Code.CLINICIAN_PHASE_HOLD
            if steer.phase.mode is PhaseSteer.HOLD
            else Code.CLINICIAN_PHASE_ADVANCE
        )
        out.append(reason(code, who=who, phase=steer.phase.phase.value, why=steer.phase.reason))
    if steer.exercises is not None:
        out.append(
            reason(
                Code.CLINICIAN_EXERCISES,
                who=who,
                changes=_exercise_changes(steer.exercises),
                why=steer.exercises.reason,
            )
        )
    if steer.plyometrics_cleared is not None:
        out.append(
            reason(
                Code.CLINICIAN_PLYOMETRICS_CLEARED, who=who, why=steer.plyometrics_cleared.reason
            )
        )
    cleared_on = case.injury.cleared_on
    if steer.cleared_to_run is not None and cleared_on is not None:
        out.append(
            reason(
                Code.CLINICIAN_CLEARED_TO_RUN,
                who=who,
                date=cleared_on.isoformat(),
                why=steer.cleared_to_run.reason,
            )
        )
    if steer.instruction is not None:
        out.append(reason(Code.CLINICIAN_INSTRUCTION, who=who, text=steer.instruction.text))
    return out


def _exercise_changes(steer: ExercisesOverride) -> str:
    from runback.engine.capacity.library import load_library

    library = load_library()
    parts = [f"no {library.get(name).name}" for name in steer.exclude]
    parts += [f"{library.get(p.from_).name} -> {library.get(p.to).name}" for p in steer.swap]
    return ", ".join(parts)
