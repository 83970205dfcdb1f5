"""Composes the rules into a day-by-day plan: who leads, what to run, what to lift.

One week at a time: size the runs (growth, down weeks, caps, and the spike rule
over the logged and the earlier planned runs), place them on the runner's
available days (spaced when the injury needs rest days between runs), then place
the capacity track (2-3 heavy strength sessions, plyometrics once a strength base
exists). A referral plans no training at all; a clinician-led case
plans only off-loaded strength and non-impact cardio.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from runback.engine import (
    dosing,
    flares,
    gate_escalation,
    history,
    load,
    outcomes,
    phases,
    strength,
    visits,
    wellbeing,
)
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
from runback.engine.capacity.self_assessment import rest_test_finding
from runback.engine.case import CaseFile, is_run
from runback.engine.decisions import RECENT_RUN_DAYS, decide, runs_since_onset
from runback.engine.enums import (
    Aggravator,
    Intensity,
    Pathway,
    Phase,
    SessionKind,
    TriageStatus,
)
from runback.engine.pathways import pathway as pathway_of
from runback.engine.reasons import reason
from runback.engine.screening import is_bone_stress, pain_allowance, triage

DAY = dt.timedelta(days=1)
SHORT_RUN = 15
"""Runs shorter than this are 'early': frequent, alternating with walk days."""
DOWN_WEEK_EVERY = 4
DOWN_WEEK_MIN_LEVEL = 10
WALK_MINUTES = 20
CROSS_TRAINING_MINUTES = 30
ACUTE_NO_SPEED_DAYS = 14
REINTRODUCE_EVERY_WEEKS = 2

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
    Aggravator.SPEED: "a few relaxed 20-second strides in the second half of one run",
    Aggravator.LONG_RUNS: "one run of the week a little longer, another a little shorter",
    Aggravator.HILLS: "one gentle hill in one run (walk down)",
    Aggravator.DOWNHILL: "a short, gentle downhill in one run",
    Aggravator.HARD_SURFACES: "one run on a firmer surface",
    Aggravator.TRAILS: "one run on an easy trail",
    Aggravator.CONSECUTIVE_DAYS: "two runs on back-to-back days",
}


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
    screen = _screen(case)
    route = pathway_of(case)
    today_phase = phases.phase(case, screen, route)
    builder = _Builder(case, screen, route, today_phase)
    for week in range(weeks):
        builder.add_week(week)
    return Plan(
        triage=screen,
        pathway=route,
        phase=today_phase,
        allowed_pain=pain_allowance(case),
        days=builder.days,
        weeks=builder.weeks,
        reasons=_unique(builder.reasons),
    )


def _screen(case: CaseFile) -> Triage:
    """Triage plus the flags and escalations a clinician should see."""
    screen = triage(case)
    extra: list[Reason] = []
    if wellbeing.low_energy_availability(case):
        extra.append(reason("low_energy_availability_flag"))
    extra.extend(_escalations(case))
    if not extra:
        return screen
    return Triage(status=screen.status, reasons=[*screen.reasons, *extra])


def _escalations(case: CaseFile) -> list[Reason]:
    out: list[Reason] = []
    rest_test_done = rest_test_finding(case.self_assessments, case.today)
    if rest_test_done is not None:  # its reading replaces the suggestion to do one
        out.append(Reason(code=rest_test_done.code.value, text=rest_test_done.text))
    if (case.runner.previous_injuries or 0) >= 2 and case.injury.kind.value == "niggle":
        out.append(reason("recurring_niggle_check_early"))
    if _stalled(case):
        if pathway_of(case) is Pathway.PERSISTENT and rest_test_done is None:
            out.append(reason("rest_test"))
        out.append(reason("stalled_progress_see_professional"))
    out.extend(outcomes.escalations(case))
    out.extend(gate_escalation.escalations(case))
    out.extend(flares.escalations(case))
    out.extend(visits.try_again(case))
    return out


def _stalled(case: CaseFile) -> bool:
    """Six weeks of logged running without the longest recent run getting any longer."""
    since = visits.restart(case)  # onset, or the latest visit: "try again"
    if (case.today - since).days < 42:
        return False
    window = [
        e
        for e in case.entries_between(case.today - dt.timedelta(days=41), case.today)
        if is_run(e) and e["date"] >= since
    ]
    if len(window) < 6:
        return False
    recent = [r.get("run_minutes") or 0 for r in window if (case.today - r["date"]).days < 14]
    earlier = [r.get("run_minutes") or 0 for r in window if (case.today - r["date"]).days >= 28]
    return bool(recent and earlier) and max(recent) <= max(earlier)


def _unique(reasons: Iterable[Reason]) -> list[Reason]:
    seen: dict[str, Reason] = {}
    for r in reasons:
        seen.setdefault(r.code, r)
    return list(seen.values())


@dataclass
class _RecentRuns:
    """The spike rule's window as a plan goes on: logged runs, then the planned ones.

    A plan assumes its earlier sessions are done, so every planned run joins the
    window of the runs after it, and whether running is continuous (the rule's
    start, ``dosing.is_continuous``) follows the last run, logged or planned.
    Runs are added in date order, so the window only ever drops from the front.
    The logged runs are read only once the rule first applies: most plans of a
    run/walk comeback never need them.
    """

    case: CaseFile
    continuous: bool
    planned: list[load.SessionRecord] = field(default_factory=list)
    window: deque[load.SessionRecord] | None = None

    @classmethod
    def logged(cls, case: CaseFile) -> _RecentRuns:
        """The window as of today: the log's runs of the last 30 days."""
        return cls(case, dosing.running_continuously(case))

    def cap(self, day: dt.date, minutes: int) -> dosing.CappedRun:
        """``minutes`` for a run on ``day``, cut to the spike rule once running is continuous."""
        if not self.continuous:
            return dosing.CappedRun(minutes)
        if self.window is None:
            self.window = deque([*dosing.logged_recent_runs(self.case), *self.planned])
        since = day - dt.timedelta(days=load.SPIKE_WINDOW_DAYS)
        while self.window and self.window[0].date < since:
            self.window.popleft()
        return dosing.spike_cap(minutes, self.window, day)

    def add(self, day: dt.date, session: Session) -> None:
        """A planned run, now part of the history of the runs after it."""
        record = load.SessionRecord(day, float(session.run_minutes))
        (self.planned if self.window is None else self.window).append(record)
        self.continuous = dosing.is_continuous(session.run_minutes, session.walk_minutes)


