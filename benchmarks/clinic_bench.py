"""Clinic benchmark: the caseload and a runner's page, against a signed-in bare view.

What it does, all on loopback and bounded in time:

1. starts a throwaway PostgreSQL cluster on a Unix socket (as ``scripts/test.sh``
   does), or uses ``--postgres URL``'s server, and makes a throwaway database;
2. seeds it with ``runback manage seed_demo``: ``--runners`` runners (10,000) with
   ``--weeks`` (104) of logs that follow runback's own plans, ``--clinicians`` (50)
   clinicians, one per caseload size of ``--sizes`` (e.g. 50,500,2000) holding
   grants from that many runners and the others sharing the rest; then
   ``refresh_case_summaries`` (the nightly job) and times both;
3. starts ``runback serve --production`` with the bare view switched on, asks each
   of 200 runners' pages once with one client (the first look of the day, which
   builds what later looks read from the cache: timed on its own), then drives it
   with ``wrk`` (``--clients`` connections, 10 by default): the bare view as a
   clinician, each caseload size as its clinician, and a runner's page for a
   clinician (the same 200 runners in turn: repeat looks), in alternating rounds so
   each meets the same background load;
4. prints p50/p95/p99 and throughput per scenario, the growth of the caseload's p95
   with its size, and checks the goals of issue 13: the 500-runner caseload's p95
   under 300 ms, a runner's page p95 under 150 ms.

Run: ``.venv/bin/python benchmarks/clinic_bench.py [--sizes 50,500,2000]
[--runners 10000] [--clinicians 50] [--weeks 104] [--clients 10] [--duration 10]
[--rounds 5] [--postgres URL]``; a quick run: ``--sizes 20,50 --runners 50 --weeks 8
--duration 4``.
Not a test: pytest never collects it. Exit status 0 when the goals are met (or
the sizes do not include 500), 1 when not, 2 when it could not run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from benchmarks.web_bench import (  # noqa: E402 (after the path set-up)
    HOST,
    Result,
    Target,
    bench_env,
    combine,
    cookie,
    free_port,
    lua_script,
    run_wrk,
    server_cpu_s,
    start_server,
    stop_server,
    throwaway_database,
    wait_ready,
)

GOAL_CASELOAD_SIZE = 500
GOAL_CASELOAD_P95_MS = 300.0
GOAL_RUNNER_P95_MS = 150.0
WARM_UP_S = 3
RUNNER_PAGES = 200
"""How many different runners' pages the runner-page scenario cycles through."""


def postgres_cluster(work: Path) -> tuple[str, Callable[[], None]]:
    """A private PostgreSQL cluster on a Unix socket under ``work``; its URL and its stop."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    pg = bins[-1]
    data = work / "pg"
    as_root = os.geteuid() == 0

    def run(*command: str) -> None:
        full = ["runuser", "-u", "postgres", "--", *command] if as_root else list(command)
        subprocess.run(full, check=True, capture_output=True)

    if as_root:
        shutil.chown(work, "postgres")
    run(str(pg / "initdb"), "-D", str(data), "-U", "runback", "--auth=trust")
    options = f"-k {work} -c listen_addresses='' -c fsync=off -c shared_buffers=256MB"
    run(str(pg / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(work / "pg.log"), "-w",
        "start")  # fmt: skip

    def stop() -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            run(str(pg / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(work, ignore_errors=True)

    return f"postgres://runback@/postgres?host={work}", stop


def wait_idle(base: str, timeout: float = 600) -> None:
    """Let the requests queued by a scenario drain (a cold caseload of 2,000 takes a while)."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(base + "/__bench__/ping/", timeout=60):
                pass
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            continue
        if time.perf_counter() - start < 0.02:
            return
        time.sleep(0.2)
    raise RuntimeError("the server did not become idle")


