"""Engine speed: assess + decide over generated case files, as a ratio to JSON loading.

    python benchmarks/engine_bench.py            # 10,000 case files, a year of log each
    python benchmarks/engine_bench.py --quick    # 500 case files (a smoke run)

The floor is the time to read and ``json.loads`` each file; the engine's time is
``parse_case`` (validation) + ``assess`` + ``decide`` on the loaded data. Both are
timed file by file in one pass so they run under the same conditions. Goal:
engine time <= 3x the floor. Not part of the test suite (it takes a while).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from runback.engine import assess, decide, parse_case
from runback.engine.enums import Aggravator, InjuryKind, Site

GOAL = 3.0
TODAY = dt.date(2026, 11, 22)


def generate_case(rng: random.Random, days: int = 365) -> dict[str, Any]:
    """One plausible case file with ``days`` days of log (runs, strength, rest...)."""
    onset = TODAY - dt.timedelta(days=rng.randint(days, days + 200))
    kind = rng.choice([k for k in InjuryKind if k is not InjuryKind.BONE_STRESS])
    log: list[dict[str, Any]] = []
    minutes = rng.randint(3, 15)
    for offset in range(days, 0, -1):
        day = (TODAY - dt.timedelta(days=offset)).isoformat()
        roll = rng.random()
        if roll < 0.45:
            minutes = max(1, min(90, minutes + rng.choice([-2, 0, 0, 1, 2])))
            log.append(
                {
                    "date": day,
                    "kind": "run",
                    "run_minutes": minutes,
                    "walk_minutes": rng.randint(0, 3),
                    "distance_km": round(minutes / 6.2, 2),
                    "pain_before": rng.randint(0, 2),
                    "pain_during_max": rng.randint(0, 4),
                    "pain_during_pattern": rng.choice(["none", "eased", "steady", "built"]),
                    "pain_after": rng.randint(0, 3),
                    "pain_next_morning": rng.randint(0, 3),
                }
            )
        elif roll < 0.75:
            log.append({"date": day, "kind": "strength", "minutes": 40})
        elif roll < 0.85:
            log.append({"date": day, "kind": "walk", "walk_minutes": 30})
        else:
            log.append({"date": day, "kind": "rest"})
    return {
        "today": TODAY.isoformat(),
        "runner": {
            "age": rng.randint(18, 70),
            "sex": rng.choice(["female", "male"]),
            "weekly_km_before": rng.randint(10, 80),
            "runs_per_week_before": rng.randint(2, 6),
            "longest_run_km_before": rng.randint(5, 30),
            "previous_injuries": rng.randint(0, 3),
        },
        "injury": {
            "site": rng.choice(list(Site)).value,
            "kind": kind.value,
            "bone_stress_risk": None,
            "onset": onset.isoformat(),
            "last_run": None,
            "pain_free_run_minutes": rng.randint(0, 30),
            "pain_rest": rng.randint(0, 2),
            "pain_walking": rng.randint(0, 2),
            "worsening": rng.random() < 0.03,
            "aggravators": rng.sample([a.value for a in Aggravator], rng.randint(0, 2)),
        },
        "red_flags": ["night_pain"] if rng.random() < 0.03 else [],
        "wellbeing": {
            "sleep_hours": rng.choice([6, 7, 8]),
            "stress": rng.randint(0, 8),
            "fear_of_reinjury": rng.randint(0, 8),
            "fuelling_ok": rng.random() > 0.1,
        },
        "log": log,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="500 case files instead of 10,000")
    parser.add_argument("--cases", type=int, default=None, help="number of case files")
    args = parser.parse_args(argv)
    count = args.cases or (500 if args.quick else 10_000)
    rng = random.Random(20261122)
    with tempfile.TemporaryDirectory(prefix="runback-bench-") as tmp:
        folder = Path(tmp)
        print(f"writing {count:,} case files with a year of log each ...", flush=True)
        paths = []
        for index in range(count):
            path = folder / f"case_{index:05d}.json"
            path.write_text(json.dumps(generate_case(rng)), encoding="utf-8")
            paths.append(path)

        for path in paths:  # warm the page cache: the floor is JSON work, not the disk
            path.read_bytes()
        # One-off start-up costs (the exercise library is read once per process) are
        # not per-case work: pay them before the clock starts.
        for path in paths[:10]:
            warm = parse_case(json.loads(path.read_bytes()), default_today=TODAY)
            assess(warm)
            decide(warm)
        # One pass, each file timed twice: loading it (the floor), then the engine on
        # it. Nothing is kept between files, so a growing heap does not tax either.
        floor = engine = 0.0
        clock = time.perf_counter
        for path in paths:
            started = clock()
            data = json.loads(path.read_bytes())
            loaded = clock()
            case = parse_case(data, default_today=TODAY)
            assess(case)
            decide(case)
            engine += clock() - loaded
            floor += loaded - started

    ratio = engine / floor
    print(f"JSON load (floor): {floor:.2f} s  ({floor / count * 1e3:.3f} ms per case file)")
    print(f"engine (parse + assess + decide): {engine:.2f} s  ({engine / count * 1e3:.3f} ms)")
    print(f"ratio: {ratio:.2f}x the floor (goal <= {GOAL:g}x): {'ok' if ratio <= GOAL else 'SLOW'}")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
