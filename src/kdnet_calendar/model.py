"""The meeting model: bodies, meetings, people and the calendar that answers questions.

Everything here is an immutable value (``attrs.frozen``): a calendar is read, judged and
published, never mutated in place. A change is a new value made with :func:`attrs.evolve`,
which is what lets a feed compare yesterday's calendar with today's.

Times are local wall-clock times in the calendar's zone (``Europe/Copenhagen``): that is how
every agenda states them, and it keeps a 10:00 meeting at 10:00 across a daylight-saving
change. :meth:`Meeting.starts_at` gives the aware instant when one is needed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from . import limits
from .exceptions import (
    FieldError,
    KdnetCalendarError,
    TimeOrderError,
    UnknownBodyError,
    UnknownMeetingError,
    UnknownPersonError,
    UnsupportedDateError,
    shorten,
)
from .periods import ElectionPeriod
from .policy import PARAMETERS

__all__ = [
    "PREPARATION_WINDOW",
    "TIMEZONE",
    "WEEKDAYS",
    "Body",
    "BodyKind",
    "Calendar",
    "Context",
    "Document",
    "Meeting",
    "MeetingKind",
    "Membership",
    "Person",
    "Preparation",
    "PreparationWindow",
    "Role",
    "Source",
    "Statement",
    "Status",
]

TIMEZONE = "Europe/Copenhagen"

#: Weekday names as the data file writes them, Monday first (``date.weekday()`` order).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class BodyKind(enum.StrEnum):
    """Who a body answers to: councils (KKR) are political, networks administrative."""

    POLITICAL = "political"
    ADMINISTRATIVE = "administrative"
    #: Run by others (the region, a project); KD-Net appoints people to it.
    EXTERNAL = "external"


class MeetingKind(enum.StrEnum):
    """What an entry is; only ordinary and constituting meetings form a body's series."""

    ORDINARY = "ordinary"
    CONSTITUTING = "constituting"
    SEMINAR = "seminar"
    STUDY_TRIP = "study-trip"
    WORKSHOP = "workshop"
    DEADLINE = "deadline"

    @property
    def is_regular(self) -> bool:
        """Ordinary and constituting meetings are the series the rule book is about."""
        return self in _REGULAR_KINDS


#: Asked for every meeting and every day a fix tries: a set, not the members looked up
#: on the class each time.
_REGULAR_KINDS = frozenset((MeetingKind.ORDINARY, MeetingKind.CONSTITUTING))


class Context(enum.StrEnum):
    """Where in its source a statement stood; rules that judge completeness need it."""

    #: In a meeting calendar ("Mødekalender for KD-Net 2023"): the input claims the list.
    LIST = "list"
    #: The meeting's own header ("Tid og sted: Fredag den 11. februar 2022, kl. 10.00").
    HEADER = "header"
    #: Mentioned in running text ("referatet fra mødet d. 27. januar 2023").
    REFERENCE = "reference"


class Status(enum.StrEnum):
    """Whether a meeting is held; a cancelled one stays in the data and the feeds."""

    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


class Role(enum.StrEnum):
    """A person's seat in a body."""

    CHAIR = "chair"
    CO_CHAIR = "co-chair"
    VICE_CHAIR = "vice-chair"
    MEMBER = "member"
    SUBSTITUTE = "substitute"
    COORDINATOR = "coordinator"


# -- checking values as they are made ----------------------------------------------------
#
# Every value object refuses a wrong value when it is made, with the library's own errors,
# so that a meeting built in Python is held to what the data file reader demands of one
# read from a file. Each class has one validator, on its first field (attrs runs
# validators once every field is set): a single test that every field has its type, and
# only when it fails the slower search for which field, to name it. A meeting is made for
# every line of a large export and every candidate a proposal tries; one test each keeps
# that cheap.

#: What a field must hold, in English and Danish, by the type asked for.
_EXPECTED: dict[object, tuple[str, str]] = {
    str: ("text (str)", "tekst (str)"),
    int: ("a whole number (int)", "et heltal (int)"),
    bool: ("True or False", "True eller False"),
    dt.date: ("a datetime.date", "en datetime.date"),
    dt.time: ("a datetime.time without a time zone", "en datetime.time uden tidszone"),
    tuple: ("a tuple", "en tuple"),
}


def _is(value: object, kind: type) -> bool:
    """Whether ``value`` is of ``kind`` as the model means it: a date is not a datetime,
    a number is not a bool, and a time has no zone (times are Copenhagen wall clock)."""
    if kind is dt.date:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is dt.time:
        return isinstance(value, dt.time) and value.tzinfo is None
    return isinstance(value, kind)


