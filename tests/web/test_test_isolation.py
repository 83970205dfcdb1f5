"""A plain ``pytest`` run, without scripts/test.sh, never touches the real data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_plain_pytest_keeps_out_of_the_users_data_folder(tmp_path: Path) -> None:
    """GIVEN no RUNBACK_DATA_DIR WHEN the ``pytest`` script runs THEN HOME stays empty."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RUNBACK_", "XDG_"))}
    env["HOME"] = str(home)
    pytest_script = Path(sys.executable).parent / "pytest"
    done = subprocess.run(
        [str(pytest_script), "-q", "-p", "no:cacheprovider", "tests/web/test_config.py"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert list(home.rglob("*")) == [], "the run wrote into the user's home"
