"""The runner's access log: every read and write of a record by someone else.

The log itself is django-auditlog's (its ``LogEntry`` schema, manager, context
middleware and model-change tracking), swapped for
:class:`~runback.web.clinic.models.AccessLogEntry` so each row points at the runner.
Two kinds of rows land in it:

- one per request in which someone other than the runner reaches the record
  (:data:`runback.web.runners.access.reached_by_other`, sent by the one access
  check every page and API route goes through): who, which page or route, read or
  write, when, and from which address;
- auditlog's own field-by-field change rows for the records clinicians write
  (notes, clearances, steering), registered below.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any

from auditlog.cid import get_cid
from auditlog.middleware import AuditlogMiddleware
from auditlog.receivers import log_delete
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_delete, pre_save
from django.http import HttpRequest, HttpResponse

from runback.web.accounts.addresses import client_address
from runback.web.runners.access import reached_by_other
from runback.web.runners.models import Clearance, Runner

_request: ContextVar[HttpRequest | None] = ContextVar("runback_audit_request", default=None)


class AccessLogMiddleware(AuditlogMiddleware):
    """auditlog's middleware, reading the client's address the way the rest of runback does.

    auditlog trusts ``X-Forwarded-For`` from anyone; here the address is the one
    ``RUNBACK_TRUSTED_PROXIES`` vouches for (:func:`client_address`), so a client
    cannot write someone else's address into a runner's log.
    """

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        return client_address(request) or None

    @staticmethod
    def _get_remote_port(request: HttpRequest) -> int | None:
        return None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            response: HttpResponse = super().__call__(request)
            return response
        finally:
            _request.reset(token)


def log_reach(sender: Any, runner: Runner, user: Any, write: bool, **_: Any) -> None:
    """One access-log row for a request that reached ``runner``'s record."""
    from runback.web.clinic.models import AccessLogEntry

    request = _request.get()
    detail: dict[str, Any] = {"write": write}
    address = None
    if request is not None:
        detail["method"] = request.method
        detail["path"] = request.path
        match = getattr(request, "resolver_match", None)
        if match is not None:
            detail["view"] = match.view_name
        address = client_address(request) or None
    # A read is not a change to the record: the row goes in with ``bulk_create``,
    # which sends no ``post_save``, so it does not bump the record's data version
    # (:mod:`runback.web.runners.freshness`) and leaves the views cached on it (Today,
    # the caseload summary) fresh. The fields are those auditlog's ``log_create`` sets.
    AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                content_type=ContentType.objects.get_for_model(Runner),
                object_pk=str(runner.pk),
                object_id=runner.pk,
                object_repr=str(runner),
                cid=get_cid(),
                action=AccessLogEntry.Action.UPDATE if write else AccessLogEntry.Action.ACCESS,
                changes_text=f"{'changed' if write else 'read'} {detail.get('path', 'the record')}",
                runner=runner,
                actor=user,
                actor_email=getattr(user, "email", "") or None,
                remote_addr=address,
                additional_data=detail,
            )
        ]
    )


def _tie_to_runner(sender: Any, instance: Any, **_: Any) -> None:
    """Give auditlog's own change rows the runner they concern."""
    if instance.runner_id is not None or instance.content_type_id is None:
        return
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    if model is Runner:
        instance.runner_id = int(instance.object_pk)
    elif model is not None and issubclass(model, Model):
        row = model._default_manager.filter(pk=instance.object_pk).values("runner_id").first()
        if row is not None:
            instance.runner_id = row["runner_id"]


def connect() -> None:
    from runback.web.clinic.models import AccessLogEntry, ClinicianNote, ClinicianSteering

    reached_by_other.connect(log_reach, dispatch_uid="runback-clinic-access-log")
    pre_save.connect(_tie_to_runner, sender=AccessLogEntry, dispatch_uid="runback-clinic-tie")
    for model in (ClinicianNote, Clearance, ClinicianSteering):
        if not auditlog.contains(model):
            auditlog.register(model)
        # Field changes only, not deletions: rows deleted with the runner's account
        # must not leave a log row behind (the account's data goes whole). auditlog
        # has no per-model switch for this, so its delete receiver is disconnected.
        post_delete.disconnect(
            sender=model, dispatch_uid=auditlog._dispatch_uid(post_delete, log_delete)
        )


def log_caseload_read(runner_ids: Sequence[int], user: Any, path: str = "") -> None:
    """One access-log entry for a caseload read, and one sighting per runner it showed.

    The caseload shows health data (pain, decisions, alerts), so each runner on it
    was read, and each finds the read in their own log. The read is one event: who,
    when and from where are written once, with a two-column row per runner
    (:class:`~runback.web.clinic.models.CaseloadSighting`), so a caseload of 500
    costs one small insert rather than 500 copies of the entry.
    """
    from runback.web.clinic.models import AccessLogEntry, CaseloadSighting

    if not runner_ids:
        return
    request = _request.get()
    address = client_address(request) or None if request is not None else None
    path = path or (request.path if request is not None else "caseload")
    # ``bulk_create``, as for every read (:func:`log_reach`): no signals, so the
    # records' data versions, and the pages cached on them, stay as they are.
    (entry,) = AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                content_type=ContentType.objects.get_for_model(Runner),
                object_pk="",
                object_repr=f"caseload of {len(runner_ids)} runners",
                cid=get_cid(),
                action=AccessLogEntry.Action.ACCESS,
                changes_text=f"read {path} (caseload)",
                actor=user,
                actor_email=getattr(user, "email", "") or None,
                remote_addr=address,
                additional_data={
                    "write": False,
                    "method": request.method if request is not None else "",
                    "path": path,
                    "view": "caseload",
                    "runners": len(runner_ids),
                },
            )
        ]
    )
    # Two integers a row, in one statement rather than a model instance each (which was
    # most of a 500-runner caseload's time) or a statement each. PostgreSQL takes the
    # ids as one array; elsewhere a multi-row VALUES list, in batches where the
    # database caps a statement's parameters (SQLite), as bulk_create does.
    table = connection.ops.quote_name(CaseloadSighting._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} (entry_id, runner_id) SELECT %s, unnest(%s::bigint[])",
                [entry.pk, list(runner_ids)],
            )
            return
        batch = connection.ops.bulk_batch_size(["entry_id", "runner_id"], runner_ids)
        for first in range(0, len(runner_ids), batch):
            chunk = runner_ids[first : first + batch]
            cursor.execute(
                f"INSERT INTO {table} (entry_id, runner_id) VALUES "  # noqa: S608
                + ", ".join(["(%s, %s)"] * len(chunk)),
                [value for runner_id in chunk for value in (entry.pk, runner_id)],
            )
