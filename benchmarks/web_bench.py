"""Web benchmark: the Today page and check-in posts against a signed-in bare view.

What it does, all on loopback and bounded in time:

1. makes a throwaway data folder (and SQLite database, or with ``--postgres`` a
   throwaway database on that server), migrates it, and creates one onboarded
   runner per client, each with a signed-in session and yesterday's run logged;
2. starts ``runback serve --production`` (gunicorn + whitenoise) with the
   comparison views switched on (``RUNBACK_BENCH_BARE_VIEW``): the bare view goes
   through the same session and sign-in as Today and renders a trivial template;
3. drives it with ``wrk`` (20 connections by default; ``apt-get install wrk``) for a
   fixed duration per scenario, each client as its own runner: the bare view and the
   Today page in alternating rounds (so both meet the same background load), then
   the next-morning check-in POST (htmx, as the page sends it) with every client a
   writer;
4. prints throughput and p95 latency per scenario and their ratio to the bare view,
   and checks the goals of issue 12: Today at least 70% of the signed-in bare
   view's throughput, Today's p95 under 100 ms. The check-in's p95 is reported.

Run: ``.venv/bin/python benchmarks/web_bench.py [--duration 10] [--clients 20]
[--rounds 10] [--workers N] [--postgres postgres://user@/postgres?host=/socket/dir]``.
Not a test: pytest never collects it. Exit status 0 when the goals are met, 1 when not,
2 when the benchmark itself could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from tests.scale.seed import onboarded_runner  # noqa: E402 (the multi-host test's runner)

HOST = "127.0.0.1"
CHECKIN_BODY = "pain=1&stiffness=1&sleep_hours=7.5&stress=3&fuelling_ok=true"
GOAL_TODAY_RATIO = 0.7
GOAL_P95_MS = 100.0
WARM_UP_S = 5
"""Seconds of each scenario before it is measured: every worker process renders each
runner's Today body once (its own cache) and opens its connection."""
IDLE_MS = 20


@dataclass(frozen=True)
class Target:
    """One benchmark client: a runner's URLs and its session."""

    runner_id: int
    session: str
    csrf: str


@dataclass(frozen=True)
class Result:
    name: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    bad: int
    cpu_s: float = 0.0
    """CPU time the server's processes spent in the scenario (user + system)."""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        """Server CPU per request: what the throughput would be on an idle machine."""
        return 1000 * self.cpu_s / self.requests if self.requests else 0.0


def server_cpu_s(root: int) -> float:
    """User + system CPU seconds of ``root`` and every process under it (Linux /proc).

    Throughput on a shared machine moves with the neighbours' load; the CPU a
    request costs the server hardly does, so the benchmark reports both.
    """
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    family, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return sum(times.get(pid, 0.0) for pid in family)


