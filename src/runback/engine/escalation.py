"""Flags and escalations a clinician should see, beyond triage's referral rules.

The low-energy-availability flag, the rest test's reading or suggestion, the
early look for recurring niggles and the stalled comeback. They add reasons to
the screen; they do not change who leads (triage does that).
"""

from __future__ import annotations

import datetime as dt

from runback.engine import outcomes, wellbeing
from runback.engine.answers import Reason, Triage
from runback.engine.capacity.self_assessment import rest_test_finding
from runback.engine.case import CaseFile, is_run
from runback.engine.enums import InjuryKind, Pathway, Side
from runback.engine.pathways import days_since_onset
from runback.engine.pathways import pathway as pathway_of
from runback.engine.reasons import Code, reason
from runback.engine.screening import triage

NIGGLE_DAYS = 5
"""A niggle lasting longer than this (days) deserves a physio's early look."""
STALLED_DAYS = 42
"""Six weeks without the longest run getting longer: see a professional."""


def screen(case: CaseFile) -> Triage:
    """Triage plus the flags and escalations a clinician should see."""
    found = triage(case)
    extra: list[Reason] = []
    if wellbeing.low_energy_availability(case):
        extra.append(wellbeing.low_energy_reason(case))
    extra.extend(escalations(case))
    if not extra:
        return found
    return Triage(status=found.status, reasons=[*found.reasons, *extra])


def escalations(case: CaseFile) -> list[Reason]:
    """Reasons to see a professional early, without stopping self-guided training."""
    out: list[Reason] = []
    rest_test_done = rest_test_finding(case.self_assessments, case.today)
    if rest_test_done is not None:  # its reading replaces the suggestion to do one
        out.append(Reason(code=rest_test_done.code.value, text=rest_test_done.text))
    recurring = (case.runner.previous_injuries or 0) >= 2 and case.injury.kind is InjuryKind.NIGGLE
    if recurring or injured_here_before(case):
        out.append(reason(Code.RECURRING_NIGGLE_CHECK_EARLY))
    elif lasting_niggle(case):
        out.append(reason(Code.LASTING_NIGGLE_CHECK_EARLY, days=days_since_onset(case)))
    if stalled(case):
        if pathway_of(case) is Pathway.PERSISTENT and rest_test_done is None:
            out.append(reason(Code.REST_TEST))
        out.append(reason(Code.STALLED_PROGRESS_SEE_PROFESSIONAL))
    out.extend(outcomes.escalations(case))
    return out


def injured_here_before(case: CaseFile) -> bool:
    """The injury is at a spot (same body region, same side when both are known) that
    was injured before: whatever the kind, recurrence deserves an early look."""
    here = case.injury
    for past in case.runner.injury_history:
        if past.date >= here.onset or past.site.region is not here.site.region:
            continue
        if here.side is None or past.side is None or Side.BOTH in {here.side, past.side}:
            return True
        if past.side is here.side:
            return True
    return False


def lasting_niggle(case: CaseFile) -> bool:
    """A niggle that has lasted more than a few days and still hurts."""
    if case.injury.kind is not InjuryKind.NIGGLE or days_since_onset(case) <= NIGGLE_DAYS:
        return False
    injury = case.injury
    recent = case.entries_between(case.today - dt.timedelta(days=NIGGLE_DAYS), case.today)
    logged_pain = any(
        (e.get("pain_during_max") or 0) > 0 or (e.get("pain_after") or 0) > 0 for e in recent
    )
    return injury.pain_rest > 0 or injury.pain_walking > 0 or logged_pain


def stalled(case: CaseFile) -> bool:
    """Six weeks of logged running without the longest recent run getting any longer."""
    if days_since_onset(case) < STALLED_DAYS:
        return False
    window = [
        e
        for e in case.entries_between(case.today - dt.timedelta(days=41), case.today)
        if is_run(e) and e["date"] >= case.injury.onset
    ]
    if len(window) < 6:
        return False
    recent = [r.get("run_minutes") or 0 for r in window if (case.today - r["date"]).days < 14]
    earlier = [r.get("run_minutes") or 0 for r in window if (case.today - r["date"]).days >= 28]
    return bool(recent and earlier) and max(recent) <= max(earlier)
