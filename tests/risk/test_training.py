"""Re-running the training script reproduces the shipped model and results byte for byte.

Needs the ``risk-train`` extra (scikit-learn) and the Lövdal data set; skipped
without them (tests/risk/test_scoring.py checks the shipped file's integrity on
every run). Takes a minute or two: ``windows.py`` and 5-fold CV on 40k windows.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.risk.windows import LOVDAL

ROOT = Path(__file__).resolve().parents[2]

pytest.importorskip("sklearn", reason="the risk-train extra is not installed")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.risk_training,
    pytest.mark.skipif(not LOVDAL.is_dir(), reason="the Lövdal data set is not on this machine"),
]


def test_training_reproduces_the_shipped_files(tmp_path: Path) -> None:
    model, report = tmp_path / "risk_model.json", tmp_path / "risk-results.md"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_risk.py"), "--data", str(LOVDAL),
         "--model-out", str(model), "--report-out", str(report)],
        check=True, timeout=3600,
    )  # fmt: skip
    shipped = ROOT / "src" / "runback" / "engine" / "risk" / "risk_model.json"
    assert model.read_bytes() == shipped.read_bytes()
    assert report.read_bytes() == (ROOT / "docs" / "risk-results.md").read_bytes()
