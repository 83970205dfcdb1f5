"""The clinician report: the whole picture a physiotherapist wants on their desk.

When self-management is not enough the runner should arrive prepared (DOMAIN.md
"When self-management is not enough"): the injury story, the screen, the whole
body, wellbeing, how pain answered to load, what was done and tried, capacity
tests, questionnaire scores, the engine's reading and the questions worth asking.

Pure: :func:`build_report` assembles a frozen :class:`Report` from the case file by
asking the existing rules (``decide``, ``assess``, the capacity gates, the load
analysis, the questionnaire scores); it re-implements none of them. Every section
appears only when the case file has data for it, and every claim carries the rule
code that made it. The JSON contract is ``docs/report.md`` and
``docs/report.schema.json``; the PDF is drawn outside the engine
(``runback.reporting.pdf``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from runback.engine import history, outcomes, pain, wellbeing
from runback.engine.answers import Decision, NextRun, Plan, Reason
from runback.engine.capacity import load_library, readiness_report, readiness_test
from runback.engine.capacity.report import symmetry_of
from runback.engine.capacity.self_assessment import RestTest
from runback.engine.case import CaseFile, LogEntry
from runback.engine.decisions import decide
from runback.engine.enums import (
    Action,
    LogKind,
    PainPattern,
    Pathway,
    Phase,
    RedFlag,
    TriageStatus,
)
from runback.engine.load import SessionRecord, analyse
from runback.engine.pathways import days_since_onset
from runback.engine.planner import build_plan
from runback.engine.questionnaires import Instrument
from runback.engine.screening import is_bone_stress, pain_allowance, triage
from runback.engine.visits import Role

REPORT_VERSION = 1
NOTICE = (
    "Prepared by runback, a training aid, from what the runner logged. It is not medical "
    "advice and not a diagnosis: the clinician's assessment comes first."
)
MAX_RUNS = 120
"""The pain history shows at most the latest this many runs (the JSON and the chart)."""
ADHERENCE_WEEKS = 12
"""Adherence is shown for at most this many most recent weeks since onset."""
STRENGTH_TARGET_PER_WEEK = 2
"""The least heavy strength sessions a week the plan asks for (2-3; evidence.md 5)."""

HELP_CODES = frozenset(
    {
        "red_flag_refer",
        "worsening_pain_refer",
        "bone_stress_high_risk_clinician_led",
        "recurring_niggle_check_early",
        "stalled_progress_see_professional",
        "substantial_problem_persists_see_professional",
        "readiness_gate_failed_twice_see_professional",
        "repeated_flares_see_professional",
        "low_energy_availability_flag",
        *(flag.value for flag in RedFlag),
    }
)
"""Reason codes that mean: a professional should look (the escalate stage and the screen)."""
STORY_CODES = frozenset(
    {
        "acute_half_volume",
        "acute_no_speed",
        "acute_swap_aggravators",
        "persistent_graded_exposure",
        "long_layoff_short_start",
        "postpartum_12_weeks",
        "bone_stress_low_risk_no_pain",
        "settle_by_modifying_load",
        "no_pain_free_running_yet",
        "start_at_pain_free_minutes",
        "flare_point_cap",
    }
)
"""Plan reasons that say how the injury's course and timing shape the pathway."""
WELLBEING_CODES = frozenset(
    {
        "short_sleep_hold",
        "high_stress_hold",
        "fear_of_reinjury_hold",
        "high_fear_of_movement_hold",
        "low_energy_availability_flag",
    }
)
"""Holds that come from outside running: the wellbeing section carries them."""
CAPACITY_CODES = frozenset(
    {"heavy_strength_2_3_per_week", "strength_load_progression", "strength_maintenance"}
)
APPOINTMENT_BASICS = "appointment_basics"
"""The ``because`` of the questions every appointment deserves (docs/report.md)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


# -- sections ---------------------------------------------------------------------------
class Section(_Frozen):
    """What every section has: the heading a renderer prints, and its coded claims."""

    title: str
    claims: list[Reason]


class InjuryStory(Section):
    title: str = "The injury story"
    site: str
    kind: str
    onset: dt.date
    days_since_onset: int
    pathway: Pathway
    worsening: bool
    pain_rest: int
    pain_walking: int
    aggravators: list[str]
    bone_stress_risk: str | None = None
    last_run_before_report: dt.date | None = None
    pain_free_run_minutes: int | None = None
    flare_point_minutes: int | None = None


class RedFlagScreen(Section):
    title: str = "Red-flag screen"
    status: TriageStatus
    flags: list[str]


class WholeBody(Section):
    title: str = "Tissues and the whole body"
    previous_injuries: int | None = None
    previous_bone_stress_injuries: int | None = None
    bone_stress_history: bool


class WellbeingSection(Section):
    title: str = "Sleep, stress, fuelling and fear"
    sleep_hours: float | None = None
    stress: int | None = None
    fear_of_reinjury: int | None = None
    fuelling_ok: bool | None = None
    low_energy_availability_signs: bool
    tsk11_latest: int | None = None


class RunRow(_Frozen):
    date: dt.date
    run_minutes: float
    walk_minutes: float | None = None
    distance_km: float | None = None
    pain_before: int | None = None
    pain_during_max: int | None = None
    pain_after: int | None = None
    pain_next_morning: int | None = None
    stiffness_next_morning: int | None = None
    pain_reported: bool
    pattern: PainPattern | None = None


class WeekRow(_Frozen):
    week_start: dt.date
    runs: int
    run_minutes: float
    run_km: float
    load: float


class LoadNote(_Frozen):
    date: dt.date
    code: str
    text: str


class PainHistory(Section):
    title: str = "Pain response against running load"
    allowed_pain: int
    runs: list[RunRow]
    weeks: list[WeekRow]
    load_flags: list[LoadNote]


class AdherenceWeek(_Frozen):
    week_start: dt.date
    runs: int
    strength_sessions: int
    plyometric_sessions: int
    cross_training_sessions: int


class Adherence(Section):
    title: str = "Adherence"
    strength_target_per_week: int
    weeks: list[AdherenceWeek]
    full_weeks: int
    """Weeks in ``weeks`` that have ended (the current week is still going)."""
    weeks_meeting_strength_target: int


class LiftRow(_Frozen):
    date: dt.date
    sets: int
    reps: int
    load_kg: float
    rir: int | None = None
    pain: int | None = None


class ExerciseProgress(_Frozen):
    exercise: str
    name: str
    sessions: list[LiftRow]
    first_load_kg: float
    last_load_kg: float


class StrengthProgress(Section):
    title: str = "Strength progression"
    exercises: list[ExerciseProgress]


class TestRow(_Frozen):
    name: str
    title: str
    date: dt.date
    left: float | None = None
    right: float | None = None
    unit: str
    pain: int | None = None
    symmetry: float | None = None


class GateRow(_Frozen):
    gate: str
    open: bool
    holding_back: list[str]


class Readiness(Section):
    title: str = "Readiness tests, limb symmetry and gates"
    results: list[TestRow]
    gates: list[GateRow]


class NoteRow(_Frozen):
    date: dt.date
    kind: str
    concern: bool
    text: str


class SelfAssessments(Section):
    title: str = "Self-assessments"
    notes: list[NoteRow]


class ScorePoint(_Frozen):
    date: dt.date
    score: int
    substantial: bool | None = None
    run_minutes_7_days: float
    """Running minutes logged in the 7 days up to this answer: the score against load."""


class InstrumentScores(_Frozen):
    instrument: Instrument
    label: str
    lowest: int
    highest: int
    higher_is_better: bool
    scores: list[ScorePoint]


class Questionnaires(Section):
    title: str = "Questionnaire scores over time"
    instruments: list[InstrumentScores]


class TriedItem(_Frozen):
    what: str
    first: dt.date
    last: dt.date
    sessions: int
    weeks: int


class Tried(Section):
    title: str = "What has been tried, and for how long"
    items: list[TriedItem]


class VisitRow(_Frozen):
    date: dt.date
    who: str
    role: Role
    findings: str | None = None
    advice: str | None = None


class Visits(Section):
    title: str = "Visits to professionals and their advice"
    items: list[VisitRow]


class Reading(Section):
    title: str = "The engine's current reading"
    status: TriageStatus
    pathway: Pathway
    phase: Phase
    action: Action
    pattern: PainPattern
    allowed_pain: int
    next_run: NextRun | None = None
    suggests_professional_help: bool
    professional_help: list[Reason]


class Question(_Frozen):
    question: str
    because: str


class Questions(Section):
    title: str = "Questions worth asking at the appointment"
    items: list[Question]


class Sections(_Frozen):
    """The report's sections in reading order; absent when the case file has no data."""

    injury_story: InjuryStory
    red_flag_screen: RedFlagScreen
    whole_body: WholeBody | None = None
    wellbeing: WellbeingSection | None = None
    pain_history: PainHistory | None = None
    adherence: Adherence | None = None
    strength: StrengthProgress | None = None
    readiness: Readiness | None = None
    self_assessments: SelfAssessments | None = None
    questionnaires: Questionnaires | None = None
    tried: Tried | None = None
    visits: Visits | None = None
    reading: Reading
    questions: Questions


