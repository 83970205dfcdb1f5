"""In a real browser: escalation -> report -> visit -> back on the pathway.

GIVEN a runner whose runs have not got longer in six weeks (the engine escalates)
WHEN they follow Today's "Getting help" link, read the route, open the report and
download it as a PDF, and record their physiotherapist's visit and advice
THEN the page says the pathway starts again from the visit, Today no longer tells
them to see a professional, and the visit is in the report;
AND the weekly questionnaire prompted on Today is answered and charted on Progress,
with no Content-Security-Policy violation on any page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from django.utils import timezone
from pypdf import PdfReader

from runback.web.outcomes.models import QuestionnaireRecord, Visit
from tests.e2e.conftest import shot
from tests.e2e.test_devices import sign_in_with_form
from tests.e2e.test_upload import make_runner_with_plan
from tests.web.files_support import PASSWORD
from tests.web.test_getting_help import stall


def test_escalation_report_visit_and_back_on_the_pathway(page: Any) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    runner = make_runner_with_plan("helga")
    stall(runner)
    sign_in_with_form(page, runner.user.username, PASSWORD)

    # Today: the escalation, and the way to the route
    see = page.locator("#see-someone")
    see.wait_for()
    assert "Time to see a professional" in see.inner_text()
    shot(page, "help-1-today-escalated")
    see.get_by_role("link", name=re.compile("Getting help")).click()
    page.wait_for_url(re.compile(r"/help/$"))
    assert "Nothing has changed for weeks" in page.locator("#why").inner_text()
    route = page.locator("#route").inner_text()
    assert route.index("Physiotherapist") < route.index("Sports doctor") < route.index("Surgery")
    assert "No evidence in evidence.md" in route
    shot(page, "help-2-route")

    # The report as a page, then as a PDF download
    page.get_by_role("link", name="View the report").click()
    page.wait_for_url(re.compile(r"/report/$"))
    page.locator("#section-reading").wait_for()
    assert "stalled_progress_see_professional" in page.locator("#section-reading").inner_text()
    shot(page, "help-3-report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF (A4)").click()
    pdf = download.value
    assert pdf.suggested_filename.endswith("-a4.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(_bytes(pdf))).pages)
    assert "The engine's current reading" in " ".join(text.split())

    # The visit: recorded, and the pathway starts again
    page.goto(f"/r/{runner.pk}/help/")
    visits = page.locator("#visits")
    visits.get_by_text("Record a visit").click()
    assert visits.locator("input[name=date]").input_value() == timezone.localdate().isoformat()
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    visits.locator("input[name=date]").fill(day)
    visits.locator("input[name=who]").fill("Sam at the Riverside clinic")
    visits.get_by_label(re.compile("Physiotherapist")).check()
    visits.locator("textarea[name=findings]").fill("Weak calf on the injured side")
    visits.locator("textarea[name=advice]").fill("Heavy slow calf raises, 3 times a week")
    visits.get_by_role("button", name="Save the visit").click()
    page.wait_for_url(re.compile(r"/help/#visits$"))
    page.get_by_text(re.compile("The pathway starts again from there")).first.wait_for()
    assert "Back on the pathway" in page.locator("#try-again").inner_text()
    assert "Heavy slow calf raises" in page.locator("#visits").inner_text()
    assert Visit.objects.filter(runner=runner).count() == 1
    shot(page, "help-4-visit-recorded")

    page.get_by_role("link", name="Go to today's plan").click()
    page.wait_for_url(re.compile(r"/today/$"))
    assert page.locator("#see-someone").count() == 0
    shot(page, "help-5-today-back-on-pathway")

    # The questionnaire prompt, answered, and charted against load
    page.locator("#questionnaires-due").click()
    page.wait_for_url(re.compile(r"/questionnaires/$"))
    form = page.locator("#ostrc_o2")
    form.get_by_label("Reduced participation because of the problem").check()
    form.locator("input[name='ostrc_o2-volume'][value=moderate]").check()
    form.locator("input[name='ostrc_o2-performance'][value=minor]").check()
    form.locator("input[name='ostrc_o2-symptoms'][value=moderate]").check()
    form.get_by_role("button", name="Save").click()
    page.get_by_text(re.compile(r"score 53\.")).wait_for()
    assert QuestionnaireRecord.objects.filter(runner=runner).count() == 1
    shot(page, "help-6-questionnaire")
    page.goto(f"/r/{runner.pk}/progress/")
    page.locator("#chart-scores").wait_for()
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-scores')")
    shot(page, "help-7-progress-scores")

    page.goto(f"/r/{runner.pk}/report/")
    assert "Sam at the Riverside clinic" in page.locator("#section-visits").inner_text()
    assert violations == []


def _bytes(download: Any) -> bytes:
    return Path(download.path()).read_bytes()
