"""Forms for the four self-assessments; the engine's models check every answer.

Each form turns its fields into the case file's ``self_assessments[]`` entry and
validates it with the engine's own model, so the page refuses exactly what a case
file would, and what is stored always reads back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from pydantic import TypeAdapter, ValidationError

from runback.engine.capacity import STRIDE_CHECKLIST, SelfAssessment
from runback.engine.capacity.self_assessment import (
    AssessmentKind,
    CoreRegion,
    MobilityTest,
    MobilityUnit,
    View,
)

ENTRY: TypeAdapter[Any] = TypeAdapter(SelfAssessment)
YES_NO_UNSURE = [("", "Not sure"), ("true", "Yes"), ("false", "No")]
MOBILITY_TESTS = {
    MobilityTest.KNEE_TO_WALL: "Knee to wall (ankle bend)",
    MobilityTest.BIG_TOE_EXTENSION: "Big toe bending up",
    MobilityTest.STRAIGHT_LEG_RAISE: "Straight leg raise (hamstrings)",
    MobilityTest.HIP_FLEXOR_LENGTH: "Hip flexor length",
    MobilityTest.HIP_ROTATION: "Hip rotation",
}


class _AssessmentForm(forms.Form):
    kind: AssessmentKind
    title: str
    how: str

    date = forms.DateField(
        label="Done on", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    notes = forms.CharField(
        label="Notes", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.kind.value)
        super().__init__(*args, **kwargs)

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("A self-check cannot be in the future.")
        return day

    def answers(self, data: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        entry = {"kind": self.kind.value, "date": data["date"], **self.answers(data)}
        if data.get("notes"):
            entry["notes"] = data["notes"]
        try:
            ENTRY.validate_python(entry)
        except ValidationError as exc:
            raise forms.ValidationError(exc.errors()[0]["msg"]) from exc
        data["entry"] = {k: v for k, v in entry.items() if k not in {"kind", "date"}}
        return data


class RestTestForm(_AssessmentForm):
    kind = AssessmentKind.REST_TEST
    title = "Rest test"
    how = (
        "Take a full week (7 days or more) off running, then run as before and count the "
        "runs until the usual pain is back. A quick return (within 3 runs) points to how "
        "you move rather than to the tissue itself."
    )
    rest_days = forms.IntegerField(label="Days off running", min_value=0, max_value=120)
    runs_since = forms.IntegerField(
        label="Runs since the rest", min_value=0, max_value=100, initial=0
    )
    pain_returned_after_runs = forms.IntegerField(
        label="The usual pain was back after how many runs?",
        min_value=0,
        max_value=100,
        required=False,
        help_text="Leave empty if it has not come back.",
    )

    def answers(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "rest_days": data["rest_days"],
            "runs_since": data.get("runs_since") or 0,
            "pain_returned_after_runs": data.get("pain_returned_after_runs"),
        }


class StrideVideoForm(_AssessmentForm):
    kind = AssessmentKind.STRIDE_VIDEO
    title = "Stride video"
    how = (
        "Ask someone to film you running at your easy pace for 20 seconds, once from the "
        "side and once from the front (or behind), on a flat path. Play it back slowly "
        "and tick what you see."
    )
    views = forms.MultipleChoiceField(
        label="Which views did you film?",
        choices=[
            (View.SIDE.value, "From the side"),
            (View.FRONT.value, "From the front or behind"),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    signs = forms.MultipleChoiceField(
        label="What did you see?",
        choices=[
            (item.sign.value, f"{item.view.value.capitalize()} view: {item.look_for}")
            for item in STRIDE_CHECKLIST
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick only what you clearly see; leave the rest.",
    )
    looks_like_my_normal = forms.TypedChoiceField(
        label="Does it look like your usual running?",
        choices=YES_NO_UNSURE,
        coerce=lambda v: {"true": True, "false": False}.get(v),
        empty_value=None,
        required=False,
    )

    def answers(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "views": list(data["views"]),
            "signs": list(data.get("signs") or []),
            "looks_like_my_normal": data.get("looks_like_my_normal"),
        }


class MobilityForm(_AssessmentForm):
    kind = AssessmentKind.MOBILITY
    title = "Mobility self-test"
    how = (
        "Measure each side the same way (a tape for centimetres, a phone level app for "
        "degrees). What matters is a difference between the sides, or a test that brings "
        "on your usual symptoms."
    )
    test = forms.ChoiceField(
        label="Which test", choices=[(k.value, v) for k, v in MOBILITY_TESTS.items()]
    )
    left = forms.FloatField(label="Left", min_value=0, max_value=360)
    right = forms.FloatField(label="Right", min_value=0, max_value=360)
    unit = forms.ChoiceField(
        label="Unit",
        choices=[(MobilityUnit.CM.value, "cm"), (MobilityUnit.DEGREES.value, "degrees")],
    )
    provokes_symptoms = forms.BooleanField(
        label="The test brings on my usual symptoms", required=False
    )

    def answers(self, data: dict[str, Any]) -> dict[str, Any]:
        return {k: data[k] for k in ("test", "left", "right", "unit", "provokes_symptoms")}


class CoreActivationForm(_AssessmentForm):
    kind = AssessmentKind.CORE_ACTIVATION
    title = "Core activation"
    how = (
        "Hold a bridge (glutes) or a slow diagonal chop (abdominals) and count the seconds "
        "until you clearly feel those muscles working. Up to 10 seconds is good."
    )
    region = forms.ChoiceField(
        label="Muscles",
        choices=[(CoreRegion.GLUTES.value, "Glutes (bridge hold)"),
                 (CoreRegion.ABDOMINALS.value, "Abdominals (diagonal chop)")],
    )  # fmt: skip
    seconds_to_feel = forms.FloatField(
        label="Seconds until you felt them working", min_value=0, max_value=600, required=False
    )
    not_felt = forms.BooleanField(label="I could not feel them at all", required=False)

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        if not self.errors:
            if data.get("seconds_to_feel") is None and not data.get("not_felt"):
                self.add_error("seconds_to_feel", "Enter the seconds, or tick 'not at all'.")
            elif data.get("seconds_to_feel") is not None and data.get("not_felt"):
                self.add_error("not_felt", "You entered seconds: untick this, or clear them.")
        return super().clean()

    def answers(self, data: dict[str, Any]) -> dict[str, Any]:
        exercise = "bridge_hold" if data["region"] == CoreRegion.GLUTES.value else "diagonal_chop"
        return {
            "region": data["region"],
            "exercise": exercise,
            "seconds_to_feel": None if data.get("not_felt") else data.get("seconds_to_feel"),
        }


ASSESSMENT_FORMS: dict[str, type[_AssessmentForm]] = {
    form.kind.value: form
    for form in (RestTestForm, StrideVideoForm, MobilityForm, CoreActivationForm)
}
