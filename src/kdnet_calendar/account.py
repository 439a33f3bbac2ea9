"""What a reading made of every date it met: the accounting behind "never pass unread".

Each date expression in an input ends in exactly one of four places: a meeting of a
body, a reference to a meeting, set aside for a stated reason (a deadline, the
document's own date, a mention of something that is not a meeting), or unread. The
report and ``show`` print the tally, so a run that read nothing cannot look like a run
that found nothing wrong.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
from collections import Counter
from collections.abc import Iterable, Mapping

import attrs

from .model import Calendar, Source

__all__ = ["DateRead", "Disposition", "InputTally", "Reading", "SetAside"]


class Disposition(enum.StrEnum):
    """Where a date expression ended."""

    MEETING = "meeting"
    REFERENCE = "reference"
    SET_ASIDE = "set-aside"
    UNREAD = "unread"


class SetAside(enum.StrEnum):
    """Why a date was read but is not a meeting."""

    DEADLINE = "deadline"
    DOCUMENT_DATE = "document-date"
    CASE_NUMBER = "case-number"
    MENTION = "mention"
    OTHER_EVENT = "other-event"


#: Danish words for the reasons, singular and plural, for the tally line.
REASON_WORDS: Mapping[str, Mapping[str, tuple[str, str]]] = {
    "da": {
        SetAside.DEADLINE: ("frist", "frister"),
        SetAside.DOCUMENT_DATE: ("dokumentdato", "dokumentdatoer"),
        SetAside.CASE_NUMBER: ("sagsnummer", "sagsnumre"),
        SetAside.MENTION: ("omtale i løbende tekst", "omtaler i løbende tekst"),
        SetAside.OTHER_EVENT: ("anden begivenhed", "andre begivenheder"),
    },
    "en": {
        SetAside.DEADLINE: ("deadline", "deadlines"),
        SetAside.DOCUMENT_DATE: ("document date", "document dates"),
        SetAside.CASE_NUMBER: ("case number", "case numbers"),
        SetAside.MENTION: ("mention in running text", "mentions in running text"),
        SetAside.OTHER_EVENT: ("other event", "other events"),
    },
}


@attrs.frozen
class DateRead:
    """One date expression in one input, and what became of it."""

    source: Source
    #: The expression as written ("Tirsdag den 17.3."), or an event's summary.
    text: str
    disposition: Disposition
    date: dt.date | None = None
    body: str | None = None
    #: For a set-aside date a :class:`SetAside` value; for an unread one, why.
    reason: str = ""


@attrs.frozen
class InputTally:
    """What one input gave: the counts the report prints for it."""

    path: str
    meetings: Mapping[tuple[str, int], int]
    references: int
    set_aside: Mapping[str, int]
    unread: int

    @property
    def meeting_count(self) -> int:
        return sum(self.meetings.values())

    def record(self) -> dict[str, object]:
        """The JSON shape: meetings per body and year, and the other three counts."""
        per_body: dict[str, dict[str, int]] = {}
        for (body, year), n in sorted(self.meetings.items()):
            per_body.setdefault(body, {})[str(year)] = n
        return {
            "input": self.path,
            "meetings": per_body,
            "references": self.references,
            "set_aside": dict(sorted(self.set_aside.items())),
            "unread": self.unread,
        }


@attrs.frozen
class Reading:
    """A calendar read from inputs, with the account of every date they held."""

    calendar: Calendar
    dates: tuple[DateRead, ...] = ()
    inputs: tuple[str, ...] = ()

    @property
    def unread(self) -> tuple[DateRead, ...]:
        return tuple(d for d in self.dates if d.disposition is Disposition.UNREAD)

    @classmethod
    def of_data(cls, calendar: Calendar, paths: Iterable[str | os.PathLike[str]]) -> Reading:
        """The reading of data files: each meeting a date read as a meeting."""
        return cls(
            calendar,
            tuple(
                DateRead(m.origin, m.id, Disposition.MEETING, m.date, m.body)
                for m in calendar.meetings
                if m.origin is not None
            ),
            tuple(os.fspath(p) for p in paths),
        )

    def tally(self) -> list[InputTally]:
        """One tally per input, in the order given."""
        return [_tally(path, [d for d in self.dates if d.source.document == path])
                for path in self.inputs]  # fmt: skip


def _tally(path: str, dates: Iterable[DateRead]) -> InputTally:
    meetings: Counter[tuple[str, int]] = Counter()
    set_aside: Counter[str] = Counter()
    references = unread = 0
    for d in dates:
        if d.disposition is Disposition.MEETING and d.body is not None and d.date is not None:
            meetings[(d.body, d.date.year)] += 1
        elif d.disposition is Disposition.REFERENCE:
            references += 1
        elif d.disposition is Disposition.SET_ASIDE:
            set_aside[d.reason] += 1
        elif d.disposition is Disposition.UNREAD:
            unread += 1
    return InputTally(path, dict(meetings), references, dict(set_aside), unread)
