"""The case file: who the runner is, what the injury is, and the log so far.

Syntax is validated here, once, at the edge (pydantic); the rest of the engine
trusts these objects and never re-checks that pain is 0-10. ``parse_case`` turns
any validation failure into one :class:`CaseFileError` naming the first bad field.
The contract lives in ``docs/case-file.md``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import operator
import re
from collections.abc import Mapping
from functools import cached_property
from operator import itemgetter
from typing import TYPE_CHECKING, Annotated, Any, Required

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from typing_extensions import TypedDict

from runback.engine.capacity.records import ReadinessResult, StrengthLogEntry
from runback.engine.capacity.self_assessment import SelfAssessment
from runback.engine.enums import (
    Aggravator,
    BoneStressRisk,
    ClearedBy,
    DuringPattern,
    Equipment,
    InjuryKind,
    LogKind,
    PelvicFloorSymptom,
    RedFlag,
    Sex,
    Side,
    Site,
    SkipReason,
    Weekday,
)
from runback.engine.errors import CaseFileError
from runback.engine.questionnaires import Instrument, QuestionnaireEntry
from runback.engine.steering import NO_STEERING, ClinicianSteering
from runback.engine.visits import VisitEntry

if TYPE_CHECKING:
    from runback.engine.progress import Progress

Pain = Annotated[int, Field(ge=0, le=10)]
"""A pain rating on the 0-10 numeric scale."""

Minutes = Annotated[float, Field(ge=0, le=1440)]


class _Frozen(BaseModel):
    """Immutable, ignores keys it does not know (the contract grows by adding keys)."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class PastInjury(_Frozen):
    """Extension: an earlier injury (``runner.injury_history``)."""

    site: Site
    side: Side | None = None
    date: dt.date


class Runner(_Frozen):
    """The runner before the injury. Only ``age`` is required."""

    age: int = Field(ge=5, le=110)
    sex: Sex | None = None
    weekly_km_before: float | None = Field(default=None, ge=0, le=500)
    runs_per_week_before: int | None = Field(default=None, ge=0, le=21)
    longest_run_km_before: float | None = Field(default=None, ge=0, le=500)
    previous_injuries: int | None = Field(default=None, ge=0, le=100)
    previous_bone_stress_injuries: int | None = Field(default=None, ge=0, le=100)
    injury_history: tuple[PastInjury, ...] = ()
    """Extension: earlier injuries by site, side and date; new pain at one of those spots
    calls for an early look (``recurring_niggle_check_early``)."""


class Injury(_Frozen):
    """The injury being managed."""

    site: Site
    kind: InjuryKind
    side: Side | None = None
    """Extension: which side hurts (compared with ``runner.injury_history``)."""
    bone_stress_risk: BoneStressRisk | None = None
    onset: dt.date
    last_run: dt.date | None = None
    pain_free_run_minutes: int | None = Field(default=None, ge=0, le=600)
    pain_rest: Pain
    pain_walking: Pain
    worsening: bool = False
    aggravators: tuple[Aggravator, ...] = ()
    flare_point_minutes: int | None = Field(default=None, ge=1, le=600)
    """Extension: run length (minutes) at which the injury used to flare."""
    pain_allowance: Annotated[int, Field(ge=0, le=5)] | None = None
    """Extension: pain allowed during running; default 3, always 0 for bone stress."""
    stiffness_baseline: Pain | None = None
    """Extension: usual morning stiffness (0-10); absent reads as 0, no usual stiffness."""
    cleared_on: dt.date | None = None
    """Extension: when a clinician (or surgeon) last cleared the runner to run; referrals
    read off the log before it no longer stand, and after surgery there is no running
    without one."""
    cleared_by: ClearedBy | None = None
    """Extension: who cleared the runner (surgeon or clinician)."""


class Wellbeing(_Frozen):
    """How the runner is doing outside running; all optional."""

    sleep_hours: float | None = Field(default=None, ge=0, le=24)
    stress: Pain | None = None
    fear_of_reinjury: Pain | None = None
    fuelling_ok: bool | None = None
    missed_periods: bool | None = None
    """Extension: missed or stopped periods, recorded only if the runner chooses to
    (a sign of low energy availability)."""
    pelvic_floor_symptoms: tuple[PelvicFloorSymptom, ...] = ()
    """Extension: postnatal pelvic-floor symptoms now (leakage, heaviness or dragging,
    pain); no running while any is present."""


