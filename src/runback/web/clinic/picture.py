"""The engine's reading of one runner, for the clinician's page of that runner.

The caseload reads stored answers only (it must stay cheap for hundreds of runners);
one runner's page can afford the engine itself: pathway, phase, allowed pain and the
plan's reasons, which readiness gates are open, and the load-risk indicator the
runner sees on Today (:mod:`runback.web.runners.riskcard`, issue 15), shown from
the same phase on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from runback.engine.answers import Reason
from runback.web.capacity.readiness import GateLine, picture
from runback.web.runners.casefile import NotReadyError, load_rows
from runback.web.runners.models import Runner
from runback.web.runners.riskcard import risk_card
from runback.web.runners.services import plan_for, plan_start
from runback.web.runners.vocabulary import Pathway, Phase


@dataclass(frozen=True)
class EngineView:
    pathway: str
    """The pathway in words, as the runner and the steering card say it, not its code."""
    phase: str
    allowed_pain: int
    reasons: tuple[Reason, ...]
    gates: tuple[GateLine, ...]
    risk: dict[str, Any] | None = None

    @property
    def gates_open(self) -> int:
        return sum(1 for g in self.gates if g.open)


def engine_view(runner: Runner, today: dt.date) -> EngineView | None:
    """The engine's answer for ``runner`` today, or None before onboarding is done."""
    if not runner.is_onboarded or runner.is_referred:
        return None
    try:
        rows = load_rows(runner, today)  # read once: the plan, gates and risk card share it
        plan = plan_for(runner, today, rows=rows)
        gates = picture(runner, today, rows=rows).gates
    except NotReadyError:
        return None
    return EngineView(
        pathway=Pathway.label(plan.pathway),
        phase=Phase.label(plan.phase),
        allowed_pain=plan.allowed_pain,
        reasons=tuple(plan.reasons),
        gates=gates,
        risk=risk_card(runner, today, plan, plan_start(runner, today), rows=rows),
    )
