"""``manage.py refresh_case_summaries``: bring every shared record's caseload summary up to date.

The caseload refreshes stale summaries itself; run this from cron shortly after
midnight (a new day makes every summary stale) so the first caseload of the day
does not wait for hundreds of engine runs.
"""

from __future__ import annotations

import itertools
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from runback.web.clinic.summary import summaries_for
from runback.web.runners.models import AccessGrant, Runner

CHUNK = 200


class Command(BaseCommand):
    help = "Recompute the stale caseload summaries of every runner with a live grant."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Every runner, shared or not.")

    def handle(self, *args: Any, **options: Any) -> None:
        runners = Runner.objects.select_related("user", "injury").order_by("pk")
        if not options["all"]:
            shared = AccessGrant.objects.filter(revoked__isnull=True).values("runner_id")
            runners = runners.filter(pk__in=shared)
        today = timezone.localdate()
        count = 0
        found = runners.iterator(chunk_size=CHUNK)
        while chunk := list(itertools.islice(found, CHUNK)):
            summaries_for(chunk, today)
            count += len(chunk)
        self.stdout.write(f"{count} caseload summar{'ies' if count != 1 else 'y'} up to date")
