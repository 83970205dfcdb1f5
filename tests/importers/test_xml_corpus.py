"""Every GPX and TCX file of the corpus against an independent, naive ElementTree read.

No GPX/TCX library is a dependency, so the reference is a plain whole-tree parse
written here the obvious way; runback's streaming readers must agree with it.
"""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

from runback.importers import ActivityFileError, read_file
from tests.importers.conftest import corpus_files


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse(path: Path) -> ET.Element | None:
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf").lstrip()
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        if "unbound prefix" not in str(exc):
            return None
    # Undeclared prefixes (Strava GPX): drop every prefix and parse again.
    try:
        return ET.fromstring(re.sub(rb"<(/?)[A-Za-z_][\w.-]*:(?=[A-Za-z_])", rb"<\1", data))
    except ET.ParseError:
        return None


def _times(elements: list[ET.Element]) -> list[datetime]:
    out = []
    for e in elements:
        for child in e:
            if _local(child.tag) in ("time", "Time") and child.text:
                with contextlib.suppress(ValueError):
                    out.append(datetime.fromisoformat(child.text.strip()))
    return out


@pytest.mark.parametrize("path", corpus_files("gpx"), ids=lambda p: p.name)
def test_gpx_file_agrees_with_a_plain_parse(path: Path) -> None:
    root = _parse(path)
    points = [] if root is None else [e for e in root.iter() if _local(e.tag) == "trkpt"]
    times = _times(points)
    if root is None or not points or not times:
        with pytest.raises(ActivityFileError) as caught:
            read_file(path)
        assert caught.value.reason
        return
    activity = read_file(path)
    assert activity.records == len(points)
    assert activity.start_utc.timestamp() == pytest.approx(min(t.timestamp() for t in times))
    span = max(t.timestamp() for t in times) - min(t.timestamp() for t in times)
    assert activity.total_s == pytest.approx(span)


@pytest.mark.parametrize("path", corpus_files("tcx"), ids=lambda p: p.name)
def test_tcx_file_agrees_with_its_lap_totals(path: Path) -> None:
    root = _parse(path)
    activities = [] if root is None else [e for e in root.iter() if _local(e.tag) == "Activity"]
    if root is None or not activities:
        with pytest.raises(ActivityFileError) as caught:
            read_file(path)
        assert caught.value.reason
        return
    laps = [e for a in activities for e in a.iter() if _local(e.tag) == "Lap"]
    lap_time = sum(
        float(c.text or 0) for lap in laps for c in lap if _local(c.tag) == "TotalTimeSeconds"
    )
    lap_dist = [
        float(c.text or 0) for lap in laps for c in lap if _local(c.tag) == "DistanceMeters"
    ]
    points = [e for a in activities for e in a.iter() if _local(e.tag) == "Trackpoint"]
    activity = read_file(path)
    assert activity.laps == len(laps)
    assert activity.records == len(points)
    if lap_time:
        assert activity.timer_s == pytest.approx(lap_time, rel=0.005)
    if lap_dist:
        assert activity.distance_m == pytest.approx(sum(lap_dist), rel=0.005, abs=0.01)
