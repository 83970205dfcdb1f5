"""The report PDF itself: repeatable, vector-only, greys only, and drawn offline."""

from __future__ import annotations

import io
import json
import re
import socket
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from runback.engine import parse_case
from runback.engine.report import Report, build_report
from runback.reporting import Paper, render_pdf
from tests.engine.builders import TODAY

ROOT = Path(__file__).resolve().parents[2]
STALLED = ROOT / "examples" / "report_stalled_achilles.json"
COLOUR = re.compile(rb"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (rg|RG)\b")


def stalled() -> Report:
    return build_report(parse_case(json.loads(STALLED.read_text()), default_today=TODAY))


def test_the_same_report_gives_the_same_bytes() -> None:
    report = stalled()
    assert render_pdf(report, Paper.A4) == render_pdf(report, Paper.A4)
    assert render_pdf(report, Paper.A4) != render_pdf(report, Paper.LETTER)


def test_rendering_opens_no_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the PDF tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert render_pdf(stalled()).startswith(b"%PDF")


def test_charts_are_vector_and_black_and_white() -> None:
    reader = PdfReader(io.BytesIO(render_pdf(stalled())))
    streams = b"".join(page.get_contents().get_data() for page in reader.pages)  # type: ignore[union-attr]
    assert all(not page.images for page in reader.pages)  # no bitmaps anywhere
    lines = streams.count(b" l\n") + streams.count(b" l ")
    assert lines > 100  # the charts are drawn as paths
    colours = {tuple(float(v) for v in m.groups()[:3]) for m in COLOUR.finditer(streams)}
    assert colours
    assert all(r == g == b for r, g, b in colours), colours
