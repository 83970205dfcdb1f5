"""Assembling an :class:`Activity` from a device summary and a sample stream.

The device's own summary (FIT session, TCX lap totals) wins for totals because the
device saw every sample, including ones it never wrote to the file; the stream
fills what the summary lacks and is the only source of the walk/run split.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from runback.importers.errors import DecodeError, ImportProblem
from runback.importers.model import FOOT_SPORTS, Activity, SourceFormat, Sport
from runback.importers.summary import Stream, pause_threshold, summarise


@dataclass(frozen=True, slots=True)
class Totals:
    """An activity's totals as the device (or, lacking one, the stream) states them."""

    sport: Sport
    sub_sport: str | None
    start_utc: datetime
    total_s: float
    timer_s: float
    distance_m: float | None
    ascent_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence: float | None = None
    laps: int = 0


@dataclass(frozen=True, slots=True)
class Origin:
    """Where the bytes came from."""

    source: str
    content_hash: str
    format: SourceFormat
    sport_hint: Sport | None = None
    """The sport an export index (Strava ``activities.csv``) gives, for files without one."""


def sport_from_name(name: str | None) -> Sport:
    """Map a sport word from any format (FIT name, TCX ``Sport``, GPX ``type``)."""
    if not name:
        return Sport.GENERIC
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return Sport(key)
    except ValueError:
        pass
    for words, sport in _SPORT_WORDS:
        if any(w in key for w in words):
            return sport
    return Sport.OTHER


_SPORT_WORDS: tuple[tuple[tuple[str, ...], Sport], ...] = (
    (("run", "jog", "trail", "treadmill"), Sport.RUNNING),
    (("walk",), Sport.WALKING),
    (("hik",), Sport.HIKING),
    (("bik", "cycl", "ride"), Sport.CYCLING),
    (("swim",), Sport.SWIMMING),
    (("row",), Sport.ROWING),
    (("ski",), Sport.CROSS_COUNTRY_SKIING),
    (("multi", "triathlon"), Sport.MULTISPORT),
)


def build(origin: Origin, totals: Totals, stream: Stream, *, utc_offset_s: int | None,
          records: int, foot_stream: Stream | None = None) -> Activity:  # fmt: skip
    """Combine the totals with what the stream says.

    ``foot_stream`` (multisport files) is the part of the stream recorded in
    foot-sport sessions: only it is split into running and walking.
    """
    if totals.total_s < 0 or totals.timer_s < 0:
        raise DecodeError("negative duration in the activity summary", ImportProblem.CORRUPT)
    if origin.sport_hint and totals.sport in (Sport.GENERIC, Sport.OTHER):
        totals = dataclasses.replace(totals, sport=origin.sport_hint)
    foot = totals.sport in FOOT_SPORTS or totals.sport is Sport.MULTISPORT
    running = totals.sport is Sport.RUNNING
    st = summarise(stream, foot_sport=foot and foot_stream is None, running_sport=running)
    split = st if foot_stream is None else summarise(foot_stream, foot_sport=True,
                                                     running_sport=running)  # fmt: skip
    avg_hr = totals.avg_hr if totals.avg_hr else st.avg_hr
    max_hr = totals.max_hr if totals.max_hr else st.max_hr
    moving = st.moving_s if st.moving_s > 0 else totals.timer_s
    if totals.total_s:
        moving = min(moving, totals.total_s)
    run_s, walk_s = split.run_s, split.walk_s
    if run_s + walk_s > moving > 0:
        # Records can run a few seconds past the device's elapsed time; keep the
        # split inside the moving time it divides.
        scale = moving / (run_s + walk_s)
        run_s, walk_s = run_s * scale, walk_s * scale
    return finite(
        Activity(
            source=origin.source,
            content_hash=origin.content_hash,
            format=origin.format,
            sport=totals.sport,
            sub_sport=totals.sub_sport,
            start_utc=totals.start_utc,
            utc_offset_s=utc_offset_s,
            total_s=totals.total_s,
            timer_s=totals.timer_s,
            moving_s=moving,
            distance_m=totals.distance_m or 0.0,
            ascent_m=totals.ascent_m if totals.ascent_m is not None else st.ascent_m,
            avg_hr=avg_hr,
            max_hr=max_hr,
            avg_cadence=totals.avg_cadence if totals.avg_cadence else st.avg_cadence,
            laps=totals.laps,
            run_s=run_s,
            walk_s=walk_s,
            longest_run_s=min(split.longest_run_s, run_s),
            has_hr=bool(avg_hr),
            records=records,
        )
    )


def finite(activity: Activity) -> Activity:
    """Refuse a summary holding infinity or NaN (or a number too big to be real).

    A crafted file can state an infinite duration or a float field that overflows
    once summed; such a value would reach ``--json`` output as ``Infinity`` (not
    JSON) and the database as a row nothing can compute with.
    """
    for f in dataclasses.fields(activity):
        value = getattr(activity, f.name)
        if isinstance(value, float) and not (math.isfinite(value) and abs(value) < _ABSURD):
            raise DecodeError(
                f"the summary's {f.name} is not a usable number ({value!r})",
                ImportProblem.CORRUPT,
            )
    return activity


#: Far beyond any real total (seconds, metres, beats), still far inside a float.
_ABSURD = 1e12


def recorded_span(t: Sequence[float | None]) -> tuple[float, float, float]:
    """(first time, elapsed span, recording time without pauses) of a stream.

    Timestamps that step backwards (some devices and converters write them) are
    skipped rather than trusted, so the span is max - min.
    """
    times = [x for x in t if x is not None]
    if not times:
        raise DecodeError("no timestamps, so the activity cannot be timed", ImportProblem.NO_TIMES)
    recording = 0.0
    prev = times[0]
    max_gap = pause_threshold(times)
    for x in times[1:]:
        dt = x - prev
        if 0 < dt <= max_gap:
            recording += dt
        prev = max(prev, x)
    return min(times), max(times) - min(times), recording
