"""``runback report``: JSON on stdout, the PDF on disk (A4 and Letter), errors exit 2.

The PDF test reads the text back with pypdf and finds every section the JSON has,
the not-medical-advice line, and every claim's code.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from runback.cli import app

ROOT = Path(__file__).resolve().parents[2]
STALLED = ROOT / "examples" / "report_stalled_achilles.json"
runner = CliRunner()

A4_POINTS = (595, 842)
LETTER_POINTS = (612, 792)


def pdf_text(path: Path) -> tuple[str, list[tuple[int, int]]]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    sizes = [(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages]
    return "\n".join(page.extract_text() for page in reader.pages), sizes


def flat(text: str) -> str:
    """Whitespace folded, so a phrase wrapped over two lines still matches."""
    return " ".join(text.split())


@pytest.mark.parametrize(("paper", "size"), [("a4", A4_POINTS), ("letter", LETTER_POINTS)])
def test_pdf_has_every_section_of_the_json(
    tmp_path: Path, paper: str, size: tuple[int, int]
) -> None:
    out = tmp_path / "report.pdf"
    result = runner.invoke(
        app, ["report", str(STALLED), "--json", "--pdf", str(out), "--paper", paper]
    )
    assert result.exit_code == 0, result.output
    contract = json.loads(result.stdout)
    text, sizes = pdf_text(out)
    assert set(sizes) == {size}
    words = flat(text)
    assert len(contract["sections"]) == 13
    for key, section in contract["sections"].items():
        assert flat(section["title"]) in words, key
        for claim in section["claims"]:
            assert claim["code"] in words, (key, claim["code"])
    assert "Not medical advice" in words
    assert flat(contract["notice"]) in words
    for question in contract["sections"]["questions"]["items"]:
        assert flat(question["question"]) in words


@pytest.mark.parametrize(
    "name", ["refer_night_pain.json", "pathway_acute.json", "capacity_achilles_tests.json"]
)
def test_pdf_of_smaller_cases_has_just_their_sections(tmp_path: Path, name: str) -> None:
    out = tmp_path / "r.pdf"
    result = runner.invoke(
        app, ["report", str(ROOT / "examples" / name), "--json", "--pdf", str(out)]
    )
    assert result.exit_code == 0, result.output
    contract = json.loads(result.stdout)
    words = flat(pdf_text(out)[0])
    for section in contract["sections"].values():
        assert flat(section["title"]) in words
    absent = {"Questionnaire scores over time", "Strength progression"} - {
        s["title"] for s in contract["sections"].values()
    }
    for title in absent:
        assert title not in words


def test_report_prints_sections_and_writes_the_pdf(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    result = runner.invoke(app, ["report", str(STALLED), "--pdf", str(out)])
    assert result.exit_code == 0, result.output
    assert "Questions worth asking at the appointment" in result.stdout
    assert "substantial_problem_persists_see_professional" in result.stdout
    assert out.read_bytes().startswith(b"%PDF")


def test_bad_case_file_exits_2_naming_the_field(tmp_path: Path) -> None:
    data = json.loads(STALLED.read_text())
    data["questionnaires"][0]["answers"]["participation"] = "sometimes"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    out = tmp_path / "r.pdf"
    result = runner.invoke(app, ["report", str(bad), "--pdf", str(out)])
    assert result.exit_code == 2
    assert "questionnaires[0].answers.participation" in result.stderr
    assert result.stdout == ""
    assert not out.exists()


def test_unwritable_pdf_path_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(STALLED), "--pdf", str(tmp_path / "no" / "r.pdf")])
    assert result.exit_code == 2
    assert "cannot write the PDF" in result.stderr


def test_unknown_paper_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["report", str(STALLED), "--pdf", str(tmp_path / "r.pdf"), "--paper", "a5"]
    )
    assert result.exit_code == 2
