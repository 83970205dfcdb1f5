"""One row by primary key, read without the ORM's query compiler.

Every signed-in page starts with the same primary-key reads: the session with its
user, then the runner record. On a page served from the cache (Today) those reads are
most of the work, and building each query through the ORM (query, compiler, SQL,
iterator) costs several times running it. This module reads one row (optionally with
the row one of its foreign keys points to) in one parameterised ``SELECT`` and builds
the model instances exactly as the ORM would: the same columns, the same database and
field converters (SQLite's text dates become aware datetimes, JSON columns are
decoded), the same ``Model.from_db`` hook, the router's database.

Only plain primary-key reads belong here; anything else goes through the ORM.
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
class _Columns:
    """How to turn a slice of a result row into an instance of ``model``."""

    model: type[Model]
    start: int
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Converter, ...], Any], ...]

    @property
    def pk_index(self) -> int:
        """Where the primary key sits in the whole row (NULL there: no joined row)."""
        return self.start + self.attnames.index(self.model._meta.pk.attname)

    def build(self, row: Sequence[Any], using: str, connection: BaseDatabaseWrapper) -> Model:
        values = list(row[self.start : self.start + len(self.attnames)])
        for index, functions, expression in self.converters:
            for convert in functions:
                values[index] = convert(values[index], expression, connection)
        return self.model.from_db(using, self.attnames, values)


@dataclass(frozen=True)
class _Reader:
    """The prepared read of one model (and maybe one related model) on one database."""

    sql: str
    main: _Columns
    related: _Columns | None


_readers: dict[tuple[type[Model], str | None, str], _Reader] = {}


def by_pk(model: type[M], pk: Any) -> M | None:
    """The ``model`` row whose primary key is ``pk``, or None.

    ``pk`` must already be the primary key's Python value (Django's session and auth
    code pass it through ``pk.to_python``); None finds nothing without a query.
    """
    found = _read(model, pk, None)
    return None if found is None else found[0]


def by_pk_with(model: type[M], pk: Any, relation: str) -> tuple[M, Model | None] | None:
    """The ``model`` row ``pk`` and the row its foreign key ``relation`` points to.

    One query (a LEFT JOIN): the related instance is None when the key is empty. It
    is also set as the main instance's cached relation, as ``select_related`` would.
    """
    found = _read(model, pk, relation)
    if found is None:
        return None
    instance, related = found
    model._meta.get_field(relation).set_cached_value(instance, related)  # type: ignore[union-attr]
    return instance, related


def _read(model: type[M], pk: Any, relation: str | None) -> tuple[M, Model | None] | None:
    if pk is None:
        return None
    using = router.db_for_read(model)
    reader = _readers.get((model, relation, using))
    if reader is None:
        reader = _readers[(model, relation, using)] = _prepare(model, relation, using)
    connection = connections[using]
    row = _fetch_one(connection, reader.sql, [model._meta.pk.get_db_prep_value(pk, connection)])
    if row is None:
        return None
    instance: M = reader.main.build(row, using, connection)  # type: ignore[assignment]
    related = None
    if reader.related is not None and row[reader.related.pk_index] is not None:
        related = reader.related.build(row, using, connection)
    return instance, related


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


def _prepare(model: type[Model], relation: str | None, using: str) -> _Reader:
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = model._meta
    main = _columns(model, "t0", 0, connection)
    select = [f"t0.{quote(f.column)}" for f in meta.concrete_fields]
    joins = ""
    related = None
    if relation is not None:
        field: Any = meta.get_field(relation)
        other = field.related_model
        related = _columns(other, "t1", len(select), connection)
        select += [f"t1.{quote(f.column)}" for f in other._meta.concrete_fields]
        target = quote(field.target_field.column)
        joins = (
            f" LEFT JOIN {quote(other._meta.db_table)} t1 ON t1.{target} = t0.{quote(field.column)}"
        )
    sql = (
        f"SELECT {', '.join(select)} FROM {quote(meta.db_table)} t0{joins}"  # noqa: S608 (names from the models, value bound)
        f" WHERE t0.{quote(meta.pk.column)} = %s"
    )
    return _Reader(sql, main, related)


def _columns(model: type[Model], alias: str, start: int, connection: Any) -> _Columns:
    """The model's concrete fields in their own order: ``from_db`` takes them so."""
    fields: Sequence[Any] = model._meta.concrete_fields
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(alias)
        functions = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if functions:
            converters.append((index, tuple(functions), column))
    return _Columns(model, start, tuple(f.attname for f in fields), tuple(converters))
