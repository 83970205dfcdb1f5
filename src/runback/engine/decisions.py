"""Reading the last run and deciding what comes next: progress, hold, back off, refer.

Hard signals first (building pain, a bad next morning, pain far above the
allowance) because they can only shrink the next run; then the holds (steady
mild pain, a rising morning trend, wellbeing); progress only when nothing holds
and the last 2 runs in a row were clean (``one_variable_at_a_time``).
"""

from __future__ import annotations

from collections.abc import Sequence

from runback.engine import dosing, pain, progress, wellbeing
from runback.engine.answers import Decision, NextRun, Reason
from runback.engine.case import CaseFile, LogEntry
from runback.engine.enums import Action, Intensity, PainPattern, Pathway, TriageStatus
from runback.engine.pathways import pathway as pathway_of
from runback.engine.progress import RECENT_RUN_DAYS
from runback.engine.reasons import Code, reason, variant_reason
from runback.engine.screening import triage
from runback.engine.steering import steering_reasons


def runs_since_onset(case: CaseFile) -> tuple[LogEntry, ...]:
    """Runs since the injury began, oldest first."""
    return case.runs_since_onset


def decide(case: CaseFile) -> Decision:
    """How the last logged run went and the size of the next run.

    A clinician's overrides (``clinician``) are said after the engine's own reasons:
    a referral still comes first, and no override removes it.
    """
    found = _decide(case)
    steered = steering_reasons(case)
    if not steered:
        return found
    return found.model_copy(update={"reasons": [*found.reasons, *steered]})


def _decide(case: CaseFile) -> Decision:
    screen = triage(case)
    runs = runs_since_onset(case)
    pattern = _pattern(case, runs)
    if screen.status is not TriageStatus.SELF_GUIDED:
        reasons = list(screen.reasons)
        if screen.status is TriageStatus.CLINICIAN_LED:
            reasons.append(reason(Code.CLINICIAN_LED_NO_RUNNING))
        return Decision(
            action=Action.REFER,
            pattern=pattern,
            reasons=reasons,
            next_run=None,
            run_date=runs[-1]["date"] if runs else None,
        )
    route = pathway_of(case)
    if not runs:
        return _first_run(case, route)
    last = runs[-1]
    if (case.today - last["date"]).days > RECENT_RUN_DAYS:
        return _first_run(case, route, pattern=pattern, since=last)
    if last.get("pain_reported") is False:
        action, reasons = _unreported(case, last, runs)
    else:
        action, reasons = _read(case, last, runs, pattern)
    skipped = [day for day in case.pain_skips if day > last["date"]]
    if skipped and action is not Action.BACK_OFF:
        # A run skipped because it hurt is the latest word on the pain: hold, and say so
        # instead of the generic "not enough clean runs yet".
        day = skipped[-1]
        action = Action.HOLD
        why = reason(Code.SKIPPED_FOR_PAIN, date=f"{day:%a} {day.day} {day:%b}")
        reasons = [why, *(r for r in reasons if r.code != Code.ONE_VARIABLE_AT_A_TIME)]
    next_run, cap_reasons = _next_run(case, action, last, route)
    return Decision(
        action=action,
        pattern=pattern,
        reasons=reasons + cap_reasons,
        next_run=next_run,
        run_date=last["date"],
    )


def _pattern(case: CaseFile, runs: Sequence[LogEntry]) -> PainPattern:
    """The pain response of the latest run whose pain was reported."""
    reported = [r for r in runs if r.get("pain_reported") is not False]
    if not reported:
        return PainPattern.NO_PAIN
    return pain.classify(case, reported[-1], reported[:-1])


def _unreported(
    case: CaseFile, last: LogEntry, runs: Sequence[LogEntry]
) -> tuple[Action, list[Reason]]:
    """The latest run has no pain answers: hold its dose until they come.

    A run ticked off as done is not a pain-free run. The runs before it still speak:
    if the latest reported one called for backing off, that stands.
    """
    day = last["date"]
    waiting = reason(Code.PAIN_NOT_REPORTED, date=f"{day:%a} {day.day} {day:%b}")
    reported = [r for r in runs if r.get("pain_reported") is not False]
    if reported:
        pattern = pain.classify(case, reported[-1], reported[:-1])
        action, reasons = _read(case, reported[-1], reported, pattern)
        if action is Action.BACK_OFF:
            return action, [*reasons, waiting]
    return Action.HOLD, [waiting]