def _expected(kind: type) -> tuple[str, str]:
    if kind in _EXPECTED:
        return _EXPECTED[kind]
    if issubclass(kind, enum.Enum):
        choices = ", ".join(f"{kind.__name__}.{member.name}" for member in kind)
        return f"one of {choices}", f"en af {choices}"
    return f"a {kind.__name__}", f"en {kind.__name__}"


def _where(origin: Source | None) -> dict[str, object]:
    return {"path": origin.document, "line": origin.line} if origin is not None else {}


def _wrong(
    what: tuple[str, str], field: str, value: object, kind: type, origin: Source | None
) -> FieldError:
    """``field`` of the value named by ``what`` (English, Danish) is not a ``kind``."""
    en, da = _expected(kind)
    shown = shorten(repr(value))
    name = type(value).__name__
    return FieldError(
        f"{what[0]}: {field} is {name} {shown}",
        field=field,
        value=value,
        expected=en,
        problem_da=f"{what[1]}: {field} er {name} {shown}",
        expected_da=da,
        **_where(origin),  # type: ignore[arg-type]
    )


def _bad(
    what: tuple[str, str],
    field: str,
    value: object,
    problem: tuple[str, str],
    expected: tuple[str, str],
    origin: Source | None = None,
) -> FieldError:
    """``field`` holds a value of the right type that is still wrong (an empty id)."""
    return FieldError(
        f"{what[0]}: {problem[0]}",
        field=field,
        value=value,
        expected=expected[0],
        problem_da=f"{what[1]}: {problem[1]}",
        expected_da=expected[1],
        **_where(origin),  # type: ignore[arg-type]
    )


#: A field's type, and whether it may be None.
_Spec = tuple[tuple[str, type, bool], ...]


def _check_types(
    value: object, spec: _Spec, what: tuple[str, str], origin: Source | None = None
) -> None:
    """Raise for the first field of ``value`` that is not of its type."""
    for name, kind, optional in spec:
        got = getattr(value, name)
        if got is None and optional:
            continue
        if not _is(got, kind):
            raise _wrong(what, name.replace("_", "-"), got, kind, origin)


def _check_items(
    items: object, kind: type, field: str, what: tuple[str, str], origin: Source | None = None
) -> None:
    """Raise unless every item of the tuple ``items`` is a ``kind``."""
    for item in items:  # type: ignore[attr-defined]
        if not _is(item, kind):
            raise _wrong(what, f"{field} item", item, kind, origin)


_NONEMPTY = ("a text that is not empty", "en tekst, der ikke er tom")


def _check_id(value: str, field: str, what: tuple[str, str], origin: Source | None = None) -> None:
    if not value.strip():
        raise _bad(what, field, value, (f"{field} is empty", f"{field} er tom"), _NONEMPTY, origin)


@attrs.frozen(order=True)
class Source:
    """Where a fact was read: a document (or data file) and a 1-based line."""

    document: str = attrs.field()
    line: int | None = None

    @document.validator
    def _check(self, _attribute: object, _value: object) -> None:
        if not (isinstance(self.document, str) and (self.line is None or _is(self.line, int))):
            _check_types(self, _SOURCE, ("source", "kilden"))

    def __str__(self) -> str:
        return self.document if self.line is None else f"{self.document}:{self.line}"

    @classmethod
    def parse(cls, text: str) -> Source:
        """Read ``document:line`` (the line is optional)."""
        document, sep, line = text.rpartition(":")
        if sep and line.isdigit() and document:
            return cls(document, int(line))
        return cls(text)


@attrs.frozen
class Statement:
    """What one source says about a meeting, kept verbatim so disagreements stay visible."""

    source: Source = attrs.field()
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    #: The weekday the source names ("Fredag den …"), as ``date.weekday()`` numbers it.
    weekday: int | None = None
    text: str = ""
    context: Context = Context.LIST

    @source.validator
    def _check(self, _attribute: object, _value: object) -> None:
        # A statement is what its source says, kept as said: an end before the start is
        # the source's, for the rules to judge. Only the types are checked.
        date, start, end, weekday = self.date, self.start, self.end, self.weekday
        if not (
            isinstance(self.source, Source)
            and type(date) is dt.date
            and (start is None or (type(start) is dt.time and start.tzinfo is None))
            and (end is None or (type(end) is dt.time and end.tzinfo is None))
            and (weekday is None or (type(weekday) is int and 0 <= weekday <= 6))
            and isinstance(self.text, str)
            and isinstance(self.context, Context)
        ):
            what = ("statement", "udsagnet")
            _check_types(self, _STATEMENT, what, self.source)
            raise _bad(
                what, "weekday", weekday,
                (f"weekday {weekday} is not 0–6", f"weekday {weekday} er ikke 0–6"),
                ("0 (Monday) to 6 (Sunday)", "0 (mandag) til 6 (søndag)"),
                self.source,
            )  # fmt: skip


