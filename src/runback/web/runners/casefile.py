"""Stored rows -> a case file (the contract in ``docs/case-file.md``) -> the engine.

This is the one mapping between the web app's models and the engine: the engine
never sees a model, and the models never decide anything. Extension keys
(``docs/case-file.md``, "Additions") are written only when the runner answered
them, so the engine's defaults stand for the rest.

The next-morning check-in is a :class:`DayEntry`; its pain is the
``pain_next_morning`` of the runs logged the day before, and its walking pain a
``checkin`` entry of its own day (the journal's own
``day_pain`` is not: a rating of the day is not the morning's reading). A run
ticked off before its after-run check-in goes in with ``pain_reported: false``.
Activities uploaded from a watch or Strava (the activities app) fill the days with
no run or walk logged by hand; a hand-logged run wins because it carries the pain
ratings. The overrides an editor set in the clinic app become the ``clinician``
block, so every page and route that asks the engine honours them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from runback.engine import CaseFile, parse_case
from runback.engine.capacity import readiness_test
from runback.web.capacity.models import LiftRecord, ReadinessRecord, SelfAssessmentRecord
from runback.web.clinic.overrides import clinician_block
from runback.web.outcomes.models import QuestionnaireRecord, Visit
from runback.web.runners.imported import imported_log_entries
from runback.web.runners.models import Clearance, DayEntry, Injury, LogEntry, Runner, injury_of
from runback.web.runners.vocabulary import ClearedBy, LogKind

DAY = dt.timedelta(days=1)
WELLBEING_FRESH_DAYS = 3
"""A check-in's sleep/stress/fuelling stands for the runner's state this many days."""


class NotReadyError(Exception):
    """The record cannot make a case file yet (onboarding not finished)."""


NotReady = NotReadyError
"""Short alias used by the exports app."""


@dataclass(frozen=True)
class Morning:
    """What a case file reads of one day entry (the morning check-in's answers).

    Read as plain tuples rather than model instances: a runner with two years of
    check-ins has some 700 of them, and building each as a ``DayEntry`` was most of the
    time it took to read a long record.
    """

    date: dt.date
    pain: int | None
    stiffness: int | None
    walking_pain: int | None
    sleep_hours: float | None
    stress: int | None
    fuelling_ok: bool | None

    @classmethod
    def read(cls, runner: Runner, until: dt.date) -> dict[dt.date, Morning]:
        fields = [f.name for f in dataclasses.fields(cls)]
        rows = DayEntry.objects.filter(runner=runner, date__lte=until).values_list(*fields)
        return {row[0]: cls(*row) for row in rows}


@dataclass(frozen=True)
class CaseRows:
    """The rows a case file is built from, read once so that several case files
    (a check-in's decision and the plan it reshapes) cost one set of queries.

    ``log`` holds the entries up to ``until`` without their next-morning fields;
    ``days`` holds the day entries up to ``mornings``. Rows read up to a day serve a
    case file for that day or any day before it (:meth:`up_to`).
    """

    until: dt.date
    mornings: dt.date
    days: dict[dt.date, Morning]
    log: list[dict[str, Any]]
    tests: list[dict[str, Any]]
    self_assessments: list[dict[str, Any]]
    strength_log: list[dict[str, Any]]
    questionnaires: list[dict[str, Any]]
    visits: list[dict[str, Any]]
    clearances: tuple[Clearance, ...] = ()
    """Go-aheads up to ``until``, newest first (never "ticked by mistake")."""
    clinician: dict[str, Any] | None = None
    """The case file's ``clinician`` block: the overrides an editor set (clinic app),
    built with ``clinician_clearance``, the newest go-ahead read (see :func:`_clinician`)."""
    clinician_clearance: Clearance | None = None

    def up_to(self, day: dt.date) -> CaseRows:
        """The same rows as if read up to ``day`` (mornings too, unless earlier)."""
        if day >= self.until:
            return self
        iso = day.isoformat()

        def kept(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return [item for item in items if str(item["date"]) <= iso]

        return CaseRows(
            until=day,
            mornings=min(self.mornings, day),
            days={d: e for d, e in self.days.items() if d <= day},
            log=kept(self.log),
            tests=kept(self.tests),
            self_assessments=kept(self.self_assessments),
            strength_log=kept(self.strength_log),
            questionnaires=kept(self.questionnaires),
            visits=kept(self.visits),
            clearances=tuple(c for c in self.clearances if c.cleared_on <= day),
            clinician=self.clinician,
            clinician_clearance=self.clinician_clearance,
        )


def load_rows(runner: Runner, until: dt.date, *, mornings: dt.date | None = None) -> CaseRows:
    """Read the day entries and log (hand-logged and imported) a case file needs."""
    mornings = until if mornings is None else mornings
    days = Morning.read(runner, mornings)
    checks = SelfAssessmentRecord.objects.filter(runner=runner, date__lte=until)
    lifts = LiftRecord.objects.filter(runner=runner, date__lte=until)
    answered = QuestionnaireRecord.objects.filter(runner=runner, date__lte=until)
    visits = Visit.objects.filter(runner=runner, date__lte=until)
    clearances = tuple(
        Clearance.objects.filter(runner=runner, cleared_on__lte=until)
        .exclude(cleared_by=ClearedBy.TICKED_BY_MISTAKE)
        .order_by("-cleared_on", "-created")
    )
    newest = next(iter(clearances), None)
    return CaseRows(
        until,
        mornings,
        days,
        _log(runner, until),
        _tests(runner, until),
        [record.as_case_entry() for record in checks],
        [lift.as_case_entry() for lift in lifts],
        [record.as_case_entry() for record in answered],
        [visit.as_case_entry() for visit in visits],
        clearances,
        clinician_block(runner, newest),
        newest,
    )


def case_dict(
    runner: Runner,
    today: dt.date,
    *,
    mornings_until: dt.date | None = None,
    rows: CaseRows | None = None,
) -> dict[str, Any]:
    """The runner's case file as a JSON-ready dict, as of ``today``.

    Log entries after ``today`` are left out. ``mornings_until`` lets check-ins made
    after ``today`` count: the plan for a day is built "as of the evening before"
    (``today`` = yesterday) yet must hear this morning's check-in; the engine's
    ``plan_for_day`` does that from the case file of the day itself, so the plans
    no longer need it. ``rows`` (from :func:`load_rows` with ``until`` at least
    ``today`` and ``mornings`` at least ``mornings_until``) saves reading them again.
    """
    injury = _injury(runner)
    mornings = today if mornings_until is None else mornings_until
    if rows is None:
        rows = load_rows(runner, today, mornings=mornings)
    elif rows.until < today or rows.mornings < mornings:
        raise ValueError("the rows were read for an earlier date")
    else:
        rows = _up_to(rows, today, mornings)
    days = {d: e for d, e in rows.days.items() if d <= mornings}
    log = [dict(entry) for entry in rows.log]
    for entry in log:
        _add_morning(entry, days.get(dt.date.fromisoformat(str(entry["date"])) + DAY))
    log += _walking_checkins(days, today)
    log.sort(key=lambda e: str(e["date"]))  # stable: a day's check-in after its training
    clearance = go_ahead(rows.clearances, min(injury.onset, today), today)
    steering = _steering(_clinician(runner, rows, clearance), clearance, injury, today)
    return steering | {
        "today": today.isoformat(),
        "runner": _runner(runner),
        "injury": _injury_dict(injury, today, clearance),
        "red_flags": list(runner.red_flags),
        "wellbeing": _wellbeing(runner, mornings, days),
        "log": log,
        "availability": _availability(runner),
        "tests": [dict(entry) for entry in rows.tests],
        "self_assessments": [dict(entry) for entry in rows.self_assessments],
        "strength_log": [dict(entry) for entry in rows.strength_log],
        "questionnaires": [dict(entry) for entry in rows.questionnaires],
        "visits": [dict(entry) for entry in rows.visits],
    }


def go_ahead(clearances: tuple[Clearance, ...], onset: dt.date, today: dt.date) -> Clearance | None:
    """The go-ahead a case file for ``today`` carries (one, in ``injury.cleared_on``).

    The newest dated after the onset and before ``today``, else one dated ``today``.
    The plan for a day is built as of the evening before (engine ``plan_for_day``), so
    a go-ahead dated today counts for plans from tomorrow: were it carried while an
    earlier one exists, today's plan would read neither.
    """
    valid = [c for c in clearances if onset <= c.cleared_on <= today]  # newest first
    earlier = next((c for c in valid if c.cleared_on < today), None)
    return earlier or next(iter(valid), None)


def _up_to(rows: CaseRows, today: dt.date, mornings: dt.date) -> CaseRows:
    """``rows`` cut to ``today``, keeping the day entries up to ``mornings``."""
    cut = rows.up_to(today)
    if mornings > today:  # the later mornings are still wanted
        days = {d: e for d, e in rows.days.items() if d <= mornings}
        cut = replace(cut, mornings=mornings, days=days)
    return cut


def case_for(
    runner: Runner,
    today: dt.date,
    *,
    mornings_until: dt.date | None = None,
    rows: CaseRows | None = None,
) -> CaseFile:
    """The validated case file (raises ``CaseFileError`` naming a bad field)."""
    data = case_dict(runner, today, mornings_until=mornings_until, rows=rows)
    return parse_case(data, default_today=today)


def _clinician(runner: Runner, rows: CaseRows, clearance: Clearance | None) -> dict[str, Any]:
    """The clinician block for the go-ahead this case file carries: the one read with
    the rows, unless they were cut to a day before that go-ahead (then read again)."""
    if clearance is rows.clinician_clearance:
        return dict(rows.clinician or {})
    return clinician_block(runner, clearance)


def _steering(
    block: dict[str, Any], clearance: Clearance | None, injury: Injury, today: dt.date
) -> dict[str, Any]:
    """``{"clinician": ...}`` when an editor steers, else nothing (the key is optional)."""
    block = dict(block)
    if clearance is None or not min(injury.onset, today) <= clearance.cleared_on <= today:
        block.pop("cleared_to_run", None)  # only with the go-ahead the case file carries
    return {"clinician": block} if block else {}


def _injury(runner: Runner) -> Injury:
    injury = injury_of(runner)
    if injury is None or runner.age is None:
        raise NotReadyError("finish onboarding first")
    return injury


def _runner(runner: Runner) -> dict[str, Any]:
    out: dict[str, Any] = {"age": runner.age}
    optional = {
        "sex": runner.sex or None,
        "weekly_km_before": runner.weekly_km_before,
        "runs_per_week_before": runner.runs_per_week_before,
        "longest_run_km_before": runner.longest_run_km_before,
        "previous_injuries": runner.previous_injuries,
        "previous_bone_stress_injuries": runner.previous_bone_stress_injuries,
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    if runner.injury_history:
        out["injury_history"] = [dict(past) for past in runner.injury_history]
    return out


def _injury_dict(injury: Injury, today: dt.date, clearance: Clearance | None) -> dict[str, Any]:
    # A plan "as of yesterday" must not see an onset or last run dated today.
    onset = min(injury.onset, today)
    last_run = None if injury.last_run is None else min(injury.last_run, today)
    cleared: dict[str, Any] = {}
    if clearance is not None and onset <= clearance.cleared_on <= today:
        # The latest go-ahead a surgeon or clinician gave for this injury (never
        # "ticked by mistake"); one from before the injury began clears nothing.
        cleared = {
            "cleared_on": clearance.cleared_on.isoformat(),
            "cleared_by": "surgeon" if clearance.cleared_by == ClearedBy.SURGEON else "clinician",
        }
    return (
        cleared
        | {
            "site": injury.site,
            "kind": injury.kind,
            "bone_stress_risk": injury.bone_stress_risk or None,
            "onset": onset.isoformat(),
            "last_run": None if last_run is None else last_run.isoformat(),
            "pain_free_run_minutes": injury.pain_free_run_minutes,
            "pain_rest": injury.pain_rest,
            "pain_walking": injury.pain_walking,
            "worsening": injury.worsening,
            "aggravators": list(injury.aggravators),
            "stiffness_baseline": injury.stiffness_baseline,
        }
        | _optional_injury(injury)
    )


def _optional_injury(injury: Injury) -> dict[str, Any]:
    """The injury's optional answers, left out when not given (the engine's defaults)."""
    optional = {
        "side": injury.side or None,
        "flare_point_minutes": injury.flare_point_minutes,
        "pain_allowance": injury.pain_allowance,
    }
    return {k: v for k, v in optional.items() if v is not None}


def _wellbeing(runner: Runner, today: dt.date, days: dict[dt.date, Morning]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "sleep_hours": runner.sleep_hours,
        "stress": runner.stress,
        "fear_of_reinjury": runner.fear_of_reinjury,
        "fuelling_ok": runner.fuelling_ok,
        "missed_periods": runner.missed_periods,
        "pelvic_floor_symptoms": list(runner.pelvic_floor_symptoms) or None,
    }
    recent = [
        days[d]
        for d in sorted(days, reverse=True)
        if today - WELLBEING_FRESH_DAYS * DAY < d <= today
    ]
    for field in ("sleep_hours", "stress", "fuelling_ok"):
        value = next((getattr(e, field) for e in recent if getattr(e, field) is not None), None)
        if value is not None:
            out[field] = value
    return {k: v for k, v in out.items() if v is not None}


def _tests(runner: Runner, today: dt.date) -> list[dict[str, Any]]:
    """Readiness-test results up to ``today`` (the engine judges them)."""
    out = []
    for record in ReadinessRecord.objects.filter(runner=runner, date__lte=today):
        test = readiness_test(record.name)
        entry: dict[str, Any] = {
            "date": record.date.isoformat(),
            "name": record.name,
            "unit": test.unit.value,
        }
        for field in ("left", "right", "pain"):
            value = getattr(record, field)
            if value is not None:
                entry[field] = value
        out.append(entry)
    return out


def _availability(runner: Runner) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if runner.days:
        out["days"] = list(runner.days)
    if runner.minutes_per_day is not None:
        out["minutes_per_day"] = runner.minutes_per_day
    out["equipment"] = list(runner.equipment)
    return out


_LOG_FIELDS = (
    "run_minutes",
    "walk_minutes",
    "minutes",
    "distance_km",
    "pain_before",
    "pain_during_max",
    "pain_after",
    "pain_onset_minute",
)


def _log(runner: Runner, until: dt.date) -> list[dict[str, Any]]:
    """Hand-logged entries plus imported activities on the days nothing was logged by hand.

    Without the next-morning fields: :func:`case_dict` adds those for its own dates.
    """
    # Plain dicts of the fields a case file reads, not model instances (a long record
    # has hundreds of rows): see :class:`Morning`.
    logged = list(
        LogEntry.objects.filter(runner=runner, date__lte=until)
        .order_by("date", "slot")
        .values(*_LOG_READ)
    )
    covered = {
        e["date"]
        for e in logged
        if e["kind"] in {LogKind.RUN, LogKind.WALK}
        and e["activity_id"] is None
        and not e["skipped"]
    }
    answered = {e["activity_id"] for e in logged if e["activity_id"] is not None}
    entries = [_log_entry(e) for e in logged]
    entries += imported_log_entries(runner, until=until, covered=covered, answered=answered)
    entries.sort(key=lambda e: str(e["date"]))  # stable: hand-logged first within a day
    return entries


_LOG_READ = (
    "date", "kind", "skipped", "activity_id", "pain_during_pattern", "contacts", "checked_in",
    *_LOG_FIELDS,
)  # fmt: skip


def _log_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """One log row (its :data:`_LOG_READ` fields) as the case file's log entry."""
    out: dict[str, Any] = {"date": entry["date"].isoformat(), "kind": entry["kind"]}
    if entry["skipped"]:
        return out | {"skipped": entry["skipped"]}  # not done: no minutes, no pain
    for field in _LOG_FIELDS:
        value = entry[field]
        if value is not None:
            out[field] = value
    if entry["pain_during_pattern"]:
        out["pain_during_pattern"] = entry["pain_during_pattern"]
    if entry["kind"] == LogKind.PLYOMETRICS and entry["contacts"] is not None:
        out["contacts"] = entry["contacts"]  # the engine allows contacts on plyometrics only
    if entry["kind"] == LogKind.RUN and not entry["checked_in"]:
        # Ticked off as done (or logged) before the after-run questions: its pain is
        # unknown, and the engine must not read the missing answers as "no pain".
        out["pain_reported"] = False
    return out


def _walking_checkins(days: dict[dt.date, Morning], today: dt.date) -> list[dict[str, Any]]:
    """Walking pain rated at morning check-ins, as ``checkin`` entries up to ``today``
    (the engine reads the latest of the last week, and a rising series refers)."""
    return [
        {"date": d.isoformat(), "kind": "checkin", "pain_walking": e.walking_pain}
        for d, e in sorted(days.items())
        if d <= today and e.walking_pain is not None
    ]


def _add_morning(out: dict[str, Any], morning: Morning | None) -> None:
    """The next morning's check-in is the response to this day's training."""
    if morning is not None and morning.pain is not None:
        out["pain_next_morning"] = morning.pain
    if morning is not None and morning.stiffness is not None:
        out["stiffness_next_morning"] = morning.stiffness
