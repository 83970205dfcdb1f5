"""Limits on sign-ups and password-reset e-mails, per client address and per e-mail.

Sign-in has django-axes; these are the other two doors that cost something per
request: a sign-up makes an account, a reset sends an e-mail to someone. Each
request is a :class:`~runback.web.accounts.models.ThrottleEvent` row, counted over
the last hour, so the limit holds across every server process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from runback.web.accounts.models import ThrottleEvent


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``count`` requests per ``window`` for one value (an address, an e-mail)."""

    scope: str
    count: int
    window: dt.timedelta = dt.timedelta(hours=1)


def allow(limit: Limit, value: str, now: dt.datetime | None = None) -> bool:
    """Count one request for ``value``; False (and not counted) once the limit is reached."""
    now = now or timezone.now()
    since = now - limit.window
    key = hashlib.sha256(f"{limit.scope}:{value.strip().lower()}".encode()).hexdigest()
    with transaction.atomic():
        ThrottleEvent.objects.filter(scope=limit.scope, at__lt=since).delete()
        if ThrottleEvent.objects.filter(scope=limit.scope, key=key).count() >= limit.count:
            return False
        ThrottleEvent.objects.create(scope=limit.scope, key=key, at=now)
    return True
