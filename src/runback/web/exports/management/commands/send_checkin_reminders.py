"""``manage.py send_checkin_reminders``: e-mail runners due a next-morning check-in.

Run it from cron each morning (see ``runback remind --help``); running it twice the
same day sends nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from runback.web.exports.reminders import send_checkin_reminders


class Command(BaseCommand):
    help = "E-mail the runners who ran yesterday and have not checked in this morning."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="The morning to remind about, YYYY-MM-DD (default: today in TIME_ZONE).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        morning = timezone.localdate()
        if options["date"]:
            try:
                morning = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date: {options['date']!r} is not a YYYY-MM-DD date") from exc
        sent = send_checkin_reminders(morning)
        self.stdout.write(f"sent {sent} check-in reminder{'s' if sent != 1 else ''} for {morning}")
