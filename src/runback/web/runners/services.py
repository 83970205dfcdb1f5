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
from types import SimpleNamespace
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from runback.engine import DayPlan, Decision, Plan, Session, decide, parse_case, plan_for_day
from runback.web.runners import freshness
from runback.web.runners.casefile import DAY, CaseRows, case_dict, case_for, load_rows
from runback.web.runners.models import (
    Clearance,
    DayEntry,
    DecisionRecord,
    LogEntry,
    Runner,
    injury_of,
)
from runback.web.runners.vocabulary import Action, LogKind, OnboardingStep

PLAN_WEEKS = 4


def plan_start(runner: Runner, today: dt.date) -> dt.date:
    """The case ``today`` a plan starting on ``today`` is built from (the engine's
    ``asked.plan_start``: the evening before, or the onset day)."""
    injury = injury_of(runner)
    yesterday = today - DAY
    return yesterday if injury is None else max(yesterday, injury.onset)


def plan_for(
    runner: Runner, today: dt.date, weeks: int = PLAN_WEEKS, *, rows: CaseRows | None = None
) -> Plan:
    """The plan from ``today`` (or tomorrow when the injury began today) onwards.

    One way to ask for a day: the record as it stands on ``today`` goes to the
    engine's ``plan_for_day``, which knows which of it counts for the plan of that day
    (the evening before, hearing this morning's check-in). ``rows`` read up to
    ``today`` or later save a read.
    """
    data = case_dict(runner, today, rows=rows)
    return _plan(json.dumps(data, sort_keys=True, default=str), today, weeks)


@lru_cache(maxsize=128)
def _plan(case_json: str, day: dt.date, weeks: int) -> Plan:
    """The engine is a pure function of the case file, so equal case files share a plan.

    Keyed on the whole case file, so any change to the record is a new key: nothing
    to invalidate. Plans are frozen, so sharing one between requests is safe.
    """
    return plan_for_day(parse_case(json.loads(case_json), default_today=day), weeks=weeks)


def day_of(plan: Plan, day: dt.date) -> DayPlan | None:
    return next((d for d in plan.days if d.date == day), None)


def current_decision(runner: Runner, today: dt.date) -> dict[str, Any]:
    """The engine's reading of the record as it stands, as the decision contract.

    Read live rather than from the last :class:`DecisionRecord`, so Today and the API
    can never show a decision made from answers that have since changed; the records
    stay as the history of what each check-in decided.
    """
    contract = decide(case_for(runner, today)).to_contract()
    label = Action.label(contract["action"])
    # The contract leaves out what is not known yet (no run logged: no run date).
    return {"date": today, "run_date": None, "next_run": None, "action_label": label, **contract}


ESCALATION_CODES = frozenset(
    {
        "red_flag_refer",
        "worsening_pain_refer",
        "stalled_progress_see_professional",
        "substantial_problem_persists_see_professional",
        "readiness_gate_failed_twice_see_professional",
        "repeated_flares_see_professional",
        "recurring_niggle_check_early",
        "clinician_led_no_running",
    }
)
"""Reasons that send the runner to a professional: the page then says only that."""


def escalated(plan: Plan, decision: dict[str, Any]) -> bool:
    """Whether the runner is being told to see someone (referral, clinician-led, or
    an escalation in the plan or the latest decision), so no page beside it speaks
    of a pain allowance for self-guided running."""
    if plan.triage.status.value != "self_guided" or decision["action"] == "refer":
        return True
    codes = {r.code for r in plan.reasons} | {r["code"] for r in decision["reasons"]}
    return bool(codes & ESCALATION_CODES)


def decision_for(runner: Runner, today: dt.date, *, rows: CaseRows | None = None) -> Decision:
    """The engine's reading of the latest run, kept as today's decision record."""
    decision = decide(case_for(runner, today, rows=rows))
    save_decision(runner, today, decision)
    return decision


def checkin_rows(runner: Runner, today: dt.date) -> CaseRows:
    """One read serving both a check-in's decision (as of ``today``) and the plan from
    tomorrow it reshapes (the record on tomorrow, which the engine plans as of today)."""
    return load_rows(runner, today + DAY)


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


# --- corrections: a later answer never silently replaces an earlier one --------


@dataclass(frozen=True)
class Correction:
    """An answer the runner had given and has now changed: said back to them."""

    field: str
    was: Any
    now: Any


