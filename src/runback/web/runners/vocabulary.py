"""The case-file vocabulary as Django choices: the engine's enums plus labels.

The engine owns the vocabulary (:mod:`runback.engine.enums`); the web app adds only
what a runner reads: one label per value. Each :class:`Labelled` below is built
from an engine enum and a label table, so adding an injury site or a log kind
touches the engine's enum and one line here. Until that line is written the new
value still works, with its code as words ("lower_back" -> "Lower back"), and
``tests/web/test_vocabulary.py`` fails, naming the missing label.

The stored values are exactly the case-file contract's strings, so a stored record
maps onto a case file with no translation. Members are the engine's own
(``LogKind.RUN`` is :data:`runback.engine.LogKind.RUN`), so comparing a stored
string with one needs no conversion either.

Two vocabularies are the web app's own, not the engine's: the onboarding wizard's
steps and the roles of people a runner grants access.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from enum import StrEnum
from typing import Generic, TypeVar

from django.db import models

from runback.engine import enums as engine
from runback.engine.steering import Override

E = TypeVar("E", bound=StrEnum)


class Labelled(Generic[E]):
    """An engine enum's members (all, or all but ``without``) with their labels."""

    def __init__(
        self, enum: type[E], labels: Mapping[E, str], *, without: Collection[E] = ()
    ) -> None:
        self.enum = enum
        self.labels = labels
        self.members: tuple[E, ...] = tuple(m for m in enum if m not in without)

    def __getattr__(self, name: str) -> E:
        """``Site.ACHILLES``: the engine's member (only those offered here)."""
        member = self.enum[name] if name in self.enum.__members__ else None
        if member is None or member not in self.members:
            raise AttributeError(name)
        return member

    def __iter__(self) -> Iterator[E]:
        return iter(self.members)

    def __contains__(self, value: object) -> bool:
        return value in self.values

    def label(self, value: str) -> str:
        """The words a runner reads for ``value``."""
        member = self.enum(value)
        return self.labels.get(member) or member.value.replace("_", " ").capitalize()

    @property
    def values(self) -> list[str]:
        return [m.value for m in self.members]

    @property
    def choices(self) -> list[tuple[str, str]]:
        """For a model or form field's ``choices``."""
        return [(m.value, self.label(m.value)) for m in self.members]

    @property
    def missing_labels(self) -> list[E]:
        return [m for m in self.members if m not in self.labels]


Sex = Labelled(
    engine.Sex,
    {
        engine.Sex.FEMALE: "Female",
        engine.Sex.MALE: "Male",
        engine.Sex.OTHER: "Other / prefer to describe",
    },
)

Site = Labelled(
    engine.Site,
    {
        engine.Site.FOOT: "Foot",
        engine.Site.PLANTAR_HEEL: "Heel / sole (plantar)",
        engine.Site.ANKLE: "Ankle",
        engine.Site.ACHILLES: "Achilles tendon",
        engine.Site.CALF: "Calf",
        engine.Site.SHIN: "Shin",
        engine.Site.KNEE: "Knee",
        engine.Site.PATELLAR_TENDON: "Patellar tendon (below the kneecap)",
        engine.Site.ITB: "Outside of the knee / ITB",
        engine.Site.THIGH: "Thigh",
        engine.Site.HAMSTRING: "Hamstring",
        engine.Site.HIP: "Hip",
        engine.Site.GROIN: "Groin",
        engine.Site.LOWER_BACK: "Lower back",
        engine.Site.OTHER: "Somewhere else",
        # Bone sites (a bone stress injury, as a clinician or scan named it).
        engine.Site.FEMORAL_NECK: "Bone: neck of the thigh bone (femoral neck)",
        engine.Site.ANTERIOR_TIBIA: "Bone: front of the shin bone (anterior tibia)",
        engine.Site.NAVICULAR: "Bone: navicular (top of the midfoot)",
        engine.Site.FIFTH_METATARSAL_BASE: "Bone: base of the 5th metatarsal",
        engine.Site.SECOND_METATARSAL_BASE: "Bone: base of the 2nd metatarsal",
        engine.Site.MEDIAL_MALLEOLUS: "Bone: inner ankle bone (medial malleolus)",
        engine.Site.TALUS: "Bone: talus",
        engine.Site.PATELLA: "Bone: kneecap (patella)",
        engine.Site.SESAMOIDS: "Bone: sesamoids under the big toe",
        engine.Site.SACRUM: "Bone: sacrum",
        engine.Site.PELVIS: "Bone: pelvis",
        engine.Site.POSTEROMEDIAL_TIBIA: "Bone: inner back edge of the shin bone",
        engine.Site.FIBULA: "Bone: fibula",
        engine.Site.METATARSAL_SHAFT: "Bone: shaft of a metatarsal (2nd-4th)",
        engine.Site.CALCANEUS: "Bone: heel bone (calcaneus)",
        engine.Site.FEMORAL_SHAFT: "Bone: shaft of the thigh bone",
    },
)

