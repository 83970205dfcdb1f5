"""Build a load-risk window from a runner's own case file.

The same window ``windows.py`` builds from the Lövdal data set (docs/risk.md has
the mapping table): the seven days before ``day`` and the runner's usual over
days ``day - 189`` to ``day - 29``. What runback's record cannot give is ``None``
(unknown), never zero, and the scorer reports it as missing:

- ``km_z3_4``, ``km_z5_t1_t2``: the case file holds no heart-rate zones or pace
  per kilometre, so hard running is unknown;
- ``km_sprint``: not recorded;
- ``exertion``, ``success``, ``recovery``: runback's check-ins ask about pain and
  stiffness, not perceived effort, training success or recovery;
- ``km`` of a run logged with minutes but no distance: estimated at the runner's
  own median pace over the window and the usual period (runs with both), and
  unknown when no run gives a pace;
- ``alt_hours`` of a cross-training entry without minutes: unknown.

Days before the first log entry are unknown (not rest days); the usual needs 28
known days, as in ``windows.py``.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from typing import Final

from runback.engine.case import CaseFile, LogEntry
from runback.engine.enums import LogKind
from runback.engine.risk.features import DAY_KEYS, PERCEPTIONS, WINDOW_DAYS, Day, Usual, Window

USUAL_FROM: Final = WINDOW_DAYS + 182
USUAL_TO: Final = 29
USUAL_MIN_DAYS: Final = 28
MAX_SESSIONS: Final = 2.0
"""The data set counts at most two sessions a day."""
NOT_RECORDED: Final = frozenset({"km_z3_4", "km_z5_t1_t2", "km_sprint", *PERCEPTIONS})
"""Daily values runback's case file does not hold: always unknown."""
UNKNOWN_FEATURES: Final = (
    "hard_km_7d", "sprint_km_7d", "exertion_mean", "exertion_max", "success_mean",
    "recovery_mean", "recovery_min", "hard_vs_usual", "exertion_vs_usual", "success_vs_usual",
    "recovery_vs_usual",
)  # fmt: skip
"""Features that follow from those: never known on a runback record (docs/risk.md)."""

_SESSION_KINDS: Final = frozenset(
    {LogKind.RUN, LogKind.STRENGTH, LogKind.PLYOMETRICS, LogKind.CROSS_TRAINING}
)


def _median_pace(entries: Iterable[LogEntry]) -> float | None:
    """Minutes per km over the runs that carry both minutes and distance."""
    paces = [
        minutes / km
        for e in entries
        if e["kind"] is LogKind.RUN
        and (minutes := e.get("run_minutes") or 0) > 0
        and (km := e.get("distance_km") or 0) > 0
    ]
    return statistics.median(paces) if paces else None


def _day(entries: list[LogEntry], strength_lifted: bool, pace: float | None) -> Day:
    """One day's values from its log entries (an empty list: a rest day)."""
    day: dict[str, float | None] = dict.fromkeys(DAY_KEYS, 0.0)
    sessions = 0
    for e in entries:
        kind = e["kind"]
        if kind in _SESSION_KINDS:
            sessions += 1
        if kind is LogKind.RUN and (e.get("run_minutes") or 0) > 0:
            distance = e.get("distance_km")
            if distance is None:
                distance = (e.get("run_minutes") or 0) / pace if pace else None
            day["km"] = None if distance is None or day["km"] is None else day["km"] + distance
        elif kind in {LogKind.STRENGTH, LogKind.PLYOMETRICS}:
            day["strength"] = (day["strength"] or 0.0) + 1
        elif kind is LogKind.CROSS_TRAINING:
            minutes = e.get("minutes")
            hours = day["alt_hours"]
            day["alt_hours"] = None if minutes is None or hours is None else hours + minutes / 60
    if strength_lifted and not day["strength"]:
        sessions += 1
        day["strength"] = 1.0
    day["sessions"] = float(min(sessions, MAX_SESSIONS))
    for key in NOT_RECORDED:
        day[key] = None
    return day


def _usual(days: list[Day]) -> dict[str, Usual | None] | None:
    """Mean and SD of each daily value over the known days (``windows.py``'s rule)."""
    if len(days) < USUAL_MIN_DAYS:
        return None
    out: dict[str, Usual | None] = {}
    for key in DAY_KEYS:
        values = [float(v) for d in days if (v := d.get(key)) is not None]
        if key in PERCEPTIONS:
            values = [float(v) for d in days if d.get("sessions") and (v := d.get(key)) is not None]
        out[key] = (
            Usual(statistics.fmean(values), statistics.stdev(values)) if len(values) >= 2 else None
        )
    return out


def window_from_case(case: CaseFile, day: dt.date | None = None) -> Window:
    """The window before ``day`` (default: the case's today) from the runner's log."""
    day = case.today if day is None else day
    first = min([e["date"] for e in case.log] + [s.date for s in case.strength_log], default=day)
    start = day - dt.timedelta(days=USUAL_FROM)
    entries = case.entries_between(start, day - dt.timedelta(days=1))
    by_date: dict[dt.date, list[LogEntry]] = defaultdict(list)
    for e in entries:
        by_date[e["date"]].append(e)
    lifted = {s.date for s in case.strength_log}
    pace = _median_pace(entries)

    def day_at(offset: int) -> Day | None:
        date = day - dt.timedelta(days=offset)
        if date < first:
            return None
        return _day(by_date.get(date, []), date in lifted, pace)

    week = [day_at(offset) for offset in range(WINDOW_DAYS, 0, -1)]
    usual_days = [d for offset in range(USUAL_FROM, USUAL_TO - 1, -1) if (d := day_at(offset))]
    days = tuple(d if d is not None else dict.fromkeys(DAY_KEYS) for d in week)
    return Window(days=days, usual=_usual(usual_days))