@attrs.frozen
class Document:
    """A source document that statements cite (an agenda, minutes)."""

    id: str = attrs.field()
    title: str = ""
    file: str = ""
    date: dt.date | None = None

    @id.validator
    def _check(self, _attribute: object, _value: object) -> None:
        what = (f"document {self.id!r}", f"dokumentet {self.id!r}")
        _check_types(self, _DOCUMENT, what)
        _check_id(self.id, "id", what)


@attrs.frozen
class Body:
    """A council, network or group that holds meetings."""

    id: str = attrs.field()
    name: str
    kind: BodyKind = BodyKind.ADMINISTRATIVE
    full_name: str = ""
    region: str = ""
    #: Usual weekdays, ``date.weekday()`` numbers; empty means no usual weekday.
    weekdays: tuple[int, ...] = ()
    start: dt.time | None = None
    end: dt.time | None = None
    location: str = ""
    meetings_per_year: int | None = None
    #: The body whose meetings this one prepares (KD-Net prepares KKR).
    prepares: str | None = None
    note: str = ""
    source: Source | None = None
    #: Met in a text rather than defined by data: judged only by the rules that hold for
    #: any body (weekday, holidays, overlap), never by KKR's and KD-Net's series rules.
    inferred: bool = False

    @id.validator
    def _check(self, _attribute: object, _value: object) -> None:
        what = (f"body {self.id!r}", f"organet {self.id!r}")
        _check_types(self, _BODY, what, self.source)
        # An empty id or name is allowed: the rules make bodies without them, as keys.
        _check_items(self.weekdays, int, "weekdays", what, self.source)
        if any(not 0 <= d <= 6 for d in self.weekdays):
            raise _bad(
                what, "weekdays", self.weekdays,
                (f"weekdays {self.weekdays} are not all 0–6",
                 f"weekdays {self.weekdays} er ikke alle 0–6"),
                ("0 (Monday) to 6 (Sunday)", "0 (mandag) til 6 (søndag)"),
                self.source,
            )  # fmt: skip
        if self.start is None and self.end is not None:
            raise _no_start(what, self.source)
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise TimeOrderError(
                self.id,
                _hhmm(self.start),
                _hhmm(self.end),
                **_where(self.source),  # type: ignore[arg-type]
            )
        if self.prepares is not None and self.prepares == self.id:
            raise _bad(
                what, "prepares", self.prepares,
                (f"{self.id} cannot prepare its own meetings",
                 f"{self.id} kan ikke forberede sine egne møder"),
                ("another body's id", "et andet organs id"),
                self.source,
            )  # fmt: skip
        if self.meetings_per_year is not None and self.meetings_per_year < 0:
            raise _bad(
                what, "meetings-per-year", self.meetings_per_year,
                ("meetings-per-year is negative", "meetings-per-year er negativ"),
                ("0 or more", "0 eller mere"),
                self.source,
            )  # fmt: skip


def _hhmm(t: dt.time) -> str:
    return f"{t:%H:%M}"


def _no_start(what: tuple[str, str], origin: Source | None) -> FieldError:
    return _bad(
        what, "end", None,
        ("an end time without a start time", "en sluttid uden en starttid"),
        ("a start time as well", "også en starttid"),
        origin,
    )  # fmt: skip


