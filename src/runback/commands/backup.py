"""``runback backup OUT`` and ``runback restore IN``: the whole install in one file.

They act on the database and data folder the ``RUNBACK_*`` environment names, like
``runback serve``; see :mod:`runback.web.backup` for what the archive holds.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

Out = Annotated[Path, typer.Argument(help="The archive to write (.tar.gz); must not exist.")]
Source = Annotated[Path, typer.Argument(help="An archive written by 'runback backup'.")]
Yes = Annotated[bool, typer.Option("--yes", help="Replace this install's data without asking.")]

CRON_HELP = (
    "E.g. nightly from cron: "
    "'0 3 * * * RUNBACK_DATA_DIR=/srv/runback "
    "runback backup /backups/runback-$(date +\\%F).tar.gz'."
)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "runback.web.settings")
    import django

    django.setup()


def backup(out: Out) -> None:
    """Copy the database (while the app runs) and the uploaded files into one archive."""
    _django()
    from runback.web.backup import BackupError
    from runback.web.backup import backup as run_backup

    try:
        summary = run_backup(out)
    except BackupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Backed up the {summary.engine} database and {summary.files} file(s) to {out}.")


def restore(source: Source, yes: Yes = False) -> None:
    """Replace this install's database and uploaded files with a backup's."""
    _django()
    from runback.web.backup import BackupError
    from runback.web.backup import restore as run_restore

    if not yes:
        typer.confirm(
            "This replaces every account, record and uploaded file here with the backup's. Go on?",
            abort=True,
        )
    try:
        summary = run_restore(source)
    except BackupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Restored the {summary.engine} database and {summary.files} file(s).")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ``runback`` app."""
    app.command("backup", epilog=CRON_HELP)(backup)
    app.command("restore")(restore)
