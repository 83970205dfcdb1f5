"""Plain-language texts for every rule code (DOMAIN.md "Rule codes").

One table, so every answer speaks with the same words and ``docs/engine.md`` can
map each code to its evidence. Texts may carry ``{placeholders}`` filled by
:func:`reason`. Codes are stable: add, never rename.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from runback.engine.answers import Reason
from runback.engine.enums import RedFlag

TEXTS: Final[dict[str, str]] = {
    # screen
    "red_flag_refer": "A warning sign is present: see a clinician before any more "
    "self-guided training. Running is on hold until then.",
    "worsening_pain_refer": "Pain that keeps getting worse over days or weeks needs a "
    "clinician's look; self-guided training is on hold.",
    "bone_stress_high_risk_clinician_led": "A bone stress injury at a high-risk (or not yet "
    "known) site heals slowly and can break fully: a clinician leads this comeback. "
    "Only off-loaded strength and non-impact cardio here, no running.",
    "bone_stress_low_risk_no_pain": "Bone stress at a low-risk site: bone gets a no-pain "
    "rule. Any pain at the site during or after running means back off.",
    # settle
    "acute_half_volume": "The injury is recent: run about half of your usual volume for "
    "one to two weeks ({minutes} min per run).",
    "acute_no_speed": "No speed work for the first one to two weeks; all runs easy.",
    "acute_swap_aggravators": "What provokes it is swapped out for now: {swaps}.",
    "aggravator_reintroduced": "Adding back one thing that used to provoke it, in a small "
    "dose: {what}. Only one change at a time.",
    "persistent_graded_exposure": "Long-standing pain: graded exposure. Some discomfort "
    "(up to {allowance}/10) is fine if it is back to its usual level by the next morning "
    "and does not get in the way of daily life.",
    "rest_test": "Progress has stalled: a week of complete rest is a useful test. If the "
    "pain returns quickly once running resumes, suspect a movement problem (stride, "
    "mobility, core control) rather than tissue damage.",
    # capacity
    "heavy_strength_2_3_per_week": "Heavy strength work {count} times a week (low reps, "
    "high load) for the tissues that were overloaded: this is most of the rehab.",
    "strength_load_progression": "Strength load climbs through the block: {scheme} this "
    "week; add weight when every rep feels controlled and the next morning is calm.",
    "plyometrics_after_strength_base": "A strength base is in place, so hopping and "
    "bounding are added ({contacts} foot contacts a session, contacts before height).",
    "capacity_exit_by_tests": "Phases change on capacity (strength and hop tests, "
    "consistent strength training), never on 'it no longer hurts'.",
    # return
    "start_at_pain_free_minutes": "Start at what you can run now without pain: "
    "{minutes} min, split with walk breaks.",
    "walk_breaks": "Walk breaks are part of the plan, not a failure: {split}.",
    "long_layoff_short_start": "After a long layoff start with a few minutes of jogging "
    "({minutes} min), padded with a dynamic warm-up and a brisk 10-minute walk.",
    "high_volume_longer_start": "You ran {km:g} km a week before, so you can start a "
    "little longer: {minutes} min.",
    "frequent_short_runs": "Short runs, more often: {runs} runs this week, alternating "
    "run days and walk or rest days.",
    "plus_two_minutes_per_week": "Each week adds about 2 minutes per run.",
    "pain_not_reported": "The run on {date} has no pain answers yet, so it cannot count "
    "as pain-free: say how it felt (before, during, after) and the next step is chosen "
    "from it. Until then the dose holds.",
    "one_variable_at_a_time": "Change one thing at a time (length, speed, terrain, hills), "
    "and only after 2-4 runs in a row without a flare.",
    "thirty_percent_per_3_4_weeks": "Weekly volume grows about 30% over 3-4 weeks.",
    "monthly_down_week": "Every fourth week is a down week at about half volume so "
    "tissues catch up.",
    "flare_point_cap": "Runs are capped at {minutes} min, where the injury used to flare.",
    "intensity_last": "Speed work comes back last, once the volume is tolerated; "
    "for now every run is easy.",
    "walk_the_hills": "Walk the hills for now.",
    # reading a run
    "warm_up_pain_ok": "Pain in the first minutes that faded, with nothing later or the "
    "next morning, is fine: carry on.",
    "building_pain_back_off": "Pain that built during the run means back off: shorten, slow "
    "down or change one thing, and run only up to where the pain comes on.",
    "steady_mild_hold": "Steady mild pain that goes when you stop: hold this dose and add "
    "support work.",
    "plateau_poke": "Pain-free short runs but discomfort at a certain point: time to poke. "
    "After the pain-free minutes, run 2-3 minutes into mild discomfort.",
    "next_morning_above_baseline": "The next morning was worse than your usual "
    "({morning}/10 vs {baseline}/10): the dose was too high.",
    "pain_above_allowance": "Pain reached {pain}/10 during the run, above the "
    "{allowance}/10 allowed.",
    "rising_next_morning_trend": "Next-morning pain has been creeping up over recent "
    "runs: no progression until it settles.",
    # wellbeing
    "short_sleep_hold": "Short sleep ({hours:g} h) amplifies pain and slows repair: "
    "progression holds this week.",
    "high_stress_hold": "High stress ({level}/10) amplifies pain: progression holds this week.",
    "fear_of_reinjury_hold": "High fear of re-injury ({level}/10): progression holds while "
    "confidence builds with the current dose.",
    "high_fear_of_movement_hold": "Your fear-of-movement score is high (TSK-11 {score}/44): "
    "progression holds while the current dose is repeated until it feels safe. Fear is "
    "worth raising with a physiotherapist: graded exposure with support works better than "
    "waiting for it to pass.",
    "low_energy_availability_flag": "Poor fuelling together with a bone stress history can "
    "mean low energy availability: talk to a sports doctor or dietitian; no progression "
    "until it is addressed.",
    # integrate
    "strength_maintenance": "Keep strength work 2-3 times a week for good: runners with a "
    "previous injury are about twice as likely to get injured again.",
    "load_monitoring": "Keep watching the load: no run more than 10% longer than your "
    "longest in the last 30 days.",
    # escalate
    "recurring_niggle_check_early": "Niggles keep coming back: get a professional to look "
    "early, the first days shape the outcome.",
    "stalled_progress_see_professional": "Nothing has changed for weeks: see a "
    "professional (movement expert first) and bring your log.",
    "substantial_problem_persists_see_professional": "The weekly OSTRC questionnaire has "
    "shown a substantial problem for {weeks} weeks in a row: see a professional (movement "
    "expert first) and bring the clinician report (`runback report`).",
    "readiness_gate_failed_twice_see_professional": "The readiness tests for {gate} "
    "fell short twice ({first} and {last}): more of the same is not closing the gap, so "
    "see a professional (movement expert first) and bring the test results.",
    "repeated_flares_see_professional": "{flares} runs in the last {days} days flared "
    "(pain past the allowance, building, or a worse next morning): backing off has not "
    "settled it, so see a professional (movement expert first) and bring your log.",
    "try_again_after_visit": "Since your visit on {day} ({who}) the pathway starts again "
    "from there: the advice gets its own weeks before stalled progress or a lasting "
    "problem sends you on to the next step.",
    # extensions
    "postpartum_12_weeks": "No running before about 12 weeks after giving birth (and none "
    "while pelvic-floor symptoms are present): strength and pelvic-floor work first.",
    "settle_by_modifying_load": "Pain at rest or walking is still high: settle it by "
    "modifying load, not with full rest. Walk and strength train, no running yet.",
    "no_pain_free_running_yet": "Running hurts from the first minute for now: walk and "
    "strength train, and retry a short jog when walking is pain-free.",
    "clinician_led_no_running": "No running until the clinician clears it.",
    "no_run_logged": "No run logged yet: the next run is the starting dose.",
    "restart_after_break": "The last run was {days} days ago: restart at the starting dose "
    "rather than where you left off.",
}

VARIANT_TEXTS: Final[dict[tuple[str, str], str]] = {
    ("next_morning_above_baseline", "stiffness"): "The next morning you were stiffer than "
    "usual (stiffness {morning}/10 vs {baseline}/10): the dose was too high.",
    ("next_morning_above_baseline", "pain_and_stiffness"): "The next morning was worse than "
    "your usual (pain {morning}/10 vs {baseline}/10, stiffness {stiffness}/10 vs "
    "{stiffness_baseline}/10): the dose was too high.",
    ("rising_next_morning_trend", "stiffness"): "Next-morning stiffness has been creeping up "
    "over recent runs: no progression until it settles.",
    ("rising_next_morning_trend", "pain_and_stiffness"): "Next-morning pain and stiffness "
    "have been creeping up over recent runs: no progression until they settle.",
}
"""Other wordings of one rule, e.g. the next-morning check read on stiffness, not pain.

