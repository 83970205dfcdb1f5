"""The JSON API, versioned at ``/api/v1/`` (OpenAPI at ``/api/v1/openapi.json``,
docs at ``/api/v1/docs``; checked in as ``docs/openapi.json``).

``/api/`` is an alias of version 1 (the same routes, mounted twice), kept so that
clients written before the version prefix keep working.

Two ways in: a personal access token (``Authorization: Bearer rb_...``, made on
"Your data"; no CSRF token needed, since a browser never sends it by itself), or
the pages' own session (sign in first; unsafe methods need the CSRF token in
``X-CSRFToken``). Same services, same validation: request bodies go through the
very forms the pages use, so a bad value gets the same message here as beside a
field. Every route resolves the runner through
:func:`runback.web.runners.access.get_runner_for`: another runner's record is a
404, a read-only grantee's write a 403, and a token reaches only the data areas
and access it was given (a 403 names what is missing).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from ninja import File, NinjaAPI, Query, Router, Schema, UploadedFile
from ninja.responses import Status
from ninja.security import HttpBearer, django_auth
from pydantic import ConfigDict, Field

from runback.engine import CaseFileError
from runback.engine.capacity import BATTERY, ReadinessTest
from runback.web.activities import services as activity_services
from runback.web.activities.forms import UploadForm
from runback.web.activities.models import Activity, ImportBatch, ImportResult
from runback.web.capacity import services as capacity_services
from runback.web.capacity.forms import ReadinessResultForm
from runback.web.capacity.readiness import picture
from runback.web.exports import plan_source
from runback.web.exports.calendar import plan_calendar
from runback.web.exports.fitworkout import encode_workout
from runback.web.exports.workouts import workout_for
from runback.web.runners import forms, services
from runback.web.runners.access import get_runner_for, own_runner
from runback.web.runners.casefile import NotReadyError, case_dict, case_for
from runback.web.runners.models import DayEntry, DecisionRecord, LogEntry, Runner
from runback.web.runners.vocabulary import LogKind
from runback.web.tokens import keys
from runback.web.tokens.models import ApiToken, DataArea

DESCRIPTION = """A runner's own record: plan, log, check-ins, decisions, activities,
readiness tests and exports. Not medical advice.

**Authentication.** Send a personal access token (made on *Your data → API tokens*)
as `Authorization: Bearer rb_...`; no CSRF token is needed. A token is scoped
(read, or read and write; which data areas), expires, and is rate-limited (429
with `Retry-After`). Alternatively, from the same site, the pages' session cookie
works too: then every POST and DELETE needs the `csrftoken` cookie's value in an
`X-CSRFToken` header.

**Lists** take `limit` (1-500, default 100) and `offset`; the total is in the
`X-Total-Count` header and the next page in `Link: <...>; rel="next"`.
**Dates** are ISO 8601 (`YYYY-MM-DD`)."""


class TokenAuth(HttpBearer):
    """A personal access token: the call acts as the token's user, within its scope."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = keys.find(token)
        if found is None:
            return None
        keys.count_call(found)  # raises RateLimitedError once the window is full
        request.user = found.user
        # The access log's hook (clinician workspace): every token call is sent here.
        keys.token_used.send(sender=ApiToken, token=found, request=request)
        return found


class FormInvalidError(Exception):
    """A request body failed the same form validation as the pages."""

    def __init__(self, form: BaseForm) -> None:
        super().__init__("invalid input")
        self.errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}


def _install_handlers(api: NinjaAPI) -> None:
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

    @api.exception_handler(keys.RateLimitedError)
    def _rate_limited(request: HttpRequest, exc: keys.RateLimitedError) -> HttpResponse:
        response = api.create_response(request, {"detail": str(exc)}, status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response


def _today() -> dt.date:
    return timezone.localdate()


def _runner(request: HttpRequest, runner_id: int, area: DataArea, *, write: bool = False) -> Runner:
    """The record, if the caller may reach it and (for a token) its scope covers ``area``."""
    runner = get_runner_for(request.user, runner_id, write=write)
    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken):
        if not token.reaches(area):
            raise PermissionDenied(f"this token does not reach {area.label.lower()}")
        if write and not token.can_write:
            raise PermissionDenied("this token may only read")
    return runner


def _valid(form: BaseForm) -> dict[str, Any]:
    if not form.is_valid():
        raise FormInvalidError(form)
    return dict(form.cleaned_data)


# --- schemas ---------------------------------------------------------------------


