"""The engine's report and escalation reading, shaped for the app's pages.

The report page shows every section the JSON has, generically: its claims (each
with its reason code), its plain facts, and its lists as tables. So a section added
to the engine's report shows up here without a template change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from runback.engine import build_plan, decide
from runback.engine.answers import Reason
from runback.engine.case import CaseFile
from runback.engine.report import HELP_CODES as REPORT_HELP_CODES
from runback.engine.report import Section
from runback.web.runners.services import ESCALATION_CODES

TRY_AGAIN = "try_again_after_visit"
HELP_CODES = (
    ESCALATION_CODES
    | REPORT_HELP_CODES
    | {
        # referrals and early looks the engine adds (docs/engine.md, "added"); a code
        # the engine does not give yet simply never matches
        "severe_run_pain_refer",
        "pain_rising_while_dose_falls_refer",
        "walking_pain_rising_refer",
        "lasting_niggle_check_early",
        "post_surgery_needs_clearance",
    }
)
"""Reasons the Getting-help page gives as "why the app suggests professional help"."""
SKIP = frozenset({"title", "claims"})


def help_reasons(case: CaseFile) -> tuple[list[Reason], list[Reason]]:
    """(why the engine suggests professional help now, the "try again" reason if any)."""
    plan = build_plan(case, weeks=1)
    decision = decide(case)
    seen: dict[str, Reason] = {}
    for r in [*plan.triage.reasons, *decision.reasons, *plan.reasons]:
        seen.setdefault(r.code, r)
    escalate = [r for code, r in seen.items() if code in HELP_CODES]
    again = [r for code, r in seen.items() if code == TRY_AGAIN]
    return escalate, again


@dataclass
class Table:
    label: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Shown:
    key: str
    title: str
    claims: list[Reason]
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def _words(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, BaseModel):
        return ", ".join(f"{_words(k)}: {_text(v)}" for k, v in value if v is not None)
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value) or "-"
    if hasattr(value, "value"):
        return str(value.value).replace("_", " ")
    return str(value)


def present(key: str, section: Section) -> Shown:
    """One report section as a title, its claims, facts and tables."""
    shown = Shown(key, section.title, list(section.claims))
    for name, value in section:
        if name in SKIP or value is None or value in ([], ()):
            continue
        if isinstance(value, list) and all(isinstance(v, BaseModel) for v in value):
            columns = [c for c in type(value[0]).model_fields if c != "claims"]
            rows = [[_text(getattr(v, c)) for c in columns] for v in value]
            shown.tables.append(Table(_words(name), [_words(c) for c in columns], rows))
        elif isinstance(value, list) and value and isinstance(value[0], Reason):
            shown.facts.append((_words(name), "; ".join(r.text for r in value)))
        else:
            shown.facts.append((_words(name), _text(value)))
    return shown
