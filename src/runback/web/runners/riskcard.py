"""The load-risk card on Today and Progress: the indicator, its reasons and its honesty.

Shown from the integrate phase on ("load monitoring for good"), when normal training
has resumed; before that the pain-guided plan is the whole story. It adds a reason
and never changes a decision: the plan and the pain-based verdict are built without
it. The numbers about its accuracy come from the shipped model file (docs/risk.md),
so the page says what the model actually scored, not what we hope.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from runback.engine import Phase, Plan
from runback.engine.risk import load_model, score_window
from runback.engine.risk.record import window_from_case
from runback.web.runners.casefile import CaseRows, case_for
from runback.web.runners.models import Runner

HIGHER = 1.5
"""A score this many times the training average reads as "higher than usual"."""
LOWER = 0.67


def risk_card(
    runner: Runner, day: dt.date, plan: Plan, case_today: dt.date, *, rows: CaseRows | None = None
) -> dict[str, Any] | None:
    """The card's context, or ``None`` before the integrate phase (``rows`` read up to
    ``case_today`` or later save a read)."""
    if plan.phase is not Phase.INTEGRATE:
        return None
    score = score_window(window_from_case(case_for(runner, case_today, rows=rows), day))
    accuracy = load_model().accuracy
    average = float(accuracy["prevalence"])
    ratio = score.risk / average
    level = "higher than" if ratio >= HIGHER else "lower than" if ratio <= LOWER else "about"
    runback_auc = accuracy.get("roc_auc_runback_features", accuracy["roc_auc"])
    return {
        "percent": score.risk * 100,
        "level": level,
        "why": [w.text for w in score.why],
        "missing": len(score.missing),
        "athletes": accuracy["athletes"],
        "average_percent": average * 100,
        "ranks_right_percent": round(float(runback_auc["mean"]) * 100),
    }
