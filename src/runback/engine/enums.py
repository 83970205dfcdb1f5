"""The engine's vocabulary as enums.

Every value here is part of the case-file contract (docs/case-file.md): the string
values are what case files and answers carry, so they never change once published.
"""

from __future__ import annotations

from enum import StrEnum


class Site(StrEnum):
    """Where the injury is."""

    FOOT = "foot"
    PLANTAR_HEEL = "plantar_heel"
    ANKLE = "ankle"
    ACHILLES = "achilles"
    CALF = "calf"
    SHIN = "shin"
    KNEE = "knee"
    PATELLAR_TENDON = "patellar_tendon"
    ITB = "itb"
    THIGH = "thigh"
    HAMSTRING = "hamstring"
    HIP = "hip"
    GROIN = "groin"
    LOWER_BACK = "lower_back"
    OTHER = "other"
    # Finer bone sites (added for bone stress, evidence.md section 3). High risk:
    FEMORAL_NECK = "femoral_neck"
    ANTERIOR_TIBIA = "anterior_tibia"
    NAVICULAR = "navicular"
    FIFTH_METATARSAL_BASE = "fifth_metatarsal_base"
    SECOND_METATARSAL_BASE = "second_metatarsal_base"
    MEDIAL_MALLEOLUS = "medial_malleolus"
    TALUS = "talus"
    PATELLA = "patella"
    SESAMOIDS = "sesamoids"
    SACRUM = "sacrum"
    PELVIS = "pelvis"
    # ... and low risk:
    POSTEROMEDIAL_TIBIA = "posteromedial_tibia"
    FIBULA = "fibula"
    METATARSAL_SHAFT = "metatarsal_shaft"
    CALCANEUS = "calcaneus"
    FEMORAL_SHAFT = "femoral_shaft"

    @property
    def region(self) -> Site:
        """The body region of a fine bone site (itself for the regions): exercises and
        everything that is not about the bone go by region."""
        return _BONE_SITE_REGIONS.get(self, self)

    @property
    def high_risk_bone(self) -> bool:
        """A bone stress injury here is high risk whatever the runner labels it
        (tension side, poor blood supply or trabecular bone; evidence.md section 3)."""
        return self in HIGH_RISK_BONE_SITES


_BONE_SITE_REGIONS: dict[Site, Site] = {
    Site.FEMORAL_NECK: Site.HIP,
    Site.ANTERIOR_TIBIA: Site.SHIN,
    Site.NAVICULAR: Site.FOOT,
    Site.FIFTH_METATARSAL_BASE: Site.FOOT,
    Site.SECOND_METATARSAL_BASE: Site.FOOT,
    Site.MEDIAL_MALLEOLUS: Site.ANKLE,
    Site.TALUS: Site.ANKLE,
    Site.PATELLA: Site.KNEE,
    Site.SESAMOIDS: Site.FOOT,
    Site.SACRUM: Site.LOWER_BACK,
    Site.PELVIS: Site.HIP,
    Site.POSTEROMEDIAL_TIBIA: Site.SHIN,
    Site.FIBULA: Site.SHIN,
    Site.METATARSAL_SHAFT: Site.FOOT,
    Site.CALCANEUS: Site.PLANTAR_HEEL,
    Site.FEMORAL_SHAFT: Site.THIGH,
}

HIGH_RISK_BONE_SITES: frozenset[Site] = frozenset(
    {
        Site.FEMORAL_NECK,
        Site.ANTERIOR_TIBIA,
        Site.NAVICULAR,
        Site.FIFTH_METATARSAL_BASE,
        Site.SECOND_METATARSAL_BASE,
        Site.MEDIAL_MALLEOLUS,
        Site.TALUS,
        Site.PATELLA,
        Site.SESAMOIDS,
        Site.SACRUM,
        Site.PELVIS,
    }
)


class InjuryKind(StrEnum):
    """What kind of injury it is (as far as the runner or clinician knows)."""

    NIGGLE = "niggle"
    STRAIN = "strain"
    TENDINOPATHY = "tendinopathy"
    BONE_STRESS = "bone_stress"
    JOINT = "joint"
    NERVE = "nerve"
    POST_SURGERY = "post_surgery"
    POSTPARTUM = "postpartum"
    OTHER = "other"


