"""Import benchmark: runback vs fitdecode vs fitfast on the FIT corpus, plus a history.

Run it by hand (never part of pytest):

    .venv/bin/python benchmarks/import_bench.py            # full corpus + 3,000-activity history
    .venv/bin/python benchmarks/import_bench.py --quick    # a few files, 300-activity history

What it prints:

1. FIT corpus, all parsers in one run, same bytes already in memory: files/s,
   record messages/s, how many files each parser read, and runback's speed ratio
   against each. runback and fitdecode alternate file by file, so a busy machine
   slows both alike. fitdecode runs with CRC checks on (``CrcCheck.RAISE``). fitfast
   (Rust) runs in a child process: one corrupt file once made it raise a Rust
   panic that ``except Exception`` does not catch, and a panic that aborts must
   not take the benchmark down with it.
2. A replayed history: corpus activity files (FIT, GPX, TCX) read again and again,
   dates shifted to one every ~1.2 days, until N activities; then the load
   analysis. Runs in a child process so its peak RSS (``resource.ru_maxrss``) is
   its own (tracemalloc is not used: it slows allocation-heavy code several-fold).

garmin-fit-sdk is deliberately not timed: its licence forbids benchmarking it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import subprocess
import sys
import time
import warnings
from datetime import timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "activities"


def fit_files(corpus: Path, quick: bool) -> list[Path]:
    files = sorted(p for p in (corpus / "fit").iterdir() if p.is_file())
    return files[::10] if quick else files


def _runback_one(name: str, data: bytes) -> tuple[bool, bool, int]:
    """(decoded a valid FIT file, it is an activity, record messages)."""
    from runback.importers import ActivityFileError, ImportProblem, read_bytes

    try:
        return True, True, read_bytes(data, name).records
    except ActivityFileError as exc:
        # A valid FIT file that is not an activity (settings, course, ...) was still
        # decoded whole; count it as read, like fitdecode, but with no records.
        valid = exc.problem in (
            ImportProblem.NOT_AN_ACTIVITY,
            ImportProblem.NO_SESSION,
            ImportProblem.EMPTY,
        )
        return valid, False, 0


def _fitdecode_one(data: bytes) -> tuple[bool, int]:
    import fitdecode

    n = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with fitdecode.FitReader(data, check_crc=fitdecode.CrcCheck.RAISE) as reader:
                for frame in reader:
                    if frame.frame_type == fitdecode.FIT_FRAME_DATA and frame.name == "record":
                        n += 1
    except Exception:  # any fitdecode error: the file does not count as read
        return False, 0
    return True, n


def bench_interleaved(blobs: list[tuple[str, bytes]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """runback and fitdecode file by file, alternating, so machine load hits both alike."""
    ours = {"seconds": 0.0, "ok": 0, "activities": 0, "records": 0}
    ref = {"seconds": 0.0, "ok": 0, "records": 0}
    for name, data in blobs:
        t0 = time.perf_counter()
        valid, activity, n = _runback_one(name, data)
        t1 = time.perf_counter()
        ref_ok, ref_n = _fitdecode_one(data)
        t2 = time.perf_counter()
        ours["seconds"] += t1 - t0
        ours["ok"] += valid
        ours["activities"] += activity
        ours["records"] += n
        ref["seconds"] += t2 - t1
        ref["ok"] += ref_ok
        ref["records"] += ref_n
    return ours, ref


FITFAST_CHILD = r"""
import json, sys, time
from pathlib import Path
import fitfast
paths = json.loads(sys.stdin.read())
blobs = [Path(p).read_bytes() for p in paths]
out = {}
for mode in ("records", "parse"):
    ok = records = 0
    start = time.perf_counter()
    for data in blobs:
        try:
            if mode == "records":
                cols = fitfast.records(data)
                n = len(next(iter(cols.values()))) if cols else 0
            else:
                n = len(fitfast.parse(data).get("record", []))
        except BaseException:  # FitDecodeError, or a Rust panic (PanicException)
            continue
        ok += 1
        records += n
    out[mode] = {"seconds": time.perf_counter() - start, "ok": ok, "records": records}
