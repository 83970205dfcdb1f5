"""Load progression from the strength log.

Heavy slow resistance climbs a ladder from 3x15RM to 4x6RM over about twelve
weeks (Beyer 2015 [RCT], evidence.md section 8); within a rung the load follows
what the runner logs. The rules, in order:

1. nothing logged yet: pick a load that leaves 1-2 reps in reserve;
2. the exercise hurt above the allowance (5/10 for tendons, Silbernagel 2007):
   reduce the load by 10%;
3. reps were missed: hold the load; missed twice in a row: reduce by 10%;
4. every rep done with 3 or more in reserve: it was too light, add about 5%;
5. the ladder moved to fewer reps: scale the load by the %1RM table;
6. otherwise the load is right (heavy, 1-2 in reserve): hold it.

An increase is never more than 10% of the last load (or 2.5 kg from body
weight), so one optimistic log entry cannot make the next session reckless.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from runback.engine.capacity.enums import DoseUnit
from runback.engine.capacity.errors import UnknownExerciseError
from runback.engine.capacity.findings import CapacityRule, Finding
from runback.engine.capacity.library import Exercise, load_library
from runback.engine.capacity.records import StrengthLogEntry


class StrengthStage(StrEnum):
    """Building capacity (the ladder, 2-3 a week) or keeping it (2 a week, for good)."""

    BUILD = "build"
    MAINTAIN = "maintain"


@dataclass(frozen=True, slots=True)
class RepScheme:
    """Sets x reps at the matching repetition maximum."""

    sets: int
    reps: int

    def __str__(self) -> str:
        return f"{self.sets}x{self.reps}RM"


HSR_LADDER: tuple[tuple[int, RepScheme], ...] = (
    (0, RepScheme(3, 15)),
    (1, RepScheme(3, 12)),
    (3, RepScheme(4, 10)),
    (5, RepScheme(4, 8)),
    (8, RepScheme(4, 6)),
)
"""(from training week, scheme): Beyer 2015, weeks 1 / 2-3 / 4-5 / 6-8 / 9-12."""

MAINTENANCE = RepScheme(3, 6)
"""Keep the load heavy and cut the volume: strength holds on little work."""

SESSIONS_PER_WEEK: dict[StrengthStage, int] = {StrengthStage.BUILD: 3, StrengthStage.MAINTAIN: 2}
"""2-3 heavy sessions while building (3 planned so one can be missed), 2 to maintain."""

HEAVY_REST_S = 150
"""2-3 minutes between heavy sets (Beyer 2015)."""
TENDON_PAIN_ALLOWANCE = 5
"""Pain during loading a tendon may reach 5/10 (Silbernagel 2007 [RCT])."""
HIGH_RIR = 3
"""Reps in reserve at or above this mean the set was not heavy."""
INCREASE_SHARE = 0.05
REDUCE_SHARE = 0.10
MAX_INCREASE_SHARE = 0.10
BODYWEIGHT_FIRST_LOAD_KG = 2.5
"""First external load on a body-weight exercise: about a bag of books."""
LOAD_STEP_KG = 0.5


class LoadDecision(StrEnum):
    """What happens to an exercise's load next session."""

    START = "start"
    INCREASE = "increase"
    HOLD = "hold"
    REDUCE = "reduce"
    HARDER_EXERCISE = "harder_exercise"


@dataclass(frozen=True, slots=True)
class LoadAdvice:
    """The next load for one exercise, and why."""

    exercise: str
    decision: LoadDecision
    load_kg: float | None
    """External load in kg; ``None`` when the runner still has to find it."""
    finding: Finding
    """The reason, whole: it names the exercise, for lists of reasons."""
    advice: str
    """The same words without the exercise's name, for where the name stands beside
    them (a plan's row for the exercise)."""