def corrections(row: Any, data: dict[str, Any], fields: Any = None) -> tuple[Correction, ...]:
    """The ``fields`` (default: all of ``data``) whose new value replaces a stored one.

    A field that was empty is being answered, not corrected.
    """
    names = data.keys() if fields is None else fields
    out = []
    for name in names:
        if name not in data:
            continue
        was = getattr(row, name, None)
        if not _unanswered(was) and data[name] != was:
            out.append(Correction(name, was, data[name]))
    return tuple(out)


def _unanswered(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


def step_corrections(form: Any) -> tuple[Correction, ...]:
    """The stored answers an onboarding step's (validated) form is about to change.

    The form's ``initial`` holds the stored values; a step answered for the first
    time (no stored row yet) corrects nothing. The history step's earlier-injury
    rows count as one answer, ``injury_history``.
    """
    if form.instance.pk is None:
        return ()
    before = SimpleNamespace(**form.initial)
    changed = corrections(before, form.cleaned_data, list(form.fields))
    rows = getattr(form, "injury_history", None)
    if rows is not None:
        changed += corrections(form.instance, {"injury_history": rows()})
    return changed


# --- logging planned sessions ------------------------------------------------

_SESSION_TO_LOG = {
    "run_walk": LogKind.RUN,
    "run": LogKind.RUN,
    "walk": LogKind.WALK,
    "strength": LogKind.STRENGTH,
    "plyometrics": LogKind.PLYOMETRICS,
    "cross_training": LogKind.CROSS_TRAINING,
    "rest": LogKind.REST,
    "drills": LogKind.DRILLS,
}


def log_planned_session(runner: Runner, day: dt.date, slot: int, session: Session) -> LogEntry:
    """Tick a planned session off as done. Idempotent: a second tap returns the same row."""
    defaults: dict[str, Any] = {
        "kind": _SESSION_TO_LOG[session.kind.value],
        "intensity": session.intensity.value,
        "run_minutes": session.run_minutes or None,
        "walk_minutes": session.walk_minutes or None,
        "minutes": session.minutes,
        "planned": session.model_dump(mode="json", exclude_none=True),
    }
    try:
        with transaction.atomic():
            entry, _ = LogEntry.objects.get_or_create(
                runner=runner, date=day, slot=slot, defaults=defaults
            )
    except IntegrityError:
        # Two taps raced past get_or_create: the other one won, which is what we want.
        entry = LogEntry.objects.get(runner=runner, date=day, slot=slot)
    if entry.skipped:
        # Skipped earlier, done after all: the runner says so with this tap.
        for field, value in defaults.items():
            setattr(entry, field, value)
        entry.skipped = ""
        entry.save()
    return entry


def skip_planned_session(
    runner: Runner, day: dt.date, slot: int, session: Session, why: str
) -> LogEntry:
    """Mark a planned session as not done, and why (the engine reads a run skipped for
    pain as a sign to hold). A session already done stays done; a second skip with
    another reason corrects the reason."""
    defaults: dict[str, Any] = {
        "kind": _SESSION_TO_LOG[session.kind.value],
        "intensity": session.intensity.value,
        "skipped": why,
        "planned": session.model_dump(mode="json", exclude_none=True),
    }
    try:
        with transaction.atomic():
            entry, created = LogEntry.objects.get_or_create(
                runner=runner, date=day, slot=slot, defaults=defaults
            )
    except IntegrityError:
        entry, created = LogEntry.objects.get(runner=runner, date=day, slot=slot), False
    if not created and entry.skipped and entry.skipped != why:
        entry.skipped = why
        entry.save(update_fields=["skipped", "updated"])
    return entry


def log_unplanned_run(runner: Runner, data: dict[str, Any]) -> LogEntry:
    """Log a run that was not on the plan. The form's token makes a resubmit a no-op."""
    token = str(data["client_token"])
    fields = {k: data.get(k) for k in ("run_minutes", "walk_minutes", "distance_km")}
    return _unplanned_run(runner, data["date"], {"client_token": token}, fields)


def answer_activity(runner: Runner, activity: Any) -> LogEntry:
    """The log entry that will hold an imported run's pain answers (made once).

    Filled in with what the watch measured; the runner's after-run check-in then
    adds how it felt. Deleting the activity deletes its answers with it.
    """
    fields = {
        "run_minutes": round(activity.run_minutes, 1),
        "walk_minutes": round(activity.walk_minutes, 1) or None,
        "distance_km": round(activity.distance_km, 2) or None,
    }
    return _unplanned_run(runner, activity.local_date, {"activity": activity}, fields)


def _unplanned_run(
    runner: Runner, day: dt.date, key: dict[str, Any], fields: dict[str, Any]
) -> LogEntry:
    """The run logged once under ``key`` (a form's token, an activity), in the next free
    slot after the planned ones; a repeat or a race returns the row already there."""
    for _ in range(3):  # another run logged for the same day at the same moment: next slot
        existing = LogEntry.objects.filter(runner=runner, **key).first()
        if existing is not None:
            return existing
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
                    **key,
                    **fields,
                )
        except IntegrityError:
            continue
    raise IntegrityError("could not find a free slot for the run")


