"""Saving readiness results (one row per test per day, corrections said back) and
self-checks (each one kept, as the engine reads it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from runback.engine.capacity import ReadinessTest, summarise
from runback.engine.capacity.self_assessment import AssessmentKind, AssessmentNote
from runback.web.capacity.assessment_forms import ENTRY
from runback.web.capacity.models import LiftRecord, ReadinessRecord, SelfAssessmentRecord
from runback.web.runners.models import LogEntry, Runner

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


def record_lifts(entry: LogEntry, lifts: list[tuple[str, int, dict[str, Any]]]) -> list[str]:
    """Store the exercises of ``entry``'s strength session; say what was corrected.

    ``lifts`` holds (exercise id, prescribed reps, answers) for each exercise done.
    All or nothing: one transaction. The session's heaviest load goes on the log
    entry too, so the day's summary and the older charts keep working.
    """
    corrected: list[str] = []
    fields = ("sets", "reps", "load_kg", "rir", "pain")
    with transaction.atomic():
        for exercise, target, data in lifts:
            values = {f: data.get(f) for f in fields} | {"target_reps": target}
            record, created = LiftRecord.objects.select_for_update().get_or_create(
                runner_id=entry.runner_id, date=entry.date, exercise=exercise, defaults=values
            )
            if created:
                continue
            for field in fields:
                was = getattr(record, field)
                if was is not None and values[field] is not None and values[field] != was:
                    corrected.append(f"{exercise} {field}: {was:g} \u2192 {values[field]:g}")
                setattr(record, field, values[field])
            record.save()
        heaviest = max((d.get("load_kg") or 0 for _, _, d in lifts), default=0)
        if lifts:
            entry.load_kg = heaviest
            entry.save(update_fields=["load_kg", "updated"])
    return corrected
