"""The runner's pages: onboarding, today, check-ins, journal, plan and progress.

Every page takes the runner id from the URL and resolves it through
:func:`runback.web.runners.access.get_runner_for`, so ownership is checked in one
place. Views parse, authorise, call one service and render; the rules live in
the engine.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from runback.engine import Session
from runback.engine.reasons import reason
from runback.web.runners import charts, forms, services, todaypage
from runback.web.runners.access import get_runner_for, own_runner
from runback.web.runners.models import (
    CheckinReceipt,
    Clearance,
    DayEntry,
    LogEntry,
    Runner,
    injury_of,
)
from runback.web.runners.progress import milestones
from runback.web.runners.riskcard import risk_card
from runback.web.runners.vocabulary import LogKind, OnboardingStep, RedFlag, Site, SkipReason

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
RunnerView = Callable[..., HttpResponse]


def runner_view(*, needs_plan: bool = False) -> Callable[[RunnerView], RunnerView]:
    """Resolve ``runner_id`` to a record the user may reach; writes need write access.

    ``needs_plan`` pages (today, plan, check-ins) make no sense before onboarding is
    finished or after a red flag: the runner is sent where they belong instead.
    """

    def decorate(view: RunnerView) -> RunnerView:
        @login_required
        @wraps(view)
        def wrapper(
            request: HttpRequest, runner_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            write = request.method not in SAFE_METHODS
            runner = get_runner_for(request.user, runner_id, write=write)
            if needs_plan and (runner.is_referred or not runner.is_onboarded):
                return redirect(where_to(runner))
            return view(request, runner, *args, **kwargs)

        return wrapper

    return decorate


def where_to(runner: Runner) -> str:
    """The page a runner belongs on: referral, the next wizard step, or today."""
    if runner.is_referred:
        return reverse("runners:referral", args=[runner.pk])
    if not runner.is_onboarded:
        return reverse("runners:onboarding", args=[runner.pk, runner.onboarding_step])
    return reverse("runners:today", args=[runner.pk])


def today() -> dt.date:
    """The runner's calendar date (the install's time zone)."""
    return timezone.localdate()


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "runners/landing.html")
    return redirect(where_to(own_runner(request.user)))


# --- onboarding --------------------------------------------------------------

STEP_FORMS: dict[OnboardingStep, type[Any]] = {
    OnboardingStep.SCREEN: forms.ScreenForm,
    OnboardingStep.INJURY: forms.InjuryForm,
    OnboardingStep.HISTORY: forms.HistoryForm,
    OnboardingStep.WELLBEING: forms.WellbeingForm,
    OnboardingStep.AVAILABILITY: forms.AvailabilityForm,
}
STEP_INTROS = {
    OnboardingStep.SCREEN: "First, a safety check. Some signs need a clinician before any "
    "self-guided training. Tick every one that applies to you now.",
    OnboardingStep.INJURY: "Tell us about the injury: where, what, since when and how it "
    "feels. Rough answers are fine.",
    OnboardingStep.HISTORY: "Your running before the injury sets how fast the comeback can grow.",
    OnboardingStep.WELLBEING: "Sleep, stress and fuelling change how tissue recovers and how "
    "pain feels.",
    OnboardingStep.AVAILABILITY: "The plan only puts sessions on the days you can train.",
}


def _step_form(runner: Runner, step: OnboardingStep, data: Any = None) -> Any:
    form_class = STEP_FORMS[step]
    if step is OnboardingStep.SCREEN:
        initial = {"red_flags": runner.red_flags} if runner.screened_at else {}
        return form_class(data, initial=initial)
    if step is OnboardingStep.INJURY:
        return form_class(data, instance=injury_of(runner))
    return form_class(data, instance=runner)


@runner_view()
@require_http_methods(["GET", "POST"])
def onboarding(request: HttpRequest, runner: Runner, step: str) -> HttpResponse:
    try:
        current = OnboardingStep(step)
    except ValueError:
        raise Http404("no such step") from None
    order = services.ORDER
    reached = OnboardingStep(runner.onboarding_step)
    if current is OnboardingStep.DONE or order.index(current) > order.index(reached):
        return redirect(where_to(runner))
    if runner.is_referred and current is not OnboardingStep.SCREEN:
        return redirect(where_to(runner))
    form = _step_form(runner, current, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _save_step(request, runner, current, form)
    context = {
        "runner": runner,
        "form": form,
        "step": current,
        "steps": [(s, order.index(s) <= order.index(current)) for s in order[:-1]],
        "intro": STEP_INTROS[current],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "runners/onboarding.html", context, status=status)


def _save_step(
    request: HttpRequest, runner: Runner, step: OnboardingStep, form: Any
) -> HttpResponse:
    if step is OnboardingStep.SCREEN:
        services.record_screen(runner, form.cleaned_data["red_flags"])
        return redirect(where_to(runner))
    # The step's form writes only its own fields; answers it changes are said back.
    changed = services.step_corrections(form)
    if step is OnboardingStep.INJURY:
        injury = form.save(commit=False)
        injury.runner = runner
        injury.save()
    else:
        form.save()
    for line in _said(changed, form):
        messages.info(request, f"You changed an earlier answer. {line}.")
    following = services.advance(runner, step)
    if following is OnboardingStep.DONE:
        return redirect("runners:today", runner.pk)
    return redirect("runners:onboarding", runner.pk, following.value)


@runner_view()
@require_http_methods(["GET", "POST"])
def referral(request: HttpRequest, runner: Runner) -> HttpResponse:
    """What to tell the doctor and what not to do meanwhile. Returning to a plan
    needs the runner to say who cleared them and when (kept with the record)."""
    if not runner.is_referred:
        return redirect(where_to(runner))
    posted = request.POST if request.method == "POST" else None
    form = forms.ClearanceForm(posted, referred_at=runner.screened_at)
    if request.method == "POST" and form.is_valid():
        services.clear_referral(runner, form.cleaned_data)
        return redirect("runners:onboarding", runner.pk, OnboardingStep.SCREEN.value)
    flags = [RedFlag.label(f) for f in runner.red_flags if f in RedFlag]
    context = {"runner": runner, "flags": flags, "injury": injury_of(runner), "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "runners/referral.html", context, status=status)


@runner_view()
@require_http_methods(["GET", "POST"])
def clearance(request: HttpRequest, runner: Runner) -> HttpResponse:
    """Record a surgeon's or clinician's go-ahead to run (after surgery, or when the
    plan is clinician-led); earlier ones are listed, none is ever edited."""
    posted = request.POST if request.method == "POST" else None
    form = forms.ClearanceForm(posted, referred_at=None)
    if posted is not None and form.is_valid():
        services.record_clearance(runner, form.cleaned_data)
        messages.success(request, "Saved. Your plan now follows the go-ahead you recorded.")
        return redirect("runners:today", runner.pk)
    context = {
        "runner": runner,
        "form": form,
        "earlier": Clearance.objects.filter(runner=runner),
        "nav": "today",
    }
    return render(
        request, "runners/clearance.html", context, status=400 if posted is not None else 200
    )


# --- today -------------------------------------------------------------------


@runner_view(needs_plan=True)
@require_GET
def today_page(request: HttpRequest, runner: Runner) -> HttpResponse:
    return todaypage.page(request, runner, today())


@runner_view(needs_plan=True)
@require_POST
def log_session(request: HttpRequest, runner: Runner, slot: int) -> HttpResponse:
    """One tap: today's planned session ``slot`` is done. A second tap changes nothing."""
    session = _todays_session(runner, slot)
    if session is None:
        return HttpResponseBadRequest("There is no such session today.")
    entry = services.log_planned_session(runner, today(), slot, session)
    return _session_answer(request, runner, slot, session, entry)


