"""Past one machine: two app servers and two workers that share only PostgreSQL, an
S3 bucket and Redis (issue 16).

Everything runs here as separate processes, as it would on separate hosts: two
``runback serve --production`` (gunicorn) with **separate** data folders, two
``runback worker`` with data folders of their own, and the three shared services
started for the test and stopped after it (tests/scale/services.py). The test
talks to the servers over HTTP, as a browser behind a load balancer would, and
looks at the services directly (SQL, the bucket's listing, Redis's keys) to check
what is stored where.

The checks share one deployment, in one test (pytest-xdist must not start a second
one on its other worker). It brings its own PostgreSQL, so scripts/test.sh runs it
once, in the SQLite pass.
Without redis-server or PostgreSQL it is skipped with the reason, except in CI
(``CI=true``), where it fails.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.scale import services
from tests.web.files_support import CORPUS, RUN_FIT, RUN_GPX, SHORT_RUN_FIT, corpus_or_skip

pytestmark = [pytest.mark.multihost, pytest.mark.slow]

requests = pytest.importorskip("requests")
psycopg = pytest.importorskip("psycopg")

BUCKET = "runback-test"
PREFIX = "deployment-a"
PASSWORD = "correct horse battery staple"
CHECKIN = {"pain": "1", "stiffness": "1", "sleep_hours": "7.5", "stress": "3"} | {
    "fuelling_ok": "true"
}
MORNING_PROMPT = "Morning check-in: how does it feel"
CLI = "import sys; from runback.cli import main; sys.argv[0] = 'runback'; main()"


@dataclass
class Deployment:
    root: Path
    env: dict[str, str]
    database: str
    cache: str
    endpoint: str
    servers: list[str] = field(default_factory=list)
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    data_dirs: list[Path] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.database, autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return list(cursor.fetchall()) if cursor.description else []

    def objects(self, prefix: str = "") -> list[str]:
        listing = services.bucket_client(self.endpoint).list_objects_v2(
            Bucket=BUCKET, Prefix=f"{PREFIX}/{prefix}"
        )
        return [item["Key"] for item in listing.get("Contents", [])]

    def today_keys(self, runner: int) -> list[str]:
        """The runner's cached Today bodies in Redis (runners/todaypage.py's keys)."""
        import redis

        keys = redis.Redis.from_url(self.cache).scan_iter(match="*:today:*")
        return [
            k.decode() for k in keys if k.decode().split(":today:")[1].split(":")[1] == str(runner)
        ]

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        """A runback process with its own data folder, sharing only the services."""
        data = self.root / name
        self.data_dirs.append(data)
        env = {**self.env, "RUNBACK_DATA_DIR": str(data)}
        log = (self.root / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-c", CLI, *args], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def start_worker(self, name: str) -> None:
        self.workers[name] = self.start(name, "worker", "--worker-id", name)

    def seed(self, username: str) -> int:
        env = {**self.env, "RUNBACK_DATA_DIR": str(self.root / "seed")}
        out = subprocess.run(
            [sys.executable, "-m", "tests.scale.seed", username, PASSWORD],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        return int(json.loads(out.stdout.strip().splitlines()[-1])["runner"])

    def log(self, name: str) -> str:
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def _base_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("RUNBACK_", "DJANGO_"))}


@pytest.fixture
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    root = tmp_path_factory.mktemp("multihost")
    with (
        services.postgres() as database,
        services.redis(root / "redis") as cache,
        services.s3(BUCKET) as endpoint,
    ):
        env = {
            **_base_env(),
            **services.AWS_ENV,
            "RUNBACK_DATABASE_URL": database,
            "RUNBACK_STORAGE_URL": f"s3://{BUCKET}/{PREFIX}?endpoint_url={endpoint}&region=us-east-1",
            "RUNBACK_CACHE_URL": cache,
            "RUNBACK_SECRET_KEY": "multi-host-test-only-" + os.urandom(8).hex(),
            "RUNBACK_WEB_WORKERS": "1",  # two servers of one process each: enough to show it
            "RUNBACK_LOG_LEVEL": "ERROR",
        }
        deployment = Deployment(root, env, database, cache, endpoint)
        try:
            migrate = deployment.start("migrate", "migrate")
            assert migrate.wait(timeout=120) == 0, deployment.log("migrate")
            for name in ("web-a", "web-b"):
                port = services.free_port()
                deployment.start(name, "serve", "--production", "--no-worker", "--port", str(port))
                deployment.servers.append(f"http://127.0.0.1:{port}")
            deployment.start_worker("worker-1")
            deployment.start_worker("worker-2")
            for base in deployment.servers:
                services.wait_for(
                    lambda b=base: requests.get(f"{b}/accounts/login/", timeout=2).ok,
                    f"runback serve at {base}",
                    timeout=120,
                )
            yield deployment
        finally:
            services.stop_all(deployment.processes)


def sign_in(base: str, username: str) -> Any:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=10)
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=20,
    )
    assert response.ok, response.text[:2000]
    assert "Sign out" in response.text, response.text[:2000]
    return session


def upload(session: Any, base: str, *files: tuple[str, bytes]) -> int:
    """Upload through ``base``; returns the batch id."""
    response = session.post(
        f"{base}/activities/",
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        files=[("uploads", (name, content)) for name, content in files],
        timeout=60,
    )
    assert response.ok, response.text[:2000]
    match = re.search(r"/activities/imports/(\d+)/$", response.url)
    assert match is not None, response.url
    return int(match.group(1))


def wait_until_imported(deployment: Deployment, batch: int, timeout: float = 60) -> None:
    def done() -> bool:
        states = deployment.sql("SELECT state FROM activities_upload WHERE batch_id = %s", batch)
        return bool(states) and all(state == "done" for (state,) in states)

    services.wait_for(done, f"the import of batch {batch}", timeout=timeout)


def an_upload_to_one_server_is_imported_by_a_worker_and_shown_by_the_other(
    deployment: Deployment,
) -> None:
    web_a, web_b = deployment.servers
    runner = deployment.seed("ada")
    deployment.seed("bo")
    ada = sign_in(web_a, "ada")
    files = [corpus_or_skip(p) for p in (RUN_FIT, SHORT_RUN_FIT, RUN_GPX)]
    batch = upload(ada, web_a, *((p.name, p.read_bytes()) for p in files))
    wait_until_imported(deployment, batch)

    # Stored in the bucket, under the runner's prefix: on no machine's disk.
    stored = deployment.objects(f"uploads/{runner}/")
    assert sorted(key.rsplit("/", 1)[1] for key in stored) == sorted(p.name for p in files)
    for data in deployment.data_dirs:
        assert not any((data / "files").rglob("*.*")) if (data / "files").exists() else True
    # Private: no grant to anyone but the bucket's owner.
    acl = services.bucket_client(deployment.endpoint).get_object_acl(Bucket=BUCKET, Key=stored[0])
    assert all("URI" not in grant["Grantee"] for grant in acl["Grants"]), acl

    # Each file imported once, by one worker.
    uploads = deployment.sql(
        "SELECT id, original_name FROM activities_upload WHERE batch_id = %s ORDER BY id", batch
    )
    for upload_id, _ in uploads:
        results = deployment.sql(
            "SELECT outcome FROM activities_importresult WHERE upload_id = %s", upload_id
        )
        assert results == [("imported",)]
    for (workers,) in deployment.sql(
        "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE status = 'SUCCESSFUL'"
    ):
        assert len(workers) == 1
        assert workers[0] in deployment.workers

    # The other server (its own, empty data folder) shows the activities...
    page = ada.get(f"{web_b}/activities/", timeout=20)
    assert page.ok
    for (activity_id,) in deployment.sql(
        "SELECT id FROM activities_activity WHERE runner_id = %s", runner
    ):
        assert f"/activities/{activity_id}/" in page.text
    # ... and streams the original back from the bucket, to its owner only.
    first_id, first_name = uploads[0]
    original = ada.get(f"{web_b}/activities/uploads/{first_id}/file/", timeout=20)
    assert original.status_code == 200
    assert original.content == next(p for p in files if p.name == first_name).read_bytes()
    bo = sign_in(web_b, "bo")
    assert bo.get(f"{web_b}/activities/uploads/{first_id}/file/", timeout=20).status_code == 404
    anonymous = requests.get(
        f"{web_a}/activities/uploads/{first_id}/file/", timeout=20, allow_redirects=False
    )
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous.headers["Location"]


def a_check_in_through_one_server_is_on_today_at_the_other_at_once(
    deployment: Deployment,
) -> None:
    web_a, web_b = deployment.servers
    runner = deployment.seed("cy")
    cy = sign_in(web_b, "cy")
    today = f"/r/{runner}/today/"
    assert MORNING_PROMPT in cy.get(web_b + today, timeout=20).text
    assert MORNING_PROMPT in cy.get(web_a + today, timeout=20).text
    # The body of Today is in the shared cache, one entry for both servers.
    assert len(deployment.today_keys(runner)) == 1

    response = cy.post(
        f"{web_a}/r/{runner}/morning/",
        data=CHECKIN,
        headers={"X-CSRFToken": cy.cookies["csrftoken"], "HX-Request": "true"},
        timeout=20,
    )
    assert response.status_code == 200, response.text[:2000]
    # No wait, no retry: the very next request to the other server sees it.
    page = cy.get(web_b + today, timeout=20).text
    assert MORNING_PROMPT not in page
    assert deployment.sql(
        "SELECT pain FROM runners_dayentry WHERE runner_id = %s AND pain IS NOT NULL", runner
    ) == [(1,)]


def _big_export(folder: Path) -> bytes:
    """A zip of many real activity files (built here, never kept in the repo)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for sub in ("tcx",):
            for path in sorted(corpus_or_skip(folder / sub).iterdir()):
                archive.write(path, f"{sub}/{path.name}")
    return buffer.getvalue()


