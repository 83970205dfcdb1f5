"""The questionnaire forms: one per instrument, checked by the engine's own models.

Each form collects the picked options and hands them to the engine's answer model
(:class:`OstrcAnswers`, :class:`Tsk11Answers`, :class:`VisaAnswers`), so the
gatekeeper rules and ranges are the engine's, not re-typed here; a rejected answer
comes back on the form with the engine's message, and nothing is saved.

The question texts are short paraphrases that say what each item asks; the official
wording of each instrument still has to be placed here before public release
(docs/questionnaires.md, "What was checked").
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from pydantic import BaseModel, ValidationError

from runback.engine.questionnaires import (
    Extent,
    Instrument,
    LoadMinutes,
    LoadPain,
    OstrcAnswers,
    Participation,
    SportNow,
    Symptoms,
    Tsk11Answers,
    VisaAnswers,
)

PARTICIPATION = {
    Participation.FULL_NO_PROBLEM: "Full participation without a problem",
    Participation.FULL_WITH_PROBLEM: "Full participation, but with a problem",
    Participation.REDUCED: "Reduced participation because of the problem",
    Participation.CANNOT: "Could not participate because of the problem",
}
EXTENT = {
    Extent.NONE: "Not at all",
    Extent.MINOR: "To a minor extent",
    Extent.MODERATE: "To a moderate extent",
    Extent.MAJOR: "To a major extent",
    Extent.CANNOT: "Could not participate at all",
}
SYMPTOMS = {
    Symptoms.NONE: "None",
    Symptoms.MILD: "Mild",
    Symptoms.MODERATE: "Moderate",
    Symptoms.SEVERE: "Severe",
}
AGREEMENT = [(1, "Strongly disagree"), (2, "Disagree"), (3, "Agree"), (4, "Strongly agree")]
TSK11_ITEMS = (
    "I am afraid I might injure myself if I exercise.",
    "If I tried to push through it, my pain would increase.",
    "My body is telling me something is dangerously wrong.",
    "People are not taking my condition seriously enough.",
    "My injury has put my body at risk for the rest of my life.",
    "Pain always means I have injured my body.",
    "Avoiding unnecessary movement is the safest way to stop my pain getting worse.",
    "I would not have this much pain unless something dangerous were going on in my body.",
    "Pain tells me when to stop exercising so that I do not injure myself.",
    "I cannot do everything others do because I get injured too easily.",
    "No one should have to exercise when they are in pain.",
)
VISA_ITEMS: dict[Instrument, tuple[str, ...]] = {
    Instrument.VISA_A: (
        "Morning stiffness in the Achilles (0 = 100 minutes or more, 10 = none)",
        "Pain stretching the Achilles over the edge of a step (0 = strong, 10 = none)",
        "Pain after walking on flat ground for 30 minutes (0 = strong, 10 = none)",
        "Pain walking downstairs at a normal pace (0 = strong, 10 = none)",
        "Pain during or right after 10 single-leg heel raises (0 = strong, 10 = none)",
        "Single-leg hops you can do without pain (0 = none, 10 = ten)",
    ),
    Instrument.VISA_P: (
        "Minutes you can sit without pain (0 = none, 10 = 100 minutes or more)",
        "Pain walking downstairs at a normal pace (0 = strong, 10 = none)",
        "Pain straightening the knee fully without weight (0 = strong, 10 = none)",
        "Pain in a full weight-bearing lunge (0 = strong, 10 = none)",
        "Problems squatting (0 = unable, 10 = none)",
        "Pain during or right after 10 single-leg hops (0 = strong, 10 = none)",
    ),
}
SPORT = {
    SportNow.NOT_AT_ALL: "Not at all",
    SportNow.MODIFIED: "Modified training or modified competition",
    SportNow.FULL_LOWER_LEVEL: "Full training or competition, but not at the same level",
    SportNow.FULL_SAME_LEVEL: "Competing at the same or higher level as before",
}
LOAD_PAIN = {
    LoadPain.NONE: "No pain while training or running",
    LoadPain.NOT_STOPPING: "Pain, but it does not stop me",
    LoadPain.STOPS: "Pain that stops me",
}
LOAD_MINUTES = {
    LoadMinutes.NIL: "Not at all",
    LoadMinutes.UP_TO_10: "1-10 minutes",
    LoadMinutes.UP_TO_20: "11-20 minutes",
    LoadMinutes.UP_TO_30: "21-30 minutes",
    LoadMinutes.OVER_30: "More than 30 minutes",
}


def _choices(labels: dict[Any, str]) -> list[tuple[str, str]]:
    return [(member.value, text) for member, text in labels.items()]


class QuestionnaireForm(forms.Form):
    """The date plus an instrument's answers; ``cleaned_data["answers"]`` is the case
    file's ``answers`` object, already accepted by the engine."""

    instrument: ClassVar[Instrument]
    model: ClassVar[type[BaseModel]]
    intro: ClassVar[str] = ""

    date = forms.DateField(
        label="Answered on",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.instrument.value)
        super().__init__(*args, **kwargs)

    @property
    def title(self) -> str:
        return self.instrument.label

    def answers(self) -> dict[str, Any]:
        """The answers object from the cleaned fields (what the engine validates)."""
        raise NotImplementedError

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            model = self.model.model_validate(self.answers())
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                message = str(error.get("ctx", {}).get("error", error["msg"]))
                field, _, rest = message.partition(": ")
                if rest and field in self.fields:
                    self.add_error(field, rest)
                else:
                    self.add_error(None, message)
            return cleaned
        cleaned["answers"] = model.model_dump(mode="json", exclude_none=True)
        return cleaned


