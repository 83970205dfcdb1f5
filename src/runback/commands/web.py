"""``runback serve``, ``migrate``, ``createsuperuser`` and ``manage``: the web app's commands.

``runback serve`` is the whole set-up: it applies migrations to the database
(SQLite in the data folder unless ``RUNBACK_DATABASE_URL`` says otherwise), starts
the background task worker beside the app, and serves on 127.0.0.1:8000.
``--production`` serves with gunicorn and collected, hashed static files
(whitenoise) instead of Django's development server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import typer

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _django(*, hashed_static: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "runback.web.settings")
    if hashed_static:
        os.environ["RUNBACK_HASHED_STATIC"] = "true"
    import django

    django.setup()


def _call(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def gunicorn_workers() -> int:
    """``RUNBACK_WEB_WORKERS``, else a count fitted to the database (at most 9).

    On SQLite (the default) a request spends its time on the CPU, not waiting on a
    database server, and SQLite takes one writer at a time: processes beyond one per
    core plus one only queue behind each other. Measured with
    ``benchmarks/web_bench.py`` on 2 cores, 3 workers instead of 5 served Today about
    10% faster and halved the check-in's p95 (docs/performance.md). PostgreSQL serves
    writers side by side and requests wait on its socket, so there the usual two per
    core plus one.
    """
    raw = os.environ.get("RUNBACK_WEB_WORKERS")
    if raw:
        try:
            return max(1, int(raw))
        except ValueError:
            raise typer.BadParameter(
                f"RUNBACK_WEB_WORKERS must be a whole number, not {raw!r}"
            ) from None
    cores = os.cpu_count() or 1
    url = os.environ.get("RUNBACK_DATABASE_URL", "")
    on_sqlite = not url or url.startswith("sqlite")
    return min(9, (cores if on_sqlite else 2 * cores) + 1)


def gunicorn_command(host: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "runback.web.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(gunicorn_workers()),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        "127.0.0.1",
    ]


def _start_worker() -> subprocess.Popen[bytes]:
    """The task worker (imports uploads) as a child process of ``serve``."""
    code = "import sys; from runback.cli import main; sys.argv = ['runback', 'worker']; main()"
    return subprocess.Popen([sys.executable, "-c", code])  # noqa: S603 (our own interpreter)


def serve(
    host: str = typer.Option(DEFAULT_HOST, "--host", help="Address to listen on."),
    port: int = typer.Option(DEFAULT_PORT, "--port", min=1, max=65535, help="Port."),
    production: bool = typer.Option(
        False, "--production", help="Serve with gunicorn and hashed, compressed static files."
    ),
    worker: bool = typer.Option(
        True, "--worker/--no-worker", help="Also run the background task worker."
    ),
) -> None:
    """Apply migrations and start the app (http://127.0.0.1:8000 by default)."""
    _django(hashed_static=production)
    from django.conf import settings

    _call("migrate", "--no-input", "--verbosity", "0")
    _call("createcachetable")  # RUNBACK_CACHE_URL=db:// only; otherwise it does nothing
    if host not in settings.ALLOWED_HOSTS and host not in {"0.0.0.0", "::"}:  # noqa: S104
        typer.echo(f"note: add {host} to RUNBACK_ALLOWED_HOSTS to reach the app by that name")
    typer.echo(f"runback on http://{host}:{port}/  (data: {settings.DATA_DIR})")
    # A plain SIGTERM (systemd, a benchmark, a test) must still stop the children.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    children: list[subprocess.Popen[bytes]] = [_start_worker()] if worker else []
    try:
        if production:
            _call("collectstatic", "--no-input", "--verbosity", "0")
            server = subprocess.Popen(gunicorn_command(host, port))  # noqa: S603
            children.append(server)
            raise typer.Exit(server.wait())
        _call("runserver", f"{host}:{port}", "--noreload", "--skip-checks")
    except KeyboardInterrupt:
        pass
    finally:
        _stop(children)


def _stop(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()


def migrate() -> None:
    """Apply database migrations (``serve`` does this too)."""
    _django()
    _call("migrate", "--no-input")
    _call("createcachetable")


def createsuperuser() -> None:
    """Create an administrator account (asks for a name and a password)."""
    _django()
    _call("createsuperuser")


def manage(ctx: typer.Context) -> None:
    """Run any Django management command: ``runback manage check --deploy``."""
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["runback manage", *ctx.args])


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ``runback`` app."""
    app.command("serve")(serve)
    app.command("migrate")(migrate)
    app.command("createsuperuser")(createsuperuser)
    app.command(
        "manage",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
        add_help_option=False,
    )(manage)
