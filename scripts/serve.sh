#!/usr/bin/env bash
# Install runback in a local virtual environment and start the app on its embedded
# defaults: http://127.0.0.1:8000, SQLite in the data folder, no other set-up.
# Extra arguments go to `runback serve` (e.g. --port 8080, --production).
#
# pip runs only when the environment is new or pyproject.toml changed since the last
# install (a stamp holds its hash): a plain restart starts the app at once.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.runback-installed
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if [ ! -x .venv/bin/runback ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install -q --upgrade pip 2>/dev/null
  .venv/bin/python -m pip install -q -e . 2>&1 | grep -v '^WARNING: Location' || true
  echo "$wanted" > "$stamp"
fi
exec .venv/bin/runback serve "$@"
