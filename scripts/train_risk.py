"""Train the load-risk model on the Lövdal 2021 windows and write the shipped file.

    .venv/bin/pip install -e '.[risk-train]'
    .venv/bin/python scripts/train_risk.py [--data DIR] [--windows FILE.jsonl]

Reads ``day_train.csv.gz`` (athletes 0-63) through the data set's own
``windows.py`` (never a copy in this repository), chooses the regularisation of a
logistic regression by 5-fold cross-validation grouped by athlete (an athlete's
windows are never split across folds), compares it with the single-feature rules
and a gradient-boosted model on the same folds, calibrates it on out-of-fold
predictions and writes:

- ``src/runback/engine/risk/risk_model.json``: the model the engine scores with;
- ``docs/risk-results.md``: the cross-validation and reliability tables.

Everything is seeded: re-running it reproduces both files byte for byte
(tests/risk/test_training.py checks it when the extra and the data are there).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import math
import os
from collections.abc import Callable, Iterable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.preprocessing import StandardScaler

from runback.engine.risk.features import FEATURES, Window, window_features
from runback.engine.risk.parse import parse_window
from runback.engine.risk.record import UNKNOWN_FEATURES as RUNBACK_UNKNOWN

ROOT = Path(__file__).resolve().parents[1]
MODEL_OUT = ROOT / "src" / "runback" / "engine" / "risk" / "risk_model.json"
REPORT_OUT = ROOT / "docs" / "risk-results.md"
DEFAULT_DATA = Path(os.environ.get("RUNBACK_LOVDAL_DIR", ROOT.parent / "shared/data/lovdal2021"))
SEED = 0
FOLDS = 5
C_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
DIGITS = 6


def windows_lines(data_dir: Path) -> list[str]:
    """Run the data set's ``windows.py`` in this process and return its lines."""
    spec = importlib.util.spec_from_file_location("lovdal_windows", data_dir / "windows.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        module.main(["windows.py", str(data_dir / "day_train.csv.gz")])
    return buffer.getvalue().splitlines()


def load(lines: Iterable[str]) -> tuple[list[Window], np.ndarray, np.ndarray]:
    windows, labels, athletes = [], [], []
    for line in lines:
        data = json.loads(line)
        windows.append(parse_window(data))
        labels.append(int(data["injury"]))
        athletes.append(int(data["athlete"]))
    return windows, np.array(labels), np.array(athletes)


def feature_matrix(windows: list[Window]) -> np.ndarray:
    rows = []
    for window in windows:
        values = window_features(window)
        rows.append([math.nan if values[k] is None else values[k] for k in FEATURES])
    return np.array(rows, dtype=float)


def session_load_ratio(window: Window) -> float:
    """The 3-week load ratio's prospective stand-in: 7-day session load over the usual.

    Session load is distance times perceived exertion (Foster's session-RPE with km
    for minutes). The three weeks before a window are withheld by the data set
    (they give the label away), so the chronic side is the usual half-year.
    """
    usual = window.usual or {}
    km, rpe = usual.get("km"), usual.get("exertion")
    if km is None or rpe is None:
        return 1.0
    acute = sum((d["km"] or 0.0) * (d["exertion"] or 0.0) for d in window.days)
    return (acute + 1.0) / (7 * km.mean * rpe.mean + 1.0)


def rules(windows: list[Window], x: np.ndarray) -> dict[str, np.ndarray]:
    """The single-feature rules, each as a score (higher: riskier). No usual: no change."""
    col = {name: i for i, name in enumerate(FEATURES)}

    def neutral(name: str, fill: float) -> np.ndarray:
        values = x[:, col[name]]
        return np.where(np.isnan(values), fill, values)

    return {
        "weekly km change (7-day km vs the usual week)": neutral("km_vs_usual", 0.0),
        "load ratio (7-day km × exertion vs usual)": np.array(
            [session_load_ratio(w) for w in windows]
        ),
        "single-run spike (longest day vs usual, in SD)": neutral("km_max_z", 0.0),
        "perceived exertion (mean of the week's sessions)": neutral("exertion_mean", 0.0),
    }


def fill_means(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    means = np.nanmean(x, axis=0)
    return np.where(np.isnan(x), means, x), means


def fit_logistic(x: np.ndarray, y: np.ndarray, c: float) -> tuple[StandardScaler, Any]:
    filled, _ = fill_means(x)
    scaler = StandardScaler().fit(filled)
    model = LogisticRegression(C=c, max_iter=5000, random_state=SEED)
    model.fit(scaler.transform(filled), y)
    return scaler, model


def logistic_logit(scaler: StandardScaler, model: Any, x_train: np.ndarray, x: np.ndarray):
    _, means = fill_means(x_train)
    filled = np.where(np.isnan(x), means, x)
    return model.decision_function(scaler.transform(filled))


def folds(x: np.ndarray, y: np.ndarray, g: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    splitter = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    return list(splitter.split(x, y, g))


def summarise(values: list[float]) -> dict[str, Any]:
    arr = np.array(values)
    return {
        "mean": round(float(arr.mean()), 4),
        "sd": round(float(arr.std(ddof=1)), 4),
        "folds": [round(float(v), 4) for v in values],
    }


def evaluate(
    split: list[tuple[np.ndarray, np.ndarray]],
    y: np.ndarray,
    predict: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> tuple[dict[str, Any], dict[str, Any], np.ndarray]:
    aucs, aps = [], []
    oof = np.zeros(len(y))
    for train, test in split:
        scores = predict(train, test)
        oof[test] = scores
        aucs.append(roc_auc_score(y[test], scores))
        aps.append(average_precision_score(y[test], scores))
    return summarise(aucs), summarise(aps), oof


def platt(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Calibration slope and intercept fitted on out-of-fold logits (no penalty)."""
    model = LogisticRegression(C=math.inf, max_iter=5000).fit(logits.reshape(-1, 1), y)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 5) -> list[dict[str, Any]]:
    """Out-of-fold windows in fifths of predicted risk: predicted vs observed rate."""
    order = np.argsort(p, kind="stable")
    out = []
    for part in np.array_split(order, bins):
        out.append({
            "from": round(float(p[part].min()), 4),
            "to": round(float(p[part].max()), 4),
            "predicted": round(float(p[part].mean()), 4),
            "observed": round(float(y[part].mean()), 4),
            "windows": len(part),
            "injuries": int(y[part].sum()),
        })  # fmt: skip
    return out


def r(value: float) -> float:
    return float(f"{value:.{DIGITS}g}")


def train(lines: list[str]) -> tuple[dict[str, Any], str]:
    windows, y, g = load(lines)
    x = feature_matrix(windows)
    split = folds(x, y, g)

    by_c = {}
    for c in C_GRID:

        def predict(train_idx: np.ndarray, test_idx: np.ndarray, c: float = c) -> np.ndarray:
            scaler, model = fit_logistic(x[train_idx], y[train_idx], c)
            return logistic_logit(scaler, model, x[train_idx], x[test_idx])

        by_c[c] = evaluate(split, y, predict)
    best_c = max(C_GRID, key=lambda c: (by_c[c][0]["mean"], -c))
    auc, ap, oof_logit = by_c[best_c]

    slope, intercept = platt(oof_logit, y)
    oof_p = 1.0 / (1.0 + np.exp(-(intercept + slope * oof_logit)))
    table = reliability(oof_p, y)
    top = table[-1]

    rule_results = {}
    for name, score in rules(windows, x).items():
        rule_auc, rule_ap, _ = evaluate(split, y, lambda _tr, te, s=score: s[te])
        rule_results[name] = {"roc_auc": rule_auc, "pr_auc": rule_ap}

    def boosted(train_idx: np.ndarray, test_idx: np.ndarray) -> np.ndarray:
        model = HistGradientBoostingClassifier(
            max_depth=3, learning_rate=0.05, max_iter=200, min_samples_leaf=50,
            early_stopping=False, random_state=SEED,
        )  # fmt: skip
        model.fit(x[train_idx], y[train_idx])
        return model.predict_proba(x[test_idx])[:, 1]

    hgb_auc, hgb_ap, _ = evaluate(split, y, boosted)

    # As runback scores its own runners: the features its record cannot give are
    # unknown, so they sit at the training mean (see risk/record.py).
    blind = x.copy()
    blind[:, [FEATURES.index(name) for name in RUNBACK_UNKNOWN]] = math.nan

    def shipped_blind(train_idx: np.ndarray, test_idx: np.ndarray) -> np.ndarray:
        scaler, model = fit_logistic(x[train_idx], y[train_idx], best_c)
        return logistic_logit(scaler, model, x[train_idx], blind[test_idx])

    def trained_without(train_idx: np.ndarray, test_idx: np.ndarray) -> np.ndarray:
        keep = [i for i, name in enumerate(FEATURES) if name not in RUNBACK_UNKNOWN]
        scaler, model = fit_logistic(x[train_idx][:, keep], y[train_idx], best_c)
        return logistic_logit(scaler, model, x[train_idx][:, keep], x[test_idx][:, keep])

    runback_view = {
        "shipped model, runback's features only (the rest at their mean)": evaluate(
            split, y, shipped_blind
        )[:2],
        "retrained without the features runback lacks": evaluate(split, y, trained_without)[:2],
    }

    scaler, model = fit_logistic(x, y, best_c)
    _, means = fill_means(x)
    terms = [
        {
            "feature": name,
            "fill": r(means[i]),
            "mean": r(means[i]),
            "scale": r(scaler.scale_[i]),
            "weight": r(model.coef_[0, i]),
        }
        for i, name in enumerate(FEATURES)
    ]
    prevalence = float(y.mean())
    accuracy = {
        "data": "Lövdal, den Hartigh & Azzopardi, IJSPP 2021 (CC0): athletes 0-63",
        "windows": len(y),
        "injuries": int(y.sum()),
        "athletes": len(set(g.tolist())),
        "prevalence": round(prevalence, 4),
        "protocol": f"{FOLDS}-fold cross-validation grouped by athlete, seed {SEED}",
        "chosen_c": best_c,
        "roc_auc": auc,
        "pr_auc": ap,
        "roc_auc_runback_features": runback_view[next(iter(runback_view))][0],
        "reliability": table,
        "top_fifth": {
            "share_of_injuries": round(top["injuries"] / int(y.sum()), 4),
            "rate": top["observed"],
            "lift": round(top["observed"] / prevalence, 2),
        },
    }
    data = {
        "model": "logistic regression on window features (runback.engine.risk.features)",
        "terms": terms,
        "intercept": r(model.intercept_[0]),
        "calibration": {"slope": r(slope), "intercept": r(intercept)},
        "accuracy": accuracy,
    }
    boosted_result = {"roc_auc": hgb_auc, "pr_auc": hgb_ap}
    report = render_report(accuracy, by_c, rule_results, boosted_result, runback_view)
    return data, report


def _fmt(s: dict[str, Any], digits: int = 3) -> str:
    folds_text = ", ".join(f"{v:.{digits}f}" for v in s["folds"])
    return f"{s['mean']:.{digits}f} ± {s['sd']:.{digits}f} ({folds_text})"


def render_report(
    acc: dict[str, Any],
    by_c: dict[float, tuple[dict[str, Any], dict[str, Any], np.ndarray]],
    rule_results: dict[str, dict[str, Any]],
    boosted: dict[str, Any],
    runback_view: dict[str, tuple[dict[str, Any], dict[str, Any]]],
) -> str:
    lines = [
        "# Load-risk model: cross-validation results",
        "",
        "Written by `scripts/train_risk.py` (do not edit by hand); read `docs/risk.md` first.",
        "",
        f"{acc['windows']} windows of {acc['athletes']} athletes, {acc['injuries']} injuries "
        f"(prevalence {acc['prevalence']:.2%}: the PR AUC of chance). {acc['protocol']}. "
        "Mean ± SD over the folds (the folds in brackets).",
        "",
        "| model | ROC AUC | PR AUC |",
        "| --- | --- | --- |",
        f"| **logistic regression, C={acc['chosen_c']} (shipped)** | {_fmt(acc['roc_auc'])} "
        f"| {_fmt(acc['pr_auc'], 4)} |",
        f"| gradient boosting, same features (not shipped) | {_fmt(boosted['roc_auc'])} "
        f"| {_fmt(boosted['pr_auc'], 4)} |",
    ]
    for name, res in rule_results.items():
        lines.append(f"| rule: {name} | {_fmt(res['roc_auc'])} | {_fmt(res['pr_auc'], 4)} |")
    lines += [
        "",
        "On runback's own records the model sees fewer features (no intensity zones, sprints",
        "or perceived effort, success and recovery; docs/risk.md, mapping). The same folds,",
        "scored that way:",
        "",
        "| model | ROC AUC | PR AUC |",
        "| --- | --- | --- |",
    ]
    for name, (view_auc, view_ap) in runback_view.items():
        lines.append(f"| {name} | {_fmt(view_auc)} | {_fmt(view_ap, 4)} |")
    lines += ["", "Regularisation (inverse strength C) by grouped-CV ROC AUC:", ""]
    lines += ["| C | ROC AUC | PR AUC |", "| --- | --- | --- |"]
    for c, (auc, ap, _) in by_c.items():
        lines.append(f"| {c} | {_fmt(auc)} | {_fmt(ap, 4)} |")
    lines += [
        "",
        "## Reliability (out-of-fold, calibrated)",
        "",
        "Windows in fifths of predicted risk: the mean predicted risk against the share",
        "of windows followed by an injury.",
        "",
        "| predicted range | mean predicted | observed | windows | injuries |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in acc["reliability"]:
        lines.append(
            f"| {row['from']:.2%}-{row['to']:.2%} | {row['predicted']:.2%} | "
            f"{row['observed']:.2%} | {row['windows']} | {row['injuries']} |"
        )
    top = acc["top_fifth"]
    lines += [
        "",
        f"The riskiest fifth of windows held {top['share_of_injuries']:.0%} of the injuries; "
        f"its injury rate was {top['rate']:.2%}, {top['lift']}× the average.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--windows", type=Path, help="windows.jsonl already written")
    parser.add_argument("--model-out", type=Path, default=MODEL_OUT)
    parser.add_argument("--report-out", type=Path, default=REPORT_OUT)
    args = parser.parse_args()
    if args.windows:
        lines = args.windows.read_text(encoding="utf-8").splitlines()
    else:
        lines = windows_lines(args.data)
    data, report = train(lines)
    args.model_out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
    args.report_out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