class Report(_Frozen):
    """The clinician report (``runback report CASE.json``)."""

    report_version: int = REPORT_VERSION
    today: dt.date
    notice: str = NOTICE
    sections: Sections

    def present(self) -> list[tuple[str, Section]]:
        """The sections that are there, as (key, section), in reading order."""
        out: list[tuple[str, Section]] = []
        for key in Sections.model_fields:
            value = getattr(self.sections, key)
            if value is not None:
                out.append((key, value))
        return out

    def to_contract(self) -> dict[str, Any]:
        """The JSON of docs/report.md (validated by docs/report.schema.json)."""
        return self.model_dump(mode="json", exclude_none=True)


# -- building ---------------------------------------------------------------------------
def build_report(case: CaseFile) -> Report:
    """The clinician report for ``case`` as of ``case.today``."""
    plan = build_plan(case, weeks=1)
    decision = decide(case)
    runs = _runs(case)
    reading = _reading(plan, decision, _movement_concern(case))
    sections = Sections(
        injury_story=_story(case, plan),
        red_flag_screen=_screen(case),
        whole_body=_whole_body(case, plan),
        wellbeing=_wellbeing(case),
        pain_history=_pain_history(case, runs, decision),
        adherence=_adherence(case, plan),
        strength=_strength(case, plan),
        readiness=_readiness(case),
        self_assessments=_self_assessments(case),
        questionnaires=_questionnaires(case),
        tried=_tried(case, plan),
        visits=_visits(case, plan),
        reading=reading,
        questions=_questions(case, plan, decision, reading),
    )
    return Report(today=case.today, sections=sections)


