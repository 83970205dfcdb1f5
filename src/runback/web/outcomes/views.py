"""Questionnaires, the Getting-help page (the route, the visit log) and the report.

Every view resolves the runner through ``runner_view``, which checks who is asking
(the owner, or someone with an AccessGrant; writes need an editor's grant).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from runback.engine import outcomes
from runback.engine.enums import Site
from runback.engine.questionnaires import Instrument
from runback.engine.report import build_report
from runback.reporting import Paper, render_pdf
from runback.web.outcomes import services
from runback.web.outcomes.forms import FORMS, QuestionnaireForm
from runback.web.outcomes.models import Visit
from runback.web.outcomes.presenting import help_reasons, present
from runback.web.outcomes.route import BRING, MISSING, ROUTE
from runback.web.outcomes.visit_form import VisitForm
from runback.web.runners.casefile import NotReadyError, case_for
from runback.web.runners.models import Runner, injury_of
from runback.web.runners.views import runner_view, today, where_to


def offered(runner: Runner) -> list[Instrument]:
    """OSTRC-O2, TSK-11 and the injury site's region score, if it has one."""
    out = [Instrument.OSTRC_O2, Instrument.TSK_11]
    injury = injury_of(runner)
    region = None if injury is None else outcomes.region_score(Site(injury.site))
    if region is not None:
        out.append(region)
    return out


@runner_view(needs_plan=True)
@require_GET
def questionnaires_page(request: HttpRequest, runner: Runner) -> HttpResponse:
    return _questionnaires(request, runner, bound=None)


@runner_view(needs_plan=True)
@require_POST
def answer(request: HttpRequest, runner: Runner, instrument: str) -> HttpResponse:
    try:
        kind = Instrument(instrument)
    except ValueError:
        raise Http404("no such questionnaire") from None
    if kind not in offered(runner):
        raise Http404("this questionnaire is not asked for this injury")
    form = FORMS[kind](request.POST)
    if not form.is_valid():
        return _questionnaires(request, runner, bound=form, status=400)
    day: dt.date = form.cleaned_data["date"]
    if day > today():
        form.add_error("date", "is after today")
        return _questionnaires(request, runner, bound=form, status=400)
    saved = services.record_questionnaire(runner, kind, day, form.cleaned_data["answers"])
    messages.success(request, f"Saved your {kind.label}: score {saved.score.score}.")
    if saved.replaced is not None:
        messages.info(
            request,
            f"You changed an earlier answer. {kind.label} for {day:%-d %B}: this replaces "
            f"the answers you gave earlier that day (score {saved.replaced.score} "
            f"\u2192 {saved.score.score}).",
        )
    return redirect(reverse("outcomes:questionnaires", args=[runner.pk]) + f"#{kind.value}")


def _questionnaires(
    request: HttpRequest, runner: Runner, *, bound: QuestionnaireForm | None, status: int = 200
) -> HttpResponse:
    day = today()
    due = {d.instrument: d for d in services.due(runner, day)}
    forms: list[tuple[QuestionnaireForm, Any]] = []
    for kind in offered(runner):
        form = bound if bound is not None and bound.instrument is kind else None
        forms.append((form or FORMS[kind](initial={"date": day}), due.get(kind)))
    forms.sort(key=lambda pair: pair[1] is None)  # what is due first
    context = {
        "runner": runner,
        "forms": forms,
        "history": services.history(runner, day),
        "nav": "progress",
    }
    return render(request, "outcomes/questionnaires.html", context, status=status)


# --- getting help --------------------------------------------------------------


@runner_view()
@require_GET
def help_page(request: HttpRequest, runner: Runner) -> HttpResponse:
    return _help(request, runner, VisitForm(initial={"date": today()}))


@runner_view()
@require_POST
def add_visit(request: HttpRequest, runner: Runner) -> HttpResponse:
    form = VisitForm(request.POST)
    if form.is_valid() and form.cleaned_data["date"] > today():
        form.add_error("date", "is after today: record a visit once it has happened")
    if not form.is_valid():
        return _help(request, runner, form, status=400)
    visit = services.record_visit(runner, form.cleaned_data)
    messages.success(
        request,
        f"Saved your visit on {visit.date:%-d %B}. The pathway starts again from there: "
        "follow the advice, keep logging, and the plan will tell you if it stalls again.",
    )
    return redirect(reverse("outcomes:help", args=[runner.pk]) + "#visits")


def _help(request: HttpRequest, runner: Runner, form: VisitForm, status: int = 200) -> HttpResponse:
    if not runner.is_onboarded and not runner.is_referred:
        return redirect(where_to(runner))
    day = today()
    try:
        reasons, try_again = help_reasons(case_for(runner, day))
    except NotReadyError:
        reasons, try_again = [], []
    context = {
        "runner": runner,
        "reasons": reasons,
        "try_again": try_again,
        "route": ROUTE,
        "missing": MISSING,
        "bring": BRING,
        "visits": Visit.objects.filter(runner=runner).order_by("-date", "-created"),
        "form": form,
        "nav": "today",
    }
    return render(request, "outcomes/help.html", context, status=status)


# --- the report ----------------------------------------------------------------


@runner_view()
@require_GET
def report_page(request: HttpRequest, runner: Runner) -> HttpResponse:
    try:
        report = build_report(case_for(runner, today()))
    except NotReadyError:
        return redirect(where_to(runner))
    context = {
        "runner": runner,
        "report": report,
        "sections": [present(key, section) for key, section in report.present()],
        "nav": "today",
    }
    return render(request, "outcomes/report.html", context)


@runner_view()
@require_GET
def report_pdf(request: HttpRequest, runner: Runner) -> HttpResponse:
    try:
        paper = Paper(request.GET.get("paper", Paper.A4.value))
    except ValueError:
        return HttpResponse("paper: expected a4 or letter", status=400, content_type="text/plain")
    try:
        report = build_report(case_for(runner, today()))
    except NotReadyError:
        return redirect(where_to(runner))
    response = HttpResponse(render_pdf(report, paper), content_type="application/pdf")
    name = f"runback-report-{report.today.isoformat()}-{paper.value}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
