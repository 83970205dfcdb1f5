"""Template helpers for drawing sessions: the run/walk interval timeline."""

from __future__ import annotations

from typing import Any

from django import template

from runback.engine import Session
from runback.web.runners.vocabulary import Pathway

register = template.Library()


@register.simple_tag
def timeline(session: Session) -> list[dict[str, Any]]:
    """The session's run and walk blocks in order, each with its length in minutes.

    Uses the engine's ``intervals`` when present; otherwise one run block then one walk.
    """
    segments: list[dict[str, Any]] = []
    if session.intervals:
        for block in session.intervals:
            for _ in range(block.repeats):
                segments.append({"kind": "run", "minutes": block.run_minutes})
                if block.walk_minutes:
                    segments.append({"kind": "walk", "minutes": block.walk_minutes})
    else:
        if session.run_minutes:
            segments.append({"kind": "run", "minutes": float(session.run_minutes)})
        if session.walk_minutes:
            segments.append({"kind": "walk", "minutes": float(session.walk_minutes)})
    return [s for s in segments if s["minutes"] > 0]


@register.filter
def minutes(value: float | int | None) -> str:
    """3.0 -> "3", 1.5 -> "1.5"."""
    if value is None:
        return ""
    return f"{value:g}"


@register.filter
def pathway(value: str) -> str:
    """The comeback route in a runner's words ("other" is a healing injury, not "Other")."""
    return Pathway.label(value)


@register.filter
def label(value: str) -> str:
    """A contract code as words: "run_walk" -> "Run/walk", "back_off" -> "Back off"."""
    words = {
        "run_walk": "Run/walk",
        "cross_training": "Cross-training",
        "back_off": "Back off",
        "drills": "Warm-up drills",
    }
    return words.get(value, value.replace("_", " ").capitalize())


PILL_TEXT = {
    "strength": "Str",
    "plyometrics": "Plyo",
    "walk": "Walk",
    "cross_training": "X-train",
    "rest": "Rest",
    "drills": "Drills",
}


@register.filter
def pill(session: Session) -> str:
    """A calendar cell's short label: minutes for running, a short word otherwise."""
    if session.run_minutes:
        return f"{session.run_minutes}′"
    return PILL_TEXT.get(session.kind.value, session.kind.value)
