"""Data migrations, run forwards on real rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("activities", "0002_upload_started"), ("runners", "0004_runner_data_version")]
AFTER = [("activities", "0003_gpx_tcx_local_date")]


def migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest() -> Iterator[None]:
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_gpx_activities_move_to_the_install_day_and_bump_the_runner(settings: Any) -> None:
    settings.TIME_ZONE = "America/New_York"
    apps = migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Runner = apps.get_model("runners", "Runner")
    ImportBatch = apps.get_model("activities", "ImportBatch")
    Upload = apps.get_model("activities", "Upload")
    Activity = apps.get_model("activities", "Activity")
    runner = Runner.objects.create(user=User.objects.create(username="gina"))
    upload = Upload.objects.create(
        runner=runner,
        batch=ImportBatch.objects.create(runner=runner),
        original_name="x.gpx",
        size=1,
    )
    evening = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)  # 20:30 on the 1st in New York

    def activity(offset: int | None, content_hash: str) -> Any:
        return Activity.objects.create(
            runner=runner,
            upload=upload,
            content_hash=content_hash,
            source_name="x",
            format="gpx" if offset is None else "fit",
            sport="running",
            start_utc=evening,
            utc_offset_s=offset,
            local_date=dt.date(2026, 3, 2),
            total_s=1,
            timer_s=1,
            moving_s=1,
            distance_m=1,
            run_s=1,
            walk_s=0,
            longest_run_s=1,
            log_kind="run",
            log_entry={},
        )

    gpx = activity(None, "a" * 64)
    fit = activity(3600, "b" * 64)  # the device said UTC+1: its day stands
    version = Runner.objects.get(pk=runner.pk).data_version

    apps = migrate(AFTER)
    Activity = apps.get_model("activities", "Activity")
    Runner = apps.get_model("runners", "Runner")
    assert Activity.objects.get(pk=gpx.pk).local_date == dt.date(2026, 3, 1)
    assert Activity.objects.get(pk=fit.pk).local_date == dt.date(2026, 3, 2)
    assert Runner.objects.get(pk=runner.pk).data_version == version + 1
