"""Saving a readiness result: one row per test per day, corrections said back."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from runback.engine.capacity import ReadinessTest
from runback.web.capacity.models import ReadinessRecord
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
