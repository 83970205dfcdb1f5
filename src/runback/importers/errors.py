"""Why a file could not be imported.

One exception type, :class:`ActivityFileError`, is raised (or yielded, when a batch is
read) for every file that cannot become an :class:`~runback.importers.Activity`. It names
the file and says in plain words what is wrong, and carries a stable
:class:`ImportProblem` code so callers (the web upload worker, the CLI) can group or
translate errors without parsing the message.

The readers never return a half-read activity: a truncated file, a bad checksum or an
archive entry that tries to escape its folder is an error for that one file, and the
batch carries on with the next.
"""

from __future__ import annotations

from enum import StrEnum


class ImportProblem(StrEnum):
    """Stable codes for the ways a file can fail to import."""

    EMPTY = "empty"
    TRUNCATED = "truncated"
    BAD_CRC = "bad_crc"
    CORRUPT = "corrupt"
    MALFORMED_XML = "malformed_xml"
    NOT_AN_ACTIVITY = "not_an_activity"
    NO_SESSION = "no_session"
    NO_TIMES = "no_times"
    UNKNOWN_FORMAT = "unknown_format"
    UNSAFE_ARCHIVE = "unsafe_archive"
    TOO_LARGE = "too_large"
    MISSING = "missing"
    UNREADABLE = "unreadable"
    #: The web worker was stopped while reading it, again and again (killed, out of memory).
    CUT_OFF = "cut_off"


class ActivityFileError(Exception):
    """A file (or archive entry) that is not a usable activity, and why."""

    def __init__(self, file: str, reason: str, problem: ImportProblem = ImportProblem.CORRUPT):
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason
        self.problem = problem

    def to_dict(self) -> dict[str, str]:
        """The JSON shape the CLI prints for a file that failed."""
        return {"file": self.file, "error": self.reason, "problem": self.problem.value}


class DecodeError(Exception):
    """Raised inside a format reader; the dispatcher adds the file name.

    Readers work on bytes and do not know the file's name, so they raise this and
    :func:`runback.importers.read_bytes` turns it into an :class:`ActivityFileError`.
    """

    def __init__(self, reason: str, problem: ImportProblem = ImportProblem.CORRUPT):
        super().__init__(reason)
        self.reason = reason
        self.problem = problem
