"""Forms for the onboarding wizard, check-ins and the journal.

They check syntax and plain sense (a date in the future, a walk longer than a day,
"no red flags" ticked together with one); what the answers *mean* for training is
the engine's job. Every message names the problem beside its field.
"""

# Django form Meta options are class-level dicts by design:
# ruff: noqa: RUF012

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from runback.web.runners.models import DayEntry, Injury, LogEntry, Runner, injury_of
from runback.web.runners.vocabulary import (
    Aggravator,
    BoneStressRisk,
    ClearedBy,
    DuringPattern,
    Equipment,
    InjuryKind,
    PelvicFloorSymptom,
    RedFlag,
    Sex,
    Side,
    Site,
    Weekday,
)

YES_NO_UNSURE = [("", "Not sure"), ("true", "Yes"), ("false", "No")]


class ScaleWidget(forms.RadioSelect):
    """A 0-10 rating as one row of eleven buttons: one tap on a phone, no keyboard."""

    scale = True

    def __init__(self) -> None:
        super().__init__(choices=[(i, str(i)) for i in range(11)])


def _pain_input(
    label: str, help_text: str = "0 = none, 10 = worst imaginable"
) -> forms.IntegerField:
    # An IntegerField, not a choice field: the API posts numbers and gets the same
    # range message ("less than or equal to 10") as everywhere else.
    return forms.IntegerField(
        label=label, min_value=0, max_value=10, help_text=help_text, widget=ScaleWidget()
    )


def _not_in_future(value: dt.date | None, what: str) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(f"{what} cannot be in the future.")


def _tri_state(value: Any) -> bool | None:
    return {"true": True, "false": False, True: True, False: False}.get(value)


