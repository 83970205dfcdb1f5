"""Throwaway PostgreSQL, Redis and S3 (moto's server) for the multi-host test.

Each runs as a child process on loopback (PostgreSQL on a private Unix socket), in
a temporary folder, and is stopped and removed by its context manager whatever
happens. Nothing is downloaded: PostgreSQL and Redis are Debian's packages, moto
is a dev dependency.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def missing(what: str) -> None:
    """Skip on a developer's machine without the package; fail in CI, which has it."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what}: the multi-host test cannot run (scripts/test.sh installs it)")
    pytest.skip(f"{what}: install it to run the multi-host test (scripts/test.sh does)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: object, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():  # type: ignore[operator]
                return
        except Exception:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not come up within {timeout:.0f} s")
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes], *, timeout: float = 15) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def stop_all(processes: list[subprocess.Popen[bytes]], *, timeout: float = 20) -> None:
    """SIGTERM to all at once, then wait for each (SIGKILL past the timeout)."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


@contextmanager
def postgres() -> Iterator[str]:
    """A private cluster with database ``runback``; yields its URL (Unix socket).

    Its folder is a fresh one under /tmp, not pytest's (which the ``postgres`` user,
    who must run it when the tests run as root, cannot enter).
    """
    bin_dir = postgres_bin()
    if bin_dir is None:
        missing("PostgreSQL is not installed (apt-get install postgresql)")
        raise AssertionError  # unreachable: missing() skips or fails
    folder = Path(tempfile.mkdtemp(prefix="runback-pg-"))
    as_pg: list[str] = []
    if os.getuid() == 0:  # initdb refuses to run as root
        shutil.chown(folder, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"

    def run(*command: str) -> None:
        subprocess.run([*as_pg, *command], check=True, capture_output=True)

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "runback", "--auth=trust")
    options = f"-k {folder} -c listen_addresses='' -c fsync=off -c max_connections=100"
    log = str(folder / "log")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", log, "-w", "start")
    try:
        run(str(bin_dir / "createdb"), "-h", str(folder), "-U", "runback", "runback")
        yield f"postgres://runback@/runback?host={folder}"
    finally:
        subprocess.run(
            [*as_pg, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def redis(folder: Path) -> Iterator[str]:
    """A memory-only Redis on a loopback port; yields its URL."""
    server = shutil.which("redis-server")
    if server is None:
        missing("redis-server is not installed (apt-get install redis-server)")
        raise AssertionError
    folder.mkdir()
    port = free_port()
    command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(folder)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        import redis as client

        wait_for(lambda: client.Redis(port=port).ping(), "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


@contextmanager
def s3(bucket: str) -> Iterator[str]:
    """moto's S3 server with an empty private bucket; yields its endpoint URL."""
    port = free_port()
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: bucket_client(endpoint).list_buckets() is not None, "moto's S3 server")
        bucket_client(endpoint).create_bucket(Bucket=bucket, ACL="private")
        yield endpoint
    finally:
        stop(process)


AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "multi-host-test",
    "AWS_SECRET_ACCESS_KEY": "multi-host-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def bucket_client(endpoint: str):  # type: ignore[no-untyped-def]
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=AWS_ENV["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=AWS_ENV["AWS_SECRET_ACCESS_KEY"],
    )
