"""The readiness-test result form: one test, left and right (or one value), pain.

The engine's own record type checks the result, so the form says exactly what a
case file would (a sided test needs both legs; the unit is the test's).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from pydantic import ValidationError

from runback.engine.capacity import ReadinessResult, ReadinessTest
from runback.web.runners.forms import ScaleWidget

UNIT_WORDS = {"reps": "reps", "seconds": "seconds", "minutes": "minutes", "cm": "cm"}


class ReadinessResultForm(forms.Form):
    date = forms.DateField(
        label="Done on", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    left = forms.FloatField(label="Left", min_value=0, max_value=100_000, required=False)
    right = forms.FloatField(label="Right", min_value=0, max_value=100_000, required=False)
    pain = forms.IntegerField(
        label="Most pain during the test",
        min_value=0,
        max_value=10,
        required=False,
        help_text="0 = none, 10 = worst imaginable. Leave empty if you did not note it.",
        widget=ScaleWidget(),
    )

    def __init__(self, test: ReadinessTest, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", test.name.value)
        super().__init__(*args, **kwargs)
        self.test = test
        unit = UNIT_WORDS[test.unit.value]
        for name in ("left", "right"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "any"})
        if test.sided:
            self.fields["left"].label = f"Left leg ({unit})"
            self.fields["right"].label = f"Right leg ({unit})"
        else:
            self.fields["left"].label = f"Result ({unit})"
            del self.fields["right"]

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("A test result cannot be in the future.")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data.get("left") is None:
            self.add_error("left", "Enter the result.")
            return data
        if self.test.sided and data.get("right") is None:
            self.add_error("right", "Enter the other leg too: the symmetry needs both.")
            return data
        try:
            ReadinessResult(
                date=data["date"],
                name=self.test.name,
                left=data["left"],
                right=data.get("right"),
                unit=self.test.unit,
                pain=data.get("pain"),
            )
        except ValidationError as exc:
            raise forms.ValidationError(exc.errors()[0]["msg"]) from exc
        return data
