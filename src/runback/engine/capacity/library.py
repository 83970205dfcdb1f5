"""The exercise library: a validated data file shipped inside the package.

The exercises live in ``exercises.yaml`` (data, not code) so that a physio can
review or extend them without reading Python. The pydantic models below are the
schema: loading the file checks that every exercise is complete, that every
progression and regression points to an existing exercise, and that every
injury site has heavy exercises (low-level work alone does not transfer to
running; DOMAIN.md, "Rebuild capacity"). The same models export the JSON Schema
published as ``docs/exercise-library.schema.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Annotated, Any, Self

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from runback.engine.capacity.enums import (
    DoseUnit,
    ExerciseKind,
    Kit,
    PlyoLevel,
    Site,
    Stance,
    Tissue,
)
from runback.engine.capacity.errors import LibraryError, UnknownExerciseError

ExerciseId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
"""A stable snake_case key: what case files and plans use to name an exercise."""

LIBRARY_RESOURCE = "exercises.yaml"


class Exercise(BaseModel):
    """One exercise of the library."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

    id: ExerciseId
    name: Annotated[str, StringConstraints(min_length=3, max_length=80)]
    kind: ExerciseKind
    stance: Stance
    unit: DoseUnit = Field(description="reps: count movements; seconds: count seconds held")
    loadable: bool = Field(description="external load (backpack, dumbbells, stack) can be added")
    off_load: bool = Field(
        default=False, description="done seated, lying or kneeling: no body weight on the legs"
    )
    tissues: tuple[Tissue, ...] = Field(min_length=1)
    sites: tuple[Site, ...] = Field(min_length=1)
    equipment: tuple[Kit, ...] = Field(description="everything it cannot be done without")
    progression: ExerciseId = Field(description="id of the next harder exercise (or itself)")
    regression: ExerciseId = Field(description="id of the next easier exercise (or itself)")
    instructions: Annotated[str, StringConstraints(min_length=40, max_length=600)]
    plyo_level: PlyoLevel | None = Field(
        default=None, description="intensity rung, plyometrics only (1 low ... 6 high)"
    )

    @model_validator(mode="after")
    def _plyo_level_only_for_plyometrics(self) -> Self:
        is_plyo = self.kind is ExerciseKind.PLYOMETRIC
        if is_plyo and self.plyo_level is None:
            raise ValueError(f"plyometric exercise {self.id!r} needs a plyo_level")
        if not is_plyo and self.plyo_level is not None:
            raise ValueError(f"only plyometric exercises take a plyo_level ({self.id!r})")
        return self

    def doable_with(self, equipment: Iterable[Kit]) -> bool:
        """True when the runner has every item this exercise needs."""
        return set(self.equipment) <= set(equipment)


class ExerciseLibrary(BaseModel):
    """The whole library, with its cross-exercise checks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = Field(ge=1)
    exercises: tuple[Exercise, ...] = Field(min_length=40)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        ids = [exercise.id for exercise in self.exercises]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate exercise ids: {', '.join(duplicates)}")
        known = set(ids)
        for exercise in self.exercises:
            for link in ("progression", "regression"):
                target = getattr(exercise, link)
                if target not in known:
                    raise ValueError(f"{exercise.id}.{link} points to unknown exercise {target!r}")
        uncovered = [
            site.value
            for site in Site
            if site.region is site
            and not any(e.kind is ExerciseKind.HEAVY and site in e.sites for e in self.exercises)
        ]
        if uncovered:
            raise ValueError(f"sites without a heavy exercise: {', '.join(uncovered)}")
        return self

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with this id; ``UnknownExerciseError`` otherwise."""
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise UnknownExerciseError(exercise_id)

    def __contains__(self, exercise_id: object) -> bool:
        return any(exercise.id == exercise_id for exercise in self.exercises)

    def select(
        self,
        *,
        site: Site | None = None,
        kind: ExerciseKind | None = None,
        equipment: Iterable[Kit] | None = None,
        off_load: bool = False,
    ) -> tuple[Exercise, ...]:
        """Exercises matching every given filter, in library order.

        ``off_load``: only exercises that put no body weight through the legs.
        A fine bone site (``Site.region``) selects its region's exercises.
        """
        kit = None if equipment is None else frozenset(equipment)
        site = None if site is None else site.region  # a fine bone site trains like its region
        return tuple(
            e
            for e in self.exercises
            if (site is None or site in e.sites)
            and (kind is None or e.kind is kind)
            and (kit is None or e.doable_with(kit))
            and (e.off_load or not off_load)
        )


def parse_library(text: str) -> ExerciseLibrary:
    """Validate library YAML text; ``LibraryError`` says what is wrong."""
    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise LibraryError(f"exercise library is not valid YAML: {error}") from error
    try:
        return ExerciseLibrary.model_validate(raw)
    except ValidationError as error:
        raise LibraryError(f"exercise library is not valid: {error}") from error


@cache
def load_library() -> ExerciseLibrary:
    """The packaged library, read and validated once per process."""
    text = resources.files(__package__).joinpath(LIBRARY_RESOURCE).read_text(encoding="utf-8")
    return parse_library(text)


def library_json_schema() -> str:
    """The JSON Schema of the library file, as published in ``docs/``."""
    schema = ExerciseLibrary.model_json_schema()
    schema["$id"] = "https://runback.example/schemas/exercise-library.schema.json"
    schema["title"] = "runback exercise library"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