def _check_meeting(m: Meeting, _attribute: object, _value: str) -> None:
    """Refuse a meeting whose values are of the wrong type, out of order or out of range.

    One test of every field for the common case; the errors cite the meeting's origin,
    so that a reader's meeting is refused with the file and line it was read from.
    """
    date, start, end, end_date = m.date, m.start, m.end, m.end_date
    if not (
        isinstance(m.id, str)
        and m.id.strip()
        and isinstance(m.body, str)
        and m.body.strip()
        and type(date) is dt.date
        and (start is None or (type(start) is dt.time and start.tzinfo is None))
        and (end is None or (type(end) is dt.time and end.tzinfo is None))
        and (end_date is None or type(end_date) is dt.date)
        and isinstance(m.kind, MeetingKind)
        and isinstance(m.status, Status)
        and isinstance(m.title, str)
        and isinstance(m.location, str)
        and type(m.virtual) is bool
        and isinstance(m.url, str)
        and isinstance(m.note, str)
        and type(m.participants) is tuple
        and all(isinstance(p, str) for p in m.participants)
        and type(m.sequence) is int
        and m.sequence >= 0
        and type(m.statements) is tuple
        and all(isinstance(s, Statement) for s in m.statements)
        and (m.origin is None or isinstance(m.origin, Source))
    ):
        _meeting_problem(m)
    if end is not None and (
        start is None or (end <= start and (end_date is None or end_date == date))
    ):
        what = (f"meeting {m.id!r}", f"mødet {m.id!r}")
        if start is None:
            raise _no_start(what, m.origin)
        raise TimeOrderError(m.id, _hhmm(start), _hhmm(end), **_where(m.origin))  # type: ignore[arg-type]
    if end_date is not None and end_date < date:
        raise _bad(
            (f"meeting {m.id!r}", f"mødet {m.id!r}"), "end-date", end_date,
            (f"end-date {end_date} is before date {date}",
             f"end-date {end_date} ligger før date {date}"),
            ("end-date ≥ date", "end-date ≥ date"),
            m.origin,
        )  # fmt: skip
    for field, day in (("date", date), ("end-date", end_date)):
        # Refused wherever a date enters, so that no rule has to look a week past the end
        # of what ``datetime`` can hold.
        if day is not None and not limits.supported(day):
            origin = m.origin
            raise UnsupportedDateError(
                day,
                what=f"meeting {m.id!r}: {field}",
                what_da=f"mødet {m.id!r}: {field}",
                path=origin.document if origin else None,
                line=origin.line if origin else None,
            )


def _meeting_problem(m: Meeting) -> None:
    """Raise for what :func:`_check_meeting`'s one test found wrong."""
    what = (f"meeting {m.id!r}", f"mødet {m.id!r}")
    origin = m.origin if isinstance(m.origin, Source) else None
    _check_types(m, _MEETING, what, origin)
    _check_id(m.id, "id", what, origin)
    _check_id(m.body, "body", what, origin)
    _check_items(m.participants, str, "participants", what, origin)
    _check_items(m.statements, Statement, "statements", what, origin)
    if m.sequence < 0:
        raise _bad(
            what, "sequence", m.sequence,
            ("sequence is negative", "sequence er negativ"), ("0 or more", "0 eller mere"),
            origin,
        )  # fmt: skip


@attrs.frozen(order=False)
class Meeting:
    """One meeting (or all-day event, study trip, deadline) of one body.

    ``id`` is the meeting's identity for its whole life: feeds derive their UIDs from it, so
    it must not change when the meeting moves. ``start is None`` means the time is not yet
    known (an all-day entry). ``end_date`` is set only for events spanning several days.
    """

    id: str = attrs.field(validator=_check_meeting)
    body: str
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    end_date: dt.date | None = None
    kind: MeetingKind = MeetingKind.ORDINARY
    status: Status = Status.CONFIRMED
    title: str = ""
    location: str = ""
    virtual: bool = False
    url: str = ""
    note: str = ""
    #: Other bodies whose members take part (a study trip for mayors and directors).
    participants: tuple[str, ...] = ()
    #: Raised on every change subscribers must see (RFC 5545 SEQUENCE).
    sequence: int = 0
    statements: tuple[Statement, ...] = ()
    #: Where the meeting was defined in the input; not part of its identity.
    origin: Source | None = attrs.field(default=None, eq=False)

    @property
    def timed(self) -> bool:
        """Whether the start time is known (otherwise the meeting is an all-day entry)."""
        return self.start is not None

    @property
    def cancelled(self) -> bool:
        """Whether the meeting is called off (it stays in feeds, marked AFLYST)."""
        return self.status is Status.CANCELLED

    @property
    def last_date(self) -> dt.date:
        """The last day the meeting spans: ``end_date`` for a trip, else ``date``."""
        return self.end_date or self.date

    @property
    def year(self) -> int:
        """The calendar year the meeting starts in."""
        return self.date.year

    @property
    def sort_key(self) -> tuple[dt.date, dt.time, str, str]:
        """Date, then start (all-day first), body and id: a total, stable order."""
        return (self.date, self.start or dt.time.min, self.body, self.id)

    def starts_at(self, tz: str = TIMEZONE) -> dt.datetime | None:
        """The aware start instant, or None for an all-day entry."""
        if self.start is None:
            return None
        return dt.datetime.combine(self.date, self.start, ZoneInfo(tz))

    def ends_at(self, tz: str = TIMEZONE) -> dt.datetime | None:
        """The aware end instant; a timed meeting without an end is taken to last an hour."""
        if self.start is None:
            return None
        if self.end is None:
            start = self.starts_at(tz)
            assert start is not None
            return start + dt.timedelta(hours=1)
        return dt.datetime.combine(self.last_date, self.end, ZoneInfo(tz))

    def overlaps(self, other: Meeting) -> bool:
        """Whether the two take place at the same time. A whole-day event blocks its days,
        and two meetings on one day whose times are not known may clash."""
        if self.date > other.last_date or other.date > self.last_date:
            return False
        if not self.timed or not other.timed:
            return True
        sa, ea, sb, eb = self.starts_at(), self.ends_at(), other.starts_at(), other.ends_at()
        if sa is None or ea is None or sb is None or eb is None:
            return True
        return sa < eb and sb < ea

    def involves(self, body_id: str) -> bool:
        """Whether ``body_id`` holds the meeting or takes part in it."""
        return self.body == body_id or body_id in self.participants


