"""Exports: the calendar feed, watch workouts, "download all my data", "delete my account".

Every page acts on the signed-in runner's own record only. The calendar feed is the
one URL without a login (calendar apps cannot sign in): its secret token is the key.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from runback.web.accounts.models import AccountSession
from runback.web.exports import archive, plan_source
from runback.web.exports.calendar import plan_calendar
from runback.web.exports.deletion import delete_account
from runback.web.exports.fitworkout import encode_workout
from runback.web.exports.forms import DeleteAccountForm
from runback.web.exports.models import CalendarFeed, ReminderPreference
from runback.web.exports.workouts import workout_for
from runback.web.runners.access import own_runner
from runback.web.runners.models import today_for


def _user(request: HttpRequest) -> AbstractBaseUser:
    """The signed-in user (every caller is behind ``login_required``)."""
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise Http404("sign in first")
    return user


def webcal(feed_url: str) -> str:
    """The feed as a ``webcal://`` link: phones and desktop calendars open it as "subscribe"."""
    return "webcal://" + feed_url.split("://", 1)[1]


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The exports page: feed URL, workouts for the coming days, data, deletion."""
    return _index(request, DeleteAccountForm(_user(request)))


def _index(request: HttpRequest, delete_form: DeleteAccountForm, status: int = 200) -> HttpResponse:
    runner = own_runner(_user(request))
    feed = CalendarFeed.objects.filter(runner=runner).first()
    today = today_for(runner)
    sessions = plan_source.upcoming_sessions(runner, today)
    workouts = []
    slots: dict[dt.date, int] = {}
    for session in sessions:
        slot = slots.get(session.date, 0)
        slots[session.date] = slot + 1
        if session.has_running and session.date < today + dt.timedelta(days=14):
            workouts.append((session, slot))
    feed_url = (
        request.build_absolute_uri(reverse("exports:calendar", args=[feed.token])) if feed else None
    )
    context = {
        "nav": "exports",
        "feed_url": feed_url,
        "webcal_url": webcal(feed_url) if feed_url else None,
        "workouts": workouts,
        "reminders_on": ReminderPreference.wants_emails(runner),
        "delete_form": delete_form,
        "other_sessions": AccountSession.others(
            request.user.pk, request.session.session_key
        ).count(),
    }
    return render(request, "exports/index.html", context, status=status)


@login_required
@require_POST
def calendar_create(request: HttpRequest) -> HttpResponse:
    """Turn the feed on, or give it a new secret URL (the old one stops working)."""
    runner = own_runner(_user(request))
    feed, created = CalendarFeed.objects.get_or_create(runner=runner)
    if not created:
        feed.regenerate()
    return redirect("exports:index")


@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    """Turn the feed off: its URL answers 404 from now on."""
    CalendarFeed.objects.filter(runner=own_runner(_user(request))).delete()
    return redirect("exports:index")


@login_required
@require_POST
def reminders(request: HttpRequest) -> HttpResponse:
    """Turn the next-morning check-in e-mails on or off."""
    ReminderPreference.objects.update_or_create(
        runner=own_runner(_user(request)),
        defaults={"checkin_emails": request.POST.get("checkin_emails") == "on"},
    )
    return redirect("exports:index")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The ICS feed itself, found by its secret token only."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("runner"), token=token)
    runner = feed.runner
    body = plan_calendar(
        plan_source.upcoming_sessions(runner, today_for(runner)),
        feed_id=str(feed.pk),
        now=timezone.now(),
        name="runback plan",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def workout_file(request: HttpRequest, day: str, slot: int) -> HttpResponse:
    """One planned run/walk, walk or strength session as a FIT workout for a Garmin watch."""
    runner = own_runner(_user(request))
    try:
        date = dt.date.fromisoformat(day)
    except ValueError as exc:
        raise Http404("not a date") from exc
    session = plan_source.session_on(runner, today_for(runner), date, slot)
    watchable = session is not None and (
        session.has_running or session.kind in {"walk", "cross_training"} or bool(session.exercises)
    )
    if session is None or not watchable:
        raise Http404("no run, walk or strength session is planned in that slot")
    data = encode_workout(workout_for(session), timezone.now())
    response = HttpResponse(data, content_type="application/vnd.ant.fit")
    response["Content-Disposition"] = (
        f'attachment; filename="runback-{date.isoformat()}-{slot}.fit"'
    )
    return response


@login_required
@require_GET
def my_data(request: HttpRequest) -> FileResponse:
    """Everything the runner has given runback, as one zip."""
    runner = own_runner(_user(request))
    now = timezone.now()
    return FileResponse(
        archive.build_archive(runner, now),
        as_attachment=True,
        filename=f"runback-data-{now:%Y-%m-%d}.zip",
        content_type="application/zip",
    )


@login_required
@require_http_methods(["POST"])
def delete_my_account(request: HttpRequest) -> HttpResponse:
    """Delete the account and everything in it, after the password is typed again."""
    form = DeleteAccountForm(_user(request), request.POST)
    if not form.is_valid():
        return _index(request, form, status=422)
    user = _user(request)
    logout(request)
    delete_account(user)
    return redirect("exports:deleted")


@require_GET
def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "exports/deleted.html")
