"""The capacity track: heavy strength for the injured site, then plyometrics.

Sessions come from the exercise library (:mod:`runback.engine.capacity`): two
heavy exercises for the site, one for the whole leg and one control exercise,
chosen for the runner's kit, dosed on the heavy-slow-resistance ladder
(15RM -> 6RM, Beyer 2015) and loaded from the strength log. Plyometric sessions
are dosed in foot contacts from the plyometric sessions logged so far. When a
clinician leads (bone stress), sessions keep to the library's off-load exercises:
seated, lying and kneeling work only. A clinician's ``clinician.exercises`` leaves
exercises out or swaps them (``capacity.prescription.choose_exercises``).
"""

from __future__ import annotations

from runback.engine.answers import ExerciseDose, Reason, Session
from runback.engine.capacity import (
    DosedExercise,
    PlyometricRecord,
    Stance,
    StrengthStage,
    kit_from,
    plyometric_dose,
    prescribe_strength,
    rep_scheme,
)
from runback.engine.capacity.plyometrics import contacts_for
from runback.engine.capacity.progression import TENDON_PAIN_ALLOWANCE
from runback.engine.case import CaseFile
from runback.engine.enums import Intensity, LogKind, Phase, SessionKind
from runback.engine.reasons import Code, reason
from runback.engine.screening import is_bone_stress

SESSION_MINUTES = 40
PLYO_PER_WEEK = 2


def scheme(weeks_done: int) -> tuple[int, int]:
    """(sets, reps) for the week on the heavy-slow-resistance ladder (Beyer 2015)."""
    rung = rep_scheme(StrengthStage.BUILD, weeks_done)
    return rung.sets, rung.reps


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
    plus 2 plyometric sessions when ``plyometric_weeks`` is given (the gate is open).

    ``weeks_done``: weeks of strength training behind the runner (sets the rung);
    ``plyometric_weeks``: weeks of plyometrics this plan placed before this one,
    None for no plyometrics this week;
    ``off_load``: clinician-led bone stress, where only non-impact work is safe.
    """
    if off_load:
        return _off_load_sessions(case, weeks_done)
    stage = StrengthStage.MAINTAIN if phase is Phase.INTEGRATE else StrengthStage.BUILD
    sessions = [
        _library_session(case, stage, weeks_done, variant)
        for variant in range(sessions_per_week(phase))
    ]
    if plyometric_weeks is not None:
        sessions += [plyometric_session(case, plyometric_weeks)] * PLYO_PER_WEEK
    return sessions


def _library_session(
    case: CaseFile, stage: StrengthStage, weeks_done: int, variant: int, *, off_load: bool = False
) -> Session:
    bone = is_bone_stress(case)
    steer = case.clinician.exercises  # a clinician's exclusions and swaps
    prescription = prescribe_strength(
        case.injury.site,
        today=case.today,
        stage=stage,
        kit=kit_from(case.availability.equipment),
        log=case.strength_log,
        variant=variant,
        week=weeks_done,
        pain_allowance=0 if bone else TENDON_PAIN_ALLOWANCE,
        off_load=off_load,
        exclude=frozenset(steer.exclude) if steer is not None else frozenset(),
        swaps=steer.swaps if steer is not None else None,
    )
    return Session(
        kind=SessionKind.STRENGTH,
        intensity=Intensity.HARD,
        why=prescription.findings[0].text,
        minutes=_session_minutes(case),
        exercises=[_exercise_dose(d) for d in prescription.exercises],
    )


def _exercise_dose(dose: DosedExercise) -> ExerciseDose:
    notes = [dose.note] if dose.note else []
    if dose.hold_s is not None:
        notes.append(f"hold {dose.hold_s} s")
    if dose.stance is Stance.SINGLE and dose.contacts is None:
        notes.append("each side")
    if dose.advice:
        notes.append(dose.advice)
    return ExerciseDose(
        name=dose.name,
        sets=dose.sets,
        reps=dose.reps,
        load=dose.load_text,
        rest_s=dose.rest_s,
        notes="; ".join(notes) or None,
        exercise=dose.exercise,
        load_kg=dose.load_kg if dose.load_kg else None,
        hold_s=dose.hold_s,
    )


def _session_minutes(case: CaseFile) -> int:
    if case.availability.minutes_per_day is not None:
        return min(SESSION_MINUTES, case.availability.minutes_per_day)
    return SESSION_MINUTES


def _off_load_sessions(case: CaseFile, weeks_done: int) -> list[Session]:
    sessions = []
    for variant in range(sessions_per_week(Phase.SETTLE)):
        session = _library_session(case, StrengthStage.BUILD, weeks_done, variant, off_load=True)
        why = "Off-loaded strength (seated, lying or kneeling) while a clinician leads. "
        sessions.append(session.model_copy(update={"why": why + session.why}))
    return sessions


def plyometric_records(case: CaseFile) -> tuple[PlyometricRecord, ...]:
    """Plyometric sessions logged so far: contacts done (if logged) and the worst pain."""
    records = []
    for entry in case.log:
        if entry["kind"] is not LogKind.PLYOMETRICS or entry["date"] > case.today:
            continue
        pains = (
            entry.get("pain_during_max"),
            entry.get("pain_after"),
            entry.get("pain_next_morning"),
        )
        worst = max((p for p in pains if p is not None), default=None)
        records.append(
            PlyometricRecord(date=entry["date"], contacts=entry.get("contacts"), pain=worst)
        )
    return tuple(records)


def plyometric_contacts(weeks_of_plyometrics: int, case: CaseFile | None = None) -> int:
    """Foot contacts per session: 60, then about +15% a week up to 120.

    With ``case``, the clean plyometric weeks already logged count as well.
    """
    if case is None:
        return contacts_for(weeks_of_plyometrics)
    return plyometric_session(case, weeks_of_plyometrics).contacts or 0


def plyometric_session(case: CaseFile, planned_weeks: int) -> Session:
    """One plyometric session; contacts before height, double before single leg."""
    dose = plyometric_dose(
        plyometric_records(case),
        kit=kit_from(case.availability.equipment),
        bone_site=is_bone_stress(case),
        planned_weeks=planned_weeks,
    )
    return Session(
        kind=SessionKind.PLYOMETRICS,
        intensity=Intensity.STEADY,
        why=dose.finding.text,
        minutes=15,
        exercises=[_exercise_dose(d) for d in dose.exercises],
        contacts=dose.contacts,
    )


def capacity_reasons(
    phase: Phase, count: int, weeks_done: int, plyo_contacts: int | None
) -> list[Reason]:
    """The reasons that explain this week's capacity track."""
    sets, reps = scheme(weeks_done)
    reasons = [
        reason(Code.HEAVY_STRENGTH_2_3_PER_WEEK, count=count),
        reason(Code.STRENGTH_LOAD_PROGRESSION, scheme=f"{sets}x{reps}RM"),
    ]
    if plyo_contacts is not None:
        reasons.append(reason(Code.PLYOMETRICS_AFTER_STRENGTH_BASE, contacts=plyo_contacts))
    if phase is Phase.INTEGRATE:
        reasons.append(reason(Code.STRENGTH_MAINTENANCE))
    return reasons