def _unique(reasons: Iterable[Reason]) -> list[Reason]:
    seen: dict[str, Reason] = {}
    for r in reasons:
        seen.setdefault(r.code, r)
    return list(seen.values())


def _all_reasons(plan: Plan, decision: Decision) -> list[Reason]:
    return _unique([*plan.triage.reasons, *decision.reasons, *plan.reasons])


def _story(case: CaseFile, plan: Plan) -> InjuryStory:
    injury = case.injury
    course = STORY_CODES | {"worsening_pain_refer"}
    claims = [r for r in _unique([*plan.triage.reasons, *plan.reasons]) if r.code in course]
    return InjuryStory(
        claims=claims,
        site=injury.site.value,
        kind=injury.kind.value,
        onset=injury.onset,
        days_since_onset=days_since_onset(case),
        pathway=plan.pathway,
        worsening=injury.worsening,
        pain_rest=injury.pain_rest,
        pain_walking=injury.pain_walking,
        aggravators=[a.value for a in injury.aggravators],
        bone_stress_risk=injury.bone_stress_risk.value if injury.bone_stress_risk else None,
        last_run_before_report=injury.last_run,
        pain_free_run_minutes=injury.pain_free_run_minutes,
        flare_point_minutes=injury.flare_point_minutes,
    )


def _screen(case: CaseFile) -> RedFlagScreen:
    screen = triage(case)
    flags = sorted({r.code for r in screen.reasons if r.code in {f.value for f in RedFlag}})
    return RedFlagScreen(claims=list(screen.reasons), status=screen.status, flags=flags)


