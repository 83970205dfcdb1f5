"""Commands for this area are registered here (see ``runback.cli``)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ``runback`` app."""
