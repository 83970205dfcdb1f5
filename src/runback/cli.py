"""The ``runback`` command line: a thin hub.

Each feature area registers its commands from ``runback.commands.<area>`` so that
this file stays a table of contents, not a second home for logic.
"""

from __future__ import annotations

import os

import typer

from runback.commands import activities, backup, capacity, case, report, risk, web, worker
from runback.web.config import PRIVATE_UMASK

app = typer.Typer(
    name="runback",
    help="Coach an injured runner back to running. Not medical advice.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

case.register(app)
capacity.register(app)
report.register(app)
activities.register(app)
web.register(app)
worker.register(app)
risk.register(app)
backup.register(app)


def main() -> None:
    # Files runback writes (data folder, exports) hold health data: private to the user.
    os.umask(PRIVATE_UMASK)
    app()
