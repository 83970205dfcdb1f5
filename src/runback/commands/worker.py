"""``runback worker`` (the background task worker) and ``runback remind`` (reminder e-mails).

Both run inside the Django project; the settings come from the same ``RUNBACK_*``
environment as ``runback serve``, so they act on the same database and data folder.
"""

from __future__ import annotations

import datetime as dt
import os
import socket

import typer

CRON_HELP = (
    "Run it once each morning from cron, e.g. "
    "'0 7 * * * RUNBACK_DATA_DIR=/srv/runback /path/to/runback remind'. "
    "It never sends twice for the same morning, so running it again is harmless."
)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "runback.web.settings")
    import django

    django.setup()


def worker(
    batch: bool = typer.Option(
        False, "--batch", help="Run every queued task, then exit (instead of waiting for more)."
    ),
    max_tasks: int | None = typer.Option(
        None, "--max-tasks", min=1, help="Exit after this many tasks."
    ),
    worker_id: str = typer.Option(
        "",
        "--worker-id",
        help="A name for this worker, unique across every host (default: host name and "
        "process id). Each task records the workers that ran it.",
    ),
) -> None:
    """Run the background task worker (uploaded files are imported here).

    Keep one running beside 'runback serve'; tasks wait in the database until it
    picks them up, so nothing is lost while it is stopped. On start it queues again
    any upload left importing longer than RUNBACK_IMPORT_STALE_MINUTES (default 15)
    by a worker that was killed.
    """
    _django()
    from django.core.management import call_command

    from runback.web.activities.services import requeue_stale_imports

    # An import cut off when a worker was killed stays "importing": queue it again.
    requeued = requeue_stale_imports()
    if requeued:
        typer.echo(f"Queued again {requeued} upload(s) whose import was cut off.")
    args = ["--no-startup-delay", "--worker-id", worker_id or default_worker_id()]
    if batch:
        args.append("--batch")
    if max_tasks is not None:
        args += ["--max-tasks", str(max_tasks)]
    call_command("db_worker", *args)


def default_worker_id() -> str:
    """``host-pid``: which machine and process ran a task (its ``worker_ids``), at a glance."""
    return f"{socket.gethostname()}-{os.getpid()}"[-64:]


def remind(
    date: str | None = typer.Option(
        None, "--date", help="The morning to remind about, YYYY-MM-DD (default: today)."
    ),
) -> None:
    """E-mail runners who ran yesterday and have not done this morning's check-in."""
    if date is not None:
        try:
            dt.date.fromisoformat(date)
        except ValueError as exc:
            raise typer.BadParameter(
                f"{date!r} is not a YYYY-MM-DD date", param_hint="--date"
            ) from exc
    _django()
    from django.core.management import call_command

    call_command("send_checkin_reminders", *(["--date", date] if date else []))


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ``runback`` app."""
    app.command("worker")(worker)
    app.command("remind", epilog=CRON_HELP)(remind)
