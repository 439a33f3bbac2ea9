"""The library's errors.

Everything the library raises on purpose derives from :class:`KdnetCalendarError`, so a
caller (and the command line) can tell "your input is wrong" from "the library has a bug"
with one ``except``. Input errors carry the file, the line and what was expected, because
the person who has to act on them is looking at that file in an editor.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TypeAlias

from .limits import MAX_ECHO, RANGE

# os.PathLike rather than pathlib.Path: pathlib costs import time that errors never need.
Path: TypeAlias = os.PathLike[str]

__all__ = [
    "DuplicateIdError",
    "FieldError",
    "InputError",
    "KdnetCalendarError",
    "NonexistentDateError",
    "NothingReadError",
    "OutOfRangeError",
    "TimeOrderError",
    "UnknownBodyError",
    "UnknownReferenceError",
    "UnsupportedDateError",
    "shorten",
]

#: The longest problem or expectation an :class:`InputError` prints; the rest is "…".
_MAX_PART = 3 * MAX_ECHO


def shorten(text: str, limit: int = MAX_ECHO) -> str:
    """``text`` on one line and at most ``limit`` characters, cut with "…".

    Messages repeat the input they refuse, and that input may be a megabyte on one line.
    """
    flat = " ".join(text[: 4 * limit].split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class KdnetCalendarError(Exception):
    """Base class of every error the library raises deliberately."""


class InputError(KdnetCalendarError):
    """Input that cannot be read: names the file, the line and what was expected.

    ``str(error)`` is a single line, ``file:line: problem (expected …)``, fit to print
    as it is on a terminal or in a CI log.
    """

    def __init__(
        self,
        problem: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        expected: str | None = None,
    ) -> None:
        self.problem = problem
        self.path = os.fspath(path) if path is not None else None
        self.line = line
        self.expected = expected
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        # One short line, whatever the offending value held.
        text = f"{' '.join(where.split())}: {shorten(self.problem, _MAX_PART)}"
        if self.expected:
            text += f" (expected {shorten(self.expected, _MAX_PART)})"
        return text


class FieldError(InputError):
    """A field is missing, of the wrong type, or holds a value outside its choices."""

    def __init__(
        self,
        problem: str,
        *,
        field: str,
        value: object = None,
        path: str | Path | None = None,
        line: int | None = None,
        expected: str | None = None,
    ) -> None:
        self.field = field
        self.value = value
        super().__init__(problem, path=path, line=line, expected=expected)


class UnknownReferenceError(FieldError):
    """A reference (to a body, a person, a document) names nothing that exists."""

    def __init__(
        self,
        kind: str,
        reference: str,
        *,
        known: tuple[str, ...] = (),
        field: str,
        path: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        self.kind = kind
        self.reference = reference
        self.known = known
        shown = ", ".join(known[:8]) + (", …" if len(known) > 8 else "")
        super().__init__(
            f"unknown {kind} {reference!r}",
            field=field,
            value=reference,
            path=path,
            line=line,
            expected=f"one of: {shown}" if known else f"a {kind} defined in the file",
        )


class NonexistentDateError(InputError):
    """A date that the calendar does not have, such as 30 February."""

    def __init__(
        self,
        text: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        expected: str = "a real calendar date, YYYY-MM-DD",
    ):
        self.text = text
        super().__init__(f"the date {text} does not exist", path=path, line=line, expected=expected)


class TimeOrderError(InputError):
    """A meeting that ends before (or when) it starts."""

    def __init__(
        self,
        meeting_id: str,
        start: str,
        end: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        self.meeting_id = meeting_id
        self.start = start
        self.end = end
        super().__init__(
            f"meeting {meeting_id!r} ends at {end}, not after its start at {start}",
            path=path,
            line=line,
            expected="an end later than the start",
        )


class DuplicateIdError(InputError):
    """Two records share an id that must be unique (ids are what feeds key on)."""

    def __init__(
        self,
        kind: str,
        identifier: str,
        *,
        first_line: int | None = None,
        first_place: str | None = None,
        path: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        self.kind = kind
        self.identifier = identifier
        self.first_line = first_line
        self.first_place = first_place
        if first_place:
            first = f" (first defined at {first_place})"
        elif first_line:
            first = f" (first defined on line {first_line})"
        else:
            first = ""
        super().__init__(
            f"duplicate {kind} id {identifier!r}{first}",
            path=path,
            line=line,
            expected=f"each {kind} id to be unique",
        )


class UnknownBodyError(KdnetCalendarError, KeyError):
    """A body id asked of a :class:`~kdnet_calendar.Calendar` that it does not hold."""

    def __init__(self, body_id: str, known: tuple[str, ...]) -> None:
        self.body_id = body_id
        self.known = known
        super().__init__(body_id)

    def __str__(self) -> str:
        return f"unknown body {self.body_id!r}; known bodies: {', '.join(self.known)}"


class UnsupportedDateError(InputError):
    """A date outside :data:`kdnet_calendar.limits.FIRST_DATE` … ``LAST_DATE``.

    Refused wherever a date enters (a reader, a :class:`~kdnet_calendar.Meeting`), so that
    no rule ever has to look a week past the end of what ``datetime`` can hold.
    """

    def __init__(
        self,
        value: dt.date,
        *,
        what: str = "the date",
        path: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        self.value = value
        super().__init__(
            f"{what} {value.isoformat()} is outside the supported range",
            path=path,
            line=line,
            expected=f"a date in {RANGE}",
        )


class OutOfRangeError(KdnetCalendarError, ValueError):
    """A year outside what the election-period rules cover."""

    def __init__(self, year: int, reason: str) -> None:
        self.year = year
        self.reason = reason
        super().__init__(f"{year}: {reason}")


class NothingReadError(InputError):
    """An input from which no meeting was read: never a clean pass on what was not read.

    ``dates`` counts the date expressions the input held, ``why`` says what became of them.
    """

    def __init__(self, *, path: str | Path, dates: int, why: str, expected: str) -> None:
        self.dates = dates
        self.why = why
        super().__init__(f"read no meeting: {why}", path=path, expected=expected)