@attrs.frozen
class Membership:
    """A person's seat in a body, possibly limited in time."""

    body: str = attrs.field()
    role: Role = Role.MEMBER
    since: dt.date | None = None
    until: dt.date | None = None
    note: str = ""
    source: Source | None = None

    @body.validator
    def _check(self, _attribute: object, _value: object) -> None:
        what = (f"membership of {self.body!r}", f"medlemskabet af {self.body!r}")
        _check_types(self, _MEMBERSHIP, what, self.source)
        _check_id(self.body, "body", what, self.source)
        if self.since is not None and self.until is not None and self.until < self.since:
            raise _bad(
                what, "until", self.until,
                (f"until {self.until} is before since {self.since}",
                 f"until {self.until} ligger før since {self.since}"),
                ("until ≥ since", "until ≥ since"),
                self.source,
            )  # fmt: skip

    def active_on(self, day: dt.date) -> bool:
        """Whether the seat is held on ``day`` (``since`` and ``until`` are inclusive)."""
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


@attrs.frozen
class Person:
    """Someone KD-Net appoints: the bodies they sit in make their personal feed."""

    id: str = attrs.field()
    name: str
    municipality: str = ""
    organisation: str = ""
    title: str = ""
    memberships: tuple[Membership, ...] = ()

    @id.validator
    def _check(self, _attribute: object, _value: object) -> None:
        what = (f"person {self.id!r}", f"personen {self.id!r}")
        _check_types(self, _PERSON, what)
        _check_id(self.id, "id", what)
        _check_items(self.memberships, Membership, "memberships", what)


_SOURCE: _Spec = (("document", str, False), ("line", int, True))
_STATEMENT: _Spec = (
    ("source", Source, False), ("date", dt.date, False), ("start", dt.time, True),
    ("end", dt.time, True), ("weekday", int, True), ("text", str, False),
    ("context", Context, False),
)  # fmt: skip
_DOCUMENT: _Spec = (
    ("id", str, False), ("title", str, False), ("file", str, False), ("date", dt.date, True),
)  # fmt: skip
_BODY: _Spec = (
    ("id", str, False), ("name", str, False), ("kind", BodyKind, False),
    ("full_name", str, False), ("region", str, False), ("weekdays", tuple, False),
    ("start", dt.time, True), ("end", dt.time, True), ("location", str, False),
    ("meetings_per_year", int, True), ("prepares", str, True), ("note", str, False),
    ("source", Source, True), ("inferred", bool, False),
)  # fmt: skip
_MEETING: _Spec = (
    ("id", str, False), ("body", str, False), ("date", dt.date, False),
    ("start", dt.time, True), ("end", dt.time, True), ("end_date", dt.date, True),
    ("kind", MeetingKind, False), ("status", Status, False), ("title", str, False),
    ("location", str, False), ("virtual", bool, False), ("url", str, False),
    ("note", str, False), ("participants", tuple, False), ("sequence", int, False),
    ("statements", tuple, False), ("origin", Source, True),
)  # fmt: skip
_MEMBERSHIP: _Spec = (
    ("body", str, False), ("role", Role, False), ("since", dt.date, True),
    ("until", dt.date, True), ("note", str, False), ("source", Source, True),
)  # fmt: skip
_PERSON: _Spec = (
    ("id", str, False), ("name", str, False), ("municipality", str, False),
    ("organisation", str, False), ("title", str, False), ("memberships", tuple, False),
)  # fmt: skip


