"""Saving readiness results (one row per test per day, corrections said back) and
self-checks (each one kept, as the engine reads it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from runback.engine.capacity import ReadinessTest, summarise
from runback.engine.capacity.self_assessment import AssessmentKind, AssessmentNote
from runback.web.capacity.assessment_forms import ENTRY
from runback.web.capacity.models import ReadinessRecord, SelfAssessmentRecord
from runback.web.runners.models import Runner

Change = tuple[str, float, float]


def record_result(runner: Runner, test: ReadinessTest, data: dict[str, Any]) -> list[Change]:
    """Store ``test``'s result for its day; return the earlier values it replaced.

    The same test entered again for the same day corrects that day's result (a
    retest on another day is a new row, so the history keeps every attempt).
    """
    values = {"left": data["left"], "right": data.get("right"), "pain": data.get("pain")}
    with transaction.atomic():
        record, created = ReadinessRecord.objects.select_for_update().get_or_create(
            runner=runner, date=data["date"], name=test.name.value, defaults=values
        )
        if created:
            return []
        changed = [
            (field, getattr(record, field), value)
            for field, value in values.items()
            if getattr(record, field) is not None and value != getattr(record, field)
        ]
        for field, value in values.items():
            setattr(record, field, value)
        record.save()
    return [c for c in changed if c[2] is not None]


def record_self_check(runner: Runner, kind: AssessmentKind, data: dict[str, Any]) -> None:
    """Keep one self-check as the engine reads it (the form validated ``entry``)."""
    SelfAssessmentRecord.objects.create(
        runner=runner, date=data["date"], kind=kind.value, answers=data["entry"]
    )


def self_check_notes(runner: Runner, today: dt.date) -> list[AssessmentNote]:
    """Every self-check read into one line by the engine, newest first."""
    records = SelfAssessmentRecord.objects.filter(runner=runner, date__lte=today)
    entries = [ENTRY.validate_python(r.as_case_entry()) for r in records]
    return sorted((summarise(e) for e in entries), key=lambda n: n.date, reverse=True)
