"""Which writes make a runner's cached plan and Today page stale, and how they say so.

Every row the case file or the Today page is built from hangs off a runner: log
entries, day entries (check-ins, journal), the injury, decisions and imported
activities. Saving or deleting any of them bumps ``Runner.data_version`` in the
same transaction (``Runner.save`` bumps it for the record's own fields), so a
cache keyed on the version can never serve a page from before the write.

Signals catch every ``save()`` and ``delete()`` wherever it happens: views, the
API, the admin, the import worker, cascades. They do not see ``QuerySet.update()``
or ``bulk_create()``: code that changes these tables that way must call
:func:`runback.web.runners.models.bump_data_version` itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from runback.web.runners.models import (
    DayEntry,
    DecisionRecord,
    Injury,
    LogEntry,
    bump_data_version,
)


def _changed(sender: type[Model], instance: Model, **_: Any) -> None:
    bump_data_version(getattr(instance, "runner_id", None))


def case_models() -> list[type[Model]]:
    """The models whose rows feed the case file or the Today page."""
    from runback.web.activities.models import Activity
    from runback.web.capacity.models import LiftRecord, ReadinessRecord, SelfAssessmentRecord

    return [
        LogEntry,
        DayEntry,
        Injury,
        DecisionRecord,
        Activity,
        ReadinessRecord,
        SelfAssessmentRecord,
        LiftRecord,
    ]


def connect() -> None:
    """Called once from the app config's ``ready()``."""
    for model in case_models():
        uid = f"runback-freshness-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-delete")
