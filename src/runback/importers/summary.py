"""Turning a sample stream into moving time, the walk/run split and HR summaries.

Every reader (FIT, GPX, TCX) fills a :class:`Stream` of aligned columns and hands
it here, so the three formats count running and walking the same way.

How an interval between two samples is classed (the thresholds are documented in
``docs/importers.md``):

* a gap longer than :data:`MAX_GAP_S` (or four times the usual sampling
  interval, for sparse recorders) is a pause (auto-pause, stopped watch) and
  counts as neither moving nor running;
* moving means speed >= :data:`MOVING_SPEED` m/s, or, without speed, cadence
  present and above zero;
* for foot sports, running means a cadence of at least :data:`RUN_CADENCE`
  strides a minute (140 steps) when the file has cadence, else a speed of at
  least :data:`RUN_SPEED` m/s (6.5 km/h: slow comeback jogging is often this
  slow, brisk walking rarely this fast); moving but not running is walking;
* a continuous running stretch survives interruptions of up to
  :data:`BLIP_S` seconds (a GPS glitch, a glance at the watch) but not longer
  ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

MAX_GAP_S = 30.0
MOVING_SPEED = 0.5
RUN_SPEED = 1.8
RUN_CADENCE = 70.0
BLIP_S = 5.0
ASCENT_HYSTERESIS_M = 3.0
#: Cadence medians above this are steps a minute (both feet), not strides.
STEPS_PER_MIN_MEDIAN = 120.0


@dataclass(slots=True)
class Stream:
    """Aligned per-sample columns; ``None`` where a sample lacks the value.

    ``t`` is seconds on any fixed epoch; ``dist`` is cumulative metres.
    """

    t: list[float | None] = field(default_factory=list)
    dist: list[float | None] = field(default_factory=list)
    speed: list[float | None] = field(default_factory=list)
    hr: list[float | None] = field(default_factory=list)
    cad: list[float | None] = field(default_factory=list)
    alt: list[float | None] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StreamSummary:
    """What the stream says, independent of any device summary."""

    moving_s: float
    run_s: float
    walk_s: float
    longest_run_s: float
    avg_hr: float | None
    max_hr: float | None
    avg_cadence: float | None
    ascent_m: float | None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def cadence_scale(cad: list[float | None]) -> float:
    """1.0 if cadence is in strides a minute, 0.5 if the file wrote steps a minute."""
    present = sorted(c for c in cad if c is not None and c > 0)
    if not present:
        return 1.0
    return 0.5 if present[len(present) // 2] > STEPS_PER_MIN_MEDIAN else 1.0


def ascent(alt: list[float | None]) -> float | None:
    """Total climb with a small hysteresis so GPS/barometer noise is not summed."""
    ref: float | None = None
    gain = 0.0
    for a in alt:
        if a is None:
            continue
        if ref is None or a < ref:
            ref = a
        elif a - ref >= ASCENT_HYSTERESIS_M:
            gain += a - ref
            ref = a
    return None if ref is None else gain


def pause_threshold(t: Sequence[float | None]) -> float:
    """The gap that counts as a pause: MAX_GAP_S, or 4x the usual sampling interval.

    Sparse recorders (a point a minute on long hikes) would otherwise have every
    interval counted as a pause.
    """
    stride = max(1, len(t) // 1000)  # a thousand evenly spread steps are plenty
    steps = sorted(
        b - a
        for a, b in ((t[i - 1], t[i]) for i in range(1, len(t), stride))
        if a is not None and b is not None and b > a
    )
    if not steps:
        return MAX_GAP_S
    return max(MAX_GAP_S, 4 * steps[len(steps) // 2])


def fill_speed_from_distance(s: Stream, window_s: float = 10.0) -> None:
    """Derive speed from cumulative distance over a ~10 s window, where speed is missing.

    GPS positions at 1 Hz jitter by metres: point-to-point speeds make a runner
    standing at a crossing look like they are walking. Averaging over a short
    window removes most of that without blurring walk breaks (a minute or more).
    """
    t, dist, speed = s.t, s.dist, s.speed
    j = 0
    for i in range(len(t)):
        ti, di = t[i], dist[i]
        if speed[i] is not None or ti is None or di is None:
            continue
        while j < i:
            tj, dj = t[j], dist[j]
            if tj is not None and dj is not None and ti - tj <= window_s:
                break
            j += 1
        if j < i:
            tj, dj = t[j], dist[j]
            if tj is not None and dj is not None and ti > tj:
                speed[i] = max(0.0, (di - dj) / (ti - tj))


def _interval_speed(s: Stream, i: int, dt: float) -> float | None:
    sp = s.speed[i]
    if sp is not None:
        return sp
    d1, d0 = s.dist[i], s.dist[i - 1]
    if d1 is not None and d0 is not None:
        return (d1 - d0) / dt
    return None


def summarise(s: Stream, *, foot_sport: bool, running_sport: bool) -> StreamSummary:
    """Moving time, walk/run split and averages for one stream."""
    scale = cadence_scale(s.cad)
    has_cad = any(c is not None for c in s.cad)
    max_gap = pause_threshold(s.t)
    moving = run = walk = cur = longest = interrupt = 0.0
    t = s.t
    prev_t: float | None = None
    for i in range(len(t)):
        ti = t[i]
        if ti is None:
            continue
        if prev_t is None:
            prev_t = ti
            continue
        dt = ti - prev_t
        prev_t = ti
        if dt <= 0:
            continue
        if dt > max_gap:
            interrupt += dt
            if interrupt > BLIP_S:
                longest, cur = max(longest, cur), 0.0
            continue
        sp = _interval_speed(s, i, dt)
        c = s.cad[i]
        cad = c * scale if c is not None and c > 0 else None
        is_moving = sp >= MOVING_SPEED if sp is not None else (cad is not None or not has_cad)
        if not is_moving:
            interrupt += dt
            if interrupt > BLIP_S:
                longest, cur = max(longest, cur), 0.0
            continue
        moving += dt
        if not foot_sport:
            continue
        if cad is not None:
            is_running = cad >= RUN_CADENCE
        elif sp is not None:
            is_running = sp >= RUN_SPEED
        else:
            is_running = running_sport
        if is_running:
            run += dt
            cur += dt
            interrupt = 0.0
        else:
            walk += dt
            interrupt += dt
            if interrupt > BLIP_S:
                longest, cur = max(longest, cur), 0.0
    longest = max(longest, cur)
    hrs = [h for h in s.hr if h is not None and h > 0]
    cads = [c * scale for c in s.cad if c is not None and c > 0]
    return StreamSummary(
        moving_s=moving,
        run_s=run,
        walk_s=walk,
        longest_run_s=longest,
        avg_hr=_mean(hrs),
        max_hr=max(hrs) if hrs else None,
        avg_cadence=_mean(cads),
        ascent_m=ascent(s.alt),
    )
