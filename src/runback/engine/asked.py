"""The plan for a day, as the app asks for it every morning: one call, one rule.

The plan shown on a day must contain that day's own sessions, so it is built "as of
the evening before": the day's logged training is not yet part of it (it is what the
plan asks for). But the plan must hear the day's morning check-in (next-morning pain
and stiffness of yesterday's runs, sleep, stress, fuelling), or a check-in could not
reshape the day it was made on. :func:`evening_before` is the one place that says
which parts of a case file count for the plan of its ``today``; :func:`plan_for_day`
builds that plan. Before this, the web layer worked it out itself from its rows.

A case file for day D is the record as it stands on D: the log up to D with each
entry's next-morning answers attached (D's morning for D-1's runs), and D's
wellbeing. The plan for D is then the plan of that case file as of D-1 (or of the
onset day, when the injury began on D):

- log entries, readiness tests, lifts, self-checks, questionnaires and visits dated
  D are left out (the next-morning answers sit on D-1's entries and stay);
- ``injury.onset`` and ``injury.last_run`` cannot be after the new ``today``;
- a clearance dated D does not count yet (nor a clinician's words with it,
  ``clinician.cleared_to_run``);
- wellbeing stays as given (it already holds D's morning).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from runback.engine.answers import Plan
from runback.engine.case import CaseFile
from runback.engine.planner import build_plan

DAY = dt.timedelta(days=1)

_DATED = ("tests", "strength_log", "self_assessments", "questionnaires", "visits")
"""Case-file lists whose items carry a ``date`` (``log`` is filtered on its own)."""


def plan_start(case: CaseFile) -> dt.date:
    """The ``today`` the plan for ``case.today`` is built from: the evening before,
    or the onset day when the injury began that day."""
    return max(case.today - DAY, case.injury.onset)


def evening_before(case: CaseFile) -> CaseFile:
    """``case`` (the record on day D) as the plan for D reads it (see the module doc)."""
    start = plan_start(case)
    if start == case.today:
        return case
    data: dict[str, Any] = case.model_dump(mode="python")
    data["today"] = start
    data["log"] = [dict(e) for e in case.log if e["date"] <= start]
    for key in _DATED:
        items = zip(data[key], getattr(case, key), strict=True)
        data[key] = [item for item, kept in items if kept.date <= start]
    injury = data["injury"]
    if injury["last_run"] is not None:
        injury["last_run"] = min(injury["last_run"], start)
    if injury["cleared_on"] is not None and injury["cleared_on"] > start:
        injury["cleared_on"] = injury["cleared_by"] = None
        data["clinician"]["cleared_to_run"] = None  # the words go with their go-ahead
    return CaseFile.model_validate(data)


def plan_for_day(case: CaseFile, weeks: int) -> Plan:
    """The plan from ``case.today`` on (from the day after the onset, when the injury
    began that day), ``weeks`` long: what Today and Plan show on ``case.today``."""
    return build_plan(evening_before(case), weeks=weeks)
