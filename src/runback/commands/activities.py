"""The activity commands: ``activities``, ``load`` and ``case-log``.

All three stream: files are read one at a time and only small summaries are kept,
so a ten-year history never has to fit in memory. A file that cannot be read is
reported (``{"file": ..., "error": ...}`` in JSON, a red line otherwise) and the
batch carries on; the exit status is 1 when any file failed, 0 otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from runback.engine.load import LoadFlag, LoadReport, SessionRecord, WeekLoad, analyse
from runback.importers import Activity, ActivityFileError, ImportProblem, iter_activities
from runback.importers.bridge import HeartRateProfile, session_record

Paths = Annotated[
    list[Path], typer.Argument(help="Activity files, folders or export archives (.zip).")
]
JsonFlag = Annotated[bool, typer.Option("--json", help="One JSON object per line.")]


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ``runback`` app."""
    app.command("activities")(activities_command)
    app.command("load")(load_command)
    app.command("case-log")(case_log_command)


def _echo(obj: dict[str, Any]) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False))


def _unique(paths: list[Path], failures: list[ActivityFileError]) -> Iterator[Activity]:
    """Activities without duplicates (same bytes seen twice); errors go to ``failures``."""
    seen: set[str] = set()
    for outcome in iter_activities(paths):
        if isinstance(outcome, ActivityFileError):
            failures.append(outcome)
        elif outcome.content_hash not in seen:
            seen.add(outcome.content_hash)
            yield outcome


def activities_command(paths: Paths, as_json: JsonFlag = False) -> None:
    """Summarise each activity file (walks folders and Strava/Garmin archives)."""
    console = Console(highlight=False)
    failed = False
    for outcome in iter_activities(paths):
        if isinstance(outcome, ActivityFileError):
            failed = True
            if as_json:
                _echo(outcome.to_dict())
            else:
                console.print(f"[red]{escape(outcome.file)}: {escape(outcome.reason)}[/red]")
            continue
        if as_json:
            _echo(outcome.to_dict())
        else:
            console.print(_activity_line(outcome))
    if failed:
        raise typer.Exit(1)


def _activity_line(a: Activity) -> str:
    hr = f", avg HR {a.avg_hr:.0f}" if a.avg_hr else ""
    split = (
        f", run {a.run_s / 60:.0f} / walk {a.walk_s / 60:.0f} min" if a.run_s or a.walk_s else ""
    )
    return (
        f"{a.local_date} {a.sport.value:<9} {a.distance_m / 1000:6.2f} km "
        f"{a.total_s / 60:6.1f} min{split}{hr}  [dim]{escape(a.source)}[/dim]"
    )