def _first_run(
    case: CaseFile,
    route: Pathway,
    *,
    pattern: PainPattern = PainPattern.NO_PAIN,
    since: LogEntry | None = None,
) -> Decision:
    """The starting dose: nothing logged since onset, or the last run is too long ago."""
    start = dosing.starting_dose(case, route)
    minutes = start.run_minutes
    state = case.progress if since is not None else None
    if state is not None and state.flared_last:  # never restart longer than a flared run
        minutes = min(minutes, state.dose)
    minutes = dosing.within_weekly_cap(case, minutes, dosing.FEWEST_RUNS_A_WEEK)
    run_shape = dosing.shape(minutes, route)
    if since is None:
        why = reason(Code.NO_RUN_LOGGED)
    else:
        why = reason(Code.RESTART_AFTER_BREAK, days=(case.today - since["date"]).days)
    return Decision(
        action=Action.HOLD,
        pattern=pattern,
        reasons=[why, *start.reasons],
        run_date=None if since is None else since["date"],
        next_run=NextRun(
            run_minutes=run_shape.run_minutes,
            walk_minutes=run_shape.walk_minutes,
            intensity=Intensity.EASY,
            intervals=run_shape.intervals or None,
        ),
    )


def _read(
    case: CaseFile, last: LogEntry, runs: Sequence[LogEntry], pattern: PainPattern
) -> tuple[Action, list[Reason]]:
    reading = pain.read_run(case, last, runs[:-1])
    if reading.backs:
        return Action.BACK_OFF, reading.backs + reading.holds
    holds = [*reading.holds, *log_holds(case, runs)]
    clean = case.progress.clean_streak
    if not holds and clean < progress.CLEAN_RUNS_TO_PROGRESS:
        holds.append(reason(Code.ONE_VARIABLE_AT_A_TIME))
    reads = _good_reads(pattern)
    if holds:
        return Action.HOLD, reads + holds
    return Action.PROGRESS, [*reads, reason(Code.PLUS_TWO_MINUTES_PER_WEEK)]


def log_holds(case: CaseFile, runs: Sequence[LogEntry]) -> list[Reason]:
    """Holds read from beyond the last run: rising next mornings and wellbeing."""
    holds: list[Reason] = []
    trend = pain.rising_next_morning_trend(case, runs)
    if trend.pain and trend.stiffness:
        holds.append(variant_reason(Code.RISING_NEXT_MORNING_TREND, "pain_and_stiffness"))
    elif trend.stiffness:
        holds.append(variant_reason(Code.RISING_NEXT_MORNING_TREND, "stiffness"))
    elif trend.pain:
        holds.append(reason(Code.RISING_NEXT_MORNING_TREND))
    holds.extend(wellbeing.progression_holds(case))
    return holds


def _good_reads(pattern: PainPattern) -> list[Reason]:
    if pattern is PainPattern.WARM_UP_PAIN:
        return [reason(Code.WARM_UP_PAIN_OK)]
    if pattern is PainPattern.PLATEAU:
        return [reason(Code.PLATEAU_POKE)]
    return []


def _next_run(
    case: CaseFile, action: Action, last: LogEntry, route: Pathway
) -> tuple[NextRun, list[Reason]]:
    last_minutes = max(1, round(last.get("run_minutes") or 0))
    if action is Action.PROGRESS:
        proposed = dosing.grown(last_minutes)
    elif action is Action.BACK_OFF:
        proposed = dosing.backed_off(last_minutes, last.get("pain_onset_minute"))
    else:
        proposed = last_minutes
    capped = dosing.cap_next_run(
        case,
        proposed,
        last_minutes=last_minutes,
        backing_off=action is Action.BACK_OFF,
        spike_guard=True,
    )  # a clinician's weekly cap shared over the fewest runs a plan week holds
    run_shape = dosing.shape(capped.run_minutes, route)
    next_run = NextRun(
        run_minutes=run_shape.run_minutes,
        walk_minutes=run_shape.walk_minutes,
        intensity=Intensity.EASY,
        intervals=run_shape.intervals or None,
    )
    return next_run, capped.reasons