def _whole_body(case: CaseFile, plan: Plan) -> WholeBody | None:
    runner = case.runner
    if runner.previous_injuries is None and runner.previous_bone_stress_injuries is None:
        return None
    claims = [r for r in plan.triage.reasons if r.code == "recurring_niggle_check_early"]
    return WholeBody(
        claims=claims,
        previous_injuries=runner.previous_injuries,
        previous_bone_stress_injuries=runner.previous_bone_stress_injuries,
        bone_stress_history=wellbeing.has_bone_stress_history(case),
    )


def _wellbeing(case: CaseFile) -> WellbeingSection | None:
    w = case.wellbeing
    tsk = outcomes.scores_of(case, Instrument.TSK_11)
    given = [w.sleep_hours, w.stress, w.fear_of_reinjury, w.fuelling_ok]
    if all(v is None for v in given) and not tsk:
        return None
    return WellbeingSection(
        claims=wellbeing.progression_holds(case),
        sleep_hours=w.sleep_hours,
        stress=w.stress,
        fear_of_reinjury=w.fear_of_reinjury,
        fuelling_ok=w.fuelling_ok,
        low_energy_availability_signs=wellbeing.low_energy_availability(case),
        tsk11_latest=tsk[-1].score if tsk else None,
    )


def _runs(case: CaseFile) -> tuple[LogEntry, ...]:
    return case.runs_since_onset[-MAX_RUNS:]


def _pain_history(
    case: CaseFile, runs: Sequence[LogEntry], decision: Decision
) -> PainHistory | None:
    if not runs:
        return None
    rows: list[RunRow] = []
    reported: list[LogEntry] = []
    for entry in runs:
        known = entry.get("pain_reported") is not False
        pattern = pain.classify(case, entry, reported) if known else None
        if known:
            reported.append(entry)
        rows.append(
            RunRow(
                date=entry["date"],
                run_minutes=float(entry.get("run_minutes") or 0),
                walk_minutes=entry.get("walk_minutes"),
                distance_km=entry.get("distance_km"),
                pain_before=entry.get("pain_before"),
                pain_during_max=entry.get("pain_during_max"),
                pain_after=entry.get("pain_after"),
                pain_next_morning=entry.get("pain_next_morning"),
                stiffness_next_morning=entry.get("stiffness_next_morning"),
                pain_reported=known,
                pattern=pattern,
            )
        )
    load = analyse(_sessions(case))
    weeks = [
        WeekRow(
            week_start=w.week_start,
            runs=w.runs,
            run_minutes=round(w.run_minutes, 1),
            run_km=round(w.run_km, 2),
            load=round(w.load, 1),
        )
        for w in load.weeks
    ]
    notes = {(f.date, f.code.value, f.text) for f in load.flags}  # one per week and rule
    flags = [LoadNote(date=d, code=c, text=t) for d, c, t in sorted(notes)]
    claims = [r for r in decision.reasons if r.code not in HELP_CODES | WELLBEING_CODES]
    return PainHistory(
        claims=claims,
        allowed_pain=pain_allowance(case),
        runs=rows,
        weeks=weeks,
        load_flags=flags,
    )