def a_killed_workers_import_is_taken_up_by_another_and_done_once(
    deployment: Deployment,
) -> None:
    web_a, web_b = deployment.servers
    runner = deployment.seed("dee")
    dee = sign_in(web_a, "dee")
    batch = upload(dee, web_a, ("export.zip", _big_export(CORPUS)))
    (upload_id,) = deployment.sql("SELECT id FROM activities_upload WHERE batch_id = %s", batch)[0]

    def running() -> list[tuple[Any, ...]]:
        return deployment.sql(
            "SELECT id, worker_ids FROM django_tasks_database_dbtaskresult "
            "WHERE status = 'RUNNING' AND args_kwargs->'args'->>0 = %s",
            str(upload_id),
        )

    def importing() -> bool:
        # The task is claimed first, then the import marks its upload as started.
        state = deployment.sql("SELECT state FROM activities_upload WHERE id = %s", upload_id)
        return bool(running()) and state == [("running",)]

    services.wait_for(importing, "the import to start", timeout=60)
    [(killed_task, [holder])] = running()
    deployment.workers[holder].send_signal(signal.SIGKILL)
    deployment.workers[holder].wait()
    (state, attempts) = deployment.sql(
        "SELECT state, attempts FROM activities_upload WHERE id = %s", upload_id
    )[0]
    assert (state, attempts) == ("running", 1), "the import ended before the kill: use more files"

    # Later than RUNBACK_IMPORT_STALE_MINUTES: the batch page, on the other server,
    # queues it again, and the surviving worker imports it.
    deployment.sql(
        "UPDATE activities_upload SET started = started - interval '1 hour' WHERE id = %s",
        upload_id,
    )
    assert dee.get(f"{web_b}/activities/imports/{batch}/", timeout=20).ok
    wait_until_imported(deployment, batch, timeout=90)

    survivor = next(name for name in deployment.workers if name != holder)
    tasks = deployment.sql(
        "SELECT id, status, worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE args_kwargs->'args'->>0 = %s ORDER BY enqueued_at",
        str(upload_id),
    )
    # The killed run is never run again; the new task ran once, elsewhere.
    assert [(status, workers) for _, status, workers in tasks] == [
        ("RUNNING", [holder]),
        ("SUCCESSFUL", [survivor]),
    ]
    assert tasks[0][0] == killed_task
    assert deployment.sql("SELECT attempts FROM activities_upload WHERE id = %s", upload_id) == [
        (2,)
    ]
    # Every file in the export recorded exactly once; no activity stored twice.
    twice = deployment.sql(
        "SELECT name FROM activities_importresult WHERE upload_id = %s "
        "GROUP BY name HAVING count(*) > 1",
        upload_id,
    )
    assert twice == []
    imported = deployment.sql(
        "SELECT count(*) FROM activities_importresult "
        "WHERE upload_id = %s AND outcome = 'imported'",
        upload_id,
    )[0][0]
    activities = deployment.sql(
        "SELECT count(*), count(DISTINCT content_hash) FROM activities_activity "
        "WHERE runner_id = %s",
        runner,
    )[0]
    assert imported > 10
    assert activities == (imported, imported)
    deployment.start_worker(holder)  # back to two workers for what follows


