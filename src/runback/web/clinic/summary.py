"""The caseload's engine-derived columns, kept per runner and refreshed when stale.

Phase and days in phase, adherence, load flags, readiness gates passed and the
readiness-gate escalation all need the engine. Running it for 500 runners on every
caseload request would cost seconds, so each runner has one
:class:`~runback.web.clinic.models.CaseSummary` row, tied to the record's
``data_version`` (:mod:`runback.web.runners.freshness`) and the day it was computed
for. A write to the record, or a new day, makes the row stale; the next caseload
recomputes only the stale rows and writes them back in one statement. An install
can refresh them overnight (``runback manage refresh_case_summaries``) so the first
caseload of the day is as quick as the rest.

Every number comes from the engine's own rules: the plan (:func:`plan_for`), the
load analysis (:func:`runback.engine.load.analyse`), the readiness battery
(:func:`runback.engine.capacity.readiness_report`, as the Tests page reads it) and
the gate escalation
(:func:`runback.engine.gate_escalation.escalations`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from runback.engine import Plan, gate_escalation
from runback.engine.capacity import readiness_report
from runback.engine.case import CaseFile
from runback.engine.enums import LogKind, SessionKind
from runback.engine.history import strength_dates
from runback.engine.load import FlagCode, SessionRecord, analyse
from runback.engine.screening import is_bone_stress
from runback.web.clinic.models import CaseSummary
from runback.web.runners.casefile import NotReadyError, case_for, load_rows
from runback.web.runners.models import Runner
from runback.web.runners.services import plan_for

RULES = 1
"""Bump when what a summary holds or how it is worked out changes: every row goes stale."""
ADHERENCE_DAYS = 14
FLAG_DAYS = 14
"""Load flags from this many days back are shown."""
PHASE_LOOKBACK_WEEKS = 6
"""How far back a first summary looks for the day the current phase began."""
LOAD_CODES = frozenset(
    {
        FlagCode.SPIKE_SMALL,
        FlagCode.SPIKE_STRONG,
        FlagCode.SPIKE_ERROR,
        FlagCode.WEEKLY_CHANGE,
    }
)
SPIKES = frozenset({FlagCode.SPIKE_SMALL, FlagCode.SPIKE_STRONG, FlagCode.SPIKE_ERROR})
UPDATED = (
    "data_version",
    "computed_on",
    "rules",
    "phase",
    "phase_since",
    "phase_since_exact",
    "planned_sessions",
    "done_sessions",
    "load_flags",
    "acute_chronic",
    "gates_open",
    "gates_total",
    "escalations",
)


def is_fresh(summary: CaseSummary | None, runner: Runner, today: dt.date) -> bool:
    return (
        summary is not None
        and summary.data_version == runner.data_version
        and summary.computed_on == today
        and summary.rules == RULES
    )


def summaries_for(runners: Iterable[Runner], today: dt.date) -> dict[int, CaseSummary]:
    """Each runner's summary for ``today``: one read, and one write if any was stale."""
    runners = list(runners)
    stored = {
        s.runner_id: s for s in CaseSummary.objects.filter(runner_id__in=[r.pk for r in runners])
    }
    stale = [r for r in runners if not is_fresh(stored.get(r.pk), r, today)]
    if stale:
        fresh = [compute(r, today, stored.get(r.pk)) for r in stale]
        CaseSummary.objects.bulk_create(
            fresh, update_conflicts=True, unique_fields=["runner"], update_fields=UPDATED
        )
        stored.update({s.runner_id: s for s in fresh})
    return stored


class _Record:
    """One runner's rows, read once; the plan as of any earlier day built from them.

    ``case_dict`` cuts rows read up to today to any earlier day (``CaseRows.up_to``),
    so the plans of past days cost no further reads.
    """

    def __init__(self, runner: Runner, today: dt.date) -> None:
        self.runner = runner
        self.rows = load_rows(runner, today)

    def case(self, today: dt.date) -> CaseFile:
        return case_for(self.runner, today, rows=self.rows)

    def plan(self, day: dt.date, weeks: int = 1) -> Plan:
        """The plan from ``day`` on, as the Today page of ``day`` built it."""
        return plan_for(self.runner, day, weeks, rows=self.rows)


