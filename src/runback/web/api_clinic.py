"""The clinician's routes of the JSON API: the caseload, and one runner's summary.

The same rules as the pages (:mod:`runback.web.clinic.views`): the caseload is for
clinic staff (anyone else gets 403) and lists only runners whose grant to the
caller is live; a runner's summary goes through
:func:`runback.web.runners.access.get_runner_for` like every record route (another
runner's record, or a revoked grant, is a 404). Every read lands in the runners'
access logs. A token needs the ``caseload`` area for the list and the ``record``
area for a summary.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from runback.web.api import _runner, answers
from runback.web.clinic import audit, caseload, consent
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
    phase = query.phase if query.phase in caseload.PHASE_ORDER else ""
    rows = caseload.rows_for(
        user,
        timezone.localdate(),
        search=query.q.strip(),
        sort=query.sort,
        alerts_only=query.alerts,
        phase=phase,
        flagged_only=query.flags,
    )
    audit.log_caseload_read([row.runner for row in rows], user)
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