Side = Labelled(
    engine.Side,
    {
        engine.Side.LEFT: "Left",
        engine.Side.RIGHT: "Right",
        engine.Side.BOTH: "Both sides",
    },
)

PelvicFloorSymptom = Labelled(
    engine.PelvicFloorSymptom,
    {
        engine.PelvicFloorSymptom.LEAKAGE: "Leaking urine (when coughing, jumping or running)",
        engine.PelvicFloorSymptom.HEAVINESS: "Heaviness or dragging in the pelvis",
        engine.PelvicFloorSymptom.PAIN: "Pelvic or perineal pain",
    },
)

InjuryKind = Labelled(
    engine.InjuryKind,
    {
        engine.InjuryKind.NIGGLE: "A niggle (no diagnosis)",
        engine.InjuryKind.STRAIN: "Muscle strain",
        engine.InjuryKind.TENDINOPATHY: "Tendon problem (tendinopathy)",
        engine.InjuryKind.BONE_STRESS: "Bone stress injury / stress fracture",
        engine.InjuryKind.JOINT: "Joint problem",
        engine.InjuryKind.NERVE: "Nerve problem",
        engine.InjuryKind.POST_SURGERY: "After surgery",
        engine.InjuryKind.POSTPARTUM: "After giving birth",
        engine.InjuryKind.OTHER: "Something else",
    },
)

BoneStressRisk = Labelled(
    engine.BoneStressRisk,
    {
        engine.BoneStressRisk.LOW: "Low-risk site (as told by a clinician)",
        engine.BoneStressRisk.HIGH: "High-risk site (as told by a clinician)",
    },
)

Aggravator = Labelled(
    engine.Aggravator,
    {
        engine.Aggravator.SPEED: "Running fast",
        engine.Aggravator.HILLS: "Uphill",
        engine.Aggravator.DOWNHILL: "Downhill",
        engine.Aggravator.LONG_RUNS: "Long runs",
        engine.Aggravator.HARD_SURFACES: "Hard surfaces",
        engine.Aggravator.TRAILS: "Trails / uneven ground",
        engine.Aggravator.CONSECUTIVE_DAYS: "Running on consecutive days",
    },
)

RedFlag = Labelled(
    engine.RedFlag,
    {
        engine.RedFlag.SEVERE_PAIN: (
            "Severe pain (you can hardly bear weight or think of anything else)"
        ),
        engine.RedFlag.WORSENING_PAIN: "Pain that keeps getting worse over days or weeks",
        engine.RedFlag.NIGHT_PAIN: "Pain at night that wakes you or stops you sleeping",
        engine.RedFlag.WEIGHT_LOSS: "Weight loss you cannot explain",
        engine.RedFlag.BOWEL_BLADDER: "New changes in bowel or bladder control",
        engine.RedFlag.FEVER_UNWELL: "Fever, or feeling generally unwell",
        engine.RedFlag.TRAUMA: "It started with a fall, collision or other accident",
        engine.RedFlag.NUMBNESS_WEAKNESS: "Numbness, pins and needles or weakness",
        engine.RedFlag.DAILY_LIFE_LIMITED: (
            "Pain stops you standing, sitting or walking a short way"
        ),
    },
)

Weekday = Labelled(
    engine.Weekday,
    {day: day.value.capitalize() for day in engine.Weekday},  # Mon, Tue, ...
)

Equipment = Labelled(
    engine.Equipment,
    {
        engine.Equipment.GYM: "A gym",
        engine.Equipment.HOME: "Home: bodyweight",
        engine.Equipment.DUMBBELLS: "Dumbbells",
        engine.Equipment.KETTLEBELL: "Kettlebell",
        engine.Equipment.RESISTANCE_BAND: "Resistance band",
        engine.Equipment.STEP: "A step or stairs",
        engine.Equipment.BIKE: "A bike",
        engine.Equipment.POOL: "A pool",
    },
    without={engine.Equipment.NONE},  # "nothing" is not ticking any box
)

