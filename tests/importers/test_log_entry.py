"""Activity -> case-file log entry and -> load record."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from runback.importers import Activity, LogKind, SourceFormat, Sport
from runback.importers.bridge import HeartRateProfile, session_record

BASE = Activity(
    source="x.fit",
    content_hash="0" * 64,
    format=SourceFormat.FIT,
    sport=Sport.RUNNING,
    sub_sport=None,
    start_utc=datetime(2026, 3, 1, 23, 30, tzinfo=UTC),
    utc_offset_s=3600,
    total_s=1900,
    timer_s=1860,
    moving_s=1800,
    distance_m=5000,
    ascent_m=20,
    avg_hr=140,
    max_hr=160,
    avg_cadence=80,
    laps=1,
    run_s=1500,
    walk_s=300,
    longest_run_s=600,
    has_hr=True,
    records=1800,
)


def test_a_run_becomes_a_run_entry_on_the_local_date() -> None:
    entry = BASE.to_log_entry()
    assert entry == {
        "date": "2026-03-02",  # 23:30 UTC is 00:30 the next day at UTC+1
        "kind": "run",
        "run_minutes": 25.0,
        "walk_minutes": 5.0,
        "distance_km": 5.0,
    }


def test_a_run_with_no_running_is_a_walk() -> None:
    walk = dataclasses.replace(BASE, run_s=0, walk_s=1800)
    assert walk.log_kind is LogKind.WALK
    assert walk.to_log_entry()["walk_minutes"] == 30.0


def test_a_ride_is_cross_training_with_minutes_and_no_running() -> None:
    ride = dataclasses.replace(BASE, sport=Sport.CYCLING, run_s=0, walk_s=0)
    entry = ride.to_log_entry()
    assert entry["kind"] == "cross_training"
    assert entry["minutes"] == 30.0
    assert "run_minutes" not in entry


def test_session_record_uses_trimp_only_with_heart_rate_limits() -> None:
    plain = session_record(BASE)
    assert plain.trimp is None
    assert plain.is_run
    with_hr = session_record(BASE, HeartRateProfile(rest_hr=50, max_hr=190))
    assert with_hr.trimp is not None
    assert with_hr.trimp > 0
    strapless = session_record(dataclasses.replace(BASE, has_hr=False, avg_hr=None),
                               HeartRateProfile(50, 190), default_rpe=3)  # fmt: skip
    assert strapless.trimp is None
    assert strapless.rpe == 3


def test_a_triathlon_entry_counts_its_running_minutes_but_not_its_distance() -> None:
    tri = dataclasses.replace(BASE, sport=Sport.MULTISPORT, distance_m=200_000)
    entry = tri.to_log_entry()
    assert entry["kind"] == "run"
    assert "distance_km" not in entry
    assert session_record(tri).distance_km is None


def test_the_devices_offset_wins_over_the_install_zone() -> None:
    new_york = ZoneInfo("America/New_York")
    assert BASE.local_date_in(new_york) == BASE.local_date == date(2026, 3, 2)


def test_without_a_device_offset_the_install_zone_names_the_day() -> None:
    gpx_like = dataclasses.replace(BASE, format=SourceFormat.GPX, utc_offset_s=None)
    assert gpx_like.local_date == date(2026, 3, 1)  # UTC, as the file says
    assert gpx_like.local_date_in(ZoneInfo("Europe/Berlin")) == date(2026, 3, 2)
    assert gpx_like.local_date_in(ZoneInfo("America/New_York")) == date(2026, 3, 1)
    # 02:30 UTC on the night summer time starts in New York is still the 8th there
    spring = dataclasses.replace(gpx_like, start_utc=datetime(2026, 3, 9, 2, 30, tzinfo=UTC))
    assert spring.local_date_in(ZoneInfo("America/New_York")) == date(2026, 3, 8)
