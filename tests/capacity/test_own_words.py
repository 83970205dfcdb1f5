"""The library's instructions and the battery's how-tos are in our own words.

Seed articles (``<repo>/../shared/seeds``) and the evidence notes may be
paraphrased, never copied: no run of eight words may appear in them verbatim.
"""

from __future__ import annotations

import re
from pathlib import Path

from runback.engine.capacity import BATTERY, load_library

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
RUN = 8


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _sources() -> set[tuple[str, ...]]:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    paths = [*seeds, SHARED / "evidence.md", SHARED / "DOMAIN.md"]
    assert paths[0].exists(), f"shared sources not found beside the repo: {SHARED}"
    out: set[tuple[str, ...]] = set()
    for path in paths:
        out |= _shingles(path.read_text(encoding="utf-8"))
    return out


def test_no_instruction_copies_eight_words_from_the_sources() -> None:
    sources = _sources()
    texts = [e.instructions for e in load_library().exercises] + [t.how for t in BATTERY]
    copied = [text for text in texts if _shingles(text) & sources]
    assert copied == []
