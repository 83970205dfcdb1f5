"""The Tests page: the readiness battery, the runner's results and the gates they open."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from runback.engine import ExerciseDose, Session
from runback.engine.capacity import BATTERY, ReadinessTest
from runback.web.capacity import services
from runback.web.capacity.assessment_forms import ASSESSMENT_FORMS
from runback.web.capacity.forms import ReadinessResultForm
from runback.web.capacity.lift_forms import LiftForm
from runback.web.capacity.models import LiftRecord
from runback.web.capacity.readiness import picture
from runback.web.runners.models import LogEntry, Runner
from runback.web.runners.views import runner_view, today
from runback.web.runners.vocabulary import LogKind


@runner_view(needs_plan=True)
@require_GET
def tests_page(request: HttpRequest, runner: Runner) -> HttpResponse:
    return _page(request, runner, bound=None)


@runner_view(needs_plan=True)
@require_POST
def record_result(request: HttpRequest, runner: Runner, name: str) -> HttpResponse:
    test = _test(name)
    form = ReadinessResultForm(test, request.POST)
    if not form.is_valid():
        return _page(request, runner, bound=form, status=400)
    changed = services.record_result(runner, test, form.cleaned_data)
    messages.success(request, f"Saved your {test.title.lower()} result.")
    for field, was, now in changed:
        label = form.fields[field].label
        messages.info(request, f"You changed an earlier answer. {label}: {was:g} \u2192 {now:g}.")
    return redirect(reverse("capacity:tests", args=[runner.pk]) + f"#{test.name.value}")


@runner_view(needs_plan=True)
@require_GET
def self_checks_page(request: HttpRequest, runner: Runner) -> HttpResponse:
    return _checks_page(request, runner, bound=None)


@runner_view(needs_plan=True)
@require_POST
def record_self_check(request: HttpRequest, runner: Runner, kind: str) -> HttpResponse:
    form_class = ASSESSMENT_FORMS.get(kind)
    if form_class is None:
        raise Http404("no such self-check")
    form = form_class(request.POST)
    if not form.is_valid():
        return _checks_page(request, runner, bound=form, status=400)
    services.record_self_check(runner, form.kind, form.cleaned_data)
    messages.success(request, f"Saved your {form.title.lower()}.")
    return redirect(reverse("capacity:self_checks", args=[runner.pk]) + f"#{kind}")


def _checks_page(
    request: HttpRequest, runner: Runner, *, bound: Any, status: int = 200
) -> HttpResponse:
    day = today()
    forms = [
        bound
        if bound is not None and bound.kind is form_class.kind
        else form_class(initial={"date": day})
        for form_class in ASSESSMENT_FORMS.values()
    ]
    context = {
        "runner": runner,
        "forms": forms,
        "notes": services.self_check_notes(runner, day),
        "nav": "tests",
    }
    return render(request, "capacity/self_checks.html", context, status=status)


@runner_view(needs_plan=True)
@require_http_methods(["GET", "POST"])
def lifts_page(request: HttpRequest, runner: Runner, entry_id: int) -> HttpResponse:
    """A strength session exercise by exercise, pre-filled with what was prescribed."""
    entry = get_object_or_404(LogEntry, pk=entry_id, runner=runner, kind__in=[LogKind.STRENGTH])
    doses = _prescribed(entry)
    posted = request.POST if request.method == "POST" else None
    lift_forms = [LiftForm(dose, posted) for dose in doses]
    if posted is not None and all(f.is_valid() for f in lift_forms):
        done = [
            (str(f.dose.exercise), f.dose.hold_s or f.dose.reps, f.cleaned_data)
            for f in lift_forms
            if f.cleaned_data.get("done")
        ]
        corrected = services.record_lifts(entry, done)
        messages.success(request, f"Saved {len(done)} exercise{'s' * (len(done) != 1)}.")
        for line in corrected:
            messages.info(request, f"You changed an earlier answer. {line}.")
        return redirect("runners:today", runner.pk)
    saved = {
        lift.exercise: lift for lift in LiftRecord.objects.filter(runner=runner, date=entry.date)
    }
    context = {
        "runner": runner,
        "entry": entry,
        "rows": [(form, saved.get(str(form.dose.exercise))) for form in lift_forms],
        "nav": "self_checks",
    }
    status = 400 if posted is not None else 200
    return render(request, "capacity/lifts.html", context, status=status)


def _prescribed(entry: LogEntry) -> list[ExerciseDose]:
    """The exercises prescribed for ``entry``'s session, as they were when it was done
    (kept on the entry: a plan rebuilt later must not change what was asked)."""
    planned = Session.model_validate(entry.planned) if entry.planned else None
    doses = [d for d in (planned.exercises or []) if d.exercise] if planned else []
    if not doses:
        raise Http404("no exercises were prescribed for this session")
    return doses


def _test(name: str) -> ReadinessTest:
    for test in BATTERY:
        if test.name.value == name:
            return test
    raise Http404("no such readiness test")


def _page(
    request: HttpRequest,
    runner: Runner,
    *,
    bound: ReadinessResultForm | None,
    status: int = 200,
) -> HttpResponse:
    day = today()
    seen = picture(runner, day)
    forms = {
        card.test.name.value: (
            bound
            if bound is not None and bound.test is card.test
            else ReadinessResultForm(card.test, initial={"date": day})
        )
        for card in seen.cards
    }
    cards = [(card, forms[card.test.name.value]) for card in seen.cards]
    history = {card.test.name.value: card.history for card in seen.cards if card.history}
    context = {
        "runner": runner,
        "gates": seen.gates,
        "cards": cards,
        "history": history,
        "nav": "plan",
    }
    return render(request, "capacity/tests.html", context, status=status)
