"""The case-file commands: ``assess``, ``decide``, ``plan`` and ``example``.

Thin adapters: read the file, parse it at the edge (``today`` defaults to the
real date here, never inside the engine), call one engine function, render as
JSON (``--json``, the stable contract of docs/case-file.md) or as Rich tables.
A bad case file exits 2 with one line on stderr naming the field, and nothing
on stdout.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from runback.engine import (
    Assessment,
    CaseFile,
    CaseFileError,
    DayPlan,
    Decision,
    Plan,
    Reason,
    Session,
    SessionKind,
    assess,
    build_plan,
    decide,
    parse_case,
)

NOTICE = (
    "runback is a training aid, not medical advice: if in doubt, or when a warning sign "
    "appears, see a clinician."
)
EXAMPLE_CASE = "achilles_return.json"
"""The bundled case shown by ``runback example`` (package data in runback.engine.examples)."""

CasePath = Annotated[str, typer.Argument(metavar="CASE.json", help="The case file (JSON).")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Answer in JSON (the stable contract).")]
WeeksOption = Annotated[int, typer.Option("--weeks", min=1, max=52, help="Weeks to plan.")]


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ``runback`` app."""
    app.command("assess")(assess_command)
    app.command("decide")(decide_command)
    app.command("plan")(plan_command)
    app.command("example")(example_command)


def assess_command(case_path: CasePath, as_json: JsonFlag = False) -> None:
    """Screening, pathway, phase and the next 7 days."""
    case = load_case(case_path)
    answer = assess(case)
    if as_json:
        _echo_json(answer.to_contract())
        return
    console = Console()
    render_assessment(console, answer)
    render_decision(console, decide(case))
    console.print(f"[dim]{NOTICE}[/dim]")


def decide_command(case_path: CasePath, as_json: JsonFlag = False) -> None:
    """How the last logged run went and what comes next."""
    answer = decide(load_case(case_path))
    if as_json:
        _echo_json(answer.to_contract())
        return
    console = Console()
    render_decision(console, answer)
    console.print(f"[dim]{NOTICE}[/dim]")


def plan_command(case_path: CasePath, weeks: WeeksOption = 4, as_json: JsonFlag = False) -> None:
    """A plan over several weeks."""
    answer = build_plan(load_case(case_path), weeks)
    if as_json:
        _echo_json(answer.to_contract())
        return
    console = Console()
    render_plan(console, answer)
    console.print(f"[dim]{NOTICE}[/dim]")


def example_command(weeks: WeeksOption = 2, as_json: JsonFlag = False) -> None:
    """Show the plan for a bundled example case (an Achilles tendinopathy comeback)."""
    text = resources.files("runback.engine.examples").joinpath(EXAMPLE_CASE).read_text("utf-8")
    case = parse_case(json.loads(text), default_today=dt.date.today())
    plan = build_plan(case, weeks)
    if as_json:
        _echo_json({"case": json.loads(text), "plan": plan.to_contract()})
        return
    console = Console()
    console.print(
        f"[bold]Example case:[/bold] {case.runner.age}-year-old runner, "
        f"{case.injury.kind.value} at the {case.injury.site.value}, today {case.today}."
    )
    render_plan(console, plan)
    render_decision(console, decide(case))
    console.print(f"[dim]{NOTICE}[/dim]")


