"""Streaming, namespace-blind XML for GPX and TCX, on a bounded budget.

GPX and TCX are simple, so a streaming ``iterparse`` is enough, but the bytes are
untrusted and three things are guarded on the parser itself rather than by
sniffing the bytes:

- Entities: the parser is defusedxml's, which refuses a document type declaration
  (and with it every entity declaration) wherever it sits and whatever the
  encoding (UTF-16, padding before it). Activity files never declare one.
- Memory: an element is detached from the tree as soon as the reader has seen it,
  unless it sits inside one of the reader's *held* records (a track point, a lap),
  whose children the reader reads when the record closes; a record may keep at
  most :data:`MAX_HELD` elements. Millions of empty elements in ``<metadata>`` so
  cost nothing to keep.
- Time: a file may hold at most :data:`MAX_ELEMENTS` elements and take at most
  :data:`MAX_SECONDS` to parse; past either it is refused as too large, so one
  small crafted upload cannot stall the worker for everyone.

Namespaces vary between writers (and some omit them), so elements are matched by
local name.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from runback.importers.errors import DecodeError, ImportProblem

#: Elements one file may hold. A 24-hour, one-second GPX track has about 700,000;
#: the largest real file in the test corpus 47,000.
MAX_ELEMENTS = 2_000_000
#: Elements one held record (a track point, a lap, a track) may keep until it closes.
MAX_HELD = 50_000
#: CPU seconds one file may take to parse (a real 2 MB file takes 0.2 s). CPU time of
#: the parsing thread, not wall-clock time: a busy machine must not refuse a real file.
MAX_SECONDS = 30.0
#: How often (in elements) the clock is read.
_CLOCK_EVERY = 1 << 14


def local(tag: str) -> str:
    """``{namespace}name`` -> ``name``."""
    return tag.rsplit("}", 1)[-1]


def closed_elements(
    data: bytes, hold: frozenset[str] = frozenset()
) -> Iterator[tuple[str, Element]]:
    """Yield (local name, element) as each element closes, children complete.

    ``hold`` names the records whose children the reader reads when the record
    closes; their descendants stay attached until then. Every other element is
    detached from its parent as soon as the reader has had it, so the tree never
    grows with what the reader does not need.
    """
    # Some writers put whitespace (or a BOM and whitespace) before the declaration.
    data = declare_missing_prefixes(data.removeprefix(b"\xef\xbb\xbf").lstrip())
    started = time.thread_time()
    open_elements: list[Element] = []
    push, pop = open_elements.append, open_elements.pop
    kept: list[int] = []  # per open held record: elements it keeps so far
    names: dict[str, str] = {}  # {namespace}tag -> tag, a handful per file
    count = 0
    try:
        events = iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True)
        for event, elem in events:
            tag = elem.tag
            name = names.get(tag)
            if name is None:
                name = names[tag] = tag[tag.rfind("}") + 1 :]
            if event == "start":
                push(elem)
                if name in hold:
                    kept.append(0)
                continue
            pop()
            count += 1
            if count > MAX_ELEMENTS or count % _CLOCK_EVERY == 0:
                _check_budget(count, started)
            if name in hold:
                kept.pop()
                yield name, elem
            else:
                yield name, elem
                if kept:
                    kept[-1] += 1
                    if kept[-1] > MAX_HELD:
                        raise _record_too_large()
                    continue
            if open_elements:
                # It closed last, so it is its parent's last child: O(1) to drop.
                del open_elements[-1][-1]
    except ParseError as exc:
        raise DecodeError(f"malformed XML ({exc})", ImportProblem.MALFORMED_XML) from exc
    except DefusedXmlException as exc:
        raise DecodeError(
            "XML document type and entity declarations are not allowed",
            ImportProblem.MALFORMED_XML,
        ) from exc


def _record_too_large() -> DecodeError:
    return DecodeError(
        f"one record holds more than {MAX_HELD} XML elements (refused as too large)",
        ImportProblem.TOO_LARGE,
    )


def _check_budget(count: int, started: float) -> None:
    """Refuse a file past the element or time budget."""
    if count > MAX_ELEMENTS:
        raise DecodeError(
            f"holds more than {MAX_ELEMENTS} XML elements (refused as too large)",
            ImportProblem.TOO_LARGE,
        )
    if time.thread_time() - started > MAX_SECONDS:
        raise DecodeError(
            f"took more than {MAX_SECONDS:g} s to read (refused as too large)",
            ImportProblem.TOO_LARGE,
        )


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
