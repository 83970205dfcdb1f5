"""One row by primary key, read without the ORM's query compiler.

Every signed-in page starts with three primary-key reads: the session, the user and
the runner record. On a page served from the cache (Today) those reads are most of
the work, and building each query through the ORM (query, compiler, SQL, iterator)
costs several times running it. This module reads one row with one parameterised
``SELECT`` and builds the model instance exactly as the ORM would: the same columns,
the same database and field converters (SQLite's text dates become aware datetimes,
JSON columns are decoded), the same ``Model.from_db`` hook, the router's database.

Only plain primary-key reads belong here; anything with a join, a filter or a lock
goes through the ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class _Reader:
    """The prepared read of one model on one database."""

    sql: str
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Converter, ...], Any], ...]


_readers: dict[tuple[type[Model], str], _Reader] = {}


def by_pk(model: type[M], pk: Any) -> M | None:
    """The ``model`` row whose primary key is ``pk``, or None.

    ``pk`` must already be the primary key's Python value (Django's session and auth
    code pass it through ``pk.to_python``); None finds nothing without a query.
    """
    if pk is None:
        return None
    using = router.db_for_read(model)
    reader = _readers.get((model, using))
    if reader is None:
        reader = _readers[(model, using)] = _prepare(model, using)
    connection = connections[using]
    row = _fetch_one(connection, reader.sql, [model._meta.pk.get_db_prep_value(pk, connection)])
    if row is None:
        return None
    values = list(row)
    for index, functions, expression in reader.converters:
        for convert in functions:
            values[index] = convert(values[index], expression, connection)
    return model.from_db(using, reader.attnames, values)


def _fetch_one(connection: BaseDatabaseWrapper, sql: str, params: list[Any]) -> Any:
    """One row through the backend's own cursor, without Django's cursor wrapper.

    The wrapper's work that matters is kept: the connection's health check and
    opening, the thread and broken-transaction checks, and turning driver errors
    into ``django.db`` errors. Whenever queries are being logged (``DEBUG``, a test
    counting queries) or an execute wrapper is installed, the read goes through the
    ordinary cursor instead, so it is logged and wrapped like any other query.
    """
    if connection.queries_logged or connection.execute_wrappers:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors:
        cursor = connection.create_cursor()
        try:
            cursor.execute(sql, params)
            return cursor.fetchone()
        finally:
            cursor.close()


def _prepare(model: type[Model], using: str) -> _Reader:
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = model._meta
    fields: Sequence[Any] = meta.concrete_fields
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 (names from the model, value bound)
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(meta.db_table)
        functions = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if functions:
            converters.append((index, tuple(functions), column))
    return _Reader(sql, tuple(f.attname for f in fields), tuple(converters))
