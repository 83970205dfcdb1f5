"""Scale-out benchmark: Today and the check-in on one app server, then on two, same run.

Two ``runback serve --production`` servers (gunicorn, ``--workers`` each), each
with its own data folder, share a throwaway PostgreSQL cluster and (by default) a
Redis cache, as two hosts behind a load balancer would (docs/deploy.md). Both run
all the time; the benchmark alternates short rounds of

- **one server**: every wrk client on server A (B idle), and
- **two servers**: the same number of clients split between A and B, each half
  its own runners (a load balancer's sticky-less round robin does the same),

first for the Today page, then for the check-in POST (every client a writer), and
reports the throughput, p95 and server CPU per request of each, and how much the
second server added. The same clients and runners in both, so only the number of
app servers differs.

Run: ``.venv/bin/python benchmarks/scale_bench.py [--duration 10] [--clients 20]
[--rounds 5] [--workers 2] [--cache redis|locmem]``. Needs wrk, PostgreSQL's server
binaries and (for ``--cache redis``) redis-server. Not a test. Exit status 0 when
it ran, 2 when it could not.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import web_bench  # noqa: E402 (the single-server benchmark's pieces)
from tests.scale import services  # noqa: E402 (throwaway PostgreSQL and Redis)
from web_bench import HOST, Target, free_port, lua_script, server_cpu_s  # noqa: E402

WRK = ["wrk", "-t1", "--timeout", "10s"]
SCENARIOS = {"today": ("GET", "/r/{runner}/today/"), "checkin": ("POST", "/r/{runner}/morning/")}
RESULT = re.compile(
    r"RESULT requests=(\d+) duration_us=(\d+) p50=(\d+) p95=(\d+) p99=(\d+) bad=(\d+)"
)


@dataclass
class Tally:
    """One scenario on one or two servers, summed over its rounds."""

    requests: int = 0
    seconds: float = 0.0
    p95_ms: float = 0.0
    bad: int = 0
    cpu_s: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu_s / self.requests if self.requests else 0.0


def wrk_round(
    bases: list[str], scripts: list[Path], clients: int, seconds: int, roots: list[int]
) -> tuple[int, float, float, int, float]:
    """wrk against each base at once (clients split); requests, seconds, p95, bad, CPU."""
    share = max(1, clients // len(bases))
    cpu = sum(server_cpu_s(pid) for pid in roots)
    runs = [
        subprocess.Popen(
            [*WRK, f"-c{share}", f"-d{seconds}s", "-s", str(script), base + "/"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for base, script in zip(bases, scripts, strict=True)
    ]
    requests, bad, p95, duration = 0, 0, 0.0, 0.0
    for run in runs:
        out, _ = run.communicate()
        match = RESULT.search(out)
        if match is None:
            raise RuntimeError(f"wrk printed no result:\n{out}")
        req, dur, _p50, p95_us, _p99, failed = (int(g) for g in match.groups())
        requests += req
        bad += failed
        p95 = max(p95, p95_us / 1000)
        duration = max(duration, dur / 1e6)
    cpu = sum(server_cpu_s(pid) for pid in roots) - cpu
    return requests, duration, p95, bad, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="measured seconds per case")
    parser.add_argument("--clients", type=int, default=20, help="wrk connections in all")
    parser.add_argument("--rounds", type=int, default=5, help="alternating one/two rounds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--cache", choices=("redis", "locmem"), default="redis")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    if services.postgres_bin() is None:
        print("PostgreSQL is not installed (apt-get install postgresql)", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix="runback-scale-bench-"))
    servers: list[subprocess.Popen[bytes]] = []
    try:
        with ExitStack() as stack:
            database = stack.enter_context(services.postgres())
            env = web_bench.bench_env(root / "a", database)
            env["RUNBACK_WEB_WORKERS"] = str(args.workers)
            if args.cache == "redis":
                env["RUNBACK_CACHE_URL"] = stack.enter_context(services.redis(root / "redis"))
            targets = web_bench.prepare(env, args.clients)
            bases = []
            for name in ("a", "b"):
                port = free_port()
                own = {**env, "RUNBACK_DATA_DIR": str(root / name)}
                servers.append(web_bench.start_server(own, port, root / f"{name}.log"))
                bases.append(f"http://{HOST}:{port}")
            for base, server in zip(bases, servers, strict=True):
                web_bench.wait_ready(base, server)
                web_bench.check_pages(base, targets)
            return run(args, bases, [s.pid for s in servers], targets, root)
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 2
    finally:
        for server in servers:
            web_bench.stop_server(server)
        shutil.rmtree(root, ignore_errors=True)


def run(
    args: argparse.Namespace, bases: list[str], pids: list[int], targets: list[Target], root: Path
) -> int:
    half = len(targets) // 2
    cores, load = os.cpu_count() or 1, os.getloadavg()[0]
    print(
        f"runback scale-out benchmark: {args.clients} clients, PostgreSQL, cache {args.cache}, "
        f"{args.workers} gunicorn workers per server, {cores} cores, load {load:.1f} at start"
    )
    seconds = max(1, args.duration // args.rounds)
    tallies: dict[tuple[str, int], Tally] = {}
    for scenario, (method, path) in SCENARIOS.items():
        scripts = {
            "all": root / f"{scenario}-all.lua",
            "a": root / f"{scenario}-a.lua",
            "b": root / f"{scenario}-b.lua",
        }
        scripts["all"].write_text(lua_script(targets, method, path))
        scripts["a"].write_text(lua_script(targets[:half], method, path))
        scripts["b"].write_text(lua_script(targets[half:], method, path))
        cases = {1: ([bases[0]], [scripts["all"]]), 2: (bases, [scripts["a"], scripts["b"]])}
        for _bases, _scripts in cases.values():  # warm every process's cache and connection
            wrk_round(_bases, _scripts, args.clients, web_bench.WARM_UP_S, pids)
        for _ in range(args.rounds):
            for count, (_bases, _scripts) in cases.items():
                req, dur, p95, bad, cpu = wrk_round(_bases, _scripts, args.clients, seconds, pids)
                tally = tallies.setdefault((scenario, count), Tally())
                tally.requests += req
                tally.seconds += dur
                tally.p95_ms = max(tally.p95_ms, p95)
                tally.bad += bad
                tally.cpu_s += cpu
                web_bench.wait_idle(bases[0])
    print(f"{'scenario':<10}{'servers':>8}{'req/s':>9}{'p95 ms':>9}{'cpu ms/req':>12}{'bad':>6}")
    for (scenario, count), t in tallies.items():
        print(f"{scenario:<10}{count:>8}{t.rps:>9.1f}{t.p95_ms:>9.1f}{t.cpu_ms:>12.2f}{t.bad:>6}")
    for scenario in SCENARIOS:
        one, two = tallies[(scenario, 1)], tallies[(scenario, 2)]
        print(f"info: {scenario}: two servers serve {two.rps / one.rps:.2f}x one server's req/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
