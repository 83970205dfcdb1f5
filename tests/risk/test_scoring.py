"""The shipped model and its pure-Python scoring."""

from __future__ import annotations

import json
import math
from importlib import resources

import pytest

from runback.engine.risk import (
    FEATURES,
    WindowError,
    load_model,
    parse_window,
    score_window,
    window_features,
)
from runback.engine.risk.model import describe, model_from_data
from tests.risk.windows import LOVDAL, easy_week, no_usual_week, spike_week


def shipped() -> dict:
    text = resources.files("runback.engine.risk").joinpath("risk_model.json").read_text("utf-8")
    return json.loads(text)


def test_shipped_file_is_whole_and_matches_the_engines_features() -> None:
    data = shipped()
    assert [t["feature"] for t in data["terms"]] == list(FEATURES)
    for term in data["terms"]:
        assert term["scale"] > 0
        assert term["fill"] == term["mean"]  # a missing feature adds nothing
        assert math.isfinite(term["weight"])
    acc = data["accuracy"]
    assert acc["athletes"] == 64  # athletes 0-63: the paper's test athletes never seen
    assert 0.5 < acc["roc_auc"]["mean"] < 1
    assert acc["pr_auc"]["mean"] > acc["prevalence"]  # better than chance
    assert len(acc["roc_auc"]["folds"]) == 5
    assert sum(row["windows"] for row in acc["reliability"]) == acc["windows"]
    assert sum(row["injuries"] for row in acc["reliability"]) == acc["injuries"]


def test_published_results_match_the_shipped_file() -> None:
    """docs/risk-results.md is written by the same run as the model file."""
    from pathlib import Path

    report = (Path(__file__).resolve().parents[2] / "docs" / "risk-results.md").read_text()
    acc = shipped()["accuracy"]
    assert f"{acc['roc_auc']['mean']:.3f} ± {acc['roc_auc']['sd']:.3f}" in report
    assert f"C={acc['chosen_c']} (shipped)" in report


def test_a_model_whose_features_differ_from_the_engine_is_refused() -> None:
    data = shipped()
    data["terms"] = data["terms"][:-1]
    with pytest.raises(ValueError, match="do not match"):
        model_from_data(data)


def test_score_is_the_calibrated_logistic_of_the_weighted_sum() -> None:
    model = load_model()
    window = parse_window(spike_week())
    values = window_features(window)
    logit = model.intercept + sum(
        t.weight * (values[t.feature] - t.mean) / t.scale  # type: ignore[operator]
        for t in model.terms
    )
    z = model.calibration_intercept + model.calibration_slope * logit
    assert score_window(window).risk == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-12)


def test_a_big_hard_week_scores_higher_than_an_easy_one() -> None:
    easy = score_window(parse_window(easy_week()))
    spike = score_window(parse_window(spike_week()))
    assert 0 <= easy.risk < spike.risk <= 1
    assert spike.why, "a raised score names what raised it"
    assert all(w.effect > 0 for w in spike.why)
    assert len(spike.why) <= 3
    assert [w.effect for w in spike.why] == sorted((w.effect for w in spike.why), reverse=True)


def test_without_a_usual_the_relative_features_are_missing_not_zero() -> None:
    score = score_window(parse_window(no_usual_week()))
    assert "km_vs_usual" in score.missing
    assert "usual_km_week" in score.missing
    assert all(w.feature not in score.missing for w in score.why)
    # Filled with the training mean, a missing feature moves the logit by nothing.
    model = load_model()
    values = window_features(parse_window(no_usual_week()))
    logit = model.intercept + sum(
        t.weight * (v - t.mean) / t.scale
        for t in model.terms
        if (v := values[t.feature]) is not None
    )
    z = model.calibration_intercept + model.calibration_slope * logit
    assert score.risk == pytest.approx(1 / (1 + math.exp(-z)))


def test_a_day_without_intensity_zones_leaves_hard_running_unknown() -> None:
    week = easy_week()
    week["days"][2] = {**week["days"][2], "km_z3_4": None}
    values = window_features(parse_window(week))
    assert values["hard_km_7d"] is None
    assert values["km_7d"] is not None


@pytest.mark.parametrize("feature", FEATURES)
def test_every_feature_has_plain_words(feature: str) -> None:
    assert describe(feature, 0.5)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda w: w["days"].pop(), "days"),
        (lambda w: w["days"][2].update(km=-1), "days[2].km"),
        (lambda w: w["days"][4].update(km="ten"), "days[4].km"),
        (lambda w: w["days"][0].update(exertion=7), "days[0].exertion"),
        (lambda w: w["days"][1].pop("strength"), "days[1].strength"),
        (lambda w: w["baseline"]["km"].update(sd=-2), "baseline.km.sd"),
        (lambda w: w["baseline"].update(pace={"mean": 1, "sd": 1}), "baseline.pace"),
        (lambda w: w.pop("baseline"), "baseline"),
    ],
)
def test_bad_windows_name_the_field(change, field: str) -> None:
    window = easy_week()
    change(window)
    with pytest.raises(WindowError) as err:
        parse_window(window)
    assert err.value.field == field


@pytest.mark.slow
@pytest.mark.skipif(not LOVDAL.is_dir(), reason="the Lövdal data set is not on this machine")
def test_real_windows_score_within_bounds_and_rank_injuries_higher() -> None:
    """On the training athletes the shipped model ranks injury windows above the rest."""
    import gzip
    import importlib.util
    import io
    from contextlib import redirect_stdout

    spec = importlib.util.spec_from_file_location("lovdal_windows", LOVDAL / "windows.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # A slice of athletes keeps this fast: windows.py on the whole file takes minutes.
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        module.main(["windows.py", str(LOVDAL / "day_train.csv.gz"), "--athletes", "0-7"])
    assert gzip  # the CSV is read gzipped by windows.py itself
    injured, healthy = [], []
    for line in buffer.getvalue().splitlines():
        data = json.loads(line)
        risk = score_window(parse_window(data)).risk
        assert 0 <= risk <= 1
        (injured if data["injury"] else healthy).append(risk)
    assert injured
    assert sum(injured) / len(injured) > sum(healthy) / len(healthy)