@dataclass
class _Builder:
    """Builds the plan week by week, carrying the state from one week to the next."""

    case: CaseFile
    screen: Triage
    route: Pathway
    today_phase: Phase
    days: list[DayPlan] = field(default_factory=list)
    weeks: list[WeekSummary] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    level: int = -1
    last_run_day: dt.date | None = None
    strength_days: list[dt.date] = field(default_factory=list)
    planned_strength: list[int] = field(default_factory=list)
    plyo_weeks: int | None = None
    run_count: int = 0
    reintroduced_count: int = 0
    last_reintroduction: int | None = None
    recent: _RecentRuns = field(init=False)

    def __post_init__(self) -> None:
        self.recent = _RecentRuns.logged(self.case)
        self.reasons.extend(self.screen.reasons)
        self.reasons.extend(phases.gate_reasons(self.case, self.today_phase))
        self.reasons.append(reason("capacity_exit_by_tests"))

    # -- one week -----------------------------------------------------------------
    def add_week(self, week: int) -> None:
        start = self.case.today + DAY * (1 + 7 * week)
        dates = [start + DAY * i for i in range(7)]
        available = [d for d in dates if d.weekday() in self._weekdays]
        if self.screen.status is TriageStatus.REFER:
            self._emit(start, dates, {}, cap=0, down=False, week_phase=Phase.SETTLE)
            return
        if self.screen.status is TriageStatus.CLINICIAN_LED:
            self._clinician_led_week(start, dates, available, week)
            return
        self._self_guided_week(start, dates, available, week)

    @cached_property
    def _weekdays(self) -> frozenset[int]:
        return _weekday_numbers(self.case)

    def _clinician_led_week(
        self, start: dt.date, dates: list[dt.date], available: list[dt.date], week: int
    ) -> None:
        plan: dict[dt.date, list[Session]] = {}
        lifts = strength.strength_sessions(
            self.case, Phase.SETTLE, weeks_done=self._strength_weeks(week), off_load=True
        )
        self._place_strength(plan, available, lifts, run_days=[])
        cross = Session(
            kind=SessionKind.CROSS_TRAINING,
            intensity=Intensity.EASY,
            minutes=self._fit(CROSS_TRAINING_MINUTES),
            why="Non-impact cardio (bike or pool) as the clinician allows; no running.",
        )
        for day in _pick([d for d in available if d not in plan], 3, spaced=False):
            plan.setdefault(day, []).append(cross)
        self.reasons.extend(strength.capacity_reasons(Phase.SETTLE, len(lifts), 0, None))
        self._emit(start, dates, plan, cap=0, down=False, week_phase=Phase.SETTLE)

    def _self_guided_week(
        self, start: dt.date, dates: list[dt.date], available: list[dt.date], week: int
    ) -> None:
        week_phase = self._week_phase(start, week)
        reintroduced = self._reintroduced(week)
        previous = self.level
        level, down = self._level(start, week, grow=reintroduced is None)
        count = self._runs_per_week(level)
        if self.run_count and count > self.run_count:
            # Longer or more often, never both in one week (one variable at a time).
            count = self.run_count if down else self.run_count + 1
            if not down and previous > 0 and level > previous:
                self.level = level = previous
        plan: dict[dt.date, list[Session]] = {}
        run_days: list[dt.date] = []
        cap = 0
        if level > 0:
            self.run_count = count
            run_days, cap = self._place_runs(plan, available, level, count, week, reintroduced)
        walk_days = 4 if level == 0 else (7 - len(run_days) if level < SHORT_RUN else 0)
        self._place_walks(plan, available, walk_days, run_days)
        lifts = self._capacity(week, week_phase, level)
        self._place_strength(plan, available, lifts, run_days)
        self._emit(start, dates, plan, cap=cap, down=down, week_phase=week_phase)

    # -- sizing -------------------------------------------------------------------
    def _level(self, start: dt.date, week: int, *, grow: bool) -> tuple[int, bool]:
        """Per-run minutes this week and whether it is a down week."""
        if not self._may_run(start):
            self.reasons.append(reason("postpartum_12_weeks"))
            return 0, False
        if self.level < 0:
            self.level = self._first_level()
            return self.level, False
        if self._is_down_week(week):
            self.reasons.append(reason("monthly_down_week"))
            return max(1, round(self.level / 2)), True
        if grow and self.level > 0:
            grown = dosing.grown(self.level)
            reason_code = (
                "plus_two_minutes_per_week"
                if self.level < dosing.CONTINUOUS_TARGET
                else "thirty_percent_per_3_4_weeks"
            )
            self.reasons.append(reason(reason_code))
            self.level = grown
        return self.level, False

    def _may_run(self, start: dt.date) -> bool:
        if self.route is Pathway.POSTPARTUM:
            return (start - self.case.injury.onset).days >= dosing.POSTPARTUM_EARLIEST_DAYS
        return True

    def _first_level(self) -> int:
        """This week's run length: the decision on a recent run, else the starting dose."""
        runs = runs_since_onset(self.case)
        if runs and (self.case.today - runs[-1]["date"]).days <= RECENT_RUN_DAYS:
            decision = decide(self.case)
            self.reasons.extend(decision.reasons)
            assert decision.next_run is not None  # self-guided decisions always size it
            return decision.next_run.run_minutes
        start = dosing.starting_dose(self.case, self.route)
        if start.run_minutes == 0 and self.route is Pathway.POSTPARTUM:
            start = dosing.starting_dose(self.case, Pathway.OTHER)
        self.reasons.extend(start.reasons)
        self.reasons.extend(wellbeing.progression_holds(self.case))
        return start.run_minutes

    def _week_phase(self, start: dt.date, week: int) -> Phase:
        if week == 0:
            return self.today_phase
        phase = self.today_phase
        if phase is Phase.SETTLE and not phases.is_settling(self.case, self.route):
            phase = Phase.CAPACITY  # a fresh injury settles by time
        acute_settled = (
            self.route is Pathway.ACUTE
            and (start - self.case.injury.onset).days >= phases.ACUTE_SETTLE_DAYS
            and self.case.injury.pain_free_run_minutes != 0
        )
        if phase is Phase.SETTLE and acute_settled:
            phase = Phase.CAPACITY
        if (
            phase is Phase.CAPACITY
            and self._base_by(week)
            and phases.gate_open(self.case, Gate.RETURN)
        ):
            phase = Phase.RETURN
        return phase

    def _base_by(self, week: int) -> bool:
        """A strength base by the start of ``week``, counting the sessions planned so far."""
        planned = sum(self.planned_strength[max(0, week - 6) : week])
        return phases.has_strength_base(self.case, planned_sessions=planned)

    def _reintroduced(self, week: int) -> Aggravator | None:
        """The one aggravator being added back this week, if any (one variable at a time).

        Acute injuries add them back after the first two weeks, a runner in the
        integrate phase from the second week; one every other week, in the order
        the case lists them, never in a down week.
        """
        aggravators = self.case.injury.aggravators
        if self.reintroduced_count >= len(aggravators) or is_bone_stress(self.case):
            return None
        if self.route is Pathway.ACUTE:
            eligible = self._acute_over(week)
        else:
            eligible = self.today_phase is Phase.INTEGRATE and week >= 1
        recent = self.last_reintroduction is not None and (
            week - self.last_reintroduction < REINTRODUCE_EVERY_WEEKS
        )
        if not eligible or recent or self._is_down_week(week):
            return None
        self.last_reintroduction = week
        self.reintroduced_count += 1
        return aggravators[self.reintroduced_count - 1]

    def _is_down_week(self, week: int) -> bool:
        return week % DOWN_WEEK_EVERY == DOWN_WEEK_EVERY - 1 and self.level >= DOWN_WEEK_MIN_LEVEL

    def _acute_over(self, week: int) -> bool:
        start = self.case.today + DAY * (1 + 7 * week)
        return (start - self.case.injury.onset).days >= ACUTE_NO_SPEED_DAYS

    # -- placing ------------------------------------------------------------------
    def _place_runs(
        self,
        plan: dict[dt.date, list[Session]],
        available: list[dt.date],
        level: int,
        count: int,
        week: int,
        reintroduced: Aggravator | None,
    ) -> tuple[list[dt.date], int]:
        capped = dosing.cap_next_run(self.case, level)
        self.reasons.extend(capped.reasons)
        per_run = capped.run_minutes
        before = history.weekly_minutes_before(self.case)
        if before is not None:
            per_run = min(per_run, max(1, int(before // count)))
        run_shape = self._fitted_shape(per_run)
        if run_shape.run_minutes == 0:
            return [], 0
        strict = self._strictly_spaced(reintroduced)
        taken = [self.last_run_day] if self.last_run_day else []
        days = _pick(available, count, spaced=True, taken=taken)
        if len(days) < count and not strict and level >= SHORT_RUN:
            days = sorted(
                days
                + _pick([d for d in available if d not in days], count - len(days), spaced=False)
            )
        if not days:
            return [], 0
        self.last_run_day = days[-1]
        spiked = self.recent.cap(days[0], run_shape.run_minutes)
        if spiked.reasons:
            # The week's runs are capped: grow from what is planned, not past it.
            run_shape = self._fitted_shape(spiked.run_minutes)
            if level == self.level:  # not a down week's half-length runs
                self.level = run_shape.run_minutes
            self.reasons.extend(spiked.reasons)
        sessions = self._run_sessions(run_shape, len(days), week, reintroduced, spiked.reasons)
        for day, session in zip(days, sessions, strict=True):
            plan.setdefault(day, []).append(self._spike_guarded(day, session))
        self._run_reasons(level, len(days), run_shape, week, reintroduced)
        return days, run_shape.run_minutes * count

    def _runs_per_week(self, level: int) -> int:
        if level < SHORT_RUN:
            return 3 if is_bone_stress(self.case) else 4
        before = self.case.runner.runs_per_week_before or 3
        return max(3, min(5, before))

    def _strictly_spaced(self, reintroduced: Aggravator | None) -> bool:
        back_to_back = Aggravator.CONSECUTIVE_DAYS in self.case.injury.aggravators
        return is_bone_stress(self.case) or (
            back_to_back and reintroduced is not Aggravator.CONSECUTIVE_DAYS
        )

    def _fitted_shape(self, per_run: int) -> dosing.RunShape:
        """Shape the run, shortening it until run + walks fit in the day."""
        run_shape = dosing.shape(per_run, self.route)
        limit = self.case.availability.minutes_per_day
        while (
            limit is not None
            and per_run > 0
            and (run_shape.run_minutes + run_shape.walk_minutes > limit)
        ):
            per_run -= 1
            run_shape = dosing.shape(per_run, self.route)
        return run_shape

    def _spike_guarded(self, day: dt.date, session: Session) -> Session:
        """The session within the spike rule on its own day; it then joins the window.

        The week's base length is capped before the sessions are made; this catches
        what differs per run: a longer run when long runs come back, and logged runs
        leaving the 30-day window during the week.
        """
        spiked = self.recent.cap(day, session.run_minutes)
        if spiked.reasons:
            session = self._resized(session, spiked.run_minutes)
            session = session.model_copy(update={"why": _with_reasons(session.why, spiked.reasons)})
            self.reasons.extend(spiked.reasons)
        self.recent.add(day, session)
        return session

    def _run_sessions(
        self,
        run_shape: dosing.RunShape,
        count: int,
        week: int,
        reintroduced: Aggravator | None,
        caps: Sequence[Reason] = (),
    ) -> list[Session]:
        kind = SessionKind.RUN_WALK if run_shape.walk_minutes else SessionKind.RUN
        why = _with_reasons(self._run_why(run_shape), caps)
        base = Session(
            kind=kind,
            run_minutes=run_shape.run_minutes,
            walk_minutes=run_shape.walk_minutes,
            intensity=Intensity.EASY,
            why=why,
            intervals=run_shape.intervals,
        )
        sessions = [base] * count
        if reintroduced is not None and count >= 2:
            sessions[-1] = self._reintroduction(base, reintroduced, sessions)
        elif self.today_phase is Phase.INTEGRATE and week >= 1 and not self._holding:
            sessions[-1] = base.model_copy(
                update={
                    "intensity": Intensity.STEADY,
                    "why": why + " Finish with a few minutes at a steady effort.",
                }
            )
        return sessions

    @property
    def _holding(self) -> bool:
        return bool(wellbeing.progression_holds(self.case))

    def _reintroduction(
        self, base: Session, aggravator: Aggravator, sessions: list[Session]
    ) -> Session:
        adding = f"Adding back one thing: {REINTRODUCTIONS[aggravator]}. "
        why = adding + base.why
        if aggravator is Aggravator.LONG_RUNS and base.run_minutes >= 4:
            shift = max(1, base.run_minutes // 4)
            longer = dosing.cap_next_run(self.case, base.run_minutes + shift).run_minutes
            sessions[0] = self._resized(base, base.run_minutes - (longer - base.run_minutes))
            long_run = self._resized(base, longer)
            return long_run.model_copy(update={"why": adding + long_run.why})
        intensity = Intensity.STEADY if aggravator is Aggravator.SPEED else Intensity.EASY
        return base.model_copy(update={"why": why, "intensity": intensity})

    def _resized(self, base: Session, minutes: int) -> Session:
        """``base`` at another length; its "Easy: ..." line describes the new shape."""
        run_shape = self._fitted_shape(minutes)
        old = dosing.RunShape(base.run_minutes, base.walk_minutes, list(base.intervals or []))
        return base.model_copy(
            update={
                "run_minutes": run_shape.run_minutes,
                "walk_minutes": run_shape.walk_minutes,
                "intervals": run_shape.intervals,
                "why": base.why.replace(
                    f"Easy: {dosing.split_text(old)}.", f"Easy: {dosing.split_text(run_shape)}.", 1
                ),
            }
        )

    def _run_why(self, run_shape: dosing.RunShape) -> str:
        allowance = pain_allowance(self.case)
        text = f"Easy: {dosing.split_text(run_shape)}."
        if allowance == 0:
            text += " Bone rule: no pain at the site during or after; if it hurts, walk home."
        else:
            text += f" Pain up to {allowance}/10 is fine if the next morning is back to usual."
        swaps = [SWAPS[a] for a in self.case.injury.aggravators if a in SWAPS]
        if swaps:
            text += " For now: " + "; ".join(swaps) + "."
        return text

    def _run_reasons(
        self,
        level: int,
        count: int,
        run_shape: dosing.RunShape,
        week: int,
        reintroduced: Aggravator | None,
    ) -> None:
        r = self.reasons
        if run_shape.walk_minutes:
            r.append(reason("walk_breaks", split=dosing.split_text(run_shape)))
        if level < SHORT_RUN:
            r.append(reason("frequent_short_runs", runs=count))
        if self.route is Pathway.ACUTE and not self._acute_over(week):
            r.append(reason("acute_no_speed"))
            if self.case.injury.aggravators:
                swaps = "; ".join(SWAPS[a] for a in self.case.injury.aggravators)
                r.append(reason("acute_swap_aggravators", swaps=swaps))
        if self.route is Pathway.PERSISTENT:
            r.append(reason("persistent_graded_exposure", allowance=pain_allowance(self.case)))
        if reintroduced is not None:
            r.append(reason("aggravator_reintroduced", what=REINTRODUCTIONS[reintroduced]))
        r.append(reason("one_variable_at_a_time"))
        if self.today_phase is not Phase.INTEGRATE:
            r.append(reason("intensity_last"))
            r.append(reason("walk_the_hills"))
        else:
            r.append(reason("load_monitoring"))

    def _place_walks(
        self,
        plan: dict[dt.date, list[Session]],
        available: list[dt.date],
        count: int,
        run_days: list[dt.date],
    ) -> None:
        if count <= 0:
            return
        walk = Session(
            kind=SessionKind.WALK,
            walk_minutes=self._fit(WALK_MINUTES),
            minutes=self._fit(WALK_MINUTES),
            intensity=Intensity.EASY,
            why="Brisk walk on a non-running day: keeps the legs used to impact without running.",
        )
        if not run_days and phases.is_settling(self.case, self.route):
            self.reasons.append(reason("settle_by_modifying_load"))
        free = [d for d in available if d not in run_days]
        for day in _pick(free, count, spaced=False):
            plan.setdefault(day, []).append(walk)

    def _capacity(self, week: int, week_phase: Phase, level: int) -> list[Session]:
        plyo = None
        # Hopping needs the strength base and the plyometric tests passed as of today:
        # a plan cannot assume tests it has not seen (docs/capacity.md).
        if week_phase is not Phase.SETTLE and self._plyometrics_open:
            self.plyo_weeks = 0 if self.plyo_weeks is None else self.plyo_weeks + 1
            plyo = self.plyo_weeks
        lifts = strength.strength_sessions(
            self.case, week_phase, weeks_done=self._strength_weeks(week), plyometric_weeks=plyo
        )
        count = sum(1 for s in lifts if s.kind is SessionKind.STRENGTH)
        contacts = strength.plyometric_contacts(plyo, self.case) if plyo is not None else None
        self.reasons.extend(
            strength.capacity_reasons(week_phase, count, self._strength_weeks(week), contacts)
        )
        return lifts

    @cached_property
    def _plyometrics_open(self) -> bool:
        """The plyometric gate as of today (tests and strength base): judged once a plan."""
        return phases.plyometrics_open(self.case)

    def _strength_weeks(self, week: int) -> int:
        logged = history.strength_sessions_since(self.case, 84)
        return logged // 2 + week

    def _place_strength(
        self,
        plan: dict[dt.date, list[Session]],
        available: list[dt.date],
        lifts: Sequence[Session],
        run_days: list[dt.date],
    ) -> None:
        heavy = [s for s in lifts if s.kind is SessionKind.STRENGTH]
        jumps = [s for s in lifts if s.kind is not SessionKind.STRENGTH]
        free = [d for d in available if d not in run_days]
        taken = self.strength_days[-1:]
        days = _pick(free, len(heavy), spaced=True, taken=taken)
        for pool, spaced in ((available, True), (available, False)):
            if len(days) < len(heavy):
                more = _pick(
                    [d for d in pool if d not in days],
                    len(heavy) - len(days),
                    spaced=spaced,
                    taken=days + taken,
                )
                days = sorted(days + more)
        for day, session in zip(days, heavy, strict=False):
            plan.setdefault(day, []).append(session)
        for day, session in zip(days, jumps, strict=False):
            plan[day].insert(0, session)
        self.strength_days = days
        self.planned_strength.append(len(days))

    def _fit(self, minutes: int) -> int:
        limit = self.case.availability.minutes_per_day
        return minutes if limit is None else min(minutes, limit)

    # -- output ---------------------------------------------------------------------
    def _emit(
        self,
        start: dt.date,
        dates: list[dt.date],
        plan: dict[dt.date, list[Session]],
        *,
        cap: int,
        down: bool,
        week_phase: Phase,
    ) -> None:
        for day in dates:
            sessions = plan.get(day) or [self._rest(day)]
            self.days.append(DayPlan(date=day, sessions=sessions))
        all_sessions = [s for day in dates for s in plan.get(day, [])]
        self.weeks.append(
            WeekSummary(
                start=start,
                run_minutes=sum(s.run_minutes for s in all_sessions),
                volume_cap_minutes=cap,
                down_week=down,
                strength_sessions=sum(1 for s in all_sessions if s.kind is SessionKind.STRENGTH),
                phase=week_phase,
            )
        )

    def _rest(self, day: dt.date) -> Session:
        if self.screen.status is TriageStatus.REFER:
            why = "On hold: see a clinician before any more training. Everyday walking is fine."
        elif day.weekday() not in self._weekdays:
            why = "Not one of your training days."
        else:
            why = "Rest day: tissues adapt between sessions."
        return Session(kind=SessionKind.REST, intensity=Intensity.EASY, why=why)


def _with_reasons(why: str, reasons: Sequence[Reason]) -> str:
    """A session's why with the reasons of the caps that shortened it."""
    return " ".join([why, *(r.text for r in reasons)])


def _weekday_numbers(case: CaseFile) -> frozenset[int]:
    return frozenset(d.number for d in case.availability.days)


def _pick(
    candidates: Sequence[dt.date], count: int, *, spaced: bool, taken: Iterable[dt.date] = ()
) -> list[dt.date]:
    """Choose up to ``count`` days in order; ``spaced`` keeps a free day around each."""
    chosen: list[dt.date] = []
    blocked = set(taken)
    for day in candidates:
        if len(chosen) >= count:
            break
        if day in blocked or (spaced and (day - DAY in blocked or day + DAY in blocked)):
            continue
        chosen.append(day)
        blocked.add(day)
    return sorted(chosen)