# -- reading ----------------------------------------------------------------------------
def load_case(path: str) -> CaseFile:
    """Read and validate a case file, or exit 2 with one message naming the problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        _fail(f"{path}: no such file")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"{path}: cannot read the file ({exc.__class__.__name__})")
    data = _decode(path, text)
    try:
        case = parse_case(data, default_today=dt.date.today())
    except CaseFileError as exc:
        _fail(str(exc))
    except (RecursionError, OverflowError, ValueError) as exc:  # hostile input, not a bug report
        _fail(f"{path}: the case file cannot be read ({exc.__class__.__name__})")
    where = _date_out_of_range(case)
    if where:
        _fail(
            f"{where}: dates must fall between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d} "
            "(a plan counts days from them)"
        )
    return case


#: Dates a case file may hold: wide enough for any runner's history and plan, far
#: enough from year 1 and 9999 that counting weeks from them never overflows.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
#: Deeper than any case file is (the contract nests three levels), far below the
#: depth at which the JSON decoder itself gives up.
MAX_DEPTH = 64
#: Python refuses to convert integers this long from text (CVE-2020-10735).
MAX_DIGITS = 4300


class _HugeNumber:
    """Stands in for an integer too long to convert, so its field can be named."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _decode(path: str, text: str) -> Any:
    """JSON text -> data, or exit 2 naming the field that is nested or sized absurdly."""
    depth = _too_deep(text)
    if depth:
        _fail(f"{depth}: nested more than {MAX_DEPTH} levels deep")
    try:
        data = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as exc:
        _fail(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
    except (RecursionError, ValueError) as exc:
        _fail(f"{path}: not valid JSON ({exc.__class__.__name__})")
    huge = _find(data, _HugeNumber)
    if huge:
        where, value = huge
        _fail(f"{where}: a number of {value.digits} digits is not a usable value")
    return data


def _integer(text: str) -> int | _HugeNumber:
    return int(text) if len(text.lstrip("-")) <= MAX_DIGITS else _HugeNumber(len(text))


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]')


def _too_deep(text: str) -> str | None:
    """The path of the first value nested deeper than :data:`MAX_DEPTH`, if any.

    Scans pieces only (strings, brackets, colons and commas), so the decoder never
    recurses that deep and the error can still name where it happened.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    path: list[str | int] = []
    last_string = ""
    for match in _TOKEN.finditer(text):
        piece = match.group()
        if piece[0] == '"':
            last_string = piece
        elif piece == ":":
            key = last_string[1:-1]
            path[-1] = key
        elif piece == ",":
            if path and isinstance(path[-1], int):
                path[-1] += 1
        elif piece in "[{":
            if len(path) >= MAX_DEPTH:
                return _dotted_path(path)
            path.append(0 if piece == "[" else "")
        else:
            if path:
                path.pop()
    return None


def _dotted_path(path: list[str | int]) -> str:
    """``runner.notes[2].a.a`` (long paths shortened in the middle)."""
    parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in path]
    if len(parts) > 6:
        return ("".join(parts[:3]) + "..." + "".join(parts[-2:]).lstrip(".")).lstrip(".")
    return "".join(parts).lstrip(".") or "case"


def _find(data: Any, kind: type, path: tuple[str | int, ...] = ()) -> tuple[str, Any] | None:
    """The path and value of the first ``kind`` inside decoded JSON."""
    if isinstance(data, kind):
        return _dotted_path(list(path)), data
    items: Any = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        found = _find(value, kind, (*path, key))
        if found:
            return found
    return None


def _date_out_of_range(value: Any, path: tuple[str | int, ...] = ()) -> str | None:
    """The path of the first date in the case outside :data:`EARLIEST`..:data:`LATEST`."""
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return None if EARLIEST <= day <= LATEST else _dotted_path(list(path))
    if isinstance(value, BaseModel):
        items: Any = ((name, getattr(value, name)) for name in type(value).model_fields)
    elif isinstance(value, dict):
        items = value.items()
    elif isinstance(value, (list, tuple)):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _date_out_of_range(item, (*path, key))
        if found:
            return found
    return None


def fail(message: str) -> NoReturn:
    """Exit 2 with one line on stderr (a bad case file, an unwritable output)."""
    typer.echo(message, err=True)
    raise typer.Exit(code=2)


def echo_json(data: dict[str, Any]) -> None:
    """Print an answer's JSON contract."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


_fail = fail
_echo_json = echo_json


