"""The daily alert digest: one e-mail per clinician with open alerts on their caseload.

Sent from cron (``runback manage send_alert_digest``) once a day. The mail names the
runners and their alerts and links to each runner's page, so it is health data: each
runner it names gets an access-log row, as if the clinician had opened the caseload.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse

from runback.web.clinic.audit import log_caseload_read
from runback.web.clinic.caseload import CaseloadQuery, rows_for
from runback.web.clinic.models import StaffRole


def send_alert_digests(day: dt.date, base_url: str = "") -> int:
    """Mail every clinician (with an address) whose caseload has open alerts; return how many."""
    clinicians = (
        get_user_model()
        .objects.filter(clinic_memberships__role=StaffRole.CLINICIAN, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    sent = 0
    for user in clinicians:
        rows = rows_for(user, day, CaseloadQuery(alerts_only=True))
        if not rows:
            continue
        lines = [f"Open alerts on your runback caseload, {day:%a %d %b %Y}:", ""]
        for row in rows:
            link = base_url + reverse("clinic:runner", args=[row.runner.pk])
            lines.append(f"{row.name}: " + "; ".join(a.text for a in row.alerts) + f"  {link}")
        send_mail(
            subject=f"runback: {len(rows)} runner{'s' if len(rows) != 1 else ''} with alerts",
            message="\n".join(lines),
            from_email=None,
            recipient_list=[user.email],
        )
        log_caseload_read([row.runner.pk for row in rows], user, path="alert digest e-mail")
        sent += 1
    return sent