def _sessions(case: CaseFile) -> list[SessionRecord]:
    """The log since onset as load sessions: runs by their minutes, other work by its own."""
    out: list[SessionRecord] = []
    for e in case.entries_between(case.injury.onset, case.today):
        running = float(e.get("run_minutes") or 0)
        if e["kind"] is LogKind.RUN and running > 0:
            out.append(SessionRecord(e["date"], running, distance_km=e.get("distance_km")))
        elif e["kind"] in {LogKind.STRENGTH, LogKind.CROSS_TRAINING} and e.get("minutes"):
            out.append(SessionRecord(e["date"], float(e.get("minutes") or 0), is_run=False))
    return out


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _adherence(case: CaseFile, plan: Plan) -> Adherence | None:
    entries = case.entries_between(case.injury.onset, case.today)
    lifted = {e.date for e in case.strength_log if case.injury.onset <= e.date <= case.today}
    if not entries and not lifted:
        return None
    first = _week(max(case.injury.onset, case.today - dt.timedelta(weeks=ADHERENCE_WEEKS - 1)))
    weeks: list[AdherenceWeek] = []
    start = first
    while start <= case.today:
        end = start + dt.timedelta(days=6)
        week = [e for e in entries if start <= e["date"] <= end]
        strength_days = {e["date"] for e in week if e["kind"] is LogKind.STRENGTH}
        strength_days |= {d for d in lifted if start <= d <= end}
        weeks.append(
            AdherenceWeek(
                week_start=start,
                runs=sum(1 for e in week if e["kind"] is LogKind.RUN and e.get("run_minutes")),
                strength_sessions=len(strength_days),
                plyometric_sessions=sum(1 for e in week if e["kind"] is LogKind.PLYOMETRICS),
                cross_training_sessions=sum(1 for e in week if e["kind"] is LogKind.CROSS_TRAINING),
            )
        )
        start += dt.timedelta(days=7)
    full = [w for w in weeks if w.week_start + dt.timedelta(days=6) <= case.today]
    meeting = sum(1 for w in full if w.strength_sessions >= STRENGTH_TARGET_PER_WEEK)
    return Adherence(
        claims=[r for r in plan.reasons if r.code in CAPACITY_CODES],
        strength_target_per_week=STRENGTH_TARGET_PER_WEEK,
        weeks=weeks,
        full_weeks=len(full),
        weeks_meeting_strength_target=meeting,
    )


def _strength(case: CaseFile, plan: Plan) -> StrengthProgress | None:
    logged = [e for e in case.strength_log if e.date <= case.today]
    if not logged:
        return None
    library = load_library()
    by_exercise: dict[str, list[LiftRow]] = {}
    for e in sorted(logged, key=lambda e: e.date):
        by_exercise.setdefault(e.exercise, []).append(
            LiftRow(
                date=e.date, sets=e.sets, reps=e.reps, load_kg=e.load_kg, rir=e.rir, pain=e.pain
            )
        )
    exercises = [
        ExerciseProgress(
            exercise=ex,
            name=library.get(ex).name,
            sessions=rows,
            first_load_kg=rows[0].load_kg,
            last_load_kg=rows[-1].load_kg,
        )
        for ex, rows in by_exercise.items()
    ]
    claims = [r for r in plan.reasons if r.code == "strength_load_progression"]
    return StrengthProgress(claims=claims, exercises=exercises)


def _readiness(case: CaseFile) -> Readiness | None:
    if not any(t.date <= case.today for t in case.tests):
        return None
    report = readiness_report(
        case.tests,
        history.strength_dates(case),
        (),
        case.today,
        bone_site=is_bone_stress(case),
    )
    results = [
        TestRow(
            name=r.name.value,
            title=readiness_test(r.name).title,
            date=r.date,
            left=r.left,
            right=r.right,
            unit=r.unit.value,
            pain=r.pain,
            symmetry=symmetry_of(r),
        )
        for r in report.results
    ]
    verdicts = [
        (report.plyometrics.tests, report.plyometrics.open),
        *[(v, v.passed) for v in report.exits],
    ]
    gates = [
        GateRow(gate=v.gate.value, open=is_open, holding_back=[n.value for n in v.holding_back])
        for v, is_open in verdicts
    ]
    findings = [*report.plyometrics.findings, *(f for v in report.exits for f in v.findings)]
    claims = list(dict.fromkeys(Reason(code=f.code.value, text=f.text) for f in findings))
    return Readiness(claims=claims, results=results, gates=gates)


def _self_assessments(case: CaseFile) -> SelfAssessments | None:
    report = readiness_report((), (), case.self_assessments, case.today)
    if not report.notes:
        return None
    notes = [
        NoteRow(date=n.date, kind=n.kind.value, concern=n.concern, text=n.text)
        for n in report.notes
    ]
    claims = [
        Reason(code=n.finding.code.value, text=n.finding.text) for n in report.notes if n.finding
    ]
    return SelfAssessments(claims=claims, notes=notes)


