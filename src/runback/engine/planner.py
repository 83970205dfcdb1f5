"""Composes the rules into a day-by-day plan: who leads, what to run, what to lift.

The plan walks forward one calendar day at a time from the progression state
read off the log (``engine/progress.py``): each day asks the rules what belongs
on it (a run and its size, a walk, cross-training, strength), then folds the
planned sessions into the state as if done. The day's answer depends only on the
log and the calendar, so asking for a plan every day gives the same comeback as
asking once a week (docs/engine.md, "Progress in calendar time").

A referral plans no training at all; a clinician-led case plans only off-loaded
strength and non-impact cardio; while walking or daily life hurts (settle), no
runs: cross-training or walks and strength instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from runback.engine import dosing, history, phases, schedule, sessions, strength
from runback.engine.answers import (
    Assessment,
    DayPlan,
    Plan,
    Reason,
    Session,
    Triage,
    WeekSummary,
)
from runback.engine.capacity import Gate
from runback.engine.case import CaseFile
from runback.engine.decisions import decide, log_holds
from runback.engine.enums import (
    Aggravator,
    Pathway,
    Phase,
    SessionKind,
    TriageStatus,
)
from runback.engine.escalation import screen as screen_case
from runback.engine.pathways import ACUTE_DAYS
from runback.engine.pathways import pathway as pathway_of
from runback.engine.progress import Outcome, Progress
from runback.engine.reasons import Code, reason
from runback.engine.screening import is_bone_stress, pain_allowance, walking_pain
from runback.engine.steering import steering_reasons

DAY = dt.timedelta(days=1)
REINTRODUCE_EVERY_DAYS = 14
"""One aggravator comes back every other week."""


def assess(case: CaseFile) -> Assessment:
    """Screening, pathway, phase and the next 7 days."""
    plan = build_plan(case, weeks=1)
    return Assessment(
        triage=plan.triage,
        pathway=plan.pathway,
        phase=plan.phase,
        allowed_pain=plan.allowed_pain,
        week=plan.days,
        week_summary=plan.weeks[0],
        reasons=plan.reasons,
    )


def build_plan(case: CaseFile, weeks: int) -> Plan:
    """A plan for ``weeks`` weeks starting the day after ``case.today``."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    screen = screen_case(case)
    route = pathway_of(case)
    today_phase = phases.phase(case, screen, route)
    ctx = _Context.of(case, screen, route, today_phase)
    reasons: list[Reason] = [
        *screen.reasons,
        *steering_reasons(case),
        *phases.gate_reasons(case, today_phase),
        reason(Code.CAPACITY_EXIT_BY_TESTS),
    ]
    state = case.progress
    if screen.status is TriageStatus.SELF_GUIDED and not state.restarting(case.today + DAY):
        reasons.extend(decide(case).reasons)  # how the last run went shapes the next ones
    days: list[DayPlan] = []
    summaries: list[WeekSummary] = []
    track = _CapacityTrack()
    for week in range(weeks):
        start = case.today + DAY * (1 + 7 * week)
        week_phase = _week_phase(ctx, start, week, track)
        lifts = track.lifts(ctx, week, week_phase, reasons)
        week_plan = _Week(start, week_phase)
        for offset in range(7):
            day = start + DAY * offset
            state = _plan_day(ctx, state, day, week_plan, lifts, reasons)
        track.planned_strength.append(week_plan.strength_sessions)
        days.extend(week_plan.day_plans(ctx))
        summaries.append(week_plan.summary(dosing.weekly_cap(case)))
    return Plan(
        triage=screen,
        pathway=route,
        phase=today_phase,
        allowed_pain=ctx.allowance,
        days=days,
        weeks=summaries,
        reasons=_unique(reasons),
    )


def _unique(reasons: Iterable[Reason]) -> list[Reason]:
    seen: dict[str, Reason] = {}
    for r in reasons:
        seen.setdefault(r.code, r)
    return list(seen.values())


