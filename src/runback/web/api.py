"""The JSON API at ``/api/`` (OpenAPI schema at ``/api/openapi.json``, docs at ``/api/docs``).

Same session as the pages (sign in first; unsafe methods need the CSRF token in
``X-CSRFToken``), same services, same validation: request bodies go through the
very forms the pages use, so a bad value gets the same message here as beside a
field. Every route resolves the runner through
:func:`runback.web.runners.access.get_runner_for`: another runner's record is a
404, a read-only grantee's write a 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import ConfigDict

from runback.engine import CaseFileError
from runback.web.runners import forms, services
from runback.web.runners.access import get_runner_for, own_runner
from runback.web.runners.casefile import NotReadyError, case_dict
from runback.web.runners.models import DayEntry, LogEntry, Runner
from runback.web.runners.vocabulary import LogKind

api = NinjaAPI(
    title="runback",
    version="1",
    description="A runner's own record: plan, log, check-ins and decisions. Not medical advice.",
    auth=django_auth,
    urls_namespace="api",
)


class FormInvalidError(Exception):
    """A request body failed the same form validation as the pages."""

    def __init__(self, form: BaseForm) -> None:
        super().__init__("invalid input")
        self.errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}


@api.exception_handler(FormInvalidError)
def _form_invalid(request: HttpRequest, exc: FormInvalidError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "invalid input", "errors": exc.errors}, status=422
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "forbidden"}, status=403)


@api.exception_handler(NotReadyError)
def _not_ready(request: HttpRequest, exc: NotReadyError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(CaseFileError)
def _bad_case(request: HttpRequest, exc: CaseFileError) -> HttpResponse:
    """A stored record the engine cannot read: 422, the field named as a form error is."""
    body = {"detail": str(exc), "errors": {exc.field: [exc.message]}}
    return api.create_response(request, body, status=422)


def _today() -> dt.date:
    return timezone.localdate()


def _runner(request: HttpRequest, runner_id: int, *, write: bool = False) -> Runner:
    return get_runner_for(request.user, runner_id, write=write)


def _valid(form: BaseForm) -> dict[str, Any]:
    if not form.is_valid():
        raise FormInvalidError(form)
    return dict(form.cleaned_data)


# --- schemas ---------------------------------------------------------------------


class MeOut(Schema):
    runner_id: int
    username: str
    onboarded: bool
    referred: bool


class LogEntryOut(Schema):
    id: int
    date: dt.date
    slot: int
    kind: str
    run_minutes: float | None
    walk_minutes: float | None
    minutes: float | None
    distance_km: float | None
    load_kg: float | None
    pain_before: int | None
    pain_during_max: int | None
    pain_during_pattern: str
    pain_after: int | None
    checked_in: bool


class RunCheckinIn(Schema):
    run_minutes: float
    walk_minutes: float | None = None
    distance_km: float | None = None
    pain_before: int
    pain_during_max: int
    pain_during_pattern: str
    pain_onset_minute: float | None = None
    pain_after: int


class MorningIn(Schema):
    pain: int
    stiffness: int
    sleep_hours: float
    stress: int
    fuelling_ok: bool | None = None


class JournalIn(Schema):
    """The day's own ratings and a note. The morning's pain, stiffness and sleep
    belong to the morning check-in (``POST .../morning``); a field this schema does
    not know is refused, never silently dropped."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date
    day_pain: int | None = None
    day_stiffness: int | None = None
    notes: str = ""


class DayEntryOut(Schema):
    date: dt.date
    pain: int | None
    stiffness: int | None
    day_pain: int | None
    day_stiffness: int | None
    sleep_hours: float | None
    stress: int | None
    fuelling_ok: bool | None
    notes: str


class DecisionOut(Schema):
    date: dt.date
    run_date: dt.date | None
    action: str
    pattern: str
    reasons: list[dict[str, Any]]
    next_run: dict[str, Any] | None


class Problem(Schema):
    detail: str


# --- routes ----------------------------------------------------------------------


