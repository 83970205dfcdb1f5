"""Turn a planned run/walk session into a structured watch workout.

Shape: a brisk warm-up walk, the session's run/walk blocks (each a repeat), then an
easy cool-down walk. The padding walks follow DOMAIN.md ("padded with a dynamic
warm-up and a brisk walk so the outing is worth it") and do not count as the
session's prescribed minutes.
"""

from __future__ import annotations

from runback.web.exports.fitworkout import (
    Intensity,
    Repeat,
    Sport,
    Step,
    SubSport,
    Workout,
    WorkoutError,
)
from runback.web.exports.planned import Block, PlannedSession

WARM_UP_WALK_S = 5 * 60
COOL_DOWN_WALK_S = 5 * 60


def workout_for(session: PlannedSession) -> Workout:
    """The watch workout for a session with running in it, a plain walk, or a
    strength session (each exercise its sets, with the prescribed rest between)."""
    if session.exercises and not session.has_running:
        return _strength(session)
    if session.kind == "cross_training" and session.minutes:
        return Workout(
            name=f"{session.date:%d %b} cardio {session.minutes:g} min",
            sport=Sport.TRAINING,
            items=(Step("Easy cardio", round(session.minutes * 60), Intensity.ACTIVE),),
        )
    if session.kind == "walk" and not session.has_running:
        minutes = session.minutes or session.walk_minutes
        if minutes <= 0:
            raise WorkoutError("this walk has no duration")
        return Workout(
            name=f"{session.date:%d %b} walk {minutes:g} min",
            sport=Sport.WALKING,
            items=(Step("Walk", round(minutes * 60), Intensity.ACTIVE),),
        )
    if not session.has_running:
        raise WorkoutError(f"a {session.kind} session has no running to put on a watch")
    items: list[Step | Repeat] = [Step("Warm-up walk", WARM_UP_WALK_S, Intensity.WARMUP)]
    items.extend(_blocks(session))
    items.append(Step("Cool-down walk", COOL_DOWN_WALK_S, Intensity.COOLDOWN))
    return Workout(
        name=_name(session),
        sport=Sport.RUNNING,
        items=tuple(items),
    )


def _blocks(session: PlannedSession) -> list[Step | Repeat]:
    blocks = session.intervals or (Block(1, session.run_minutes, session.walk_minutes),)
    out: list[Step | Repeat] = []
    for block in blocks:
        steps = [Step("Run", round(block.run_minutes * 60), Intensity.ACTIVE)]
        if block.walk_minutes > 0:
            steps.append(Step("Walk", round(block.walk_minutes * 60), Intensity.RECOVERY))
        if block.run_minutes <= 0:
            raise WorkoutError("a run/walk block has no running time")
        if block.repeats == 1:
            out.extend(steps)
        else:
            out.append(Repeat(tuple(steps), block.repeats))
    return out


def _name(session: PlannedSession) -> str:
    """E.g. "24 Nov run 10 walk 2" (fits the 31 characters a workout name may take)."""
    name = f"{session.date:%d %b} run {session.run_minutes:g}"
    return f"{name} walk {session.walk_minutes:g}" if session.walk_minutes else name


def _strength(session: PlannedSession) -> Workout:
    items: list[Step | Repeat] = []
    for lift in session.exercises:
        notes = f"{lift.name}, {lift.load}" if lift.load else lift.name
        work = (
            Step(lift.name, lift.hold_s, Intensity.ACTIVE, notes=notes)
            if lift.hold_s
            else Step(lift.name, 0, Intensity.ACTIVE, reps=max(1, lift.reps), notes=notes)
        )
        rest = [Step("Rest", lift.rest_s, Intensity.REST)] if lift.rest_s else []
        if lift.sets > 1:
            items.append(Repeat((work, *rest), lift.sets))
        else:
            items.extend([work, *rest])
    if not items:
        raise WorkoutError("this strength session has no exercises")
    return Workout(
        name=f"{session.date:%d %b} strength",
        sport=Sport.TRAINING,
        items=tuple(items),
        sub_sport=SubSport.STRENGTH_TRAINING,
    )
