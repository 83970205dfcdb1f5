"""The walk/run split on synthetic streams with known segments."""

from __future__ import annotations

from runback.importers.summary import Stream, fill_speed_from_distance, summarise


def _stream(segments: list[tuple[int, float, float | None]]) -> Stream:
    """1 Hz samples: (seconds, speed m/s, cadence strides/min or None) per segment."""
    s = Stream()
    t = 0.0
    for seconds, speed, cad in segments:
        for _ in range(seconds):
            s.t.append(t)
            s.speed.append(speed)
            s.cad.append(cad)
            s.dist.append(None)
            s.hr.append(None)
            s.alt.append(None)
            t += 1
    return s


def test_run_walk_intervals_split_by_speed() -> None:
    s = _stream([(300, 2.6, None), (60, 1.4, None), (300, 2.6, None), (60, 1.4, None),
                 (300, 2.7, None)])  # fmt: skip
    out = summarise(s, foot_sport=True, running_sport=True)
    assert abs(out.run_s - 900) <= 2
    assert abs(out.walk_s - 120) <= 2
    assert abs(out.longest_run_s - 300) <= 2


def test_cadence_wins_over_speed_for_a_slow_jog() -> None:
    s = _stream([(600, 1.6, 80.0), (120, 1.5, 55.0)])  # slow jog, then a walk
    out = summarise(s, foot_sport=True, running_sport=True)
    assert abs(out.run_s - 600) <= 2
    assert abs(out.walk_s - 120) <= 2


def test_cadence_in_steps_per_minute_is_recognised() -> None:
    s = _stream([(600, 1.6, 160.0), (120, 1.5, 110.0)])
    out = summarise(s, foot_sport=True, running_sport=True)
    assert abs(out.run_s - 600) <= 2
    assert out.avg_cadence is not None
    assert out.avg_cadence < 100


def test_a_short_blip_does_not_break_a_continuous_run() -> None:
    s = _stream([(600, 2.8, None), (3, 1.0, None), (600, 2.8, None)])
    out = summarise(s, foot_sport=True, running_sport=True)
    assert out.longest_run_s >= 1198


def test_a_stop_is_neither_running_nor_walking_and_breaks_the_stretch() -> None:
    s = _stream([(300, 2.8, None), (60, 0.0, None), (300, 2.8, None)])
    out = summarise(s, foot_sport=True, running_sport=True)
    assert abs(out.moving_s - 600) <= 2
    assert out.walk_s == 0
    assert abs(out.longest_run_s - 300) <= 2


def test_a_pause_gap_is_not_moving_time() -> None:
    s = _stream([(300, 2.8, None)])
    s.t = [t if t < 150 else t + 600 for t in s.t if t is not None]
    out = summarise(s, foot_sport=True, running_sport=True)
    assert abs(out.moving_s - 299) <= 2


def test_other_sports_get_no_split() -> None:
    out = summarise(_stream([(600, 8.0, 85.0)]), foot_sport=False, running_sport=False)
    assert out.run_s == out.walk_s == 0
    assert out.moving_s > 590


def test_speed_is_derived_from_distance_over_a_short_window() -> None:
    s = Stream(
        t=[0.0, 1.0, 2.0, 3.0, 20.0],
        dist=[0.0, 3.0, 5.0, 9.0, 20.0],
        speed=[None, None, 2.0, None, None],
        hr=[None] * 5,
        cad=[None] * 5,
        alt=[None] * 5,
    )
    fill_speed_from_distance(s, window_s=10.0)
    assert s.speed[:4] == [None, 3.0, 2.0, 3.0]  # a given speed is kept
    assert s.speed[4] is None  # nothing within 10 s before it
