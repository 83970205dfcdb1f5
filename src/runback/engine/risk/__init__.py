"""The load-risk indicator: how likely an injury is to begin after the last 7 days.

Trained on real injuries of competitive runners (Lövdal 2021; docs/risk.md) and
shipped as a data file, scored here in pure Python:

    window = parse_window(json.loads(line))     # or window_from_case(case)
    score_window(window).to_contract()          # {"risk": 0.021, "why": [...], ...}

It adds a reason; it never overrides a pain-based decision.
"""

from __future__ import annotations

from runback.engine.risk.features import FEATURES, Usual, Window, window_features
from runback.engine.risk.model import RiskModel, RiskScore, Why, load_model, score_window
from runback.engine.risk.parse import WindowError, parse_window

__all__ = [
    "FEATURES",
    "RiskModel",
    "RiskScore",
    "Usual",
    "Why",
    "Window",
    "WindowError",
    "load_model",
    "parse_window",
    "score_window",
    "window_features",
]