class LogEntry(TypedDict, total=False):
    """One thing the runner did (or a check-in) on one day.

    A typed dict rather than a model: a case file can carry years of log, and
    validating plain dicts is several times faster than building objects for each
    entry (see benchmarks/engine_bench.py). Optional keys may be absent or None:
    read them with ``entry.get(...)``.
    """

    date: Required[dt.date]
    kind: Required[LogKind]
    run_minutes: Minutes | None
    walk_minutes: Minutes | None
    distance_km: Annotated[float, Field(ge=0, le=500)] | None
    minutes: Minutes | None
    """Extension: duration of a non-running session (strength, cross-training)."""
    pain_before: Pain | None
    pain_during_max: Pain | None
    pain_during_pattern: DuringPattern | None
    pain_after: Pain | None
    pain_next_morning: Pain | None
    stiffness_next_morning: Pain | None
    """Extension: stiffness the morning after (0-10), read against ``stiffness_baseline``."""
    pain_onset_minute: Minutes | None
    """Extension: minute of the run at which pain came on."""
    pain_walking: Pain | None
    """Extension: pain on walking that day (a check-in); the latest one of the last
    week stands for ``injury.pain_walking``, and a rising series refers."""
    pain_reported: bool | None
    """Extension: ``False`` when a run was logged (ticked off as done, or imported)
    before its pain questions were answered. Its pain is then unknown, not zero: it
    counts for load and spacing but never as a pain-free run."""
    skipped: SkipReason | None
    """Extension: the planned session was not done, and why. It carries no minutes; a
    run skipped for pain reads like a flare that holds the dose (``skipped_for_pain``),
    any other reason is a missed session and changes nothing."""
    red_flags: list[RedFlag]
    """Extension: red flags reported with this entry (e.g. at a check-in)."""
    contacts: Annotated[int, Field(ge=0, le=2000)] | None
    """Extension: foot contacts done in a ``plyometrics`` session (only there)."""


_RUN = LogKind.RUN
_STRENGTH = LogKind.STRENGTH
_PLYOMETRICS = LogKind.PLYOMETRICS
# Module constants: looking members up on the enum class costs more than the
# comparison itself, and these run once per log entry.


_by_date = itemgetter("date")


def is_run(entry: LogEntry) -> bool:
    """A run is a ``run`` entry with some running minutes in it."""
    return entry["kind"] is _RUN and (entry.get("run_minutes") or 0) > 0


ALL_DAYS: tuple[Weekday, ...] = tuple(Weekday)