class ScreenForm(forms.Form):
    """The red-flag screen. Ticking nothing is not enough: the runner must say so."""

    red_flags = forms.MultipleChoiceField(
        label="Do any of these apply to you right now?",
        choices=RedFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    none_apply = forms.BooleanField(label="None of these apply to me", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        flags = data.get("red_flags") or []
        if flags and data.get("none_apply"):
            self.add_error(
                "none_apply", "You ticked a warning sign above: untick it or untick this box."
            )
        elif not flags and not data.get("none_apply"):
            self.add_error("none_apply", "Tick the signs that apply, or confirm that none do.")
        return data


MISTAKE_MINUTES = 15
"""A sign ticked by mistake may be taken back only this soon after the safety check."""


class ClearanceForm(forms.Form):
    """After a referral: who cleared the runner to return to a guided plan, and when."""

    cleared_by = forms.ChoiceField(label="Who cleared you?", widget=forms.RadioSelect)
    clinician_name = forms.CharField(label="Their name or practice", max_length=120, required=False)
    cleared_on = forms.DateField(
        label="When", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    note = forms.CharField(
        label="What they said", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Any limits they set (for example: no running for two more weeks).",
    )  # fmt: skip
    confirm = forms.BooleanField(label="I have been seen and told I may train again.")

    def __init__(self, *args: Any, referred_at: dt.datetime | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.referred_at = referred_at
        choices = [c for c in ClearedBy.choices if c[0] != ClearedBy.TICKED_BY_MISTAKE]
        if self.mistake_allowed:
            choices.append((ClearedBy.TICKED_BY_MISTAKE.value, ClearedBy.TICKED_BY_MISTAKE.label))
        self.fields["cleared_by"].choices = choices  # type: ignore[attr-defined]

    @property
    def mistake_allowed(self) -> bool:
        """Only straight after the check: later, a clinician has to clear it."""
        if self.referred_at is None:
            return False
        return timezone.now() - self.referred_at <= dt.timedelta(minutes=MISTAKE_MINUTES)

    def clean_cleared_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["cleared_on"]
        _not_in_future(day, "The date you were cleared")
        if self.referred_at is not None and day < timezone.localdate(self.referred_at):
            raise forms.ValidationError(
                "That is before the safety check that found the warning sign."
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        by = data.get("cleared_by")
        named = (data.get("clinician_name") or "").strip()
        if by and by != ClearedBy.TICKED_BY_MISTAKE and not named:
            self.add_error("clinician_name", "Name the clinician or practice who cleared you.")
        return data


class InjuryForm(forms.ModelForm):  # type: ignore[type-arg]
    aggravators = forms.MultipleChoiceField(
        label="What makes it worse?",
        choices=Aggravator.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pain_rest = _pain_input("Pain at rest")
    pain_walking = _pain_input("Pain when walking")
    stiffness_baseline = _pain_input(
        "Usual morning stiffness", "0 = none, 10 = very stiff. Mornings are compared with this."
    )

    class Meta:
        model = Injury
        fields = (
            "site",
            "side",
            "kind",
            "bone_stress_risk",
            "onset",
            "last_run",
            "pain_free_run_minutes",
            "pain_rest",
            "pain_walking",
            "stiffness_baseline",
            "worsening",
            "aggravators",
            "flare_point_minutes",
            "pain_allowance",
        )
        labels = {
            "site": "Where is it?",
            "side": "Which side?",
            "kind": "What is it?",
            "bone_stress_risk": "Bone stress: site risk",
            "onset": "When did it start?",
            "last_run": "When did you last run?",
            "pain_free_run_minutes": "How many minutes can you run now without pain?",
            "worsening": "It has been getting worse lately",
            "flare_point_minutes": "After how many minutes of running did it use to flare up?",
            "pain_allowance": "Pain your clinician allows during running (0-5)",
        }
        help_texts = {
            "bone_stress_risk": "Only for a bone stress injury, as your clinician told you.",
            "flare_point_minutes": "Leave empty if you don't know: no planned run will go "
            "beyond it.",
            "pain_allowance": "Leave empty for the usual 3/10. At most 5: the evidence caps it "
            "there. A bone stress injury always runs pain-free.",
            "last_run": "Leave empty if you have not run since it started.",
            "pain_free_run_minutes": "0 if any running hurts; leave empty if you have not tried.",
        }
        widgets = {
            "onset": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "last_run": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "pain_free_run_minutes": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "flare_point_minutes": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "pain_allowance": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        error_messages = {
            "pain_allowance": {"max_value": "At most 5/10: the evidence caps the allowance there."}
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = [("", "Not sure / not sided"), *Side.choices]  # type: ignore[attr-defined]
        risk = self.fields["bone_stress_risk"]
        risk.choices = [("", "Not a bone stress injury"), *BoneStressRisk.choices]  # type: ignore[attr-defined]

    def clean_onset(self) -> dt.date:
        onset: dt.date = self.cleaned_data["onset"]
        _not_in_future(onset, "The start date")
        return onset

    def clean_last_run(self) -> dt.date | None:
        last_run: dt.date | None = self.cleaned_data.get("last_run")
        _not_in_future(last_run, "The last run")
        return last_run

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == InjuryKind.BONE_STRESS and not data.get("bone_stress_risk"):
            self.add_error(
                "bone_stress_risk",
                "Say whether the site is low or high risk; ask your clinician if unsure.",
            )
        if data.get("kind") != InjuryKind.BONE_STRESS and data.get("bone_stress_risk"):
            self.add_error("bone_stress_risk", "Only a bone stress injury has a site risk.")
        return data


class PastInjuryForm(forms.Form):
    """One earlier injury: where, which side, and when (roughly). A row left empty is
    no injury; a row emptied removes that injury from the history."""

    site = forms.ChoiceField(label="Where", required=False)
    side = forms.ChoiceField(label="Side", required=False)
    date = forms.DateField(
        label="When (roughly)",
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "-"), *Site.choices]  # type: ignore[attr-defined]
        self.fields["side"].choices = [("", "Not sure / not sided"), *Side.choices]  # type: ignore[attr-defined]

    def clean_date(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("date")
        _not_in_future(day, "An earlier injury")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date") and not data.get("site"):
            self.add_error("site", "Say where that injury was.")
        if data.get("site") and not data.get("date"):
            self.add_error("date", "Give a date, even a rough one (the month is enough).")
        if data.get("side") and not data.get("site"):
            self.add_error("site", "Say where that injury was.")
        return data

    def as_case_entry(self) -> dict[str, str] | None:
        """The row as a case-file ``injury_history`` entry; None for an empty row."""
        data = self.cleaned_data
        if not data.get("site"):
            return None
        entry = {"site": data["site"], "date": data["date"].isoformat()}
        return entry | ({"side": data["side"]} if data.get("side") else {})


PAST_PREFIX = "past"
PAST_INJURY_ROWS = 3
"""Empty rows shown below the earlier injuries already recorded."""

PastInjuryFormSet = forms.formset_factory(
    PastInjuryForm, extra=PAST_INJURY_ROWS, max_num=20, validate_max=True
)


class HistoryForm(forms.ModelForm):  # type: ignore[type-arg]
    """Running before the injury, and earlier injuries (rows in ``self.past``): a new
    pain where an earlier injury was calls for an early professional look."""

    class Meta:
        model = Runner
        fields = (
            "age",
            "sex",
            "weekly_km_before",
            "runs_per_week_before",
            "longest_run_km_before",
            "previous_injuries",
            "previous_bone_stress_injuries",
        )
        labels = {
            "age": "Age",
            "sex": "Sex",
            "weekly_km_before": "Kilometres a week before the injury",
            "runs_per_week_before": "Runs a week before the injury",
            "longest_run_km_before": "Longest run before the injury (km)",
            "previous_injuries": "Running injuries before this one",
            "previous_bone_stress_injuries": "Of those, bone stress injuries (stress fractures)",
        }
        help_texts = {
            "previous_bone_stress_injuries": "Two or more can be a sign of not eating enough "
            "for the training; the plan then holds progression and says why."
        }

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.fields["age"].required = True
        self.fields["sex"].choices = [("", "Prefer not to say"), *Sex.choices]  # type: ignore[attr-defined]
        for name in (
            "age",
            "runs_per_week_before",
            "previous_injuries",
            "previous_bone_stress_injuries",
        ):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        for name in ("weekly_km_before", "longest_run_km_before"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"
        # A post without the rows (an older page, a script) leaves the history as it is.
        self.rows_sent = data is not None and f"{PAST_PREFIX}-TOTAL_FORMS" in data
        self.past = PastInjuryFormSet(
            data if self.rows_sent else None,
            prefix=PAST_PREFIX,
            initial=list(self.instance.injury_history or []),
        )

    def is_valid(self) -> bool:
        own = super().is_valid()
        rows = not self.rows_sent or self.past.is_valid()
        return rows and own  # both checked, so both show their errors

    def injury_history(self) -> list[dict[str, str]]:
        """The earlier injuries as entered, oldest first (after :meth:`is_valid`)."""
        if not self.rows_sent:
            return list(self.instance.injury_history or [])
        rows = [row.as_case_entry() for row in self.past]
        return sorted((r for r in rows if r is not None), key=lambda r: r["date"])

    def save(self, commit: bool = True) -> Runner:
        self.instance.injury_history = self.injury_history()
        runner: Runner = super().save(commit)
        return runner


class WellbeingForm(forms.ModelForm):  # type: ignore[type-arg]
    stress = _pain_input("Stress lately", "0 = calm, 10 = overwhelmed")
    fear_of_reinjury = _pain_input("Worry about getting hurt again", "0 = none, 10 = a lot")
    fuelling_ok = forms.TypedChoiceField(
        label="Are you eating enough for your training?",
        choices=YES_NO_UNSURE,
        coerce=_tri_state,
        empty_value=None,
        required=False,
    )

    missed_periods = forms.TypedChoiceField(
        label="Have your periods become irregular or stopped while training?",
        choices=[("", "Prefer not to say / not applicable"), ("true", "Yes"), ("false", "No")],
        coerce=_tri_state,
        empty_value=None,
        required=False,
        help_text="Only if you choose to answer. Missed periods can mean the body is short of "
        "energy for the training, which slows healing (bone above all).",
    )
    pelvic_floor_symptoms = forms.MultipleChoiceField(
        label="After giving birth: do you have any of these now?",
        choices=PelvicFloorSymptom.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty if none apply. While any is present, the plan has no running "
        "and suggests a pelvic-health physiotherapist.",
    )

    class Meta:
        model = Runner
        fields = (
            "sleep_hours",
            "stress",
            "fear_of_reinjury",
            "fuelling_ok",
            "missed_periods",
            "pelvic_floor_symptoms",
        )
        labels = {"sleep_hours": "Hours of sleep on a usual night"}
        widgets = {"sleep_hours": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sleep_hours"].required = True
        injury = injury_of(self.instance) if self.instance.pk else None
        if injury is None or injury.kind != InjuryKind.POSTPARTUM:
            # Asked only after giving birth (the injury step says so); a form without
            # the field never writes it, so an earlier answer stays as it was.
            del self.fields["pelvic_floor_symptoms"]


class AvailabilityForm(forms.ModelForm):  # type: ignore[type-arg]
    days = forms.MultipleChoiceField(
        label="Days you can train",
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pick at least 2 days."},
    )
    equipment = forms.MultipleChoiceField(
        label="What can you use for strength work?",
        choices=Equipment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty for bodyweight exercises at home.",
    )

    class Meta:
        model = Runner
        fields = ("days", "minutes_per_day", "equipment")
        labels = {"minutes_per_day": "Minutes you have on a training day"}
        widgets = {"minutes_per_day": forms.NumberInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["minutes_per_day"].required = True

    def clean_days(self) -> list[str]:
        days: list[str] = self.cleaned_data["days"]
        if len(set(days)) < 2:
            raise forms.ValidationError(
                "Pick at least 2 days: strength work needs 2-3 sessions a week."
            )
        order = list(Weekday.values)
        return sorted(set(days), key=order.index)


class RunCheckinForm(forms.ModelForm):  # type: ignore[type-arg]
    """Straight after a run: how much, and how the pain behaved."""

    pain_before = _pain_input("Pain before the run")
    pain_during_max = _pain_input("Worst pain during the run")
    pain_after = _pain_input("Pain straight after")
    pain_during_pattern = forms.ChoiceField(
        label="How did the pain behave?",
        choices=DuringPattern.choices,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = LogEntry
        fields = (
            "run_minutes",
            "walk_minutes",
            "distance_km",
            "pain_before",
            "pain_during_max",
            "pain_during_pattern",
            "pain_onset_minute",
            "pain_after",
        )
        labels = {
            "run_minutes": "Minutes running",
            "walk_minutes": "Minutes walking",
            "distance_km": "Distance (km)",
            "pain_onset_minute": "Minute the pain came on",
        }
        help_texts = {"pain_onset_minute": "Leave empty if there was no pain."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["run_minutes"].required = True
        for name in ("run_minutes", "walk_minutes"):  # "10", not "10.0"
            value = self.initial.get(name)
            if isinstance(value, float) and value.is_integer():
                self.initial[name] = int(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pattern = data.get("pain_during_pattern")
        worst = data.get("pain_during_max")
        if pattern == DuringPattern.NONE and worst:
            self.add_error(
                "pain_during_pattern", f"You rated the worst pain {worst}/10: pick how it behaved."
            )
        if pattern and pattern != DuringPattern.NONE and worst == 0:
            self.add_error("pain_during_max", "You described pain: rate its worst moment above 0.")
        onset = data.get("pain_onset_minute")
        total = (data.get("run_minutes") or 0) + (data.get("walk_minutes") or 0)
        if onset is not None and total and onset > total:
            self.add_error(
                "pain_onset_minute", f"That is after the end of a {total:g}-minute session."
            )
        return data


UNPLANNED_DAYS_BACK = 14


class UnplannedRunForm(forms.ModelForm):  # type: ignore[type-arg]
    """A run that was not on the plan (or not ticked off on the day)."""

    client_token = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = LogEntry
        fields = ("date", "run_minutes", "walk_minutes", "distance_km")
        labels = {
            "date": "When",
            "run_minutes": "Minutes running",
            "walk_minutes": "Minutes walking",
            "distance_km": "Distance (km)",
        }
        widgets = {"date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["run_minutes"].required = True

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        _not_in_future(day, "A run")
        if day < timezone.localdate() - dt.timedelta(days=UNPLANNED_DAYS_BACK):
            raise forms.ValidationError(
                f"Only the last {UNPLANNED_DAYS_BACK} days; upload older runs from your watch."
            )
        return day

    def clean_run_minutes(self) -> float:
        minutes: float = self.cleaned_data["run_minutes"]
        if minutes <= 0:
            raise forms.ValidationError("A run has some running in it.")
        return minutes


class StrengthLogForm(forms.ModelForm):  # type: ignore[type-arg]
    """After a strength session: the heaviest load, so the loads chart can grow."""

    class Meta:
        model = LogEntry
        fields = ("load_kg", "minutes")
        labels = {"load_kg": "Heaviest load (kg)", "minutes": "Minutes"}
        widgets = {"load_kg": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["load_kg"].required = True


class PlyometricsLogForm(forms.ModelForm):  # type: ignore[type-arg]
    """After a plyometric session: the foot contacts done and the worst pain. The next
    session grows from what was done (about +15 %), or shrinks after one that hurt."""

    pain_during_max = _pain_input("Worst pain while hopping")

    class Meta:
        model = LogEntry
        fields = ("contacts", "pain_during_max")
        labels = {"contacts": "Foot contacts done"}
        help_texts = {"contacts": "Count both feet. Fewer than planned is fine: say so here."}
        widgets = {"contacts": forms.NumberInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"].required = True
        self.fields["pain_during_max"].required = False


class MorningCheckinForm(forms.ModelForm):  # type: ignore[type-arg]
    """The next morning: pain and stiffness against baseline; sleep, stress, fuelling."""

    pain = _pain_input("Pain this morning")
    stiffness = _pain_input("Stiffness this morning")
    walking_pain = _pain_input(
        "Pain when walking",
        "Optional. 0 = none, 10 = worst imaginable. Rising over days "
        "means the plan calls for a professional look.",
    )
    stress = _pain_input("Stress", "0 = calm, 10 = overwhelmed")
    fuelling_ok = forms.TypedChoiceField(
        label="Did you eat enough yesterday?",
        choices=YES_NO_UNSURE,
        coerce=_tri_state,
        empty_value=None,
        required=False,
    )

    #: One-time token (the page or the phone makes a new one each time the form is
    #: shown) and the morning it was filled in: a check-in kept offline and sent the
    #: next day still lands on its own morning, and a second send changes nothing.
    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    made_on = forms.DateField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = DayEntry
        fields = ("pain", "stiffness", "walking_pain", "sleep_hours", "stress", "fuelling_ok")
        labels = {"sleep_hours": "Hours slept last night"}
        widgets = {"sleep_hours": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sleep_hours"].required = True
        self.fields["walking_pain"].required = False


class JournalForm(forms.ModelForm):  # type: ignore[type-arg]
    """A day-level entry: it needs no activity, so rest and injury days count too.

    Its ratings are the day's, stored apart from the morning check-in's: a journal
    written in the evening never replaces how the morning felt.
    """

    day_pain = _pain_input("Pain today")
    day_stiffness = _pain_input("Stiffness today")

    class Meta:
        model = DayEntry
        fields = ("date", "day_pain", "day_stiffness", "notes")
        labels = {"notes": "Notes"}
        help_texts = {"notes": "Added below anything you already wrote for that day."}
        widgets = {
            "date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("day_pain", "day_stiffness"):
            self.fields[name].required = False

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        _not_in_future(day, "A journal entry")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [data.get(k) for k in ("day_pain", "day_stiffness")]
        if all(v is None for v in filled) and not (data.get("notes") or "").strip():
            raise forms.ValidationError("Write a note or rate at least one thing.")
        return data
