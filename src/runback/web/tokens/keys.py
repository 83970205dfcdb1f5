"""Making, finding, rate-limiting and revoking personal access tokens.

A token reads ``rb_`` followed by 43 URL-safe characters (32 random bytes). The
prefix makes a leaked token recognisable to secret scanners and to the runner, who
sees its first characters on "Your data".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from runback.web.tokens.models import ApiToken, DataArea, TokenAccess

PREFIX = "rb_"
SHOWN_CHARS = 8

#: Sent once for every API call a token authenticates, with ``token`` and
#: ``request``. The hook for the clinician workspace's access log: connect a
#: receiver there (``token_used.connect(...)``) and every token call is recorded,
#: with no change to the API.
token_used = Signal()


class RateLimitedError(Exception):
    """A token made more calls in this window than ``RUNBACK_API_TOKEN_RATE`` allows."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("too many requests for this token")
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Issued:
    """A new token: the row and the secret, which is never shown again."""

    token: ApiToken
    secret: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(
    user: AbstractBaseUser,
    name: str,
    access: TokenAccess,
    areas: Iterable[DataArea],
    lifetime: dt.timedelta,
    now: dt.datetime | None = None,
) -> Issued:
    """Make a token for ``user``; only its digest is stored."""
    now = now or timezone.now()
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user_id=user.pk,
        name=name,
        prefix=secret[: len(PREFIX) + SHOWN_CHARS],
        digest=digest(secret),
        access=access,
        areas=sorted({a.value for a in areas}),
        expires=now + lifetime,
    )
    return Issued(token, secret)


def find(secret: str, now: dt.datetime | None = None) -> ApiToken | None:
    """The live token ``secret`` names, or None (unknown, expired or revoked alike)."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest(secret)).first()
    if token is None or not token.is_live(now) or not token.user.is_active:
        return None
    return token


def count_call(token: ApiToken, now: dt.datetime | None = None) -> None:
    """Count one call against the token's window; raise once the window is full.

    A fixed window of ``RUNBACK_API_TOKEN_WINDOW`` seconds on the token's own row,
    counted with one atomic UPDATE, so concurrent workers cannot both slip past it.
    """
    now = now or timezone.now()
    window = dt.timedelta(seconds=settings.RUNBACK_API_TOKEN_WINDOW)
    rows = ApiToken.objects.filter(pk=token.pk, window_start__gt=now - window)
    if not rows.update(window_calls=F("window_calls") + 1, last_used=now):
        ApiToken.objects.filter(pk=token.pk).update(window_start=now, window_calls=1, last_used=now)
        return
    start, calls = ApiToken.objects.values_list("window_start", "window_calls").get(pk=token.pk)
    if calls > settings.RUNBACK_API_TOKEN_RATE:
        left = (start or now) + window - now
        raise RateLimitedError(max(1, int(left.total_seconds()) + 1))


def revoke(user: AbstractBaseUser, token_id: int, now: dt.datetime | None = None) -> bool:
    """Revoke one of ``user``'s own tokens; False if it is not theirs or already revoked."""
    return bool(
        ApiToken.objects.filter(pk=token_id, user_id=user.pk, revoked__isnull=True).update(
            revoked=now or timezone.now()
        )
    )
