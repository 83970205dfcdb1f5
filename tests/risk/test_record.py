"""A runner's case file -> the same window the model was trained on (docs/risk.md, mapping)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runback.cli import app
from runback.engine.risk import score_window, window_features
from runback.engine.risk.record import NOT_RECORDED, UNKNOWN_FEATURES, window_from_case
from tests.engine.builders import case, days_ago, make_case, run


def history(weeks: int = 30, km: float = 8.0) -> list[dict]:
    """Runs every other day for ``weeks`` weeks up to yesterday, with strength on Mondays."""
    log = [run(ago, 48, distance_km=km) for ago in range(1, weeks * 7, 2)]
    log += [{"date": days_ago(ago), "kind": "strength", "minutes": 40}
            for ago in range(3, weeks * 7, 7)]  # fmt: skip
    return log


def test_the_week_is_the_seven_days_before_today_oldest_first() -> None:
    window = window_from_case(case(log=history()))
    kms = [d["km"] for d in window.days]
    assert kms == [8.0, 0.0, 8.0, 0.0, 8.0, 0.0, 8.0]  # runs on days -7, -5, -3, -1
    assert [d["strength"] for d in window.days] == [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    assert window.usual is not None
    assert window.usual["km"] is not None
    assert window.usual["km"].mean == pytest.approx(4.0, abs=0.2)


def test_what_runback_does_not_record_is_unknown_never_zero() -> None:
    window = window_from_case(case(log=history()))
    for day in window.days:
        for key in NOT_RECORDED:
            assert day[key] is None
    values = window_features(window)
    for feature in ("hard_km_7d", "sprint_km_7d", "exertion_mean", "recovery_mean"):
        assert values[feature] is None
    score = score_window(window)
    assert {"hard_km_7d", "exertion_mean", "recovery_vs_usual"} <= set(score.missing)
    assert "km_7d" not in score.missing
    assert set(score.missing) == set(UNKNOWN_FEATURES)  # as the training script evaluates it


def test_a_short_record_has_no_usual_and_days_before_it_are_unknown() -> None:
    window = window_from_case(case(log=[run(2, 30, distance_km=5)]))
    assert window.usual is None
    assert window.days[0]["km"] is None  # before the first entry: not a rest day
    assert window.days[5]["km"] == 5.0
    assert "km_7d" in score_window(window).missing


def test_a_run_without_distance_uses_the_runners_own_pace() -> None:
    log = [*history(), run(1, 60)]  # 60 min, no distance; usual pace 6 min/km
    log = [e for e in log if not (e["date"] == days_ago(1) and "distance_km" in e)]
    window = window_from_case(case(log=log))
    assert window.days[-1]["km"] == pytest.approx(10.0)


def test_cross_training_hours_and_a_doubled_week_raise_the_score() -> None:
    base = history()
    usual = score_window(window_from_case(case(log=base)))
    heavy = [*base, *(run(ago, 90, distance_km=16) for ago in (2, 4, 6))]
    heavy.append({"date": days_ago(1), "kind": "cross_training", "minutes": 90})
    window = window_from_case(case(log=heavy))
    assert window.days[-1]["alt_hours"] == pytest.approx(1.5)
    assert window.days[-1]["sessions"] == 2.0
    assert score_window(window).risk > usual.risk


def test_risk_case_command_scores_a_case_file(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(make_case(log=history())), encoding="utf-8")
    result = CliRunner().invoke(app, ["risk", "case", str(path), "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert 0 <= answer["risk"] <= 1
    assert "exertion_mean" in answer["missing"]
