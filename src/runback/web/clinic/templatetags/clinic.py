"""The clinic's includes on other apps' pages, one tag each.

``{% access_card %}``: who can see my record, on "Your data";
``{% steering_card runner editor %}``: a clinician's overrides, on the clinic's
runner page; ``reasons|clinician_reasons``: what a clinician set, on Today;
``clearance.cleared_by|cleared_by_for_clinicians``: who cleared a runner, in a
clinician's words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from runback.engine import Reason
from runback.engine.steering import STEERING_CODES
from runback.web.blankforms import blank_form_html
from runback.web.clinic.consent import admin_clinics, is_clinician
from runback.web.clinic.forms import CLEARED_BY_FOR_CLINICIANS, ShareForm
from runback.web.clinic.models import AccessLogEntry, Invitation, InvitationKind
from runback.web.clinic.overrides import HISTORY_ROWS, in_force
from runback.web.clinic.steering import SteeringForm
from runback.web.runners.access import own_runner
from runback.web.runners.models import Runner
from runback.web.runners.vocabulary import ClearedBy, Phase

register = template.Library()


@register.inclusion_tag("clinic/_access_card.html", takes_context=True)
def access_card(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    runner = own_runner(user)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "grants": runner.grants.filter(revoked__isnull=True).select_related("grantee"),
        "invitations": Invitation.objects.filter(
            runner=runner,
            kind=InvitationKind.RUNNER_TO_CLINICIAN,
            used_at__isnull=True,
            cancelled__isnull=True,
        ),
        "recent": AccessLogEntry.about(runner)
        .exclude(actor_id=user.pk)
        .order_by("-timestamp")
        .select_related("actor")[:5],
        "share_form": ShareForm(),
        "runner": runner,
        "shown_notes": runner.clinician_notes.filter(private=False).count()
        + runner.clearances.count(),
        "is_staff_member": is_clinician(user) or bool(admin_clinics(user)),
    }


@register.inclusion_tag("clinic/_steering.html", takes_context=True)
def steering_card(context: template.Context, runner: Runner, editor: bool) -> dict[str, Any]:
    """The overrides in force on the clinic's runner page, their history, and (for an
    editor) the form that sets one: one include there (``{% steering_card %}``)."""
    return {
        "csrf_token": context.get("csrf_token"),
        "runner": runner,
        "editor": editor,
        "in_force": in_force(runner),
        "history": runner.steering.filter(ended__isnull=False)[:HISTORY_ROWS],
        "form_html": blank_form_html(SteeringForm) if editor else "",
    }


@register.filter
def clinician_reasons(reasons: Iterable[Reason]) -> list[Reason]:
    """The reasons a clinician's overrides gave (``clinician_*`` codes), for Today."""
    return [r for r in reasons if r.code in STEERING_CODES]


@register.filter
def engine_reasons(reasons: Iterable[Any]) -> list[Any]:
    """Reasons (objects, or the decision contract's dicts) without the clinician's: Today
    says those once, in their own card."""
    return [r for r in reasons if _code(r) not in STEERING_CODES]


def _code(reason: Any) -> str:
    return str(reason["code"] if isinstance(reason, dict) else reason.code)


@register.filter
def access_what(entry: AccessLogEntry) -> str:
    """What an access-log entry did to the runner's record, in the runner's words."""
    data = entry.additional_data or {}
    where = data.get("path") or entry.object_repr
    if data.get("view") == "caseload":
        return f"saw your summary on their caseload ({where})"
    return f"{'changed' if data.get('write') else 'read'} {where}"


@register.filter
def cleared_by_for_clinicians(value: str) -> str:
    """Who cleared the runner as a clinician says it ("The runner's surgeon", not the
    runner's own "My surgeon")."""
    return CLEARED_BY_FOR_CLINICIANS[ClearedBy(value)]


@register.filter
def phase_label(value: str) -> str:
    """A phase's name as the app writes it ("Return to running"), from its value."""
    return Phase.label(value) if value in Phase else value
