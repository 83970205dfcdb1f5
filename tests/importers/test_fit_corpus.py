"""Every FIT file of the corpus, checked against fitdecode.

What fitdecode reads (with CRCs checked) runback must read, with the same number of
records and laps and the device's session totals within 0.5%; what fitdecode
rejects, runback must reject with an error naming the file.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from runback.importers import ActivityFileError, ImportProblem, Sport, read_file
from tests.importers.conftest import corpus_files
from tests.importers.reference import cached_reference, fitdecode_reference

FIT_FILES = corpus_files("fit")
NOT_ACTIVITY_PROBLEMS = (
    ImportProblem.NOT_AN_ACTIVITY,
    ImportProblem.NO_SESSION,
    ImportProblem.EMPTY,
)
# The importers never touch a database: the slow reference comparison runs only once
# (the SQLite pass of scripts/test.sh), not again in the PostgreSQL pass.
once = pytest.mark.skipif(
    bool(os.environ.get("RUNBACK_DATABASE_URL")), reason="database-independent; ran in pass 1"
)


def _close(ours: float, theirs: float) -> bool:
    return abs(ours - theirs) <= max(0.005 * abs(theirs), 0.011)


@once
@pytest.mark.parametrize("path", FIT_FILES, ids=lambda p: p.name)
def test_fit_file_agrees_with_fitdecode(path: Path, request: pytest.FixtureRequest) -> None:
    cache: pytest.Cache | None = getattr(request.config, "cache", None)
    ref = fitdecode_reference(path) if cache is None else cached_reference(cache, path)
    if not ref.ok:
        with pytest.raises(ActivityFileError) as caught:
            read_file(path)
        assert caught.value.file == str(path)
        assert caught.value.reason
        return
    if not ref.sessions:
        with pytest.raises(ActivityFileError) as caught:
            read_file(path)
        assert caught.value.problem in NOT_ACTIVITY_PROBLEMS
        return
    activity = read_file(path)
    assert activity.records == ref.records
    assert activity.laps == ref.laps
    elapsed = sum(s["total_elapsed_time"] or s["total_timer_time"] or 0 for s in ref.sessions)
    assert _close(activity.total_s, elapsed)
    distances = [s["total_distance"] for s in ref.sessions if s["total_distance"] is not None]
    if distances:
        assert _close(activity.distance_m, sum(distances))
    starts = [s["start_time"] for s in ref.sessions if s["start_time"] is not None]
    if starts and all(isinstance(s, datetime) for s in starts):
        assert activity.start_utc == min(starts)
    sports = {str(s["sport"]) for s in ref.sessions}
    if len(sports) == 1 and sports <= {str(m.value) for m in Sport}:
        assert activity.sport.value == sports.pop()
