"""The Today page: built once per runner, record version and day, then cached.

Today is the page a runner opens every day, often several times, and its body is a
pure function of the record (the plan, today's ticks, the latest decision) and the
date. So it is rendered once and kept in Django's cache under a key made of:

- the runner's id and creation time (a record, never a reused id),
- ``Runner.data_version``, which every write to the record bumps in the same
  transaction (:mod:`runback.web.runners.freshness`): a write makes a new key, so
  nothing has to be deleted and nothing stale can be found, even with one
  local-memory cache per gunicorn worker process;
- the day, and whether the viewer is the owner (only the owner gets the watch
  download links, which always act on the signed-in runner's own plan).

The owner's whole page is cached (its navigation shows the owner's own record, so
the key covers it), unless a one-off message is waiting; anyone else gets the cached
body inside a page rendered for them. ``base.html`` must therefore show nothing that
changes without a write to the record, other than the CSRF token, messages and the
signed-in user. The shared entries hold nothing of the viewer's: the CSRF token is
a fixed placeholder, swapped for the viewer's own token.

Masking that token (Django's ``get_token``) and renewing the CSRF cookie cost more
than the rest of a cached Today, so the owner's finished page is also kept per
device: under the same key plus a hash of the device's CSRF secret (never the
secret itself). A device's repeat visits are then served byte for byte, token
included, until the record changes or the day turns; the token is masked, and the
cookie renewed, once per device per version and day. The token stays the device's
own (it matches only its own cookie), and re-serving one masked token is safe here
because the page reflects no one else's input (BREACH needs attacker-chosen text in
a compressed response).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from runback.engine import Session
from runback.web.activities.log import unanswered_runs
from runback.web.runners import services
from runback.web.runners.casefile import DAY
from runback.web.runners.models import DayEntry, LogEntry, Runner
from runback.web.runners.vocabulary import LogKind

PAGE_TEMPLATE = "runners/today.html"
BODY_TEMPLATE = "runners/_today.html"
CSRF_PLACEHOLDER = "runback-csrf-token-placeholder"
CACHE_SECONDS = 6 * 3600
KEY_FORMAT = 1
"""Bump when the body's template or context changes shape, so old entries are ignored."""
WATCH_KINDS = frozenset({"run", "run_walk", "walk"})


def cache_key(runner: Runner, day: dt.date, *, owner: bool, part: str) -> str:
    """The key of one cached ``part`` ("page" or "body") of ``runner``'s Today."""
    created = runner.created.timestamp() if runner.created else 0
    return (
        f"runback:today:{KEY_FORMAT}:{part}:{runner.pk}:{created:.6f}:"
        f"{runner.data_version}:{day.isoformat()}:{int(owner)}"
    )


def page(request: HttpRequest, runner: Runner, day: dt.date) -> HttpResponse:
    """The whole Today page. The owner's, with no one-off message to show, is cached
    whole: its navigation is the owner's own record, so the same key covers it.
    """
    owner = runner.user_id == request.user.pk
    if not owner or len(messages.get_messages(request)):
        context = {"runner": runner, "body": body(request, runner, day), "nav": "today"}
        return render(request, PAGE_TEMPLATE, context)
    key = cache_key(runner, day, owner=True, part="page")
    device = _device(request)
    if device is not None:
        served: str | None = cache.get(f"{key}:{device}")
        if served is not None:
            return HttpResponse(served)
    html: str | None = cache.get(key)
    if html is None:
        context = {
            "runner": runner,
            "body": mark_safe(_body(runner, day, owner=True)),  # noqa: S308 (our own render)
            "nav": "today",
            "csrf_token": CSRF_PLACEHOLDER,
        }
        html = render_to_string(PAGE_TEMPLATE, context, request)
        cache.set(key, html, CACHE_SECONDS)
    served = _with_token(request, html)
    if device is not None:
        cache.set(f"{key}:{device}", served, CACHE_SECONDS)
    return HttpResponse(served)


def _device(request: HttpRequest) -> str | None:
    """A stand-in for the viewer's CSRF secret in cache keys, if the browser sent one.

    ``CSRF_COOKIE`` is the secret Django's CSRF middleware accepted from the cookie
    (it is absent when the browser sent none or a malformed one, until ``get_token``
    makes a new one). Only a hash goes into the key.
    """
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return None
    return hashlib.sha256(f"runback-today-device:{secret}".encode()).hexdigest()[:32]


def body(request: HttpRequest, runner: Runner, day: dt.date) -> SafeString:
    """The page body for ``runner`` on ``day``, as the signed-in viewer sees it."""
    return _with_token(request, _body(runner, day, owner=runner.user_id == request.user.pk))


def _body(runner: Runner, day: dt.date, *, owner: bool) -> str:
    """The body with the CSRF placeholder, from the cache or rendered and cached."""
    key = cache_key(runner, day, owner=owner, part="body")
    html: str | None = cache.get(key)
    if html is None:
        context = {**today_context(runner, day, owner=owner), "csrf_token": CSRF_PLACEHOLDER}
        html = render_to_string(BODY_TEMPLATE, context)
        cache.set(key, html, CACHE_SECONDS)
    return html


def _with_token(request: HttpRequest, html: str) -> SafeString:
    # Rendered from our own templates and the record, escaped there; the token is
    # Django's own, made of letters and digits.
    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308


def today_context(runner: Runner, day: dt.date, *, owner: bool) -> dict[str, Any]:
    plan = services.plan_for(runner, day, weeks=1)
    todays = services.day_of(plan, day)
    recent = list(LogEntry.objects.filter(runner=runner, date__gte=day - DAY, date__lte=day))
    logged = {e.slot: e for e in recent if e.date == day}
    sessions = [
        session_item(day, i, s, logged.get(i), owner=owner)
        for i, s in enumerate(todays.sessions if todays else [])
    ]
    yesterday_runs = any(e.date < day and e.kind == LogKind.RUN for e in recent)
    morning = DayEntry.objects.filter(runner=runner, date=day, pain__isnull=False).exists()
    decision = services.current_decision(runner, day)
    return {
        "runner": runner,
        "day": day,
        "plan": plan,
        "sessions": sessions,
        "needs_morning": yesterday_runs and not morning,
        "decision": decision,
        "escalated": services.escalated(plan, decision),
        "awaiting": unanswered_runs(runner, day),
    }


def session_item(
    day: dt.date, slot: int, session: Session, entry: LogEntry | None, *, owner: bool
) -> dict[str, Any]:
    """One planned session as ``runners/_session.html`` shows it."""
    return {
        "slot": slot,
        "session": session,
        "entry": entry,
        "fit_url": watch_url(day, slot, session) if owner else None,
    }


def watch_url(day: dt.date, slot: int, session: Session) -> str | None:
    """The exports app's FIT workout for a run, walk or strength session, else None."""
    if not (session.has_running or session.kind.value in WATCH_KINDS or session.exercises):
        return None
    return reverse("exports:workout", args=[day.isoformat(), slot])
