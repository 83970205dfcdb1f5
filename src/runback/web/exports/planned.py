"""The plan as the exports see it: days of sessions in the case-file contract's shape.

The exports read the engine's plan through its published JSON shape (``days[]`` of
``{"date", "sessions": [{"kind", "run_minutes", "walk_minutes", "intensity", "why",
"intervals"?}]}``), not its Python classes, so the calendar and workout writers stay
pure functions of plain data and keep working however the plan is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

RUNNING_KINDS = frozenset({"run", "run_walk"})


@dataclass(frozen=True)
class Block:
    """``repeats`` x (run ``run_minutes``, then walk ``walk_minutes``)."""

    repeats: int
    run_minutes: float
    walk_minutes: float


@dataclass(frozen=True)
class Lift:
    """One exercise of a strength or plyometric session, as prescribed."""

    name: str
    sets: int
    reps: int
    load: str = ""
    rest_s: int = 0
    hold_s: int | None = None

    @property
    def line(self) -> str:
        """E.g. "Single-leg calf raise: 3 x 8, 20 kg, rest 120 s"; holds as holds."""
        dose = (
            f"{self.sets} holds of {self.hold_s} s"
            if self.hold_s
            else (f"{self.sets} x {self.reps}")
        )
        parts = [dose, self.load, f"rest {self.rest_s} s" if self.rest_s else ""]
        return f"{self.name}: {', '.join(p for p in parts if p)}"


@dataclass(frozen=True)
class PlannedSession:
    """One planned session on one day."""

    date: dt.date
    kind: str
    run_minutes: float = 0
    walk_minutes: float = 0
    intensity: str = "easy"
    why: str = ""
    minutes: float | None = None
    intervals: tuple[Block, ...] = ()
    exercises: tuple[Lift, ...] = ()

    @property
    def has_running(self) -> bool:
        return self.kind in RUNNING_KINDS or self.run_minutes > 0

    @property
    def is_rest(self) -> bool:
        return self.kind == "rest"

    @property
    def title(self) -> str:
        """A short human title, e.g. "Run/walk: run 10 min, walk 2 min"."""
        label = self.kind.replace("_", " ").capitalize().replace("Run walk", "Run/walk")
        if self.has_running:
            parts = [f"run {_minutes(self.run_minutes)} min"]
            if self.walk_minutes:
                parts.append(f"walk {_minutes(self.walk_minutes)} min")
            return f"{label}: {', '.join(parts)}"
        if self.minutes:
            return f"{label}: {_minutes(self.minutes)} min"
        if self.kind == "walk" and self.walk_minutes:
            return f"{label}: {_minutes(self.walk_minutes)} min"
        return label


def _minutes(value: float) -> str:
    return f"{value:g}"


def sessions_from_days(days: Iterable[Mapping[str, Any]]) -> list[PlannedSession]:
    """Flatten contract-shaped ``days`` into sessions, in date then plan order."""
    out: list[PlannedSession] = []
    for day in days:
        date = _as_date(day["date"])
        for session in day.get("sessions", []):
            out.append(session_from_contract(date, session))
    return out


def session_from_contract(date: dt.date, data: Mapping[str, Any]) -> PlannedSession:
    """One session dict of the contract (unknown keys ignored, known ones required)."""
    return PlannedSession(
        date=date,
        kind=str(data["kind"]),
        run_minutes=float(data.get("run_minutes") or 0),
        walk_minutes=float(data.get("walk_minutes") or 0),
        intensity=str(data.get("intensity") or "easy"),
        why=str(data.get("why") or ""),
        minutes=float(data["minutes"]) if data.get("minutes") else None,
        intervals=tuple(
            Block(int(b["repeats"]), float(b["run_minutes"]), float(b["walk_minutes"]))
            for b in data.get("intervals") or ()
        ),
        exercises=tuple(
            Lift(
                name=str(e["name"]),
                sets=int(e["sets"]),
                reps=int(e["reps"]),
                load=str(e.get("load") or ""),
                rest_s=int(e.get("rest_s") or 0),
                hold_s=int(e["hold_s"]) if e.get("hold_s") else None,
            )
            for e in data.get("exercises") or ()
        ),
    )


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
