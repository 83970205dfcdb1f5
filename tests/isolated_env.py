"""A pytest plugin that points runback at a throwaway data folder before Django starts.

pytest-django reads the Django settings while pytest starts up, before any
``conftest.py`` is imported, and the settings pick the data folder (database,
uploads, secret key) from the environment at import. A conftest is therefore too
late: a plain ``pytest`` run would use the user's real ``~/.local/share/runback``.
``pyproject.toml`` loads this module with ``-p tests.isolated_env``, which imports
it before pytest-django configures Django. Values already set (``scripts/test.sh``
sets its own, xdist workers inherit the controller's) are kept.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile


def _isolate() -> None:
    if not os.environ.get("RUNBACK_DATA_DIR"):
        folder = tempfile.mkdtemp(prefix="runback-test-")
        os.environ["RUNBACK_DATA_DIR"] = folder
        # Only the process that made the folder removes it (xdist workers share it).
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ.setdefault("RUNBACK_SECRET_KEY", "test-only-secret-key-not-for-production")


_isolate()
