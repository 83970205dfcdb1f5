"""What went wrong with a file, in words a runner understands.

The importers give a stable problem code and a technical reason ("FIT data ends at
byte 1234 of 2048"). A runner needs to know what it means for them and what to do:
the code picks the sentence; the technical reason stays for whoever debugs it.
"""

from __future__ import annotations

from runback.importers import ImportProblem

PLAIN: dict[ImportProblem, str] = {
    ImportProblem.EMPTY: "this file is empty",
    ImportProblem.TRUNCATED: (
        "this file stops part way through: the watch may not have finished saving it "
        "(copy it from the watch again)"
    ),
    ImportProblem.BAD_CRC: "this file is damaged (its check sum is wrong): copy it from the "
    "watch again",
    ImportProblem.CORRUPT: "this file is damaged and could not be read",
    ImportProblem.MALFORMED_XML: "this file is incomplete or not valid GPX/TCX: export it again",
    ImportProblem.NOT_AN_ACTIVITY: "this file holds no activity (it may be the watch's "
    "settings or a course)",
    ImportProblem.NO_SESSION: "this file holds no recorded activity",
    ImportProblem.NO_TIMES: "this file has no times in it, so it cannot be put on a day",
    ImportProblem.UNKNOWN_FORMAT: "this is not an activity file (use .fit, .gpx, .tcx, "
    "gzipped, or a .zip export)",
    ImportProblem.UNSAFE_ARCHIVE: "this archive was refused: it unpacks to something unsafe "
    "or far too large",
    ImportProblem.TOO_LARGE: "this file is larger than the upload limit",
    ImportProblem.MISSING: "the export lists this activity but its file is not in the archive",
    ImportProblem.UNREADABLE: "this file could not be opened",
}


def plain(problem: str, technical: str) -> str:
    """The runner's sentence for ``problem``; the technical reason when there is none."""
    try:
        return PLAIN[ImportProblem(problem)]
    except (ValueError, KeyError):
        return technical
