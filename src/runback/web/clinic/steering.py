"""Steering: an editor sets a clinician's override on a runner's comeback.

The overrides are the case file's ``clinician`` block (docs/case-file.md), so the
engine applies them wherever a case file is read: Today, Plan, the API, the
calendar feed, ``runback assess|decide`` on an exported case file. This module is
the form, checked against the engine's own model before anything is stored, and
the two clinic routes that set and lift an override; :mod:`.overrides` keeps them
and writes the block. The API's steering routes (:mod:`runback.web.api_clinic`)
take the same form and the same functions. Editors only: ``runner_view`` refuses a
viewer's write (403) and hides the record from anyone without a grant (404); the
runner steers nothing.

The return-to-run go-ahead is not here: it is the clinic's clearance form
(``injury.cleared_on``), whose note the block carries as ``cleared_to_run``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST
from pydantic import ValidationError

from runback.engine.capacity.enums import ExerciseKind
from runback.engine.capacity.library import load_library
from runback.engine.steering import ClinicianSteering as SteeringBlock
from runback.engine.steering import Override
from runback.web.clinic.consent import not_the_runner
from runback.web.clinic.overrides import RUNNER_STEERS, lift_override, set_override, steerable
from runback.web.runners.models import Runner
from runback.web.runners.views import runner_view
from runback.web.runners.vocabulary import Pathway, Phase, PhaseSteer, SteeringKey

# --- the form ---------------------------------------------------------------------


def _strength_exercises() -> list[tuple[str, str]]:
    kinds = {ExerciseKind.HEAVY, ExerciseKind.CONTROL}
    return [(e.id, e.name) for e in load_library().exercises if e.kind in kinds]


class SteeringForm(forms.Form):
    """One override and its reason; only the fields of the chosen override are read."""

    key = forms.ChoiceField(choices=SteeringKey.choices, label="What you set")
    pathway = forms.ChoiceField(choices=[("", "-"), *Pathway.choices], required=False)
    pain = forms.IntegerField(
        min_value=0, max_value=5, required=False, label="Pain allowed while running (0-5)"
    )
    minutes = forms.IntegerField(
        min_value=10, max_value=1200, required=False, label="Running minutes a week, at most"
    )
    phase_mode = forms.ChoiceField(
        choices=[("", "-"), *PhaseSteer.choices], required=False, label="Hold or advance"
    )
    phase = forms.ChoiceField(choices=[("", "-"), *Phase.choices], required=False)
    exclude = forms.MultipleChoiceField(
        choices=_strength_exercises, required=False, label="Leave out these exercises"
    )
    swap_from = forms.ChoiceField(
        choices=lambda: [("", "-"), *_strength_exercises()], required=False, label="Swap"
    )
    swap_to = forms.ChoiceField(
        choices=lambda: [("", "-"), *_strength_exercises()], required=False, label="for"
    )
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason (the runner reads it on Today); for an instruction, the instruction",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        key = Override(data["key"])
        value = self._value(key, data)
        entry = {"text": data["reason"]} if key is Override.INSTRUCTION else {
            **value, "reason": data["reason"]
        }  # fmt: skip
        try:
            SteeringBlock.model_validate({key.value: entry})  # the engine's own checks
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"][1:]) or key.value
            raise forms.ValidationError(f"{where}: {first['msg']}") from None
        data["override"] = key
        data["value"] = value
        return data

    def _value(self, key: Override, data: dict[str, Any]) -> dict[str, Any]:
        def needed(name: str) -> Any:
            if data.get(name) in (None, "", []):
                self.add_error(name, "Needed for this override.")
                raise forms.ValidationError("Fill in the fields of the override you set.")
            return data[name]

        if key is Override.PATHWAY:
            return {"value": needed("pathway")}
        if key is Override.PAIN_ALLOWANCE:
            return {"value": needed("pain")}
        if key is Override.WEEKLY_RUN_MINUTES:
            return {"minutes": needed("minutes")}
        if key is Override.PHASE:
            return {"mode": needed("phase_mode"), "phase": needed("phase")}
        if key is Override.EXERCISES:
            swap = (
                [{"from": data["swap_from"], "to": data["swap_to"]}]
                if data.get("swap_from") and data.get("swap_to")
                else []
            )
            return {"exclude": list(data.get("exclude") or []), "swap": swap}
        return {}


# --- the routes -------------------------------------------------------------------


def _editor(request: HttpRequest, runner: Runner) -> AbstractBaseUser:
    """The signed-in editor (``runner_view`` has refused viewers and strangers)."""
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise Http404("sign in first")
    not_the_runner(runner, user, RUNNER_STEERS)
    return user


@runner_view()
@require_POST
def steer(request: HttpRequest, runner: Runner) -> HttpResponse:
    """An editor sets (or sets again) one override, with the reason the runner reads."""
    user = _editor(request, runner)
    form = SteeringForm(request.POST)
    if not form.is_valid():
        problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, f"Nothing was changed: {problems}")
        return redirect("clinic:runner", runner.pk)
    key = form.cleaned_data["override"]
    set_override(runner, key, form.cleaned_data["value"], form.cleaned_data["reason"], user)
    messages.success(request, f"{SteeringKey.label(key)} set: the runner sees it on Today.")
    return redirect("clinic:runner", runner.pk)


@runner_view()
@require_POST
def lift(request: HttpRequest, runner: Runner, key: str) -> HttpResponse:
    """An editor lifts an override: the engine's own rule applies again (history kept)."""
    user = _editor(request, runner)
    override = steerable(key)
    if override is None:
        raise Http404("no such override")
    why = str(request.POST.get("why", ""))
    if lift_override(runner, override, user, why):
        messages.success(request, f"{SteeringKey.label(key)}: back to the plan's own rule.")
    return redirect("clinic:runner", runner.pk)
