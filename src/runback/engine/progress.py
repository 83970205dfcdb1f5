"""Where the comeback stands, in calendar time: a frozen state folded from the log.

The product asks for a plan every morning. If progress were counted in weeks of
the plan, a plan asked daily would restart its weeks every day (growing after
every two clean runs, never reaching a down week). So every rate of the pathway
is anchored on dates read from the log instead: when this comeback's runs began
(down weeks count from there), what the current dose is and since when, how the
last runs went. :func:`from_log` folds the logged runs into a :class:`Progress`;
the planner continues the same fold with its own planned runs (a plan assumes its
earlier sessions are done, and done cleanly). A runner who follows the plan
therefore gets the same comeback whether the plan is asked daily, weekly or after
a gap.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from typing import Any

from runback.engine import dosing, load, pain
from runback.engine.case import CaseFile, LogEntry

DOWN_WEEK_EVERY = 4
"""Every fourth week of a comeback is a down week (``monthly_down_week``)."""
DOWN_WEEK_MIN_DOSE = 10
"""Runs shorter than this are too short to halve: no down week yet."""
HOLD_STARTING_DOSE_DAYS = 14
"""The starting dose is held about two weeks before time is added (DOMAIN.md)."""
HOLD_DOSE_DAYS = 7
"""Any later dose is held a week: +2 minutes (or ~7%) per calendar week."""
CLEAN_RUNS_TO_PROGRESS = 2
"""Clean runs in a row at the current dose before it may grow (``one_variable_at_a_time``)."""
RECENT_RUN_DAYS = 14
"""A run older than this no longer sizes the next one: restart at the starting dose."""
FOLD_DAYS = 56
"""A long comeback's log is folded from a seed this many days back (see ``_seeded``)."""
KEEP_DAYS = 31
"""How far back the state keeps run records: the spike rule's 30-day window."""


class Outcome(StrEnum):
    """How one run went, for the progression (the full reading is ``decide``'s)."""

    CLEAN = "clean"
    HOLD = "hold"
    BACK_OFF = "back_off"


