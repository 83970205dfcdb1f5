"""Phases: settle -> capacity -> return -> integrate.

Exits are by capacity criteria, never by "it no longer hurts" (DOMAIN.md,
``capacity_exit_by_tests``). Capacity -> return needs a strength base built in
the log and, once the case file carries readiness tests, the return gate of the
battery (docs/capacity.md); return -> integrate needs the volume back and the
integrate gate. Without any test results the strength base alone decides (and
the reasons ask for the tests). Plyometrics always need the tests.

A clinician may steer both (the case file's ``clinician`` block): hold the runner
at most in a phase, advance them to one without waiting for the tests, or clear
the plyometric gate. Neither moves a runner out of settle while a referral,
clinician-led triage or irritable symptoms put them there.
"""

from __future__ import annotations

import datetime as dt

from runback.engine import history
from runback.engine.answers import Reason, Triage
from runback.engine.capacity import Finding, Gate, GateVerdict, evaluate_gate, plyometric_gate
from runback.engine.case import CaseFile
from runback.engine.enums import Pathway, Phase, PhaseSteer, TriageStatus
from runback.engine.reasons import Code
from runback.engine.screening import is_bone_stress, walking_pain

STRENGTH_BASE_SESSIONS = 8
"""Strength sessions in the last 6 weeks that count as a base (about 2 a week for 4 weeks)."""
STRENGTH_BASE_DAYS = 42
IRRITABLE_PAIN = 3
"""Pain at rest or walking at or above this: still settling."""
ACUTE_SETTLE_DAYS = 14
INTEGRATE_SHARE = 0.75
"""At 75-80% of the pre-injury weekly volume normal training resumes (evidence.md 5)."""


def has_strength_base(case: CaseFile, planned_sessions: int = 0) -> bool:
    """Enough heavy strength work in the last 6 weeks (``planned_sessions`` adds future ones)."""
    done = history.strength_sessions_since(case, STRENGTH_BASE_DAYS)
    return done + planned_sessions >= STRENGTH_BASE_SESSIONS


def irritable(case: CaseFile) -> bool:
    """Walking or daily life still hurts, or running hurts at once: no run sessions."""
    injury = case.injury
    limit = 1 if is_bone_stress(case) else IRRITABLE_PAIN
    if injury.pain_rest >= limit or walking_pain(case) >= limit:
        return True
    return injury.pain_free_run_minutes == 0


def in_acute_window(case: CaseFile, day: dt.date) -> bool:
    """``day`` is within the first two weeks after onset (no speed, aggravators swapped)."""
    return (day - case.injury.onset).days < ACUTE_SETTLE_DAYS


def is_settling(case: CaseFile, pathway: Pathway) -> bool:
    """Symptoms still irritable, or a fresh injury within its first two weeks."""
    if irritable(case):
        return True
    return pathway is Pathway.ACUTE and in_acute_window(case, case.today)


def back_to_volume(case: CaseFile) -> bool:
    """The last 4 weeks averaged at least 75% of the pre-injury weekly running minutes."""
    before = history.weekly_minutes_before(case)
    if before is None:
        return False
    start = case.today - dt.timedelta(days=27)
    recent = history.run_minutes_between(case, start, case.today) / 4
    return recent >= INTEGRATE_SHARE * before


def integrate_since(case: CaseFile) -> dt.date | None:
    """The first day the 4-week running volume reached the integrate share, from the log.

    Anchors the integrate phase's calendar (aggravators added back one at a time,
    one steady finish a week) so a plan asked daily and one asked weekly agree.
    """
    before = history.weekly_minutes_before(case)
    if before is None:
        return None
    target = INTEGRATE_SHARE * before * 4
    runs = case.runs_since_onset
    total = 0.0
    first = 0
    for run in runs:
        total += run.get("run_minutes") or 0
        while (run["date"] - runs[first]["date"]).days > 27:
            total -= runs[first].get("run_minutes") or 0
            first += 1
        if total >= target:
            return run["date"]
    return None


