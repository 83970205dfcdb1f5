"""GPX 1.0/1.1 tracks: points, times, elevation and Garmin/Strava extensions.

GPX has no device summary, so every total comes from the points: distance from
great-circle steps within each track segment (never across a gap between
segments), time from the timestamps. Heart rate and cadence are read from any
extension element named ``hr``/``heartrate`` and ``cad``/``cadence``, whatever
its namespace (Garmin TrackPointExtension, Cluetrust, none at all).
"""

from __future__ import annotations

from datetime import UTC, datetime

from runback.importers.build import Origin, Totals, build, recorded_span, sport_from_name
from runback.importers.errors import DecodeError, ImportProblem
from runback.importers.geo import haversine_m
from runback.importers.model import Activity, Sport
from runback.importers.summary import Stream
from runback.importers.xmlstream import events, number, parse_time

_HR = frozenset({"hr", "heartrate", "heart_rate"})
_CAD = frozenset({"cad", "cadence", "runcadence"})
#: Strava's old numeric activity types in GPX ``<type>``.
_STRAVA_TYPES = {"1": "cycling", "4": "hiking", "9": "running", "10": "walking"}


def read_gpx(data: bytes, origin: Origin) -> Activity:
    """Summarise a GPX track as one activity."""
    s = Stream()
    sport_word: str | None = None
    name_word: str | None = None
    saw_gpx = saw_route = False
    depth_trk = 0
    last_pos: tuple[float, float] | None = None
    total = 0.0
    for event, tag, elem in events(data):
        if event == "start":
            if tag == "gpx":
                saw_gpx = True
            elif tag == "trk":
                depth_trk += 1
            elif tag == "trkseg":
                last_pos = None
            continue
        if tag == "trkpt" and depth_trk:
            lat, lon = number(elem.get("lat")), number(elem.get("lon"))
            t = hr = cad = ele = None
            for child in elem.iter():
                ctag = child.tag.rsplit("}", 1)[-1].lower()
                if ctag == "time":
                    t = parse_time(child.text)
                elif ctag == "ele":
                    ele = number(child.text)
                elif ctag in _HR:
                    hr = number(child.text)
                elif ctag in _CAD:
                    cad = number(child.text)
            if lat is not None and lon is not None and abs(lat) <= 90 and abs(lon) <= 180:
                if last_pos is not None:
                    total += haversine_m(last_pos[0], last_pos[1], lat, lon)
                last_pos = (lat, lon)
            s.t.append(t)
            s.dist.append(total)
            s.speed.append(None)
            s.hr.append(hr)
            s.cad.append(cad)
            s.alt.append(ele)
            elem.clear()
        elif tag == "rtept":
            saw_route = True
        elif tag == "trk":
            depth_trk -= 1
        elif tag == "type" and depth_trk and sport_word is None:
            sport_word = (elem.text or "").strip() or None
        elif tag == "name" and depth_trk and name_word is None:
            name_word = (elem.text or "").strip() or None
    if not saw_gpx:
        raise DecodeError("not a GPX document", ImportProblem.UNKNOWN_FORMAT)
    if not s.t:
        if saw_route:
            raise DecodeError(
                "GPX holds a route, not a recorded track", ImportProblem.NOT_AN_ACTIVITY
            )
        raise DecodeError("GPX has no track points", ImportProblem.EMPTY)
    start, span, recording = recorded_span(s.t)
    sport = _sport(sport_word, name_word)
    totals = Totals(
        sport=sport,
        sub_sport=None,
        start_utc=datetime.fromtimestamp(start, tz=UTC),
        total_s=span,
        timer_s=recording,
        distance_m=total,
    )
    return build(origin, totals, s, utc_offset_s=None, records=len(s.t))


def _sport(type_word: str | None, name_word: str | None) -> Sport:
    if type_word:
        return sport_from_name(_STRAVA_TYPES.get(type_word, type_word))
    found = sport_from_name(name_word)
    return found if found is not Sport.OTHER else Sport.GENERIC
