"""The readiness picture a runner sees on the Tests page, worked out by the engine.

The engine judges every result against every gate (``readiness_report``); this
module only arranges its verdicts per test, adds each test's history for a chart,
and says when a retest is due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from runback.engine.capacity import (
    BATTERY,
    Gate,
    GateVerdict,
    ReadinessTest,
    TestOutcome,
    limb_symmetry,
    readiness_report,
)
from runback.engine.capacity.gates import GATE_TITLES
from runback.engine.history import strength_dates
from runback.engine.screening import is_bone_stress
from runback.web.capacity.models import ReadinessRecord
from runback.web.runners.casefile import CaseRows, case_for
from runback.web.runners.models import Runner

RETEST_EVERY_DAYS = 14
"""While a gate is shut, its tests are worth repeating every 2 weeks (evidence.md
section 4: the hospital battery retests every 2 weeks until passed)."""


@dataclass(frozen=True)
class GateLine:
    """One gate as the Tests page shows it."""

    gate: Gate
    title: str
    open: bool
    holding_back: tuple[str, ...]


@dataclass(frozen=True)
class TestCard:
    """One test of the battery: how to do it, where it stands, its history."""

    test: ReadinessTest
    latest: ReadinessRecord | None
    symmetry: float | None
    outcomes: tuple[tuple[str, TestOutcome], ...]
    due: str | None
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def criteria(self) -> list[str]:
        """What the test must reach for each gate, in words."""
        unit = self.test.unit.value
        per_side = " on each leg" if self.test.sided else ""
        lines = []
        for gate, criterion in self.test.criteria.items():
            parts = []
            if criterion.minimum is not None:
                parts.append(f"at least {criterion.minimum:g} {unit}{per_side}")
            if criterion.min_lsi is not None:
                parts.append(f"the weaker leg at least {criterion.min_lsi:g}% of the stronger")
            lines.append(f"{GATE_TITLES[gate].capitalize()}: {' and '.join(parts)}.")
        return lines


@dataclass(frozen=True)
class Picture:
    gates: tuple[GateLine, ...]
    cards: tuple[TestCard, ...]


def picture(runner: Runner, today: dt.date, *, rows: CaseRows | None = None) -> Picture:
    """The gates and test cards as of ``today``; ``rows`` read up to ``today`` or later
    (:func:`~runback.web.runners.casefile.load_rows`) save a read."""
    case = case_for(runner, today, rows=rows)
    report = readiness_report(
        case.tests,
        strength_dates(case),
        case.self_assessments,
        today,
        bone_site=is_bone_stress(case),
    )
    verdicts: list[tuple[GateVerdict, bool]] = [
        (report.plyometrics.tests, report.plyometrics.open),
        *((v, v.passed) for v in report.exits),
    ]
    gates = tuple(
        GateLine(
            v.gate,
            GATE_TITLES[v.gate],
            is_open,
            tuple(_title(n.value) for n in v.holding_back),
        )
        for v, is_open in verdicts
    )
    records = list(ReadinessRecord.objects.filter(runner=runner, date__lte=today))
    cards = tuple(_card(test, records, verdicts, today) for test in BATTERY)
    return Picture(gates, cards)


def _title(name: str) -> str:
    return next(t.title for t in BATTERY if t.name.value == name)


def _card(
    test: ReadinessTest,
    records: list[ReadinessRecord],
    verdicts: list[tuple[GateVerdict, bool]],
    today: dt.date,
) -> TestCard:
    mine = [r for r in records if r.name == test.name.value]
    latest = mine[-1] if mine else None
    outcomes = tuple(
        (GATE_TITLES[v.gate], o) for v, _ in verdicts for o in v.outcomes if o.test is test
    )
    shut = any(not o.passed for _, o in outcomes)
    due = None
    if shut and latest is None:
        due = "Not done yet: do it when you can, it decides the next step."
    elif shut and latest is not None and (today - latest.date).days >= RETEST_EVERY_DAYS:
        due = f"Retest due: last done {(today - latest.date).days} days ago."
    symmetry = None
    if latest is not None and latest.left is not None and latest.right is not None:
        symmetry = limb_symmetry(latest.left, latest.right)
    history = [
        {"date": r.date.isoformat(), "left": r.left, "right": r.right, "pain": r.pain} for r in mine
    ]
    return TestCard(test, latest, symmetry, outcomes, due, history)
