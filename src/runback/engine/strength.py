"""The capacity track: heavy strength for the injured site, then plyometrics.

``strength_sessions`` is the seam the exercise library (``runback.engine.capacity``)
replaces later. Until then a small built-in table gives 3 right-in-kind heavy
exercises per site; loads follow the heavy-slow-resistance ladder (15RM -> 6RM,
Beyer 2015) and plyometrics start at 60-80 contacts once a strength base exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from runback.engine.answers import ExerciseDose, Reason, Session
from runback.engine.case import CaseFile
from runback.engine.enums import Equipment, Intensity, Phase, SessionKind, Site
from runback.engine.reasons import reason


@dataclass(frozen=True)
class Lift:
    """A heavy exercise: the gym version and the version with home kit."""

    gym: str
    home: str


_CALF = (
    Lift("seated bent-knee calf raise (machine)", "seated calf raise, loaded backpack on knees"),
    Lift("standing straight-knee calf raise (Smith machine)", "single-leg calf raise off a step"),
)
_QUADS = Lift("leg press", "rear-foot-elevated split squat")
_SPLIT = Lift("barbell split squat", "split squat holding a loaded backpack")
_HIP_EXT = Lift("barbell hip thrust", "single-leg hip thrust, weight on the hip")
_HINGE = Lift("Romanian deadlift", "single-leg Romanian deadlift with a heavy bag")
_ABDUCT = Lift("cable hip abduction", "side-lying hip abduction with ankle weight or band")

SITE_LIFTS: Final[dict[Site, tuple[Lift, ...]]] = {
    Site.ACHILLES: (*_CALF, _SPLIT),
    Site.CALF: (*_CALF, _SPLIT),
    Site.PLANTAR_HEEL: (
        Lift(
            "single-leg heel raise, towel under toes, weighted",
            "single-leg heel raise, towel under toes, loaded backpack",
        ),
        _CALF[0],
        _SPLIT,
    ),
    Site.FOOT: (_CALF[1], _CALF[0], _SPLIT),
    Site.ANKLE: (_CALF[1], _SPLIT, _HINGE),
    Site.SHIN: (_CALF[0], _CALF[1], _SPLIT),
    Site.KNEE: (_QUADS, _SPLIT, _ABDUCT),
    Site.PATELLAR_TENDON: (
        Lift("slow heavy leg press", "slow Spanish squat with a band"),
        _SPLIT,
        _HIP_EXT,
    ),
    Site.ITB: (
        _ABDUCT,
        Lift("single-leg squat to box, weighted", "step-down with a backpack"),
        _HIP_EXT,
    ),
    Site.THIGH: (_SPLIT, Lift("leg extension", "slow reverse Nordic"), _HINGE),
    Site.HAMSTRING: (_HINGE, Lift("Nordic hamstring curl", "Nordic hamstring curl"), _HIP_EXT),
    Site.HIP: (_HIP_EXT, _SPLIT, _ABDUCT),
    Site.GROIN: (Lift("Copenhagen adductor plank", "Copenhagen adductor plank"), _SPLIT, _HIP_EXT),
    Site.LOWER_BACK: (
        Lift("trap-bar deadlift", "suitcase deadlift with a heavy bag"),
        _HIP_EXT,
        _SPLIT,
    ),
    Site.OTHER: (_SPLIT, _CALF[1], _HIP_EXT),
}

HSR_LADDER: Final[tuple[tuple[int, int, int], ...]] = (
    # (weeks of training done so far, sets, reps at that RM)
    (0, 3, 15),
    (1, 3, 12),
    (3, 4, 10),
    (5, 4, 8),
    (8, 4, 6),
)
"""Heavy slow resistance, Beyer 2015: 3x15RM -> 4x6RM over 12 weeks."""

PLYO_DRILLS: Final[tuple[str, ...]] = (
    "double-leg pogo hops in place",
    "side-to-side hops",
    "single-leg hops in place",
    "forward bounds",
)
PLYO_START_CONTACTS = 60
PLYO_MAX_CONTACTS = 120
SESSION_MINUTES = 40
PLYO_PER_WEEK = 2


def heavy(equipment: tuple[Equipment, ...]) -> bool:
    """True when the runner has gym equipment (machines and barbells)."""
    return Equipment.GYM in equipment


def scheme(weeks_done: int) -> tuple[int, int]:
    """(sets, reps) for the week on the heavy-slow-resistance ladder."""
    sets, reps = 3, 15
    for weeks, s, r in HSR_LADDER:
        if weeks_done >= weeks:
            sets, reps = s, r
    return sets, reps


def sessions_per_week(phase: Phase) -> int:
    """3 a week while capacity is the job, 2 to keep it once running is back."""
    return 3 if phase in {Phase.SETTLE, Phase.CAPACITY} else 2


def strength_sessions(
    case: CaseFile,
    phase: Phase,
    *,
    weeks_done: int = 0,
    plyometric_weeks: int | None = None,
    off_load: bool = False,
) -> list[Session]:
    """This week's capacity track: 2-3 heavy strength sessions for the injured site,
    plus 2 plyometric sessions when ``plyometric_weeks`` is given (a strength base exists).

    ``weeks_done``: weeks of strength training behind the runner (sets the load);
    ``plyometric_weeks``: weeks of plyometrics behind the runner, None for none yet;
    ``off_load``: clinician-led bone stress, where only non-impact work is safe.
    """
    sets, reps = scheme(weeks_done)
    lifts = SITE_LIFTS[case.injury.site]
    gym = heavy(case.availability.equipment)
    load = f"{reps}RM: a weight you can lift {reps} times, no more; 3 s up, 3 s down"
    doses = [
        ExerciseDose(
            name=lift.gym if gym else lift.home, sets=sets, reps=reps, load=load, rest_s=150
        )
        for lift in lifts
    ]
    why = (
        f"Heavy strength for the {case.injury.site.value.replace('_', ' ')}: "
        f"{sets}x{reps}RM, low reps and high load so it transfers to running."
    )
    if off_load:
        why = "Off-loaded strength (seated or lying only) while a clinician leads. " + why
    minutes = SESSION_MINUTES
    if case.availability.minutes_per_day is not None:
        minutes = min(minutes, case.availability.minutes_per_day)
    session = Session(
        kind=SessionKind.STRENGTH,
        intensity=Intensity.HARD,
        why=why,
        minutes=minutes,
        exercises=doses,
    )
    sessions = [session] * sessions_per_week(phase)
    if plyometric_weeks is not None and not off_load:
        sessions += [plyometric_session(plyometric_weeks)] * PLYO_PER_WEEK
    return sessions


def plyometric_contacts(weeks_of_plyometrics: int) -> int:
    """Foot contacts per session: 60, then about +15% a week up to 120."""
    contacts = float(PLYO_START_CONTACTS)
    for _ in range(weeks_of_plyometrics):
        contacts = min(PLYO_MAX_CONTACTS, contacts * 1.15)
    return int(contacts)


def plyometric_session(weeks_of_plyometrics: int) -> Session:
    """One plyometric session; contacts before height or distance."""
    contacts = plyometric_contacts(weeks_of_plyometrics)
    drills = PLYO_DRILLS[: 2 + min(2, weeks_of_plyometrics // 2)]
    per_drill = max(10, contacts // len(drills))
    doses = [
        ExerciseDose(name=d, sets=2, reps=per_drill // 2, load="bodyweight", rest_s=90)
        for d in drills
    ]
    return Session(
        kind=SessionKind.PLYOMETRICS,
        intensity=Intensity.STEADY,
        why=f"Plyometrics: {contacts} foot contacts, pain-free landings; stop if it hurts.",
        minutes=15,
        exercises=doses,
        contacts=per_drill * len(drills),
    )


def capacity_reasons(
    phase: Phase, count: int, weeks_done: int, plyo_contacts: int | None
) -> list[Reason]:
    """The reasons that explain this week's capacity track."""
    sets, reps = scheme(weeks_done)
    reasons = [
        reason("heavy_strength_2_3_per_week", count=count),
        reason("strength_load_progression", scheme=f"{sets}x{reps}RM"),
    ]
    if plyo_contacts is not None:
        reasons.append(reason("plyometrics_after_strength_base", contacts=plyo_contacts))
    if phase is Phase.INTEGRATE:
        reasons.append(reason("strength_maintenance"))
    return reasons