@dataclass(frozen=True, slots=True)
class Progress:
    """The comeback's progression as of a day; every field is read from dates.

    ``anchor``: the first run of this comeback (restarted after a break of more
    than ``RECENT_RUN_DAYS``); weeks and down weeks count from it.
    ``dose``: per-run minutes outside down weeks; 0 before the first run.
    ``dose_since``: the day the current dose began; ``starting``: still the first dose.
    ``clean_streak``: clean runs in a row since the last flare.
    ``pain_free_dose``: the length of the last run without any pain (integrate drops
    back to it); ``last_pain``: the day of the last run with some pain.
    ``runs``: run records of the last ``KEEP_DAYS`` days (spacing, counts, spike rule).
    ``continuous``: the last run was continuous (``dosing.is_continuous``).
    ``strength``, ``walks``, ``cross``, ``plyometrics``: days with those sessions,
    last 7 days only (their spacing and weekly counts).
    """

    anchor: dt.date | None = None
    dose: int = 0
    dose_since: dt.date | None = None
    starting: bool = True
    clean_streak: int = 0
    last_flare: dt.date | None = None
    pain_free_dose: int = 0
    last_pain: dt.date | None = None
    runs: tuple[load.SessionRecord, ...] = ()
    continuous: bool = False
    strength: tuple[dt.date, ...] = ()
    walks: tuple[dt.date, ...] = ()
    cross: tuple[dt.date, ...] = ()
    plyometrics: tuple[dt.date, ...] = ()

    @property
    def last_run(self) -> dt.date | None:
        """The day of the last run, logged or planned."""
        return self.runs[-1].date if self.runs else None

    @property
    def flared_last(self) -> bool:
        """The last run flared (held or backed off): nothing after it may be longer."""
        return self.last_flare is not None and self.last_flare == self.last_run

    def run_days(self, since: dt.date) -> list[dt.date]:
        """Days with a run on or after ``since``."""
        return [r.date for r in self.runs if r.date >= since]

    def restarting(self, day: dt.date) -> bool:
        """No run yet, or the last one too long ago to size a run on ``day``."""
        last = self.last_run
        if self.anchor is None or last is None:
            return True
        return (day - last).days > RECENT_RUN_DAYS

    def week_of(self, day: dt.date) -> int:
        """Week number of ``day`` in this comeback (0 = the week of the first run)."""
        if self.anchor is None:
            return 0
        return (day - self.anchor).days // 7

    def is_down_day(self, day: dt.date) -> bool:
        """``day`` falls in every fourth week of the comeback, once runs are long enough."""
        if self.anchor is None or self.restarting(day) or self.dose < DOWN_WEEK_MIN_DOSE:
            return False
        return self.week_of(day) % DOWN_WEEK_EVERY == DOWN_WEEK_EVERY - 1

    def held_days(self) -> int:
        """How long the current dose must be held before it may grow."""
        return HOLD_STARTING_DOSE_DAYS if self.starting else HOLD_DOSE_DAYS

    def may_grow(self, day: dt.date) -> bool:
        """The dose may grow on ``day``: held long enough, clean runs in a row, not a down week.

        Holds from outside the log (wellbeing, trends, reintroductions) are the
        caller's to add.
        """
        if self.dose <= 0 or self.dose_since is None or self.restarting(day):
            return False
        if self.clean_streak < CLEAN_RUNS_TO_PROGRESS or self.is_down_day(day):
            return False
        return (day - self.dose_since).days >= self.held_days()

    # -- folding sessions in ------------------------------------------------------
    def after_run(
        self,
        day: dt.date,
        minutes: int,
        walk_minutes: float,
        outcome: Outcome,
        *,
        backed_off_to: int | None = None,
        pain_free: bool | None = None,
        keep_window: bool = True,
    ) -> Progress:
        """The state after a run on ``day`` (logged, or planned and assumed clean).

        ``pain_free``: no pain at all during or after (default: a clean run).
        ``keep_window``: keep the last 30 days of runs (``from_log`` sets them once at
        the end instead, which keeps folding a year of log cheap).
        """
        if pain_free is None:
            pain_free = outcome is Outcome.CLEAN
        changes = self._run_changes(day, minutes, outcome, backed_off_to)
        record = load.SessionRecord(day, float(minutes))
        changes["runs"] = (*_recent(self.runs, day), record) if keep_window else (record,)
        changes["continuous"] = dosing.is_continuous(minutes, walk_minutes)
        if pain_free:
            changes["pain_free_dose"] = minutes
        else:
            changes["last_pain"] = day
        return self._evolved(changes)

    def _evolved(self, changes: dict[str, Any]) -> Progress:
        """A copy with ``changes``: ``dataclasses.replace`` without its checks, which cost
        more than the fold itself over a year of log (benchmarks/engine_bench.py)."""
        new = object.__new__(Progress)
        for name in _FIELDS:
            object.__setattr__(new, name, changes[name] if name in changes else getattr(self, name))
        return new

    def _run_changes(
        self, day: dt.date, minutes: int, outcome: Outcome, backed_off_to: int | None
    ) -> dict[str, Any]:
        """The progression fields a run changes (one ``replace`` per run: a year of log
        is folded on every plan)."""
        if self.restarting(day):
            clean = outcome is Outcome.CLEAN
            if outcome is Outcome.BACK_OFF and backed_off_to is not None:
                minutes = min(minutes, backed_off_to)
            return {
                "anchor": day,
                "dose": minutes,
                "dose_since": day,
                "starting": True,
                "clean_streak": 1 if clean else 0,
                "last_flare": None if clean else day,
            }
        if outcome is Outcome.BACK_OFF:
            dose = min(self.dose, backed_off_to if backed_off_to is not None else minutes)
            return {"dose": dose, "dose_since": day, "clean_streak": 0, "last_flare": day}
        if outcome is Outcome.HOLD:
            return {"clean_streak": 0, "last_flare": day}
        if self.is_down_day(day) or minutes == self.dose:
            return {"clean_streak": self.clean_streak + 1}
        # A new dose: grown by the plan, cut by a cap, or what the runner chose to run.
        return {
            "dose": minutes,
            "dose_since": day,
            "starting": self.starting and minutes < self.dose,
            "clean_streak": self.clean_streak + 1,
        }

    def after_strength(self, day: dt.date, *, plyometrics: bool = False) -> Progress:
        """The state after a strength session (and hops) on ``day``."""
        hops = (*_week(self.plyometrics, day), day) if plyometrics else self.plyometrics
        return replace(self, strength=(*_week(self.strength, day), day), plyometrics=hops)

    def after_pain_skip(self, day: dt.date) -> Progress:
        """A planned run skipped because it hurt: like a flare that holds the dose.

        Not a missed run: the streak of clean runs starts again and growth waits.
        """
        return replace(self, clean_streak=0, last_flare=day)

    def after_walk(self, day: dt.date) -> Progress:
        return replace(self, walks=(*_week(self.walks, day), day))

    def after_cross_training(self, day: dt.date) -> Progress:
        return replace(self, cross=(*_week(self.cross, day), day))


_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Progress))


def _recent(runs: tuple[load.SessionRecord, ...], day: dt.date) -> tuple[load.SessionRecord, ...]:
    since = day - dt.timedelta(days=KEEP_DAYS)
    return tuple(r for r in runs if r.date > since)


