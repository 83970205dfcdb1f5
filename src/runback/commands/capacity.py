"""The capacity commands: ``exercises`` (the library) and ``tests`` (the battery).

Thin adapters over :mod:`runback.engine.capacity`: filter, then render as JSON
(``--json``) or as Rich tables. ``runback tests CASE.json`` reads a case file
(exit 2 naming the field when it is not valid) and shows that runner's results.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from runback.commands.case import load_case
from runback.engine.capacity import (
    BATTERY,
    Criterion,
    Exercise,
    ExerciseKind,
    Gate,
    ReadinessTest,
    load_library,
)
from runback.engine.capacity.report import (
    ReadinessReport,
    readiness_report,
    report_json,
    symmetry_of,
)
from runback.engine.enums import Site
from runback.engine.history import strength_dates
from runback.engine.screening import is_bone_stress

JsonFlag = Annotated[bool, typer.Option("--json", help="Answer in JSON.")]
SiteOption = Annotated[
    Site | None, typer.Option("--site", help="Only exercises that suit this injury site.")
]
CaseArgument = Annotated[
    str | None,
    typer.Argument(metavar="[CASE.json]", help="Show this case file's results and gates."),
]
KindOption = Annotated[
    ExerciseKind | None, typer.Option("--kind", help="Only heavy, control or plyometric.")
]


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ``runback`` app."""
    app.command("exercises")(exercises_command)
    app.command("tests")(battery_command)


def exercises_command(
    site: SiteOption = None, kind: KindOption = None, as_json: JsonFlag = False
) -> None:
    """List the exercise library (optionally for one injury site)."""
    exercises = load_library().select(site=site, kind=kind)
    if as_json:
        typer.echo(json.dumps([e.model_dump(mode="json") for e in exercises], indent=2))
        return
    Console().print(exercise_table(exercises, site))


def battery_command(case_path: CaseArgument = None, as_json: JsonFlag = False) -> None:
    """Show the readiness-test battery and its criteria, or a case file's results."""
    if case_path is not None:
        case = load_case(case_path)
        report = readiness_report(
            case.tests, strength_dates(case), case.self_assessments, case.today,
            bone_site=is_bone_stress(case),
        )  # fmt: skip
        if as_json:
            typer.echo(json.dumps(report_json(report), indent=2))
        else:
            render_report(Console(), report)
        return
    if as_json:
        typer.echo(json.dumps([battery_entry_json(t) for t in BATTERY], indent=2))
        return
    console = Console()
    console.print(battery_table())
    console.print(
        "[dim]Record each test with its date, left and right results and unit; the weaker "
        "side decides, and limb symmetry = weaker / stronger side. Results older than 4 "
        "weeks need retesting. Pain during a test: at most 2/10 (0/10 for bone stress).[/dim]"
    )


def exercise_table(exercises: tuple[Exercise, ...], site: Site | None) -> Table:
    title = "Exercise library" + (f" for the {site.value.replace('_', ' ')}" if site else "")
    table = Table(title=title)
    table.add_column("id", overflow="fold")
    for column in ("name", "kind", "stance", "equipment", "progression", "regression"):
        table.add_column(column, overflow="fold")
    for e in exercises:
        kind = e.kind.value + (f" {int(e.plyo_level)}" if e.plyo_level is not None else "")
        table.add_row(
            e.id, e.name, kind, e.stance.value,
            ", ".join(k.value for k in e.equipment) or "-", e.progression, e.regression,
        )  # fmt: skip
    return table


def battery_table() -> Table:
    table = Table(title="Readiness tests")
    table.add_column("name", overflow="fold")
    table.add_column("test")
    table.add_column("unit")
    for gate in Gate:
        table.add_column(f"for {gate.value}")
    for test in BATTERY:
        cells = [criterion_text(test, test.criteria.get(gate)) for gate in Gate]
        table.add_row(test.name.value, test.title, test.unit.value, *cells)
    return table


def criterion_text(test: ReadinessTest, criterion: Criterion | None) -> str:
    """A criterion in a few words, e.g. ``>= 20 each side, symmetry >= 90%``."""
    if criterion is None:
        return "-"
    parts = []
    if criterion.minimum is not None:
        each = " each side" if test.sided else ""
        parts.append(f">= {criterion.minimum:g}{each}")
    if criterion.min_lsi is not None:
        parts.append(f"symmetry >= {criterion.min_lsi:g}%")
    return ", ".join(parts)


def battery_entry_json(test: ReadinessTest) -> dict[str, Any]:
    """One battery entry as JSON."""
    return {
        "name": test.name.value,
        "title": test.title,
        "unit": test.unit.value,
        "sided": test.sided,
        "how": test.how,
        "source": test.source,
        "criteria": {
            gate.value: {"minimum": c.minimum, "min_lsi": c.min_lsi}
            for gate, c in test.criteria.items()
        },
    }


def render_report(console: Console, report: ReadinessReport) -> None:
    """A runner's latest results with symmetry, then each gate and the self-checks."""
    results = Table(title=f"Readiness tests as of {report.today.isoformat()}")
    for column in ("test", "date", "left", "right", "unit", "symmetry", "pain"):
        results.add_column(column, overflow="fold")
    for r in report.results:
        lsi = symmetry_of(r)
        results.add_row(
            r.name.value, r.date.isoformat(), _num(r.left), _num(r.right), r.unit.value,
            "-" if lsi is None else f"{lsi:g}%", "-" if r.pain is None else f"{r.pain}/10",
        )  # fmt: skip
    console.print(results)
    plyo = report.plyometrics
    verdicts = [("plyometrics", plyo.open, [f.text for f in plyo.findings])]
    verdicts += [(v.gate.value, v.passed, [f.text for f in v.findings]) for v in report.exits]
    gates = Table(title="Gates")
    gates.add_column("gate")
    gates.add_column("open")
    gates.add_column("why", overflow="fold")
    for name, is_open, texts in verdicts:
        gates.add_row(name, "yes" if is_open else "no", "\n".join(texts))
    console.print(gates)
    for note in report.notes:
        mark = "[yellow]![/yellow]" if note.concern else " "
        console.print(f"{mark} {note.date.isoformat()} {note.text}")


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"
