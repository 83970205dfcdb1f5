"""Read a window from its JSON form (one line of ``windows.py``'s output).

Validated once at the edge with pydantic, like the case file; a bad window raises
:class:`WindowError` naming the field (``days[2].km``). Keys other than ``days``
and ``baseline`` (``athlete``, ``date``, ``injury``) are ignored on purpose: a
score must not depend on them.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from runback.engine.errors import EngineError
from runback.engine.risk.features import DAY_KEYS, WINDOW_DAYS, Usual, Window

Amount = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]


class WindowError(EngineError, ValueError):
    """A window is not valid. ``field`` is a dotted path such as ``days[2].km``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class _DayModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sessions: Amount | None
    km: Amount | None
    km_z3_4: Amount | None
    km_z5_t1_t2: Amount | None
    km_sprint: Amount | None
    strength: Amount | None
    alt_hours: Amount | None
    exertion: Annotated[float, Field(ge=0, le=1)] | None
    success: Annotated[float, Field(ge=0, le=1)] | None
    recovery: Annotated[float, Field(ge=0, le=1)] | None


class _UsualModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    mean: Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
    sd: Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]


class _WindowModel(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    days: Annotated[list[_DayModel], Field(min_length=WINDOW_DAYS, max_length=WINDOW_DAYS)]
    baseline: dict[str, _UsualModel | None] | None


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "window"


def parse_window(data: Any) -> Window:
    """A :class:`Window` from parsed JSON, or :class:`WindowError` naming the bad field."""
    try:
        model = _WindowModel.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        raise WindowError(_where(tuple(first["loc"])), first["msg"]) from None
    usual: dict[str, Usual | None] | None = None
    if model.baseline is not None:
        unknown = sorted(set(model.baseline) - set(DAY_KEYS))
        if unknown:
            raise WindowError(f"baseline.{unknown[0]}", f"unknown key (expected {DAY_KEYS})")
        usual = {
            key: None if value is None else Usual(value.mean, value.sd)
            for key, value in model.baseline.items()
        }
    days = tuple(day.model_dump() for day in model.days)
    return Window(days=days, usual=usual)
