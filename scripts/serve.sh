#!/usr/bin/env bash
# Install runback in a local virtual environment and start the app on its embedded
# defaults: http://127.0.0.1:8000, SQLite in the data folder, no other set-up.
# Extra arguments go to `runback serve` (e.g. --port 8080, --production).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip 2>/dev/null
.venv/bin/python -m pip install -q -e . 2>&1 | grep -v '^WARNING: Location' || true
exec .venv/bin/runback serve "$@"
