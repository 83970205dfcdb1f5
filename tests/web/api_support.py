"""Rows and clients the API tests share: an imported activity, a token's client."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from runback.web.activities.models import Activity, ImportBatch, Upload
from runback.web.runners.models import Runner
from runback.web.tokens import keys
from runback.web.tokens.models import DataArea, TokenAccess

EVERY_AREA = tuple(DataArea)


def imported_activity(runner: Runner, day: dt.date | None = None, minutes: float = 20) -> Activity:
    """An activity as an import leaves it (without running the worker)."""
    day = day or timezone.localdate()
    batch = ImportBatch.objects.create(runner=runner)
    upload = Upload.objects.create(
        runner=runner, batch=batch, file="x.fit", original_name="x.fit", size=1
    )
    entry = {"date": day.isoformat(), "kind": "run", "run_minutes": minutes, "distance_km": 3.0}
    return Activity.objects.create(
        runner=runner,
        upload=upload,
        content_hash=f"{day}-{minutes}",
        source_name="x.fit",
        format="fit",
        sport="running",
        start_utc=timezone.now(),
        local_date=day,
        total_s=minutes * 60,
        timer_s=minutes * 60,
        moving_s=minutes * 60,
        distance_m=3000,
        run_s=minutes * 60,
        walk_s=0,
        longest_run_s=minutes * 60,
        log_kind="run",
        log_entry=entry,
    )


def token_for(
    user: AbstractBaseUser,
    access: TokenAccess = TokenAccess.WRITE,
    areas: tuple[DataArea, ...] = EVERY_AREA,
    days: int = 30,
) -> str:
    return keys.issue(user, "test", access, areas, dt.timedelta(days=days)).secret


def token_client(secret: str) -> Client:
    """A client that signs every call with the token only (no session, CSRF enforced)."""
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {secret}")


def call(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    """One API call: a body with files goes as multipart, any other as JSON."""
    if any(isinstance(v, SimpleUploadedFile) for v in body.values()):
        return client.post(url, body)
    return getattr(client, method)(url, body, content_type="application/json")
