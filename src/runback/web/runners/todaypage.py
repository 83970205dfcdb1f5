"""The Today page: the body of the day is rendered once per record version and day.

Today is the page a runner opens every day, often several times. Its body (the
day's sessions, what is ticked off, the latest decision) is a pure function of the
record and the date, and building it (the plan from the engine, the day's rows) is
most of the page's cost. So the body is rendered once and kept in Django's cache
under a key made of:

- the runner's id and creation time (a record, never a reused id),
- ``Runner.data_version``, which every write to the record bumps in the same
  transaction (:mod:`runback.web.runners.freshness`): a write makes a new key, so
  nothing has to be deleted and nothing stale can be found, even with one
  local-memory cache per gunicorn worker process;
- the day, and whether the viewer is the owner (only the owner gets the watch
  download links, which always act on the signed-in runner's own plan).

The page around the body (navigation, messages) is rendered per request, as any
other page. The body's forms need the viewer's CSRF token, which must never be
cached: the body is rendered with a marker where the token goes (a ``<``, which the
record's escaped text can never contain), and each request puts its own token
there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from runback.engine import Session
from runback.web.outcomes.services import due as questionnaires_due
from runback.web.runners import services
from runback.web.runners.casefile import DAY
from runback.web.runners.freshness import record_key
from runback.web.runners.imported import unanswered_runs
from runback.web.runners.models import DayEntry, LogEntry, Runner
from runback.web.runners.riskcard import risk_card
from runback.web.runners.vocabulary import LogKind, SkipReason

PAGE_TEMPLATE = "runners/today.html"
BODY_TEMPLATE = "runners/_today.html"
TOKEN_MARKER = mark_safe("<csrf-token>")
CACHE_SECONDS = 6 * 3600
KEY_FORMAT = 5
"""Bump when the body's template or context changes shape, so old entries are ignored."""
WATCH_KINDS = frozenset({"run", "run_walk", "walk", "cross_training"})


def page(request: HttpRequest, runner: Runner, day: dt.date) -> HttpResponse:
    """The whole Today page: the cached body of the day inside the viewer's page."""
    owner = runner.user_id == request.user.pk
    key = cache_key(runner, day, owner=owner)
    html: str | None = cache.get(key)
    if html is None:
        context = {**today_context(runner, day, owner=owner), "csrf_token": TOKEN_MARKER}
        html = render_to_string(BODY_TEMPLATE, context)
        cache.set(key, html, CACHE_SECONDS)
    token = get_token(request)  # one masked token for the body and the page around it
    # Our own render of our own templates, escaped there; the token is Django's
    # own, letters and digits.
    body = mark_safe(html.replace(TOKEN_MARKER, token))  # noqa: S308
    context = {"runner": runner, "body": body, "nav": "today", "csrf_token": token}
    return render(request, PAGE_TEMPLATE, context)


def cache_key(runner: Runner, day: dt.date, *, owner: bool) -> str:
    """The key of ``runner``'s body of the day on ``day``, as the owner or another sees it."""
    return f"runback:today:{KEY_FORMAT}:{record_key(runner)}:{day.isoformat()}:{int(owner)}"


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
        "questionnaires_due": questionnaires_due(runner, day),
        "skip_reasons": SkipReason.choices,
        "risk": risk_card(runner, day, plan, services.plan_start(runner, day)),
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