DuringPattern = Labelled(
    engine.DuringPattern,
    {
        engine.DuringPattern.NONE: "No pain",
        engine.DuringPattern.EASED: "Some pain early on that faded",
        engine.DuringPattern.STEADY: "Came on, stayed mild, went when I stopped",
        engine.DuringPattern.BUILT: "Got worse as the run went on",
    },
)

LogKind = Labelled(
    engine.LogKind,
    {
        engine.LogKind.RUN: "Run",
        engine.LogKind.WALK: "Walk",
        engine.LogKind.STRENGTH: "Strength",
        engine.LogKind.PLYOMETRICS: "Plyometrics",
        engine.LogKind.CROSS_TRAINING: "Cross-training",
        engine.LogKind.REST: "Rest",
        engine.LogKind.DRILLS: "Warm-up drills",
    },
    without={engine.LogKind.CHECKIN},  # not stored as log entries: day entries carry them
)

Intensity = Labelled(
    engine.Intensity,
    {
        engine.Intensity.EASY: "Easy",
        engine.Intensity.STEADY: "Steady",
        engine.Intensity.HARD: "Hard",
    },
)

SkipReason = Labelled(
    engine.SkipReason,
    {
        engine.SkipReason.PAIN: "It hurt, or I expected it to",
        engine.SkipReason.TIME: "No time",
        engine.SkipReason.ILLNESS: "Ill",
        engine.SkipReason.OTHER: "Something else",
    },
)

Action = Labelled(
    engine.Action,
    {
        engine.Action.PROGRESS: "Progress",
        engine.Action.HOLD: "Hold",
        engine.Action.BACK_OFF: "Back off",
        engine.Action.REFER: "See a professional",
    },
)

Pathway = Labelled(
    engine.Pathway,
    {
        engine.Pathway.ACUTE: "Recent injury (the first three weeks)",
        engine.Pathway.OTHER: "Healing injury (three weeks to three months old)",
        engine.Pathway.PERSISTENT: "Long-standing pain (three months or more)",
        engine.Pathway.LONG_LAYOFF: "Back after a long break from running",
        engine.Pathway.BONE_STRESS: "Bone stress injury",
        engine.Pathway.POST_SURGERY: "Back after surgery",
        engine.Pathway.POSTPARTUM: "Back after having a baby",
    },
)

Phase = Labelled(
    engine.Phase,
    {
        engine.Phase.SETTLE: "Settle",
        engine.Phase.CAPACITY: "Capacity",
        engine.Phase.RETURN: "Return to running",
        engine.Phase.INTEGRATE: "Back to normal training",
    },
)

PhaseSteer = Labelled(
    engine.PhaseSteer,
    {
        engine.PhaseSteer.HOLD: "Hold: no further than",
        engine.PhaseSteer.ADVANCE: "Advance: at least to",
    },
)

SteeringKey = Labelled(
    Override,
    {
        Override.PATHWAY: "Pathway",
        Override.PAIN_ALLOWANCE: "Pain allowed while running",
        Override.WEEKLY_RUN_MINUTES: "Weekly running cap",
        Override.PHASE: "Phase",
        Override.EXERCISES: "Exercises to leave out or swap",
        Override.PLYOMETRICS_CLEARED: "Plyometrics cleared",
        Override.INSTRUCTION: "Instruction",
    },
    without=(Override.CLEARED_TO_RUN,),  # the clinic's clearance form records it
)
"""What a clinician can steer on the clinic's runner page (the case file's ``clinician``)."""

ENGINE_VOCABULARY: tuple[Labelled[StrEnum], ...] = (  # type: ignore[assignment]
    Pathway,
    Phase,
    PhaseSteer,
    SteeringKey,
    Sex,
    Site,
    Side,
    PelvicFloorSymptom,
    InjuryKind,
    BoneStressRisk,
    Aggravator,
    RedFlag,
    Weekday,
    Equipment,
    DuringPattern,
    LogKind,
    Intensity,
    SkipReason,
    Action,
)
"""Every vocabulary built from an engine enum (the tests check each one's labels)."""


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

    SURGEON = "surgeon", "My surgeon"
    DOCTOR = "doctor", "A doctor"
    PHYSIOTHERAPIST = "physiotherapist", "A physiotherapist"
    OTHER_CLINICIAN = "other_clinician", "Another clinician"
    TICKED_BY_MISTAKE = "ticked_by_mistake", "Nobody: I ticked a sign by mistake"


class GrantRole(models.TextChoices):
    """What a person the runner invited may do with the record."""

    VIEWER = "viewer", "Can view"
    EDITOR = "editor", "Can view and edit"


ONBOARDING_ORDER: tuple[OnboardingStep, ...] = tuple(OnboardingStep)
