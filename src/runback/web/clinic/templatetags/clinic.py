"""``{% access_card %}``: who can see my record, on "Your data" (one include there)."""

from __future__ import annotations

from typing import Any

from django import template

from runback.web.clinic.consent import admin_clinics, is_clinician
from runback.web.clinic.forms import ShareForm
from runback.web.clinic.models import AccessLogEntry, Invitation, InvitationKind
from runback.web.runners.access import own_runner

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
        "recent": AccessLogEntry.objects.filter(runner=runner)
        .exclude(actor_id=user.pk)
        .select_related("actor")[:5],
        "share_form": ShareForm(),
        "runner": runner,
        "shown_notes": runner.clinician_notes.filter(private=False).count()
        + runner.clearances.count(),
        "is_staff_member": is_clinician(user) or bool(admin_clinics(user)),
    }
