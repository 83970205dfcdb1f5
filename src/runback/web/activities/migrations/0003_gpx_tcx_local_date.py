"""Recount GPX/TCX activities on the install's calendar day (they record UTC only).

Before this, an activity without a device offset counted for its UTC date. Each row
whose day changes bumps its runner's data version, so cached pages are rebuilt.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.db.models import F


def recount(apps: Any, schema_editor: Any) -> None:
    Activity = apps.get_model("activities", "Activity")
    Runner = apps.get_model("runners", "Runner")
    zone = ZoneInfo(settings.TIME_ZONE)
    moved: set[int] = set()
    rows = Activity.objects.filter(utc_offset_s__isnull=True).only(
        "pk", "runner_id", "start_utc", "local_date"
    )
    for activity in rows.iterator():
        day = activity.start_utc.astimezone(zone).date()
        if day != activity.local_date:
            Activity.objects.filter(pk=activity.pk).update(local_date=day)
            moved.add(activity.runner_id)
    if moved:
        Runner.objects.filter(pk__in=moved).update(data_version=F("data_version") + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0002_upload_started"),
        ("runners", "0004_runner_data_version"),
    ]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