# -- what stays the same for the whole plan ---------------------------------------------
@dataclass(frozen=True)
class _Context:
    """The facts a plan reads on every day: the case, who leads, the route, the holds."""

    case: CaseFile
    screen: Triage
    route: Pathway
    today_phase: Phase
    allowance: int
    weekdays: frozenset[int]
    holds: tuple[Reason, ...]
    irritable: bool
    bone: bool
    reintroduce_from: dt.date | None
    integrate_from: dt.date | None

    @classmethod
    def of(cls, case: CaseFile, screen: Triage, route: Pathway, today_phase: Phase) -> _Context:
        state_runs = case.runs_since_onset
        integrate_from = (
            phases.integrate_since(case) or case.today + DAY
            if today_phase is Phase.INTEGRATE
            else None
        )
        return cls(
            case=case,
            screen=screen,
            route=route,
            today_phase=today_phase,
            allowance=pain_allowance(case),
            weekdays=frozenset(d.number for d in case.availability.days),
            holds=tuple(log_holds(case, state_runs)),
            irritable=phases.irritable(case),
            bone=is_bone_stress(case),
            reintroduce_from=_reintroduce_from(case, route, integrate_from),
            integrate_from=integrate_from,
        )

    @property
    def per_day(self) -> int | None:
        return self.case.availability.minutes_per_day

    def fit(self, minutes: int) -> int:
        return minutes if self.per_day is None else min(minutes, self.per_day)

    def runs_per_week(self, dose: int) -> int:
        if self.bone:
            return 3  # 2-3 bone-loading sessions a week, never back to back
        if dose < schedule.SHORT_RUN:
            return 4
        before = self.case.runner.runs_per_week_before or 3
        return max(3, min(5, before))

    def strictly_spaced(self, reintroduced: Aggravator | None) -> bool:
        """Bone stress never runs on consecutive days; nor does an injury they provoke."""
        back_to_back = Aggravator.CONSECUTIVE_DAYS in self.case.injury.aggravators
        return self.bone or (back_to_back and reintroduced is not Aggravator.CONSECUTIVE_DAYS)


def _reintroduce_from(
    case: CaseFile, route: Pathway, integrate_from: dt.date | None
) -> dt.date | None:
    """From when aggravators come back: two weeks after an acute onset, or once integrating."""
    if not case.injury.aggravators or is_bone_stress(case):
        return None
    runs = case.runs_since_onset
    began_acute = bool(runs) and (runs[0]["date"] - case.injury.onset).days < ACUTE_DAYS
    if route is Pathway.ACUTE or (began_acute and route is not Pathway.LONG_LAYOFF):
        return case.injury.onset + DAY * phases.ACUTE_SETTLE_DAYS
    if integrate_from is not None:
        return integrate_from + DAY * 7
    return None


@dataclass(frozen=True, slots=True)
class _Reintroduction:
    """Which aggravators are back on a day and which one is coming back this fortnight."""

    back: tuple[Aggravator, ...]
    current: Aggravator | None
    week_start: dt.date | None