@runner_view(needs_plan=True)
@require_POST
def skip_session(request: HttpRequest, runner: Runner, slot: int) -> HttpResponse:
    """Today's planned session ``slot`` was not done, and why."""
    session = _todays_session(runner, slot)
    if session is None:
        return HttpResponseBadRequest("There is no such session today.")
    why = request.POST.get("reason", "")
    if why not in SkipReason.values:
        return HttpResponseBadRequest("Say why the session was skipped.")
    entry = services.skip_planned_session(runner, today(), slot, session, why)
    return _session_answer(request, runner, slot, session, entry)


def _todays_session(runner: Runner, slot: int) -> Session | None:
    """Today's planned session ``slot`` (as the Today page numbers them), if any."""
    day = today()
    planned = services.day_of(services.plan_for(runner, day, weeks=1), day)
    if planned is None or not 0 <= slot < len(planned.sessions):
        return None
    return planned.sessions[slot]


def _session_answer(
    request: HttpRequest, runner: Runner, slot: int, session: Session, entry: LogEntry
) -> HttpResponse:
    """The session's card again (htmx), or back to Today."""
    owner = runner.user_id == request.user.pk
    item = todaypage.session_item(today(), slot, session, entry, owner=owner)
    context = {"runner": runner, "item": item, "skip_reasons": SkipReason.choices}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "runners/_session.html", context)
    return redirect("runners:today", runner.pk)


