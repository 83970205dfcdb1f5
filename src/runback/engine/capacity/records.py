"""What a runner records: readiness-test results and the strength log.

These are the case-file entries ``tests[]`` and ``strength_log[]``. They are
strict (unknown keys, unknown names, negative numbers and a result without a
unit are rejected) because a wrong number here would open a gate too early.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from runback.engine.capacity.library import load_library
from runback.engine.capacity.readiness import (
    ReadinessTestName,
    TestUnit,
    readiness_test,
)

Pain = Annotated[int, Field(ge=0, le=10)]


class ReadinessResult(BaseModel):
    """One readiness test done on one day: ``{"date","name","left","right","unit"}``.

    Sided tests need both ``left`` and ``right``. Tests done on both legs at once
    (the brisk walk) take the value in either field. ``pain`` (0-10) is the most
    the test hurt; absent means it was not noted.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    name: ReadinessTestName
    left: Annotated[float, Field(ge=0, le=100_000)] | None = None
    right: Annotated[float, Field(ge=0, le=100_000)] | None = None
    unit: TestUnit
    pain: Pain | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _known_test(cls, value: object) -> object:
        if isinstance(value, str):
            return readiness_test(value).name
        return value

    @model_validator(mode="after")
    def _complete(self) -> Self:
        test = readiness_test(self.name)
        if self.unit is not test.unit:
            raise ValueError(
                f"{self.name.value} is recorded in {test.unit.value}, not {self.unit.value}"
            )
        if test.sided and (self.left is None or self.right is None):
            raise ValueError(f"{self.name.value} needs both a left and a right result")
        if self.left is None and self.right is None:
            raise ValueError(f"{self.name.value} needs a result in left or right")
        return self

    @property
    def weaker(self) -> float:
        """The weaker side (the only value, for tests done on both legs)."""
        return min(v for v in (self.left, self.right) if v is not None)

    @property
    def stronger(self) -> float:
        return max(v for v in (self.left, self.right) if v is not None)


class StrengthLogEntry(BaseModel):
    """One exercise done on one day.

    ``reps`` is what the hardest (usually last) set achieved, ``load_kg`` the
    external load (0 for body weight), ``rir`` the reps the runner felt were
    left in reserve at the end of that set. ``target_reps`` is what was
    prescribed; when absent the programme's ladder target for that week is used.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    exercise: str
    sets: Annotated[int, Field(ge=1, le=20)]
    reps: Annotated[int, Field(ge=0, le=200)]
    load_kg: Annotated[float, Field(ge=0, le=1000)] = 0.0
    rir: Annotated[int, Field(ge=0, le=20)] | None = None
    target_reps: Annotated[int, Field(ge=1, le=200)] | None = None
    pain: Pain | None = None

    @field_validator("exercise")
    @classmethod
    def _known_exercise(cls, value: str) -> str:
        return load_library().get(value).id


class PlyometricRecord(BaseModel):
    """A plyometric session as the dosing needs it: when, how many contacts, pain."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    contacts: Annotated[int, Field(ge=0, le=2000)] | None = None
    pain: Pain | None = None
