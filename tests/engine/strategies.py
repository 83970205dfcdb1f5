"""Hypothesis strategies that generate valid case files (raw JSON-like dicts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from runback.engine import Aggravator, InjuryKind, RedFlag, Site, Weekday

TODAY = dt.date(2026, 11, 22)
pain = st.integers(min_value=0, max_value=10)
low_pain = st.integers(min_value=0, max_value=6)


def _iso(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


@st.composite
def log_entries(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["run", "run", "run", "strength", "walk", "rest", "checkin"]))
    entry: dict[str, Any] = {"date": _iso(draw(st.integers(0, 120))), "kind": kind}
    if kind == "run":
        entry.update(
            run_minutes=draw(st.integers(1, 60)),
            walk_minutes=draw(st.integers(0, 5)),
            pain_before=draw(st.integers(0, 3)),
            pain_during_max=draw(pain),
            pain_during_pattern=draw(st.sampled_from(["none", "eased", "steady", "built", None])),
            pain_after=draw(st.one_of(st.none(), pain)),
            pain_next_morning=draw(st.one_of(st.none(), low_pain)),
            stiffness_next_morning=draw(st.one_of(st.none(), low_pain)),
        )
        if draw(st.booleans()):
            entry["pain_onset_minute"] = draw(st.integers(0, 60))
    return entry


@st.composite
def case_files(draw: st.DrawFn, *, red_flags: bool | None = None) -> dict[str, Any]:
    """A valid case file; ``red_flags`` True/False forces flags on/off."""
    kind = draw(st.sampled_from(list(InjuryKind)))
    onset_ago = draw(st.integers(0, 400))
    flags: list[str] = []
    if red_flags or (red_flags is None and draw(st.integers(0, 9)) == 0):
        flags = draw(st.lists(st.sampled_from([f.value for f in RedFlag]), min_size=1, max_size=3))
    days = draw(
        st.lists(st.sampled_from([d.value for d in Weekday]), min_size=2, max_size=7, unique=True)
    )
    data: dict[str, Any] = {
        "today": TODAY.isoformat(),
        "runner": {
            "age": draw(st.integers(16, 80)),
            "weekly_km_before": draw(st.one_of(st.none(), st.integers(0, 120))),
            "runs_per_week_before": draw(st.one_of(st.none(), st.integers(1, 10))),
            "previous_injuries": draw(st.integers(0, 4)),
        },
        "injury": {
            "site": draw(st.sampled_from([s.value for s in Site])),
            "kind": kind.value,
            "bone_stress_risk": draw(st.sampled_from([None, None, "low", "high"])),
            "onset": _iso(onset_ago),
            "last_run": draw(st.one_of(st.none(), st.integers(0, 500).map(_iso))),
            "pain_free_run_minutes": draw(st.one_of(st.none(), st.integers(0, 60))),
            "pain_rest": draw(st.integers(0, 8)),
            "pain_walking": draw(st.integers(0, 8)),
            "worsening": draw(st.booleans()) if red_flags is None else bool(red_flags),
            "aggravators": draw(
                st.lists(st.sampled_from([a.value for a in Aggravator]), max_size=3, unique=True)
            ),
            "flare_point_minutes": draw(st.one_of(st.none(), st.integers(5, 60))),
            "stiffness_baseline": draw(st.one_of(st.none(), st.integers(0, 4))),
        },
        "red_flags": flags,
        "wellbeing": {
            "sleep_hours": draw(st.one_of(st.none(), st.floats(3, 10))),
            "stress": draw(st.one_of(st.none(), pain)),
            "fear_of_reinjury": draw(st.one_of(st.none(), pain)),
            "fuelling_ok": draw(st.one_of(st.none(), st.booleans())),
        },
        "availability": {
            "days": days,
            "minutes_per_day": draw(st.one_of(st.none(), st.integers(20, 120))),
        },
        "log": draw(st.lists(log_entries(), max_size=30)),
    }
    if red_flags is False:
        data["injury"]["pain_rest"] = min(data["injury"]["pain_rest"], 6)
        data["injury"]["pain_walking"] = min(data["injury"]["pain_walking"], 6)
        data["log"] = [{**e, "red_flags": []} for e in data["log"]]
    return data
