"""The caseload's engine columns: phase, days in phase, adherence, load flags, gates,
and the load-spike and readiness-gate alerts, kept per runner and refreshed when stale."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from runback.engine.capacity import Gate
from runback.engine.capacity.readiness import battery_for
from runback.engine.enums import Phase
from runback.web.capacity.models import ReadinessRecord
from runback.web.clinic.caseload import CaseloadQuery, Urgency, rows_for
from runback.web.clinic.models import CaseSummary, Clinic, Membership, StaffRole
from runback.web.clinic.summary import RULES
from runback.web.runners.models import AccessGrant, LogEntry, Runner
from runback.web.runners.vocabulary import GrantRole
from tests.web.conftest import client_for, make_user, new_runner, onboard

TODAY = timezone.localdate


@pytest.fixture
def dana(db: None) -> User:
    clinic = Clinic.objects.create(name="Riverside Physio")
    user = make_user("dana")
    Membership.objects.create(clinic=clinic, user=user, role=StaffRole.CLINICIAN)
    return user


def shared(dana: User, name: str) -> Runner:
    runner = onboard(new_runner(name), onset_days_ago=50)
    AccessGrant.objects.create(runner=runner, grantee=dana, role=GrantRole.EDITOR)
    return runner


def runs(runner: Runner, minutes_by_days_ago: dict[int, float]) -> None:
    for back, minutes in minutes_by_days_ago.items():
        LogEntry.objects.create(
            runner=runner, date=TODAY() - dt.timedelta(days=back), kind="run",
            run_minutes=minutes, pain_during_max=1, pain_after=1,
        )  # fmt: skip


def steady(days: int = 28) -> dict[int, float]:
    """A 20-minute run every other day for ``days`` days (none yesterday or today)."""
    return dict.fromkeys(range(2, days, 2), 20.0)


def test_the_row_reads_the_engine_and_keeps_its_answer_until_the_record_changes(
    dana: User,
) -> None:
    alice = shared(dana, "alice")
    runs(alice, steady())
    row = rows_for(dana, TODAY())[0]
    assert row.phase in {p.value for p in Phase}
    assert row.days_in_phase is not None
    assert row.days_in_phase >= 0
    assert row.done == 6  # runs 2, 4, ... 12 days ago
    assert row.planned is not None
    assert row.planned > 0
    assert row.adherence == row.done / row.planned
    assert row.gates[1] >= 3  # plyometrics and the phase exits
    stored = CaseSummary.objects.get(runner=alice)
    assert stored.data_version == Runner.objects.get(pk=alice.pk).data_version
    assert stored.rules == RULES

    # Nothing changed: the stored row is used as it is (marked to prove it).
    CaseSummary.objects.filter(runner=alice).update(done_sessions=99)
    assert rows_for(dana, TODAY())[0].done == 99
    # A write to the record makes it stale: recomputed from the engine.
    runs(alice, {0: 20.0})
    assert rows_for(dana, TODAY())[0].done == 7
    # So does a new day.
    CaseSummary.objects.filter(runner=alice).update(done_sessions=99)
    tomorrow = TODAY() + dt.timedelta(days=1)
    assert rows_for(dana, tomorrow)[0].done != 99


def test_days_in_phase_carry_over_and_restart_when_the_phase_changes(dana: User) -> None:
    alice = shared(dana, "alice")
    rows_for(dana, TODAY())
    summary = CaseSummary.objects.get(runner=alice)
    earlier = TODAY() - dt.timedelta(days=9)
    CaseSummary.objects.filter(runner=alice).update(phase_since=earlier, data_version=0)
    assert rows_for(dana, TODAY())[0].days_in_phase == 9  # same phase: the start is kept
    other = next(p.value for p in Phase if p.value != summary.phase)
    CaseSummary.objects.filter(runner=alice).update(phase=other, data_version=0)
    assert rows_for(dana, TODAY())[0].days_in_phase == 0  # changed since the last look


def test_a_single_run_spike_raises_a_load_spike_alert_with_its_evidence(dana: User) -> None:
    alice = shared(dana, "alice")
    runs(alice, {**steady(), 1: 40.0})
    row = rows_for(dana, TODAY())[0]
    spikes = [f for f in row.load_flags if f["spike"]]
    assert spikes
    assert spikes[0]["code"].startswith("single_run_spike")
    alert = next(a for a in row.alerts if a.urgency is Urgency.LOAD_SPIKE)
    assert spikes[0]["text"] in alert.text
    assert alert.evidence == "timeline"
    page = client_for(dana).get(reverse("clinic:home")).content.decode()
    assert f"{reverse('clinic:runner', args=[alice.pk])}#timeline" in page
    assert "Run spike" in page
    calm = shared(dana, "calm")
    runs(calm, steady())
    calm_row = next(r for r in rows_for(dana, TODAY()) if r.runner.pk == calm.pk)
    assert not [a for a in calm_row.alerts if a.urgency is Urgency.LOAD_SPIKE]
    shared(dana, "quiet")  # no runs: no load flags
    flagged = rows_for(dana, TODAY(), CaseloadQuery(flagged_only=True))
    assert "quiet" not in [r.name for r in flagged]
    assert "alice" in [r.name for r in flagged]
    assert next(r.name for r in rows_for(dana, TODAY(), CaseloadQuery(sort="load"))) == "alice"
    assert [r.name for r in rows_for(dana, TODAY(), CaseloadQuery(sort="load"))][-1] == "quiet"


def fail_plyometric_gate(runner: Runner, days_ago: int) -> None:
    """Every test of the plyometrics gate done on one day, the calf raise short."""
    day = TODAY() - dt.timedelta(days=days_ago)
    for test in battery_for(Gate.PLYOMETRICS):
        c = test.criteria[Gate.PLYOMETRICS]
        value = c.minimum if c.minimum is not None else 150
        if test.name.value == "single_leg_calf_raise":
            value = 14
        ReadinessRecord.objects.create(
            runner=runner, date=day, name=test.name.value, left=value, right=value, pain=0
        )


def test_a_readiness_gate_failed_twice_raises_an_alert(dana: User) -> None:
    alice = shared(dana, "alice")
    fail_plyometric_gate(alice, 16)
    once = rows_for(dana, TODAY())[0]
    assert not [a for a in once.alerts if a.urgency is Urgency.GATE_FAILED]
    fail_plyometric_gate(alice, 2)
    row = rows_for(dana, TODAY())[0]
    alert = next(a for a in row.alerts if a.urgency is Urgency.GATE_FAILED)
    assert "starting plyometrics" in alert.text
    assert alert.evidence == "tests"
    assert rows_for(dana, TODAY())[0].urgency == Urgency.GATE_FAILED
    page = client_for(dana).get(reverse("clinic:runner", args=[alice.pk])).content.decode()
    assert 'id="tests"' in page
    assert "Single-leg calf raise" in page


def test_the_runner_page_draws_the_timeline_and_lists_the_record(dana: User) -> None:
    alice = shared(dana, "alice")
    runs(alice, {**steady(), 1: 40.0})
    page = client_for(dana).get(reverse("clinic:runner", args=[alice.pk])).content.decode()
    for anchor in ("timeline", "decisions", "strength", "tests", "self-checks", "journal",
                   "notes", "clearances"):  # fmt: skip
        assert f'id="{anchor}"' in page, anchor
    assert '<script id="timeline-data" type="application/json">' in page
    assert "clinic-timeline.js" in page
    assert "<script>" not in page  # strict CSP: no inline script
    assert "single_run_spike" in page


def test_the_runner_sees_no_clinician_workspace_on_their_own_page(dana: User) -> None:
    alice = shared(dana, "alice")
    page = client_for(alice.user).get(reverse("clinic:runner", args=[alice.pk])).content.decode()
    assert 'id="timeline"' not in page
    assert "From your clinicians" in page


def test_the_nightly_command_refreshes_shared_records_only(dana: User) -> None:
    from django.core.management import call_command

    alice = shared(dana, "alice")
    new_runner("stranger")
    call_command("refresh_case_summaries")
    assert list(CaseSummary.objects.values_list("runner_id", flat=True)) == [alice.pk]
    call_command("refresh_case_summaries", "--all")
    assert CaseSummary.objects.count() == 2


def test_a_clinician_reading_the_record_does_not_make_it_stale(dana: User) -> None:
    from runback.web.clinic.models import AccessLogEntry

    alice = shared(dana, "alice")
    before = Runner.objects.get(pk=alice.pk).data_version
    client_for(dana).get(reverse("clinic:runner", args=[alice.pk]))
    client_for(dana).get(reverse("runners:journal", args=[alice.pk]))
    assert AccessLogEntry.objects.filter(runner=alice, actor=dana).count() == 2
    assert Runner.objects.get(pk=alice.pk).data_version == before
    assert CaseSummary.objects.get(runner=alice).data_version == before


def test_rows_read_once_give_the_same_plan_as_reading_the_past_day(dana: User) -> None:
    from runback.web.clinic.summary import _Record
    from runback.web.runners.models import DayEntry
    from runback.web.runners.services import plan_for

    alice = shared(dana, "alice")
    runs(alice, {**steady(), 1: 40.0})
    for back in range(0, 20, 3):
        DayEntry.objects.create(
            runner=alice, date=TODAY() - dt.timedelta(days=back), pain=back % 4, stiffness=1
        )
    record = _Record(alice, TODAY())
    for back in (0, 7, 13, 21):
        day = TODAY() - dt.timedelta(days=back)
        assert record.plan(day, 2).to_contract() == plan_for(alice, day, 2).to_contract(), back


def test_the_runner_page_is_cached_until_the_record_changes(dana: User) -> None:
    alice = shared(dana, "alice")
    client = client_for(dana)
    url = reverse("clinic:runner", args=[alice.pk])
    first = client.get(url).content.decode()
    assert client.get(url).content.decode().count('"run": 33.0') == 0
    assert "No runs in the last 12 weeks" in first
    runs(alice, {1: 33.0})
    page = client.get(url).content.decode()
    assert '"run": 33.0' in page
    assert "No runs in the last 12 weeks" not in page
