"""scripts/serve.sh installs only when it must: a restart does not re-run pip."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "serve.sh"


def _fake_project(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of serve.sh beside a pyproject, with a venv whose python and runback
    only record how they were called."""
    root = tmp_path / "project"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPT, root / "scripts" / "serve.sh")
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n')
    calls = tmp_path / "calls.log"
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("python", "runback"):
        tool = bin_dir / name
        tool.write_text(f'#!/bin/sh\necho "{name} $*" >> "{calls}"\n')
        tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    return root, calls


def _serve(root: Path) -> None:
    env = {**os.environ, "PATH": os.environ.get("PATH", "")}
    subprocess.run(["bash", str(root / "scripts" / "serve.sh"), "--port", "9"], check=True,
                   env=env, cwd=root, timeout=60)  # fmt: skip


def test_a_restart_skips_pip_until_pyproject_changes(tmp_path: Path) -> None:
    root, calls = _fake_project(tmp_path)
    _serve(root)
    _serve(root)
    lines = calls.read_text().splitlines()
    assert sum("pip install -q -e ." in line for line in lines) == 1
    assert lines.count("runback serve --port 9") == 2

    (root / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "2"\n')
    _serve(root)
    lines = calls.read_text().splitlines()
    assert sum("pip install -q -e ." in line for line in lines) == 2
