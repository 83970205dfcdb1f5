"""Score a window with the shipped load-risk model, in pure Python.

The model is a logistic regression on the features of
:mod:`runback.engine.risk.features`, trained by ``scripts/train_risk.py`` on the
Lövdal 2021 data set (docs/risk.md) and shipped as ``risk_model.json`` next to
this module. Scoring needs no training library: standardise each feature, add
the weighted sum, apply the logistic function, then the calibration fitted on
out-of-fold predictions. Because the model is linear, each feature's share of the
score is exact, which is what ``why`` reports.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

from runback.engine.risk.features import FEATURES, Window, window_features

MODEL_RESOURCE: Final = "risk_model.json"
TOP_REASONS: Final = 3


@dataclass(frozen=True, slots=True)
class Term:
    """One feature of the model: how it is standardised and weighed."""

    feature: str
    fill: float
    """The training mean: put in place of a feature the window cannot give."""
    mean: float
    scale: float
    weight: float


@dataclass(frozen=True, slots=True)
class RiskModel:
    """The shipped model: terms, intercept, calibration and its published accuracy."""

    terms: tuple[Term, ...]
    intercept: float
    calibration_slope: float
    calibration_intercept: float
    accuracy: dict[str, Any]
    """Grouped-CV results and the reliability table, as the training script wrote them."""


@dataclass(frozen=True, slots=True)
class Why:
    """One feature behind a score: its name, its share of the log-odds, plain words."""

    feature: str
    effect: float
    text: str


@dataclass(frozen=True, slots=True)
class RiskScore:
    """A window's risk (a probability in [0, 1]), its reasons and the features not known."""

    risk: float
    why: tuple[Why, ...]
    missing: tuple[str, ...]

    def to_contract(self) -> dict[str, Any]:
        """The JSON answer of ``runback risk score``."""
        return {
            "risk": round(self.risk, 4),
            "why": [
                {"feature": w.feature, "text": w.text, "effect": round(w.effect, 3)}
                for w in self.why
            ],
            "missing": list(self.missing),
        }


def model_from_data(data: dict[str, Any]) -> RiskModel:
    """Build the model from the data file's content (checks every feature is there)."""
    terms = tuple(Term(**term) for term in data["terms"])
    names = tuple(t.feature for t in terms)
    if names != FEATURES:
        raise ValueError(f"model features {names} do not match the engine's {FEATURES}")
    if any(t.scale <= 0 for t in terms):
        raise ValueError("every feature needs a positive scale")
    return RiskModel(
        terms=terms,
        intercept=float(data["intercept"]),
        calibration_slope=float(data["calibration"]["slope"]),
        calibration_intercept=float(data["calibration"]["intercept"]),
        accuracy=dict(data["accuracy"]),
    )


@cache
def load_model() -> RiskModel:
    """The model shipped inside the package (read once per process)."""
    text = resources.files(__package__).joinpath(MODEL_RESOURCE).read_text(encoding="utf-8")
    return model_from_data(json.loads(text))


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def score_window(window: Window, model: RiskModel | None = None) -> RiskScore:
    """The risk that an injury begins on the day after this window, with its reasons."""
    model = model or load_model()
    values = window_features(window)
    logit = model.intercept
    effects: list[tuple[float, str, float]] = []
    missing: list[str] = []
    for term in model.terms:
        value = values[term.feature]
        if value is None:
            missing.append(term.feature)
            continue  # the fill is the mean: standardised to 0, it adds nothing
        effect = term.weight * (value - term.mean) / term.scale
        logit += effect
        effects.append((effect, term.feature, value))
    # Only the terms that raise the score explain it; ties break on the name.
    effects.sort(key=lambda e: (-e[0], e[1]))
    why = tuple(
        Why(feature, effect, describe(feature, value))
        for effect, feature, value in effects[:TOP_REASONS]
        if effect > 0
    )
    calibrated = _sigmoid(model.calibration_intercept + model.calibration_slope * logit)
    return RiskScore(risk=calibrated, why=why, missing=tuple(missing))


def _times(log_ratio: float) -> str:
    return f"{math.exp(log_ratio):.1f}×"


_TEXTS: Final[dict[str, Any]] = {
    "km_7d": lambda v: f"{math.expm1(v):.0f} km run in the last 7 days",
    "km_max": lambda v: f"longest day of the week: {math.expm1(v):.1f} km",
    "km_last3_share": lambda v: f"{v:.0%} of the week's distance in its last 3 days",
    "hard_km_7d": lambda v: f"{math.expm1(v):.1f} km at threshold pace or faster this week",
    "sprint_km_7d": lambda v: f"{math.expm1(v):.1f} km of sprinting this week",
    "strength_7d": lambda v: f"{v:.0f} strength sessions this week",
    "alt_hours_7d": lambda v: f"{v:.1f} h of cross-training this week",
    "rest_days": lambda v: f"{v:.0f} rest days this week",
    "exertion_mean": lambda v: f"sessions felt hard on average ({v:.2f} on a 0-1 scale)",
    "exertion_max": lambda v: f"the hardest session felt {v:.2f} on a 0-1 scale",
    "success_mean": lambda v: f"training success rated {v:.2f} on a 0-1 scale",
    "recovery_mean": lambda v: f"recovery rated {v:.2f} on a 0-1 scale",
    "recovery_min": lambda v: f"worst recovery of the week rated {v:.2f} on a 0-1 scale",
    "km_vs_usual": lambda v: f"weekly distance {_times(v)} your usual week",
    "km_max_z": lambda v: f"longest day {v:+.1f} standard deviations from your usual day",
    "hard_vs_usual": lambda v: f"hard running {_times(v)} your usual amount",
    "exertion_vs_usual": lambda v: f"sessions felt {abs(v):.2f} {_more(v)} than usual (0-1 scale)",
    "success_vs_usual": lambda v: (
        f"training success {abs(v):.2f} {_more(v, 'better', 'worse')} than usual (0-1 scale)"
    ),
    "recovery_vs_usual": lambda v: (
        f"recovery rated {abs(v):.2f} {_more(v, 'higher', 'lower')} than usual (0-1 scale)"
    ),
    "sessions_vs_usual": lambda v: (
        f"{abs(v):.1f} sessions {_more(v, 'more', 'fewer')} than a usual week"
    ),
    "usual_km_week": lambda v: f"usual week of {math.expm1(v):.0f} km",
}


def _more(v: float, up: str = "harder", down: str = "easier") -> str:
    return up if v >= 0 else down


def describe(feature: str, value: float) -> str:
    """Plain words for one feature's value (the model's reason, not a diagnosis)."""
    text: str = _TEXTS[feature](value)
    return text
