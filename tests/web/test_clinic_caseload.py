"""The caseload page: rows, alerts most urgent first, and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from runback.web.clinic.caseload import CaseloadQuery, Urgency, rows_for
from runback.web.clinic.models import AccessLogEntry, CaseSummary, Clinic, Membership, StaffRole
from runback.web.runners.models import AccessGrant, DayEntry, DecisionRecord, LogEntry, Runner
from runback.web.runners.vocabulary import GrantRole
from tests.web.conftest import client_for, make_user, new_runner


@pytest.fixture
def dana(db: None) -> User:
    clinic = Clinic.objects.create(name="Riverside Physio")
    user = make_user("dana")
    Membership.objects.create(clinic=clinic, user=user, role=StaffRole.CLINICIAN)
    return user


def on_caseload(dana: User, name: str, *, days_of_data: int = 20) -> Runner:
    runner = new_runner(name)
    AccessGrant.objects.create(runner=runner, grantee=dana, role=GrantRole.VIEWER)
    today = timezone.localdate()
    for back in range(days_of_data):
        day = today - dt.timedelta(days=back)
        DayEntry.objects.create(runner=runner, date=day, pain=2, stiffness=1)
        LogEntry.objects.create(runner=runner, date=day, slot=0, kind="run", run_minutes=20)
        DecisionRecord.objects.create(
            runner=runner, date=day, action="progress", pattern="none",
            reasons=[{"code": "pain_acceptable", "text": "ok"}],
        )  # fmt: skip
    return runner


def caseload_queries(dana: User) -> tuple[int, int]:
    """Statements one caseload page costs: every row built afresh, and from the row cache.

    SQLite takes at most 999 parameters a statement, so Django splits one bulk insert
    into batches there; those batches are one insert and counted once. PostgreSQL has
    no such split: CI counts it strictly. The caseload read's sightings (one per
    runner shown) are one ``executemany``, one statement on both.
    """
    client = client_for(dana)
    client.get(reverse("clinic:home"))  # warm the session and content types
    counts = []
    for cold in (True, False):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("clinic:home"))
        assert response.status_code == 200
        statements = [q["sql"] for q in queries]
        if connection.vendor == "sqlite":
            statements = [
                sql for i, sql in enumerate(statements)
                if not (i and sql.startswith("INSERT") and statements[i - 1][:60] == sql[:60])
            ]  # fmt: skip
        counts.append(len(statements))
    return counts[0], counts[1]


def test_the_caseload_costs_the_same_queries_for_10_or_500_runners(dana: User) -> None:
    for i in range(10):
        on_caseload(dana, f"runner{i:03}", days_of_data=5)
    small = caseload_queries(dana)  # the first read worked out the 10 summaries for real
    assert CaseSummary.objects.count() == 10
    for i in range(10, 500):
        on_caseload(dana, f"runner{i:03}", days_of_data=1)
    # Stored summaries for the other 490 (as a nightly refresh leaves them), so the
    # count is of the page, not of 490 engine runs.
    template = CaseSummary.objects.first()
    assert template is not None
    versions = dict(
        Runner.objects.filter(case_summary__isnull=True).values_list("pk", "data_version")
    )
    CaseSummary.objects.bulk_create(
        CaseSummary(
            runner_id=pk, data_version=version, computed_on=template.computed_on,
            rules=template.rules, phase=template.phase, phase_since=template.phase_since,
            planned_sessions=template.planned_sessions, load_flags=template.load_flags,
            gates_open=template.gates_open, gates_total=template.gates_total,
        )
        for pk, version in versions.items()
    )  # fmt: skip
    assert caseload_queries(dana) == small
    cold, warm = small
    assert warm < cold  # the row cache saves the bulk reads, not just rendering
    assert rows_for(dana, timezone.localdate())[0].phase == template.phase


def test_stale_summaries_are_refreshed_in_one_write(dana: User) -> None:
    for i in range(3):
        on_caseload(dana, f"runner{i}", days_of_data=2)
    caseload_queries(dana)
    Runner.objects.update(data_version=F("data_version") + 1)  # every record changed
    with CaptureQueriesContext(connection) as queries:
        rows_for(dana, timezone.localdate())
    writes = [q for q in queries if "clinic_casesummary" in q["sql"] and "INSERT" in q["sql"]]
    assert len(writes) == 1
    assert set(CaseSummary.objects.values_list("data_version", flat=True)) == set(
        Runner.objects.values_list("data_version", flat=True)
    )


def test_alerts_are_sorted_most_urgent_first(dana: User) -> None:
    today = timezone.localdate()
    on_caseload(dana, "calm")
    on_caseload(dana, "silent", days_of_data=0)
    flaring = on_caseload(dana, "flaring")
    for back, pain in zip(range(3, -1, -1), (1, 2, 3, 5), strict=True):
        DayEntry.objects.filter(runner=flaring, date=today - dt.timedelta(days=back)).update(
            pain=pain
        )
    backing = on_caseload(dana, "backing")
    DecisionRecord.objects.filter(runner=backing, date__gte=today - dt.timedelta(days=2)).update(
        action="back_off"
    )
    referred = on_caseload(dana, "referred")
    referred.red_flags = ["night_pain"]
    referred.save()
    stalled = on_caseload(dana, "stalled")
    DecisionRecord.objects.filter(runner=stalled, date=today).update(
        reasons=[{"code": "stalled_progress_see_professional", "text": "see someone"}]
    )

    rows = rows_for(dana, today)
    assert [r.name for r in rows] == [
        "referred", "stalled", "flaring", "backing", "silent", "calm",
    ]  # fmt: skip
    by_name = {r.name: r for r in rows}
    assert by_name["calm"].alerts == []
    assert by_name["backing"].alerts[0].urgency is Urgency.BACK_OFFS
    assert by_name["silent"].days_since_checkin is None
    assert by_name["calm"].sessions_done == 14
    assert by_name["calm"].sparkline.count(",") == 20
    page = client_for(dana).get(reverse("clinic:home")).content.decode()
    assert "Morning pain rose 3 days running" in page
    assert "<polyline" in page


def test_the_caseload_shows_only_live_grants_and_logs_each_read(dana: User) -> None:
    shown = on_caseload(dana, "shown", days_of_data=1)
    gone = on_caseload(dana, "gone", days_of_data=1)
    AccessGrant.objects.filter(runner=gone).update(revoked=timezone.now())
    new_runner("stranger")
    page = client_for(dana).get(reverse("clinic:home")).content.decode()
    assert "shown" in page
    assert "<td>Achilles tendon: tendon problem (tendinopathy)</td>" in page  # site: kind
    assert "gone" not in page
    assert "stranger" not in page
    assert AccessLogEntry.about(shown).filter(actor=dana).count() == 1
    assert not AccessLogEntry.about(gone).exists()


def test_a_caseload_read_is_one_entry_that_each_runner_shown_finds(dana: User) -> None:
    shown = [on_caseload(dana, name, days_of_data=1) for name in ("ann", "bob", "cat")]
    outsider = new_runner("outsider")
    client_for(dana).get(reverse("clinic:home"))
    (entry,) = AccessLogEntry.objects.filter(actor=dana)
    assert entry.additional_data["runners"] == 3
    assert sorted(entry.sightings.values_list("runner_id", flat=True)) == sorted(
        r.pk for r in shown
    )
    assert not AccessLogEntry.about(outsider).exists()
    # Each runner reads it on their own log page, in their words, with the address.
    log_page = client_for(shown[1].user).get(reverse("clinic:access_log")).content.decode()
    assert "saw your summary on their caseload (/clinic/)" in log_page
    assert "dana" in log_page
    assert (
        "saw your summary"
        not in client_for(outsider.user).get(reverse("clinic:access_log")).content.decode()
    )
    # Deleting one runner's account removes them from the read; the others keep it.
    shown[0].user.delete()
    assert entry.sightings.count() == 2
    assert AccessLogEntry.about(shown[2]).get() == entry


def test_a_runner_without_a_clinic_is_sent_to_enter_a_code(alice: Runner) -> None:
    response = client_for(alice.user).get(reverse("clinic:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("clinic:join")


def test_the_log_keeps_who_read_after_the_clinician_leaves(dana: User) -> None:
    shown = on_caseload(dana, "shown", days_of_data=1)
    client_for(dana).get(reverse("runners:journal", args=[shown.pk]))
    dana.delete()
    entry = AccessLogEntry.objects.filter(runner=shown).first()
    assert entry is not None
    assert entry.actor is None
    assert entry.actor_email == "dana@example.org"


def test_the_caseload_can_be_searched_sorted_and_filtered(dana: User) -> None:
    on_caseload(dana, "zoe", days_of_data=3)
    on_caseload(dana, "adam", days_of_data=3)
    quiet = on_caseload(dana, "quiet", days_of_data=0)
    client = client_for(dana)
    page = client.get(reverse("clinic:home"), {"q": "zo"}).content.decode()
    assert ">zoe<" in page
    assert ">adam<" not in page
    names = [r.name for r in rows_for(dana, timezone.localdate(), CaseloadQuery(sort="name"))]
    assert names == ["adam", "quiet", "zoe"]
    alerting = rows_for(dana, timezone.localdate(), CaseloadQuery(alerts_only=True))
    assert [r.runner.pk for r in alerting] == [quiet.pk]
    assert client.get(reverse("clinic:home"), {"sort": "nonsense"}).status_code == 200


def test_an_acknowledged_alert_stays_quiet_for_a_week(dana: User) -> None:
    quiet = on_caseload(dana, "quiet", days_of_data=0)
    AccessGrant.objects.filter(runner=quiet).update(role=GrantRole.EDITOR)
    client = client_for(dana)
    url = reverse("clinic:acknowledge", args=[quiet.pk])
    assert client.post(url, {"kind": "nonsense"}).status_code == 302
    assert rows_for(dana, timezone.localdate())[0].alerts
    client.post(url, {"kind": "silent", "note": "Phoned: on holiday"})
    assert rows_for(dana, timezone.localdate())[0].alerts == []
    in_eight_days = timezone.localdate() + dt.timedelta(days=8)
    assert rows_for(dana, in_eight_days)[0].alerts[0].urgency is Urgency.SILENT
    page = client.get(reverse("clinic:runner", args=[quiet.pk])).content.decode()
    assert "Phoned: on holiday" in page


def test_the_daily_digest_mails_each_clinician_their_alerts_and_logs_it(dana: User) -> None:
    from django.core import mail
    from django.core.management import call_command

    quiet = on_caseload(dana, "quiet", days_of_data=0)
    on_caseload(dana, "calm", days_of_data=3)
    call_command("send_alert_digest", "--base-url", "https://clinic.example.org/")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["dana@example.org"]
    assert "quiet: No check-in for 7 days" in body
    assert f"https://clinic.example.org/clinic/runners/{quiet.pk}/" in body
    assert "calm" not in body
    logged = AccessLogEntry.about(quiet).get(actor=dana)
    assert logged.additional_data["path"] == "alert digest e-mail"


def test_a_cached_row_is_built_again_when_its_record_changes(dana: User) -> None:
    runner = on_caseload(dana, "zoe", days_of_data=3)
    client = client_for(dana)
    first = client.get(reverse("clinic:home")).content.decode()
    assert "1 day ago" not in first
    assert "0 days ago" in first
    DayEntry.objects.filter(runner=runner, date=timezone.localdate()).delete()
    DecisionRecord.objects.filter(runner=runner, date=timezone.localdate()).delete()
    page = client.get(reverse("clinic:home")).content.decode()
    assert "1 day ago" in page


def test_the_clinicians_runner_page_is_fresh_after_every_write_and_cheap_on_a_repeat(
    dana: User,
) -> None:
    runner = on_caseload(dana, "zoe", days_of_data=3)
    client = client_for(dana)
    url = reverse("clinic:runner", args=[runner.pk])
    first = client.get(url).content.decode()
    assert "Sore after the hills" not in first
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    entry = DayEntry.objects.get(runner=runner, date=timezone.localdate())
    entry.notes = "Sore after the hills"
    entry.save()
    page = client.get(url).content.decode()
    assert "Sore after the hills" in page  # the journal section is built again
    cache.clear()
    cold_page = client.get(url).content.decode()
    token = re.compile(r"[A-Za-z0-9]{64}")  # each response masks its CSRF token anew
    assert token.sub("T", cold_page) == token.sub("T", page)  # what the cache held is a cold render
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    # The record's lists (decisions, lifts, tests, self-checks, journal) come from the
    # cached fragment: none of their queries runs on a repeat visit.
    assert not any('"runners_dayentry"' in q["sql"] for q in warm)
    assert len(warm) <= len(cold)


def test_a_deleted_runners_cached_pages_are_never_served_for_a_new_record_with_its_id(
    dana: User,
) -> None:
    """SQLite gives a deleted runner's id to the next new runner; another server
    process's memory cache, which account deletion cannot clear, still holds the
    deleted record's rows and pages under that id."""
    old = on_caseload(dana, "oldname", days_of_data=3)
    client = client_for(dana)
    assert "oldname" in client.get(reverse("clinic:home")).content.decode()
    assert "oldname" in client.get(reverse("clinic:runner", args=[old.pk])).content.decode()
    pk, version = old.pk, Runner.objects.get(pk=old.pk).data_version
    old.user.delete()  # the rows go; the cache is left as another process would have it
    reused = Runner.objects.create(pk=pk, user=make_user("newname"))
    AccessGrant.objects.create(runner=reused, grantee=dana, role=GrantRole.VIEWER)
    Runner.objects.filter(pk=pk).update(data_version=version)  # as many writes as the old
    caseload = client.get(reverse("clinic:home")).content.decode()
    assert "newname" in caseload
    assert "oldname" not in caseload
    page = client.get(reverse("clinic:runner", args=[pk])).content.decode()
    assert "newname" in page
    assert "oldname" not in page
