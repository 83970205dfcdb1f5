"""Plain-language texts for every rule code (DOMAIN.md "Rule codes").

One table, so every answer speaks with the same words and ``docs/engine.md`` can
map each code to its evidence. Texts may carry ``{placeholders}`` filled by
:func:`reason`. Codes are stable: add, never rename.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import Final

from runback.engine.answers import Reason
from runback.engine.enums import RedFlag


class Code(StrEnum):
    """Every rule code with a text here: a typo is a type error, not a KeyError at run time.

    Values are the stable codes answers carry (DOMAIN.md "Rule codes"); add, never rename.
    """

    RED_FLAG_REFER = "red_flag_refer"
    WORSENING_PAIN_REFER = "worsening_pain_refer"
    BONE_STRESS_HIGH_RISK_CLINICIAN_LED = "bone_stress_high_risk_clinician_led"
    BONE_STRESS_LOW_RISK_NO_PAIN = "bone_stress_low_risk_no_pain"
    SEVERE_RUN_PAIN_REFER = "severe_run_pain_refer"
    PAIN_RISING_WHILE_DOSE_FALLS_REFER = "pain_rising_while_dose_falls_refer"
    WALKING_PAIN_RISING_REFER = "walking_pain_rising_refer"
    POST_SURGERY_NEEDS_CLEARANCE = "post_surgery_needs_clearance"
    LASTING_NIGGLE_CHECK_EARLY = "lasting_niggle_check_early"
    PELVIC_FLOOR_SYMPTOMS_NO_RUNNING = "pelvic_floor_symptoms_no_running"
    FEAR_GRADED_EXPOSURE = "fear_graded_exposure"
    HIGH_FEAR_OF_MOVEMENT_HOLD = "high_fear_of_movement_hold"
    SUBSTANTIAL_PROBLEM_PERSISTS_SEE_PROFESSIONAL = "substantial_problem_persists_see_professional"
    READINESS_GATE_FAILED_TWICE_SEE_PROFESSIONAL = "readiness_gate_failed_twice_see_professional"
    REPEATED_FLARES_SEE_PROFESSIONAL = "repeated_flares_see_professional"
    TRY_AGAIN_AFTER_VISIT = "try_again_after_visit"
    SHORT_RUNS_TWICE_A_DAY = "short_runs_twice_a_day"
    INTEGRATE_PAIN_DROP_BACK = "integrate_pain_drop_back"
    POST_SURGERY_CLEARED = "post_surgery_cleared"
    ACUTE_HALF_VOLUME = "acute_half_volume"
    ACUTE_NO_SPEED = "acute_no_speed"
    ACUTE_SWAP_AGGRAVATORS = "acute_swap_aggravators"
    AGGRAVATOR_REINTRODUCED = "aggravator_reintroduced"
    PERSISTENT_GRADED_EXPOSURE = "persistent_graded_exposure"
    REST_TEST = "rest_test"
    HEAVY_STRENGTH_2_3_PER_WEEK = "heavy_strength_2_3_per_week"
    STRENGTH_LOAD_PROGRESSION = "strength_load_progression"
    PLYOMETRICS_AFTER_STRENGTH_BASE = "plyometrics_after_strength_base"
    CAPACITY_EXIT_BY_TESTS = "capacity_exit_by_tests"
    START_AT_PAIN_FREE_MINUTES = "start_at_pain_free_minutes"
    WALK_BREAKS = "walk_breaks"
    LONG_LAYOFF_SHORT_START = "long_layoff_short_start"
    LONG_LAYOFF_DRILLS_AND_HARD_WALK = "long_layoff_drills_and_hard_walk"
    HIGH_VOLUME_LONGER_START = "high_volume_longer_start"
    FREQUENT_SHORT_RUNS = "frequent_short_runs"
    PLUS_TWO_MINUTES_PER_WEEK = "plus_two_minutes_per_week"
    PAIN_NOT_REPORTED = "pain_not_reported"
    SKIPPED_FOR_PAIN = "skipped_for_pain"
    CROSS_TRAINING_WITH_KIT = "cross_training_with_kit"
    ONE_VARIABLE_AT_A_TIME = "one_variable_at_a_time"
    THIRTY_PERCENT_PER_3_4_WEEKS = "thirty_percent_per_3_4_weeks"
    MONTHLY_DOWN_WEEK = "monthly_down_week"
    FLARE_POINT_CAP = "flare_point_cap"
    INTENSITY_LAST = "intensity_last"
    WALK_THE_HILLS = "walk_the_hills"
    WARM_UP_PAIN_OK = "warm_up_pain_ok"
    BUILDING_PAIN_BACK_OFF = "building_pain_back_off"
    STEADY_MILD_HOLD = "steady_mild_hold"
    PLATEAU_POKE = "plateau_poke"
    NEXT_MORNING_ABOVE_BASELINE = "next_morning_above_baseline"
    PAIN_ABOVE_ALLOWANCE = "pain_above_allowance"
    RISING_NEXT_MORNING_TREND = "rising_next_morning_trend"
    SHORT_SLEEP_HOLD = "short_sleep_hold"
    HIGH_STRESS_HOLD = "high_stress_hold"
    FEAR_OF_REINJURY_HOLD = "fear_of_reinjury_hold"
    LOW_ENERGY_AVAILABILITY_FLAG = "low_energy_availability_flag"
    STRENGTH_MAINTENANCE = "strength_maintenance"
    LOAD_MONITORING = "load_monitoring"
    RECURRING_NIGGLE_CHECK_EARLY = "recurring_niggle_check_early"
    STALLED_PROGRESS_SEE_PROFESSIONAL = "stalled_progress_see_professional"
    POSTPARTUM_12_WEEKS = "postpartum_12_weeks"
    SETTLE_BY_MODIFYING_LOAD = "settle_by_modifying_load"
    NO_PAIN_FREE_RUNNING_YET = "no_pain_free_running_yet"
    CLINICIAN_LED_NO_RUNNING = "clinician_led_no_running"
    NO_RUN_LOGGED = "no_run_logged"
    DOSE_HELD_IN_CALENDAR_TIME = "dose_held_in_calendar_time"
    BONE_PAIN_AFTER_BACK_OFF = "bone_pain_after_back_off"
    SETTLE_CROSS_TRAINING = "settle_cross_training"
    RESTART_AFTER_BREAK = "restart_after_break"
    CLINICIAN_PATHWAY = "clinician_pathway"
    CLINICIAN_PAIN_ALLOWANCE = "clinician_pain_allowance"
    CLINICIAN_VOLUME_CAP = "clinician_volume_cap"
    CLINICIAN_PHASE_HOLD = "clinician_phase_hold"
    CLINICIAN_PHASE_ADVANCE = "clinician_phase_advance"
    CLINICIAN_EXERCISES = "clinician_exercises"
    CLINICIAN_PLYOMETRICS_CLEARED = "clinician_plyometrics_cleared"
    CLINICIAN_CLEARED_TO_RUN = "clinician_cleared_to_run"
    CLINICIAN_INSTRUCTION = "clinician_instruction"


TEXTS: Final[dict[Code, str]] = {
    # screen
    Code.RED_FLAG_REFER: "A warning sign is present: see a clinician before any more "
    "self-guided training. Running is on hold until then.",
    Code.WORSENING_PAIN_REFER: "Pain that keeps getting worse over days or weeks needs a "
    "clinician's look; self-guided training is on hold.",
    Code.BONE_STRESS_HIGH_RISK_CLINICIAN_LED: "A bone stress injury at a high-risk (or not yet "
    "known) site heals slowly and can break fully: a clinician leads this comeback. "
    "Only off-loaded strength and non-impact cardio here, no running.",
    Code.BONE_STRESS_LOW_RISK_NO_PAIN: "Bone stress at a low-risk site: bone gets a no-pain "
    "rule. Any pain at the site during or after running means back off.",
    Code.SEVERE_RUN_PAIN_REFER: "A run hurt at {pain}/10: pain that strong needs a clinician's "
    "look before any more running.",
    Code.PAIN_RISING_WHILE_DOSE_FALLS_REFER: "Pain before runs or the next morning has climbed "
    "over the last two to three weeks even though the runs got shorter: see a clinician "
    "before any more self-guided training.",
    Code.WALKING_PAIN_RISING_REFER: "Walking pain keeps rising (now {pain}/10): see a clinician "
    "before any more self-guided training.",
    Code.POST_SURGERY_NEEDS_CLEARANCE: "Surgery was {weeks} weeks ago: no running until your "
    "surgeon or clinician gives the go-ahead (record it with its date). Until then, "
    "off-loaded strength and non-impact cardio as they allow.",
    Code.POST_SURGERY_CLEARED: "Cleared to run by your {who} on {date}, {weeks} weeks after "
    "surgery: the comeback follows the post-surgical run/walk ladder from here.",
    Code.LASTING_NIGGLE_CHECK_EARLY: "A niggle that is still there after {days} days is "
    "worth a physio's look now: the first days after a strain shape the outcome.",
    Code.INTEGRATE_PAIN_DROP_BACK: "Pain at the same spot after being back to normal "
    "training: drop back to {minutes} min, the last run that was pain-free, and build "
    "again from there.",
    Code.PELVIC_FLOOR_SYMPTOMS_NO_RUNNING: "Pelvic-floor symptoms ({symptoms}) after giving "
    "birth: no running while they are present. See a pelvic-health physiotherapist; "
    "pelvic-floor and strength work in the meantime.",
    Code.FEAR_GRADED_EXPOSURE: "Fear of hurting it again is normal and it eases with "
    "evidence: each run done at this dose, calm the next morning, shows the tissue copes. "
    "Small, planned steps (graded exposure) rebuild confidence; the dose holds until it "
    "feels routine.",
    Code.SHORT_RUNS_TWICE_A_DAY: "Only a few pain-free minutes for now: run them twice a "
    "day (morning and evening) rather than once, so tissues get loaded more often.",
    # settle
    Code.ACUTE_HALF_VOLUME: "The injury is recent: run about half of your usual volume for "
    "one to two weeks ({minutes} min per run).",
    Code.ACUTE_NO_SPEED: "No speed work for the first one to two weeks; all runs easy.",
    Code.ACUTE_SWAP_AGGRAVATORS: "What provokes it is swapped out for now: {swaps}.",
    Code.AGGRAVATOR_REINTRODUCED: "Adding back one thing that used to provoke it, in a small "
    "dose: {what}. Only one change at a time.",
    Code.PERSISTENT_GRADED_EXPOSURE: "Long-standing pain: graded exposure. Some discomfort "
    "(up to {allowance}/10) is fine if it is back to its usual level by the next morning "
    "and does not get in the way of daily life.",
    Code.REST_TEST: "Progress has stalled: a week of complete rest is a useful test. If the "
    "pain returns quickly once running resumes, suspect a movement problem (stride, "
    "mobility, core control) rather than tissue damage.",
    # capacity
    Code.HEAVY_STRENGTH_2_3_PER_WEEK: "Heavy strength work {count} times a week (low reps, "
    "high load) for the tissues that were overloaded: this is most of the rehab.",
    Code.STRENGTH_LOAD_PROGRESSION: "Strength load climbs through the block: {scheme} this "
    "week; add weight when every rep feels controlled and the next morning is calm.",
    Code.PLYOMETRICS_AFTER_STRENGTH_BASE: "A strength base is in place, so hopping and "
    "bounding are added ({contacts} foot contacts a session, contacts before height).",
    Code.CAPACITY_EXIT_BY_TESTS: "Phases change on capacity (strength and hop tests, "
    "consistent strength training), never on 'it no longer hurts'.",
    # return
    Code.START_AT_PAIN_FREE_MINUTES: "Start at what you can run now without pain: "
    "{minutes} min, split with walk breaks.",
    Code.WALK_BREAKS: "Walk breaks are part of the plan, not a failure: {split}.",
    Code.LONG_LAYOFF_SHORT_START: "After a long layoff start with a few minutes of jogging "
    "({minutes} min), padded with a dynamic warm-up and a brisk 10-minute walk.",
    Code.LONG_LAYOFF_DRILLS_AND_HARD_WALK: "While the run is this short, warm-up drills "
    "before it and a hard walk after it are sessions of their own, so the outing is worth "
    "changing your clothes for.",
    Code.HIGH_VOLUME_LONGER_START: "You ran {km:g} km a week before, so you can start a "
    "little longer: {minutes} min.",
    Code.FREQUENT_SHORT_RUNS: "Short runs, more often: {runs} runs this week, alternating "
    "run days and walk or rest days.",
    Code.PLUS_TWO_MINUTES_PER_WEEK: "Each week adds about 2 minutes per run.",
    Code.CROSS_TRAINING_WITH_KIT: "You have {kit}: non-impact cardio there on days without "
    "running keeps your fitness while capacity is rebuilt.",
    Code.SKIPPED_FOR_PAIN: "You skipped the run on {date} because it hurt: that is not a "
    "missed run but a sign to hold the dose, not grow it. If skipping for pain keeps "
    "happening, the plan backs off and a professional should look.",
    Code.PAIN_NOT_REPORTED: "The run on {date} has no pain answers yet, so it cannot count "
    "as pain-free: say how it felt (before, during, after) and the next step is chosen "
    "from it. Until then the dose holds.",
    Code.ONE_VARIABLE_AT_A_TIME: "Change one thing at a time (length, speed, terrain, hills), "
    "and only after 2-4 runs in a row without a flare.",
    Code.THIRTY_PERCENT_PER_3_4_WEEKS: "Weekly volume grows about 30% over 3-4 weeks.",
    Code.MONTHLY_DOWN_WEEK: "Every fourth week is a down week at about half volume so "
    "tissues catch up.",
    Code.FLARE_POINT_CAP: "Runs are capped at {minutes} min, where the injury used to flare.",
    Code.INTENSITY_LAST: "Speed work comes back last, once the volume is tolerated; "
    "for now every run is easy.",
    Code.WALK_THE_HILLS: "Walk the hills for now.",
    # reading a run
    Code.WARM_UP_PAIN_OK: "Pain in the first minutes that faded, with nothing later or the "
    "next morning, is fine: carry on.",
    Code.BUILDING_PAIN_BACK_OFF: "Pain that built during the run means back off: shorten, slow "
    "down or change one thing, and run only up to where the pain comes on.",
    Code.STEADY_MILD_HOLD: "Steady mild pain that goes when you stop: hold this dose and add "
    "support work.",
    Code.PLATEAU_POKE: "Pain-free short runs but discomfort at a certain point: time to poke. "
    "After the pain-free minutes, run 2-3 minutes into mild discomfort.",
    Code.NEXT_MORNING_ABOVE_BASELINE: "The next morning was worse than your usual "
    "({morning}/10 vs {baseline}/10): the dose was too high.",
    Code.PAIN_ABOVE_ALLOWANCE: "Pain reached {pain}/10 during the run, above the "
    "{allowance}/10 allowed.",
    Code.RISING_NEXT_MORNING_TREND: "Next-morning pain has been creeping up over recent "
    "runs: no progression until it settles.",
    # wellbeing
    Code.SHORT_SLEEP_HOLD: "Short sleep ({hours:g} h) amplifies pain and slows repair: "
    "progression holds this week.",
    Code.HIGH_STRESS_HOLD: "High stress ({level}/10) amplifies pain: progression holds this week.",
    Code.FEAR_OF_REINJURY_HOLD: "High fear of re-injury ({level}/10): progression holds while "
    "confidence builds with the current dose.",
    Code.HIGH_FEAR_OF_MOVEMENT_HOLD: "Your fear-of-movement score is high (TSK-11 {score}/44): "
    "progression holds while the current dose is repeated until it feels safe. Fear is "
    "worth raising with a physiotherapist: graded exposure with support works better than "
    "waiting for it to pass.",
    Code.LOW_ENERGY_AVAILABILITY_FLAG: "Signs of low energy availability ({signs}): talk to "
    "a sports doctor or dietitian; no progression until it is addressed.",
    # integrate
    Code.STRENGTH_MAINTENANCE: "Keep strength work 2-3 times a week for good: runners with a "
    "previous injury are about twice as likely to get injured again.",
    Code.LOAD_MONITORING: "Keep watching the load: no run more than 10% longer than your "
    "longest in the last 30 days.",
    # escalate
    Code.RECURRING_NIGGLE_CHECK_EARLY: "Pain keeps coming back in the same spot: get a "
    "professional to look early, the first days shape the outcome.",
    Code.STALLED_PROGRESS_SEE_PROFESSIONAL: "Nothing has changed for weeks: see a "
    "professional (movement expert first) and bring your log.",
    Code.SUBSTANTIAL_PROBLEM_PERSISTS_SEE_PROFESSIONAL: "The weekly OSTRC questionnaire has "
    "shown a substantial problem for {weeks} weeks in a row: see a professional (movement "
    "expert first) and bring the clinician report (`runback report`).",
    Code.READINESS_GATE_FAILED_TWICE_SEE_PROFESSIONAL: "The readiness tests for {gate} "
    "fell short twice ({first} and {last}): more of the same is not closing the gap, so "
    "see a professional (movement expert first) and bring the test results.",
    Code.REPEATED_FLARES_SEE_PROFESSIONAL: "{flares} runs in the last {days} days flared "
    "(pain past the allowance, building, or a worse next morning): backing off has not "
    "settled it, so see a professional (movement expert first) and bring your log.",
    Code.TRY_AGAIN_AFTER_VISIT: "Since your visit on {day} ({who}) the pathway starts again "
    "from there: the advice gets its own weeks before stalled progress or a lasting "
    "problem sends you on to the next step.",
    # extensions
    Code.POSTPARTUM_12_WEEKS: "No running before about 12 weeks after giving birth (and none "
    "while pelvic-floor symptoms are present): strength and pelvic-floor work first.",
    Code.SETTLE_BY_MODIFYING_LOAD: "Pain at rest or walking is still high: settle it by "
    "modifying load, not with full rest. Walk and strength train, no running yet.",
    Code.NO_PAIN_FREE_RUNNING_YET: "Running hurts from the first minute for now: walk and "
    "strength train, and retry a short jog when walking is pain-free.",
    Code.CLINICIAN_LED_NO_RUNNING: "No running until the clinician clears it.",
    Code.NO_RUN_LOGGED: "No run logged yet: the next run is the starting dose.",
    Code.DOSE_HELD_IN_CALENDAR_TIME: "This dose began on {since}: it is held for {days} days "
    "before time is added, counted in days of your life, not in plans asked for.",
    Code.BONE_PAIN_AFTER_BACK_OFF: "Pain at the bone after the run ({pain}/10): bone gets a "
    "no-pain rule during and after running, so the next run is shorter.",
    Code.SETTLE_CROSS_TRAINING: "Walking still hurts: non-impact cardio (bike or pool) and "
    "strength within the pain allowance instead of runs and walks until it settles.",
    Code.RESTART_AFTER_BREAK: "The last run was {days} days ago: restart at the starting dose "
    "rather than where you left off.",
    # set by a clinician (the case file's ``clinician`` block, engine/steering.py)
    Code.CLINICIAN_PATHWAY: "{who} set your pathway to {pathway}: {why}",
    Code.CLINICIAN_PAIN_ALLOWANCE: "{who} set the pain allowed while running to {pain}/10: {why}",
    Code.CLINICIAN_VOLUME_CAP: "{who} capped your running at {minutes} min a week: {why}",
    Code.CLINICIAN_PHASE_HOLD: "{who} is holding you in the {phase} phase for now: {why}",
    Code.CLINICIAN_PHASE_ADVANCE: "{who} moved you on to the {phase} phase: {why}",
    Code.CLINICIAN_EXERCISES: "{who} changed your strength exercises ({changes}): {why}",
    Code.CLINICIAN_PLYOMETRICS_CLEARED: "{who} cleared you for hopping and bounding "
    "(plyometrics) once a strength week allows: {why}",
    Code.CLINICIAN_CLEARED_TO_RUN: "{who} cleared you to run on {date}: {why}",
    Code.CLINICIAN_INSTRUCTION: "{who} says: {text}",
}

VARIANT_TEXTS: Final[dict[tuple[Code, str], str]] = {
    (Code.NEXT_MORNING_ABOVE_BASELINE, "stiffness"): "The next morning you were stiffer than "
    "usual (stiffness {morning}/10 vs {baseline}/10): the dose was too high.",
    (Code.NEXT_MORNING_ABOVE_BASELINE, "pain_and_stiffness"): "The next morning was worse than "
    "your usual (pain {morning}/10 vs {baseline}/10, stiffness {stiffness}/10 vs "
    "{stiffness_baseline}/10): the dose was too high.",
    (Code.CLINICIAN_PAIN_ALLOWANCE, "bone"): "{who} set the pain allowed while running to "
    "{pain}/10 ({why}), but a bone stress injury keeps its no-pain rule: running stays "
    "pain-free.",
    (Code.RISING_NEXT_MORNING_TREND, "stiffness"): "Next-morning stiffness has been creeping up "
    "over recent runs: no progression until it settles.",
    (Code.RISING_NEXT_MORNING_TREND, "pain_and_stiffness"): "Next-morning pain and stiffness "
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
def reason(code: Code, **values: object) -> Reason:
    """The reason for ``code``, its text filled with ``values``.

    Cached: reasons are immutable and a plan asks for the same ones week after week.
    """
    return Reason(code=code, text=TEXTS[code].format(**values))


@lru_cache(maxsize=1024)
def variant_reason(code: Code, variant: str, **values: object) -> Reason:
    """The reason for ``code`` in its ``variant`` wording (see ``VARIANT_TEXTS``)."""
    return Reason(code=code, text=VARIANT_TEXTS[code, variant].format(**values))


def red_flag_reason(flag: RedFlag) -> Reason:
    """A red flag's reason uses the flag's own case-file code (DOMAIN.md)."""
    return Reason(code=flag.value, text=RED_FLAG_TEXTS[flag])
