"""Make one onboarded runner with a password in the shared database; print its ids.

Run by the multi-host test as a separate process with the deployment's environment
(``python -m tests.scale.seed NAME PASSWORD``), as an operator's script would be:
the test process itself never opens Django on the shared database.

``onboarded_runner`` is also how the web and scale-out benchmarks
(benchmarks/web_bench.py) make their runners, so the servers measured and the
servers tested see the same kind of record.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runback.web.runners.models import Runner


def onboarded_runner(username: str, password: str | None, *, age: int = 34) -> Runner:
    """A signed-up, onboarded runner with a calf strain and yesterday's run logged.

    Yesterday's run makes Today ask for the morning check-in. Django must be set up.
    """
    from django.contrib.auth.models import User
    from django.utils import timezone

    from runback.web.runners.models import Injury, LogEntry, Runner
    from runback.web.runners.vocabulary import OnboardingStep

    today = timezone.localdate()
    user = User.objects.create_user(username, f"{username}@example.org", password)
    runner, _ = Runner.objects.get_or_create(user=user)
    Runner.objects.filter(pk=runner.pk).update(
        age=age,
        weekly_km_before=30,
        runs_per_week_before=4,
        days=["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        minutes_per_day=60,
        equipment=["home"],
        onboarding_step=OnboardingStep.DONE,
    )
    Injury.objects.create(
        runner=runner,
        site="calf",
        kind="strain",
        onset=today - dt.timedelta(days=20),
        last_run=today - dt.timedelta(days=1),
        pain_free_run_minutes=10,
        pain_rest=0,
        pain_walking=0,
    )
    LogEntry.objects.create(
        runner=runner,
        date=today - dt.timedelta(days=1),
        kind="run",
        run_minutes=10,
        walk_minutes=2,
        pain_before=0,
        pain_during_max=2,
        pain_during_pattern="eased",
        pain_after=1,
    )
    return runner


def main(username: str, password: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "runback.web.settings")
    import django

    django.setup()
    runner = onboarded_runner(username, password)
    print(json.dumps({"runner": runner.pk, "user": runner.user_id}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