def _questionnaires(case: CaseFile) -> Questionnaires | None:
    scored = outcomes.scores(case)
    if not scored:
        return None
    instruments = []
    for instrument in Instrument:
        points = [
            ScorePoint(
                date=s.date,
                score=s.score,
                substantial=s.substantial,
                run_minutes_7_days=round(
                    history.run_minutes_between(case, s.date - dt.timedelta(days=6), s.date), 1
                ),
            )
            for s in scored
            if s.instrument is instrument
        ]
        if points:
            low, high = instrument.score_range
            instruments.append(
                InstrumentScores(
                    instrument=instrument,
                    label=instrument.label,
                    lowest=low,
                    highest=high,
                    higher_is_better=instrument.higher_is_better,
                    scores=points,
                )
            )
    claims = [*outcomes.fear_holds(case), *outcomes.escalations(case)]
    return Questionnaires(claims=claims, instruments=instruments)


TRIED_KINDS = {
    LogKind.RUN: "Running (run/walk)",
    LogKind.WALK: "Walking",
    LogKind.STRENGTH: "Strength training",
    LogKind.PLYOMETRICS: "Plyometrics (hopping and bounding)",
    LogKind.CROSS_TRAINING: "Cross-training",
    LogKind.REST: "Rest days",
}


def _tried(case: CaseFile, plan: Plan) -> Tried | None:
    dates: dict[str, set[dt.date]] = {}
    for e in case.entries_between(case.injury.onset, case.today):
        label = TRIED_KINDS.get(e["kind"])
        if label is not None and (e["kind"] is not LogKind.RUN or e.get("run_minutes")):
            dates.setdefault(label, set()).add(e["date"])
    for lift in case.strength_log:
        if case.injury.onset <= lift.date <= case.today:
            dates.setdefault(TRIED_KINDS[LogKind.STRENGTH], set()).add(lift.date)
    rest = {
        a.date for a in case.self_assessments if isinstance(a, RestTest) and a.date <= case.today
    }
    if rest:
        dates.setdefault("A full week's rest test", set()).update(rest)
    if not dates:
        return None
    items = [
        TriedItem(
            what=label,
            first=min(days),
            last=max(days),
            sessions=len(days),
            weeks=(max(days) - min(days)).days // 7 + 1,
        )
        for label, days in dates.items()
    ]
    items.sort(key=lambda item: item.first)
    tried_codes = {"acute_swap_aggravators", "aggravator_reintroduced"}
    claims = [r for r in _unique([*plan.triage.reasons, *plan.reasons]) if r.code in tried_codes]
    return Tried(claims=claims, items=items)


def _visits(case: CaseFile, plan: Plan) -> Visits | None:
    """Every visit so far, oldest first; the claim says the count restarted after the latest."""
    past = [v for v in case.visits if v.date <= case.today]
    if not past:
        return None
    items = [
        VisitRow(date=v.date, who=v.who, role=v.role, findings=v.findings, advice=v.advice)
        for v in past
    ]
    claims = [r for r in plan.triage.reasons if r.code == "try_again_after_visit"]
    return Visits(claims=claims, items=items)


def _movement_concern(case: CaseFile) -> list[Reason]:
    """A rest test whose pain came back quickly: a movement problem for a professional."""
    rests = [a for a in case.self_assessments if isinstance(a, RestTest) and a.date <= case.today]
    notes = readiness_report((), (), rests, case.today).notes
    return [
        Reason(code=n.finding.code.value, text=n.text) for n in notes if n.concern and n.finding
    ]


def _reading(plan: Plan, decision: Decision, movement: list[Reason]) -> Reading:
    reasons = _all_reasons(plan, decision)
    help_reasons = _unique([*(r for r in reasons if r.code in HELP_CODES), *movement[-1:]])
    if plan.triage.status is not TriageStatus.SELF_GUIDED:
        help_reasons = _unique([*plan.triage.reasons, *help_reasons])
    return Reading(
        claims=reasons,
        status=plan.triage.status,
        pathway=plan.pathway,
        phase=plan.phase,
        action=decision.action,
        pattern=decision.pattern,
        allowed_pain=plan.allowed_pain,
        next_run=decision.next_run,
        suggests_professional_help=bool(help_reasons),
        professional_help=help_reasons,
    )


