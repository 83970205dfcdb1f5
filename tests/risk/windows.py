"""Windows for the risk tests: built by hand in ``windows.py``'s format.

The shared Lövdal file is read by the tests that need it (skipped when it is
absent); these small windows keep the contract tests independent of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

LOVDAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "lovdal2021"

REST: dict[str, Any] = {
    "sessions": 0.0, "km": 0.0, "km_z3_4": 0.0, "km_z5_t1_t2": 0.0, "km_sprint": 0.0,
    "strength": 0.0, "alt_hours": 0.0, "exertion": None, "success": None, "recovery": None,
}  # fmt: skip


def rest() -> dict[str, Any]:
    return dict(REST)


def run_day(km: float, hard: float = 0.0, exertion: float = 0.3) -> dict[str, Any]:
    return {
        **REST, "sessions": 1.0, "km": km, "km_z3_4": hard, "exertion": exertion,
        "success": 0.5, "recovery": 0.4,
    }  # fmt: skip


def usual(km_mean: float = 8.0) -> dict[str, Any]:
    return {
        "sessions": {"mean": 0.8, "sd": 0.4},
        "km": {"mean": km_mean, "sd": 5.0},
        "km_z3_4": {"mean": 1.0, "sd": 2.0},
        "km_z5_t1_t2": {"mean": 0.5, "sd": 1.0},
        "km_sprint": {"mean": 0.1, "sd": 0.3},
        "strength": {"mean": 0.2, "sd": 0.4},
        "alt_hours": {"mean": 0.1, "sd": 0.3},
        "exertion": {"mean": 0.3, "sd": 0.1},
        "success": {"mean": 0.5, "sd": 0.1},
        "recovery": {"mean": 0.4, "sd": 0.1},
    }


def easy_week() -> dict[str, Any]:
    days = [run_day(8), rest(), run_day(8), rest(), run_day(10), rest(), run_day(12)]
    return {"athlete": 1, "date": 100, "injury": 0, "days": days, "baseline": usual()}


def spike_week() -> dict[str, Any]:
    days = [run_day(15, 6, 0.7), run_day(12, 5, 0.8), run_day(20, 8, 0.8), run_day(14, 6, 0.7),
            run_day(25, 10, 0.9), run_day(18, 8, 0.8), run_day(30, 12, 0.9)]  # fmt: skip
    return {"athlete": 2, "date": 200, "injury": 1, "days": days, "baseline": usual()}


def no_usual_week() -> dict[str, Any]:
    return {**easy_week(), "baseline": None}
