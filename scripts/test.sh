#!/usr/bin/env bash
# Install everything runback's tests need on a fresh Debian machine, then run the
# whole suite twice: on SQLite (the default) and on PostgreSQL (a throwaway cluster
# started here). Usage: bash scripts/test.sh [extra pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# --- system packages: PostgreSQL server, Debian's Chromium (for the browser tests) and
# Redis (the shared cache of the multi-host test, tests/scale)
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "missing system packages: ${need_apt[*]} (install them with apt-get)" >&2
  fi
fi

# --- the project in its own virtual environment
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip 2>/dev/null
.venv/bin/python -m pip install -q -e '.[dev,risk-train]' 2>&1 | grep -v '^WARNING: Location' || true
export PATH="$root/.venv/bin:$PATH"

# Tests never touch the user's real data folder.
RUNBACK_DATA_DIR=$(mktemp -d)
export RUNBACK_DATA_DIR
export RUNBACK_SECRET_KEY=test-only-secret-key-not-for-production

# --- static checks
ruff check src tests benchmarks
mypy

# --- run 1: SQLite (and, once, the multi-host test: it starts its own PostgreSQL,
# Redis and S3 emulator, and fails rather than skips when CI=true and one is missing)
pytest "$@"

# --- run 2: PostgreSQL, a private cluster on a Unix socket for this run only
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ]; then
  if [ "${CI:-}" = "true" ]; then echo "PostgreSQL is not installed: cannot run the PostgreSQL pass" >&2; exit 1; fi
  echo "PostgreSQL not installed: skipping the PostgreSQL pass" >&2
  exit 0
fi
pg_dir=$(mktemp -d)
cleanup() { runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
trap cleanup EXIT
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$pg_dir"; runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U runback --auth=trust >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -o "-k $pg_dir -c listen_addresses='' -c fsync=off" -l "$pg_dir/log" -w start >/dev/null
export RUNBACK_DATABASE_URL="postgres://runback@/runback_test_main?host=$pg_dir"
as_pg "$pg_bin/createdb" -h "$pg_dir" -U runback runback_test_main
pytest -m "not multihost and not risk_training" "$@"
