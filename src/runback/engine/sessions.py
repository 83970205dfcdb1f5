"""Building the sessions of a plan: what a run, a walk or a rest day says.

A session's ``why`` is assembled once, from its parts (the run's shape, the pain
rule, the swaps, the reasons of any cap that shortened it), never patched
afterwards: when a run changes length it is built again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from runback.engine import dosing
from runback.engine.answers import Reason, Session
from runback.engine.enums import Aggravator, Equipment, Intensity, Pathway, SessionKind

WALK_MINUTES = 20
TWICE_A_DAY_UP_TO = 3
"""Runs this short (pain-free minutes very few) are done twice a day (DOMAIN.md)."""
CROSS_TRAINING_MINUTES = 30

SWAPS: dict[Aggravator, str] = {
    Aggravator.SPEED: "speed sessions become easy runs",
    Aggravator.LONG_RUNS: "the long run becomes two medium runs, or the same time slower",
    Aggravator.HILLS: "flat routes instead of hills",
    Aggravator.DOWNHILL: "flat routes, no downhills",
    Aggravator.HARD_SURFACES: "softer surfaces (grass, track, smooth trail)",
    Aggravator.TRAILS: "smooth, even paths instead of trails",
    Aggravator.CONSECUTIVE_DAYS: "a rest day between runs",
}
REINTRODUCTIONS: dict[Aggravator, str] = {
    Aggravator.SPEED: "a few relaxed 20-second strides in the second half of this run",
    Aggravator.LONG_RUNS: "this run on a route that takes the same time at a slower pace, "
    "the first step towards a longer run",
    Aggravator.HILLS: "one gentle hill in this run (walk down)",
    Aggravator.DOWNHILL: "a short, gentle downhill in this run",
    Aggravator.HARD_SURFACES: "this run on a firmer surface",
    Aggravator.TRAILS: "this run on an easy trail",
    Aggravator.CONSECUTIVE_DAYS: "this run the day after another run",
}


@dataclass(frozen=True, slots=True)
class RunSpec:
    """Everything a run session says, before it becomes text."""

    shape: dosing.RunShape
    allowance: int
    swaps: tuple[Aggravator, ...] = ()
    reintroduced: Aggravator | None = None
    steady_finish: bool = False
    twice: bool = False
    caps: tuple[Reason, ...] = ()


def fitted_shape(minutes: int, route: Pathway, per_day: int | None) -> dosing.RunShape:
    """The run's shape, shortened until run plus walk breaks fit in the day."""
    run_shape = dosing.shape(minutes, route)
    while (
        per_day is not None
        and minutes > 0
        and (run_shape.run_minutes + run_shape.walk_minutes > per_day)
    ):
        minutes -= 1
        run_shape = dosing.shape(minutes, route)
    return run_shape


def run_session(spec: RunSpec) -> Session:
    """A run (or run/walk) session, its why built from ``spec``."""
    run_shape = spec.shape
    parts: list[str] = []
    if spec.reintroduced is not None:
        parts.append(f"Adding back one thing: {REINTRODUCTIONS[spec.reintroduced]}.")
    parts.append(f"Easy: {dosing.split_text(run_shape)}.")
    if spec.twice:
        parts.append("Do it twice today, morning and evening.")
    if spec.allowance == 0:
        parts.append("Bone rule: no pain at the site during or after; if it hurts, walk home.")
    else:
        parts.append(
            f"Pain up to {spec.allowance}/10 is fine if the next morning is back to usual."
        )
    swaps = [SWAPS[a] for a in spec.swaps]
    if swaps:
        parts.append("For now: " + "; ".join(swaps) + ".")
    if spec.steady_finish:
        parts.append("Finish with a few minutes at a steady effort.")
    parts.extend(r.text for r in spec.caps)
    steady = spec.steady_finish or spec.reintroduced is Aggravator.SPEED
    return Session(
        kind=SessionKind.RUN_WALK if run_shape.walk_minutes else SessionKind.RUN,
        run_minutes=run_shape.run_minutes,
        walk_minutes=run_shape.walk_minutes,
        intensity=Intensity.STEADY if steady else Intensity.EASY,
        why=" ".join(parts),
        intervals=run_shape.intervals,
    )


