"""The engine's errors.

::

    EngineError                 anything the engine raises on purpose
    └── CaseFileError           the case file is not valid; names the field

Edges map them once: the CLI turns ``CaseFileError`` into exit status 2 with
``str(err)`` on stderr, the web API into a 422 with ``err.field`` as the key.
Example::

    try:
        case = parse_case(data, default_today=date.today())
    except CaseFileError as err:
        print(err)          # "injury.site: unknown site 'toe' (expected one of ...)"
        err.field           # "injury.site"
"""

from __future__ import annotations


class EngineError(Exception):
    """Base class: something the engine refused on purpose."""


class CaseFileError(EngineError, ValueError):
    """The case file is not valid. ``field`` is a dotted path such as ``log[3].pain_after``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
