"""What the steering tests share: one override of each kind, and what the case file holds."""

from __future__ import annotations

from typing import Any

#: (the form's or the API's fields, the case file's key, what it holds there). The web
#: form posts the same fields (as strings); the API takes them as JSON.
EVERY_OVERRIDE: list[tuple[dict[str, Any], str, dict[str, Any]]] = [
    ({"key": "pathway", "pathway": "persistent"}, "pathway", {"value": "persistent"}),
    ({"key": "weekly_run_minutes", "minutes": 45}, "weekly_run_minutes", {"minutes": 45}),
    ({"key": "phase", "phase_mode": "hold", "phase": "capacity"}, "phase",
     {"mode": "hold", "phase": "capacity"}),
    ({"key": "exercises", "exclude": ["split_squat"]}, "exercises",
     {"exclude": ["split_squat"], "swap": []}),
    ({"key": "exercises", "swap_from": "single_leg_calf_raise", "swap_to": "seated_calf_raise"},
     "exercises", {"exclude": [], "swap": [{"from": "single_leg_calf_raise",
                                           "to": "seated_calf_raise"}]}),
    ({"key": "plyometrics_cleared"}, "plyometrics_cleared", {}),
]  # fmt: skip
