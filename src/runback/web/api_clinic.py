"""The clinician's routes of the JSON API: the caseload, one runner's summary, and
the clinician's actions on a record (notes, steering, alert acknowledgements).

The same rules as the pages (:mod:`runback.web.clinic.views`,
:mod:`runback.web.clinic.steering`), through the same forms and services
(:mod:`runback.web.clinic.notes`, :mod:`runback.web.clinic.alerts`,
:mod:`runback.web.clinic.overrides`): the caseload is for clinic staff (anyone else
gets 403) and lists only runners whose grant to the caller is live; every record
route goes through :func:`runback.web.runners.access.get_runner_for` (another
runner's record, or a revoked grant, is a 404; a viewer's write a 403), and the
runner writes no note, steers nothing and acknowledges no alert on their own
record (403). Every call lands in the runners' access logs. A token needs the
``caseload`` area for the list, ``record`` for a summary, and ``clinician`` (with
write access for writes) for the clinician's actions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field

from runback.engine.enums import Pathway, Phase, PhaseSteer
from runback.engine.steering import Override
from runback.web.api import PageParams, _page, _paged, _runner, _valid, answers
from runback.web.clinic import alerts, audit, caseload, consent, notes
from runback.web.clinic.consent import not_the_runner
from runback.web.clinic.forms import AcknowledgeForm, NoteForm
from runback.web.clinic.models import AlertAcknowledgement, ClinicianNote, ClinicianSteering
from runback.web.clinic.overrides import (
    RUNNER_STEERS,
    in_force,
    lift_override,
    set_override,
    steerable,
)
from runback.web.clinic.steering import SteeringForm
from runback.web.runners.vocabulary import SteeringKey
from runback.web.tokens.models import ApiToken, DataArea

router = Router()


class DecisionBrief(Schema):
    date: dt.date
    action: str
    reason_codes: list[str]


class AlertOut(Schema):
    kind: str = Field(description="referral, stalled, gate_failed, flare, load_spike, ...")
    text: str
    evidence: str = Field(description="Path of the runner page section with the evidence.")


class LoadFlagOut(Schema):
    code: str
    date: dt.date
    text: str
    spike: bool


class CaseRowOut(Schema):
    """What the caseload shows of one runner (no engine run: stored answers)."""

    runner_id: int
    username: str
    access: str = Field(description="What the caller may do: view, or view and edit.")
    pathway: str
    phase: str | None
    days_in_phase: int | None
    phase_since_exact: bool
    last_decision: DecisionBrief | None
    morning_pain: list[tuple[dt.date, int]] = Field(description="Last 4 weeks, oldest first.")
    sessions_done_14_days: int
    sessions_planned_14_days: int | None
    load_flags: list[LoadFlagOut]
    acute_chronic_ratio: float | None
    readiness_gates_open: int
    readiness_gates: int
    days_since_checkin: int | None
    alerts: list[AlertOut]


class CaseloadQuery(Schema):
    q: str = Field("", max_length=150, description="Part of a runner's name.")
    sort: str = Field("urgency", description="One of the caseload page's sort keys.")
    alerts: bool = Field(False, description="Only runners with an open alert.")
    phase: str = Field("", description="Only runners in this phase.")
    flags: bool = Field(False, description="Only runners with a load flag.")


def _row_out(row: caseload.CaseRow, path: str) -> dict[str, Any]:
    decision = row.last_decision
    return {
        "runner_id": row.runner.pk,
        "username": row.name,
        "access": row.role,
        "pathway": row.pathway,
        "phase": row.phase or None,
        "days_in_phase": row.days_in_phase,
        "phase_since_exact": row.phase_since_exact,
        "last_decision": None
        if decision is None
        else {"date": decision.date, "action": decision.action, "reason_codes": row.reason_codes},
        "morning_pain": row.pains,
        "sessions_done_14_days": row.done,
        "sessions_planned_14_days": row.planned,
        "load_flags": row.load_flags,
        "acute_chronic_ratio": row.acute_chronic,
        "readiness_gates_open": row.gates[0],
        "readiness_gates": row.gates[1],
        "days_since_checkin": row.days_since_checkin,
        "alerts": [
            {"kind": a.kind, "text": a.text, "evidence": f"{path}#{a.evidence}"} for a in row.alerts
        ],
    }


def _runner_path(runner_id: int) -> str:
    from django.urls import reverse

    return reverse("clinic:runner", args=[runner_id])


@router.get("/clinic/caseload", response=answers(list[CaseRowOut]), tags=["clinic"])
def caseload_list(request: HttpRequest, query: Query[CaseloadQuery]) -> list[dict[str, Any]]:
    """Every runner who shared their record with the caller, most urgent first.

    For clinic staff only (403 otherwise); each runner listed gets an access-log row.
    """
    user: Any = request.user
    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken) and not token.reaches(DataArea.CASELOAD):
        raise PermissionDenied("this token does not reach the caseload")
    if not consent.is_clinician(user) and not consent.admin_clinics(user):
        raise PermissionDenied("only clinic staff have a caseload")
    chosen = caseload.CaseloadQuery(
        search=query.q,
        sort=query.sort,
        alerts_only=query.alerts,
        phase=query.phase,
        flagged_only=query.flags,
    )
    rows = caseload.rows_for(user, timezone.localdate(), chosen)
    audit.log_caseload_read([row.runner.pk for row in rows], user)
    return [_row_out(row, _runner_path(row.runner.pk)) for row in rows]


@router.get("/runners/{runner_id}/summary", response=answers(CaseRowOut), tags=["clinic"])
def summary(request: HttpRequest, runner_id: int) -> dict[str, Any]:
    """One runner's caseload row: for the runner and anyone they granted access."""
    runner = _runner(request, runner_id, DataArea.RECORD)
    row = caseload.row_for(runner, timezone.localdate())
    own = runner.user_id == request.user.pk
    grant = (
        None
        if own
        else runner.grants.filter(grantee_id=request.user.pk, revoked__isnull=True).first()
    )
    row.role = "owner" if grant is None else grant.get_role_display()
    return _row_out(row, _runner_path(runner.pk))


