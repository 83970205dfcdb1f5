"""Builders for readiness results that pass or fail a gate."""

from __future__ import annotations

import datetime as dt

from runback.engine.capacity import Gate, ReadinessResult, battery_for

TODAY = dt.date(2026, 11, 22)


def passing_results(gate: Gate, day: dt.date = TODAY) -> list[ReadinessResult]:
    """One result per test of ``gate`` that just passes it (both sides equal)."""
    results = []
    for test in battery_for(gate):
        criterion = test.criteria[gate]
        value = criterion.minimum if criterion.minimum is not None else 150.0
        results.append(
            ReadinessResult(
                date=day, name=test.name, left=value, right=value, unit=test.unit, pain=0
            )
        )
    return results
