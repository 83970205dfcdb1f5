"""A runner's readiness at a glance: latest results, symmetry, gates, self-checks.

What ``runback tests CASE.json`` shows, and what a clinician report can reuse:
every test's latest result per side with its limb-symmetry index, each gate's
verdict with the tests holding the runner back, and the self-assessments read
into one line each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from runback.engine.capacity.gates import GateVerdict, evaluate_gate, latest_results, limb_symmetry
from runback.engine.capacity.plyometrics import PlyometricGate, plyometric_gate
from runback.engine.capacity.readiness import BATTERY, Gate
from runback.engine.capacity.records import ReadinessResult
from runback.engine.capacity.self_assessment import (
    AssessmentNote,
    CoreActivationCheck,
    MobilityCheck,
    RestTest,
    StrideVideo,
    summarise,
)


@dataclass(frozen=True, slots=True)
class ReadinessReport:
    """Latest results (battery order), gate verdicts and self-assessment notes."""

    today: dt.date
    results: tuple[ReadinessResult, ...]
    plyometrics: PlyometricGate
    exits: tuple[GateVerdict, ...]
    notes: tuple[AssessmentNote, ...]


def readiness_report(
    results: Iterable[ReadinessResult],
    strength_dates: Iterable[dt.date],
    assessments: Iterable[RestTest | StrideVideo | MobilityCheck | CoreActivationCheck],
    today: dt.date,
    *,
    bone_site: bool = False,
) -> ReadinessReport:
    """Put the runner's capacity picture together as of ``today``."""
    results = tuple(results)
    latest = latest_results(results, today)
    ordered = tuple(latest[t.name] for t in BATTERY if t.name in latest)
    exits = tuple(
        evaluate_gate(gate, results, today, bone_site=bone_site)
        for gate in (Gate.RETURN, Gate.INTEGRATE)
    )
    plyo = plyometric_gate(strength_dates, results, today, bone_site=bone_site)
    notes = tuple(
        sorted((summarise(a) for a in assessments if a.date <= today), key=lambda n: n.date)
    )
    return ReadinessReport(today, ordered, plyo, exits, notes)


def symmetry_of(result: ReadinessResult) -> float | None:
    """The limb-symmetry index of a sided result (None for both-legs tests)."""
    if result.left is None or result.right is None:
        return None
    return limb_symmetry(result.left, result.right)


def report_json(report: ReadinessReport) -> dict[str, Any]:
    """The report as JSON (``runback tests CASE.json --json``)."""
    gates = [_gate_json(report.plyometrics.tests, report.plyometrics.open)]
    gates += [_gate_json(v, v.passed) for v in report.exits]
    gates[0]["strength_base"] = report.plyometrics.base.met
    gates[0]["reasons"] = [f.text for f in report.plyometrics.findings]
    return {
        "today": report.today.isoformat(),
        "results": [
            {
                "name": r.name.value,
                "date": r.date.isoformat(),
                "left": r.left,
                "right": r.right,
                "unit": r.unit.value,
                "pain": r.pain,
                "symmetry": symmetry_of(r),
            }
            for r in report.results
        ],
        "gates": gates,
        "self_assessments": [
            {"date": n.date.isoformat(), "kind": n.kind.value, "concern": n.concern, "text": n.text}
            for n in report.notes
        ],
    }


def _gate_json(verdict: GateVerdict, is_open: bool) -> dict[str, Any]:
    return {
        "gate": verdict.gate.value,
        "open": is_open,
        "holding_back": [name.value for name in verdict.holding_back],
        "reasons": [f.text for f in verdict.findings],
    }
