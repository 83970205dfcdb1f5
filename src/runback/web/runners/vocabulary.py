"""The case-file vocabulary as Django choices, with labels a runner understands.

The stored values are exactly the case-file contract's strings
(``/docs/case-file.md``), so a stored record maps onto a case file with no
translation table; a test checks they match the engine's enums.
"""

from __future__ import annotations

from django.db import models


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other / prefer to describe"


class Site(models.TextChoices):
    FOOT = "foot", "Foot"
    PLANTAR_HEEL = "plantar_heel", "Heel / sole (plantar)"
    ANKLE = "ankle", "Ankle"
    ACHILLES = "achilles", "Achilles tendon"
    CALF = "calf", "Calf"
    SHIN = "shin", "Shin"
    KNEE = "knee", "Knee"
    PATELLAR_TENDON = "patellar_tendon", "Patellar tendon (below the kneecap)"
    ITB = "itb", "Outside of the knee / ITB"
    THIGH = "thigh", "Thigh"
    HAMSTRING = "hamstring", "Hamstring"
    HIP = "hip", "Hip"
    GROIN = "groin", "Groin"
    LOWER_BACK = "lower_back", "Lower back"
    OTHER = "other", "Somewhere else"


class InjuryKind(models.TextChoices):
    NIGGLE = "niggle", "A niggle (no diagnosis)"
    STRAIN = "strain", "Muscle strain"
    TENDINOPATHY = "tendinopathy", "Tendon problem (tendinopathy)"
    BONE_STRESS = "bone_stress", "Bone stress injury / stress fracture"
    JOINT = "joint", "Joint problem"
    NERVE = "nerve", "Nerve problem"
    POST_SURGERY = "post_surgery", "After surgery"
    POSTPARTUM = "postpartum", "After giving birth"
    OTHER = "other", "Something else"


class BoneStressRisk(models.TextChoices):
    LOW = "low", "Low-risk site (as told by a clinician)"
    HIGH = "high", "High-risk site (as told by a clinician)"


class Aggravator(models.TextChoices):
    SPEED = "speed", "Running fast"
    HILLS = "hills", "Uphill"
    DOWNHILL = "downhill", "Downhill"
    LONG_RUNS = "long_runs", "Long runs"
    HARD_SURFACES = "hard_surfaces", "Hard surfaces"
    TRAILS = "trails", "Trails / uneven ground"
    CONSECUTIVE_DAYS = "consecutive_days", "Running on consecutive days"


class RedFlag(models.TextChoices):
    SEVERE_PAIN = (
        "severe_pain",
        "Severe pain (you can hardly bear weight or think of anything else)",
    )
    WORSENING_PAIN = "worsening_pain", "Pain that keeps getting worse over days or weeks"
    NIGHT_PAIN = "night_pain", "Pain at night that wakes you or stops you sleeping"
    WEIGHT_LOSS = "weight_loss", "Weight loss you cannot explain"
    BOWEL_BLADDER = "bowel_bladder", "New changes in bowel or bladder control"
    FEVER_UNWELL = "fever_unwell", "Fever, or feeling generally unwell"
    TRAUMA = "trauma", "It started with a fall, collision or other accident"
    NUMBNESS_WEAKNESS = "numbness_weakness", "Numbness, pins and needles or weakness"
    DAILY_LIFE_LIMITED = (
        "daily_life_limited",
        "Pain stops you standing, sitting or walking a short way",
    )


class Weekday(models.TextChoices):
    MON = "mon", "Mon"
    TUE = "tue", "Tue"
    WED = "wed", "Wed"
    THU = "thu", "Thu"
    FRI = "fri", "Fri"
    SAT = "sat", "Sat"
    SUN = "sun", "Sun"


class Equipment(models.TextChoices):
    """The subset of the engine's equipment list the wizard asks about."""

    GYM = "gym", "A gym"
    HOME = "home", "Home: bodyweight"
    DUMBBELLS = "dumbbells", "Dumbbells"
    KETTLEBELL = "kettlebell", "Kettlebell"
    RESISTANCE_BAND = "resistance_band", "Resistance band"
    STEP = "step", "A step or stairs"
    BIKE = "bike", "A bike"
    POOL = "pool", "A pool"


class DuringPattern(models.TextChoices):
    NONE = "none", "No pain"
    EASED = "eased", "Some pain early on that faded"
    STEADY = "steady", "Came on, stayed mild, went when I stopped"
    BUILT = "built", "Got worse as the run went on"


class LogKind(models.TextChoices):
    """What was done. ``checkin`` entries are not stored: day entries carry them."""

    RUN = "run", "Run"
    WALK = "walk", "Walk"
    STRENGTH = "strength", "Strength"
    PLYOMETRICS = "plyometrics", "Plyometrics"
    CROSS_TRAINING = "cross_training", "Cross-training"
    REST = "rest", "Rest"


class Intensity(models.TextChoices):
    EASY = "easy", "Easy"
    STEADY = "steady", "Steady"
    HARD = "hard", "Hard"


class OnboardingStep(models.TextChoices):
    """The wizard's steps in order; the red-flag screen always comes first."""

    SCREEN = "screen", "Safety check"
    INJURY = "injury", "Your injury"
    HISTORY = "history", "Your running"
    WELLBEING = "wellbeing", "Sleep, stress, fuelling"
    AVAILABILITY = "availability", "When you can train"
    DONE = "done", "Done"


class ClearedBy(models.TextChoices):
    """Who said a referred runner may go back to a guided plan."""

    DOCTOR = "doctor", "A doctor"
    PHYSIOTHERAPIST = "physiotherapist", "A physiotherapist"
    OTHER_CLINICIAN = "other_clinician", "Another clinician"
    TICKED_BY_MISTAKE = "ticked_by_mistake", "Nobody: I ticked a sign by mistake"


class GrantRole(models.TextChoices):
    """What a person the runner invited may do with the record."""

    VIEWER = "viewer", "Can view"
    EDITOR = "editor", "Can view and edit"


class Action(models.TextChoices):
    PROGRESS = "progress", "Progress"
    HOLD = "hold", "Hold"
    BACK_OFF = "back_off", "Back off"
    REFER = "refer", "See a professional"


ONBOARDING_ORDER: tuple[OnboardingStep, ...] = tuple(OnboardingStep)