class Availability(_Frozen):
    """Extension: when and with what the runner can train. Default: every day."""

    days: tuple[Weekday, ...] = ALL_DAYS
    minutes_per_day: int | None = Field(default=None, ge=10, le=600)
    equipment: tuple[Equipment, ...] = ()

    @field_validator("days")
    @classmethod
    def _at_least_two_days(cls, days: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
        unique = tuple(sorted(set(days), key=lambda d: d.number))
        if len(unique) < 2:
            raise ValueError("pick at least 2 days: the plan needs 2-3 strength sessions a week")
        return unique


class CaseFile(_Frozen):
    """The whole case file, validated. ``log`` is kept sorted by date (stable)."""

    today: dt.date
    runner: Runner
    injury: Injury
    red_flags: tuple[RedFlag, ...] = ()
    wellbeing: Wellbeing = Wellbeing()
    log: tuple[LogEntry, ...] = ()
    availability: Availability = Availability()
    tests: tuple[ReadinessResult, ...] = ()
    """Extension: readiness-test results (docs/capacity.md); they decide the phase exits."""
    strength_log: tuple[StrengthLogEntry, ...] = ()
    """Extension: exercise-level strength log (sets, reps, load, reps in reserve)."""
    self_assessments: tuple[SelfAssessment, ...] = ()
    """Extension: rest test, stride video, mobility and core-activation self-checks."""
    questionnaires: tuple[QuestionnaireEntry, ...] = ()
    """Extension: outcome questionnaires (OSTRC-O2, TSK-11, VISA-A/P), scored by the engine."""
    visits: tuple[VisitEntry, ...] = ()
    """Extension: visits to a professional (who, when, findings, advice); the latest one
    restarts the time-based escalations ("try again", docs/engine.md)."""
    clinician: ClinicianSteering = NO_STEERING
    """Extension: a clinician's overrides, each with its reason (engine/steering.py). Each
    is applied by the module that owns its rule; none touches triage or escalations."""

    @field_validator("log")
    @classmethod
    def _sorted_log(cls, log: tuple[LogEntry, ...]) -> tuple[LogEntry, ...]:
        for index, entry in enumerate(log):
            if entry.get("contacts") is not None and entry["kind"] is not _PLYOMETRICS:
                raise ValueError(
                    f"log[{index}].contacts: only plyometrics entries count foot contacts"
                )
        # Usually already in date order: check that in C and skip the sort.
        dates = list(map(_by_date, log))
        if all(map(operator.le, dates, itertools.islice(dates, 1, None))):
            return log
        return tuple(sorted(log, key=_by_date))

    @field_validator("questionnaires")
    @classmethod
    def _sorted_questionnaires(
        cls, entries: tuple[QuestionnaireEntry, ...]
    ) -> tuple[QuestionnaireEntry, ...]:
        return tuple(sorted(entries, key=lambda e: e.date))

    @field_validator("visits")
    @classmethod
    def _sorted_visits(cls, visits: tuple[VisitEntry, ...]) -> tuple[VisitEntry, ...]:
        return tuple(sorted(visits, key=lambda v: v.date))

    @model_validator(mode="after")
    def _onset_not_in_future(self) -> CaseFile:
        if self.injury.onset > self.today:
            raise ValueError(f"injury.onset: {self.injury.onset} is after today ({self.today})")
        if self.clinician.cleared_to_run is not None and self.injury.cleared_on is None:
            raise ValueError(
                "clinician.cleared_to_run: needs injury.cleared_on (the date of the go-ahead)"
            )
        return self

    # The log can hold years of entries: the engine reads it through these indexes
    # (computed once per case) instead of scanning it rule by rule.
    @cached_property
    def log_dates(self) -> tuple[dt.date, ...]:
        """Dates of the log entries, in log order (sorted)."""
        return tuple(map(_by_date, self.log))

    @cached_property
    def runs_to_date(self) -> tuple[LogEntry, ...]:
        """Log entries with running in them up to and including today, oldest first."""
        end = bisect.bisect_right(self.log_dates, self.today)
        return tuple(
            [e for e in self.log[:end] if e["kind"] is _RUN and (e.get("run_minutes") or 0) > 0]
        )

    @cached_property
    def pain_skips(self) -> tuple[dt.date, ...]:
        """Days since onset (up to today) a planned run was skipped for pain, oldest first."""
        return tuple(
            e["date"]
            for e in self.entries_between(self.injury.onset, self.today)
            if e.get("skipped") is SkipReason.PAIN and e["kind"] is _RUN
        )

    @cached_property
    def runs_since_onset(self) -> tuple[LogEntry, ...]:
        """Runs since the injury began (onset day included), oldest first."""
        runs = self.runs_to_date
        start = bisect.bisect_left(runs, self.injury.onset, key=_by_date)
        return runs[start:]

    @cached_property
    def strength_days(self) -> tuple[dt.date, ...]:
        """Days with strength work up to today (``log`` and ``strength_log``), oldest first."""
        logged = {e["date"] for e in self.log if e["kind"] is _STRENGTH}
        lifted = {e.date for e in self.strength_log}
        return tuple(sorted(d for d in logged | lifted if d <= self.today))

    @cached_property
    def progress(self) -> Progress:
        """The comeback's progression folded from the log (``engine/progress.py``), once
        per case: the plan, ``decide`` and the screen all read it."""
        from runback.engine.progress import from_log  # the fold reads rules built on this

        return from_log(self)

    def entries_between(self, start: dt.date, end: dt.date) -> tuple[LogEntry, ...]:
        """Log entries with ``start <= date <= end``."""
        lo = bisect.bisect_left(self.log_dates, start)
        hi = bisect.bisect_right(self.log_dates, end)
        return self.log[lo:hi]


ZERO_TO_TEN = frozenset(
    {
        "pain_rest",
        "pain_walking",
        "pain_before",
        "pain_during_max",
        "pain_after",
        "pain_next_morning",
        "stiffness_baseline",
        "stiffness_next_morning",
        "stress",
        "fear_of_reinjury",
    }
)
"""Fields on the 0-10 scale: their range errors say so."""


def parse_case(data: Mapping[str, Any], default_today: dt.date) -> CaseFile:
    """Validate a decoded case file. ``today`` absent -> ``default_today``.

    The engine never reads the clock: the edge passes the real date.
    Raises :class:`CaseFileError` naming the first offending field.
    """
    if not isinstance(data, Mapping):
        raise CaseFileError("case", "the case file must be a JSON object")
    if data.get("today") is None:
        data = {**data, "today": default_today}
    try:
        return CaseFile.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc) from None


