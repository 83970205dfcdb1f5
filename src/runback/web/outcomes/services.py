"""Saving questionnaires (one per instrument per day, a correction said back) and
visits, and reading what the engine makes of them (what is due, the scores)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from pydantic import TypeAdapter

from runback.engine import outcomes
from runback.engine.outcomes import Due
from runback.engine.questionnaires import Instrument, QuestionnaireEntry, QuestionnaireScore, score
from runback.web.outcomes.models import QuestionnaireRecord, Visit
from runback.web.runners.casefile import NotReadyError, case_for
from runback.web.runners.models import Runner

ENTRY: TypeAdapter[Any] = TypeAdapter(QuestionnaireEntry)


@dataclass(frozen=True)
class Saved:
    """A questionnaire as saved: its score, and the earlier score of that day it replaced."""

    record: QuestionnaireRecord
    score: QuestionnaireScore
    replaced: QuestionnaireScore | None
    """Set when the same questionnaire was already answered that day (a correction)."""


def scored(record: QuestionnaireRecord) -> QuestionnaireScore:
    """The engine's score of a stored answer (never stored itself)."""
    return score(ENTRY.validate_python(record.as_case_entry()))


def record_questionnaire(
    runner: Runner, instrument: Instrument, day: dt.date, answers: dict[str, Any]
) -> Saved:
    """Store ``instrument``'s answers for ``day``; a second answer that day corrects it."""
    with transaction.atomic():
        record, created = QuestionnaireRecord.objects.select_for_update().get_or_create(
            runner=runner, date=day, instrument=instrument.value, defaults={"answers": answers}
        )
        replaced = None
        if not created:
            replaced = scored(record)
            record.answers = answers
            record.save()
    return Saved(record, scored(record), replaced)


def due(runner: Runner, today: dt.date) -> tuple[Due, ...]:
    """The questionnaires the engine's schedule asks for today (none before onboarding)."""
    try:
        case = case_for(runner, today)
    except NotReadyError:
        return ()
    return outcomes.due(case)


def history(runner: Runner, today: dt.date) -> list[tuple[QuestionnaireRecord, QuestionnaireScore]]:
    """Every questionnaire up to today with its score, newest first."""
    records = QuestionnaireRecord.objects.filter(runner=runner, date__lte=today)
    return sorted(((r, scored(r)) for r in records), key=lambda p: p[1].date, reverse=True)


def record_visit(runner: Runner, data: dict[str, Any]) -> Visit:
    """Keep one visit (each one is its own row; the latest restarts the count)."""
    fields = ("date", "who", "role", "findings", "advice")
    return Visit.objects.create(runner=runner, **{f: data.get(f) or "" for f in fields})