# --- the clinician's actions on a record -------------------------------------------


def _problem(status: int, detail: str) -> Any:
    return Status(status, {"detail": detail})


def _invalid(field: str, message: str) -> Any:
    """A 422 shaped like a form's (``errors`` by field), for a check no form makes."""
    return Status(422, {"detail": "invalid input", "errors": {field: [message]}})


class NoteOut(Schema):
    id: int
    text: str
    private: bool = Field(description="Kept off the runner's pages (still in their export).")
    author: str = Field(description="The clinician's user name when they wrote it.")
    created: dt.datetime


class NoteIn(Schema):
    """A note, checked by the page's form: 1-4000 characters."""

    model_config = ConfigDict(extra="forbid")

    text: str
    private: bool = Field(False, description="Keep it off the runner's pages.")


def _note_out(note: ClinicianNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "text": note.text,
        "private": note.private,
        "author": note.author_name,
        "created": note.created,
    }


@router.get(
    "/runners/{runner_id}/notes",
    response=answers(list[NoteOut]),
    tags=["clinic"],
    openapi_extra=_paged("Clinicians' notes, newest first."),
)
def notes_list(
    request: HttpRequest, response: HttpResponse, runner_id: int, page: Query[PageParams]
) -> list[dict[str, Any]]:
    """Clinicians' notes on the record, newest first, as the clinic's runner page shows
    them: a clinician with a live grant (viewer or editor) reads every note, private ones
    included; the runner reads only those not marked private."""
    runner = _runner(request, runner_id, DataArea.CLINICIAN)
    rows = notes.notes_seen_by(runner, request.user)
    return [_note_out(n) for n in _page(request, response, rows, page)]


@router.post("/runners/{runner_id}/notes", response=answers(NoteOut, 201), tags=["clinic"])
def add_note(request: HttpRequest, runner_id: int, body: NoteIn) -> Any:
    """An editor writes a note on the record (viewers get 403, and so does the runner)."""
    runner = _runner(request, runner_id, DataArea.CLINICIAN, write=True)
    user: Any = request.user
    not_the_runner(runner, user, notes.RUNNER_WRITES)
    data = _valid(NoteForm({"text": body.text, "private": body.private}))
    note = notes.write_note(runner, user, data["text"], private=data["private"])
    return Status(201, _note_out(note))


class SteeringOut(Schema):
    """One override in force: what a clinician set instead of the plan's own rule."""

    key: Override
    label: str
    value: dict[str, Any] = Field(
        description="The override's fields as the case file's clinician block has them, "
        "without reason (docs/case-file.md)."
    )
    summary: str = Field(description="What was set, in words.")
    reason: str = Field(description="Why (the runner reads it on Today); an instruction's text.")
    set_by: str = Field(description="The clinician's user name.")
    set_at: dt.datetime


