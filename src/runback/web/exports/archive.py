""" "Download all my data": one zip with JSON, CSV and the original uploaded files.

Everything owned by the runner is found by walking the models that point at
:class:`Runner`, so a table added later is exported without touching this file.
Secrets are left out (the calendar token, password hashes).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import model_to_dict

from runback.web.activities.models import Upload
from runback.web.runners.models import Runner

#: Fields never exported: they are keys, not data.
SECRET_FIELDS = frozenset({"token", "password"})
README = """Your runback data, exported on {when}.

record.json     everything runback holds about you, table by table (JSON)
csv/            the same tables, one CSV file each
case-file.json  your case file, as the engine reads it (when onboarding is complete)
files/          the activity files you uploaded, as you sent them

Nothing here is shared with anyone else. Keep it somewhere safe: it is health data.
"""


def runner_tables(runner: Runner) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(table name, rows) for the runner record and every table that hangs off it."""
    yield "runners.runner", [_row(runner)]
    for relation in Runner._meta.related_objects:
        model = relation.related_model
        if not isinstance(model, type) or not issubclass(model, models.Model):
            continue
        # A table may say which of its rows concern the runner beyond those that point
        # at them (the access log: the caseload reads that showed them).
        about = getattr(model, "about", None)
        field = relation.field.name
        rows = (
            about(runner) if about else model._default_manager.filter(**{field: runner})
        ).order_by("pk")
        yield model._meta.label_lower, [_row(obj) for obj in rows]


def _row(obj: models.Model) -> dict[str, Any]:
    data = model_to_dict(obj)
    data["id"] = obj.pk
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            data.pop(field.name, None)
        elif isinstance(field, models.FileField):
            data[field.name] = getattr(obj, field.name).name or None
        elif field.name not in data and not field.is_relation:
            data[field.name] = getattr(obj, field.attname)
    return data


def write_archive(runner: Runner, out: IO[bytes], now: dt.datetime) -> None:
    """Write the whole export zip to ``out``."""
    user = runner.user
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("runback-export/README.txt", README.format(when=now.isoformat()))
        tables = dict(runner_tables(runner))
        account = {
            "username": user.get_username(),
            "email": getattr(user, "email", ""),
            "date_joined": getattr(user, "date_joined", None),
        }
        record = {"exported": now, "account": account, "tables": tables}
        archive.writestr("runback-export/record.json", _json(record))
        for name, rows in tables.items():
            archive.writestr(f"runback-export/csv/{name.replace('.', '_')}.csv", _csv(rows))
        case = _case_file(runner, now.date())
        if case is not None:
            archive.writestr("runback-export/case-file.json", _json(case))
        for upload in Upload.objects.filter(runner=runner).exclude(file="").order_by("pk"):
            with upload.file.open("rb") as handle:
                archive.writestr(
                    f"runback-export/files/{upload.pk}-{upload.original_name}", handle.read()
                )


def build_archive(runner: Runner, now: dt.datetime) -> IO[bytes]:
    """The export as a rewound temporary file (spills to disk when large)."""
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115
    write_archive(runner, spool, now)
    spool.seek(0)
    return spool


def _case_file(runner: Runner, today: dt.date) -> dict[str, Any] | None:
    from runback.web.runners.casefile import NotReady, case_dict

    try:
        return case_dict(runner, today)
    except NotReady:
        return None


def _json(data: object) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def _csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    columns = list(dict.fromkeys(key for row in rows for key in row))
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(v, cls=DjangoJSONEncoder) if isinstance(v, dict | list) else v
                for k, v in row.items()
            }
        )
    return buffer.getvalue()
