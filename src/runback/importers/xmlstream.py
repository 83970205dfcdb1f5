"""Streaming, namespace-blind XML for GPX and TCX.

The stdlib's ``ElementTree.iterparse`` is enough: GPX and TCX are simple, the
readers clear each point once read so memory stays flat, and Python's bundled
expat (>= 2.4.1) limits entity expansion while ElementTree never fetches external
entities. Activity files have no business declaring entities at all, so a file
that does is refused outright instead of trusting the parser's limits.
Namespaces vary between writers (and some omit them), so elements are matched by
local name.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from xml.etree.ElementTree import Element, ParseError, iterparse

from runback.importers.errors import DecodeError, ImportProblem


def local(tag: str) -> str:
    """``{namespace}name`` -> ``name``."""
    return tag.rsplit("}", 1)[-1]


def closed_elements(data: bytes) -> Iterator[tuple[str, Element]]:
    """Yield (local name, element) as each element closes, children complete.

    Only end events: readers act when a point or lap is complete, then clear it.
    """
    if b"<!entity" in data[:65536].lower():
        raise DecodeError("XML entity declarations are not allowed", ImportProblem.MALFORMED_XML)
    # Some writers put whitespace (or a BOM and whitespace) before the declaration.
    data = declare_missing_prefixes(data.removeprefix(b"\xef\xbb\xbf").lstrip())
    try:
        # Entity declarations were refused above; expat >= 2.4.1 caps expansion anyway.
        for _, elem in iterparse(io.BytesIO(data)):  # noqa: S314
            tag = elem.tag
            yield tag[tag.rfind("}") + 1 :], elem
    except ParseError as exc:
        raise DecodeError(f"malformed XML ({exc})", ImportProblem.MALFORMED_XML) from exc


_USED_PREFIX = re.compile(rb"</?([A-Za-z_][\w.-]*):[A-Za-z_]")
_DECLARED_PREFIX = re.compile(rb"xmlns:([A-Za-z_][\w.-]*)\s*=")
_ROOT_TAG = re.compile(rb"<(gpx|TrainingCenterDatabase)\b")


def declare_missing_prefixes(data: bytes) -> bytes:
    """Declare namespace prefixes a writer used but never declared.

    Strava's GPX export has written ``<gpxdata:cadence>`` and ``<gpxx:Temperature>``
    without declaring either prefix, which strict XML rejects as "unbound prefix".
    Declaring them on the root element (with a placeholder URI) loses nothing,
    since elements are matched by local name anyway.
    """
    missing = set(_USED_PREFIX.findall(data)) - set(_DECLARED_PREFIX.findall(data)) - {b"xml"}
    root = _ROOT_TAG.search(data)
    if not missing or root is None:
        return data
    decls = b"".join(b' xmlns:%s="urn:runback:undeclared:%s"' % (p, p) for p in sorted(missing))
    return data[: root.end()] + decls + data[root.end() :]


def parse_time(text: str | None) -> float | None:
    """An ISO 8601 timestamp as Unix seconds (naive times are taken as UTC)."""
    if not text:
        return None
    try:
        dt = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


def number(text: str | None) -> float | None:
    """A float from element text, or None when absent or not a finite number."""
    if text is None:
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None
