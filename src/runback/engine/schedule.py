"""Spacing and counting sessions over calendar days, logged and planned alike.

Each rule looks back over the last seven days of the progression state (which
holds the logged sessions, then the planned ones), so a week is any seven days of
the runner's life and spacing holds across the boundary between the log and the
plan: a run logged yesterday keeps today free when runs must be spaced, and the
strength sessions already done this week count towards the 2-3.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from runback.engine.progress import Progress

DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)
SHORT_RUN = 15
"""Runs shorter than this are 'early': frequent, alternating with walk days."""
WALKS_WHILE_NOT_RUNNING = 4
CROSS_TRAINING_PER_WEEK = 3
STRENGTH_MOST_PER_WEEK = 3
"""The top of the pathway's 2-3 heavy sessions a week."""
STRENGTH_LEAST_PER_WEEK = 2


def _in_last_week(days: Collection[dt.date], day: dt.date) -> int:
    """How many of ``days`` fall in the six days before ``day``."""
    since = day - WEEK
    return sum(1 for d in days if since < d < day)


def run_due(
    state: Progress,
    day: dt.date,
    *,
    per_week: int,
    strictly_spaced: bool,
    tight_week: bool,
) -> bool:
    """A run belongs on ``day`` (an available day) under the spacing and count rules.

    Early runs and bone stress alternate with rest days; later runs are spaced
    when the week has room for it (``tight_week``: too few available days to
    space them), never three days in a row.
    """
    runs = state.run_days(day - WEEK + DAY)
    if len(runs) >= per_week:
        return False
    yesterday = day - DAY
    if yesterday in runs:
        if strictly_spaced or not tight_week:
            return False
        if yesterday - DAY in runs:
            return False
    return True


def tight(available: int, per_week: int) -> bool:
    """Too few available days a week to keep a rest day after every run."""
    return available < 2 * per_week - 1


def strength_due(state: Progress, day: dt.date, *, per_week: int, tight_week: bool) -> bool:
    """A heavy strength session belongs on ``day``: 2-3 in any seven days, not on
    consecutive days unless the runner's available days leave no other way
    (``tight_week``). A run day may carry one (easy run first, then lift): waiting
    for a free day would let the week fall short of 2-3 sessions.
    """
    if day - DAY in state.strength and not tight_week:
        return False
    recent = _in_last_week(state.strength, day)
    if recent < per_week:
        return True
    # Sessions bunched at the end of last week (logged off-plan, say) would leave this
    # calendar week with one: a third in seven days, the top of 2-3, keeps it at two.
    return recent < STRENGTH_MOST_PER_WEEK and (
        _in_calendar_week(state.strength, day) < STRENGTH_LEAST_PER_WEEK
    )


def _in_calendar_week(days: Collection[dt.date], day: dt.date) -> int:
    """How many of ``days`` fall in ``day``'s Monday-to-Sunday week before ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return sum(1 for d in days if monday <= d < day)


def plyometrics_due(state: Progress, day: dt.date, *, per_week: int) -> bool:
    """Hops go with a strength session, at most ``per_week`` in seven days."""
    return _in_last_week(state.plyometrics, day) < per_week


def walk_due(state: Progress, day: dt.date, *, running: bool) -> bool:
    """Early in a comeback every non-run day is a walk day; before running, four a week."""
    if running:
        return True
    return (
        day - DAY not in state.walks and _in_last_week(state.walks, day) < WALKS_WHILE_NOT_RUNNING
    )


def cross_training_due(state: Progress, day: dt.date) -> bool:
    """Non-impact cardio three times a week, not on consecutive days."""
    return day - DAY not in state.cross and _in_last_week(state.cross, day) < (
        CROSS_TRAINING_PER_WEEK
    )
