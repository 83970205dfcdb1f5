"""The ``runback`` command line: a thin hub.

Each feature area registers its commands from ``runback.commands.<area>`` so that
this file stays a table of contents, not a second home for logic.
"""

from __future__ import annotations

import typer

from runback.commands import activities, capacity, case, report, web, worker

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


def main() -> None:
    app()