@runner_view(needs_plan=True)
@require_http_methods(["GET", "POST"])
def run_checkin(request: HttpRequest, runner: Runner, entry_id: int) -> HttpResponse:
    """After a run: pain before/during/after and how it behaved; the decision at once."""
    entry = get_object_or_404(LogEntry, pk=entry_id, runner=runner)
    if entry.kind != LogKind.RUN:
        raise Http404("only runs have an after-run check-in")
    form = forms.RunCheckinForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        outcome = services.record_run_checkin(entry, form.cleaned_data, today())
        return _decision_response(request, runner, outcome, form)
    template = "runners/_run_checkin.html" if request.htmx else "runners/run_checkin.html"  # type: ignore[attr-defined]
    status = 422 if request.method == "POST" else 200
    return render(
        request, template, {"runner": runner, "form": form, "entry": entry}, status=status
    )


@runner_view(needs_plan=True)
@require_http_methods(["GET", "POST"])
def unplanned_run(request: HttpRequest, runner: Runner) -> HttpResponse:
    """Log a run that was not on the plan; then the usual after-run check-in."""
    initial = {"date": today(), "client_token": uuid.uuid4()}
    form = forms.UnplannedRunForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        entry = services.log_unplanned_run(runner, form.cleaned_data)
        return redirect("runners:run_checkin", runner.pk, entry.pk)
    status = 400 if request.method == "POST" else 200
    context = {"runner": runner, "form": form, "nav": "today"}
    return render(request, "runners/unplanned_run.html", context, status=status)


@runner_view(needs_plan=True)
@require_POST
def strength_log(request: HttpRequest, runner: Runner, entry_id: int) -> HttpResponse:
    entry = get_object_or_404(
        LogEntry, pk=entry_id, runner=runner, kind__in=[LogKind.STRENGTH, LogKind.PLYOMETRICS]
    )
    if entry.kind == LogKind.PLYOMETRICS:
        return _plyometrics_log(request, runner, entry)
    form = forms.StrengthLogForm(request.POST, instance=entry)
    if form.is_valid():
        changed = services.record_strength(entry, form.cleaned_data)
        entry.refresh_from_db()
        context = {"runner": runner, "entry": entry, "corrections": _said(changed, form)}
        return render(request, "runners/_strength_saved.html", context)
    return render(
        request,
        "runners/_strength_form.html",
        {"runner": runner, "form": form, "entry": entry},
        status=422,
    )


def _plyometrics_log(request: HttpRequest, runner: Runner, entry: LogEntry) -> HttpResponse:
    """A plyometric session's foot contacts done and worst pain (the next one grows from them)."""
    form = forms.PlyometricsLogForm(request.POST, instance=entry)
    if form.is_valid():
        changed = services.record_plyometrics(entry, form.cleaned_data)
        entry.refresh_from_db()
        context = {"runner": runner, "entry": entry, "corrections": _said(changed, form)}
        return render(request, "runners/_plyo_saved.html", context)
    return render(
        request,
        "runners/_plyo_form.html",
        {"runner": runner, "form": form, "entry": entry},
        status=422,
    )


@runner_view(needs_plan=True)
@require_http_methods(["GET", "POST"])
def morning_checkin(request: HttpRequest, runner: Runner) -> HttpResponse:
    """The next morning: pain and stiffness against baseline, sleep, stress, fuelling."""
    day = today()
    # A POST is written by the service (update, else insert); only the blank form
    # shows this morning's earlier answers.
    posted = request.method == "POST"
    existing = None if posted else DayEntry.objects.filter(runner=runner, date=day).first()
    initial = {"client_token": uuid.uuid4(), "made_on": day}
    form = forms.MorningCheckinForm(request.POST or None, instance=existing, initial=initial)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data.get("client_token")
        day = morning_of(form.cleaned_data.get("made_on"), day)
        earlier = token and CheckinReceipt.objects.filter(runner=runner, token=token).first()
        if earlier:  # sent again: answer as before, write nothing
            outcome = services.checkin_outcome(runner, earlier.date)
            return _decision_response(request, runner, outcome, form)
        outcome = services.record_morning_checkin(runner, day, form.cleaned_data)
        if token is not None:  # after the write: a failed write leaves no receipt
            CheckinReceipt.objects.get_or_create(runner=runner, token=token, defaults={"date": day})
        return _decision_response(request, runner, outcome, form)
    injury = injury_of(runner)
    last_run = LogEntry.objects.filter(runner=runner, kind=LogKind.RUN, date__lt=day).last()
    context = {
        "runner": runner,
        "form": form,
        "injury": injury,
        "last_run": last_run,
        "nav": "today",
    }
    status = 422 if request.method == "POST" else 200
    template = "runners/_morning.html" if request.htmx else "runners/morning.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=status)


