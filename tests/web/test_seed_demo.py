"""seed_demo: demo runners from the engine's plans, and never on a real install by accident."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from runback.web.clinic.caseload import rows_for
from runback.web.runners.models import AccessGrant, DayEntry, DecisionRecord, LogEntry, Runner
from tests.web.conftest import client_for, make_user


def test_it_refuses_a_database_with_real_users(db: None) -> None:
    make_user("real-person")
    with pytest.raises(CommandError, match="1 user seed_demo did not make"):
        call_command("seed_demo", "--runners", "2", "--weeks", "2")
    assert not Runner.objects.exists()


def test_it_seeds_runners_clinicians_and_caseloads(db: None) -> None:
    out = StringIO()
    call_command(
        "seed_demo", "--runners", "9", "--weeks", "8", "--caseloads", "3,7",
        "--clinicians", "3", "--password", "demo pass phrase", stdout=out,
    )  # fmt: skip
    assert "made 9 demo runners and 3 clinicians" in out.getvalue()
    assert Runner.objects.count() == 9
    assert all(r.is_onboarded for r in Runner.objects.all())
    first = User.objects.get(username="demo-clinician-0")
    second = User.objects.get(username="demo-clinician-1")
    assert AccessGrant.objects.filter(grantee=first).count() == 3
    assert AccessGrant.objects.filter(grantee=second).count() == 7
    assert AccessGrant.objects.filter(grantee__username="demo-clinician-2").count() == 9
    # Weeks of logs that follow the plan, check-ins, and the engine's decisions.
    runner = Runner.objects.get(user__username="demo-runner-0")
    assert LogEntry.objects.filter(runner=runner, kind="run").count() > 5
    since = timezone.localdate() - dt.timedelta(weeks=8)
    assert not LogEntry.objects.filter(runner=runner, date__lt=since).exists()
    assert DayEntry.objects.filter(runner=runner).count() > 20
    assert DecisionRecord.objects.filter(runner=runner).exists()
    # The caseload reads it, and a clinician can sign in with the password.
    rows = rows_for(second, timezone.localdate())
    assert len(rows) == 7
    assert all(r.phase for r in rows if not r.runner.is_referred)
    assert client_for(second).get(reverse("clinic:home")).status_code == 200
    assert second.check_password("demo pass phrase")
    # Again: more runners, numbered on; --force is not needed on a demo database.
    call_command("seed_demo", "--runners", "2", "--weeks", "2", "--caseloads", "0", stdout=out)
    assert Runner.objects.count() == 11


def test_runners_past_the_templates_copy_a_template_of_their_archetype(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runback.web.clinic import demo
    from runback.web.clinic.models import CaseSummary
    from runback.web.clinic.summary import is_fresh

    monkeypatch.setattr(demo, "TEMPLATES", len(demo.ARCHETYPES))
    call_command("seed_demo", "--runners", "16", "--weeks", "6", "--caseloads", "16",
                 stdout=StringIO())  # fmt: skip
    assert Runner.objects.count() == 16
    today = timezone.localdate()

    def rows(runner: Runner) -> list[tuple[object, ...]]:
        return [
            *LogEntry.objects.filter(runner=runner)
            .order_by("date", "slot")
            .values_list("date", "slot", "kind", "run_minutes", "pain_during_max", "pain_after"),
            *DayEntry.objects.filter(runner=runner).order_by("date").values_list("date", "pain"),
            *DecisionRecord.objects.filter(runner=runner)
            .order_by("date")
            .values_list("date", "action", "reasons"),
        ]

    for copy_number, template_number in ((7, 0), (13, 6), (15, 1)):
        copy = Runner.objects.get(user__username=f"demo-runner-{copy_number}")
        template = Runner.objects.get(user__username=f"demo-runner-{template_number}")
        assert copy.injury.site == template.injury.site
        assert rows(copy) == rows(template)
        assert rows(copy)
        summary = CaseSummary.objects.get(runner=copy)
        assert is_fresh(summary, copy, today)
        assert summary.phase == CaseSummary.objects.get(runner=template).phase
    # Copies sit on the caseload like any runner, their summaries already worked out.
    clinician = User.objects.get(username="demo-clinician-0")
    assert len(rows_for(clinician, today)) == 16
