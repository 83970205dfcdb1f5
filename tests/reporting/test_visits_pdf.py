"""The PDF prints the visit log: who, when, what they found and advised."""

from __future__ import annotations

import io

from pypdf import PdfReader

from runback.engine.report import build_report
from runback.reporting import Paper, render_pdf
from tests.engine.builders import case, days_ago, run


def test_the_pdf_prints_each_visit_with_its_findings_and_advice() -> None:
    visits = [
        {
            "date": days_ago(12),
            "who": "Dr Lee",
            "role": "sports_doctor",
            "findings": "no bone stress on MRI",
            "advice": "keep loading the tendon",
        }
    ]
    report = build_report(case(log=[run(3, 10), run(1, 12)], visits=visits))
    pdf = render_pdf(report, Paper.LETTER)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Visits to professionals and their advice" in text
    assert "Dr Lee (sports doctor)" in text
    assert "Found: no bone stress on MRI" in text
    assert "Advised: keep loading the tendon" in text