Same code (the rule is the same), words that name what the runner actually reported.
"""

RED_FLAG_TEXTS: Final[dict[RedFlag, str]] = {
    RedFlag.SEVERE_PAIN: "Severe pain.",
    RedFlag.WORSENING_PAIN: "Pain getting steadily worse.",
    RedFlag.NIGHT_PAIN: "Pain at night.",
    RedFlag.WEIGHT_LOSS: "Unexplained weight loss.",
    RedFlag.BOWEL_BLADDER: "Bowel or bladder changes: seek care today.",
    RedFlag.FEVER_UNWELL: "Fever or feeling unwell.",
    RedFlag.TRAUMA: "The pain followed a fall, blow or other trauma.",
    RedFlag.NUMBNESS_WEAKNESS: "Numbness or weakness.",
    RedFlag.DAILY_LIFE_LIMITED: "Pain disturbs sleep, standing, sitting or short walks.",
}


@lru_cache(maxsize=4096)
def reason(code: str, **values: object) -> Reason:
    """The reason for ``code``, its text filled with ``values``.

    Cached: reasons are immutable and a plan asks for the same ones week after week.
    """
    return Reason(code=code, text=TEXTS[code].format(**values))


@lru_cache(maxsize=1024)
def variant_reason(code: str, variant: str, **values: object) -> Reason:
    """The reason for ``code`` in its ``variant`` wording (see ``VARIANT_TEXTS``)."""
    return Reason(code=code, text=VARIANT_TEXTS[code, variant].format(**values))


def red_flag_reason(flag: RedFlag) -> Reason:
    """A red flag's reason uses the flag's own case-file code (DOMAIN.md)."""
    return Reason(code=flag.value, text=RED_FLAG_TEXTS[flag])
