"""A readiness gate failed twice: the tests say the same thing again, so see someone.

The readiness battery (:mod:`runback.engine.capacity`) keeps a phase gate shut until
its tests pass. Failing once is part of the plan (retest in about two weeks); failing
again, with every test of the gate done and fresh, means more of the same training
is not closing the gap: a professional should look at why
(``readiness_gate_failed_twice_see_professional``, docs/engine.md).

Only the first gate still shut (plyometrics, then the return to running, then full
training) is read: a runner testing towards the return is not "failing" the stricter
full-training gate with the same results. Attempts count from the latest visit
(:func:`runback.engine.visits.restart`), like the other time-based escalations.
"""

from __future__ import annotations

import datetime as dt

from runback.engine import visits
from runback.engine.answers import Reason
from runback.engine.capacity import Gate, evaluate_gate
from runback.engine.capacity.gates import GATE_TITLES, TestStatus
from runback.engine.case import CaseFile
from runback.engine.reasons import Code, reason
from runback.engine.screening import is_bone_stress

APART_DAYS = 7
"""Two failed attempts count only this many days apart (a same-week retest is one)."""
NOT_AN_ATTEMPT = frozenset({TestStatus.MISSING, TestStatus.STALE})


def first_shut_gate(case: CaseFile) -> Gate | None:
    """The first gate, in pathway order, that today's results do not open."""
    bone = is_bone_stress(case)
    for gate in Gate:
        if not evaluate_gate(gate, case.tests, case.today, bone_site=bone).passed:
            return gate
    return None


def failed_attempts(case: CaseFile, gate: Gate) -> list[dt.date]:
    """Days, since the restart, on which ``gate`` was tested in full and stayed shut.

    An attempt is a day with a result for one of the gate's tests, judged with the
    results as they stood that day; it counts as failed when every test had a fresh
    result and at least one fell short. Attempts closer than ``APART_DAYS`` to the
    previous failed one are the same attempt.
    """
    since = visits.restart(case)
    bone = is_bone_stress(case)
    days = sorted({t.date for t in case.tests if since <= t.date <= case.today})
    failed: list[dt.date] = []
    for day in days:
        verdict = evaluate_gate(gate, case.tests, day, bone_site=bone)
        complete = all(o.status not in NOT_AN_ATTEMPT for o in verdict.outcomes)
        if verdict.passed or not complete:
            continue
        if not failed or (day - failed[-1]).days >= APART_DAYS:
            failed.append(day)
    return failed


def escalations(case: CaseFile) -> list[Reason]:
    """``readiness_gate_failed_twice_see_professional`` for the first shut gate."""
    if not case.tests:
        return []
    gate = first_shut_gate(case)
    if gate is None:
        return []
    failed = failed_attempts(case, gate)
    if len(failed) < 2:
        return []
    return [
        reason(
            Code.READINESS_GATE_FAILED_TWICE_SEE_PROFESSIONAL,
            gate=GATE_TITLES[gate],
            first=failed[0].isoformat(),
            last=failed[-1].isoformat(),
        )
    ]