def an_account_deleted_through_one_server_leaves_nothing_anywhere(
    deployment: Deployment,
) -> None:
    web_a, web_b = deployment.servers
    runner = deployment.seed("eve")
    eve = sign_in(web_b, "eve")
    batch = upload(eve, web_b, (RUN_FIT.name, corpus_or_skip(RUN_FIT).read_bytes()))
    wait_until_imported(deployment, batch)
    eve.get(f"{web_a}/r/{runner}/today/", timeout=20)
    assert deployment.objects(f"uploads/{runner}/")
    assert deployment.today_keys(runner)

    response = eve.post(
        f"{web_a}/exports/delete-account/",
        data={
            "password": PASSWORD,
            "confirm": "on",
            "csrfmiddlewaretoken": eve.cookies["csrftoken"],
        },
        timeout=30,
    )
    assert response.ok, response.text[:2000]
    assert response.url.endswith("/exports/deleted/"), response.text[:2000]

    assert deployment.objects(f"uploads/{runner}/") == []
    assert deployment.today_keys(runner) == []
    assert deployment.sql("SELECT id FROM auth_user WHERE username = 'eve'") == []
    tables = deployment.sql(
        "SELECT table_name FROM information_schema.columns "
        "WHERE column_name = 'runner_id' AND table_schema = 'public'"
    )
    assert len(tables) > 10
    for (table,) in tables:
        rows = deployment.sql(f'SELECT count(*) FROM "{table}" WHERE runner_id = %s', runner)
        assert rows == [(0,)], table
    # The other server has no way back in.
    assert eve.get(f"{web_b}/r/{runner}/today/", timeout=20, allow_redirects=False).status_code in {
        302,
        404,
    }


def test_two_servers_and_two_workers_share_only_postgresql_a_bucket_and_redis(
    deployment: Deployment,
) -> None:
    """One deployment for every check (starting one takes most of the time), in one
    test so that pytest-xdist never starts a second one on its other worker."""
    for check in (
        an_upload_to_one_server_is_imported_by_a_worker_and_shown_by_the_other,
        a_check_in_through_one_server_is_on_today_at_the_other_at_once,
        a_killed_workers_import_is_taken_up_by_another_and_done_once,
        an_account_deleted_through_one_server_leaves_nothing_anywhere,
    ):
        check(deployment)
