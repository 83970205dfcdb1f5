"""A dosed exercise: what the plan tells the runner to do with one exercise."""

from __future__ import annotations

from dataclasses import dataclass

from runback.engine.capacity.enums import DoseUnit, ExerciseKind, Stance


@dataclass(frozen=True, slots=True)
class DosedExercise:
    """One exercise with its sets, reps, load and rest.

    ``reps`` counts per set and, for single-leg work, per side; held exercises
    (``unit`` seconds) have one rep per set, held for ``hold_s`` seconds.
    ``contacts`` is the foot contacts it adds, plyometrics only.
    """

    exercise: str
    name: str
    kind: ExerciseKind
    stance: Stance
    sets: int
    reps: int
    unit: DoseUnit
    load_kg: float | None
    rest_s: int
    contacts: int | None = None
    hold_s: int | None = None
    note: str = ""
    advice: str = ""
    """What the strength log says about the load (heavy work only), without the
    exercise's name: it is shown beside ``name``."""

    @property
    def load_text(self) -> str:
        """The load in words, for plans and the CLI."""
        if self.kind is ExerciseKind.PLYOMETRIC:
            return "body weight"
        if self.load_kg is None:
            if self.kind is ExerciseKind.HEAVY:
                if self.hold_s is not None:
                    return f"heavy enough that a {self.hold_s} s hold is about your limit"
                return f"a {self.reps}RM load: heavy enough that {self.reps} is about your limit"
            return "body weight"
        if self.load_kg == 0:
            return "body weight"
        return f"{self.load_kg:g} kg"
