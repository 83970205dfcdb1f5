"""The plyometric gate and contact dosing.

Hopping and bounding store and return energy in tendons the way running does,
so they come after a strength base and before running (DOMAIN.md, "Rebuild
capacity"; evidence.md section 8). The gate needs both:

* a strength base: at least 8 strength sessions in the last 6 weeks, spread over
  at least 4 weeks (about 2 a week for a month, reaching the 4x10RM rung of the
  ladder);
* the plyometric readiness tests (:data:`Gate.PLYOMETRICS`), including single-leg
  calf raises with >= 80 % limb symmetry (Gallatin & Graver 2019).

Dose is counted in foot contacts: 60 a session to start, about +15 % a week up
to 120, two sessions a week 48-72 h apart (NSCA guidance, evidence.md section 8).
Intensity climbs one rung every two clean weeks: double-leg in place, double-leg
multidirectional, single-leg in place, single-leg multidirectional, then bounds
and hops for distance. Contacts grow every week, height and distance only every
other week, so contacts come before height. A session that hurt (above 2/10, or
any pain at a bone-stress site) steps back a week.

Logged contacts (``log[].contacts`` on a ``plyometrics`` entry) are what was
actually done, and the dose grows from them rather than from the plan: a clean
session counts towards a clean week only if it reached most of its prescribed
contacts, and the next session does at most about 15 % (at least 10 contacts)
more than the last logged one, or 15 % fewer when that one hurt. A session
logged without contacts is taken as done as prescribed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from runback.engine.capacity.dose import DosedExercise
from runback.engine.capacity.enums import HOME_KIT, ExerciseKind, Kit, PlyoLevel, Stance
from runback.engine.capacity.findings import CapacityRule, Finding
from runback.engine.capacity.gates import GateVerdict, evaluate_gate
from runback.engine.capacity.library import Exercise, ExerciseLibrary, load_library
from runback.engine.capacity.readiness import (
    MAX_TEST_PAIN_BONE,
    MAX_TEST_PAIN_SOFT_TISSUE,
    Gate,
)
from runback.engine.capacity.records import PlyometricRecord, ReadinessResult

BASE_SESSIONS = 8
BASE_WINDOW_DAYS = 42
BASE_MIN_SPAN_DAYS = 21
"""First session at least 3 weeks back: the work is spread over 4 calendar weeks."""
START_CONTACTS = 60
MAX_CONTACTS = 120
WEEKLY_GROWTH = 1.15
SESSIONS_PER_WEEK = 2
MIN_HOURS_BETWEEN = 48
REST_S = 90
"""90 s between sets (BWH return-to-running routine)."""
DONE_SHARE = 0.8
"""A logged session reaching this share of its prescribed contacts counts as done."""
MIN_STEP = 10
"""Growth from a small logged session is at least this many contacts."""
MIN_CONTACTS = 20
"""Fewest contacts a session is cut to after one that hurt."""
TOP_AUTO_LEVEL = PlyoLevel.BOUNDS_AND_DISTANCE
"""Drop jumps are left to a coach: automatic dosing stops at bounds and hops for distance."""


@dataclass(frozen=True, slots=True)
class StrengthBase:
    """Whether the logged strength work is a base for plyometrics."""

    met: bool
    recent_sessions: int
    weeks_training: int
    finding: Finding


@dataclass(frozen=True, slots=True)
class PlyometricGate:
    """Whether plyometrics may start, with the reasons."""

    open: bool
    base: StrengthBase
    tests: GateVerdict
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class PlyometricDose:
    """One plyometric session."""

    level: PlyoLevel
    contacts: int
    exercises: tuple[DosedExercise, ...]
    finding: Finding


def strength_base(strength_dates: Iterable[dt.date], today: dt.date) -> StrengthBase:
    """Judge the strength base from the dates strength sessions were done."""
    days = sorted({d for d in strength_dates if d <= today})
    window_start = today - dt.timedelta(days=BASE_WINDOW_DAYS - 1)
    recent = sum(1 for d in days if d >= window_start)
    span = (today - days[0]).days if days else 0
    weeks = span // 7 + 1 if days else 0
    met = recent >= BASE_SESSIONS and span >= BASE_MIN_SPAN_DAYS
    code = CapacityRule.PLYOMETRICS_AFTER_STRENGTH_BASE
    if met:
        text = f"Strength base in place: {recent} strength sessions in the last 6 weeks."
    else:
        text = (
            f"No hopping yet: the strength base needs {BASE_SESSIONS} strength sessions in "
            f"6 weeks, spread over at least {BASE_MIN_SPAN_DAYS // 7 + 1} weeks "
            f"({recent} so far, week {weeks})."
        )
    return StrengthBase(met, recent, weeks, Finding(code, text))


def plyometric_gate(
    strength_dates: Iterable[dt.date],
    results: Iterable[ReadinessResult],
    today: dt.date,
    *,
    bone_site: bool = False,
) -> PlyometricGate:
    """May plyometrics start? Needs the strength base *and* the readiness tests."""
    base = strength_base(strength_dates, today)
    tests = evaluate_gate(Gate.PLYOMETRICS, results, today, bone_site=bone_site)
    is_open = base.met and tests.passed
    findings = (base.finding, *tests.findings) if not is_open else (base.finding,)
    return PlyometricGate(is_open, base, tests, findings)


def progress_state(records: Iterable[PlyometricRecord], *, bone_site: bool = False) -> int:
    """Clean weeks of plyometrics behind the runner (two clean sessions = one week).

    A painful session steps back one week and restarts the count. A clean session
    with logged contacts well short of its prescribed dose counts neither way.
    """
    allowance = _allowance(bone_site)
    weeks = 0
    clean = 0
    for record in sorted(records, key=lambda r: r.date):
        if _hurt(record, allowance):
            weeks = max(0, weeks - 1)
            clean = 0
            continue
        if record.contacts is not None and record.contacts < DONE_SHARE * contacts_for(weeks):
            continue
        clean += 1
        if clean == SESSIONS_PER_WEEK:
            weeks += 1
            clean = 0
    return weeks


def logged_cap(
    records: Iterable[PlyometricRecord], *, bone_site: bool = False, planned_weeks: int = 0
) -> int | None:
    """The most contacts the next session may have, judged by the last session logged.

    None when the last session carries no contacts (done as prescribed) or there is
    none. After a clean one: about +15 % (at least +10) per week ahead; after one
    that hurt: 15 % fewer, so the next session stays below what hurt.
    """
    ordered = sorted(records, key=lambda r: r.date)
    if not ordered or ordered[-1].contacts is None:
        return None
    last = ordered[-1]
    assert last.contacts is not None
    if _hurt(last, _allowance(bone_site)):
        cap = max(float(MIN_CONTACTS), last.contacts * (2 - WEEKLY_GROWTH))
    else:
        cap = float(last.contacts)
        for _ in range(1 + max(0, planned_weeks)):
            cap = max(cap + MIN_STEP, cap * WEEKLY_GROWTH)
    return int(min(float(MAX_CONTACTS), cap) // 10 * 10)


def _allowance(bone_site: bool) -> int:
    return MAX_TEST_PAIN_BONE if bone_site else MAX_TEST_PAIN_SOFT_TISSUE


def _hurt(record: PlyometricRecord, allowance: int) -> bool:
    return record.pain is not None and record.pain > allowance


def level_for(weeks: int) -> PlyoLevel:
    """The intensity rung after ``weeks`` clean weeks: one rung every two weeks."""
    return PlyoLevel(min(int(TOP_AUTO_LEVEL), 1 + weeks // 2))


def contacts_for(weeks: int) -> int:
    """Foot contacts a session after ``weeks`` clean weeks (60, +15 %/week, <= 120)."""
    contacts = min(float(MAX_CONTACTS), START_CONTACTS * WEEKLY_GROWTH**weeks)
    return int(contacts // 10 * 10)


def plyometric_dose(
    records: Iterable[PlyometricRecord],
    *,
    kit: Iterable[Kit] = HOME_KIT,
    bone_site: bool = False,
    planned_weeks: int = 0,
    library: ExerciseLibrary | None = None,
) -> PlyometricDose:
    """The next plyometric session from the sessions done so far.

    ``planned_weeks``: weeks of plyometrics a plan places before this session
    (assumed clean), so a multi-week plan keeps progressing.
    """
    lib = library or load_library()
    done = tuple(records)
    weeks = progress_state(done, bone_site=bone_site) + max(0, planned_weeks)
    level = level_for(weeks)
    target = contacts_for(weeks)
    cap = logged_cap(done, bone_site=bone_site, planned_weeks=planned_weeks)
    if cap is not None:
        target = min(target, cap)
    drills = _drills(level, frozenset(kit), lib)
    shares = _shares(len(drills))
    doses = tuple(_dose(d, round(target * s)) for d, s in zip(drills, shares, strict=True))
    total = sum(d.contacts or 0 for d in doses)
    finding = Finding(
        CapacityRule.PLYOMETRICS_AFTER_STRENGTH_BASE,
        f"Plyometrics, rung {int(level)} of {int(TOP_AUTO_LEVEL)}: {total} foot contacts, "
        "soft quiet landings; stop if it hurts and retry another day only if pain-free.",
    )
    return PlyometricDose(level, total, doses, finding)


def _drills(level: PlyoLevel, kit: frozenset[Kit], lib: ExerciseLibrary) -> tuple[Exercise, ...]:
    plyos = lib.select(kind=ExerciseKind.PLYOMETRIC, equipment=kit)
    main = [e for e in plyos if e.plyo_level == level][:2]
    warm_up = [e for e in plyos if e.plyo_level is not None and e.plyo_level < level][-1:]
    return tuple(warm_up + main)


def _shares(count: int) -> tuple[float, ...]:
    if count == 1:
        return (1.0,)
    if count == 2:
        return (0.4, 0.6)
    return (0.3, 0.35, 0.35)


def _dose(exercise: Exercise, contacts: int) -> DosedExercise:
    sides = 2 if exercise.stance is Stance.SINGLE else 1
    sets = 3 if contacts >= 30 * sides else 2
    reps = max(3, contacts // (sets * sides))
    return DosedExercise(
        exercise=exercise.id,
        name=exercise.name,
        kind=exercise.kind,
        stance=exercise.stance,
        sets=sets,
        reps=reps,
        unit=exercise.unit,
        load_kg=None,
        rest_s=REST_S,
        contacts=sets * reps * sides,
        note="per side" if sides == 2 else "",
    )