def _first_error(exc: ValidationError) -> CaseFileError:
    err = exc.errors(include_url=False)[0]
    loc = _without_union_tags(tuple(err["loc"]))
    if err["type"] == "union_tag_not_found":
        return CaseFileError(_dotted((*loc, "instrument")), "is required")
    message = _message(err["type"], err.get("input"), err.get("ctx") or {}, loc, err["msg"])
    where = _dotted(loc)
    head, _, rest = message.partition(": ")
    if rest and _PATH.fullmatch(head) and head.startswith(where):
        # A validator that knows the exact field names it in its message.
        return CaseFileError(head, rest)
    if rest and err["type"] == "value_error" and _NAME.fullmatch(head) and where:
        # A nested validator naming one of its own fields (questionnaire answers).
        return CaseFileError(f"{where}.{head}", rest)
    return CaseFileError(where or "case", message)


_PATH = re.compile(r"[A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*")
"""A dotted field path such as ``injury.onset`` or ``log[3].contacts``."""


_NAME = re.compile(r"[A-Za-z_]\w*")
_UNION_TAGS = frozenset(Instrument)
"""Discriminator tags pydantic puts in an error's path (``questionnaires[0].tsk_11``)."""


def _without_union_tags(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Drop the tag after a list index: the case file has no such key."""
    return tuple(
        part
        for i, part in enumerate(loc)
        if not (part in _UNION_TAGS and i > 0 and isinstance(loc[i - 1], int))
    )


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _message(
    kind: str, value: object, ctx: Mapping[str, Any], loc: tuple[int | str, ...], default: str
) -> str:
    name = next((p for p in reversed(loc) if isinstance(p, str)), "value")
    if kind == "missing":
        return "is required"
    if kind == "enum":
        expected = str(ctx.get("expected", "")).replace("'", "")
        what = name if isinstance(loc[-1], str) else "value"
        return f"unknown {what} {value!r} (expected one of {expected})"
    if kind.startswith(("less_than", "greater_than")) and name in ZERO_TO_TEN:
        return f"{value!r} is outside 0-10"
    if kind in {"less_than_equal", "less_than"}:
        return f"{value!r} is too high (at most {ctx.get('le', ctx.get('lt'))})"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"{value!r} is too low (at least {ctx.get('ge', ctx.get('gt'))})"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{value!r} is not a date (expected YYYY-MM-DD)"
    if kind in {"int_parsing", "int_from_float", "int_type"}:
        return f"{value!r} is not a whole number"
    if kind in {"float_parsing", "float_type"}:
        return f"{value!r} is not a number"
    if kind in {"bool_parsing", "bool_type"}:
        return f"{value!r} is not true or false"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "must be an object"
    if kind in {"list_type", "tuple_type"}:
        return "must be a list"
    if kind in {"too_short", "too_long"} and "actual_length" in ctx:
        bound = ctx.get("min_length", ctx.get("max_length"))
        return f"has {ctx['actual_length']} items (expected {bound})"
    if kind == "union_tag_invalid":
        expected = str(ctx.get("expected_tags", "")).replace("'", "")
        field = str(ctx.get("discriminator", "kind")).strip("'")
        return f"unknown {field} {ctx.get('tag')!r} (expected one of {expected})"
    if kind == "value_error":
        return str(ctx.get("error", default))
    return default