def throwaway_database(server_url: str) -> tuple[str, Callable[[], None]]:
    """A new, empty database on the PostgreSQL server ``server_url`` names; and its drop.

    ``server_url`` points at any database the user may connect to (e.g. ``postgres``);
    the benchmark's own database is made beside it and dropped afterwards.
    """
    import psycopg

    name = "runback_bench_" + secrets.token_hex(4)
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(server_url)._replace(path="/" + name))

    def drop() -> None:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def bench_env(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNBACK_")}
    if database_url:
        env["RUNBACK_DATABASE_URL"] = database_url
    env.update(
        RUNBACK_DATA_DIR=str(data_dir),
        RUNBACK_SECRET_KEY="benchmark-only-" + secrets.token_hex(16),
        RUNBACK_BENCH_BARE_VIEW="true",
        RUNBACK_ALLOWED_HOSTS=HOST,
        RUNBACK_LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="runback.web.settings",
    )
    return env


def prepare(env: dict[str, str], clients: int) -> list[Target]:
    """Migrate the throwaway database and make one signed-in, onboarded runner per client."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    call_command("migrate", "--no-input", verbosity=0)
    targets = []
    for n in range(clients):
        runner = onboarded_runner(f"runner{n}", None, age=30 + n % 20)
        client = Client()
        client.force_login(runner.user)
        targets.append(Target(runner.pk, client.cookies["sessionid"].value, secrets.token_hex(16)))
    connections.close_all()
    return targets


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    code = "import sys; from runback.cli import main; sys.argv = ['runback', *sys.argv[1:]]; main()"
    command = [sys.executable, "-c", code, "serve", "--production", "--no-worker"]
    command += ["--host", HOST, "--port", str(port)]
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_ready(base: str, server: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/__bench__/ping/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not answer within 90 s")


def wait_idle(base: str, timeout: float = 30) -> None:
    """Let requests queued by the previous scenario drain before the next one starts."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        start = time.perf_counter()
        with urllib.request.urlopen(base + "/__bench__/ping/", timeout=10):
            pass
        if time.perf_counter() - start < IDLE_MS / 1000:
            return
        time.sleep(0.2)


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def cookie(target: Target) -> str:
    return f"sessionid={target.session}; csrftoken={target.csrf}"


def check_pages(base: str, targets: list[Target]) -> None:
    """Make sure each scenario really answers with the page, not a redirect or an error."""
    target = targets[0]
    bare = urllib.request.Request(f"{base}/__bench__/bare/", headers={"Cookie": cookie(target)})
    with urllib.request.urlopen(bare, timeout=10) as response:
        if response.status != 200 or response.url != bare.full_url:
            raise RuntimeError(f"the bare view answered {response.status} at {response.url}")
    today = urllib.request.Request(
        f"{base}/r/{target.runner_id}/today/", headers={"Cookie": cookie(target)}
    )
    with urllib.request.urlopen(today, timeout=10) as response:
        page = response.read().decode()
        if response.status != 200 or response.url != today.full_url:
            raise RuntimeError(f"Today answered {response.status} at {response.url}")
        if "Sign in" in page and "Sign out" not in page:
            raise RuntimeError("the Today page did not see the session")
    post = urllib.request.Request(
        f"{base}/r/{target.runner_id}/morning/",
        data=CHECKIN_BODY.encode(),
        headers={
            "Cookie": cookie(target),
            "X-CSRFToken": target.csrf,
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(post, timeout=10) as response:
        if response.status != 200:
            raise RuntimeError(f"the check-in answered {response.status}")


def lua_script(targets: list[Target], method: str, path: str) -> str:
    """A wrk script: each request as the next runner in turn; p95 printed at the end."""
    rows = ",\n".join(
        f"  {{path={json.dumps(path.format(runner=t.runner_id))}, "
        f"cookie={json.dumps(cookie(t))}, csrf={json.dumps(t.csrf)}}}"
        for t in targets
    )
    return f"""
local targets = {{
{rows}
}}
local method = {json.dumps(method)}
local body = {json.dumps(CHECKIN_BODY)}
local i = 0
request = function()
  i = i + 1
  local t = targets[(i % #targets) + 1]
  local headers = {{["Cookie"] = t.cookie}}
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["X-CSRFToken"] = t.csrf
    headers["HX-Request"] = "true"
    return wrk.format(method, t.path, headers, body)
  end
  return wrk.format(method, t.path, headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50=%d p95=%d p99=%d bad=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def run_wrk(base: str, script: Path, name: str, clients: int, seconds: int, threads: int) -> Result:
    command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(script), base + "/"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(
        r"RESULT requests=(\d+) duration_us=(\d+) p50=(\d+) p95=(\d+) p99=(\d+) bad=(\d+)", out
    )
    if match is None:
        raise RuntimeError(f"wrk printed no result:\n{out}")
    req, dur, p50, p95, p99, bad = (int(g) for g in match.groups())
    return Result(name, req, dur / 1e6, p50 / 1e3, p95 / 1e3, p99 / 1e3, bad)


def combine(name: str, parts: list[Result]) -> Result:
    """Rounds of one scenario as one result: all requests over all the time measured.

    wrk reports percentiles per run, and percentiles do not add up, so the combined
    p50 is the median round's and the p95 and p99 are the worst round's.
    """
    p50s = sorted(p.p50_ms for p in parts)
    return Result(
        name,
        sum(p.requests for p in parts),
        sum(p.seconds for p in parts),
        p50s[len(p50s) // 2],
        max(p.p95_ms for p in parts),
        max(p.p99_ms for p in parts),
        sum(p.bad for p in parts),
        sum(p.cpu_s for p in parts),
    )


def report(results: list[Result], bare: Result) -> bool:
    print(
        f"{'scenario':<16}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'bad':>6}{'rps/bare':>10}{'p95/bare':>10}{'cpu ms/req':>12}{'bare/cpu':>10}"
    )
    for r in results:
        print(
            f"{r.name:<16}{r.rps:>9.1f}{r.p50_ms:>9.1f}{r.p95_ms:>9.1f}{r.p99_ms:>9.1f}"
            f"{r.bad:>6}{r.rps / bare.rps:>10.2f}{r.p95_ms / bare.p95_ms:>10.2f}"
            f"{r.cpu_ms:>12.2f}{bare.cpu_ms / r.cpu_ms if r.cpu_ms else 0:>10.2f}"
        )
    today = next(r for r in results if r.name == "today")
    ok = True
    for label, passed in [
        (
            f"Today throughput >= {GOAL_TODAY_RATIO:.0%} of the signed-in bare view",
            today.rps >= GOAL_TODAY_RATIO * bare.rps,
        ),
        (f"Today p95 < {GOAL_P95_MS:.0f} ms", today.p95_ms < GOAL_P95_MS),
        ("no failed requests", all(r.bad == 0 for r in results)),
    ]:
        print(f"goal: {label}: {'met' if passed else 'NOT met'}")
        ok = ok and passed
    if today.cpu_ms:
        print(
            f"info: server CPU per request: Today {today.cpu_ms:.2f} ms, bare {bare.cpu_ms:.2f} ms;"
            f" CPU-bound, Today would serve {bare.cpu_ms / today.cpu_ms:.0%} of bare's throughput"
        )
    checkin = next((r for r in results if r.name == "checkin-post"), None)
    if checkin is not None:
        print(
            f"info: check-in POST p95 {checkin.p95_ms:.1f} ms "
            f"({'under' if checkin.p95_ms < GOAL_P95_MS else 'over'} {GOAL_P95_MS:.0f} ms)"
        )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--clients", type=int, default=20, help="concurrent connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--rounds", type=int, default=10, help="alternating bare/Today rounds (default 10)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    parser.add_argument(
        "--postgres",
        default="",
        help="a PostgreSQL URL (e.g. postgres://me@/postgres?host=/run/postgresql): "
        "benchmark on a throwaway database made on that server instead of SQLite",
    )
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn workers (default: the server's own)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2

    data_dir = Path(tempfile.mkdtemp(prefix="runback-bench-"))
    database_url, drop_database = (
        throwaway_database(args.postgres) if args.postgres else ("", lambda: None)
    )
    env = bench_env(data_dir, database_url)
    if args.workers:
        env["RUNBACK_WEB_WORKERS"] = str(args.workers)
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = None
    try:
        targets = prepare(env, args.clients)
        server = start_server(env, port, data_dir / "server.log")
        wait_ready(base, server)
        check_pages(base, targets)
        scenarios = [
            ("bare", "GET", "/__bench__/bare/"),
            ("today", "GET", "/r/{runner}/today/"),
            ("checkin-post", "POST", "/r/{runner}/morning/"),
        ]
        from runback.commands.web import gunicorn_workers

        cores = os.cpu_count() or 1
        load = os.getloadavg()[0]
        print(
            f"runback web benchmark: {args.clients} clients, {args.duration} s per scenario, "
            f"{'PostgreSQL' if database_url else 'SQLite'}, "
            f"gunicorn ({gunicorn_workers()} workers) on {HOST}, {cores} cores, "
            f"wrk -t{args.threads}, "
            f"load average {load:.1f} at start"
        )
        if load > cores / 2:
            print("warning: the machine is busy; numbers will be lower and noisier than usual")
        scripts = {}
        for name, method, path in scenarios:
            scripts[name] = data_dir / f"{name}.lua"
            scripts[name].write_text(lua_script(targets, method, path))

        # Warm each scenario just before measuring it: each gunicorn worker imports,
        # compiles templates, opens its database connection and fills its Today cache
        # on its first requests.
        def measure(name: str, seconds: int) -> Result:
            assert server is not None
            cpu = server_cpu_s(server.pid)
            result = run_wrk(base, scripts[name], name, args.clients, seconds, args.threads)
            result = replace(result, cpu_s=server_cpu_s(server.pid) - cpu)
            wait_idle(base)
            return result

        for name in ("bare", "today"):
            measure(name, WARM_UP_S)
        # The bare view and Today alternate in short rounds, so both see the same
        # machine: background load here moves throughput by a third from one second
        # to the next, which one long run each would turn into a false ratio.
        seconds = max(1, args.duration // args.rounds)
        rounds: dict[str, list[Result]] = {"bare": [], "today": []}
        for _ in range(args.rounds):
            for name, parts in rounds.items():
                parts.append(measure(name, seconds))
        results = [combine(name, parts) for name, parts in rounds.items()]
        print(
            "today/bare by round: "
            + " ".join(f"{t.rps / b.rps:.2f}" for b, t in zip(*rounds.values(), strict=True))
        )
        # The check-in goes last: it writes to every record, which starts a new Today
        # cache entry for each of them.
        measure("checkin-post", WARM_UP_S)
        results.append(measure("checkin-post", args.duration))
        return 0 if report(results, results[0]) else 1
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        if (data_dir / "server.log").exists():
            print((data_dir / "server.log").read_text()[-3000:], file=sys.stderr)
        return 2
    finally:
        if server is not None:
            stop_server(server)
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
            drop_database()


if __name__ == "__main__":
    sys.exit(main())
