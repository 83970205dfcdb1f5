"""The one place that says a runner's record changed: ``Runner.data_version``.

Cached views of a record (the body of the Today page, :mod:`.todaypage`) are keyed
on the record's data version, so a write makes a new key: nothing has to be
deleted, and nothing stale can be found, even with one local-memory cache per
gunicorn worker process.

The version is bumped, in the writer's transaction, by ``post_save`` and
``post_delete`` receivers on the runner itself and on **every model with a foreign
key to the runner**, found from Django's app registry when the apps are ready, not
from a list kept by hand: a model added later is covered the day it is added
(``tests/web/test_freshness.py`` checks this). That catches every ``save()`` and
``delete()``, wherever it happens: views, the API, the admin, the import worker,
cascades.

Signals do not see ``QuerySet.update()`` or ``bulk_create()``. The one such write
of record rows (the check-in's single-statement upsert in ``services``) calls
:func:`changed` itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import F, Model
from django.db.models.signals import post_delete, post_save

if TYPE_CHECKING:
    from runback.web.runners.models import Runner


def changed(runner_id: int | None) -> None:
    """Mark the runner's record as changed: views cached on its version go stale."""
    from runback.web.runners.models import Runner

    if runner_id is not None:
        Runner.objects.filter(pk=runner_id).update(data_version=F("data_version") + 1)


def version_key(runner_id: int, created: str, data_version: int) -> str:
    """The part of a cache key that names one record as it stands.

    The id alone is not enough: SQLite hands a deleted runner's id to the next new
    one, and a cache entry of the deleted record must never be found for the new
    one (in another server process's memory, account deletion's cache clear cannot
    reach it). The creation time, to the microsecond, tells them apart; the data
    version moves with every write. ``created`` is that time as text, in any one
    spelling a cache keeps to for all its keys (the caseload has the database write
    it, which is cheaper than reading 500 datetimes).
    """
    return f"{runner_id}:{created.replace(' ', 'T')}:{data_version}"  # no spaces in a key


def record_key(runner: Runner) -> str:
    """:func:`version_key` of a runner record read from the database."""
    created = runner.created.isoformat() if runner.created else ""
    return version_key(runner.pk, created, runner.data_version)


def _record_changed(sender: type[Model], instance: Model, **_: Any) -> None:
    from runback.web.runners.models import Runner

    if isinstance(instance, Runner):
        changed(instance.pk)
    else:
        for name in runner_keys(sender):
            changed(getattr(instance, name))


def runner_keys(model: type[Model]) -> list[str]:
    """The attribute names of ``model``'s foreign keys (and one-to-ones) to a runner."""
    from runback.web.runners.models import Runner

    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is Runner
    ]


def watched_models() -> list[type[Model]]:
    """The runner and every installed model that points at one."""
    from runback.web.runners.models import Runner

    return [Runner, *(m for m in apps.get_models() if runner_keys(m))]


def connect() -> None:
    """Called once from the app config's ``ready()``."""
    for model in watched_models():
        uid = f"runback-freshness-{model._meta.label_lower}"
        post_save.connect(_record_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_record_changed, sender=model, dispatch_uid=uid + "-delete")
