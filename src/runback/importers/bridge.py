"""From imported activities to the engine's load records.

Importers may depend on the engine (the inner layer), never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass

from runback.engine.enums import LogKind
from runback.engine.load import SessionRecord, banister_trimp
from runback.importers.model import Activity, Sport


@dataclass(frozen=True, slots=True)
class HeartRateProfile:
    """The runner's heart-rate limits, needed to turn average HR into TRIMP."""

    rest_hr: float
    max_hr: float
    female: bool = False


def session_record(
    activity: Activity, hr: HeartRateProfile | None = None, default_rpe: float | None = None
) -> SessionRecord:
    """The load record of one activity.

    TRIMP when the file has heart rate and the runner's limits are known; else the
    default session RPE if one is given (so strapless runs still carry load); else
    minutes only.
    """
    minutes = (activity.moving_s or activity.timer_s or activity.total_s) / 60
    trimp = None
    if hr is not None and activity.has_hr and activity.avg_hr and hr.max_hr > hr.rest_hr:
        trimp = banister_trimp(minutes, activity.avg_hr, hr.rest_hr, hr.max_hr, female=hr.female)
    return SessionRecord(
        date=activity.local_date,
        minutes=minutes,
        distance_km=(
            activity.distance_m / 1000
            if activity.distance_m and activity.sport is not Sport.MULTISPORT
            else None
        ),
        trimp=trimp,
        rpe=None if trimp is not None else default_rpe,
        is_run=activity.log_kind is LogKind.RUN,
    )