def load_command(
    paths: Paths,
    as_json: JsonFlag = False,
    max_hr: Annotated[
        float | None, typer.Option(help="Your maximum heart rate (enables TRIMP load).")
    ] = None,
    rest_hr: Annotated[float, typer.Option(help="Your resting heart rate.")] = 60.0,
    female: Annotated[bool, typer.Option(help="Use the female TRIMP weighting.")] = False,
    default_rpe: Annotated[
        float | None,
        typer.Option(min=0, max=10, help="CR-10 effort for sessions without heart rate."),
    ] = None,
) -> None:
    """Weekly load, single-run spikes and the EWMA acute:chronic ratio."""
    hr = HeartRateProfile(rest_hr, max_hr, female) if max_hr else None
    failures: list[ActivityFileError] = []
    records: list[SessionRecord] = []
    err = Console(stderr=True, highlight=False)
    with Progress(
        TextColumn("reading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
        disable=as_json or not err.is_terminal,
    ) as progress:
        task = progress.add_task("", total=None)
        for activity in _unique(paths, failures):
            records.append(session_record(activity, hr, default_rpe))
            progress.update(task, advance=1, description=escape(Path(activity.source).name[-40:]))
    _report_failures(err, failures)
    report = analyse(records)
    if as_json:
        for week in report.weeks:
            _echo(_week_json(week, report))
    else:
        _render(Console(highlight=False), report)
    if failures:
        raise typer.Exit(1)


def _report_failures(err: Console, failures: list[ActivityFileError]) -> None:
    """One line per bad file; rows of an export whose file is absent are counted once."""
    missing = [f for f in failures if f.problem is ImportProblem.MISSING]
    for failure in failures:
        if failure.problem is not ImportProblem.MISSING:
            err.print(f"[yellow]skipped {escape(failure.file)}: {escape(failure.reason)}[/yellow]")
    if missing:
        example = escape(missing[0].file)
        err.print(f"[yellow]{len(missing)} listed file(s) missing, e.g. {example}[/yellow]")


def _flag_json(f: LoadFlag) -> dict[str, Any]:
    return {
        "code": f.code.value,
        "date": f.date.isoformat(),
        "text": f.text,
        "source": f.source.value,
        "value": round(f.value, 3),
    }


def _week_ratio(week: WeekLoad, report: LoadReport) -> float | None:
    """The uncoupled EWMA ratio on the last day of the week (information only)."""
    days = [d for d in report.days if 0 <= (d.date - week.week_start).days < 7]
    return days[-1].ratio if days else None


def _week_json(week: WeekLoad, report: LoadReport) -> dict[str, Any]:
    ratio = _week_ratio(week, report)
    return {
        "week_start": week.week_start.isoformat(),
        "runs": week.runs,
        "run_km": round(week.run_km, 2),
        "run_minutes": round(week.run_minutes, 1),
        "minutes": round(week.minutes, 1),
        "load": round(week.load, 1),
        "change": None if week.change is None else round(week.change, 3),
        "acute_chronic_ratio": None if ratio is None else round(ratio, 2),
        "monotony": None if week.monotony is None else round(week.monotony, 2),
        "strain": None if week.strain is None else round(week.strain, 1),
        "flags": [_flag_json(f) for f in week.flags],
    }


def _render(console: Console, report: LoadReport) -> None:
    table = Table(title="Weekly load")
    for col in ("week", "runs", "km", "run min", "load", "change", "A:C", "monotony", "flags"):
        left = col in ("week", "flags")
        table.add_column(col, justify="left" if left else "right", no_wrap=col == "week")
    for week in report.weeks:
        ratio = _week_ratio(week, report)
        table.add_row(
            week.week_start.isoformat(),
            str(week.runs),
            f"{week.run_km:.1f}",
            f"{week.run_minutes:.0f}",
            f"{week.load:.0f}",
            "" if week.change is None else f"{week.change * 100:+.0f}%",
            "" if ratio is None else f"{ratio:.2f}",
            "" if week.monotony is None else f"{week.monotony:.2f}",
            "\n".join(f.code.value for f in week.flags),
        )
    console.print(table)
    for f in report.flags:
        source = escape(f.source)
        console.print(
            f"[yellow]{f.date} {f.code.value}[/yellow]: {escape(f.text)} [dim]({source})[/dim]"
        )
    console.print(
        "[dim]A:C is the uncoupled EWMA acute:chronic ratio (7/28 days), shown as "
        "information: its risk bands are contested and it is not used as a gate.[/dim]"
    )


def case_log_command(
    paths: Paths,
    case: Annotated[
        Path | None,
        typer.Option(help="A case file to add the entries to (printed, not overwritten)."),
    ] = None,
) -> None:
    """Turn activities into case-file ``log`` entries (JSON), oldest first."""
    failures: list[ActivityFileError] = []
    entries = sorted(
        (a.to_log_entry() for a in _unique(paths, failures)), key=lambda e: str(e["date"])
    )
    err = Console(stderr=True, highlight=False)
    _report_failures(err, failures)
    if case is None:
        typer.echo(json.dumps({"log": entries}, indent=2))
    else:
        try:
            doc = json.loads(case.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            err.print(
                f"[red]{escape(str(case))}: cannot read the case file ({escape(str(exc))})[/red]"
            )
            raise typer.Exit(2) from exc
        if not isinstance(doc, dict):
            err.print(f"[red]{escape(str(case))}: the case file is not a JSON object[/red]")
            raise typer.Exit(2)
        log = list(doc.get("log") or [])
        known = {json.dumps(e, sort_keys=True) for e in log}
        log += [e for e in entries if json.dumps(e, sort_keys=True) not in known]
        doc["log"] = sorted(log, key=lambda e: str(e.get("date", "")))
        typer.echo(json.dumps(doc, indent=2))
    if failures:
        raise typer.Exit(1)