class OstrcForm(QuestionnaireForm):
    instrument = Instrument.OSTRC_O2
    model = OstrcAnswers
    intro = (
        "About the past 7 days and your injured area. If you took part fully without a "
        "problem, stop after the first question."
    )

    participation = forms.ChoiceField(
        label="1. Taking part in running and training",
        choices=_choices(PARTICIPATION),
        widget=forms.RadioSelect,
    )
    volume = forms.ChoiceField(
        label="2. How much did it reduce your training volume?",
        choices=_choices(EXTENT),
        widget=forms.RadioSelect,
        required=False,
    )
    performance = forms.ChoiceField(
        label="3. How much did it affect your performance?",
        choices=_choices(EXTENT),
        widget=forms.RadioSelect,
        required=False,
    )
    symptoms = forms.ChoiceField(
        label="4. How much pain or other symptoms did you have?",
        choices=_choices(SYMPTOMS),
        widget=forms.RadioSelect,
        required=False,
    )

    def answers(self) -> dict[str, Any]:
        fields = ("participation", "volume", "performance", "symptoms")
        return {f: self.cleaned_data[f] for f in fields if self.cleaned_data.get(f)}


class Tsk11Form(QuestionnaireForm):
    instrument = Instrument.TSK_11
    model = Tsk11Answers
    intro = "How much do you agree with each statement, as you feel now?"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, text in enumerate(TSK11_ITEMS, start=1):
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=f"{number}. {text}",
                choices=AGREEMENT,
                coerce=int,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[str, Any]:
        return {"items": [self.cleaned_data[f"item_{n}"] for n in range(1, 12)]}


class _VisaForm(QuestionnaireForm):
    model = VisaAnswers
    intro = "Each scale runs from 0 (worst) to 10 (no pain or no limitation)."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, text in enumerate(VISA_ITEMS[self.instrument], start=1):
            self.fields[f"item_{number}"] = forms.IntegerField(
                label=f"{number}. {text}", min_value=0, max_value=10
            )
        self.fields["sport"] = forms.ChoiceField(
            label="7. Are you running or doing sport at present?",
            choices=_choices(SPORT),
            widget=forms.RadioSelect,
        )
        self.fields["load_pain"] = forms.ChoiceField(
            label="8. While running or doing load-bearing sport:",
            choices=_choices(LOAD_PAIN),
            widget=forms.RadioSelect,
        )
        self.fields["load_minutes"] = forms.ChoiceField(
            label="8. ...for how long can you keep going?",
            choices=_choices(LOAD_MINUTES),
            widget=forms.RadioSelect,
        )

    def answers(self) -> dict[str, Any]:
        return {
            "items": [self.cleaned_data[f"item_{n}"] for n in range(1, 7)],
            "sport": self.cleaned_data["sport"],
            "load_pain": self.cleaned_data["load_pain"],
            "load_minutes": self.cleaned_data["load_minutes"],
        }


class VisaAForm(_VisaForm):
    instrument = Instrument.VISA_A


class VisaPForm(_VisaForm):
    instrument = Instrument.VISA_P


FORMS: dict[Instrument, type[QuestionnaireForm]] = {
    form.instrument: form for form in (OstrcForm, Tsk11Form, VisaAForm, VisaPForm)
}