def _week(days: tuple[dt.date, ...], day: dt.date) -> tuple[dt.date, ...]:
    since = day - dt.timedelta(days=7)
    return tuple(d for d in days if d > since and d != day)


def outcome_of(case: CaseFile, run: LogEntry, earlier: tuple[LogEntry, ...]) -> Outcome:
    """How a logged run went: a flare that backs off, one that holds, or clean.

    A run whose pain was never reported is not clean (its pain is unknown): it holds.
    """
    if run.get("pain_reported") is False:
        return Outcome.HOLD
    reading = pain.read_run(case, run, earlier)
    if reading.backs:
        return Outcome.BACK_OFF
    if reading.holds:
        return Outcome.HOLD
    return Outcome.CLEAN


def _last_restart(runs: tuple[LogEntry, ...]) -> int:
    """Index of the first run after the last break long enough to restart the comeback:
    a restart resets the progression, so the runs before it need no folding."""
    for index in range(len(runs) - 1, 0, -1):
        if (runs[index]["date"] - runs[index - 1]["date"]).days > RECENT_RUN_DAYS:
            return index
    return 0


def _seeded(case: CaseFile, runs: tuple[LogEntry, ...], first: int) -> tuple[Progress, int]:
    """Where the fold starts: the comeback's first run, or for a long comeback a state
    seeded from the last full run before the last ``FOLD_DAYS`` days.

    Folding a year of log for every plan is slow, and the runs that old only matter
    through the dose they left, which is older than any hold: the seed keeps the
    comeback's anchor (down weeks stay on the same calendar) and that dose.
    """
    start = case.today - dt.timedelta(days=FOLD_DAYS)
    cut = bisect.bisect_left(runs, start, lo=first, key=_run_date)
    if cut - first < 2:
        return Progress(), first
    anchor = runs[first]["date"]
    seed = cut - 1
    while seed > first and ((runs[seed]["date"] - anchor).days // 7) % DOWN_WEEK_EVERY == (
        DOWN_WEEK_EVERY - 1
    ):
        seed -= 1  # a down week's half-length run is not the dose
    run = runs[seed]
    minutes = max(1, round(run.get("run_minutes") or 0))
    clean = outcome_of(case, run, runs[:seed]) is Outcome.CLEAN
    state = Progress(
        anchor=anchor,
        dose=minutes,
        dose_since=run["date"],
        starting=False,
        clean_streak=CLEAN_RUNS_TO_PROGRESS if clean else 0,
        last_flare=None if clean else run["date"],
        pain_free_dose=minutes if clean else 0,
        runs=(load.SessionRecord(run["date"], float(minutes)),),
    )
    return state, seed + 1


def _run_date(entry: LogEntry) -> dt.date:
    return entry["date"]


def from_log(case: CaseFile) -> Progress:
    """Fold the runs since onset (and the last week's other sessions) into the state."""
    runs = case.runs_since_onset
    first = _last_restart(runs)
    state, first = _seeded(case, runs, first)
    since = runs[first - 1]["date"] if 0 < first <= len(runs) else case.injury.onset
    skips = [day for day in case.pain_skips if day >= since]
    for index, run in enumerate(runs[first:], start=first):
        while skips and skips[0] < run["date"]:
            state = state.after_pain_skip(skips.pop(0))
        minutes = max(1, round(run.get("run_minutes") or 0))
        outcome = outcome_of(case, run, runs[:index])
        backed = None
        if outcome is Outcome.BACK_OFF:
            backed = dosing.backed_off(minutes, run.get("pain_onset_minute"))
        pain_free = outcome is Outcome.CLEAN and not any(
            run.get(key) for key in ("pain_during_max", "pain_after")
        )
        state = state.after_run(
            run["date"],
            minutes,
            run.get("walk_minutes") or 0,
            outcome,
            backed_off_to=backed,
            pain_free=pain_free,
            keep_window=False,
        )
    for day in skips:
        state = state.after_pain_skip(day)
    week = case.today - dt.timedelta(days=6)
    for entry in case.entries_between(week, case.today):
        kind = entry["kind"].value
        if kind == "walk":
            state = state.after_walk(entry["date"])
        elif kind == "cross_training":
            state = state.after_cross_training(entry["date"])
        elif kind == "plyometrics":
            state = replace(state, plyometrics=(*state.plyometrics, entry["date"]))
    strength = tuple(d for d in case.strength_days if d >= week)
    # The spike rule and the spacing read every recent run, also those before onset.
    recent = tuple(
        load.SessionRecord(e["date"], float(e.get("run_minutes") or 0))
        for e in case.runs_to_date[-KEEP_DAYS:]
        if (case.today - e["date"]).days < KEEP_DAYS
    )
    return replace(
        state, strength=strength, runs=recent, continuous=dosing.running_continuously(case)
    )
