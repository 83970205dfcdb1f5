"""``runback manage seed_demo --runners N``: a demo clinic full of runners (demos, benchmarks).

The runners' logs come from following runback's own plans (:mod:`runback.web.clinic.demo`).
It refuses to run on a database with users it did not make (a real install) unless
``--force`` is given: demo accounts on a real clinic's server would be a mess to
tell apart from real ones.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from runback.web.clinic import demo


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        problem = f"--caseloads: {text!r} is not a comma-separated list of numbers"
        raise CommandError(problem) from exc
    if any(n < 0 for n in sizes):
        raise CommandError("--caseloads: sizes cannot be negative")
    return sizes


class Command(BaseCommand):
    help = "Make demo runners (logs from following runback's plans) and clinicians."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runners", type=int, default=50, help="How many runners (50).")
        parser.add_argument(
            "--clinicians", type=int, default=0,
            help="How many clinicians (default: one per caseload, at least 1).",
        )  # fmt: skip
        parser.add_argument(
            "--caseloads", default="500",
            help="Caseload sizes, one clinician each, e.g. 50,500,2000 (default 500): "
            "clinician i holds an editor grant from the first N runners.",
        )  # fmt: skip
        parser.add_argument(
            "--weeks", type=int, default=104, help="Weeks of history per runner (104)."
        )
        parser.add_argument("--seed", type=int, default=0, help="Random seed (0).")
        parser.add_argument(
            "--password", default="", help="The demo accounts' password (default: a new one)."
        )
        parser.add_argument(
            "--force", action="store_true",
            help="Seed even though the database has users seed_demo did not make.",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        if options["runners"] < 0 or options["weeks"] < 1:
            raise CommandError("--runners must be 0 or more and --weeks at least 1")
        real = demo.real_users()
        if real and not options["force"]:
            raise CommandError(
                f"this database has {real} user{'s' if real != 1 else ''} seed_demo did not "
                "make (a real install?): nothing was changed. Pass --force to seed anyway."
            )
        password = options["password"] or secrets.token_urlsafe(12)
        done = demo.seed(
            options["runners"],
            clinicians=options["clinicians"],
            caseloads=_sizes(options["caseloads"]),
            weeks=options["weeks"],
            today=timezone.localdate(),
            password=password,
            seed_value=options["seed"],
            progress=lambda line: self.stderr.write(line) if options["verbosity"] > 1 else None,
        )
        self.stdout.write(f"made {done.runners} demo runners and {len(done.clinicians)} clinicians")
        for name, size in done.caseloads.items():
            self.stdout.write(f"  {name}: {size} runners on the caseload")
        self.stdout.write(f"demo accounts' password: {done.password}")
