"""Repeated flares: the runs keep flaring, so the dose alone is not the answer.

A flare is a run whose pain went past the allowance, built during the run, or left
the next morning worse than usual (the opposite of a clean run,
:func:`runback.engine.history.is_clean`); a run whose pain was never reported is not
counted either way. ``FLARES`` flares within ``WINDOW_DAYS`` (since the onset or the
latest visit) escalate: ``repeated_flares_see_professional``. Backing off after each
flare is the plan's job; flaring again and again after backing off is a sign that
something else (the diagnosis, movement, load outside running) needs a professional.
The numbers are our choice (docs/engine.md), not a published threshold.
"""

from __future__ import annotations

import datetime as dt

from runback.engine import history, pain, visits
from runback.engine.answers import Reason
from runback.engine.case import CaseFile, is_run
from runback.engine.reasons import Code, reason
from runback.engine.screening import pain_allowance

FLARES = 3
"""Flared runs in the window that escalate."""
WINDOW_DAYS = 28
"""The window the flares are counted in (4 weeks)."""


def flared_runs(case: CaseFile) -> list[dt.date]:
    """Dates of the runs in the window that flared, oldest first."""
    start = max(case.today - dt.timedelta(days=WINDOW_DAYS - 1), visits.restart(case))
    allowance = pain_allowance(case)
    stiffness = pain.stiffness_baseline(case)
    return [
        run["date"]
        for run in case.entries_between(start, case.today)
        if is_run(run)
        and run.get("pain_reported") is not False
        and not history.is_clean(run, allowance, pain.baseline(case, run), stiffness)
    ]


def escalations(case: CaseFile) -> list[Reason]:
    """``repeated_flares_see_professional`` after ``FLARES`` flares in ``WINDOW_DAYS``."""
    flared = flared_runs(case)
    if len(flared) < FLARES:
        return []
    return [reason(Code.REPEATED_FLARES_SEE_PROFESSIONAL, flares=len(flared), days=WINDOW_DAYS)]
