"""Screening: red flags, worsening pain and bone stress decide who leads.

Runs first, before any plan is built: a referral holds all self-guided training,
a high-risk bone stress injury is clinician-led, a low-risk one gets a no-pain
rule. Runners cannot override a flag (evidence.md section 2).
"""

from __future__ import annotations

import datetime as dt

from runback.engine.answers import Reason, Triage
from runback.engine.case import CaseFile
from runback.engine.enums import BoneStressRisk, ClearedBy, InjuryKind, RedFlag, TriageStatus
from runback.engine.reasons import Code, reason, red_flag_reason
from runback.engine.severity import log_referrals

DEFAULT_PAIN_ALLOWANCE = 3
"""Pain allowed during running, 0-10 (a conservative default; evidence.md section 1)."""

SEVERE_PAIN = 7
"""Pain at rest or walking at or above this counts as the ``severe_pain`` red flag."""

RECENT_FLAG_DAYS = 14
"""Red flags reported in log entries this recent still stand."""


def red_flags(case: CaseFile) -> list[RedFlag]:
    """Red flags present: declared, reported in recent log entries, or implied by severe pain."""
    flags = list(case.red_flags)
    since = case.today - dt.timedelta(days=RECENT_FLAG_DAYS)
    cleared = case.injury.cleared_on
    if cleared is not None and cleared >= since:
        since = cleared + dt.timedelta(days=1)  # reported before the clinician's go-ahead
    for entry in case.entries_between(since, case.today):
        flags.extend(entry.get("red_flags") or ())
    if max(case.injury.pain_rest, walking_pain(case)) >= SEVERE_PAIN:
        flags.append(RedFlag.SEVERE_PAIN)
    return list(dict.fromkeys(flags))


def walking_pain(case: CaseFile) -> int:
    """Pain on walking now: the latest check-in of the last week that rated it, else the
    case file's ``injury.pain_walking``."""
    since = case.today - dt.timedelta(days=RECENT_FLAG_DAYS // 2)
    for entry in reversed(case.entries_between(since, case.today)):
        rated = entry.get("pain_walking")
        if rated is not None:
            return rated
    return case.injury.pain_walking


def cleared_after_surgery(case: CaseFile) -> bool:
    """A surgeon's or clinician's go-ahead recorded, dated after the surgery (``onset``)
    and not in the future."""
    cleared = case.injury.cleared_on
    return cleared is not None and case.injury.onset <= cleared <= case.today


def is_bone_stress(case: CaseFile) -> bool:
    """Suspected or confirmed bone stress injury."""
    return case.injury.kind is InjuryKind.BONE_STRESS or case.injury.bone_stress_risk is not None


def pain_allowance(case: CaseFile) -> int:
    """Pain allowed during running: 0 for bone, else the clinician's setting
    (``clinician.pain_allowance``), the case's own, or 3/10."""
    if is_bone_stress(case):
        return 0  # bone keeps its no-pain rule, whoever asks (evidence.md section 1)
    steered = case.clinician.pain_allowance
    if steered is not None:
        return steered.value
    allowance = case.injury.pain_allowance
    return DEFAULT_PAIN_ALLOWANCE if allowance is None else allowance


def triage(case: CaseFile) -> Triage:
    """Decide who steers the comeback, with the reasons."""
    flags = red_flags(case)
    worsening = case.injury.worsening or RedFlag.WORSENING_PAIN in flags
    from_log = log_referrals(case)
    if flags or worsening or from_log:
        reasons: list[Reason] = list(from_log)
        if worsening:
            reasons.append(reason(Code.WORSENING_PAIN_REFER))
        if flags:
            reasons.append(reason(Code.RED_FLAG_REFER))
            reasons.extend(red_flag_reason(flag) for flag in flags)
        return Triage(status=TriageStatus.REFER, reasons=reasons)
    if case.injury.kind is InjuryKind.POST_SURGERY:
        cleared = cleared_after_surgery(case)
        weeks = (case.today - case.injury.onset).days // 7
        if not cleared:
            return Triage(
                status=TriageStatus.CLINICIAN_LED,
                reasons=[reason(Code.POST_SURGERY_NEEDS_CLEARANCE, weeks=weeks)],
            )
        assert case.injury.cleared_on is not None
        who = (case.injury.cleared_by or ClearedBy.CLINICIAN).value
        cleared_reason = reason(
            Code.POST_SURGERY_CLEARED,
            weeks=weeks,
            date=case.injury.cleared_on.isoformat(),
            who=who,
        )
        return Triage(status=TriageStatus.SELF_GUIDED, reasons=[cleared_reason])
    if is_bone_stress(case) and (
        case.injury.bone_stress_risk is not BoneStressRisk.LOW or case.injury.site.high_risk_bone
    ):
        return Triage(
            status=TriageStatus.CLINICIAN_LED,
            reasons=[reason(Code.BONE_STRESS_HIGH_RISK_CLINICIAN_LED)],
        )
    if is_bone_stress(case):
        return Triage(
            status=TriageStatus.SELF_GUIDED, reasons=[reason(Code.BONE_STRESS_LOW_RISK_NO_PAIN)]
        )
    return Triage(status=TriageStatus.SELF_GUIDED, reasons=[])
