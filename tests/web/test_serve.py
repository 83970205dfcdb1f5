"""``runback serve``: one command, a fresh data folder, a working app on loopback."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import typer

from runback.commands.web import gunicorn_command, gunicorn_workers


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return str(response.read().decode())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _serve(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RUNBACK_", "DJANGO_"))}
    env["RUNBACK_DATA_DIR"] = str(tmp_path / "data")
    code = "import sys; from runback.cli import main; sys.argv[0] = 'runback'; main()"
    command = [sys.executable, "-c", code, "serve", "--port", str(port), "--no-worker", *args]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return process, port


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=20)


@pytest.mark.slow
def test_it_migrates_a_fresh_data_folder_and_serves(tmp_path: Path) -> None:
    process, port = _serve(tmp_path)
    try:
        page = _get(f"http://127.0.0.1:{port}/accounts/signup/", time.monotonic() + 40)
        assert "Create your account" in page
        assert "Not medical advice" in page
        js = _get(f"http://127.0.0.1:{port}/static/vendor/htmx-2.0.11.min.js", time.monotonic() + 5)
        assert "htmx" in js
    finally:
        _stop(process)
    assert (tmp_path / "data" / "runback.sqlite3").exists()


@pytest.mark.slow
def test_production_serves_hashed_static_files_with_gunicorn(tmp_path: Path) -> None:
    process, port = _serve(tmp_path, "--production")
    try:
        page = _get(f"http://127.0.0.1:{port}/accounts/login/", time.monotonic() + 60)
        css = re.search(r'href="(/static/runback/runback\.[0-9a-f]{12}\.css)"', page)
        assert css is not None, page
        assert "--brand" in _get(f"http://127.0.0.1:{port}{css.group(1)}", time.monotonic() + 5)
    finally:
        _stop(process)
    assert process.returncode == 0


def test_the_production_server_binds_where_asked() -> None:
    command = gunicorn_command("127.0.0.1", 8123)
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert "runback.web.wsgi:application" in command


def test_manage_passes_arguments_through_to_django(capsys: pytest.CaptureFixture[str]) -> None:
    from typer.testing import CliRunner

    from runback.cli import app

    result = CliRunner().invoke(app, ["manage", "check", "--tag", "urls"])
    assert result.exit_code == 0, result.output
    assert "no issues" in result.output


@pytest.mark.parametrize(
    ("env", "cores", "workers"),
    [
        ({}, 2, 3),
        ({"RUNBACK_DATABASE_URL": "sqlite:////srv/runback/db.sqlite3"}, 4, 5),
        ({"RUNBACK_DATABASE_URL": "postgres://runback@db/runback"}, 2, 5),
        ({"RUNBACK_DATABASE_URL": "postgres://runback@db/runback"}, 16, 9),
        ({"RUNBACK_WEB_WORKERS": "7"}, 2, 7),
        ({"RUNBACK_WEB_WORKERS": "0"}, 2, 1),
    ],
)
def test_it_fits_the_worker_count_to_the_database(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], cores: int, workers: int
) -> None:
    monkeypatch.delenv("RUNBACK_DATABASE_URL", raising=False)
    monkeypatch.delenv("RUNBACK_WEB_WORKERS", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert gunicorn_workers() == workers


def test_it_names_a_bad_worker_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNBACK_WEB_WORKERS", "lots")
    with pytest.raises(typer.BadParameter, match="RUNBACK_WEB_WORKERS must be a whole number"):
        gunicorn_workers()
