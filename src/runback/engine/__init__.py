"""runback's rehab engine: pure functions from a case file to answers.

No Django, no I/O, no clock: ``today`` comes in the case file (the edge fills
it), so the same case file always gives the same answer.

    case = parse_case(json.loads(text), default_today=date.today())
    assess(case).to_contract()      # triage, pathway, phase, next 7 days
    decide(case).to_contract()      # how the last run went, the next run
    build_plan(case, weeks=8)       # a longer horizon
"""

from __future__ import annotations

from runback.engine.answers import (
    Assessment,
    DayPlan,
    Decision,
    ExerciseDose,
    Interval,
    NextRun,
    Plan,
    Reason,
    Session,
    Triage,
    WeekSummary,
)
from runback.engine.asked import evening_before, plan_for_day
from runback.engine.case import (
    Availability,
    CaseFile,
    Injury,
    LogEntry,
    Runner,
    Wellbeing,
    parse_case,
)
from runback.engine.decisions import decide
from runback.engine.enums import (
    Action,
    Aggravator,
    BoneStressRisk,
    DuringPattern,
    Equipment,
    InjuryKind,
    Intensity,
    LogKind,
    PainPattern,
    Pathway,
    Phase,
    RedFlag,
    SessionKind,
    Sex,
    Site,
    TriageStatus,
    Weekday,
)
from runback.engine.errors import CaseFileError, EngineError
from runback.engine.planner import assess, build_plan

__all__ = [
    "Action",
    "Aggravator",
    "Assessment",
    "Availability",
    "BoneStressRisk",
    "CaseFile",
    "CaseFileError",
    "DayPlan",
    "Decision",
    "DuringPattern",
    "EngineError",
    "Equipment",
    "ExerciseDose",
    "Injury",
    "InjuryKind",
    "Intensity",
    "Interval",
    "LogEntry",
    "LogKind",
    "NextRun",
    "PainPattern",
    "Pathway",
    "Phase",
    "Plan",
    "Reason",
    "RedFlag",
    "Runner",
    "Session",
    "SessionKind",
    "Sex",
    "Site",
    "Triage",
    "TriageStatus",
    "WeekSummary",
    "Weekday",
    "Wellbeing",
    "assess",
    "build_plan",
    "decide",
    "evening_before",
    "parse_case",
    "plan_for_day",
]