def manage(env: dict[str, str], *args: str) -> str:
    code = "import sys; from runback.cli import main; sys.argv = ['runback', *sys.argv[1:]]; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "manage", *args],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"manage {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def sessions(env: dict[str, str], sizes: list[int]) -> tuple[dict[int, Target], list[Target]]:
    """A signed-in session for each caseload's clinician, and runner-page targets."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connections
    from django.test import Client

    from runback.web.runners.models import AccessGrant

    by_size: dict[int, Target] = {}
    for i, size in enumerate(sizes):
        client = Client()
        client.force_login(User.objects.get(username=f"demo-clinician-{i}"))
        by_size[size] = Target(0, client.cookies["sessionid"].value, secrets.token_hex(16))
    middle = sizes.index(_page_size(sizes))
    clinician = by_size[sizes[middle]]
    runner_ids = list(
        AccessGrant.objects.filter(grantee__username=f"demo-clinician-{middle}")
        .order_by("runner_id")
        .values_list("runner_id", flat=True)[:RUNNER_PAGES]
    )
    connections.close_all()
    return by_size, [replace(clinician, runner_id=r) for r in runner_ids]


def _page_size(sizes: list[int]) -> int:
    """The caseload whose runners' pages are measured: 500 if there, else the largest."""
    return GOAL_CASELOAD_SIZE if GOAL_CASELOAD_SIZE in sizes else max(sizes)


def check_pages(base: str, by_size: dict[int, Target], pages: list[Target]) -> None:
    import urllib.request

    for size, target in by_size.items():
        request = urllib.request.Request(f"{base}/clinic/", headers={"Cookie": cookie(target)})
        with urllib.request.urlopen(request, timeout=600) as response:
            body = response.read().decode()
            if response.status != 200 or response.url != request.full_url:
                raise RuntimeError(f"the caseload answered {response.status} at {response.url}")
            rows = body.count('<th scope="row">')
            if rows != size:
                raise RuntimeError(f"the {size}-runner caseload shows {rows} rows")
    request = urllib.request.Request(
        f"{base}/clinic/runners/{pages[0].runner_id}/", headers={"Cookie": cookie(pages[0])}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        if response.status != 200 or "timeline-data" not in response.read().decode():
            raise RuntimeError("the runner page did not answer with the timeline")


def first_looks(base: str, pages: list[Target]) -> list[float]:
    """Each runner's page asked once, one after another: seconds for each.

    The first look of the day at a record builds what a repeat look reads from the
    cache (the engine over the whole log, the chart, the record's sections); it is
    timed here on its own, with one client, so the wrk rounds that follow measure
    the repeat look every later visit of the day gets.
    """
    import urllib.request

    took = []
    for target in pages:
        request = urllib.request.Request(
            f"{base}/clinic/runners/{target.runner_id}/", headers={"Cookie": cookie(target)}
        )
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
        took.append(time.perf_counter() - start)
    return took


def report(results: list[Result], bare: Result, sizes: list[int]) -> bool:
    print(
        f"{'scenario':<18}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'bad':>5}"
        f"{'p95/bare':>10}{'cpu ms/req':>12}"
    )
    for r in results:
        print(
            f"{r.name:<18}{r.rps:>8.1f}{r.p50_ms:>9.1f}{r.p95_ms:>9.1f}{r.p99_ms:>9.1f}"
            f"{r.bad:>5}{r.p95_ms / bare.p95_ms:>10.2f}{r.cpu_ms:>12.1f}"
        )
    by_name = {r.name: r for r in results}
    loads = [by_name[f"caseload-{n}"] for n in sizes]
    print(
        "caseload p95 growth: "
        + " -> ".join(f"{n}: {r.p95_ms:.0f} ms" for n, r in zip(sizes, loads, strict=True))
    )
    ok = all(r.bad == 0 for r in results)
    checks = [("no failed requests", ok)]
    if GOAL_CASELOAD_SIZE in sizes:
        p95 = by_name[f"caseload-{GOAL_CASELOAD_SIZE}"].p95_ms
        checks.append((f"caseload p95 at 500 < {GOAL_CASELOAD_P95_MS:.0f} ms", p95 < 300))
    checks.append(
        (f"runner page p95 < {GOAL_RUNNER_P95_MS:.0f} ms",
         by_name["runner-page"].p95_ms < GOAL_RUNNER_P95_MS)
    )  # fmt: skip
    for label, passed in checks:
        print(f"goal: {label}: {'met' if passed else 'NOT met'}")
        ok = ok and passed
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500,2000", help="caseload sizes (50,500,2000)")
    parser.add_argument("--runners", type=int, default=10000, help="runners (10,000)")
    parser.add_argument("--clinicians", type=int, default=50, help="clinicians (50)")
    parser.add_argument("--weeks", type=int, default=104, help="weeks of logs per runner (104)")
    parser.add_argument("--clients", type=int, default=10, help="concurrent connections (10)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario (10)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (5)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers")
    parser.add_argument("--postgres", default="", help="a server URL instead of a new cluster")
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    sizes = sorted({int(n) for n in args.sizes.split(",") if n.strip()})
    runners = max(args.runners, max(sizes))

    work = Path(tempfile.mkdtemp(prefix="runback-clinic-bench-"))
    stop_cluster: Callable[[], None] = lambda: None  # noqa: E731
    drop: Callable[[], None] = lambda: None  # noqa: E731
    server = None
    try:
        server_url = args.postgres
        if not server_url:
            # Its own folder: the data folder stays private to this user.
            server_url, stop_cluster = postgres_cluster(
                Path(tempfile.mkdtemp(prefix="runback-clinic-pg-"))
            )
        database_url, drop = throwaway_database(server_url)
        env = bench_env(work, database_url)
        # One cache for all the server's workers (the install's RUNBACK_CACHE_DIR option):
        # a caseload row or a runner page built by one worker serves them all.
        env["RUNBACK_CACHE_DIR"] = str(work / "cache")
        env["RUNBACK_CACHE_ENTRIES"] = "50000"  # every row of every caseload, and more
        if args.workers:
            env["RUNBACK_WEB_WORKERS"] = str(args.workers)
        manage(env, "migrate", "--no-input", "-v0")
        start = time.perf_counter()
        caseloads = ",".join(map(str, sizes))
        manage(env, "seed_demo", "--runners", str(runners), "--weeks", str(args.weeks),
               "--caseloads", caseloads, "--clinicians", str(args.clinicians),
               "--password", secrets.token_hex(8))  # fmt: skip
        seeded = time.perf_counter() - start
        start = time.perf_counter()
        manage(env, "refresh_case_summaries")
        summarised = time.perf_counter() - start
        by_size, pages = sessions(env, sizes)
        port = free_port()
        base = f"http://{HOST}:{port}"
        server = start_server(env, port, work / "server.log")
        wait_ready(base, server)
        check_pages(base, by_size, pages)
        from runback.commands.web import gunicorn_workers

        load = os.getloadavg()[0]
        print(
            f"runback clinic benchmark: PostgreSQL, {runners} runners x {args.weeks} weeks, "
            f"{max(args.clinicians, len(sizes))} clinicians "
            f"(seeded in {seeded:.0f} s, summaries in {summarised:.0f} s), caseloads {sizes}, "
            f"{args.clients} clients, gunicorn ({gunicorn_workers()} workers), "
            f"{os.cpu_count()} cores, load average {load:.1f} at start"
        )
        scripts: dict[str, Path] = {}
        bare_as = by_size[_page_size(sizes)]
        for name, targets, path in [
            ("bare", [bare_as], "/__bench__/bare/"),
            *((f"caseload-{n}", [by_size[n]], "/clinic/") for n in sizes),
            ("runner-page", pages, "/clinic/runners/{runner}/"),
        ]:
            scripts[name] = work / f"{name}.lua"
            scripts[name].write_text(lua_script(targets, "GET", path))

        def measure(name: str, seconds: int) -> Result:
            assert server is not None
            cpu = server_cpu_s(server.pid)
            result = run_wrk(base, scripts[name], name, args.clients, seconds, args.threads)
            result = replace(result, cpu_s=server_cpu_s(server.pid) - cpu)
            wait_idle(base)
            return result

        looks = sorted(first_looks(base, pages))
        print(
            f"first look at each of {len(looks)} runners' pages, one client: "
            f"p50 {looks[len(looks) // 2] * 1000:.0f} ms, "
            f"p95 {looks[int(len(looks) * 0.95)] * 1000:.0f} ms, "
            f"max {looks[-1] * 1000:.0f} ms (the wrk rounds below measure repeat looks)"
        )
        for name in scripts:
            measure(name, WARM_UP_S)
        seconds = max(1, args.duration // args.rounds)
        rounds: dict[str, list[Result]] = {name: [] for name in scripts}
        for _ in range(args.rounds):
            for name, parts in rounds.items():
                parts.append(measure(name, seconds))
        results = [combine(name, parts) for name, parts in rounds.items()]
        return 0 if report(results, results[0], sizes) else 1
    except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        if (work / "server.log").exists():
            print((work / "server.log").read_text()[-3000:], file=sys.stderr)
        return 2
    finally:
        if server is not None:
            stop_server(server)
        drop()
        stop_cluster()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