class Problem(Schema):
    detail: str


#: Answers any route may give besides its own: each documented, so a client (and
#: schemathesis) knows every status it can meet.
ERRORS: dict[int, Any] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: dict[str, Any],
    429: Problem,
}


def answers(ok: Any, status: int = 200, **_: Any) -> dict[int, Any]:
    return {status: ok, **ERRORS}


class PageParams(Schema):
    limit: int = Field(100, ge=1, le=500, description="At most this many items.")
    offset: int = Field(0, ge=0, le=10_000_000, description="Skip this many items first.")


def _page(
    request: HttpRequest, response: HttpResponse, rows: QuerySet[Any], page: PageParams
) -> list[Any]:
    """One page of ``rows``; the total and the next page's URL go in the headers."""
    total = rows.count()
    response["X-Total-Count"] = str(total)
    if page.offset + page.limit < total:
        query = request.GET.copy()
        query["offset"] = str(page.offset + page.limit)
        query["limit"] = str(page.limit)
        response["Link"] = f'<{request.path}?{query.urlencode()}>; rel="next"'
    return list(rows[page.offset : page.offset + page.limit])


PAGED_HEADERS = {
    "X-Total-Count": {"description": "Items in the whole list.", "schema": {"type": "integer"}},
    "Link": {"description": 'The next page, as `<url>; rel="next"`.', "schema": {"type": "string"}},
}


def _paged(description: str) -> dict[str, Any]:
    return {"responses": {200: {"description": description, "headers": PAGED_HEADERS}}}