@dataclass(frozen=True)
class CheckinOutcome:
    """What a check-in answers with: the decision, the coming days it reshaped, and
    the earlier answers it changed (so the page can say so)."""

    decision: Decision
    coming: Plan
    corrections: tuple[Correction, ...] = ()


RUN_CHECKIN_FIELDS = (
    "run_minutes",
    "walk_minutes",
    "distance_km",
    "pain_before",
    "pain_during_max",
    "pain_during_pattern",
    "pain_onset_minute",
    "pain_after",
)
MORNING_FIELDS = ("pain", "stiffness", "walking_pain", "sleep_hours", "stress", "fuelling_ok")
MORNING_OPTIONAL = ("walking_pain",)
"""Left empty, these keep what this morning's earlier check-in said."""
JOURNAL_RATINGS = ("day_pain", "day_stiffness")


def _owned(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """Only the fields a form owns: whatever else arrives is never written."""
    return {k: v for k, v in data.items() if k in fields}


def record_run_checkin(entry: LogEntry, data: dict[str, Any], today: dt.date) -> CheckinOutcome:
    """Save the after-run check-in, read the run at once, and plan the coming days,
    all from one read of the record."""
    decision, rows, changed = _save_run_checkin(entry, data, today)
    coming = plan_for(entry.runner, today + DAY, weeks=1, rows=rows)
    return CheckinOutcome(decision, coming, changed)


def _save_run_checkin(
    entry: LogEntry, data: dict[str, Any], today: dt.date
) -> tuple[Decision, CaseRows | None, tuple[Correction, ...]]:
    """A run's first check-in answers; a second one corrects, and says which answers.

    Until the first, the run's minutes are the plan's (a tap on "Done"), not answers.
    """
    data = _owned(data, RUN_CHECKIN_FIELDS)
    with transaction.atomic():
        entry = LogEntry.objects.select_for_update().get(pk=entry.pk)
        changed = corrections(entry, data) if entry.checked_in else ()
        for field, value in data.items():
            setattr(entry, field, value)
        entry.checked_in = True
        entry.save()
        rows = checkin_rows(entry.runner, today)
        return decision_for(entry.runner, today, rows=rows), rows, changed


def record_morning_checkin(runner: Runner, today: dt.date, data: dict[str, Any]) -> CheckinOutcome:
    """Save this morning's check-in (today's day entry), decide again and plan the
    coming days: one read, one decision, one plan."""
    decision, rows, changed = _save_morning_checkin(runner, today, data)
    coming = plan_for(runner, today + DAY, weeks=1, rows=rows)
    return CheckinOutcome(decision, coming, changed)


def checkin_outcome(runner: Runner, today: dt.date) -> CheckinOutcome:
    """The answer to a check-in already received (sent again): nothing is written again."""
    return CheckinOutcome(decision_for(runner, today), plan_for(runner, today + DAY, weeks=1), ())


def _save_morning_checkin(
    runner: Runner, today: dt.date, data: dict[str, Any]
) -> tuple[Decision, CaseRows | None, tuple[Correction, ...]]:
    """Sending the same check-in twice updates the one day entry and the one decision.

    Only the check-in's own fields are written: the journal's ratings and notes on
    the same day entry stay. Answers that differ from this morning's earlier ones
    come back as corrections. Two at the very same moment (possible on PostgreSQL)
    race to insert the day entry; the loser's transaction is rolled back whole and
    retried as an update.
    """
    data = _owned(data, MORNING_FIELDS)
    data = {k: v for k, v in data.items() if not (k in MORNING_OPTIONAL and v is None)}
    injury_of(runner)  # read before taking the write lock, not while holding it
    for attempt in range(2):
        try:
            with transaction.atomic():
                earlier = DayEntry.objects.filter(runner=runner, date=today).first()
                changed = corrections(earlier, data) if earlier else ()
                _upsert_day_row(DayEntry, runner, today, data, stamp="updated")
                rows = checkin_rows(runner, today)
                return decision_for(runner, today, rows=rows), rows, changed
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class JournalOutcome:
    entry: DayEntry
    corrections: tuple[Correction, ...]


def save_journal(runner: Runner, data: dict[str, Any]) -> JournalOutcome:
    """Add to the day's journal. It writes only its own fields (never this morning's
    check-in answers); ratings left empty keep what was there, changed ones come back
    as corrections, and a note is added below the day's earlier notes, not over them.
    """
    day: dt.date = data["date"]
    ratings = {k: data[k] for k in JOURNAL_RATINGS if data.get(k) is not None}
    note = (data.get("notes") or "").strip()
    with transaction.atomic():
        entry, _ = DayEntry.objects.select_for_update().get_or_create(runner=runner, date=day)
        changed = corrections(entry, ratings)
        for field, value in ratings.items():
            setattr(entry, field, value)
        if note and note not in entry.notes.split("\n\n"):  # a resubmitted form adds nothing
            entry.notes = f"{entry.notes}\n\n{note}" if entry.notes else note
        entry.save()
    return JournalOutcome(entry, changed)


def record_strength(entry: LogEntry, data: dict[str, Any]) -> tuple[Correction, ...]:
    """Save a strength session's load and minutes; a changed load is a correction."""
    data = _owned(data, ("load_kg", "minutes"))
    with transaction.atomic():
        entry = LogEntry.objects.select_for_update().get(pk=entry.pk)
        changed = corrections(entry, {"load_kg": data.get("load_kg")}, ("load_kg",))
        for field, value in data.items():
            if value is not None:
                setattr(entry, field, value)
        entry.save()
    return changed


def record_plyometrics(entry: LogEntry, data: dict[str, Any]) -> tuple[Correction, ...]:
    """Save a plyometric session's contacts (and worst pain); changes are corrections.

    A pain left empty keeps what was there."""
    fields = ("contacts", "pain_during_max")
    data = {k: v for k, v in _owned(data, fields).items() if v is not None}
    with transaction.atomic():
        entry = LogEntry.objects.select_for_update().get(pk=entry.pk)
        changed = corrections(entry, data)
        for field, value in data.items():
            setattr(entry, field, value)
        entry.save()
    return changed


# --- onboarding --------------------------------------------------------------

ORDER = list(OnboardingStep)


def advance(runner: Runner, finished: OnboardingStep) -> OnboardingStep:
    """Move the wizard past ``finished`` (never backwards) and return the next step."""
    following = ORDER[ORDER.index(finished) + 1]
    if ORDER.index(OnboardingStep(runner.onboarding_step)) < ORDER.index(following):
        runner.onboarding_step = following
        runner.save(update_fields=["onboarding_step"])
    return following


def record_clearance(runner: Runner, data: dict[str, Any]) -> Clearance:
    """Keep a surgeon's or clinician's go-ahead (with any red flags it ends).

    The engine reads the latest one for the current injury as ``injury.cleared_on``:
    after surgery, or after a referral read off the log, running may start again.
    """
    return Clearance.objects.create(
        runner=runner,
        cleared_by=data["cleared_by"],
        clinician_name=(data.get("clinician_name") or "").strip(),
        cleared_on=data["cleared_on"],
        red_flags=list(runner.red_flags),
        note=(data.get("note") or "").strip(),
    )


def clear_referral(runner: Runner, data: dict[str, Any]) -> Clearance:
    """Record who cleared the referral and send the runner back to the safety check.

    The flags are reset only for the new check: answered again, any flag refers
    again. The clearance, with the flags it ended, is kept for good.
    """
    with transaction.atomic():
        clearance = record_clearance(runner, data)
        runner.red_flags = []
        runner.screened_at = None
        runner.onboarding_step = OnboardingStep.SCREEN
        runner.save(update_fields=["red_flags", "screened_at", "onboarding_step"])
    return clearance


def record_screen(runner: Runner, red_flags: list[str]) -> None:
    """Store the red-flag screen. Any flag stops self-guided training."""
    runner.red_flags = sorted(set(red_flags))
    runner.screened_at = timezone.now()
    runner.save(update_fields=["red_flags", "screened_at"])
    if not red_flags:
        advance(runner, OnboardingStep.SCREEN)
