"""The load-risk window and the features the model reads from it.

A *window* is what ``windows.py`` of the Lövdal 2021 data set writes (and what
:mod:`runback.engine.risk.record` builds from a runner's own log): the seven days
before the day being scored, oldest first, and the runner's *usual* (mean and
standard deviation of each daily value over an earlier half-year that ends three
weeks before the window). Training and scoring both call :func:`window_features`,
so the shipped model can never read a feature differently from how it learned it.

A feature is ``None`` when the window cannot give it (no usual known, no session
to rate, a value the runner's watch does not record). ``None`` is never read as
zero: the scorer puts the training mean in its place, which moves the score by
nothing, and says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

DAY_KEYS: Final = (
    "sessions", "km", "km_z3_4", "km_z5_t1_t2", "km_sprint",
    "strength", "alt_hours", "exertion", "success", "recovery",
)  # fmt: skip
"""The daily values of a window, in ``windows.py``'s names."""

PERCEPTIONS: Final = frozenset({"exertion", "success", "recovery"})
"""Self-ratings (0-1): only meaningful on session days; ``None`` on rest days."""

WINDOW_DAYS: Final = 7


@dataclass(frozen=True, slots=True)
class Usual:
    """One daily value's usual: mean and standard deviation over the earlier half-year."""

    mean: float
    sd: float


Day = Mapping[str, float | None]
"""One day of a window: ``DAY_KEYS`` to a number, or ``None`` when not known."""


@dataclass(frozen=True, slots=True)
class Window:
    """Seven days (oldest first) and the usual; nothing else (no athlete, no date)."""

    days: tuple[Day, ...]
    usual: Mapping[str, Usual | None] | None


def _values(days: Sequence[Day], key: str) -> list[float] | None:
    """The key's value on each day, or ``None`` when any day lacks it."""
    out = [day.get(key) for day in days]
    if any(v is None for v in out):
        return None
    return [float(v) for v in out if v is not None]


def _session_ratings(days: Sequence[Day], key: str) -> list[float]:
    """A self-rating on the days with a session that carry it."""
    return [
        float(value)
        for day in days
        if (day.get("sessions") or 0) > 0 and (value := day.get(key)) is not None
    ]


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _log_ratio(value: float, usual_week: float) -> float:
    """log((a+1)/(b+1)): a ratio that stays finite on empty weeks."""
    return math.log((value + 1.0) / (usual_week + 1.0))


def _clip(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _usual(window: Window, key: str) -> Usual | None:
    return None if window.usual is None else window.usual.get(key)


def window_features(window: Window) -> dict[str, float | None]:
    """Every feature of :data:`FEATURES` for one window (``None``: not known)."""
    days = window.days
    km = _values(days, "km")
    z34 = _values(days, "km_z3_4")
    z5 = _values(days, "km_z5_t1_t2")
    sprint = _values(days, "km_sprint")
    strength = _values(days, "strength")
    alt = _values(days, "alt_hours")
    sessions = _values(days, "sessions")
    exertion = _session_ratings(days, "exertion")
    success = _session_ratings(days, "success")
    recovery = _session_ratings(days, "recovery")

    f: dict[str, float | None] = {}
    km_week = sum(km) if km is not None else None
    km_max = max(km) if km is not None else None
    hard = sum(z34) + sum(z5) if z34 is not None and z5 is not None else None
    f["km_7d"] = math.log1p(km_week) if km_week is not None else None
    f["km_max"] = math.log1p(km_max) if km_max is not None else None
    f["km_last3_share"] = (sum(km[-3:]) / km_week) if km is not None and km_week else None
    f["hard_km_7d"] = math.log1p(hard) if hard is not None else None
    f["sprint_km_7d"] = math.log1p(sum(sprint)) if sprint is not None else None
    f["strength_7d"] = sum(strength) if strength is not None else None
    f["alt_hours_7d"] = sum(alt) if alt is not None else None
    f["rest_days"] = float(sum(1 for s in sessions if s == 0)) if sessions is not None else None
    f["exertion_mean"] = _mean(exertion)
    f["exertion_max"] = max(exertion) if exertion else None
    f["success_mean"] = _mean(success)
    f["recovery_mean"] = _mean(recovery)
    f["recovery_min"] = min(recovery) if recovery else None

    usual_km = _usual(window, "km")
    f["km_vs_usual"] = (
        _log_ratio(km_week, WINDOW_DAYS * usual_km.mean)
        if km_week is not None and usual_km is not None
        else None
    )
    f["km_max_z"] = (
        _clip((km_max - usual_km.mean) / usual_km.sd, -3.0, 8.0)
        if km_max is not None and usual_km is not None and usual_km.sd > 0
        else None
    )
    u34, u5 = _usual(window, "km_z3_4"), _usual(window, "km_z5_t1_t2")
    f["hard_vs_usual"] = (
        _log_ratio(hard, WINDOW_DAYS * (u34.mean + u5.mean))
        if hard is not None and u34 is not None and u5 is not None
        else None
    )
    for key, name in (("exertion", "exertion"), ("success", "success"), ("recovery", "recovery")):
        usual = _usual(window, key)
        mean = f[f"{name}_mean"]
        f[f"{name}_vs_usual"] = mean - usual.mean if mean is not None and usual else None
    usual_sessions = _usual(window, "sessions")
    f["sessions_vs_usual"] = (
        sum(sessions) - WINDOW_DAYS * usual_sessions.mean
        if sessions is not None and usual_sessions is not None
        else None
    )
    f["usual_km_week"] = math.log1p(WINDOW_DAYS * usual_km.mean) if usual_km is not None else None
    return f


FEATURES: Final = (
    "km_7d", "km_max", "km_last3_share", "hard_km_7d", "sprint_km_7d", "strength_7d",
    "alt_hours_7d", "rest_days", "exertion_mean", "exertion_max", "success_mean",
    "recovery_mean", "recovery_min", "km_vs_usual", "km_max_z", "hard_vs_usual",
    "exertion_vs_usual", "success_vs_usual", "recovery_vs_usual", "sessions_vs_usual",
    "usual_km_week",
)  # fmt: skip
"""Every feature :func:`window_features` gives, in a fixed order."""