def _binary(media_type: str, description: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


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
    walking_pain: int | None = None
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
    walking_pain: int | None = None
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


class ActivityOut(Schema):
    id: int
    local_date: dt.date
    start_utc: dt.datetime
    sport: str
    sub_sport: str
    format: str
    source_name: str
    distance_km: float
    duration_minutes: float
    run_minutes: float
    walk_minutes: float
    avg_hr: float | None
    max_hr: float | None
    ascent_m: float | None
    log_kind: str
    log_entry: dict[str, Any]


class ImportOut(Schema):
    """An import in progress: poll ``GET .../imports/{id}`` until ``finished``."""

    id: int
    files: int
    imported: int
    duplicates: int
    failed: int
    finished: bool
    results: list[dict[str, str]]


class GateOut(Schema):
    gate: str
    title: str
    open: bool
    holding_back: list[str]


class ReadinessTestOut(Schema):
    name: str
    title: str
    unit: str
    sided: bool
    criteria: list[str]
    symmetry: float | None
    due: str | None
    history: list[dict[str, Any]]


class ReadinessOut(Schema):
    gates: list[GateOut]
    tests: list[ReadinessTestOut]


class ReadinessIn(Schema):
    model_config = ConfigDict(extra="forbid")

    date: dt.date
    left: float | None = None
    right: float | None = None
    pain: int | None = None


class ReadinessSaved(Schema):
    name: str
    date: dt.date
    corrections: list[dict[str, Any]]


# --- routes ----------------------------------------------------------------------

router = Router()


@router.get("/me", response=answers(MeOut), tags=["runner"])
def me(request: HttpRequest) -> dict[str, Any]:
    """The caller's own runner record (any token may ask who it belongs to)."""
    return _runner_out(own_runner(request.user))  # type: ignore[arg-type]


def _runner_out(runner: Runner) -> dict[str, Any]:
    return {
        "runner_id": runner.pk,
        "username": runner.user.get_username(),
        "onboarded": runner.is_onboarded,
        "referred": runner.is_referred,
    }


@router.get("/runners/{runner_id}", response=answers(MeOut), tags=["runner"])
def runner(request: HttpRequest, runner_id: int) -> dict[str, Any]:
    """A record the caller may reach: theirs, or one shared with them."""
    return _runner_out(_runner(request, runner_id, DataArea.RECORD))


@router.get("/runners/{runner_id}/case-file", tags=["runner"], response=answers(dict[str, Any]))
def case_file(request: HttpRequest, runner_id: int) -> dict[str, Any]:
    """The record as a case file (the contract the CLI reads)."""
    return case_dict(_runner(request, runner_id, DataArea.RECORD), _today())


@router.get("/runners/{runner_id}/today", tags=["plan"], response=answers(dict[str, Any]))
def today(request: HttpRequest, runner_id: int) -> dict[str, Any]:
    """Today's planned sessions, each with ``slot`` and ``done``."""
    runner = _runner(request, runner_id, DataArea.PLAN)
    day = _today()
    planned = services.day_of(services.plan_for(runner, day, weeks=1), day)
    done = set(LogEntry.objects.filter(runner=runner, date=day).values_list("slot", flat=True))
    sessions = [
        {**s.model_dump(mode="json", exclude_none=True), "slot": i, "done": i in done}
        for i, s in enumerate(planned.sessions if planned else [])
    ]
    return {"date": day.isoformat(), "sessions": sessions}


@router.post("/runners/{runner_id}/today/{slot}/done", tags=["plan"], response=answers(LogEntryOut))
def done(request: HttpRequest, runner_id: int, slot: int) -> Any:
    """Log today's session ``slot`` as done. Repeating the call returns the same entry."""
    runner = _runner(request, runner_id, DataArea.LOG, write=True)
    day = _today()
    planned = services.day_of(services.plan_for(runner, day, weeks=1), day)
    if planned is None or not 0 <= slot < len(planned.sessions):
        return Status(400, {"detail": f"there is no session {slot} today"})
    return services.log_planned_session(runner, day, slot, planned.sessions[slot])


@router.get("/runners/{runner_id}/plan", tags=["plan"], response=answers(dict[str, Any]))
def plan(request: HttpRequest, runner_id: int, weeks: int = 4) -> dict[str, Any]:
    """The plan from today, ``weeks`` weeks long (1-12)."""
    weeks = min(max(weeks, 1), 12)
    runner = _runner(request, runner_id, DataArea.PLAN)
    return services.plan_for(runner, _today(), weeks).to_contract()


@router.get(
    "/runners/{runner_id}/log",
    tags=["log"],
    response=answers(list[LogEntryOut]),
    openapi_extra=_paged("Logged sessions, oldest first."),
)
def log(
    request: HttpRequest, response: HttpResponse, runner_id: int, page: Query[PageParams]
) -> Any:
    """Everything logged, oldest first."""
    rows = LogEntry.objects.filter(runner=_runner(request, runner_id, DataArea.LOG))
    return _page(request, response, rows, page)


@router.post(
    "/runners/{runner_id}/log/{entry_id}/checkin", tags=["log"], response=answers(dict[str, Any])
)
def run_checkin(request: HttpRequest, runner_id: int, entry_id: int, body: RunCheckinIn) -> Any:
    """The after-run check-in; answers with the engine's decision."""
    runner = _runner(request, runner_id, DataArea.LOG, write=True)
    entry = get_object_or_404(LogEntry, pk=entry_id, runner=runner, kind=LogKind.RUN)
    data = _valid(forms.RunCheckinForm(body.dict(), instance=entry))
    return _answer(services.record_run_checkin(entry, data, _today()))


@router.post("/runners/{runner_id}/morning", tags=["log"], response=answers(dict[str, Any]))
def morning(request: HttpRequest, runner_id: int, body: MorningIn) -> Any:
    """This morning's check-in; answers with the engine's decision."""
    runner = _runner(request, runner_id, DataArea.LOG, write=True)
    payload = body.dict()
    payload["fuelling_ok"] = {True: "true", False: "false"}.get(payload["fuelling_ok"], "")
    data = _valid(forms.MorningCheckinForm(payload))
    return _answer(services.record_morning_checkin(runner, _today(), data))


def _answer(outcome: services.CheckinOutcome) -> dict[str, Any]:
    """The decision, plus every earlier answer the check-in changed (never silent)."""
    changed = [{"field": c.field, "was": c.was, "now": c.now} for c in outcome.corrections]
    return {**outcome.decision.to_contract(), "corrections": changed}


@router.get("/runners/{runner_id}/decision", tags=["plan"], response=answers(DecisionOut))
def decision(request: HttpRequest, runner_id: int) -> Any:
    """The engine's reading of the record as it stands today (the Today page's)."""
    return services.current_decision(_runner(request, runner_id, DataArea.PLAN), _today())


@router.get(
    "/runners/{runner_id}/decisions",
    tags=["plan"],
    response=answers(list[DecisionOut]),
    openapi_extra=_paged("Decisions after check-ins, newest first."),
)
def decisions(
    request: HttpRequest, response: HttpResponse, runner_id: int, page: Query[PageParams]
) -> Any:
    """The decisions kept after each day's check-ins, newest first."""
    rows = DecisionRecord.objects.filter(runner=_runner(request, runner_id, DataArea.PLAN))
    return _page(request, response, rows, page)


@router.get(
    "/runners/{runner_id}/journal",
    tags=["journal"],
    response=answers(list[DayEntryOut]),
    openapi_extra=_paged("Day entries, newest first."),
)
def journal(
    request: HttpRequest, response: HttpResponse, runner_id: int, page: Query[PageParams]
) -> Any:
    """Day entries, newest first."""
    rows = DayEntry.objects.filter(runner=_runner(request, runner_id, DataArea.LOG))
    return _page(request, response, rows, page)


@router.post("/runners/{runner_id}/journal", tags=["journal"], response=answers(DayEntryOut))
def add_journal(request: HttpRequest, runner_id: int, body: JournalIn) -> Any:
    """Add to the day entry for ``date``: its own ratings and a note below earlier ones."""
    runner = _runner(request, runner_id, DataArea.LOG, write=True)
    return services.save_journal(runner, _valid(forms.JournalForm(body.dict()))).entry


# --- activities ------------------------------------------------------------------


@router.get(
    "/runners/{runner_id}/activities",
    tags=["activities"],
    response=answers(list[ActivityOut]),
    openapi_extra=_paged("Imported activities, newest first."),
)
def activities(
    request: HttpRequest, response: HttpResponse, runner_id: int, page: Query[PageParams]
) -> Any:
    """Imported activities, newest first."""
    rows = Activity.objects.for_runner(_runner(request, runner_id, DataArea.ACTIVITIES))
    return _page(request, response, rows, page)


@router.get(
    "/runners/{runner_id}/activities/{activity_id}",
    tags=["activities"],
    response=answers(ActivityOut),
)
def activity(request: HttpRequest, runner_id: int, activity_id: int) -> Any:
    runner = _runner(request, runner_id, DataArea.ACTIVITIES)
    return get_object_or_404(Activity, pk=activity_id, runner=runner)


@router.delete(
    "/runners/{runner_id}/activities/{activity_id}",
    tags=["activities"],
    response=answers(None, 204),
)
def delete_activity(request: HttpRequest, runner_id: int, activity_id: int) -> Any:
    """Delete one activity (and the pain answers given for it)."""
    runner = _runner(request, runner_id, DataArea.ACTIVITIES, write=True)
    get_object_or_404(Activity, pk=activity_id, runner=runner).delete()
    return Status(204, None)


@router.post(
    "/runners/{runner_id}/activities",
    tags=["activities"],
    response=answers(ImportOut, 202),
)
def upload(request: HttpRequest, runner_id: int, files: File[list[UploadedFile]]) -> Any:
    """Upload FIT, GPX, TCX files (or gzip/zip of them, or a Strava export): the
    import runs in the background, poll the answer's ``id`` under ``/imports/``."""
    runner = _runner(request, runner_id, DataArea.ACTIVITIES, write=True)
    form = UploadForm(data={}, files=MultiValueDict({"uploads": list(files)}))
    data = _valid(form)
    batch = activity_services.start_import(runner, data["uploads"])
    return Status(202, _import_out(batch))


@router.get(
    "/runners/{runner_id}/imports/{batch_id}", tags=["activities"], response=answers(ImportOut)
)
def import_progress(request: HttpRequest, runner_id: int, batch_id: int) -> Any:
    """How far an upload's import has got, and each file's outcome."""
    runner = _runner(request, runner_id, DataArea.ACTIVITIES)
    batch = get_object_or_404(ImportBatch, pk=batch_id, runner=runner)
    activity_services.requeue_stale_imports(uploads=batch.uploads.all())
    return _import_out(batch)


def _import_out(batch: ImportBatch) -> dict[str, Any]:
    progress = batch.progress()
    rows = ImportResult.objects.filter(upload__batch=batch).order_by("id")[:500]
    results = [{"name": r.name, "outcome": r.outcome, "message": r.message} for r in rows]
    return {
        "id": batch.pk,
        "files": progress.files,
        "imported": progress.imported,
        "duplicates": progress.duplicates,
        "failed": progress.failed,
        "finished": progress.finished,
        "results": results,
    }


# --- exports ---------------------------------------------------------------------


@router.get(
    "/runners/{runner_id}/calendar.ics",
    tags=["exports"],
    response=answers(None),
    openapi_extra=_binary("text/calendar", "The coming plan as an iCalendar file."),
)
def calendar(request: HttpRequest, runner_id: int) -> HttpResponse:
    """The coming sessions as iCalendar events (the calendar feed's content)."""
    runner = _runner(request, runner_id, DataArea.PLAN)
    body = plan_calendar(
        plan_source.upcoming_sessions(runner, _today()),
        feed_id=f"api-{runner.pk}",
        now=timezone.now(),
        name="runback plan",
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@router.get(
    "/runners/{runner_id}/workouts/{day}/{slot}.fit",
    tags=["exports"],
    response=answers(None),
    openapi_extra=_binary("application/vnd.ant.fit", "A FIT workout file for a watch."),
)
def workout(request: HttpRequest, runner_id: int, day: dt.date, slot: int) -> HttpResponse:
    """One planned run/walk, walk or strength session as a FIT workout."""
    runner = _runner(request, runner_id, DataArea.PLAN)
    session = plan_source.session_on(runner, _today(), day, slot)
    if session is None or not (session.has_running or session.kind == "walk" or session.exercises):
        raise Http404("no run, walk or strength session is planned in that slot")
    response = HttpResponse(
        encode_workout(workout_for(session), timezone.now()),
        content_type="application/vnd.ant.fit",
    )
    response["Content-Disposition"] = f'attachment; filename="runback-{day}-{slot}.fit"'
    return response


# --- readiness tests -------------------------------------------------------------


@router.get("/runners/{runner_id}/readiness", tags=["readiness"], response=answers(ReadinessOut))
def readiness(request: HttpRequest, runner_id: int) -> dict[str, Any]:
    """The readiness gates (open or not, and which tests hold each back) and every test
    of the battery with its criteria, whether a retest is due, and its history."""
    seen = picture(_runner(request, runner_id, DataArea.READINESS), _today())
    return {
        "gates": [
            {
                "gate": g.gate.value,
                "title": g.title,
                "open": g.open,
                "holding_back": list(g.holding_back),
            }
            for g in seen.gates
        ],
        "tests": [
            {
                "name": c.test.name.value,
                "title": c.test.title,
                "unit": c.test.unit.value,
                "sided": c.test.sided,
                "criteria": c.criteria,
                "symmetry": c.symmetry,
                "due": c.due,
                "history": c.history,
            }
            for c in seen.cards
        ],
    }


def _battery_test(name: str) -> ReadinessTest:
    test = next((t for t in BATTERY if t.name.value == name), None)
    if test is None:
        raise Http404(f"no readiness test is called {name!r}")
    return test


@router.post(
    "/runners/{runner_id}/readiness/{test_name}",
    tags=["readiness"],
    response=answers(ReadinessSaved),
)
def record_readiness(
    request: HttpRequest, runner_id: int, test_name: str, body: ReadinessIn
) -> Any:
    """Enter a test's result for a day; the same test again that day corrects it (each
    replaced value is said back in ``corrections``)."""
    runner = _runner(request, runner_id, DataArea.READINESS, write=True)
    test = _battery_test(test_name)
    case_for(runner, _today())  # a record still in onboarding has no tests yet: 409
    if not test.sided and body.right is not None:  # refused, never silently dropped
        errors = {"right": ["this test has one result: send it as left"]}
        return Status(422, {"detail": "invalid input", "errors": errors})
    payload = {k: "" if v is None else str(v) for k, v in body.dict().items()}
    data = _valid(ReadinessResultForm(test, payload, prefix=None))
    changed = capacity_services.record_result(runner, test, data)
    return {
        "name": test.name.value,
        "date": data["date"],
        "corrections": [{"field": f, "was": was, "now": now} for f, was, now in changed],
    }


# --- the APIs --------------------------------------------------------------------


def build(namespace: str, *, deprecated_alias: bool = False) -> NinjaAPI:
    """One mount of the routes: ``/api/v1/`` and, for older clients, ``/api/``."""
    api = NinjaAPI(
        title="runback",
        version="1",
        description=DESCRIPTION
        + ("\n\nThis is the unversioned alias of `/api/v1/`." if deprecated_alias else ""),
        auth=[TokenAuth(), django_auth],
        urls_namespace=namespace,
    )
    _install_handlers(api)
    api.add_router("", router)
    from runback.web.api_clinic import router as clinic_router  # its routes use this module's

    api.add_router("", clinic_router)
    return api


api_v1 = build("api-v1")
api = build("api", deprecated_alias=True)


def openapi_text() -> str:
    """The v1 OpenAPI document as checked in at ``docs/openapi.json`` (stable text)."""
    import json

    return json.dumps(api_v1.get_openapi_schema(), indent=2, ensure_ascii=False) + "\n"
