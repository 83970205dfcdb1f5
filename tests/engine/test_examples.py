"""Every case file in examples/ validates and shows what it says it shows (its ``expect``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runback.engine import PainPattern, Pathway, assess, decide, parse_case
from tests.engine.builders import TODAY

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))


def test_there_is_an_example_for_every_pathway_and_pattern() -> None:
    expected = [json.loads(p.read_text())["expect"] for p in EXAMPLES]
    assert {e["pathway"] for e in expected if "pathway" in e} >= {p.value for p in Pathway}
    assert {e["pattern"] for e in expected if "pattern" in e} >= {p.value for p in PainPattern}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_gives_the_expected_answer(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    case = parse_case(data, default_today=TODAY)
    assessment, decision = assess(case), decide(case)
    expect = data["expect"]
    assert assessment.triage.status.value == expect.get("status", "self_guided")
    if "pathway" in expect:
        assert assessment.pathway.value == expect["pathway"]
    if "phase" in expect:
        assert assessment.phase.value == expect["phase"]
    if "pattern" in expect:
        assert decision.pattern.value == expect["pattern"]
    if "action" in expect:
        assert decision.action.value == expect["action"]


def test_the_bundled_example_is_a_valid_case() -> None:
    from importlib import resources

    text = resources.files("runback.engine.examples").joinpath("achilles_return.json").read_text()
    assert assess(parse_case(json.loads(text), default_today=TODAY)).week
