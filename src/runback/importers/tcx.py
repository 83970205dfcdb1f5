"""Garmin Training Center XML (TCX): activities, laps and trackpoints.

The lap totals (``TotalTimeSeconds``, ``DistanceMeters``, heart rate) are the
device's own summary and win over the trackpoints, as FIT sessions do. A file
with several ``Activity`` elements (multi-activity exports) is summarised as one
activity; a file that holds only courses is not an activity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from runback.importers.build import Origin, Totals, build, recorded_span, sport_from_name
from runback.importers.errors import DecodeError, ImportProblem
from runback.importers.geo import haversine_m
from runback.importers.model import Activity, Sport
from runback.importers.summary import Stream, fill_speed_from_distance
from runback.importers.xmlstream import closed_elements, local, number, parse_time

#: Records whose children are read when they close; everything else is dropped as read.
_HOLD = frozenset({"Trackpoint", "Lap"})


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

    def add(self, lap: Element) -> None:
        """Add one ``Lap`` element's own totals."""
        self.count += 1
        start = parse_time(lap.get("StartTime"))
        if start is not None:
            self.starts.append(start)
        seconds = avg_hr = None
        for child in lap:
            name = local(child.tag)
            if name == "TotalTimeSeconds":
                seconds = number(child.text)
            elif name == "DistanceMeters":
                d = number(child.text)
                if d is not None:
                    self.distance_m += d
                    self.has_distance = True
            elif name == "AverageHeartRateBpm":
                avg_hr = _value(child)
            elif name == "MaximumHeartRateBpm":
                v = _value(child)
                if v is not None:
                    self.max_hr = v if self.max_hr is None else max(self.max_hr, v)
        if seconds:
            self.timer_s += seconds
            if avg_hr:
                self.hr_weighted += avg_hr * seconds
                self.hr_weight += seconds


def _value(elem: Element) -> float | None:
    """The number in a ``<...Bpm><Value>n</Value></...Bpm>`` element."""
    for child in elem:
        return number(child.text)
    return None


def read_tcx(data: bytes, origin: Origin) -> Activity:
    """Summarise the activities of a TCX file as one activity.

    Points and laps are held as pending until their ``Activity`` closes, so points
    of a ``Course`` in the same file are never counted.
    """
    s = Stream()
    laps = _Laps()
    pending = Stream()
    pending_laps: list[Element] = []
    sports: list[str] = []
    gps = _Gps()
    root = ""
    for tag, elem in closed_elements(data, _HOLD):
        root = tag
        if tag == "Trackpoint":
            _point(elem, pending, gps)
            elem.clear()
        elif tag == "Lap":
            pending_laps.append(elem)
        elif tag == "Activity":
            sports.append(elem.get("Sport") or "")
            for lap in pending_laps:
                laps.add(lap)
            _extend(s, pending)
            pending, pending_laps = Stream(), []
            elem.clear()
        elif tag == "Course":
            pending, pending_laps = Stream(), []
            elem.clear()
    if root != "TrainingCenterDatabase":
        raise DecodeError("not a TCX document", ImportProblem.UNKNOWN_FORMAT)
    if not sports:
        raise DecodeError(
            "TCX holds no activity (a course or route only)", ImportProblem.NOT_AN_ACTIVITY
        )
    times = [t for t in s.t if t is not None] + laps.starts
    if not times:
        raise DecodeError("TCX activity has no times", ImportProblem.NO_TIMES)
    start, span, recording = recorded_span(sorted(times))
    fill_speed_from_distance(s)
    stream_dist = max((d for d in s.dist if d is not None), default=None)
    distance = laps.distance_m if laps.has_distance else (stream_dist or gps.total)
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


@dataclass(slots=True)
class _Gps:
    """Distance from positions, for files whose points carry no DistanceMeters."""

    total: float = 0.0
    last: tuple[float, float] | None = None


def _extend(s: Stream, more: Stream) -> None:
    s.t += more.t
    s.dist += more.dist
    s.speed += more.speed
    s.hr += more.hr
    s.cad += more.cad
    s.alt += more.alt


def _point(tp: Element, s: Stream, gps: _Gps) -> None:
    """Read one ``Trackpoint`` into the stream."""
    t = dist = speed = hr = cad = alt = lat = lon = None
    for child in tp.iter():
        tag = child.tag
        name = tag[tag.rfind("}") + 1 :]
        if name == "Time":
            t = parse_time(child.text)
        elif name == "DistanceMeters":
            dist = number(child.text)
        elif name == "AltitudeMeters":
            alt = number(child.text)
        elif name == "HeartRateBpm":
            hr = _value(child)
        elif name in ("Cadence", "RunCadence"):
            cad = number(child.text)
        elif name == "Speed":
            speed = number(child.text)
        elif name == "LatitudeDegrees":
            lat = number(child.text)
        elif name == "LongitudeDegrees":
            lon = number(child.text)
    if lat is not None and lon is not None:
        if gps.last is not None:
            gps.total += haversine_m(*gps.last, lat, lon)
        gps.last = (lat, lon)
    s.t.append(t)
    s.dist.append(dist)
    s.speed.append(speed)
    s.hr.append(hr)
    s.cad.append(cad)
    s.alt.append(alt)
