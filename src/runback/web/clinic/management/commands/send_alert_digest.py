"""``manage.py send_alert_digest``: e-mail each clinician the open alerts on their caseload.

Run it from cron once a morning; each run sends one mail per clinician with alerts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from runback.web.clinic.digest import send_alert_digests


class Command(BaseCommand):
    help = "E-mail every clinician the open alerts on their caseload."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The day, YYYY-MM-DD (default: today in TIME_ZONE).")
        parser.add_argument(
            "--base-url", default="", help="Put before the links, e.g. https://runback.example.org"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate()
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date: {options['date']!r} is not a YYYY-MM-DD date") from exc
        sent = send_alert_digests(day, options["base_url"].rstrip("/"))
        self.stdout.write(f"sent {sent} alert digest{'s' if sent != 1 else ''} for {day}")
