"""The load-risk commands: ``runback risk score WINDOWS.jsonl`` and ``risk case CASE.json``.

A thin adapter over :mod:`runback.engine.risk`. Every line is read and checked
before anything is written: a bad line (not JSON, a missing or wrong field) exits
2 with one message a bad line on stderr (``line 3: days[2].km: ...``) and nothing
on stdout, so a partial answer is never mistaken for a whole one. Each window is
scored from its own ``days`` and ``baseline`` only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from runback.commands.case import load_case
from runback.engine.risk import RiskScore, Window, WindowError, parse_window, score_window
from runback.engine.risk.record import window_from_case

WindowsPath = Annotated[
    str, typer.Argument(metavar="WINDOWS.jsonl", help="One window a line ('-': stdin).")
]
CasePath = Annotated[str, typer.Argument(metavar="CASE.json", help="The case file (JSON).")]
JsonFlag = Annotated[bool, typer.Option("--json", help="One JSON object a line, in order.")]
MAX_ERRORS = 20
"""Bad lines reported before the rest are summed up in one count."""

risk_app = typer.Typer(
    help="The load-risk indicator (trained on competitive runners; see docs/risk.md).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ``runback`` app."""
    app.add_typer(risk_app, name="risk")
    risk_app.command("score")(score_command)
    risk_app.command("case")(case_command)


def _fail(messages: list[str]) -> NoReturn:
    for message in messages:
        typer.echo(message, err=True)
    raise typer.Exit(2)


def read_windows(path: str) -> list[Window]:
    """Every window of the file, or exit 2 naming each bad line and its field."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        _fail([f"{path}: no such file"])
    except (OSError, UnicodeDecodeError) as exc:
        _fail([f"{path}: cannot read the file ({exc.__class__.__name__})"])
    windows: list[Window] = []
    errors: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            windows.append(parse_window(json.loads(line)))
        except WindowError as exc:
            errors.append(f"line {number}: {exc}")
        except (ValueError, RecursionError) as exc:
            errors.append(f"line {number}: not a JSON object ({exc.__class__.__name__})")
    if errors:
        extra = len(errors) - MAX_ERRORS
        tail = [f"... and {extra} more bad lines"] if extra > 0 else []
        _fail(errors[:MAX_ERRORS] + tail)
    return windows


def score_command(windows_path: WindowsPath, as_json: JsonFlag = False) -> None:
    """Score each window: the risk an injury begins after its 7 days, and why."""
    scores = [score_window(window) for window in read_windows(windows_path)]
    if as_json:
        for score in scores:
            typer.echo(json.dumps(score.to_contract(), ensure_ascii=False))
        return
    Console().print(score_table(scores))


def case_command(case_path: CasePath, as_json: JsonFlag = False) -> None:
    """Score the 7 days before the case's today from its log (docs/risk.md, mapping)."""
    score = score_window(window_from_case(load_case(case_path)))
    if as_json:
        typer.echo(json.dumps(score.to_contract(), ensure_ascii=False))
        return
    Console().print(score_table([score]))
    if score.missing:
        Console().print(f"[dim]Not known from this record: {', '.join(score.missing)}[/dim]")


def score_table(scores: list[RiskScore]) -> Table:
    """The scores as a Rich table: line, risk, the reasons behind it."""
    table = Table(title="Load risk (trained on competitive runners; see docs/risk.md)")
    table.add_column("line", justify="right")
    table.add_column("risk", justify="right")
    table.add_column("why")
    for number, score in enumerate(scores, start=1):
        why = "; ".join(w.text for w in score.why) or "nothing raises it"
        table.add_row(str(number), f"{score.risk:.1%}", why)
    return table
