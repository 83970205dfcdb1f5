"""Errors of the capacity programme.

::

    CapacityError (ValueError)
    ├── UnknownExerciseError   a name that is not in the exercise library
    ├── UnknownTestError       a name that is not in the readiness battery
    └── LibraryError           the packaged exercise library itself is broken

They subclass ``ValueError`` so that pydantic validators raising them turn into
ordinary validation errors that name the offending case-file entry.
"""

from __future__ import annotations


class CapacityError(ValueError):
    """Base class: something about strength, plyometrics or tests is wrong."""


class UnknownExerciseError(CapacityError):
    """An exercise name that the library does not know."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown exercise {name!r} (see `runback exercises` for the names)")
        self.name = name


class UnknownTestError(CapacityError):
    """A readiness-test name that the battery does not know."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown readiness test {name!r} (see `runback tests` for the names)")
        self.name = name


class LibraryError(CapacityError):
    """The packaged exercise library failed validation (a bug in the data file)."""
