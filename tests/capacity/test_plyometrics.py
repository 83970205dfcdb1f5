"""The plyometric gate and contact dosing (rule ``plyometrics_after_strength_base``)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from runback.engine.capacity import (
    CapacityRule,
    ExerciseKind,
    Gate,
    Kit,
    PlyoLevel,
    PlyometricRecord,
    ReadinessTestName,
    Stance,
    logged_cap,
    plyometric_dose,
    plyometric_gate,
    progress_state,
    strength_base,
)
from tests.capacity.conftest import TODAY, passing_results


def twice_weekly(weeks: int, end: dt.date = TODAY) -> list[dt.date]:
    """Strength sessions every Monday and Thursday for ``weeks`` weeks up to ``end``."""
    days = []
    for week in range(weeks):
        monday = end - dt.timedelta(days=7 * week + 6)
        days += [monday, monday + dt.timedelta(days=3)]
    return days


def sessions(
    count: int, pain: int | None = 0, contacts: int | None = None
) -> list[PlyometricRecord]:
    """``count`` sessions every 3 days up to TODAY; ``contacts`` None = done as prescribed."""
    start = TODAY - dt.timedelta(days=3 * count)
    return [
        PlyometricRecord(date=start + dt.timedelta(days=3 * i), contacts=contacts, pain=pain)
        for i in range(count)
    ]


def test_plyometrics_after_strength_base_gate_opens_with_base_and_tests() -> None:
    gate = plyometric_gate(twice_weekly(5), passing_results(Gate.PLYOMETRICS), TODAY)
    assert gate.open
    assert gate.findings[0].code is CapacityRule.PLYOMETRICS_AFTER_STRENGTH_BASE


def test_plyometrics_after_strength_base_no_base_keeps_it_shut() -> None:
    gate = plyometric_gate(twice_weekly(2), passing_results(Gate.PLYOMETRICS), TODAY)
    assert not gate.open
    assert not gate.base.met
    assert "strength base needs 8" in gate.findings[0].text


def test_plyometrics_after_strength_base_failing_test_keeps_it_shut_and_is_named() -> None:
    results = [
        r.model_copy(update={"left": 15.0})
        if r.name is ReadinessTestName.SINGLE_LEG_CALF_RAISE
        else r
        for r in passing_results(Gate.PLYOMETRICS)
    ]
    gate = plyometric_gate(twice_weekly(6), results, TODAY)
    assert gate.base.met
    assert not gate.open
    assert gate.tests.holding_back == (ReadinessTestName.SINGLE_LEG_CALF_RAISE,)
    assert any("Single-leg calf raise" in f.text for f in gate.findings)
    assert all(f.code is CapacityRule.PLYOMETRICS_AFTER_STRENGTH_BASE for f in gate.findings)


def test_plyometrics_need_symmetry_of_eighty_percent() -> None:
    results = [
        r.model_copy(update={"left": 20.0, "right": 26.0})
        if r.name is ReadinessTestName.SINGLE_LEG_CALF_RAISE
        else r
        for r in passing_results(Gate.PLYOMETRICS)
    ]
    assert not plyometric_gate(twice_weekly(6), results, TODAY).open


def test_a_strength_base_needs_a_month_not_a_busy_week() -> None:
    crammed = [TODAY - dt.timedelta(days=d) for d in range(10)]
    base = strength_base(crammed, TODAY)
    assert base.recent_sessions == 10
    assert not base.met
    assert strength_base(twice_weekly(4), TODAY).met


def test_old_strength_work_is_not_a_base() -> None:
    long_ago = twice_weekly(8, end=TODAY - dt.timedelta(days=60))
    assert not strength_base(long_ago, TODAY).met


def test_dosing_starts_low_double_leg_at_sixty_contacts() -> None:
    dose = plyometric_dose([])
    assert dose.level is PlyoLevel.DOUBLE_IN_PLACE
    assert 50 <= dose.contacts <= 60
    assert all(e.stance is Stance.DOUBLE for e in dose.exercises)
    assert all(e.kind is ExerciseKind.PLYOMETRIC for e in dose.exercises)
    assert dose.contacts == sum(e.contacts or 0 for e in dose.exercises)


def test_dosing_climbs_from_double_to_single_leg_and_adds_contacts() -> None:
    early = plyometric_dose(sessions(2))
    later = plyometric_dose(sessions(8))
    assert later.level > early.level
    assert later.level >= PlyoLevel.SINGLE_IN_PLACE
    assert later.contacts > early.contacts
    assert any(e.stance is Stance.SINGLE for e in later.exercises)


def test_a_painful_session_steps_back() -> None:
    clean = sessions(8)
    painful = [*clean, PlyometricRecord(date=TODAY, pain=4)]
    assert plyometric_dose(painful).contacts < plyometric_dose(clean).contacts


def test_logged_contacts_cap_the_next_session_near_what_was_done() -> None:
    """Eight clean sessions as prescribed reach ~90 contacts; logging 40 each holds it low."""
    as_prescribed = plyometric_dose(sessions(8)).contacts
    assert as_prescribed >= 90
    short = plyometric_dose(sessions(8, contacts=40))
    assert short.contacts <= 50 + 6  # 40 + 10, plus a few from whole reps per drill
    assert short.contacts < as_prescribed


def test_logged_contacts_grow_about_fifteen_percent_per_session() -> None:
    early = [*sessions(4), PlyometricRecord(date=TODAY, contacts=20, pain=0)]
    assert logged_cap(early) == 30  # at least +10 from a small session
    assert logged_cap([PlyometricRecord(date=TODAY, contacts=80, pain=0)]) == 90
    assert logged_cap([PlyometricRecord(date=TODAY, contacts=80, pain=0)], planned_weeks=2) == 120
    assert logged_cap(sessions(4)) is None  # nothing logged: done as prescribed


def test_logged_contacts_short_of_the_dose_do_not_count_as_a_clean_week() -> None:
    assert progress_state(sessions(8)) == 4
    assert progress_state(sessions(8, contacts=20)) == 0
    assert progress_state(sessions(8, contacts=60)) == 3  # 60 stops counting once 90 is due


def test_a_painful_logged_session_cuts_below_what_hurt() -> None:
    hurt = [*sessions(8), PlyometricRecord(date=TODAY, contacts=60, pain=5)]
    assert logged_cap(hurt) == 50
    assert plyometric_dose(hurt).contacts <= 50 + 6


def test_bone_stress_counts_any_pain() -> None:
    mild = sessions(4, pain=1)
    assert plyometric_dose(mild).level > plyometric_dose(mild, bone_site=True).level


def test_drills_need_only_the_kit_the_runner_has() -> None:
    dose = plyometric_dose(sessions(30), kit=frozenset())
    assert all(e.exercise != "drop_jump" for e in dose.exercises)
    assert dose.level is PlyoLevel.BOUNDS_AND_DISTANCE
    with_rope = plyometric_dose([], kit={Kit.ROPE})
    assert {e.exercise for e in with_rope.exercises} <= {"pogo_hops", "jump_rope"}


@given(st.lists(st.integers(0, 10) | st.none(), max_size=40))
def test_property_contacts_and_levels_stay_in_range(pains: list[int | None]) -> None:
    records = [
        PlyometricRecord(date=TODAY - dt.timedelta(days=3 * (len(pains) - i)), pain=p)
        for i, p in enumerate(pains)
    ]
    dose = plyometric_dose(records)
    assert 40 <= dose.contacts <= 120
    assert PlyoLevel.DOUBLE_IN_PLACE <= dose.level <= PlyoLevel.BOUNDS_AND_DISTANCE
    for exercise in dose.exercises:
        assert exercise.contacts is not None
        assert exercise.contacts > 0
