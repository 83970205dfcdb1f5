"""What the outcome questionnaires mean for the plan: fear holds, a lasting problem escalates.

Scoring lives in :mod:`runback.engine.questionnaires`; this module reads the scores
against ``today``. Two rules (docs/engine.md, "Wellbeing" and "Escalate"):

- a recent TSK-11 of 30/44 or more (high fear of movement) holds progression, like
  ``fear_of_reinjury`` >= 7/10 does, so confidence can catch up with the dose;
- an OSTRC-O2 "substantial problem" in each of 3 consecutive weeks escalates like
  stalled progress: see a professional.

:func:`due` says which questionnaires to ask today (the app's schedule).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runback.engine.answers import Reason
from runback.engine.case import CaseFile
from runback.engine.enums import Site
from runback.engine.questionnaires import Instrument, QuestionnaireScore, score
from runback.engine.reasons import Code, reason

HIGH_FEAR_TSK11 = 30
"""TSK-11 at or above this reads as high fear of movement (evidence.md 10; our choice)."""
FEAR_RECENT_DAYS = 28
"""A TSK-11 older than this no longer speaks for today (asked every 2-4 weeks)."""
SUBSTANTIAL_WEEKS = 3
"""Consecutive weeks of a substantial OSTRC-O2 problem that escalate."""


def scores(case: CaseFile) -> tuple[QuestionnaireScore, ...]:
    """Every questionnaire up to today, scored, oldest first."""
    return tuple(score(e) for e in case.questionnaires if e.date <= case.today)


def scores_of(case: CaseFile, instrument: Instrument) -> tuple[QuestionnaireScore, ...]:
    """The scores of one instrument up to today, oldest first."""
    return tuple(s for s in scores(case) if s.instrument is instrument)


def recent_high_fear(case: CaseFile) -> QuestionnaireScore | None:
    """The latest TSK-11 when it is recent and at or above the high-fear line."""
    tsk = scores_of(case, Instrument.TSK_11)
    if not tsk:
        return None
    latest = tsk[-1]
    recent = (case.today - latest.date).days <= FEAR_RECENT_DAYS
    return latest if recent and latest.score >= HIGH_FEAR_TSK11 else None


def fear_holds(case: CaseFile) -> list[Reason]:
    """``high_fear_of_movement_hold`` when the latest recent TSK-11 is high."""
    high = recent_high_fear(case)
    if high is None:
        return []
    return [reason(Code.HIGH_FEAR_OF_MOVEMENT_HOLD, score=high.score)]


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def substantial_weeks(case: CaseFile) -> int:
    """How many weeks in a row, up to this week or last, had a substantial OSTRC-O2 problem.

    One answer per week counts (the latest of that week); a week with no answer breaks
    the run, and so does the latest answer being older than last week.
    """
    weekly: dict[dt.date, bool] = {}
    for s in scores_of(case, Instrument.OSTRC_O2):
        weekly[_week(s.date)] = bool(s.substantial)
    week = _week(case.today)
    if week not in weekly:
        week -= dt.timedelta(days=7)
    count = 0
    while weekly.get(week):
        count += 1
        week -= dt.timedelta(days=7)
    return count


def escalations(case: CaseFile) -> list[Reason]:
    """``substantial_problem_persists_see_professional`` after 3 substantial weeks in a row."""
    weeks = substantial_weeks(case)
    if weeks < SUBSTANTIAL_WEEKS:
        return []
    return [reason(Code.SUBSTANTIAL_PROBLEM_PERSISTS_SEE_PROFESSIONAL, weeks=weeks)]


# -- when to ask ------------------------------------------------------------------------
OSTRC_EVERY_DAYS = 7
"""OSTRC-O2 covers the past 7 days: asked weekly (Clarsen 2020)."""
REGION_EVERY_DAYS = 21
"""The region score and TSK-11: every 2-4 weeks (evidence.md 10); we ask at 3."""

REGION_SCORES: dict[Site, Instrument] = {
    Site.ACHILLES: Instrument.VISA_A,
    Site.PATELLAR_TENDON: Instrument.VISA_P,
}
"""The established, free region score for a site; other sites have none here yet."""


@dataclass(frozen=True, slots=True)
class Due:
    """A questionnaire to ask now: never asked, or its last answer is ``every_days`` old."""

    instrument: Instrument
    last: dt.date | None
    every_days: int


def region_score(site: Site) -> Instrument | None:
    """VISA-A for the Achilles, VISA-P for the patellar tendon, else None."""
    return REGION_SCORES.get(site)


def due(case: CaseFile) -> tuple[Due, ...]:
    """The questionnaires to ask today, in the order a form should ask them.

    OSTRC-O2 weekly; TSK-11 and the site's region score (if it has one) every 3 weeks,
    and at the start. Answers dated after today do not count.
    """
    schedule = [(Instrument.OSTRC_O2, OSTRC_EVERY_DAYS), (Instrument.TSK_11, REGION_EVERY_DAYS)]
    region = region_score(case.injury.site)
    if region is not None:
        schedule.append((region, REGION_EVERY_DAYS))
    out: list[Due] = []
    for instrument, every in schedule:
        answered = scores_of(case, instrument)
        last = answered[-1].date if answered else None
        if last is None or (case.today - last).days >= every:
            out.append(Due(instrument, last, every))
    return tuple(out)