QUESTIONS: dict[str, str] = {
    "stalled_progress_see_professional": "Nothing has changed in weeks of managing the load: "
    "is the working diagnosis right, and which tissue do you think is involved?",
    "repeated_flares_see_professional": "My runs keep flaring even after backing off: what "
    "else could be driving it, and is the diagnosis right?",
    "readiness_gate_failed_twice_see_professional": "My readiness tests fell short twice: "
    "which weakness matters most, and what should change in how I train it?",
    "substantial_problem_persists_see_professional": "The weekly questionnaire has shown a "
    "substantial problem for weeks: what would you change first in the plan?",
    "recurring_niggle_check_early": "It keeps coming back in the same spot: what in my "
    "movement, strength or load should change so it stops recurring?",
    "rest_test": "The pain came back quickly after a week's rest: can you look at my stride, "
    "mobility and core control (video and self-tests attached)?",
    "low_energy_availability_flag": "Should I be checked for low energy availability (a sports "
    "doctor or dietitian), given my fuelling and bone stress history?",
    "high_fear_of_movement_hold": "My fear-of-movement score is high: how can we build "
    "confidence step by step (graded exposure)?",
    "fear_of_reinjury_hold": "I am afraid of re-injuring it: which activities are safe now, "
    "and how do I know when to push?",
    "capacity_exit_by_tests": "Some readiness tests hold me back: which weakness matters most "
    "here, and how should I train it?",
    "building_pain_back_off": "Pain builds during my runs: what dose can I run without it, "
    "and is anything else going on?",
    "next_morning_above_baseline": "The next morning is worse after runs: what should I change "
    "in the dose or in between runs?",
    "red_flag_refer": "Which of my warning signs needs checking, and who clears me to restart "
    "self-guided training?",
    "worsening_pain_refer": "The pain keeps getting worse: what needs to be ruled out?",
    "bone_stress_high_risk_clinician_led": "At this bone site, what should the return look "
    "like, and what would change it (imaging, a period off load)?",
}
BASIC_QUESTIONS = (
    "Would imaging change the plan now? (Scans often show changes that are not the cause.)",
    "What should I do differently over the next 4-6 weeks, and when should we review it?",
)


def _questions(case: CaseFile, plan: Plan, decision: Decision, reading: Reading) -> Questions:
    seen = {r.code for r in _all_reasons(plan, decision)}
    seen |= {r.code for r in reading.professional_help}
    items = [
        Question(question=text, because=code) for code, text in QUESTIONS.items() if code in seen
    ]
    items += [Question(question=text, because=APPOINTMENT_BASICS) for text in BASIC_QUESTIONS]
    claims = [r for r in reading.professional_help if r.code in QUESTIONS]
    return Questions(claims=claims, items=items)


# -- the contract -----------------------------------------------------------------------
SCHEMA_ID = "https://runback.invalid/schemas/report.schema.json"


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`Report.to_contract` (``docs/report.schema.json``).

    Made from the models so the two cannot drift (a test compares it with the file),
    then tightened to what the JSON really holds: nulls are never written (absent
    instead), and every section always has its ``title`` and ``claims``.
    """
    schema = Report.model_json_schema(mode="serialization")
    _drop_nulls(schema)
    for definition in schema.get("$defs", {}).values():
        props = definition.get("properties", {})
        required = set(definition.get("required", []))
        if {"title", "claims"} <= props.keys():
            required |= {"title", "claims"}
        if required:
            definition["required"] = sorted(required)
        definition["additionalProperties"] = False
    schema["required"] = sorted({*schema.get("required", []), "report_version", "notice"})
    schema["additionalProperties"] = False
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "runback clinician report",
        "description": "The JSON of `runback report CASE.json --json` (docs/report.md).",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def _drop_nulls(node: Any) -> None:
    """Replace ``anyOf: [X, {"type": "null"}]`` by X and drop ``default: null``, in place."""
    if isinstance(node, dict):
        options = node.get("anyOf")
        if isinstance(options, list):
            kept = [o for o in options if o != {"type": "null"}]
            if len(kept) == 1 and len(kept) != len(options):
                del node["anyOf"]
                node.update(kept[0])
        if "default" in node and node["default"] is None:
            del node["default"]
        for value in node.values():
            _drop_nulls(value)
    elif isinstance(node, list):
        for item in node:
            _drop_nulls(item)
