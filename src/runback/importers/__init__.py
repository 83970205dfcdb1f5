"""Activity import: FIT, GPX, TCX and Strava export archives -> :class:`Activity`.

Public surface (the web app's upload worker and the CLI rely on it)::

    read_file(path) -> Activity                 # raises ActivityFileError
    read_bytes(data, filename) -> Activity      # format by magic, then extension; .gz/.zip
    iter_activities(paths) -> Iterator[Activity | ActivityFileError]   # folders, zips

Nothing here imports Django, the web app or the CLI.
"""

from __future__ import annotations

from runback.engine.enums import LogKind  # the engine's, re-exported for callers
from runback.importers.archive import iter_activities
from runback.importers.errors import ActivityFileError, ImportProblem
from runback.importers.model import Activity, SourceFormat, Sport
from runback.importers.reader import read_bytes, read_file

__all__ = [
    "Activity",
    "ActivityFileError",
    "ImportProblem",
    "LogKind",
    "SourceFormat",
    "Sport",
    "iter_activities",
    "read_bytes",
    "read_file",
]
