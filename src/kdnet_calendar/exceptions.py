"""The library's errors.

Everything the library raises on purpose derives from :class:`KdnetCalendarError`, so a
caller (and the command line) can tell "your input is wrong" from "the library has a bug"
with one ``except``. Input errors carry the file, the line and what was expected, because
the person who has to act on them is looking at that file in an editor.

Every error speaks Danish and English: ``str(error)`` is English (what a library caller,
a log and a bug report read the same everywhere), ``error.localized("da")`` is Danish, as
the command line prints it unless told ``--lang en``. A raise site gives the Danish text
with ``da=`` (or ``problem_da=``/``expected_da=`` for an :class:`InputError`).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Sequence
from typing import Protocol, TypeAlias

from .limits import MAX_ECHO, RANGE

# os.PathLike rather than pathlib.Path: pathlib costs import time that errors never need.
Path: TypeAlias = os.PathLike[str]

__all__ = [
    "DuplicateIdError",
    "FieldError",
    "InfeasibleError",
    "InputError",
    "KdnetCalendarError",
    "NonexistentDateError",
    "NothingReadError",
    "OutOfRangeError",
    "TimeOrderError",
    "UnknownBodyError",
    "UnknownMeetingError",
    "UnknownPersonError",
    "UnknownReferenceError",
    "UnsupportedDateError",
    "os_problem",
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


def _flat(text: str) -> str:
    return " ".join(text.split())


#: What the operating system says, in Danish, for the errors a user meets and can fix.
_OS_PROBLEMS_DA = {
    errno.ENOENT: "filen eller mappen findes ikke",
    errno.EACCES: "adgang nægtet",
    errno.EPERM: "handlingen er ikke tilladt",
    errno.EEXIST: "findes allerede",
    errno.ENOTDIR: "er ikke en mappe",
    errno.EISDIR: "er en mappe",
    errno.ENOSPC: "der er ikke mere plads på disken",
    errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.EADDRINUSE: "porten er allerede i brug",
    errno.EADDRNOTAVAIL: "adressen findes ikke på denne maskine",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.ELOOP: "for mange symbolske links",
    errno.EIO: "fejl ved læsning eller skrivning på disken",
}


def os_problem(exc: OSError, lang: str = "en") -> str:
    """What went wrong in an :class:`OSError`, without the file name, in ``lang``."""
    if lang == "da":
        known = _OS_PROBLEMS_DA.get(exc.errno) if exc.errno is not None else None
        if known:
            return known
        return f"fejl fra styresystemet: {exc.strerror or exc}"
    return str(exc.strerror or exc)


class KdnetCalendarError(Exception):
    """Base class of every error the library raises deliberately.

    ``str(error)`` is the English message; ``da`` is the Danish one, which
    :meth:`localized` gives for ``"da"`` (the English one where a raise site gave none).
    """

    def __init__(self, *args: object, da: str | None = None) -> None:
        super().__init__(*args)
        self.da = da

    def localized(self, lang: str) -> str:
        """The message in ``lang`` ("da" or "en"), on one line."""
        if lang == "da" and self.da is not None:
            return _flat(self.da)
        return _flat(str(self))


class InputError(KdnetCalendarError):
    """Input that cannot be read: names the file, the line and what was expected.

    ``str(error)`` is a single line, ``file:line: problem (expected …)``, fit to print
    as it is on a terminal or in a CI log; ``localized("da")`` is the same line in Danish,
    ``fil:linje: problem (forventet …)``, from ``problem_da`` and ``expected_da``.
    """

    def __init__(
        self,
        problem: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        expected: str | None = None,
        problem_da: str | None = None,
        expected_da: str | None = None,
    ) -> None:
        self.problem = problem
        self.path = os.fspath(path) if path is not None else None
        self.line = line
        self.expected = expected
        self.problem_da = problem_da
        self.expected_da = expected_da
        da = None
        if problem_da is not None:
            # Where only the problem was put in Danish, the expectation is notation
            # (BEGIN:VCALENDAR, format = 1) that reads the same in both languages.
            da = self._render(problem_da, expected_da or expected, "<inddata>", "forventet")
        super().__init__(self._render(problem, expected, "<input>", "expected"), da=da)

    def _render(self, problem: str, expected: str | None, nowhere: str, word: str) -> str:
        where = self.path or nowhere
        if self.line is not None:
            where = f"{where}:{self.line}"
        # One short line, whatever the offending value held.
        text = f"{' '.join(where.split())}: {shorten(problem, _MAX_PART)}"
        if expected:
            text += f" ({word} {shorten(expected, _MAX_PART)})"
        return text


#: The kinds of record an id or a reference names, in Danish: the noun and its article
#: ("et organ", "en person"), which decides "hvert"/"hver" and "ét"/"én" before it.
_KINDS_DA = {
    "body": ("organ", "et"),
    "meeting": ("møde", "et"),
    "person": ("person", "en"),
    "document": ("dokument", "et"),
}


def _kind_da(kind: str) -> tuple[str, str]:
    return _KINDS_DA.get(kind, (kind, "et"))


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
        problem_da: str | None = None,
        expected_da: str | None = None,
    ) -> None:
        self.field = field
        self.value = value
        super().__init__(
            problem,
            path=path,
            line=line,
            expected=expected,
            problem_da=problem_da,
            expected_da=expected_da,
        )


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
        noun, article = _kind_da(kind)
        super().__init__(
            f"unknown {kind} {reference!r}",
            field=field,
            value=reference,
            path=path,
            line=line,
            expected=f"one of: {shown}" if known else f"a {kind} defined in the file",
            problem_da=f"ukendt {noun} {reference!r}",
            expected_da=f"{article} af: {shown}" if known else f"{article} {noun} fra filen",
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
        expected_da: str = "en dato, der findes, ÅÅÅÅ-MM-DD",
    ):
        self.text = text
        super().__init__(
            f"the date {text} does not exist",
            path=path,
            line=line,
            expected=expected,
            problem_da=f"datoen {text} findes ikke",
            expected_da=expected_da,
        )


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
            problem_da=f"mødet {meeting_id!r} slutter {end}, ikke efter sin start {start}",
            expected_da="en sluttid efter starttiden",
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
            first_da = f" (første gang i {first_place})"
        elif first_line:
            first = f" (first defined on line {first_line})"
            first_da = f" (første gang på linje {first_line})"
        else:
            first = first_da = ""
        noun, article = _kind_da(kind)
        super().__init__(
            f"duplicate {kind} id {identifier!r}{first}",
            path=path,
            line=line,
            expected=f"each {kind} id to be unique",
            problem_da=f"{noun}-id'et {identifier!r} er brugt to gange{first_da}",
            expected_da=f"et id, der kun bruges af {'ét' if article == 'et' else 'én'} {noun}",
        )


def _some(known: Sequence[str], limit: int = 8) -> str:
    """The first ``limit`` of ``known``, comma-separated, "…" for the rest."""
    return ", ".join(known[:limit]) + (", …" if len(known) > limit else "")


class UnknownBodyError(KdnetCalendarError, KeyError):
    """A body id asked of a :class:`~kdnet_calendar.Calendar` that it does not hold.

    A ``KeyError`` too, so that ``except KeyError`` around a lookup keeps working.
    """

    def __init__(self, body_id: str, known: tuple[str, ...]) -> None:
        self.body_id = body_id
        self.known = known
        super().__init__(
            body_id, da=f"ukendt organ {body_id!r}; kendte organer: {', '.join(known)}"
        )

    def __str__(self) -> str:
        return f"unknown body {self.body_id!r}; known bodies: {', '.join(self.known)}"


class UnknownMeetingError(KdnetCalendarError, KeyError):
    """A meeting id asked of a :class:`~kdnet_calendar.Calendar` that it does not hold.

    A ``KeyError`` too, as :meth:`Calendar.meeting <kdnet_calendar.Calendar.meeting>`
    raised before; ``known`` holds some of the ids it does hold.
    """

    def __init__(self, meeting_id: str, known: tuple[str, ...]) -> None:
        self.meeting_id = meeting_id
        self.known = known
        super().__init__(
            meeting_id,
            da=f"ukendt møde {meeting_id!r}; kendte møder: {_some(known) or 'ingen'}",
        )

    def __str__(self) -> str:
        return f"unknown meeting {self.meeting_id!r}; known meetings: {_some(self.known) or 'none'}"


class UnknownPersonError(KdnetCalendarError, KeyError):
    """A person id asked of a :class:`~kdnet_calendar.Calendar` that it does not hold.

    A ``KeyError`` too, as :meth:`Calendar.person <kdnet_calendar.Calendar.person>`
    raised before.
    """

    def __init__(self, person_id: str, known: tuple[str, ...]) -> None:
        self.person_id = person_id
        self.known = known
        super().__init__(
            person_id,
            da=f"ukendt person {person_id!r}; kendte personer: {_some(known) or 'ingen'}",
        )

    def __str__(self) -> str:
        return f"unknown person {self.person_id!r}; known people: {_some(self.known) or 'none'}"


class UnsupportedDateError(InputError):
    """A date outside :data:`kdnet_calendar.limits.FIRST_DATE` … ``LAST_DATE``.

    Refused wherever a date enters (a reader, a :class:`~kdnet_calendar.Meeting`), so that
    no rule ever has to look a week past the end of what ``datetime`` can hold.
    ``what`` names the date ("meeting 'x': date"), ``what_da`` the same in Danish.
    """

    def __init__(
        self,
        value: dt.date,
        *,
        what: str = "the date",
        what_da: str = "datoen",
        path: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        self.value = value
        super().__init__(
            f"{what} {value.isoformat()} is outside the supported range",
            path=path,
            line=line,
            expected=f"a date in {RANGE}",
            problem_da=f"{what_da} {value.isoformat()} ligger uden for de understøttede datoer",
            expected_da=f"en dato i {RANGE}",
        )


class OutOfRangeError(KdnetCalendarError, ValueError):
    """A year outside what the election-period rules cover; ``reason_da`` says it in Danish."""

    def __init__(self, year: int, reason: str, *, reason_da: str | None = None) -> None:
        self.year = year
        self.reason = reason
        super().__init__(
            f"{year}: {reason}", da=f"{year}: {reason_da}" if reason_da is not None else None
        )


class NothingReadError(InputError):
    """An input from which no meeting was read: never a clean pass on what was not read.

    ``dates`` counts the date expressions the input held, ``why`` says what became of them
    (``why_da`` in Danish).
    """

    def __init__(
        self,
        *,
        path: str | Path,
        dates: int,
        why: str,
        expected: str,
        why_da: str,
        expected_da: str,
    ) -> None:
        self.dates = dates
        self.why = why
        super().__init__(
            f"read no meeting: {why}",
            path=path,
            expected=expected,
            problem_da=f"der blev ikke læst noget møde: {why_da}",
            expected_da=expected_da,
        )


class _Bilingual(Protocol):
    """A message in Danish and English (:class:`kdnet_calendar.rules.Text`)."""

    @property
    def da(self) -> str: ...

    @property
    def en(self) -> str: ...


class InfeasibleError(KdnetCalendarError):
    """No calendar keeps the proposer's walls; ``reasons`` say which rules and meetings.

    ``reasons`` are in English; :meth:`localized` gives the whole message in Danish or
    English. Each reason is given as a ``Text`` (Danish and English) or, where it reads the
    same in both, a plain string. Raised by :func:`kdnet_calendar.scheduler.propose`, which
    re-exports it.
    """

    def __init__(self, reasons: Sequence[_Bilingual | str]) -> None:
        #: Each reason as (Danish, English).
        self.pairs = tuple((r, r) if isinstance(r, str) else (r.da, r.en) for r in reasons)
        self.reasons = tuple(en for _, en in self.pairs)
        super().__init__(self.localized("en"), da=self.localized("da"))

    def localized(self, lang: str) -> str:
        """The message in ``lang`` ("da" or "en"), on one line."""
        if lang == "en":
            head, parts = "no calendar satisfies the rules", [en for _, en in self.pairs]
        else:
            head, parts = "ingen kalender overholder reglerne", [da for da, _ in self.pairs]
        return _flat(f"{head}: " + "; ".join(parts))
