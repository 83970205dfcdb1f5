"""GPX 1.0/1.1 tracks: points, times, elevation and Garmin/Strava extensions.

GPX has no device summary, so every total comes from the points: distance from
great-circle steps within each track segment (never across a gap between
segments), time from the timestamps. Heart rate and cadence are read from any
extension element named ``hr``/``heartrate`` and ``cad``/``cadence``, whatever
its namespace (Garmin TrackPointExtension, Cluetrust, none at all).
"""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from runback.importers.build import Origin, Totals, build, recorded_span, sport_from_name
from runback.importers.errors import DecodeError, ImportProblem
from runback.importers.geo import haversine_m
from runback.importers.model import Activity, Sport
from runback.importers.summary import Stream, fill_speed_from_distance
from runback.importers.xmlstream import closed_elements, local, number, parse_time

_HR = frozenset({"hr", "heartrate", "heart_rate"})
_CAD = frozenset({"cad", "cadence", "runcadence"})
#: Strava's old numeric activity types in GPX ``<type>``.
_STRAVA_TYPES = {"1": "cycling", "4": "hiking", "9": "running", "10": "walking"}
#: Records whose children are read when they close; everything else is dropped as read.
_HOLD = frozenset({"trkpt", "trk"})


def read_gpx(data: bytes, origin: Origin) -> Activity:
    """Summarise a GPX track as one activity."""
    s = Stream()
    sport_word: str | None = None
    name_word: str | None = None
    root = ""
    saw_route = False
    last_pos: tuple[float, float] | None = None
    total = 0.0
    for tag, elem in closed_elements(data, _HOLD):
        root = tag
        if tag == "trkpt":
            _point(elem, s)
            lat, lon = number(elem.get("lat")), number(elem.get("lon"))
            if lat is not None and lon is not None and abs(lat) <= 90 and abs(lon) <= 180:
                if last_pos is not None:
                    total += haversine_m(last_pos[0], last_pos[1], lat, lon)
                last_pos = (lat, lon)
            s.dist.append(total)
            elem.clear()
        elif tag == "trkseg":
            last_pos = None  # never bridge the gap between segments
            elem.clear()
        elif tag == "rtept":
            saw_route = True
        elif tag == "trk":
            for child in elem:
                name = local(child.tag)
                if name == "type" and sport_word is None:
                    sport_word = (child.text or "").strip() or None
                elif name == "name" and name_word is None:
                    name_word = (child.text or "").strip() or None
    if root != "gpx":
        raise DecodeError("not a GPX document", ImportProblem.UNKNOWN_FORMAT)
    if not s.t:
        if saw_route:
            raise DecodeError(
                "GPX holds a route, not a recorded track", ImportProblem.NOT_AN_ACTIVITY
            )
        raise DecodeError("GPX has no track points", ImportProblem.EMPTY)
    start, span, recording = recorded_span(s.t)
    fill_speed_from_distance(s)
    totals = Totals(
        sport=_sport(sport_word, name_word),
        sub_sport=None,
        start_utc=datetime.fromtimestamp(start, tz=UTC),
        total_s=span,
        timer_s=recording,
        distance_m=total,
    )
    return build(origin, totals, s, utc_offset_s=None, records=len(s.t))


def _point(elem: Element, s: Stream) -> None:
    """Time, elevation, heart rate and cadence of one track point."""
    t = hr = cad = ele = None
    for child in elem.iter():
        tag = child.tag
        name = tag[tag.rfind("}") + 1 :].lower()
        if name == "time":
            t = parse_time(child.text)
        elif name == "ele":
            ele = number(child.text)
        elif name in _HR:
            hr = number(child.text)
        elif name in _CAD:
            cad = number(child.text)
    s.t.append(t)
    s.speed.append(None)
    s.hr.append(hr)
    s.cad.append(cad)
    s.alt.append(ele)


def _sport(type_word: str | None, name_word: str | None) -> Sport:
    if type_word:
        return sport_from_name(_STRAVA_TYPES.get(type_word, type_word))
    found = sport_from_name(name_word)
    return found if found is not Sport.OTHER else Sport.GENERIC
