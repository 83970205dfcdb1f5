"""The service layer between views (or API routes) and the engine.

Load the case file from the models, call the engine, save what comes back, in one
transaction. Views stay thin: parse, authorise, call one function here, render.

The plan shown for a day is built "as of the evening before" (case ``today`` =
yesterday) so that day's own sessions are part of it; it still hears this
morning's check-in, which is what lets a check-in reshape the coming days.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from runback.engine import DayPlan, Decision, Plan, Session, build_plan, decide, parse_case
from runback.web.runners import freshness
from runback.web.runners.casefile import DAY, CaseRows, case_dict, case_for, load_rows
from runback.web.runners.models import (
    DayEntry,
    DecisionRecord,
    LogEntry,
    Runner,
    injury_of,
)
from runback.web.runners.vocabulary import LogKind, OnboardingStep

PLAN_WEEKS = 4


def plan_start(runner: Runner, today: dt.date) -> dt.date:
    """The case ``today`` from which a plan starting on ``today`` is built."""
    injury = injury_of(runner)
    yesterday = today - DAY
    return yesterday if injury is None else max(yesterday, injury.onset)


def plan_for(
    runner: Runner, today: dt.date, weeks: int = PLAN_WEEKS, *, rows: CaseRows | None = None
) -> Plan:
    """The plan from ``today`` (or tomorrow when the injury began today) onwards.

    ``rows`` already read for the plan's start (see :func:`plan_start`) save a read.
    """
    start = plan_start(runner, today)
    data = case_dict(runner, start, mornings_until=today, rows=rows)
    return _plan(json.dumps(data, sort_keys=True, default=str), start, weeks)


@lru_cache(maxsize=128)
def _plan(case_json: str, start: dt.date, weeks: int) -> Plan:
    """The engine is a pure function of the case file, so equal case files share a plan.

    Keyed on the whole case file, so any change to the record is a new key: nothing
    to invalidate. Plans are frozen, so sharing one between requests is safe.
    """
    return build_plan(parse_case(json.loads(case_json), default_today=start), weeks=weeks)


def day_of(plan: Plan, day: dt.date) -> DayPlan | None:
    return next((d for d in plan.days if d.date == day), None)


def decision_for(runner: Runner, today: dt.date, *, rows: CaseRows | None = None) -> Decision:
    """The engine's reading of the latest run, kept as today's decision record."""
    decision = decide(case_for(runner, today, rows=rows))
    save_decision(runner, today, decision)
    return decision


def checkin_rows(runner: Runner, today: dt.date) -> CaseRows | None:
    """One read serving both a check-in's decision (as of ``today``) and the plan from
    tomorrow it reshapes (as of ``today`` too, hearing tomorrow's morning if any).

    None when the two cannot share (an injury dated after ``today``).
    """
    if plan_start(runner, today + DAY) != today:
        return None
    return load_rows(runner, today, mornings=today + DAY)


def save_decision(runner: Runner, today: dt.date, decision: Decision) -> None:
    """Keep ``decision`` as the runner's one decision record for ``today``."""
    contract = decision.to_contract()
    fields = {
        "run_date": decision.run_date,
        "action": contract["action"],
        "pattern": contract["pattern"],
        "reasons": contract["reasons"],
        "next_run": contract.get("next_run"),
    }
    _upsert_day_row(DecisionRecord, runner, today, fields, stamp="created")


def _upsert_day_row(
    model: type[DayEntry] | type[DecisionRecord],
    runner: Runner,
    day: dt.date,
    fields: dict[str, Any],
    *,
    stamp: str,
) -> None:
    """Update the runner's one row of ``model`` for ``day``, or create it.

    A check-in writes two such rows while holding SQLite's write lock, so this is one
    UPDATE (or one INSERT) instead of ``update_or_create``'s savepoint, locking read
    and save. An UPDATE sends no ``post_save``: the record's data version is bumped
    here. Call inside a transaction: a racing INSERT raises ``IntegrityError`` for
    the caller to retry.
    """
    rows = model.objects.filter(runner=runner, date=day)
    if rows.update(**fields, **{stamp: timezone.now()}):
        freshness.changed(runner.pk)
    else:
        model.objects.create(runner=runner, date=day, **fields)  # post_save bumps it


# --- logging planned sessions ------------------------------------------------

_SESSION_TO_LOG = {
    "run_walk": LogKind.RUN,
    "run": LogKind.RUN,
    "walk": LogKind.WALK,
    "strength": LogKind.STRENGTH,
    "plyometrics": LogKind.PLYOMETRICS,
    "cross_training": LogKind.CROSS_TRAINING,
    "rest": LogKind.REST,
}


def log_planned_session(runner: Runner, day: dt.date, slot: int, session: Session) -> LogEntry:
    """Tick a planned session off as done. Idempotent: a second tap returns the same row."""
    defaults: dict[str, Any] = {
        "kind": _SESSION_TO_LOG[session.kind.value],
        "intensity": session.intensity.value,
        "run_minutes": session.run_minutes or None,
        "walk_minutes": session.walk_minutes or None,
        "minutes": session.minutes,
    }
    try:
        with transaction.atomic():
            entry, _ = LogEntry.objects.get_or_create(
                runner=runner, date=day, slot=slot, defaults=defaults
            )
    except IntegrityError:
        # Two taps raced past get_or_create: the other one won, which is what we want.
        entry = LogEntry.objects.get(runner=runner, date=day, slot=slot)
    return entry


def log_unplanned_run(runner: Runner, data: dict[str, Any]) -> LogEntry:
    """Log a run that was not on the plan. The form's token makes a resubmit a no-op."""
    token = str(data["client_token"])
    existing = LogEntry.objects.filter(runner=runner, client_token=token).first()
    if existing is not None:
        return existing
    day: dt.date = data["date"]
    fields = {k: data.get(k) for k in ("run_minutes", "walk_minutes", "distance_km")}
    for _ in range(3):  # another run logged for the same day at the same moment: next slot
        last = LogEntry.objects.filter(
            runner=runner, date=day, slot__gte=LogEntry.UNPLANNED_SLOTS
        ).aggregate(last=Max("slot"))["last"]
        try:
            with transaction.atomic():
                return LogEntry.objects.create(
                    runner=runner,
                    date=day,
                    slot=LogEntry.UNPLANNED_SLOTS if last is None else last + 1,
                    kind=LogKind.RUN,
                    client_token=token,
                    **fields,
                )
        except IntegrityError:
            existing = LogEntry.objects.filter(runner=runner, client_token=token).first()
            if existing is not None:
                return existing
    raise IntegrityError("could not find a free slot for the run")


@dataclass(frozen=True)
class CheckinOutcome:
    """What a check-in answers with: the decision and the coming days it reshaped."""

    decision: Decision
    coming: Plan


def record_run_checkin(entry: LogEntry, data: dict[str, Any], today: dt.date) -> Decision:
    """Save the after-run check-in and read the run at once."""
    return _save_run_checkin(entry, data, today)[0]


def run_checkin_with_plan(entry: LogEntry, data: dict[str, Any], today: dt.date) -> CheckinOutcome:
    """:func:`record_run_checkin`, plus the coming days, from the same read of the record."""
    decision, rows = _save_run_checkin(entry, data, today)
    return CheckinOutcome(decision, plan_for(entry.runner, today + DAY, weeks=1, rows=rows))


def _save_run_checkin(
    entry: LogEntry, data: dict[str, Any], today: dt.date
) -> tuple[Decision, CaseRows | None]:
    with transaction.atomic():
        for field, value in data.items():
            setattr(entry, field, value)
        entry.checked_in = True
        entry.save()
        rows = checkin_rows(entry.runner, today)
        return decision_for(entry.runner, today, rows=rows), rows


def record_morning_checkin(runner: Runner, today: dt.date, data: dict[str, Any]) -> Decision:
    """Save this morning's check-in (today's day entry) and decide again."""
    return _save_morning_checkin(runner, today, data)[0]


def morning_checkin_with_plan(
    runner: Runner, today: dt.date, data: dict[str, Any]
) -> CheckinOutcome:
    """:func:`record_morning_checkin`, plus the coming days: one read, one decision, one plan."""
    decision, rows = _save_morning_checkin(runner, today, data)
    return CheckinOutcome(decision, plan_for(runner, today + DAY, weeks=1, rows=rows))


def _save_morning_checkin(
    runner: Runner, today: dt.date, data: dict[str, Any]
) -> tuple[Decision, CaseRows | None]:
    """Sending the same check-in twice updates the one day entry and the one decision.

    Two at the very same moment (possible on PostgreSQL) race to insert the day
    entry; the loser's transaction is rolled back whole and retried as an update.
    """
    injury_of(runner)  # read before taking the write lock, not while holding it
    for attempt in range(2):
        try:
            with transaction.atomic():
                _upsert_day_row(DayEntry, runner, today, data, stamp="updated")
                rows = checkin_rows(runner, today)
                return decision_for(runner, today, rows=rows), rows
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def save_journal(runner: Runner, data: dict[str, Any]) -> DayEntry:
    """Create or update the day's journal entry; fields left empty keep what was there."""
    day: dt.date = data["date"]
    entry, _ = DayEntry.objects.get_or_create(runner=runner, date=day)
    for field in ("pain", "stiffness", "sleep_hours"):
        if data.get(field) is not None:
            setattr(entry, field, data[field])
    if (data.get("notes") or "").strip():
        entry.notes = data["notes"].strip()
    entry.save()
    return entry


# --- onboarding --------------------------------------------------------------

ORDER = list(OnboardingStep)


def advance(runner: Runner, finished: OnboardingStep) -> OnboardingStep:
    """Move the wizard past ``finished`` (never backwards) and return the next step."""
    following = ORDER[ORDER.index(finished) + 1]
    if ORDER.index(OnboardingStep(runner.onboarding_step)) < ORDER.index(following):
        runner.onboarding_step = following
        runner.save(update_fields=["onboarding_step"])
    return following


def record_screen(runner: Runner, red_flags: list[str]) -> None:
    """Store the red-flag screen. Any flag stops self-guided training."""
    runner.red_flags = sorted(set(red_flags))
    runner.screened_at = timezone.now()
    runner.save(update_fields=["red_flags", "screened_at"])
    if not red_flags:
        advance(runner, OnboardingStep.SCREEN)
