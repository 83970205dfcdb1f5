"""Garmin Training Center XML (TCX): activities, laps and trackpoints.

The lap totals (``TotalTimeSeconds``, ``DistanceMeters``, heart rate) are the
device's own summary and win over the trackpoints, as FIT sessions do. A file
with several ``Activity`` elements (multi-activity exports) is summarised as one
activity; a file that holds only courses is not an activity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from runback.importers.build import Origin, Totals, build, recorded_span, sport_from_name
from runback.importers.errors import DecodeError, ImportProblem
from runback.importers.geo import haversine_m
from runback.importers.model import Activity, Sport
from runback.importers.summary import Stream
from runback.importers.xmlstream import events, number, parse_time


@dataclass(slots=True)
class _Laps:
    count: int = 0
    timer_s: float = 0.0
    distance_m: float = 0.0
    has_distance: bool = False
    hr_weighted: float = 0.0
    hr_weight: float = 0.0
    max_hr: float | None = None
    starts: list[float] = field(default_factory=list)


@dataclass(slots=True)
class _Point:
    t: float | None = None
    dist: float | None = None
    speed: float | None = None
    hr: float | None = None
    cad: float | None = None
    alt: float | None = None
    lat: float | None = None
    lon: float | None = None


def read_tcx(data: bytes, origin: Origin) -> Activity:
    """Summarise the activities of a TCX file as one activity."""
    s = Stream()
    laps = _Laps()
    sports: list[str] = []
    stack: list[str] = []
    point: _Point | None = None
    lap_time = lap_hr = 0.0
    saw_root = False
    gps_total = 0.0
    last_pos: tuple[float, float] | None = None
    for event, tag, elem in events(data):
        if event == "start":
            stack.append(tag)
            if tag == "TrainingCenterDatabase":
                saw_root = True
            elif tag == "Activity" and "Activities" in stack:
                sports.append(elem.get("Sport") or "")
            elif tag == "Lap" and "Activity" in stack:
                laps.count += 1
                start = parse_time(elem.get("StartTime"))
                if start is not None:
                    laps.starts.append(start)
                lap_time = lap_hr = 0.0
            elif tag == "Trackpoint" and "Activity" in stack:
                point = _Point()
            continue
        stack.pop()
        parent = stack[-1] if stack else ""
        if "Activity" not in stack and tag != "Activity":
            continue
        if point is not None:
            if tag == "Trackpoint":
                if point.lat is not None and point.lon is not None:
                    if last_pos is not None:
                        gps_total += haversine_m(*last_pos, point.lat, point.lon)
                    last_pos = (point.lat, point.lon)
                s.t.append(point.t)
                s.dist.append(point.dist)
                s.speed.append(point.speed)
                s.hr.append(point.hr)
                s.cad.append(point.cad)
                s.alt.append(point.alt)
                point = None
                elem.clear()
            else:
                _point_field(point, tag, parent, elem.text)
            continue
        if parent == "Lap":
            if tag == "TotalTimeSeconds":
                lap_time = number(elem.text) or 0.0
                laps.timer_s += lap_time
                if lap_hr:
                    laps.hr_weighted += lap_hr * lap_time
                    laps.hr_weight += lap_time
            elif tag == "DistanceMeters":
                d = number(elem.text)
                if d is not None:
                    laps.distance_m += d
                    laps.has_distance = True
        elif tag == "Value" and parent == "AverageHeartRateBpm":
            lap_hr = number(elem.text) or 0.0
            if lap_time:
                laps.hr_weighted += lap_hr * lap_time
                laps.hr_weight += lap_time
        elif tag == "Value" and parent == "MaximumHeartRateBpm":
            v = number(elem.text)
            if v is not None:
                laps.max_hr = v if laps.max_hr is None else max(laps.max_hr, v)
    if not saw_root:
        raise DecodeError("not a TCX document", ImportProblem.UNKNOWN_FORMAT)
    if not sports:
        raise DecodeError(
            "TCX holds no activity (a course or route only)", ImportProblem.NOT_AN_ACTIVITY
        )
    times = [t for t in s.t if t is not None] + laps.starts
    if not times:
        raise DecodeError("TCX activity has no times", ImportProblem.NO_TIMES)
    start, span, recording = recorded_span(sorted(times))
    stream_dist = max((d for d in s.dist if d is not None), default=None)
    distance = laps.distance_m if laps.has_distance else (stream_dist or gps_total)
    kinds = {sport_from_name(x) for x in sports}
    sport = kinds.pop() if len(kinds) == 1 else Sport.MULTISPORT
    totals = Totals(
        sport=sport,
        sub_sport=None,
        start_utc=datetime.fromtimestamp(start, tz=UTC),
        total_s=max(span, laps.timer_s),
        timer_s=laps.timer_s or recording,
        distance_m=distance,
        avg_hr=laps.hr_weighted / laps.hr_weight if laps.hr_weight else None,
        max_hr=laps.max_hr,
        laps=laps.count,
    )
    return build(origin, totals, s, utc_offset_s=None, records=len(s.t))


def _point_field(p: _Point, tag: str, parent: str, text: str | None) -> None:
    if tag == "Time":
        p.t = parse_time(text)
    elif tag == "DistanceMeters":
        p.dist = number(text)
    elif tag == "AltitudeMeters":
        p.alt = number(text)
    elif tag == "Value" and parent == "HeartRateBpm":
        p.hr = number(text)
    elif tag in ("Cadence", "RunCadence"):
        p.cad = number(text)
    elif tag == "Speed":
        p.speed = number(text)
    elif tag == "LatitudeDegrees":
        p.lat = number(text)
    elif tag == "LongitudeDegrees":
        p.lon = number(text)