def _window_default(name: str) -> int:
    value = PARAMETERS["missing-preparation"][name]
    assert isinstance(value, int)
    return value


@attrs.frozen
class PreparationWindow:
    """How many days before a meeting its preparing meeting may lie (inclusive)."""

    min_days: int = attrs.field(factory=lambda: _window_default("min-days"))
    max_days: int = attrs.field(factory=lambda: _window_default("max-days"))

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.min_days <= self.max_days:
            span = f"{self.min_days}–{self.max_days}"
            raise KdnetCalendarError(
                f"preparation window {span} days is empty",
                da=f"forberedelsesvinduet {span} dage er tomt",
            )


#: The rule book's ``missing-preparation`` window (its numbers: :mod:`kdnet_calendar.policy`).
PREPARATION_WINDOW = PreparationWindow()


@attrs.frozen
class Preparation:
    """A meeting and the meeting that prepares it (``preparing`` is None if none does)."""

    prepared: Meeting
    preparing: Meeting | None

    @property
    def lead_days(self) -> int | None:
        """Days between the preparing meeting and the prepared one, or None."""
        if self.preparing is None:
            return None
        return (self.prepared.date - self.preparing.date).days


_CALENDAR = ("calendar", "kalenderen")


def _sorted(meetings: Iterable[Meeting]) -> tuple[Meeting, ...]:
    items: tuple[Meeting, ...] = _items(meetings, Meeting, "meetings")
    return tuple(sorted(items, key=lambda m: m.sort_key))


def _items(values: Iterable[object], kind: type, field: str) -> tuple[Any, ...]:
    """``values`` as a tuple (a list is taken), refusing anything in it not a ``kind``."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise _wrong(_CALENDAR, field, values, tuple, None)
    items = tuple(values)
    _check_items(items, kind, field, _CALENDAR)
    return items


def _bodies(values: Iterable[Body]) -> tuple[Body, ...]:
    return _items(values, Body, "bodies")


def _people(values: Iterable[Person]) -> tuple[Person, ...]:
    return _items(values, Person, "people")


def _documents(values: Iterable[Document]) -> tuple[Document, ...]:
    return _items(values, Document, "documents")


def _text_argument(name: str, value: str) -> str:
    """``value``, if it is an id (a ``str``); a ``TypeError`` naming the argument if not."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be an id (str), not {type(value).__name__} {value!r}")
    return value


def _window_argument(window: PreparationWindow) -> None:
    if not isinstance(window, PreparationWindow):
        raise TypeError(f"window must be a PreparationWindow, not {type(window).__name__}")