#: A check-in kept on a phone while offline is for the morning it was filled in, if
#: that was recent; anything older (or in the future) counts for today.
OFFLINE_DAYS = 2


def morning_of(made_on: dt.date | None, day: dt.date) -> dt.date:
    """The morning a check-in belongs to: when it was made, if within the last days."""
    if made_on is not None and day - dt.timedelta(days=OFFLINE_DAYS) <= made_on <= day:
        return made_on
    return day


def _said(changed: tuple[services.Correction, ...], form: Any) -> list[str]:
    """Each corrected answer in the runner's words: "Pain this morning: 2 -> 3"."""

    def shown(field: str, value: Any) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(shown(field, item) for item in value) or "none"
        if isinstance(value, dict):  # an earlier injury
            where = Site.label(value["site"]) if value.get("site") in Site else value.get("site")
            side = f", {value['side']}" if value.get("side") else ""
            return f"{where}{side} ({value.get('date')})"
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if value is None or value == "":
            return "not given"
        known = form.fields.get(field)
        choices = dict(getattr(known, "choices", None) or ())
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(choices.get(value, value))

    def label(field: str) -> str:
        return str(form.fields[field].label) if field in form.fields else EXTRA_LABELS[field]

    return [
        f"{label(c.field)}: {shown(c.field, c.was)} \u2192 {shown(c.field, c.now)}" for c in changed
    ]


EXTRA_LABELS = {"injury_history": "Earlier injuries"}
"""Labels of corrected answers that are not one field of their form (the history rows)."""


def _decision_response(
    request: HttpRequest, runner: Runner, outcome: services.CheckinOutcome, form: Any
) -> HttpResponse:
    context = {
        "runner": runner,
        "decision": outcome.decision.to_contract(),
        "coming": outcome.coming.days[:5],
        "corrections": _said(outcome.corrections, form),
        "fresh": True,
    }
    template = "runners/_decision.html" if request.htmx else "runners/decision.html"  # type: ignore[attr-defined]
    return render(request, template, context)


# --- journal -----------------------------------------------------------------


@runner_view()
@require_http_methods(["GET", "POST"])
def journal(request: HttpRequest, runner: Runner) -> HttpResponse:
    form = forms.JournalForm(request.POST or None, initial={"date": today()})
    if request.method == "POST" and form.is_valid():
        saved = services.save_journal(runner, form.cleaned_data)
        day = saved.entry.date
        messages.success(request, f"Saved your entry for {day:%A} {day.day} {day:%B}.")
        for line in _said(saved.corrections, form):
            messages.info(request, f"You changed an earlier answer. {line}.")
        return redirect("runners:journal", runner.pk)
    entries = DayEntry.objects.filter(runner=runner)[:60]
    status = 400 if request.method == "POST" else 200
    context = {"runner": runner, "form": form, "entries": entries, "nav": "journal"}
    return render(request, "runners/journal.html", context, status=status)


# --- plan and progress -------------------------------------------------------


@runner_view(needs_plan=True)
@require_GET
def plan_page(request: HttpRequest, runner: Runner) -> HttpResponse:
    day = today()
    plan = services.plan_for(runner, day)
    context = {
        "runner": runner,
        "plan": plan,
        "calendar": charts.calendar(plan, day, charts.done_by_day(runner, monday_of(day), day)),
        "this_week": plan.days[:7],
        "down_week_why": reason("monthly_down_week").text
        if any(w.down_week for w in plan.weeks)
        else "",
        "phases": charts.phase_bar(plan.phase),
        "milestones": milestones(runner, plan, day),
        "nav": "plan",
    }
    return render(request, "runners/plan.html", context)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@runner_view(needs_plan=True)
@require_GET
def progress_page(request: HttpRequest, runner: Runner) -> HttpResponse:
    day = today()
    plan = services.plan_for(runner, day, weeks=1)  # the phase (shared with Today's cache)
    context = {
        "runner": runner,
        "charts": charts.progress_data(runner, day),
        "risk": risk_card(runner, day, plan, services.plan_start(runner, day)),
        "nav": "progress",
    }
    return render(request, "runners/progress.html", context)