@api.get("/me", response=MeOut, tags=["runner"])
def me(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's own runner record."""
    runner = own_runner(request.user)  # type: ignore[arg-type]
    return {
        "runner_id": runner.pk,
        "username": runner.user.get_username(),
        "onboarded": runner.is_onboarded,
        "referred": runner.is_referred,
    }


@api.get(
    "/runners/{runner_id}/case-file",
    tags=["runner"],
    response={200: dict[str, Any], 409: Problem, 422: dict[str, Any]},
)
def case_file(request: HttpRequest, runner_id: int) -> dict[str, Any]:
    """The record as a case file (the contract the CLI reads)."""
    return case_dict(_runner(request, runner_id), _today())


@api.get(
    "/runners/{runner_id}/today",
    tags=["plan"],
    response={200: dict[str, Any], 409: Problem, 422: dict[str, Any]},
)
def today(request: HttpRequest, runner_id: int) -> dict[str, Any]:
    """Today's planned sessions, each with ``slot`` and ``done``."""
    runner = _runner(request, runner_id)
    day = _today()
    planned = services.day_of(services.plan_for(runner, day, weeks=1), day)
    done = set(LogEntry.objects.filter(runner=runner, date=day).values_list("slot", flat=True))
    sessions = [
        {**s.model_dump(mode="json", exclude_none=True), "slot": i, "done": i in done}
        for i, s in enumerate(planned.sessions if planned else [])
    ]
    return {"date": day.isoformat(), "sessions": sessions}


@api.post(
    "/runners/{runner_id}/today/{slot}/done",
    tags=["plan"],
    response={200: LogEntryOut, 400: Problem, 409: Problem, 422: dict[str, Any]},
)
def done(request: HttpRequest, runner_id: int, slot: int) -> Any:
    """Log today's session ``slot`` as done. Repeating the call returns the same entry."""
    runner = _runner(request, runner_id, write=True)
    day = _today()
    planned = services.day_of(services.plan_for(runner, day, weeks=1), day)
    if planned is None or not 0 <= slot < len(planned.sessions):
        return Status(400, {"detail": f"there is no session {slot} today"})
    return services.log_planned_session(runner, day, slot, planned.sessions[slot])


@api.get(
    "/runners/{runner_id}/plan",
    tags=["plan"],
    response={200: dict[str, Any], 409: Problem, 422: dict[str, Any]},
)
def plan(request: HttpRequest, runner_id: int, weeks: int = 4) -> dict[str, Any]:
    """The plan from today, ``weeks`` weeks long (1-12)."""
    weeks = min(max(weeks, 1), 12)
    return services.plan_for(_runner(request, runner_id), _today(), weeks).to_contract()


@api.get("/runners/{runner_id}/log", tags=["log"], response=list[LogEntryOut])
def log(request: HttpRequest, runner_id: int) -> Any:
    """Everything logged, oldest first."""
    return LogEntry.objects.filter(runner=_runner(request, runner_id))


@api.post(
    "/runners/{runner_id}/log/{entry_id}/checkin",
    tags=["log"],
    response={200: dict[str, Any], 404: Problem, 422: dict[str, Any]},
)
def run_checkin(request: HttpRequest, runner_id: int, entry_id: int, body: RunCheckinIn) -> Any:
    """The after-run check-in; answers with the engine's decision."""
    runner = _runner(request, runner_id, write=True)
    entry = get_object_or_404(LogEntry, pk=entry_id, runner=runner, kind=LogKind.RUN)
    data = _valid(forms.RunCheckinForm(body.dict(), instance=entry))
    return _answer(services.record_run_checkin(entry, data, _today()))


@api.post(
    "/runners/{runner_id}/morning",
    tags=["log"],
    response={200: dict[str, Any], 422: dict[str, Any], 409: Problem},
)
def morning(request: HttpRequest, runner_id: int, body: MorningIn) -> Any:
    """This morning's check-in; answers with the engine's decision."""
    runner = _runner(request, runner_id, write=True)
    payload = body.dict()
    payload["fuelling_ok"] = {True: "true", False: "false"}.get(payload["fuelling_ok"], "")
    data = _valid(forms.MorningCheckinForm(payload))
    return _answer(services.record_morning_checkin(runner, _today(), data))


def _answer(outcome: services.CheckinOutcome) -> dict[str, Any]:
    """The decision, plus every earlier answer the check-in changed (never silent)."""
    changed = [{"field": c.field, "was": c.was, "now": c.now} for c in outcome.corrections]
    return {**outcome.decision.to_contract(), "corrections": changed}


@api.get("/runners/{runner_id}/decision", tags=["log"], response={200: DecisionOut, 404: Problem})
def decision(request: HttpRequest, runner_id: int) -> Any:
    """The engine's reading of the record as it stands today (the Today page's)."""
    return services.current_decision(_runner(request, runner_id), _today())


@api.get("/runners/{runner_id}/journal", tags=["journal"], response=list[DayEntryOut])
def journal(request: HttpRequest, runner_id: int) -> Any:
    """Day entries, newest first."""
    return DayEntry.objects.filter(runner=_runner(request, runner_id))


@api.post(
    "/runners/{runner_id}/journal",
    tags=["journal"],
    response={200: DayEntryOut, 422: dict[str, Any]},
)
def add_journal(request: HttpRequest, runner_id: int, body: JournalIn) -> Any:
    """Add to the day entry for ``date``: its own ratings and a note below earlier ones."""
    runner = _runner(request, runner_id, write=True)
    return services.save_journal(runner, _valid(forms.JournalForm(body.dict()))).entry
