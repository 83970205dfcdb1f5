"""Test-wide set-up: tests never touch the user's real data folder."""

import os
import tempfile

os.environ.setdefault("RUNBACK_DATA_DIR", tempfile.mkdtemp(prefix="runback-test-"))
os.environ.setdefault("RUNBACK_SECRET_KEY", "test-only-secret-key-not-for-production")