def compute(runner: Runner, today: dt.date, previous: CaseSummary | None = None) -> CaseSummary:
    """A new (unsaved) summary of ``runner`` as of ``today``: one read of the record."""
    summary = CaseSummary(
        runner=runner, data_version=runner.data_version, computed_on=today, rules=RULES
    )
    if not runner.is_onboarded or runner.is_referred:
        return summary
    try:
        record = _Record(runner, today)
        case = record.case(today)
        phase = record.plan(today).phase.value
    except NotReadyError:
        return summary
    summary.phase = phase
    summary.phase_since, summary.phase_since_exact = _phase_since(record, today, phase, previous)
    summary.planned_sessions = _planned(record, today)
    summary.done_sessions = _done(case, today)
    flags, ratio = _load(case, today)
    summary.load_flags = flags
    summary.acute_chronic = ratio
    report = readiness_report(
        case.tests, strength_dates(case), case.self_assessments, today,
        bone_site=is_bone_stress(case),
    )  # fmt: skip
    summary.gates_open = int(report.plyometrics.open) + sum(1 for v in report.exits if v.passed)
    summary.gates_total = 1 + len(report.exits)
    summary.escalations = [r.model_dump() for r in gate_escalation.escalations(case)]
    return summary


def _phase_since(
    record: _Record, today: dt.date, phase: str, previous: CaseSummary | None
) -> tuple[dt.date, bool]:
    """The day the current phase began: kept from the last summary while it holds.

    Without a summary to go on, the engine is asked about earlier days, a week at a
    time, back to onset or ``PHASE_LOOKBACK_WEEKS``; a phase older than that is
    "at least" that old (``exact`` False).
    """
    if previous is not None and previous.phase == phase and previous.phase_since is not None:
        return previous.phase_since, previous.phase_since_exact
    if previous is not None and previous.phase:
        return today, True  # it changed since the last summary
    since = today
    for week in range(1, PHASE_LOOKBACK_WEEKS + 1):
        day = today - dt.timedelta(weeks=week)
        try:
            earlier = record.plan(day).phase.value
        except (NotReadyError, ValueError):
            return since, True
        if earlier != phase:
            return since, True
        since = day
    return since, False


def _planned(record: _Record, today: dt.date) -> int | None:
    """Sessions the plan asked for in the last 14 days, as it stood when they began."""
    start = today - dt.timedelta(days=ADHERENCE_DAYS - 1)
    try:
        plan = record.plan(start, weeks=2)
    except (NotReadyError, ValueError):
        return None
    return sum(
        1
        for day in plan.days
        if start <= day.date <= today
        for s in day.sessions
        if s.kind is not SessionKind.REST
    )


def _done(case: CaseFile, today: dt.date) -> int:
    """Sessions logged (not skipped) in the last 14 days: runs, walks, strength, cross-training."""
    start = today - dt.timedelta(days=ADHERENCE_DAYS - 1)
    return sum(1 for e in case.entries_between(start, today) if not e.get("skipped"))


def _load(case: CaseFile, today: dt.date) -> tuple[list[dict[str, object]], float | None]:
    """The engine's load flags of the last 14 days, and today's acute:chronic ratio."""
    sessions = [
        SessionRecord(
            e["date"],
            float(e.get("run_minutes") or 0) + float(e.get("walk_minutes") or 0),
            distance_km=e.get("distance_km"),
            is_run=e["kind"] is LogKind.RUN,
        )
        for e in case.entries_between(case.injury.onset, today)
        if e["kind"] in {LogKind.RUN, LogKind.WALK} and not e.get("skipped")
    ]
    if not sessions:
        return [], None
    # A rest day today carries the daily series (and its decaying ratio) up to today.
    report = analyse([*sessions, SessionRecord(today, 0.0, is_run=False)])
    since = today - dt.timedelta(days=FLAG_DAYS - 1)
    seen: set[tuple[str, str]] = set()
    flags: list[dict[str, object]] = []
    for f in sorted(report.flags, key=lambda f: f.date, reverse=True):
        if f.code in LOAD_CODES and f.date >= since and (f.code.value, str(f.date)) not in seen:
            seen.add((f.code.value, str(f.date)))
            flags.append(
                {"code": f.code.value, "date": f.date.isoformat(), "text": f.text,
                 "value": round(f.value, 2), "spike": f.code in SPIKES}
            )  # fmt: skip
    ratio = None
    last = report.days[-1] if report.days else None
    if last is not None and last.date == today and last.ratio is not None:
        ratio = round(last.ratio, 2)
    return flags, ratio