class Side(StrEnum):
    """Which side of the body (``injury.side``, ``runner.injury_history[].side``)."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class PelvicFloorSymptom(StrEnum):
    """Postnatal pelvic-floor symptoms (``wellbeing.pelvic_floor_symptoms``)."""

    LEAKAGE = "leakage"
    HEAVINESS = "heaviness"
    PAIN = "pain"


class ClearedBy(StrEnum):
    """Who gave the go-ahead to run (``injury.cleared_by``)."""

    SURGEON = "surgeon"
    CLINICIAN = "clinician"


class PhaseSteer(StrEnum):
    """What a clinician does with the phase (``clinician.phase.mode``)."""

    HOLD = "hold"
    """No further than ``phase``, whatever the tests say."""
    ADVANCE = "advance"
    """At least ``phase``, without waiting for the readiness tests or the strength base."""


class BoneStressRisk(StrEnum):
    """Risk class of a bone stress injury site (Warden 2014; Hoenig 2023)."""

    LOW = "low"
    HIGH = "high"


class Aggravator(StrEnum):
    """A training element that provokes the injury."""

    SPEED = "speed"
    HILLS = "hills"
    DOWNHILL = "downhill"
    LONG_RUNS = "long_runs"
    HARD_SURFACES = "hard_surfaces"
    TRAILS = "trails"
    CONSECUTIVE_DAYS = "consecutive_days"


class RedFlag(StrEnum):
    """Screening items that hand the runner to a clinician."""

    SEVERE_PAIN = "severe_pain"
    WORSENING_PAIN = "worsening_pain"
    NIGHT_PAIN = "night_pain"
    WEIGHT_LOSS = "weight_loss"
    BOWEL_BLADDER = "bowel_bladder"
    FEVER_UNWELL = "fever_unwell"
    TRAUMA = "trauma"
    NUMBNESS_WEAKNESS = "numbness_weakness"
    DAILY_LIFE_LIMITED = "daily_life_limited"


class Sex(StrEnum):
    """Sex as the runner reports it (matters for postpartum and energy availability)."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class LogKind(StrEnum):
    """What a log entry records."""

    RUN = "run"
    WALK = "walk"
    STRENGTH = "strength"
    PLYOMETRICS = "plyometrics"
    CROSS_TRAINING = "cross_training"
    REST = "rest"
    CHECKIN = "checkin"
    DRILLS = "drills"
    """Extension: warm-up drills done (a planned ``drills`` session ticked off)."""


class SkipReason(StrEnum):
    """Why a planned session was not done (``log[].skipped``)."""

    PAIN = "pain"
    TIME = "time"
    ILLNESS = "illness"
    OTHER = "other"


class DuringPattern(StrEnum):
    """How pain behaved during a run, as the runner reports it."""

    NONE = "none"
    EASED = "eased"
    STEADY = "steady"
    BUILT = "built"


class Weekday(StrEnum):
    """A day of the week, as used in ``availability.days``."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """Monday is 0, like ``date.weekday()``."""
        return _WEEKDAY_NUMBERS[self]


_WEEKDAY_NUMBERS: dict[Weekday, int] = {day: number for number, day in enumerate(Weekday)}


class Equipment(StrEnum):
    """What the runner can train with (``availability.equipment``)."""

    GYM = "gym"
    HOME = "home"
    DUMBBELLS = "dumbbells"
    KETTLEBELL = "kettlebell"
    RESISTANCE_BAND = "resistance_band"
    STEP = "step"
    BIKE = "bike"
    POOL = "pool"
    NONE = "none"


class TriageStatus(StrEnum):
    """Who steers the comeback."""

    SELF_GUIDED = "self_guided"
    CLINICIAN_LED = "clinician_led"
    REFER = "refer"


class Pathway(StrEnum):
    """The comeback route, each with its own starting dose and progression."""

    ACUTE = "acute"
    PERSISTENT = "persistent"
    LONG_LAYOFF = "long_layoff"
    BONE_STRESS = "bone_stress"
    POST_SURGERY = "post_surgery"
    POSTPARTUM = "postpartum"
    OTHER = "other"


class Phase(StrEnum):
    """Where the runner is on settle -> capacity -> return -> integrate."""

    SETTLE = "settle"
    CAPACITY = "capacity"
    RETURN = "return"
    INTEGRATE = "integrate"


class Action(StrEnum):
    """What to do after the last run."""

    PROGRESS = "progress"
    HOLD = "hold"
    BACK_OFF = "back_off"
    REFER = "refer"


class PainPattern(StrEnum):
    """The pain response to a run (DOMAIN.md, "Reading the pain response")."""

    WARM_UP_PAIN = "warm_up_pain"
    BUILDING_PAIN = "building_pain"
    STEADY_MILD = "steady_mild"
    PLATEAU = "plateau"
    NO_PAIN = "no_pain"


class SessionKind(StrEnum):
    """What a planned session is."""

    RUN_WALK = "run_walk"
    RUN = "run"
    WALK = "walk"
    STRENGTH = "strength"
    PLYOMETRICS = "plyometrics"
    CROSS_TRAINING = "cross_training"
    REST = "rest"
    DRILLS = "drills"
    """Extension: dynamic warm-up drills (skipping, shuffles, A and B skips, lunges)."""


class Intensity(StrEnum):
    """How hard a session is."""

    EASY = "easy"
    STEADY = "steady"
    HARD = "hard"
