"""The shared activity corpus lives beside the repository: ``<repo>/../shared``."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "activities"


def corpus_files(folder: str) -> list[Path]:
    """Every file of one corpus folder (empty when the corpus is not checked out)."""
    base = CORPUS / folder
    return sorted(p for p in base.iterdir() if p.is_file()) if base.is_dir() else []


def manifest() -> dict[str, dict[str, str]]:
    """MANIFEST.tsv rows keyed by their ``file`` column (e.g. ``fit/x.fit``)."""
    path = CORPUS / "MANIFEST.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["file"]: row for row in csv.DictReader(fh, delimiter="\t")}


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the activity corpus is missing: expected it at {CORPUS}")
    return CORPUS