def _reintroduction(ctx: _Context, state: Progress, day: dt.date) -> _Reintroduction:
    """One aggravator every other week, from the first week of the comeback that starts
    after ``reintroduce_from`` (so the fortnights line up with the comeback's weeks)."""
    aggravators = ctx.case.injury.aggravators
    start = ctx.reintroduce_from
    anchor = day if state.anchor is None or state.restarting(day) else state.anchor
    if start is not None and start > anchor:
        start = anchor + DAY * (7 * -(-(start - anchor).days // 7))
    if start is None or day < start:
        return _Reintroduction((), None, None)
    days = (day - start).days
    fortnight, in_fortnight = divmod(days, REINTRODUCE_EVERY_DAYS)
    if fortnight >= len(aggravators):
        return _Reintroduction(tuple(aggravators), None, None)
    if in_fortnight < 7:  # the first week of each fortnight adds one back
        week_start = start + DAY * (REINTRODUCE_EVERY_DAYS * fortnight)
        return _Reintroduction(tuple(aggravators[:fortnight]), aggravators[fortnight], week_start)
    return _Reintroduction(tuple(aggravators[: fortnight + 1]), None, None)


# -- one plan week (for the summaries) --------------------------------------------------
@dataclass
class _Week:
    """What the plan put on each day of one plan week."""

    start: dt.date
    phase: Phase
    sessions: dict[dt.date, list[Session]] = field(default_factory=dict)
    down: bool = False
    cap: int = 0

    def add(self, day: dt.date, session: Session) -> None:
        self.sessions.setdefault(day, []).append(session)

    @property
    def run_minutes(self) -> int:
        return sum(s.run_minutes for ss in self.sessions.values() for s in ss)

    @property
    def strength_sessions(self) -> int:
        return sum(1 for ss in self.sessions.values() for s in ss if s.kind is SessionKind.STRENGTH)

    def day_plans(self, ctx: _Context) -> list[DayPlan]:
        out = []
        for offset in range(7):
            day = self.start + DAY * offset
            planned = self.sessions.get(day) or [
                sessions.rest_session(
                    referred=ctx.screen.status is TriageStatus.REFER,
                    training_day=day.weekday() in ctx.weekdays,
                )
            ]
            out.append(DayPlan(date=day, sessions=planned))
        return out

    def summary(self, clinician_cap: int | None) -> WeekSummary:
        cap = self.cap if clinician_cap is None else min(self.cap, clinician_cap)
        return WeekSummary(
            start=self.start,
            run_minutes=self.run_minutes,
            volume_cap_minutes=cap,
            down_week=self.down,
            strength_sessions=self.strength_sessions,
            phase=self.phase,
        )


# -- the capacity track -------------------------------------------------------------------
@dataclass
class _CapacityTrack:
    """The week's strength and plyometric sessions (their dose rises week by week)."""

    planned_strength: list[int] = field(default_factory=list)
    plyo_weeks: int | None = None
    plyo_open: bool | None = None

    def lifts(
        self, ctx: _Context, week: int, week_phase: Phase, reasons: list[Reason]
    ) -> list[Session]:
        weeks_done = history.strength_sessions_since(ctx.case, 84) // 2 + week
        if ctx.screen.status is TriageStatus.REFER:
            return []
        if ctx.screen.status is TriageStatus.CLINICIAN_LED:
            lifts = strength.strength_sessions(
                ctx.case, Phase.SETTLE, weeks_done=weeks_done, off_load=True
            )
            reasons.extend(strength.capacity_reasons(Phase.SETTLE, len(lifts), 0, None))
            return lifts
        if self.plyo_open is None:
            # Hopping needs the strength base and the plyometric tests passed as of
            # today: a plan cannot assume tests it has not seen (docs/capacity.md).
            self.plyo_open = phases.plyometrics_open(ctx.case)
        plyo = None
        if week_phase is not Phase.SETTLE and self.plyo_open:
            self.plyo_weeks = 0 if self.plyo_weeks is None else self.plyo_weeks + 1
            plyo = self.plyo_weeks
        lifts = strength.strength_sessions(
            ctx.case, week_phase, weeks_done=weeks_done, plyometric_weeks=plyo
        )
        count = sum(1 for s in lifts if s.kind is SessionKind.STRENGTH)
        contacts = strength.plyometric_contacts(plyo, ctx.case) if plyo is not None else None
        reasons.extend(strength.capacity_reasons(week_phase, count, weeks_done, contacts))
        return lifts


def _week_phase(ctx: _Context, start: dt.date, week: int, track: _CapacityTrack) -> Phase:
    if week == 0 or ctx.screen.status is not TriageStatus.SELF_GUIDED:
        return ctx.today_phase
    phase = ctx.today_phase
    if phase is Phase.SETTLE and not ctx.irritable:
        phase = Phase.CAPACITY  # a fresh injury settles by time
    planned = sum(track.planned_strength[max(0, week - 6) : week])
    if (
        phase is Phase.CAPACITY
        and phases.has_strength_base(ctx.case, planned_sessions=planned)
        and phases.gate_open(ctx.case, Gate.RETURN)
    ):
        phase = Phase.RETURN
    return phases.steered(ctx.case, phase, settling=ctx.irritable)


# -- one day ----------------------------------------------------------------------------
def _plan_day(
    ctx: _Context,
    state: Progress,
    day: dt.date,
    week: _Week,
    lifts: list[Session],
    reasons: list[Reason],
) -> Progress:
    """Put on ``day`` what belongs there; return the state with those sessions done."""
    status = ctx.screen.status
    if status is TriageStatus.REFER or day.weekday() not in ctx.weekdays:
        return state
    ran = False
    running = False
    if status is TriageStatus.SELF_GUIDED:
        running = _may_run(ctx, day, reasons)
        if running:
            state, ran = _run_day(ctx, state, day, week, reasons)
    if not ran:
        state = _other_cardio(ctx, state, day, week, running=running, reasons=reasons)
    return _strength_day(ctx, state, day, week, lifts)


def _may_run(ctx: _Context, day: dt.date, reasons: list[Reason]) -> bool:
    if ctx.irritable:
        reasons.append(reason(Code.SETTLE_BY_MODIFYING_LOAD))
        if ctx.case.injury.pain_free_run_minutes == 0:
            reasons.append(reason(Code.NO_PAIN_FREE_RUNNING_YET))
        return False
    if ctx.route is Pathway.POSTPARTUM and dosing.postpartum_too_early(ctx.case, day):
        reasons.append(reason(Code.POSTPARTUM_12_WEEKS))
        return False
    symptoms = ctx.case.wellbeing.pelvic_floor_symptoms
    if ctx.route is Pathway.POSTPARTUM and symptoms:
        named = ", ".join(s.value for s in symptoms)
        reasons.append(reason(Code.PELVIC_FLOOR_SYMPTOMS_NO_RUNNING, symptoms=named))
        return False
    return True


def _run_day(
    ctx: _Context, state: Progress, day: dt.date, week: _Week, reasons: list[Reason]
) -> tuple[Progress, bool]:
    """A run on ``day`` if one is due: sized from the state, spaced from the runs before."""
    back = _reintroduction(ctx, state, day)
    dose, down, day_reasons = _dose(ctx, state, day, back)
    if dose <= 0:
        reasons.extend(day_reasons)
        return state, False
    per_week = ctx.runs_per_week(dose)
    first_of_fortnight = back.current is not None and not state.run_days(back.week_start or day)
    reintroduced = back.current if first_of_fortnight else None
    due = schedule.run_due(
        state,
        day,
        per_week=per_week,
        strictly_spaced=ctx.strictly_spaced(reintroduced),
        tight_week=schedule.tight(len(ctx.weekdays), per_week),
    )
    week.cap = max(week.cap, state.dose * per_week if not state.restarting(day) else 0)
    if not due:
        return state, False
    run_shape = sessions.fitted_shape(dose, ctx.route, ctx.per_day)
    if run_shape.run_minutes <= 0:
        return state, False
    caps: list[Reason] = []
    if state.continuous:
        spiked = dosing.spike_cap(run_shape.run_minutes, state.runs, day)
        if spiked.reasons:
            caps = list(spiked.reasons)
            run_shape = sessions.fitted_shape(spiked.run_minutes, ctx.route, ctx.per_day)
    swaps = tuple(
        a for a in ctx.case.injury.aggravators if a not in back.back and a is not back.current
    )
    room = dosing.weekly_room(ctx.case, week.run_minutes)
    if room is not None and run_shape.run_minutes > room:
        # A clinician's weekly cap is used up: no run rather than a cut-down one, which
        # would pull the dose of the weeks after it down with it.
        return state, False
    if back.current is not None and reintroduced is None:
        swaps = (*swaps, back.current)  # only one run of the fortnight carries it
    steady = (
        ctx.integrate_from is not None
        and (day - ctx.integrate_from).days >= 7
        and not ctx.holds
        and reintroduced is None
        and not state.run_days(_comeback_week_start(state, day))
    )
    spec = sessions.RunSpec(
        shape=run_shape,
        twice=run_shape.run_minutes <= sessions.TWICE_A_DAY_UP_TO
        and not ctx.bone
        and dosing.weekly_cap(ctx.case) is None,  # a weekly cap counts every minute
        allowance=ctx.allowance,
        swaps=swaps,
        reintroduced=reintroduced,
        steady_finish=steady,
        caps=tuple(caps),
    )
    padding = sessions.long_layoff_padding(run_shape.run_minutes, ctx.route, ctx.per_day)
    if padding.drills is not None:
        week.add(day, padding.drills)
    week.add(day, sessions.run_session(spec))
    if padding.hard_walk is not None:
        week.add(day, padding.hard_walk)
    if padding.drills or padding.hard_walk:
        reasons.append(reason(Code.LONG_LAYOFF_DRILLS_AND_HARD_WALK))
    week.down = week.down or down
    week.cap = max(week.cap, dose * per_week)
    reasons.extend(day_reasons)
    reasons.extend(caps)
    _run_reasons(ctx, day, run_shape, per_week, reintroduced, reasons)
    state = state.after_run(day, run_shape.run_minutes, run_shape.walk_minutes, Outcome.CLEAN)
    if padding.hard_walk is not None:
        state = state.after_walk(day)  # as the log reads it once done
    return state, True


def _comeback_week_start(state: Progress, day: dt.date) -> dt.date:
    """The first day of ``day``'s week of the comeback (weeks count from its first run)."""
    if state.anchor is None:
        return day
    return state.anchor + DAY * (7 * state.week_of(day))


def _dose(
    ctx: _Context, state: Progress, day: dt.date, back: _Reintroduction
) -> tuple[int, bool, list[Reason]]:
    """Per-run minutes for a run on ``day``, whether it is a down week, and why."""
    case = ctx.case
    why: list[Reason] = []
    if state.restarting(day):
        start = dosing.starting_dose(case, ctx.route, on=day)
        if start.run_minutes == 0 and ctx.route is Pathway.POSTPARTUM:
            start = dosing.starting_dose(case, Pathway.OTHER, on=day)
        if state.last_run is not None:
            why.append(reason(Code.RESTART_AFTER_BREAK, days=(day - state.last_run).days))
        why.extend(start.reasons)
        why.extend(ctx.holds)
        minutes = start.run_minutes
        if state.flared_last:  # never restart longer than the run that flared
            minutes = min(minutes, state.dose)
    elif _drop_back(ctx, state):
        minutes = state.pain_free_dose
        why.append(reason(Code.INTEGRATE_PAIN_DROP_BACK, minutes=minutes))
    elif state.is_down_day(day):
        return max(1, round(state.dose / 2)), True, [reason(Code.MONTHLY_DOWN_WEEK)]
    else:
        minutes = state.dose
        if state.may_grow(day) and not ctx.holds and back.current is None:
            minutes = dosing.grown(state.dose)
            code = (
                Code.PLUS_TWO_MINUTES_PER_WEEK
                if state.dose < dosing.CONTINUOUS_TARGET
                else Code.THIRTY_PERCENT_PER_3_4_WEEKS
            )
            why.append(reason(code))
        elif state.dose_since is not None and (day - state.dose_since).days < state.held_days():
            since = state.dose_since.isoformat()
            why.append(reason(Code.DOSE_HELD_IN_CALENDAR_TIME, since=since, days=state.held_days()))
    capped = dosing.cap_next_run(case, minutes, runs_per_week=ctx.runs_per_week(minutes))
    why.extend(capped.reasons)
    minutes = capped.run_minutes
    before = history.weekly_minutes_before(case)
    if before is not None and minutes > 0:
        minutes = min(minutes, max(1, int(before // ctx.runs_per_week(minutes))))
    return minutes, False, why


def _drop_back(ctx: _Context, state: Progress) -> bool:
    """Integrating, the last run hurt at the spot: back to the last pain-free length."""
    return (
        ctx.today_phase is Phase.INTEGRATE
        and state.last_pain is not None
        and state.last_pain == state.last_run
        and 0 < state.pain_free_dose < state.dose
    )


def _run_reasons(
    ctx: _Context,
    day: dt.date,
    run_shape: dosing.RunShape,
    per_week: int,
    reintroduced: Aggravator | None,
    reasons: list[Reason],
) -> None:
    r = reasons
    if run_shape.walk_minutes:
        r.append(reason(Code.WALK_BREAKS, split=dosing.split_text(run_shape)))
    if run_shape.run_minutes < schedule.SHORT_RUN:
        r.append(reason(Code.FREQUENT_SHORT_RUNS, runs=per_week))
    twice = run_shape.run_minutes <= sessions.TWICE_A_DAY_UP_TO and not ctx.bone
    if twice and dosing.weekly_cap(ctx.case) is None:
        r.append(reason(Code.SHORT_RUNS_TWICE_A_DAY))
    if ctx.route is Pathway.ACUTE and phases.in_acute_window(ctx.case, day):
        r.append(reason(Code.ACUTE_NO_SPEED))
        if ctx.case.injury.aggravators:
            swaps = "; ".join(sessions.SWAPS[a] for a in ctx.case.injury.aggravators)
            r.append(reason(Code.ACUTE_SWAP_AGGRAVATORS, swaps=swaps))
    if ctx.route is Pathway.PERSISTENT:
        r.append(reason(Code.PERSISTENT_GRADED_EXPOSURE, allowance=ctx.allowance))
    if reintroduced is not None:
        r.append(reason(Code.AGGRAVATOR_REINTRODUCED, what=sessions.REINTRODUCTIONS[reintroduced]))
    r.append(reason(Code.ONE_VARIABLE_AT_A_TIME))
    if ctx.today_phase is not Phase.INTEGRATE:
        r.append(reason(Code.INTENSITY_LAST))
        r.append(reason(Code.WALK_THE_HILLS))
    else:
        r.append(reason(Code.LOAD_MONITORING))


def _other_cardio(
    ctx: _Context,
    state: Progress,
    day: dt.date,
    week: _Week,
    *,
    running: bool,
    reasons: list[Reason],
) -> Progress:
    """Walks on the days between short runs; cross-training when walking hurts or a
    clinician leads."""
    status = ctx.screen.status
    hurts_to_walk = ctx.irritable and walking_pain(ctx.case) > ctx.allowance
    kit = sessions.cardio_kit(ctx.case.availability.equipment)
    building = ctx.today_phase in {Phase.SETTLE, Phase.CAPACITY}  # days without a run
    if status is TriageStatus.CLINICIAN_LED or hurts_to_walk or (kit and building):
        if schedule.cross_training_due(state, day):
            week.add(
                day,
                sessions.cross_training_session(
                    ctx.fit(sessions.CROSS_TRAINING_MINUTES),
                    clinician_led=status is TriageStatus.CLINICIAN_LED,
                    kit=kit,
                ),
            )
            if hurts_to_walk:
                reasons.append(reason(Code.SETTLE_CROSS_TRAINING))
            elif kit and building and status is not TriageStatus.CLINICIAN_LED:
                reasons.append(reason(Code.CROSS_TRAINING_WITH_KIT, kit=kit))
            return state.after_cross_training(day)
        if status is TriageStatus.CLINICIAN_LED or hurts_to_walk:
            return state
    early = running and (state.dose < schedule.SHORT_RUN or state.restarting(day))
    if (not running or early) and schedule.walk_due(state, day, running=running):
        week.add(day, sessions.walk_session(ctx.fit(sessions.WALK_MINUTES)))
        return state.after_walk(day)
    return state


def _strength_day(
    ctx: _Context,
    state: Progress,
    day: dt.date,
    week: _Week,
    lifts: list[Session],
) -> Progress:
    heavy = [s for s in lifts if s.kind is SessionKind.STRENGTH]
    hops = [s for s in lifts if s.kind is SessionKind.PLYOMETRICS]
    if not heavy:
        return state
    # Few training days: the sessions of the week before (or a change from 3 to 2 a
    # week) can leave only back-to-back days this week.
    tight_week = len(ctx.weekdays) < 2 * len(heavy)
    if not schedule.strength_due(state, day, per_week=len(heavy), tight_week=tight_week):
        return state
    variant = len(state.strength) % len(heavy)
    jump = bool(hops) and schedule.plyometrics_due(state, day, per_week=len(hops))
    if jump:
        week.sessions.setdefault(day, []).insert(0, hops[0])
    week.add(day, heavy[variant])
    return state.after_strength(day, plyometrics=jump)