def walk_session(minutes: int) -> Session:
    return Session(
        kind=SessionKind.WALK,
        walk_minutes=minutes,
        minutes=minutes,
        intensity=Intensity.EASY,
        why="Brisk walk on a non-running day: keeps the legs used to impact without running.",
    )


DRILLS = "skipping, side shuffles, A skips, B skips and walking lunges"


def drills_session(minutes: int) -> Session:
    """Dynamic warm-up drills before a very short run after a long layoff."""
    return Session(
        kind=SessionKind.DRILLS,
        minutes=minutes,
        intensity=Intensity.EASY,
        why=f"Warm-up drills before the run, {minutes} min: {DRILLS}, about 20 m each, "
        "walking back between them. They wake the legs up for running and make the "
        "outing worth it while the run itself is this short.",
    )


def hard_walk_session(minutes: int) -> Session:
    """The hard walk straight after a very short run after a long layoff."""
    return Session(
        kind=SessionKind.WALK,
        walk_minutes=minutes,
        minutes=minutes,
        intensity=Intensity.HARD,
        why=f"Hard walk straight after the run, {minutes} min: walk as fast as you can "
        "without running. It adds training without adding running while the run is "
        "this short.",
    )


@dataclass(frozen=True, slots=True)
class Padding:
    """The sessions around a very short run after a long layoff (either may be absent)."""

    drills: Session | None
    hard_walk: Session | None


def long_layoff_padding(run_minutes: int, route: Pathway, per_day: int | None) -> Padding:
    """Drills before and a hard walk after a run shorter than
    ``dosing.LONG_LAYOFF_PAD_BELOW`` after a long layoff, each only if the day's
    minutes leave room for it (the run comes first, then the walk, then the drills)."""
    if route is not Pathway.LONG_LAYOFF or not 0 < run_minutes < dosing.LONG_LAYOFF_PAD_BELOW:
        return Padding(None, None)
    room = None if per_day is None else per_day - run_minutes
    walk = dosing.LONG_LAYOFF_WALK_PAD
    hard_walk = hard_walk_session(walk) if room is None or room >= walk else None
    if hard_walk is not None and room is not None:
        room -= walk
    drills = dosing.LONG_LAYOFF_DRILLS
    return Padding(drills_session(drills) if room is None or room >= drills else None, hard_walk)


CARDIO_KIT = {Equipment.BIKE: "the bike", Equipment.POOL: "the pool"}


def cardio_kit(equipment: Iterable[Equipment]) -> str:
    """The runner's non-impact cardio kit in words ("the bike", "the pool"), or ""."""
    kit = [name for item, name in CARDIO_KIT.items() if item in set(equipment)]
    return " or ".join(kit)


def cross_training_session(minutes: int, *, clinician_led: bool, kit: str = "") -> Session:
    where = kit or "bike or pool"
    if clinician_led:
        why = f"Non-impact cardio ({where}) as the clinician allows; no running."
    elif kit:
        why = (
            f"Non-impact cardio on {kit}: keeps the heart and lungs fit while the legs "
            "rebuild capacity, without the impact of running. Easy effort, pain-free."
        )
    else:
        why = (
            "Non-impact cardio (bike or pool) instead of running while walking or daily "
            "life still hurts; keep it within the pain allowance."
        )
    return Session(
        kind=SessionKind.CROSS_TRAINING, intensity=Intensity.EASY, minutes=minutes, why=why
    )


def rest_session(*, referred: bool, training_day: bool) -> Session:
    if referred:
        why = "On hold: see a clinician before any more training. Everyday walking is fine."
    elif not training_day:
        why = "Not one of your training days."
    else:
        why = "Rest day: tissues adapt between sessions."
    return Session(kind=SessionKind.REST, intensity=Intensity.EASY, why=why)


def with_reasons(why: str, reasons: Sequence[Reason]) -> str:
    """A why followed by the text of ``reasons``."""
    return " ".join([why, *(r.text for r in reasons)])
