"""Reading the last run and deciding what comes next: progress, hold, back off, refer.

Hard signals first (building pain, a bad next morning, pain far above the
allowance) because they can only shrink the next run; then the holds (steady
mild pain, a rising morning trend, wellbeing); progress only when nothing holds
and the last 2 runs in a row were clean (``one_variable_at_a_time``).
"""

from __future__ import annotations

from collections.abc import Sequence

from runback.engine import dosing, history, pain, wellbeing
from runback.engine.answers import Decision, NextRun, Reason
from runback.engine.case import CaseFile, LogEntry
from runback.engine.enums import Action, Intensity, PainPattern, Pathway, TriageStatus
from runback.engine.pathways import pathway as pathway_of
from runback.engine.reasons import reason, variant_reason
from runback.engine.screening import pain_allowance, triage

FAR_ABOVE = 3
"""Pain this many points above the allowance is far above it: back off."""
CLEAN_RUNS_TO_PROGRESS = 2
RECENT_RUN_DAYS = 14
"""A run older than this no longer sizes the next one: restart at the starting dose."""


def runs_since_onset(case: CaseFile) -> tuple[LogEntry, ...]:
    """Runs since the injury began, oldest first."""
    return case.runs_since_onset


def decide(case: CaseFile) -> Decision:
    """How the last logged run went and the size of the next run."""
    screen = triage(case)
    runs = runs_since_onset(case)
    pattern = _pattern(case, runs)
    if screen.status is not TriageStatus.SELF_GUIDED:
        reasons = list(screen.reasons)
        if screen.status is TriageStatus.CLINICIAN_LED:
            reasons.append(reason("clinician_led_no_running"))
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
    waiting = reason("pain_not_reported", date=f"{day:%a} {day.day} {day:%b}")
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
    run_shape = dosing.shape(start.run_minutes, route)
    if since is None:
        why = reason("no_run_logged")
    else:
        why = reason("restart_after_break", days=(case.today - since["date"]).days)
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
    allowance = pain_allowance(case)
    baseline = pain.baseline(case, last)
    during = last.get("pain_during_max") or 0
    backs: list[Reason] = []
    holds: list[Reason] = []
    if pattern is PainPattern.BUILDING_PAIN:
        backs.append(reason("building_pain_back_off"))
    morning = _morning_reason(case, last, baseline)
    if morning is not None:
        backs.append(morning)
    if during > allowance:
        above = reason("pain_above_allowance", pain=during, allowance=allowance)
        far = during >= allowance + FAR_ABOVE or allowance == 0
        (backs if far else holds).append(above)
    if backs:
        return Action.BACK_OFF, backs + holds
    if pattern is PainPattern.STEADY_MILD:
        holds.append(reason("steady_mild_hold"))
    trend = pain.rising_next_morning_trend(case, runs)
    if trend.pain and trend.stiffness:
        holds.append(variant_reason("rising_next_morning_trend", "pain_and_stiffness"))
    elif trend.stiffness:
        holds.append(variant_reason("rising_next_morning_trend", "stiffness"))
    elif trend.pain:
        holds.append(reason("rising_next_morning_trend"))
    holds.extend(wellbeing.progression_holds(case))
    clean = history.consecutive_clean_runs(
        runs, allowance, baseline, 0, stiffness_baseline=pain.stiffness_baseline(case)
    )
    if not holds and clean < CLEAN_RUNS_TO_PROGRESS:
        holds.append(reason("one_variable_at_a_time"))
    reads = _good_reads(pattern)
    if holds:
        return Action.HOLD, reads + holds
    return Action.PROGRESS, [*reads, reason("plus_two_minutes_per_week")]


def _morning_reason(case: CaseFile, last: LogEntry, baseline: int) -> Reason | None:
    """``next_morning_above_baseline``, worded for what was above usual: pain, stiffness."""
    sore = pain.pain_morning_above_baseline(case, last)
    stiff = pain.stiffness_morning_above_baseline(case, last)
    values = {
        "morning": last.get("pain_next_morning"),
        "baseline": baseline,
        "stiffness": last.get("stiffness_next_morning"),
        "stiffness_baseline": pain.stiffness_baseline(case),
    }
    if sore and stiff:
        return variant_reason("next_morning_above_baseline", "pain_and_stiffness", **values)
    if stiff:
        return variant_reason(
            "next_morning_above_baseline",
            "stiffness",
            morning=values["stiffness"],
            baseline=values["stiffness_baseline"],
        )
    if sore:
        return reason("next_morning_above_baseline", morning=values["morning"], baseline=baseline)
    return None


def _good_reads(pattern: PainPattern) -> list[Reason]:
    if pattern is PainPattern.WARM_UP_PAIN:
        return [reason("warm_up_pain_ok")]
    if pattern is PainPattern.PLATEAU:
        return [reason("plateau_poke")]
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
    )
    run_shape = dosing.shape(capped.run_minutes, route)
    next_run = NextRun(
        run_minutes=run_shape.run_minutes,
        walk_minutes=run_shape.walk_minutes,
        intensity=Intensity.EASY,
        intervals=run_shape.intervals or None,
    )
    return next_run, capped.reasons
