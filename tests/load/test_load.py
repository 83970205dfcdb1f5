"""Scenario tests for every load flag and the worked EWMA example (docs/importers.md)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from runback.engine.load import (
    FlagCode,
    LoadMethod,
    SessionRecord,
    Source,
    acute_chronic,
    analyse,
    banister_trimp,
    check_spikes,
    daily_loads,
    ewma,
    ewma_lambda,
    monotony,
    planned_run_limit,
    running_streaks,
    session_load,
    spike_flag,
    strain,
)

D0 = date(2026, 1, 5)  # a Monday


def run(day: int, km: float | None = 5.0, minutes: float = 30.0, **kw: float) -> SessionRecord:
    return SessionRecord(D0 + timedelta(days=day), minutes, km, **kw)  # type: ignore[arg-type]


def codes(sessions: list[SessionRecord]) -> list[FlagCode]:
    return [f.code for f in analyse(sessions).flags]


def spike_codes(sessions: list[SessionRecord]) -> list[FlagCode]:
    return [c for c in codes(sessions) if c.value.startswith("single_run_spike")]


def test_ewma_lambda_is_two_over_n_plus_one() -> None:
    assert ewma_lambda(7) == pytest.approx(0.25)
    assert ewma_lambda(28) == pytest.approx(2 / 29)


def test_ewma_worked_example() -> None:
    """The worked example in docs/importers.md: loads 100, 0, 50."""
    assert ewma([100, 0, 50], 7) == pytest.approx([100, 75, 68.75])
    lam = 2 / 29
    d1 = (1 - lam) * 100
    assert ewma([100, 0, 50], 28) == pytest.approx([100, d1, lam * 50 + (1 - lam) * d1])


def test_uncoupled_ratio_divides_by_the_chronic_load_before_the_acute_week() -> None:
    days = [(D0 + timedelta(d), 30.0 if d < 28 else 60.0) for d in range(35)]
    out = acute_chronic(days)
    assert out[6].ratio is None  # no chronic value from before the acute week yet
    assert out[27].ratio == pytest.approx(1.0)
    expected_acute = 60 - 30 * 0.75**7
    assert out[34].acute == pytest.approx(expected_acute)
    assert out[34].ratio == pytest.approx(expected_acute / 30)


def test_rest_days_count_as_zero_load() -> None:
    days = daily_loads([run(0, minutes=30), run(3, minutes=40)])
    assert [load for _, load in days] == [30, 0, 0, 40]


def test_session_load_prefers_trimp_then_rpe_then_minutes() -> None:
    assert session_load(run(0, trimp=55.0, rpe=4.0)) == (55.0, LoadMethod.TRIMP)
    assert session_load(run(0, minutes=30, rpe=4.0)) == (120.0, LoadMethod.SESSION_RPE)
    assert session_load(run(0, minutes=30)) == (30.0, LoadMethod.MINUTES)


def test_banister_trimp_rises_with_heart_rate_and_rejects_bad_limits() -> None:
    easy = banister_trimp(30, 130, 60, 190)
    hard = banister_trimp(30, 170, 60, 190)
    assert 0 < easy < hard
    assert banister_trimp(30, 60, 60, 190) == 0
    with pytest.raises(ValueError, match="max_hr"):
        banister_trimp(30, 130, 190, 60)


def test_single_run_spike_small() -> None:
    flags = [
        f
        for f in analyse([run(0, 10.0), run(7, 11.5)]).flags
        if f.code is not FlagCode.WEEKLY_CHANGE
    ]
    assert [f.code for f in flags] == [FlagCode.SPIKE_SMALL]
    assert flags[0].source is Source.RUNSAFE_2025
    assert "15% longer" in flags[0].text


def test_a_run_exactly_ten_percent_longer_is_not_a_spike() -> None:
    assert spike_codes([run(0, 10.0), run(7, 11.0)]) == []


def test_single_run_spike_strong() -> None:
    assert spike_codes([run(0, 10.0), run(7, 14.0)]) == [FlagCode.SPIKE_STRONG]


def test_single_run_spike_training_error() -> None:
    assert spike_codes([run(0, 5.0), run(7, 10.5)]) == [FlagCode.SPIKE_ERROR]


def test_spike_reference_is_only_the_previous_30_days() -> None:
    # The 20 km run 31 days earlier no longer counts; the 10 km run 29 days earlier does.
    checks = check_spikes([run(0, 20.0), run(2, 10.0), run(31, 12.0)])
    assert checks[-1].longest_before == 10.0
    assert spike_flag(checks[-1]) is not None


def test_spike_falls_back_to_minutes_without_distance() -> None:
    checks = check_spikes([run(0, None, 20), run(3, None, 30)])
    assert checks[-1].unit == "min"
    assert checks[-1].ratio == pytest.approx(1.5)


def test_first_run_has_no_reference_and_no_flag() -> None:
    assert check_spikes([run(0, 10.0)])[0].ratio is None
    assert codes([run(0, 10.0)]) == []


def test_cross_training_is_not_a_run_for_the_spike_rule() -> None:
    ride = SessionRecord(D0 + timedelta(days=3), 120, 50.0, is_run=False)
    assert codes([run(0, 10.0), ride]) == []


def test_weekly_change_over_30_percent_is_a_soft_warning() -> None:
    sessions = [run(0, 5.0), run(2, 5.0), run(7, 5.0), run(9, 5.0), run(11, 4.0)]
    report = analyse(sessions)
    weekly = [f for f in report.flags if f.code is FlagCode.WEEKLY_CHANGE]
    assert len(weekly) == 1
    assert weekly[0].source is Source.NIELSEN_2014
    assert report.weeks[1].change == pytest.approx(0.4)


def test_weekly_change_of_30_percent_or_less_is_not_flagged() -> None:
    sessions = [run(0, 5.0), run(2, 5.0), run(7, 6.5), run(9, 6.5)]
    assert FlagCode.WEEKLY_CHANGE not in codes(sessions)


def test_consecutive_running_days_flagged_from_the_third() -> None:
    sessions = [run(0, 3.0), run(1, 3.0), run(2, 3.0), run(4, 3.0)]
    assert running_streaks(sessions)[D0 + timedelta(days=2)] == 3
    flags = [f for f in analyse(sessions).flags if f.code is FlagCode.CONSECUTIVE_DAYS]
    assert [f.date for f in flags] == [D0 + timedelta(days=2)]


def test_monotony_and_strain() -> None:
    week = [60.0, 0, 60, 0, 60, 0, 60]
    mean = 240 / 7
    sd = (sum((x - mean) ** 2 for x in week) / 7) ** 0.5
    assert monotony(week) == pytest.approx(mean / sd)
    assert strain(week) == pytest.approx(240 * mean / sd)
    assert monotony([30.0] * 7) is None  # no variation: undefined, not infinite


def test_weeks_cover_gaps_with_empty_weeks() -> None:
    report = analyse([run(0, 5.0), run(21, 5.0)])
    assert [w.runs for w in report.weeks] == [1, 0, 0, 1]
    assert report.weeks[0].week_start == D0


def test_planned_run_limit_is_ten_percent_over_the_longest_recent_run() -> None:
    history = [run(0, minutes=40), run(20, minutes=30), run(25, minutes=20)]
    assert planned_run_limit(history, D0 + timedelta(days=26)) == pytest.approx(44.0)
    # 31 days on, the 40-minute run has left the window.
    assert planned_run_limit(history, D0 + timedelta(days=31)) == pytest.approx(33.0)
    assert planned_run_limit(history, D0 + timedelta(days=90)) is None
