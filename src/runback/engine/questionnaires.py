"""Outcome questionnaires: what the runner answered and the published score of it.

A clinician reads scores, not feelings: OSTRC-O2 (weekly burden of the problem),
TSK-11 (fear of movement) and, for the two tendons where one is established and
free to use, VISA-A (Achilles) and VISA-P (patellar tendon). The case file keeps
the *answers* (``questionnaires[]``), never a typed-in total, so a score is always
recomputed here with the instrument's published rules and cannot drift.

Sources, licences and the item-by-item scoring are in ``docs/questionnaires.md``.
The app must show each instrument's own wording; this module stores only which
option was picked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Instrument(StrEnum):
    """The questionnaires runback scores (``questionnaires[].instrument``)."""

    OSTRC_O2 = "ostrc_o2"
    TSK_11 = "tsk_11"
    VISA_A = "visa_a"
    VISA_P = "visa_p"

    @property
    def label(self) -> str:
        return _TITLES[self]

    @property
    def score_range(self) -> tuple[int, int]:
        """(worst-or-lowest, highest) possible total."""
        return _RANGES[self]

    @property
    def higher_is_better(self) -> bool:
        """VISA scores rise as the tendon recovers; OSTRC and TSK-11 rise with the problem."""
        return self in {Instrument.VISA_A, Instrument.VISA_P}


_TITLES = {
    Instrument.OSTRC_O2: "OSTRC overuse injury questionnaire (OSTRC-O2)",
    Instrument.TSK_11: "Tampa Scale of Kinesiophobia, 11 items (TSK-11)",
    Instrument.VISA_A: "VISA-A (Achilles tendinopathy)",
    Instrument.VISA_P: "VISA-P (patellar tendinopathy)",
}
_RANGES = {
    Instrument.OSTRC_O2: (0, 100),
    Instrument.TSK_11: (11, 44),
    Instrument.VISA_A: (0, 100),
    Instrument.VISA_P: (0, 100),
}


# -- OSTRC-O2 ---------------------------------------------------------------------------
class Participation(StrEnum):
    """OSTRC-O2 question 1: taking part in training and competition (past 7 days)."""

    FULL_NO_PROBLEM = "full_no_problem"
    FULL_WITH_PROBLEM = "full_with_problem"
    REDUCED = "reduced"
    CANNOT = "cannot"


class Extent(StrEnum):
    """OSTRC-O2 questions 2 (training volume) and 3 (performance): how much it was affected."""

    NONE = "none"
    MINOR = "minor"
    MODERATE = "moderate"
    MAJOR = "major"
    CANNOT = "cannot"


class Symptoms(StrEnum):
    """OSTRC-O2 question 4: how much pain or other symptoms in the area."""

    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


Q1_POINTS = {
    Participation.FULL_NO_PROBLEM: 0,
    Participation.FULL_WITH_PROBLEM: 8,
    Participation.REDUCED: 17,
    Participation.CANNOT: 25,
}
Q23_POINTS = {
    Extent.NONE: 0,
    Extent.MINOR: 6,
    Extent.MODERATE: 13,
    Extent.MAJOR: 19,
    Extent.CANNOT: 25,
}
Q4_POINTS = {Symptoms.NONE: 0, Symptoms.MILD: 8, Symptoms.MODERATE: 17, Symptoms.SEVERE: 25}
SUBSTANTIAL_EXTENT = frozenset({Extent.MODERATE, Extent.MAJOR, Extent.CANNOT})
"""Moderate or major reduction of training volume or performance, or unable to take part."""


class _Answers(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OstrcAnswers(_Answers):
    """One week's OSTRC-O2 for the injured area.

    Gatekeeper logic (Clarsen 2020): "full participation without a problem" ends the
    questionnaire (the other answers must be absent or "none"); "cannot participate"
    makes questions 2 and 3 "cannot" as well, and only question 4 is still asked.
    """

    participation: Participation
    volume: Extent | None = None
    performance: Extent | None = None
    symptoms: Symptoms | None = None

    @model_validator(mode="after")
    def _gatekeeper(self) -> Self:
        if self.participation is Participation.FULL_NO_PROBLEM:
            for name in ("volume", "performance", "symptoms"):
                value = getattr(self, name)
                if value is not None and value != "none":
                    raise ValueError(
                        f"{name}: must be left out when participation is full_no_problem "
                        "(the questionnaire stops there)"
                    )
            return self
        if self.participation is Participation.CANNOT:
            for name in ("volume", "performance"):
                value = getattr(self, name)
                if value is not None and value is not Extent.CANNOT:
                    raise ValueError(
                        f"{name}: must be 'cannot' or left out when participation is 'cannot'"
                    )
            if self.symptoms is None:
                raise ValueError("symptoms: is required")
            return self
        for name in ("volume", "performance", "symptoms"):
            if getattr(self, name) is None:
                raise ValueError(f"{name}: is required")
        if Extent.CANNOT in (self.volume, self.performance):
            raise ValueError(
                "participation: 'cannot' on volume or performance needs participation 'cannot'"
            )
        return self


# -- TSK-11 -----------------------------------------------------------------------------
Agreement = Annotated[int, Field(ge=1, le=4)]
"""1 strongly disagree, 2 disagree, 3 agree, 4 strongly agree."""


class Tsk11Answers(_Answers):
    """The eleven TSK-11 items in published order, each 1-4."""

    items: Annotated[tuple[Agreement, ...], Field(min_length=11, max_length=11)]


# -- VISA-A / VISA-P --------------------------------------------------------------------
Points10 = Annotated[int, Field(ge=0, le=10)]
"""A VISA item on its 0-10 scale (10 = no pain / no limitation)."""


class SportNow(StrEnum):
    """VISA question 7: sport or other physical activity at present."""

    NOT_AT_ALL = "not_at_all"
    MODIFIED = "modified"
    FULL_LOWER_LEVEL = "full_lower_level"
    FULL_SAME_LEVEL = "full_same_level"


class LoadPain(StrEnum):
    """VISA question 8: which branch applies (pain while doing load-bearing sport)."""

    NONE = "none"
    NOT_STOPPING = "not_stopping"
    STOPS = "stops"


class LoadMinutes(StrEnum):
    """VISA question 8: how long the runner can train or practise in that branch."""

    NIL = "nil"
    UP_TO_10 = "1_10"
    UP_TO_20 = "11_20"
    UP_TO_30 = "21_30"
    OVER_30 = "over_30"


Q7_POINTS = {
    SportNow.NOT_AT_ALL: 0,
    SportNow.MODIFIED: 4,
    SportNow.FULL_LOWER_LEVEL: 7,
    SportNow.FULL_SAME_LEVEL: 10,
}
_MINUTES = tuple(LoadMinutes)
Q8_POINTS = {
    LoadPain.NONE: dict(zip(_MINUTES, (0, 7, 14, 21, 30), strict=True)),
    LoadPain.NOT_STOPPING: dict(zip(_MINUTES, (0, 4, 10, 14, 20), strict=True)),
    LoadPain.STOPS: dict(zip(_MINUTES, (0, 2, 5, 7, 10), strict=True)),
}


class VisaAnswers(_Answers):
    """VISA-A or VISA-P: items 1-6 on their 0-10 scale, question 7, question 8.

    ``items``: the points the runner marked on questions 1-6 (VISA-A question 1, minutes
    of morning stiffness, and VISA-P question 1, minutes of pain-free sitting, are
    already read onto their 0-10 scale by the form).
    """

    items: Annotated[tuple[Points10, ...], Field(min_length=6, max_length=6)]
    sport: SportNow
    load_pain: LoadPain
    load_minutes: LoadMinutes


# -- case-file entries ------------------------------------------------------------------
class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    instrument: str

    @property
    def kind(self) -> Instrument:
        """The instrument as an enum (the field is a plain tag for the discriminated union)."""
        return Instrument(self.instrument)


class OstrcEntry(_Entry):
    instrument: Literal["ostrc_o2"]
    answers: OstrcAnswers


class Tsk11Entry(_Entry):
    instrument: Literal["tsk_11"]
    answers: Tsk11Answers


class VisaAEntry(_Entry):
    instrument: Literal["visa_a"]
    answers: VisaAnswers


class VisaPEntry(_Entry):
    instrument: Literal["visa_p"]
    answers: VisaAnswers


QuestionnaireEntry = Annotated[
    OstrcEntry | Tsk11Entry | VisaAEntry | VisaPEntry, Field(discriminator="instrument")
]
"""One ``questionnaires[]`` entry: ``{"date", "instrument", "answers"}``."""


# -- scoring ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class OstrcScore:
    """Severity 0-100 and whether the problem is substantial this week."""

    severity: int
    substantial: bool
    problem: bool
    """False when the runner had full participation without a problem."""


def score_ostrc(answers: OstrcAnswers) -> OstrcScore:
    """Clarsen 2013/2020: sum of the four questions (0-25 each); gatekeeper applied."""
    if answers.participation is Participation.FULL_NO_PROBLEM:
        return OstrcScore(0, substantial=False, problem=False)
    if answers.participation is Participation.CANNOT:
        volume = performance = Extent.CANNOT
    else:
        assert answers.volume is not None
        assert answers.performance is not None
        volume, performance = answers.volume, answers.performance
    assert answers.symptoms is not None
    severity = (
        Q1_POINTS[answers.participation]
        + Q23_POINTS[volume]
        + Q23_POINTS[performance]
        + Q4_POINTS[answers.symptoms]
    )
    substantial = (
        answers.participation is Participation.CANNOT
        or volume in SUBSTANTIAL_EXTENT
        or performance in SUBSTANTIAL_EXTENT
    )
    return OstrcScore(severity, substantial=substantial, problem=True)


def score_tsk11(answers: Tsk11Answers) -> int:
    """Woby 2005: the sum of the eleven items, 11-44 (no item is reverse-scored)."""
    return sum(answers.items)


def score_visa(answers: VisaAnswers) -> int:
    """VISA-A (Robinson 2001) and VISA-P (Visentini 1998): 0-100, 100 = no symptoms.

    Items 1-6 count their 0-10 points, question 7 gives 0/4/7/10, and question 8 up
    to 30 in the "no pain" branch, 20 with pain that does not stop the runner, 10
    with pain that does.
    """
    return (
        sum(answers.items)
        + Q7_POINTS[answers.sport]
        + Q8_POINTS[answers.load_pain][answers.load_minutes]
    )


@dataclass(frozen=True, slots=True)
class QuestionnaireScore:
    """One scored questionnaire: the total and, for OSTRC-O2, the substantial flag."""

    date: dt.date
    instrument: Instrument
    score: int
    substantial: bool | None = None
    """OSTRC-O2 only: a substantial problem that week."""


def score(entry: OstrcEntry | Tsk11Entry | VisaAEntry | VisaPEntry) -> QuestionnaireScore:
    """Score one case-file entry with its instrument's published rules."""
    if isinstance(entry, OstrcEntry):
        ostrc = score_ostrc(entry.answers)
        return QuestionnaireScore(
            entry.date, entry.kind, ostrc.severity, substantial=ostrc.substantial
        )
    if isinstance(entry, Tsk11Entry):
        return QuestionnaireScore(entry.date, entry.kind, score_tsk11(entry.answers))
    return QuestionnaireScore(entry.date, entry.kind, score_visa(entry.answers))
