"""Logging a strength session exercise by exercise, pre-filled with the prescription."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from pydantic import ValidationError

from runback.engine import ExerciseDose
from runback.engine.capacity import StrengthLogEntry, load_library
from runback.web.runners.forms import ScaleWidget


class LiftForm(forms.Form):
    """One prescribed exercise as it was done (the hardest set's reps, load, RIR, pain)."""

    done = forms.BooleanField(label="Done", required=False, initial=True)
    sets = forms.IntegerField(label="Sets", min_value=1, max_value=20)
    reps = forms.IntegerField(label="Reps in the hardest set", min_value=0, max_value=200)
    load_kg = forms.FloatField(
        label="Load (kg)", min_value=0, max_value=1000,
        help_text="Added weight; 0 for body weight.",
    )  # fmt: skip
    rir = forms.IntegerField(
        label="Reps left in reserve", min_value=0, max_value=20, required=False,
        help_text="How many more you could have done at the end of the hardest set.",
    )  # fmt: skip
    pain = forms.IntegerField(
        label="Pain during it", min_value=0, max_value=10, required=False, widget=ScaleWidget()
    )

    def __init__(self, dose: ExerciseDose, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", dose.exercise)
        kwargs.setdefault(
            "initial",
            {
                "done": True,
                "sets": dose.sets,
                "reps": dose.hold_s or dose.reps,
                "load_kg": dose.load_kg or 0,
            },
        )
        super().__init__(*args, **kwargs)
        self.dose = dose
        self.exercise = load_library().get(str(dose.exercise))
        if dose.hold_s:
            self.fields["reps"].label = "Seconds held (longest hold)"
        for name in ("sets", "reps", "rir"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.fields["load_kg"].widget.attrs.update({"inputmode": "decimal", "step": "0.5"})

    @property
    def prescribed(self) -> str:
        """The prescription in words: "3 holds of 30 s" rather than "3 x 1"."""
        dose = self.dose
        if dose.hold_s:
            return f"{dose.sets} holds of {dose.hold_s} s, {dose.load}"
        return f"{dose.sets} \u00d7 {dose.reps}, {dose.load}"

    @property
    def easier(self) -> str | None:
        return self._neighbour(self.exercise.regression)

    @property
    def harder(self) -> str | None:
        return self._neighbour(self.exercise.progression)

    def _neighbour(self, exercise_id: str) -> str | None:
        if exercise_id == self.exercise.id:
            return None
        return load_library().get(exercise_id).name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors or not data.get("done"):
            return data
        try:
            StrengthLogEntry(
                date=dt.date(2000, 1, 1),  # any day: only the numbers are checked here
                exercise=str(self.dose.exercise),
                sets=data["sets"],
                reps=data["reps"],
                load_kg=data["load_kg"],
                rir=data.get("rir"),
                pain=data.get("pain"),
            )
        except ValidationError as exc:
            raise forms.ValidationError(exc.errors()[0]["msg"]) from exc
        return data