def phase(case: CaseFile, triage: Triage, pathway: Pathway) -> Phase:
    """Where the runner is today."""
    if triage.status is not TriageStatus.SELF_GUIDED or is_settling(case, pathway):
        return Phase.SETTLE  # no clinician's phase lifts triage or irritable symptoms
    if not has_strength_base(case) or not gate_open(case, Gate.RETURN):
        return steered(case, Phase.CAPACITY)
    if back_to_volume(case) and gate_open(case, Gate.INTEGRATE):
        return steered(case, Phase.INTEGRATE)
    return steered(case, Phase.RETURN)


ORDER: tuple[Phase, ...] = (Phase.SETTLE, Phase.CAPACITY, Phase.RETURN, Phase.INTEGRATE)


def steered(case: CaseFile, found: Phase, *, settling: bool = False) -> Phase:
    """``found`` as the clinician's ``clinician.phase`` leaves it: held at most at, or
    advanced at least to, their phase. ``settling`` (symptoms still irritable) keeps
    the runner in settle whatever was set."""
    steer = case.clinician.phase
    if steer is None or (settling and found is Phase.SETTLE):
        return found
    if steer.mode is PhaseSteer.HOLD:
        return min(found, steer.phase, key=ORDER.index)
    return max(found, steer.phase, key=ORDER.index)


def gate_verdict(case: CaseFile, gate: Gate) -> GateVerdict:
    """The readiness battery's verdict on ``gate`` from the case file's test results."""
    return evaluate_gate(gate, case.tests, case.today, bone_site=is_bone_stress(case))


def gate_open(case: CaseFile, gate: Gate) -> bool:
    """A phase gate is open when its tests pass; with no results recorded, it is not judged."""
    return not case.tests or gate_verdict(case, gate).passed


def plyometrics_open(case: CaseFile) -> bool:
    """Plyometrics need a strength base *and* passed plyometric tests, as of today,
    unless a clinician cleared them (``clinician.plyometrics_cleared``)."""
    if case.clinician.plyometrics_cleared is not None:
        return True
    return plyometric_gate(
        history.strength_dates(case), case.tests, case.today, bone_site=is_bone_stress(case)
    ).open


def gate_reasons(case: CaseFile, current: Phase) -> list[Reason]:
    """Why the runner is not in the next phase yet, naming the tests that hold them back.

    One reason per code (answers keep the first of each code), so the findings of
    a gate are joined into one sentence list.
    """
    reasons: list[Reason] = []
    next_gate = {Phase.CAPACITY: Gate.RETURN, Phase.RETURN: Gate.INTEGRATE}.get(current)
    if next_gate is not None and case.tests:
        verdict = gate_verdict(case, next_gate)
        reason = _joined(verdict.findings)
        if verdict.passed:
            reason = Reason(
                code=reason.code, text=reason.text + " " + _still_waiting(case, current)
            )
        reasons.append(reason)
    elif next_gate is not None:
        reasons.append(
            Reason(
                code=Code.CAPACITY_EXIT_BY_TESTS,
                text="Phases change on measured capacity, never on 'it no longer hurts': "
                "record the readiness tests (the Tests page, or `runback tests`) so they "
                "can decide.",
            )
        )
    if current is not Phase.SETTLE and not plyometrics_open(case):
        gate = plyometric_gate(
            history.strength_dates(case), case.tests, case.today, bone_site=is_bone_stress(case)
        )
        reasons.append(_joined(gate.findings))
    return reasons


def _still_waiting(case: CaseFile, current: Phase) -> str:
    """What else the next phase waits for once its tests are passed."""
    if current is Phase.CAPACITY:
        done = history.strength_sessions_since(case, STRENGTH_BASE_DAYS)
        return (
            f"The strength base is not there yet ({done} of {STRENGTH_BASE_SESSIONS} strength "
            "sessions in 6 weeks)."
        )
    return (
        f"Full training also waits for the running volume: about {INTEGRATE_SHARE:.0%} of "
        "what you ran before, over 4 weeks."
    )


def _joined(findings: tuple[Finding, ...]) -> Reason:
    return Reason(code=findings[0].code.value, text=" ".join(f.text for f in findings))