@attrs.frozen
class Calendar:
    """Bodies, their meetings and the people in them, with the questions users ask.

    Indexes are built on first use and cached: a calendar is immutable, so they never go
    stale, and a command that asks one question pays for one index.
    """

    bodies: tuple[Body, ...] = attrs.field(default=(), converter=_bodies)
    meetings: tuple[Meeting, ...] = attrs.field(default=(), converter=_sorted)
    people: tuple[Person, ...] = attrs.field(default=(), converter=_people)
    documents: tuple[Document, ...] = attrs.field(default=(), converter=_documents)
    name: str = ""
    description: str = ""
    #: Who publishes the feeds (their PRODID) and the domain of the meetings' UIDs.
    organisation: str = ""
    domain: str = ""
    #: Only Europe/Copenhagen: feeds carry that zone's VTIMEZONE and nothing else.
    timezone: str = attrs.field(default=TIMEZONE)
    #: When the data last changed; feeds use it for DTSTAMP so unchanged data gives the same bytes.
    modified: dt.datetime | None = None

    @timezone.validator
    def _danish_time(self, _attribute: object, value: str) -> None:
        for name in ("name", "description", "organisation", "domain", "timezone"):
            if not isinstance(getattr(self, name), str):
                raise _wrong(_CALENDAR, name, getattr(self, name), str, None)
        if self.modified is not None and not isinstance(self.modified, dt.datetime):
            raise _wrong(_CALENDAR, "modified", self.modified, dt.datetime, None)
        if value != TIMEZONE:
            raise KdnetCalendarError(
                f"timezone {value!r} is not supported; use {TIMEZONE!r}",
                da=f"tidszonen {value!r} understøttes ikke; brug {TIMEZONE!r}",
            )

    # -- indexes -------------------------------------------------------------------

    @cached_property
    def _bodies(self) -> dict[str, Body]:
        return {b.id: b for b in self.bodies}

    @cached_property
    def _meetings(self) -> dict[str, Meeting]:
        return {m.id: m for m in self.meetings}

    @cached_property
    def _people(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def _series(self) -> dict[str, tuple[list[dt.date], list[Meeting]]]:
        """Each body's regular, not cancelled meetings by date, for bisection."""
        series: dict[str, list[Meeting]] = {}
        for m in self.meetings:
            if m.kind.is_regular and not m.cancelled:
                series.setdefault(m.body, []).append(m)
        return {body: ([m.date for m in ms], ms) for body, ms in series.items()}

    @cached_property
    def _preparer(self) -> dict[str, str]:
        return {b.prepares: b.id for b in self.bodies if b.prepares}

    # -- lookups -------------------------------------------------------------------

    def body(self, body_id: str) -> Body:
        """The body with this id; :class:`UnknownBodyError` (a ``KeyError``) lists the known
        ones."""
        try:
            return self._bodies[_text_argument("body_id", body_id)]
        except KeyError:
            raise UnknownBodyError(body_id, tuple(self._bodies)) from None

    def meeting(self, meeting_id: str) -> Meeting:
        """The meeting with this id; :class:`UnknownMeetingError` (a ``KeyError``) if none."""
        try:
            return self._meetings[_text_argument("meeting_id", meeting_id)]
        except KeyError:
            raise UnknownMeetingError(meeting_id, tuple(self._meetings)) from None

    def person(self, person_id: str) -> Person:
        """The person with this id; :class:`UnknownPersonError` (a ``KeyError``) if none."""
        try:
            return self._people[_text_argument("person_id", person_id)]
        except KeyError:
            raise UnknownPersonError(person_id, tuple(self._people)) from None

    def _meeting_of(self, meeting: Meeting | str, name: str = "meeting") -> Meeting:
        """``meeting`` itself, or the calendar's meeting with that id."""
        if isinstance(meeting, Meeting):
            return meeting
        if isinstance(meeting, str):
            return self.meeting(meeting)
        raise TypeError(
            f"{name} must be a Meeting or a meeting id (str), not {type(meeting).__name__}"
        )

    def meetings_of(
        self,
        body: str | None = None,
        *,
        year: int | None = None,
        period: ElectionPeriod | None = None,
        include_cancelled: bool = True,
        participating: bool = False,
    ) -> tuple[Meeting, ...]:
        """Meetings in date order, optionally of one body.

        A body's meetings are those it holds; with ``participating=True`` also the events
        its members are invited to (a study trip for mayors and directors). An argument of
        the wrong type (``year="2024"``) raises ``TypeError`` rather than matching nothing.
        """
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            raise TypeError(f"year must be an int, not {type(year).__name__} {year!r}")
        if period is not None and not isinstance(period, ElectionPeriod):
            raise TypeError(f"period must be an ElectionPeriod, not {type(period).__name__}")
        if body is not None:
            self.body(body)  # unknown ids are an error, not an empty answer
        pool = self.meetings
        if body is not None:
            pool = (self._involving if participating else self._held_by).get(body, ())
        return tuple(
            m
            for m in pool
            if (year is None or m.date.year == year)
            and (period is None or m.date in period)
            and (include_cancelled or not m.cancelled)
        )

    @cached_property
    def _dates(self) -> list[dt.date]:
        return [m.date for m in self.meetings]

    def next_meeting(self, day: dt.date, body: str | None = None) -> Meeting | None:
        """The first meeting held on or after ``day`` that is not cancelled."""
        if not isinstance(day, dt.date):
            raise TypeError(f"day must be a datetime.date, not {type(day).__name__} {day!r}")
        if body is not None:
            self.body(body)
        for m in self.meetings[bisect.bisect_left(self._dates, day) :]:
            if not m.cancelled and (body is None or m.body == body):
                return m
        return None

    # -- the KD-Net → KKR dependency ----------------------------------------------

    def preparer_of(self, body_id: str) -> str | None:
        """The body that prepares ``body_id``'s meetings (KD-Net for KKR), if any."""
        return self._preparer.get(body_id)

    def preparing(
        self, meeting: Meeting | str, window: PreparationWindow = PREPARATION_WINDOW
    ) -> Meeting | None:
        """The meeting that prepares ``meeting`` (a Meeting or its id): the preparing body's
        last one in the window.

        A constituting meeting is never prepared: at a period's start KD-Net constitutes
        after KKR, mirroring the presidency KKR has just elected.
        """
        meeting = self._meeting_of(meeting)
        _window_argument(window)
        preparer = self.preparer_of(meeting.body)
        if preparer is None or preparer not in self._series:
            return None
        if meeting.kind is MeetingKind.CONSTITUTING:
            return None
        dates, series = self._series[preparer]
        earliest = meeting.date - dt.timedelta(days=window.max_days)
        latest = meeting.date - dt.timedelta(days=window.min_days)
        i = bisect.bisect_right(dates, latest) - 1
        if i >= 0 and dates[i] >= earliest:
            return series[i]
        return None

    def prepared_by(
        self, meeting: Meeting | str, window: PreparationWindow = PREPARATION_WINDOW
    ) -> Meeting | None:
        """The meeting that ``meeting`` (a Meeting or its id) prepares: the KKR meeting a
        KD-Net meeting prepares."""
        meeting = self._meeting_of(meeting)
        _window_argument(window)
        target = self.body(meeting.body).prepares
        if target is None or target not in self._series:
            return None
        dates, series = self._series[target]
        lo = bisect.bisect_left(dates, meeting.date + dt.timedelta(days=window.min_days))
        hi = bisect.bisect_right(dates, meeting.date + dt.timedelta(days=window.max_days))
        for candidate in series[lo:hi]:
            if (
                candidate.kind is MeetingKind.ORDINARY
                and self.preparing(candidate, window) == meeting
            ):
                return candidate
        return None

    def preparations(
        self,
        body: str,
        *,
        year: int | None = None,
        window: PreparationWindow = PREPARATION_WINDOW,
    ) -> Iterator[Preparation]:
        """Each regular meeting of ``body`` with the meeting that prepares it."""
        for m in self.meetings_of(body, year=year, include_cancelled=False):
            if m.kind.is_regular:
                yield Preparation(m, self.preparing(m, window))

    # -- people ----------------------------------------------------------------------

    def members_of(self, body_id: str, on: dt.date | None = None) -> tuple[Person, ...]:
        """The people with a seat in the body (on a given day, or ever)."""
        self.body(body_id)
        return tuple(
            p
            for p in self.people
            if any(ms.body == body_id and (on is None or ms.active_on(on)) for ms in p.memberships)
        )

    def bodies_of(self, person_id: str, on: dt.date | None = None) -> tuple[Body, ...]:
        """The bodies a person sits in (on a given day, or ever)."""
        seen: dict[str, Body] = {}
        for ms in self.person(person_id).memberships:
            if (on is None or ms.active_on(on)) and ms.body in self._bodies:
                seen.setdefault(ms.body, self._bodies[ms.body])
        return tuple(seen.values())

    def meetings_for(self, person_id: str) -> tuple[Meeting, ...]:
        """Meetings of every body the person sits in while they sit there."""
        found: dict[int, Meeting] = {}
        for ms in self.person(person_id).memberships:
            for i, m in self._involving_at.get(ms.body, ()):
                if i not in found and ms.active_on(m.date):
                    found[i] = m
        return tuple(found[i] for i in sorted(found))

    # Indexes built once, so that a feed per body and per person costs the meetings it
    # holds, not a scan of every meeting per subscriber.

    @cached_property
    def _held_by(self) -> dict[str, tuple[Meeting, ...]]:
        out: dict[str, list[Meeting]] = {}
        for m in self.meetings:
            out.setdefault(m.body, []).append(m)
        return {body: tuple(ms) for body, ms in out.items()}

    @cached_property
    def _involving_at(self) -> dict[str, tuple[tuple[int, Meeting], ...]]:
        out: dict[str, list[tuple[int, Meeting]]] = {}
        for i, m in enumerate(self.meetings):
            for body in dict.fromkeys((m.body, *m.participants)):
                out.setdefault(body, []).append((i, m))
        return {body: tuple(ms) for body, ms in out.items()}

    @cached_property
    def _involving(self) -> dict[str, tuple[Meeting, ...]]:
        return {body: tuple(m for _, m in ms) for body, ms in self._involving_at.items()}

    # -- changes ---------------------------------------------------------------------

    def with_meetings(self, meetings: Iterable[Meeting]) -> Calendar:
        """The same bodies and people with other meetings (a proposal, an edit)."""
        return attrs.evolve(self, meetings=tuple(meetings))

    def with_bodies(self, bodies: Iterable[Body]) -> Calendar:
        """The calendar with more bodies (those a reader met in a text); ids already
        known are left as they are."""
        known = {b.id for b in self.bodies}
        new = tuple(b for b in bodies if b.id not in known)
        return attrs.evolve(self, bodies=self.bodies + new) if new else self

    def years(self) -> tuple[int, ...]:
        """The years that have meetings, in order."""
        return tuple(sorted({m.date.year for m in self.meetings}))
