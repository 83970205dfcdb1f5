"""The Getting-help page, the visit log and the report (page and PDF) in the app."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from runback.engine.report import build_report
from runback.web.outcomes.models import Visit
from runback.web.runners.casefile import case_dict, case_for
from runback.web.runners.models import AccessGrant, Injury, LogEntry, Runner
from runback.web.runners.vocabulary import GrantRole
from tests.web.conftest import client_for, make_user

TODAY = timezone.localdate


def stall(runner: Runner) -> None:
    """Six weeks of runs that never got longer: the engine escalates."""
    Injury.objects.filter(runner=runner).update(onset=TODAY() - dt.timedelta(days=60))
    for ago in (40, 37, 34, 31, 13, 10, 7, 4, 1):
        LogEntry.objects.create(runner=runner, date=TODAY() - dt.timedelta(days=ago),
                                kind="run", run_minutes=12, pain_during_max=2,
                                pain_after=2, checked_in=True)  # fmt: skip


def visit_data(**overrides: Any) -> dict[str, Any]:
    return {
        "date": (TODAY() - dt.timedelta(days=2)).isoformat(),
        "who": "Sam Physio",
        "role": "physiotherapist",
        "findings": "weak calf on the left",
        "advice": "heavy slow calf raises three times a week",
    } | overrides


def _help(client: Client, runner: Runner) -> str:
    return client.get(reverse("outcomes:help", args=[runner.pk])).content.decode()


def pdf_text(content: bytes) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def test_escalation_links_today_to_the_route_and_the_page_explains_why(alice: Runner) -> None:
    stall(alice)
    client = client_for(alice.user)
    today = client.get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert 'id="see-someone"' in today
    assert reverse("outcomes:help", args=[alice.pk]) in today
    page = _help(client, alice)
    assert 'data-code="stalled_progress_see_professional"' in page
    steps = ("physio", "doctor", "restorative", "specialist")
    order = [page.index(f'id="route-{k}"') for k in steps]
    assert order == sorted(order)  # least invasive first
    assert "No evidence in evidence.md" in page
    assert 'id="missing-evidence"' in page
    assert "What to bring" in page


def test_a_visit_goes_into_the_case_file_and_restarts_the_pathway(alice: Runner) -> None:
    stall(alice)
    client = client_for(alice.user)
    response = client.post(reverse("outcomes:visit", args=[alice.pk]), visit_data())
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "The pathway starts again from there" in page
    assert "heavy slow calf raises" in page
    assert 'data-code="stalled_progress_see_professional"' not in page
    assert 'id="try-again"' in page
    assert case_dict(alice, TODAY())["visits"] == [
        {
            "date": visit_data()["date"],
            "who": "Sam Physio",
            "role": "physiotherapist",
            "findings": "weak calf on the left",
            "advice": "heavy slow calf raises three times a week",
        }
    ]
    today = client.get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert 'id="see-someone"' not in today  # back on the pathway


def test_a_bad_visit_is_refused_and_nothing_is_saved(alice: Runner) -> None:
    client = client_for(alice.user)
    url = reverse("outcomes:visit", args=[alice.pk])
    tomorrow = (TODAY() + dt.timedelta(days=1)).isoformat()
    assert client.post(url, visit_data(date=tomorrow)).status_code == 400
    assert client.post(url, visit_data(who="")).status_code == 400
    assert client.post(url, visit_data(role="shaman")).status_code == 400
    assert not Visit.objects.exists()


def test_the_report_page_shows_every_section_of_the_json(alice: Runner) -> None:
    stall(alice)
    Visit.objects.create(runner=alice, date=TODAY() - dt.timedelta(days=50), who="Sam",
                         role="physiotherapist", advice="calf raises")  # fmt: skip
    client = client_for(alice.user)
    page = client.get(reverse("outcomes:report", args=[alice.pk])).content.decode()
    contract = client.get(f"/api/runners/{alice.pk}/case-file")
    assert contract.status_code == 200
    report = build_report(case_for(Runner.objects.get(pk=alice.pk), TODAY()))
    for key, section in report.present():
        assert f'id="section-{key}"' in page
        assert escape(section.title) in page
    assert "calf raises" in page
    assert 'data-code="stalled_progress_see_professional"' in page  # 50 days since the visit


def test_the_pdf_downloads_on_a4_and_letter_with_every_section(alice: Runner) -> None:
    stall(alice)
    Visit.objects.create(runner=alice, date=TODAY() - dt.timedelta(days=3), who="Sam",
                         role="physiotherapist", advice="calf raises")  # fmt: skip
    client = client_for(alice.user)
    url = reverse("outcomes:report_pdf", args=[alice.pk])
    report = build_report(case_for(Runner.objects.get(pk=alice.pk), TODAY()))
    titles = [s.title for _, s in report.present()]
    sizes = {}
    for paper in ("a4", "letter"):
        response = client.get(url, {"paper": paper})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert f"{paper}.pdf" in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]
        content = response.content
        reader = PdfReader(io.BytesIO(content))
        sizes[paper] = round(float(reader.pages[0].mediabox.width))
        text = pdf_text(content)
        for title in titles:
            assert title in text, title
        assert "Not medical advice" in text
    assert sizes == {"a4": 595, "letter": 612}
    assert client.get(url, {"paper": "a3"}).status_code == 400


def test_a_clinician_with_a_grant_opens_the_report_others_do_not(
    alice: Runner, bob: Runner, charlie: Any
) -> None:
    for name in ("outcomes:report", "outcomes:report_pdf", "outcomes:help"):
        url = reverse(name, args=[alice.pk])
        assert client_for(charlie).get(url).status_code == 200
        assert client_for(bob.user).get(url).status_code == 404
        assert Client().get(url).status_code == 302  # to sign in
    # a viewer reads the visit log but may not add to it; a revoked grant is a 404
    visit_url = reverse("outcomes:visit", args=[alice.pk])
    assert client_for(charlie).post(visit_url, visit_data()).status_code == 403
    assert client_for(bob.user).post(visit_url, visit_data()).status_code == 404
    AccessGrant.objects.filter(grantee=charlie).update(revoked=timezone.now())
    url = reverse("outcomes:report_pdf", args=[alice.pk])
    assert client_for(charlie).get(url).status_code == 404
    assert not Visit.objects.exists()


def test_an_editor_clinician_can_record_a_visit(alice: Runner) -> None:
    physio = make_user("physio")
    AccessGrant.objects.create(runner=alice, grantee=physio, role=GrantRole.EDITOR)
    response = client_for(physio).post(reverse("outcomes:visit", args=[alice.pk]), visit_data())
    assert response.status_code == 302
    assert Visit.objects.get().runner == alice


def test_a_recurring_niggle_is_a_reason_on_the_page_and_no_escalation_says_so(
    alice: Runner,
) -> None:
    client = client_for(alice.user)
    assert "not suggesting professional help right now" in _help(client, alice)
    Injury.objects.filter(runner=alice).update(kind="niggle")
    Runner.objects.filter(pk=alice.pk).update(previous_injuries=3)
    page = _help(client, alice)
    assert 'data-code="recurring_niggle_check_early"' in page
    assert "not suggesting professional help right now" not in page
