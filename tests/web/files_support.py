"""Shared set-up for the uploads, exports and reminders tests (WEB-FILES).

The cast follows healthchecks: Alice owns the data, Bob is another runner who must
never reach it. Uploads go to a per-test MEDIA_ROOT so files on disk can be checked.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from runback.web.runners.models import Runner

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "activities"
RUN_FIT = CORPUS / "fit" / "2013-02-06-12-11-14.fit"  # 43 min Forerunner 110 run (MIT)
SHORT_RUN_FIT = CORPUS / "fit" / "garmin-fenix-5-run.fit"  # 57 s fenix 5 run
BAD_CRC_FIT = CORPUS / "fit" / "activity-filecrc.fit"
TRUNCATED_FIT = CORPUS / "fit" / "activity-unexpected-eof.fit"
GPX = CORPUS / "gpx" / "garmin_connect.gpx"
RUN_GPX = CORPUS / "gpx" / "1681613317.gpx"  # 32 min run, StravaGPX Android (AGPL-3.0)
STRAVA_SPORTIVA = CORPUS / "other" / "strava_export_sportiva"
PASSWORD = "correct horse battery staple"


def corpus_or_skip(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"activity corpus missing at {path} (clone shared/ beside the repo)")
    return path


def make_runner(username: str) -> Runner:
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    runner, _ = Runner.objects.get_or_create(user=user)
    return runner


def client_for(runner: Runner) -> Client:
    client = Client()
    client.force_login(runner.user)
    return client


def upload_of(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, corpus_or_skip(path).read_bytes())


def zip_of(folder: Path, name: str) -> SimpleUploadedFile:
    """A zip of ``folder`` as a Strava bulk export would arrive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(corpus_or_skip(folder).rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return SimpleUploadedFile(name, buffer.getvalue())


def gpx_on(day: Any, name: str = "morning.gpx") -> SimpleUploadedFile:
    """A real 32-minute run of the corpus (GPX), its clock moved to 00:05 on ``day``."""
    import datetime as dt
    import re

    def parse(stamp: str) -> dt.datetime:
        return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))

    text = corpus_or_skip(RUN_GPX).read_text()
    first = parse(re.findall(r"<time>([^<]+)</time>", text)[0])
    shift = dt.datetime.combine(day, dt.time(0, 5), dt.UTC) - first

    def moved(match: re.Match[str]) -> str:
        return f"<time>{(parse(match.group(1)) + shift):%Y-%m-%dT%H:%M:%S.000Z}</time>"

    return SimpleUploadedFile(name, re.sub(r"<time>([^<]+)</time>", moved, text).encode())


def post_files(client: Client, files: Iterable[SimpleUploadedFile]) -> Any:
    return client.post("/activities/", {"uploads": list(files)})


def run_worker() -> None:
    """Run the real database-backed worker until the queue is empty.

    Its connection recycling is switched off: inside a test's transaction the
    connection is not in autocommit mode, so the worker would close it (PostgreSQL).
    """
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", return_value=None
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "files"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def alice(db: None, media: Path) -> Runner:
    return make_runner("alice")


@pytest.fixture
def bob(db: None, media: Path) -> Runner:
    return make_runner("bob")


def onboard(runner: Runner, today: Any = None) -> Runner:
    """Give ``runner`` a finished onboarding: an acute calf strain, able to run 10 min."""
    import datetime as dt

    from django.utils import timezone

    from runback.web.runners.models import Injury
    from runback.web.runners.vocabulary import OnboardingStep

    today = today or timezone.localdate()
    runner.age = 34
    runner.sex = "female"
    runner.weekly_km_before = 30
    runner.runs_per_week_before = 4
    runner.days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    runner.minutes_per_day = 60
    runner.equipment = ["home"]
    runner.onboarding_step = OnboardingStep.DONE
    runner.save()
    Injury.objects.create(
        runner=runner,
        site="calf",
        kind="strain",
        onset=today - dt.timedelta(days=20),
        last_run=today - dt.timedelta(days=10),
        pain_free_run_minutes=10,
        pain_rest=0,
        pain_walking=0,
    )
    return runner