print(json.dumps(out))
"""


def bench_fitfast(paths: list[Path]) -> dict[str, Any]:
    try:
        done = subprocess.run(
            [sys.executable, "-c", FITFAST_CHILD],
            input=json.dumps([str(p) for p in paths]),
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": "timed out"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"child exited {done.returncode}: {last}"}
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def history_child(corpus: Path, n: int) -> dict[str, Any]:
    """Replay corpus files into an n-activity history and analyse its load."""
    from runback.engine.load import analyse
    from runback.importers import ActivityFileError, read_file
    from runback.importers.bridge import session_record

    files = sorted(
        p for folder in ("fit", "gpx", "tcx") for p in (corpus / folder).iterdir() if p.is_file()
    )
    start = time.perf_counter()
    records = []
    read = errors = i = 0
    base = None
    while read < n:
        path = files[i % len(files)]
        i += 1
        try:
            activity = read_file(path)
        except ActivityFileError:
            errors += 1
            continue
        base = base or activity.start_utc
        shifted = dataclasses.replace(activity, start_utc=base + timedelta(hours=29 * read))
        records.append(session_record(shifted))
        read += 1
    read_s = time.perf_counter() - start
    report = analyse(records)
    total_s = time.perf_counter() - start
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "activities": read,
        "errors_skipped": errors,
        "read_seconds": read_s,
        "total_seconds": total_s,
        "weeks": len(report.weeks),
        "flags": len(report.flags),
        "peak_rss_mb": rss_kb / 1024,
    }


def bench_history(corpus: Path, n: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--history-child", str(n), "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip()[-500:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _row(name: str, r: dict[str, Any], files: int) -> str:
    if "error" in r:
        return f"{name:<22} ERROR {r['error']}"
    secs = r["seconds"]
    return (
        f"{name:<22} {secs:8.2f} s {files / secs:9.1f} files/s "
        f"{r['records'] / secs:11.0f} records/s   read {r['ok']}/{files}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the corpus, short history")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--history", type=int, default=None, help="activities to replay")
    parser.add_argument("--history-child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.history_child is not None:
        print(json.dumps(history_child(args.corpus, args.history_child)))
        return

    paths = fit_files(args.corpus, args.quick)
    blobs = [(str(p), p.read_bytes()) for p in paths]
    size_mb = sum(len(b) for _, b in blobs) / 2**20
    print(f"FIT corpus: {len(blobs)} files, {size_mb:.1f} MB ({args.corpus})")
    ours, ref = bench_interleaved(blobs)
    fast = bench_fitfast(paths)
    print(_row("runback", ours, len(blobs)))
    print(_row("fitdecode", ref, len(blobs)))
    for mode in ("records", "parse"):
        r = fast.get(mode, {"error": fast.get("error", "no result")})
        print(_row(f"fitfast ({mode})", r, len(blobs)))

    def rate(r: dict[str, Any]) -> float:
        return float(r["records"]) / float(r["seconds"]) if "seconds" in r else float("nan")

    print(f"runback / fitdecode speed: {rate(ours) / rate(ref):.1f}x (records/s)")
    for mode in ("records", "parse"):
        if mode in fast:
            print(f"runback / fitfast ({mode}) speed: {rate(ours) / rate(fast[mode]):.2f}x")
    print(
        f"runback summarised {ours['activities']} activities; the other files it read are "
        "valid FIT files that are not activities (settings, courses, ...)"
    )
    if ours["ok"] < ref["ok"]:
        print(f"NOTE: fitdecode read {ref['ok'] - ours['ok']} more files than runback")

    n = args.history or (300 if args.quick else 3000)
    h = bench_history(args.corpus, n)
    if "error" in h:
        print(f"history: ERROR {h['error']}")
        return
    print(
        f"history: {h['activities']} activities ({h['errors_skipped']} broken files skipped) "
        f"read in {h['read_seconds']:.1f} s ({h['activities'] / h['read_seconds']:.0f} files/s), "
        f"load analysis done at {h['total_seconds']:.1f} s; {h['weeks']} weeks, "
        f"{h['flags']} flags; peak RSS {h['peak_rss_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
