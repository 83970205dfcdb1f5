"""``runback report CASE.json``: the clinician report, as text, JSON or a PDF.

A thin adapter: read and validate the case file (``commands.case.load_case``), ask
the engine for the report (``build_report``), then print it (Rich), print its JSON
(``--json``, the contract of docs/report.md) and/or write its PDF (``--pdf``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from runback.commands.case import CasePath, JsonFlag, echo_json, fail, load_case
from runback.engine.report import Report, build_report
from runback.reporting import Paper, render_pdf

PdfOption = Annotated[
    Path | None,
    typer.Option("--pdf", metavar="OUT.pdf", help="Also write the report as a PDF here."),
]
PaperOption = Annotated[Paper, typer.Option("--paper", help="PDF page size.")]


def register(app: typer.Typer) -> None:
    """Add ``report`` to the ``runback`` app."""
    app.command("report")(report_command)


def report_command(
    case_path: CasePath,
    as_json: JsonFlag = False,
    pdf: PdfOption = None,
    paper: PaperOption = Paper.A4,
) -> None:
    """The report to take to a clinician: the whole picture, each claim with its rule code."""
    report = build_report(load_case(case_path))
    if pdf is not None:
        try:
            pdf.write_bytes(render_pdf(report, paper))
        except OSError as exc:
            fail(f"{pdf}: cannot write the PDF ({exc.strerror or exc.__class__.__name__})")
    if as_json:
        echo_json(report.to_contract())
        return
    console = Console()
    render_report(console, report)
    if pdf is not None:
        console.print(f"Wrote {pdf} ({paper.value}).")


def render_report(console: Console, report: Report) -> None:
    """Each section's title and claims; the numbers are in --json and the PDF."""
    console.print(f"[bold]Report for the clinician[/bold], as of {report.today}")
    for _key, section in report.present():
        console.print(f"\n[bold]{section.title}[/bold]")
        claims = section.claims
        for claim in claims:
            console.print(f"  - {claim.text} [dim]({claim.code})[/dim]")
        if not claims and not hasattr(section, "items"):
            console.print("  [dim]No findings; the data is in --json and --pdf.[/dim]")
        items = getattr(section, "items", None)
        if items and hasattr(items[0], "question"):
            for question in items:
                console.print(f"  ? {question.question} [dim]({question.because})[/dim]")
    console.print(f"\n[dim]{report.notice}[/dim]")
