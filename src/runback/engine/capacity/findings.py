"""What the capacity programme says and why, as rule-coded findings.

Every verdict carries ``Finding``s whose ``code`` is a DOMAIN.md rule code, so a
plan's "why" can be traced from the rule table to this code and its tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CapacityRule(StrEnum):
    """The DOMAIN.md rule codes this package decides."""

    HEAVY_STRENGTH_2_3_PER_WEEK = "heavy_strength_2_3_per_week"
    STRENGTH_LOAD_PROGRESSION = "strength_load_progression"
    PLYOMETRICS_AFTER_STRENGTH_BASE = "plyometrics_after_strength_base"
    CAPACITY_EXIT_BY_TESTS = "capacity_exit_by_tests"
    STRENGTH_MAINTENANCE = "strength_maintenance"
    REST_TEST = "rest_test"


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason: a rule code and a plain-language sentence for the runner."""

    code: CapacityRule
    text: str
