"""The capacity programme: strength, plyometrics, readiness tests, self-assessment.

Rebuilding capacity is most of a comeback and where most runners give up, so
this package prescribes and progresses strength the way a sports physio would,
opens the plyometric and phase gates on measured capacity, and keeps the
runner's self-assessments for the clinician. Pure functions (``today`` is always
passed in); the only file read is the packaged exercise library, once.

    lib = load_library()                                   # validated exercises.yaml
    prescribe_strength(Site.ACHILLES, today=d, log=entries)  # a heavy session
    plyometric_gate(strength_dates, results, today=d)      # may hopping start?
    evaluate_gate(Gate.RETURN, results, today=d)           # capacity -> return
"""

from __future__ import annotations

from runback.engine.capacity.dose import DosedExercise
from runback.engine.capacity.enums import (
    HOME_KIT,
    DoseUnit,
    ExerciseKind,
    Kit,
    PlyoLevel,
    Stance,
    Tissue,
    kit_from,
)
from runback.engine.capacity.errors import (
    CapacityError,
    LibraryError,
    UnknownExerciseError,
    UnknownTestError,
)
from runback.engine.capacity.findings import CapacityRule, Finding
from runback.engine.capacity.gates import (
    GateVerdict,
    TestOutcome,
    TestStatus,
    evaluate_gate,
    latest_results,
    limb_symmetry,
)
from runback.engine.capacity.library import (
    Exercise,
    ExerciseLibrary,
    library_json_schema,
    load_library,
    parse_library,
)
from runback.engine.capacity.plyometrics import (
    PlyometricDose,
    PlyometricGate,
    StrengthBase,
    logged_cap,
    plyometric_dose,
    plyometric_gate,
    progress_state,
    strength_base,
)
from runback.engine.capacity.prescription import StrengthPrescription, prescribe_strength
from runback.engine.capacity.progression import (
    LoadAdvice,
    LoadDecision,
    RepScheme,
    StrengthStage,
    advise_load,
    rep_scheme,
)
from runback.engine.capacity.readiness import (
    BATTERY,
    Criterion,
    Gate,
    ReadinessTest,
    ReadinessTestName,
    TestUnit,
    battery_for,
    readiness_test,
)
from runback.engine.capacity.records import PlyometricRecord, ReadinessResult, StrengthLogEntry
from runback.engine.capacity.report import ReadinessReport, readiness_report, report_json
from runback.engine.capacity.self_assessment import (
    STRIDE_CHECKLIST,
    AssessmentNote,
    CoreActivationCheck,
    MobilityCheck,
    RestTest,
    SelfAssessment,
    StrideVideo,
    summarise,
)

__all__ = [
    "BATTERY",
    "HOME_KIT",
    "STRIDE_CHECKLIST",
    "AssessmentNote",
    "CapacityError",
    "CapacityRule",
    "CoreActivationCheck",
    "Criterion",
    "DoseUnit",
    "DosedExercise",
    "Exercise",
    "ExerciseKind",
    "ExerciseLibrary",
    "Finding",
    "Gate",
    "GateVerdict",
    "Kit",
    "LibraryError",
    "LoadAdvice",
    "LoadDecision",
    "MobilityCheck",
    "PlyoLevel",
    "PlyometricDose",
    "PlyometricGate",
    "PlyometricRecord",
    "ReadinessReport",
    "ReadinessResult",
    "ReadinessTest",
    "ReadinessTestName",
    "RepScheme",
    "RestTest",
    "SelfAssessment",
    "Stance",
    "StrengthBase",
    "StrengthLogEntry",
    "StrengthPrescription",
    "StrengthStage",
    "StrideVideo",
    "TestOutcome",
    "TestStatus",
    "TestUnit",
    "Tissue",
    "UnknownExerciseError",
    "UnknownTestError",
    "advise_load",
    "battery_for",
    "evaluate_gate",
    "kit_from",
    "latest_results",
    "library_json_schema",
    "limb_symmetry",
    "load_library",
    "logged_cap",
    "parse_library",
    "plyometric_dose",
    "plyometric_gate",
    "prescribe_strength",
    "progress_state",
    "readiness_report",
    "readiness_test",
    "rep_scheme",
    "report_json",
    "strength_base",
    "summarise",
]