# -- rendering --------------------------------------------------------------------------
STATUS_STYLE = {"self_guided": "green", "clinician_led": "yellow", "refer": "bold red"}
ACTION_STYLE = {"progress": "green", "hold": "yellow", "back_off": "red", "refer": "bold red"}


def render_assessment(console: Console, answer: Assessment) -> None:
    """Triage, pathway and phase, the week table, the reasons."""
    _render_header(console, answer.triage.status.value, answer.pathway.value, answer.phase.value)
    console.print(_week_table("The next 7 days", answer.week))
    _render_reasons(console, "Why", answer.reasons)


def render_plan(console: Console, plan: Plan) -> None:
    """Triage, pathway and phase, one table per week, the reasons."""
    _render_header(console, plan.triage.status.value, plan.pathway.value, plan.phase.value)
    for index, week in enumerate(plan.weeks):
        days = plan.days[index * 7 : index * 7 + 7]
        title = f"Week {index + 1} from {week.start:%a %d %b}: {week.run_minutes} min running"
        if week.down_week:
            title += " (down week)"
        console.print(_week_table(title, days))
    _render_reasons(console, "Why", plan.reasons)


def render_decision(console: Console, answer: Decision) -> None:
    """The action, the pattern read from the last run, the next run and the reasons."""
    style = ACTION_STYLE[answer.action.value]
    read = f" on the run of {answer.run_date}" if answer.run_date else ""
    console.print(
        f"[bold]Decision{read}:[/bold] [{style}]{answer.action.value}[/{style}]"
        f"  (pain response: {answer.pattern.value.replace('_', ' ')})"
    )
    if answer.next_run is None:
        console.print("Next run: none until a clinician has seen you.")
    else:
        nxt = answer.next_run
        walk = f" with {nxt.walk_minutes} min walking" if nxt.walk_minutes else ""
        console.print(f"Next run: {nxt.run_minutes} min running{walk}, {nxt.intensity.value}.")
    _render_reasons(console, "Reasons", answer.reasons)


def _render_header(console: Console, status: str, pathway: str, phase: str) -> None:
    style = STATUS_STYLE[status]
    console.print(
        f"[bold]Triage:[/bold] [{style}]{status.replace('_', ' ')}[/{style}]   "
        f"[bold]Pathway:[/bold] {pathway.replace('_', ' ')}   [bold]Phase:[/bold] {phase}"
    )


def _week_table(title: str, days: list[DayPlan]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=True, expand=False)
    table.add_column("Day", no_wrap=True)
    table.add_column("Session", no_wrap=True)
    table.add_column("Dose", no_wrap=True)
    table.add_column("Why")
    for day in days:
        for index, session in enumerate(day.sessions):
            label = f"{day.date:%a %d %b}" if index == 0 else ""
            table.add_row(
                label, session.kind.value.replace("_", " "), _dose(session), _gist(session.why)
            )
    return table


def _gist(text: str) -> str:
    """The first sentence: the table stays readable, the JSON keeps the whole text."""
    head, dot, _ = text.partition(". ")
    return head + ("." if dot else "")


def _dose(session: Session) -> str:
    if session.kind in {SessionKind.RUN, SessionKind.RUN_WALK}:
        walk = f" + {session.walk_minutes} walk" if session.walk_minutes else ""
        return f"{session.run_minutes} min run{walk}, {session.intensity.value}"
    if session.kind is SessionKind.PLYOMETRICS and session.contacts:
        return f"{session.contacts} contacts"
    if session.exercises:
        first = session.exercises[0]
        return f"{len(session.exercises)} exercises, {first.sets}x{first.reps}"
    if session.minutes:
        return f"{session.minutes} min"
    return ""


def _render_reasons(console: Console, title: str, reasons: list[Reason]) -> None:
    if not reasons:
        return
    table = Table(title=title, title_justify="left", show_header=False, box=None)
    table.add_column("code", style="dim", no_wrap=True)
    table.add_column("text")
    for item in reasons:
        table.add_row(item.code, item.text)
    console.print(table)
