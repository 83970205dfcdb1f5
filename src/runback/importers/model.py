"""What an imported activity is: one frozen summary per file.

The importers keep no per-second streams after reading: a 10-year history of
summaries fits in a few megabytes, and the load metrics only need these totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from runback.engine.enums import LogKind


class Sport(StrEnum):
    """The sports runback tells apart; everything else is ``OTHER``.

    Names follow the FIT profile so a FIT sport maps by name.
    """

    RUNNING = "running"
    WALKING = "walking"
    HIKING = "hiking"
    CYCLING = "cycling"
    SWIMMING = "swimming"
    ROWING = "rowing"
    CROSS_COUNTRY_SKIING = "cross_country_skiing"
    FITNESS_EQUIPMENT = "fitness_equipment"
    TRAINING = "training"
    MULTISPORT = "multisport"
    GENERIC = "generic"
    OTHER = "other"


class SourceFormat(StrEnum):
    """The file format an activity was read from."""

    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"


#: Sports whose time on feet the walk/run split applies to.
FOOT_SPORTS = frozenset({Sport.RUNNING, Sport.WALKING, Sport.HIKING})


@dataclass(frozen=True, slots=True)
class Activity:
    """The summary of one activity file.

    Times are seconds, distances metres. ``start_utc`` is timezone-aware (UTC);
    ``utc_offset_s`` is the device's local offset when the file records it (FIT
    ``activity.local_timestamp``), else ``None``. ``run_s``/``walk_s`` split the
    moving time of foot sports by speed and cadence (see ``summary.py``); they are 0
    for other sports. ``content_hash`` is the SHA-256 of the activity file's own
    bytes (after removing any gzip/zip wrapper), so the same upload is recognised
    whichever way it arrives.
    """

    source: str
    content_hash: str
    format: SourceFormat
    sport: Sport
    sub_sport: str | None
    start_utc: datetime
    utc_offset_s: int | None
    total_s: float
    timer_s: float
    moving_s: float
    distance_m: float
    ascent_m: float | None
    avg_hr: float | None
    max_hr: float | None
    avg_cadence: float | None
    laps: int
    run_s: float
    walk_s: float
    longest_run_s: float
    has_hr: bool
    records: int

    @property
    def local_date(self) -> date:
        """The calendar day the runner did it (device-local when known, else UTC)."""
        offset = timedelta(seconds=self.utc_offset_s or 0)
        return (self.start_utc + offset).date()

    def local_date_in(self, zone: tzinfo) -> date:
        """The calendar day the runner did it, with ``zone`` standing in for the device.

        GPX and TCX files record UTC only, so an evening run west of Greenwich would
        otherwise count for tomorrow. The device's own offset wins when the file has it
        (FIT), since the runner may have been travelling; else the start is read in
        ``zone`` (the install's time zone), daylight saving included.
        """
        if self.utc_offset_s is not None:
            return self.local_date
        return self.start_utc.astimezone(zone).date()

    @property
    def log_kind(self) -> LogKind:
        """How the case file counts this activity: a run, a walk or cross-training."""
        if self.sport in (Sport.RUNNING, Sport.MULTISPORT) and self.run_s > 0:
            return LogKind.RUN
        if self.sport in FOOT_SPORTS:
            return LogKind.WALK
        return LogKind.CROSS_TRAINING

    def to_log_entry(self) -> dict[str, Any]:
        """A case-file ``log`` entry (see ``spec/case-file.md``) for this activity.

        Pain fields are left out: a watch does not know them. Cross-training gives its
        duration as ``minutes`` (the case file's extension field) and no running.
        """
        kind = self.log_kind
        minutes = (self.moving_s or self.timer_s or self.total_s) / 60
        if kind is LogKind.RUN:
            run_min, walk_min = self.run_s / 60, self.walk_s / 60
        elif kind is LogKind.WALK:
            run_min, walk_min = 0.0, minutes
        else:
            return {
                "date": self.local_date.isoformat(),
                "kind": kind.value,
                "minutes": round(min(minutes, 1440.0), 1),
                "distance_km": round(min(self.distance_m / 1000, 500.0), 2),
            }
        entry: dict[str, Any] = {
            "date": self.local_date.isoformat(),
            "kind": kind.value,
            "run_minutes": round(min(run_min, 1440.0), 1),
            "walk_minutes": round(min(walk_min, 1440.0), 1),
        }
        if self.sport is not Sport.MULTISPORT:
            # A triathlon's distance is mostly swim and bike: not the run's length.
            entry["distance_km"] = round(min(self.distance_m / 1000, 500.0), 2)
        return entry

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (the CLI's ``--json`` line)."""
        return {
            "file": self.source,
            "content_hash": self.content_hash,
            "format": self.format.value,
            "sport": self.sport.value,
            "sub_sport": self.sub_sport,
            "start_utc": self.start_utc.isoformat(),
            "utc_offset_s": self.utc_offset_s,
            "total_s": round(self.total_s, 1),
            "timer_s": round(self.timer_s, 1),
            "moving_s": round(self.moving_s, 1),
            "distance_m": round(self.distance_m, 1),
            "ascent_m": None if self.ascent_m is None else round(self.ascent_m, 1),
            "avg_hr": None if self.avg_hr is None else round(self.avg_hr, 1),
            "max_hr": self.max_hr,
            "avg_cadence": None if self.avg_cadence is None else round(self.avg_cadence, 1),
            "laps": self.laps,
            "run_s": round(self.run_s, 1),
            "walk_s": round(self.walk_s, 1),
            "longest_run_s": round(self.longest_run_s, 1),
            "has_hr": self.has_hr,
            "records": self.records,
        }
