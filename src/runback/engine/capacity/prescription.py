"""Strength sessions built from the library for the site and the runner's kit.

A session has two heavy exercises for the injured site, one heavy exercise for
the rest of the leg (the whole chain has to cope with running), and one
control exercise (balance, activation or trunk). Alternate sessions rotate the
choices so the week covers more of the site's tissues. Heavy work follows the
ladder in :mod:`.progression`; control work never replaces it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from runback.engine.capacity.dose import DosedExercise
from runback.engine.capacity.enums import HOME_KIT, DoseUnit, ExerciseKind, Kit, Site
from runback.engine.capacity.findings import CapacityRule, Finding
from runback.engine.capacity.library import Exercise, ExerciseLibrary, load_library
from runback.engine.capacity.progression import (
    HEAVY_REST_S,
    SESSIONS_PER_WEEK,
    TENDON_PAIN_ALLOWANCE,
    RepScheme,
    StrengthStage,
    advise_load,
    rep_scheme,
    training_week,
)
from runback.engine.capacity.records import StrengthLogEntry

SITE_HEAVY_PER_SESSION = 2
HEAVY_HOLD_S = 30
"""Seconds per heavy isometric hold (Spanish squat, Copenhagen plank)."""
CONTROL_SETS = 3
CONTROL_REPS = 10
CONTROL_HOLD_S = 30
CONTROL_REST_S = 45
TEMPO_NOTE = "3 s up, 3 s down"


@dataclass(frozen=True, slots=True)
class StrengthPrescription:
    """One strength session: the scheme, the exercises and the reasons."""

    stage: StrengthStage
    scheme: RepScheme
    week: int
    exercises: tuple[DosedExercise, ...]
    findings: tuple[Finding, ...]

    @property
    def heavy_count(self) -> int:
        return sum(1 for e in self.exercises if e.kind is ExerciseKind.HEAVY)


def first_heavy_date(log: Iterable[StrengthLogEntry]) -> dt.date | None:
    """The date strength training began, as far as the log shows."""
    return min((entry.date for entry in log), default=None)


def prescribe_strength(
    site: Site,
    *,
    today: dt.date,
    stage: StrengthStage = StrengthStage.BUILD,
    kit: Iterable[Kit] = HOME_KIT,
    log: Sequence[StrengthLogEntry] = (),
    variant: int = 0,
    week: int | None = None,
    pain_allowance: int = TENDON_PAIN_ALLOWANCE,
    off_load: bool = False,
    library: ExerciseLibrary | None = None,
    exclude: frozenset[str] = frozenset(),
    swaps: Mapping[str, str] | None = None,
) -> StrengthPrescription:
    """The strength session for ``site`` on or after ``today``.

    ``variant`` rotates exercise choice between the sessions of a week;
    ``log`` sets each exercise's load and, unless ``week`` is given, the week on
    the ladder (weeks since the first logged session). ``off_load`` keeps to
    seated, lying and kneeling work (clinician-led bone stress). ``exclude`` and
    ``swaps`` are a clinician's changes (library ids): excluded exercises are never
    chosen, a swapped one is replaced by the clinician's pick.
    """
    lib = library or load_library()
    site = site.region  # a fine bone site trains like its region
    kit = frozenset(kit)
    first = first_heavy_date(log)
    if week is None:
        week = training_week(first, today) if first else 0
    scheme = rep_scheme(stage, week)
    chosen = choose_exercises(
        site, kit, variant, lib, off_load=off_load, exclude=exclude, swaps=swaps or {}
    )

    def target_on(day: dt.date) -> int:
        return rep_scheme(stage, training_week(first or day, day)).reps

    doses: list[DosedExercise] = []
    findings: list[Finding] = [_frequency_finding(stage, site, scheme)]
    for exercise in chosen:
        if exercise.kind is ExerciseKind.HEAVY and exercise.unit is DoseUnit.SECONDS:
            hold = RepScheme(scheme.sets, HEAVY_HOLD_S)
            advice = advise_load(
                exercise, log, hold, target_on=lambda _: HEAVY_HOLD_S, pain_allowance=pain_allowance
            )
            doses.append(_heavy_dose(exercise, scheme, advice.load_kg, advice.advice))
            findings.append(advice.finding)
        elif exercise.kind is ExerciseKind.HEAVY:
            advice = advise_load(
                exercise, log, scheme, target_on=target_on, pain_allowance=pain_allowance
            )
            doses.append(_heavy_dose(exercise, scheme, advice.load_kg, advice.advice))
            findings.append(advice.finding)
        else:
            doses.append(_control_dose(exercise))
    return StrengthPrescription(stage, scheme, week, tuple(doses), tuple(findings))


def choose_exercises(
    site: Site,
    kit: frozenset[Kit],
    variant: int,
    library: ExerciseLibrary,
    *,
    off_load: bool = False,
    exclude: frozenset[str] = frozenset(),
    swaps: Mapping[str, str] | None = None,
) -> tuple[Exercise, ...]:
    """Two heavy exercises for the site, one heavy for the whole leg, one control.

    A clinician's ``exclude`` (ids) are never picked; ``swaps`` replace a pick by the
    clinician's choice (dosed like any other, whatever the kit filter says).
    """
    heavy = ExerciseKind.HEAVY

    def options(on: Site, kind: ExerciseKind) -> tuple[Exercise, ...]:
        found = library.select(site=on, kind=kind, equipment=kit, off_load=off_load)
        return tuple(e for e in found if e.id not in exclude)

    site_heavy = options(site, heavy)
    picked = list(_rotate(site_heavy, variant * SITE_HEAVY_PER_SESSION, SITE_HEAVY_PER_SESSION))
    general = [
        e
        for e in options(Site.OTHER, heavy)
        if e not in picked and e.tissues[0] not in {p.tissues[0] for p in picked}
    ]
    picked += _rotate(tuple(general), variant, 1)
    picked += _rotate(options(site, ExerciseKind.CONTROL), variant, 1)
    if not swaps:
        return tuple(picked)
    swapped: list[Exercise] = []
    for exercise in picked:
        chosen = library.get(swaps[exercise.id]) if exercise.id in swaps else exercise
        if chosen not in swapped:
            swapped.append(chosen)
    return tuple(swapped)


def _rotate(options: Sequence[Exercise], start: int, count: int) -> list[Exercise]:
    if not options:
        return []
    count = min(count, len(options))
    return [options[(start + i) % len(options)] for i in range(count)]


def _heavy_dose(
    exercise: Exercise, scheme: RepScheme, load_kg: float | None, advice: str
) -> DosedExercise:
    held = exercise.unit is DoseUnit.SECONDS
    return DosedExercise(
        exercise=exercise.id,
        name=exercise.name,
        kind=exercise.kind,
        stance=exercise.stance,
        sets=scheme.sets,
        reps=1 if held else scheme.reps,
        unit=exercise.unit,
        load_kg=load_kg,
        rest_s=HEAVY_REST_S,
        hold_s=HEAVY_HOLD_S if held else None,
        note="hold near your limit" if held else f"{TEMPO_NOTE}; last rep close to failure",
        advice=advice,
    )


def _control_dose(exercise: Exercise) -> DosedExercise:
    held = exercise.unit is DoseUnit.SECONDS
    return DosedExercise(
        exercise=exercise.id,
        name=exercise.name,
        kind=exercise.kind,
        stance=exercise.stance,
        sets=CONTROL_SETS,
        reps=1 if held else CONTROL_REPS,
        unit=exercise.unit,
        load_kg=0.0,
        rest_s=CONTROL_REST_S,
        hold_s=CONTROL_HOLD_S if held else None,
        note="quality and control; supports the heavy work, never replaces it",
    )


def _frequency_finding(stage: StrengthStage, site: Site, scheme: RepScheme) -> Finding:
    per_week = SESSIONS_PER_WEEK[stage]
    where = site.value.replace("_", " ")
    if stage is StrengthStage.MAINTAIN:
        return Finding(
            CapacityRule.STRENGTH_MAINTENANCE,
            f"Keep heavy strength {per_week} times a week for good ({scheme}): "
            "strength dropped after the return is where re-injury starts.",
        )
    return Finding(
        CapacityRule.HEAVY_STRENGTH_2_3_PER_WEEK,
        f"Heavy strength for the {where} 2-3 times a week ({scheme} this week, "
        "with 2-3 minutes' rest): low reps near your limit, because light exercises "
        "that never get heavy do not carry over to running.",
    )