class SteeringIn(Schema):
    """One override and its reason: the fields of the page's form, checked by that form
    and then by the engine's own model. Only the fields of ``key`` are read: ``pathway``
    for pathway, ``pain`` (0-5) for pain_allowance, ``minutes`` (10-1200) for
    weekly_run_minutes, ``phase_mode`` and ``phase`` for phase, ``exclude`` and/or
    ``swap_from`` + ``swap_to`` (exercise ids) for exercises; plyometrics_cleared and
    instruction need only ``reason`` (an instruction's text)."""

    model_config = ConfigDict(extra="forbid")

    key: Override = Field(
        description="What you set: any override but cleared_to_run (the clearance records it)."
    )
    reason: str = Field(description="Why, in words the runner reads (1-1000 characters).")
    pathway: Pathway | None = None
    pain: int | None = None
    minutes: int | None = None
    phase_mode: PhaseSteer | None = None
    phase: Phase | None = None
    exclude: list[str] = Field(default_factory=list)
    swap_from: str | None = None
    swap_to: str | None = None


def _steering_out(row: ClinicianSteering) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": SteeringKey.label(row.key),
        "value": row.value,
        "summary": row.summary,
        "reason": row.reason,
        "set_by": row.set_by_name,
        "set_at": row.created,
    }


@router.get("/runners/{runner_id}/steering", response=answers(list[SteeringOut]), tags=["clinic"])
def steering(request: HttpRequest, runner_id: int) -> list[dict[str, Any]]:
    """The clinicians' overrides in force on the comeback, each with its reason, who set it
    and when (for the runner and anyone they granted access, as on the runner's page)."""
    runner = _runner(request, runner_id, DataArea.CLINICIAN)
    return [_steering_out(row) for row in in_force(runner)]


@router.post("/runners/{runner_id}/steering", response=answers(SteeringOut, 201), tags=["clinic"])
def steer(request: HttpRequest, runner_id: int, body: SteeringIn) -> Any:
    """An editor sets (or sets again) one override, with its reason; the one in force
    before it ends and is kept as history. Bad input is a 422 and nothing is stored."""
    runner = _runner(request, runner_id, DataArea.CLINICIAN, write=True)
    user: Any = request.user
    not_the_runner(runner, user, RUNNER_STEERS)
    payload = {k: v for k, v in body.model_dump(mode="json").items() if v is not None}
    data = _valid(SteeringForm(payload))
    row = set_override(runner, data["override"], data["value"], data["reason"], user)
    return Status(201, _steering_out(row))


class LiftQuery(Schema):
    reason: str = Field("", description="Why you lift it (1-500 characters).")


@router.delete("/runners/{runner_id}/steering/{key}", response=answers(None, 204), tags=["clinic"])
def lift(request: HttpRequest, runner_id: int, key: str, query: Query[LiftQuery]) -> Any:
    """An editor lifts the override ``key``, saying why: the plan's own rule applies
    again (the setting is kept as history). 404 if nothing is set for ``key``."""
    runner = _runner(request, runner_id, DataArea.CLINICIAN, write=True)
    user: Any = request.user
    not_the_runner(runner, user, RUNNER_STEERS)
    override = steerable(key)
    if override is None:
        known = ", ".join(SteeringKey.values)
        return _problem(404, f"no override is called {key!r}: one of {known}")
    reason = query.reason.strip()
    if not reason:
        return _invalid("reason", "Say why you lift it.")
    if len(reason) > 500:
        return _invalid("reason", "At most 500 characters.")
    if not lift_override(runner, override, user, reason):
        return _problem(404, f"nothing is set for {key}")
    return Status(204, None)


class AcknowledgeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    note: str = Field("", description="What you did (optional, at most 2000 characters).")


class AcknowledgementOut(Schema):
    id: int
    kind: str
    note: str
    acknowledged_by: str = Field(description="The clinician's user name.")
    created: dt.datetime


@router.post(
    "/runners/{runner_id}/alerts/{kind}/acknowledge",
    response=answers(AcknowledgementOut, 201),
    tags=["clinic"],
)
def acknowledge(request: HttpRequest, runner_id: int, kind: str, body: AcknowledgeIn) -> Any:
    """An editor acknowledges an alert with a note: it stays quiet on the caseload for a
    week, and comes back if the condition still holds. ``kind`` is one of referral,
    stalled, gate_failed, flare, load_spike, back_offs, silent (404 otherwise)."""
    runner = _runner(request, runner_id, DataArea.CLINICIAN, write=True)
    user: Any = request.user
    not_the_runner(runner, user, alerts.RUNNER_ACKNOWLEDGES)
    alert = alerts.alert_kind(kind)
    if alert is None:
        return _problem(404, f"no alert is called {kind!r}: one of {', '.join(alerts.ALERT_KINDS)}")
    data = _valid(AcknowledgeForm({"kind": kind, "note": body.note}))
    ack: AlertAcknowledgement = alerts.acknowledge(runner, user, alert, data["note"])
    return Status(
        201,
        {
            "id": ack.pk,
            "kind": ack.kind,
            "note": ack.note,
            "acknowledged_by": ack.by_name,
            "created": ack.created,
        },
    )