def training_week(first_session: dt.date, day: dt.date) -> int:
    """Whole weeks between the first heavy session and ``day`` (0 in the first week)."""
    return max(0, (day - first_session).days // 7)


def rep_scheme(stage: StrengthStage, week: int) -> RepScheme:
    """Sets and reps for a training week (maintenance ignores the week)."""
    if stage is StrengthStage.MAINTAIN:
        return MAINTENANCE
    scheme = HSR_LADDER[0][1]
    for from_week, rung in HSR_LADDER:
        if week >= from_week:
            scheme = rung
    return scheme


def percent_1rm(reps: int) -> float:
    """Share of the one-rep maximum liftable ``reps`` times, in percent.

    A straight line through the strength-and-conditioning table in evidence.md
    section 8 (6RM 85 %, 8RM 80 %, 10RM 75 %, 12RM 70 %; it gives 62.5 % for
    15RM where the table says 65 %), floored at 40 %.
    """
    return max(40.0, 100.0 - 2.5 * max(0, reps))


def round_load(kg: float) -> float:
    """Loads move in 0.5 kg steps (the smallest plates and bag top-ups)."""
    return max(0.0, round(kg / LOAD_STEP_KG) * LOAD_STEP_KG)


def advise_load(
    exercise: Exercise,
    history: Iterable[StrengthLogEntry],
    target: RepScheme,
    *,
    target_on: Callable[[dt.date], int] | None = None,
    pain_allowance: int = TENDON_PAIN_ALLOWANCE,
) -> LoadAdvice:
    """Next session's load for ``exercise`` from its logged history.

    For held exercises (``unit`` seconds) ``reps`` counts the seconds held, in
    the log and in ``target``. ``target``: this session's scheme. ``target_on``:
    the reps the programme prescribed on a past date, for log entries without
    ``target_reps`` (defaults to ``target.reps``).
    """
    done = sorted((e for e in history if e.exercise == exercise.id), key=lambda e: e.date)
    if not done:
        return _advice(
            exercise, LoadDecision.START, None,
            f"find a load you can {_doing(exercise, target.reps)} with "
            "a little left in reserve, then log it.",
        )  # fmt: skip
    last = done[-1]
    aimed = _aimed(last, target, target_on)
    if last.pain is not None and last.pain > pain_allowance:
        return _reduce(exercise, last, f"it hurt {last.pain}/10, above {pain_allowance}/10")
    if last.reps < aimed:
        return _after_missed_reps(exercise, done, target, target_on)
    if last.rir is not None and last.rir >= HIGH_RIR:
        return _increase(exercise, last, f"{last.rir} reps were left in reserve")
    if target.reps < aimed:
        scaled = last.load_kg * percent_1rm(target.reps) / percent_1rm(aimed)
        return _increase(
            exercise, last, f"the block moves from {aimed} to {target.reps} reps", scaled
        )
    return _advice(
        exercise, LoadDecision.HOLD, last.load_kg,
        f"{_kg(last.load_kg)} was heavy with every rep done: keep it.",
    )  # fmt: skip


def _doing(exercise: Exercise, reps: int) -> str:
    if exercise.unit is DoseUnit.SECONDS:
        return f"hold for {reps} s"
    return f"lift {reps} times"


def _aimed(
    entry: StrengthLogEntry, target: RepScheme, target_on: Callable[[dt.date], int] | None
) -> int:
    if entry.target_reps is not None:
        return entry.target_reps
    return target_on(entry.date) if target_on is not None else target.reps


def _after_missed_reps(
    exercise: Exercise,
    done: Sequence[StrengthLogEntry],
    target: RepScheme,
    target_on: Callable[[dt.date], int] | None,
) -> LoadAdvice:
    last = done[-1]
    aimed = _aimed(last, target, target_on)
    if len(done) >= 2:
        before = done[-2]
        if before.reps < _aimed(before, target, target_on) and last.load_kg >= before.load_kg:
            return _reduce(exercise, last, "reps were missed two sessions in a row")
    return _advice(
        exercise, LoadDecision.HOLD, last.load_kg,
        f"{last.reps} of {aimed} {_unit(exercise)} done at "
        f"{_kg(last.load_kg)}: hold the load until all of it is done.",
    )  # fmt: skip


def _name_of(exercise_id: str) -> str:
    """An exercise's name from the packaged library (its id if the library lacks it)."""
    try:
        return load_library().get(exercise_id).name
    except UnknownExerciseError:
        return exercise_id.replace("_", " ")


def _increase(
    exercise: Exercise, last: StrengthLogEntry, because: str, proposed: float | None = None
) -> LoadAdvice:
    if not exercise.loadable:
        if exercise.progression != exercise.id:
            return _advice(
                exercise, LoadDecision.HARDER_EXERCISE, None,
                f"{because}; move on to {_name_of(exercise.progression)} "
                "(it cannot take more weight).",
            )  # fmt: skip
        return _advice(
            exercise, LoadDecision.HOLD, last.load_kg,
            f"{because}; make it harder by lowering more slowly.",
        )  # fmt: skip
    if last.load_kg == 0:
        new = BODYWEIGHT_FIRST_LOAD_KG
    else:
        wanted = (
            proposed
            if proposed is not None
            else last.load_kg + max(LOAD_STEP_KG, last.load_kg * INCREASE_SHARE)
        )
        ceiling = max(last.load_kg * (1 + MAX_INCREASE_SHARE), last.load_kg + LOAD_STEP_KG)
        new = math.floor(min(wanted, ceiling) / LOAD_STEP_KG) * LOAD_STEP_KG
        if new <= last.load_kg:
            new = last.load_kg + LOAD_STEP_KG
    return _advice(
        exercise, LoadDecision.INCREASE, new,
        f"{because}: go up from {_kg(last.load_kg)} to {_kg(new)}.",
    )  # fmt: skip


def _reduce(exercise: Exercise, last: StrengthLogEntry, because: str) -> LoadAdvice:
    new = round_load(last.load_kg * (1 - REDUCE_SHARE))
    return _advice(
        exercise, LoadDecision.REDUCE, new,
        f"{because}: come down from {_kg(last.load_kg)} to {_kg(new)}.",
    )  # fmt: skip


def _advice(
    exercise: Exercise, decision: LoadDecision, load_kg: float | None, advice: str
) -> LoadAdvice:
    """``advice`` without the exercise's name; the finding says whose it is."""
    finding = Finding(CapacityRule.STRENGTH_LOAD_PROGRESSION, f"{exercise.name}: {advice}")
    return LoadAdvice(exercise.id, decision, load_kg, finding, advice)


def _unit(exercise: Exercise) -> str:
    return "s" if exercise.unit is DoseUnit.SECONDS else "reps"


def _kg(load: float) -> str:
    if load == 0:
        return "body weight"
    return f"{load:g} kg"
