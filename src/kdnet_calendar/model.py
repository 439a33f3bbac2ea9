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
from typing import TypeVar
from zoneinfo import ZoneInfo

import attrs

from . import limits
from .exceptions import KdnetCalendarError, UnknownBodyError, UnsupportedDateError
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


@attrs.frozen(order=True)
class Source:
    """Where a fact was read: a document (or data file) and a 1-based line."""

    document: str
    line: int | None = None

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

    source: Source
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    #: The weekday the source names ("Fredag den …"), as ``date.weekday()`` numbers it.
    weekday: int | None = None
    text: str = ""
    context: Context = Context.LIST


@attrs.frozen
class Document:
    """A source document that statements cite (an agenda, minutes)."""

    id: str
    title: str = ""
    file: str = ""
    date: dt.date | None = None


@attrs.frozen
class Body:
    """A council, network or group that holds meetings."""

    id: str
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


_Day = TypeVar("_Day", bound=dt.date | None)


def _supported_date(meeting: Meeting, attribute: attrs.Attribute[_Day], value: _Day) -> None:
    """Refuse a date outside :mod:`~kdnet_calendar.limits`' range, citing the meeting's origin.

    attrs runs validators once every field is set, so ``origin`` is there to cite.
    """
    if isinstance(value, dt.date) and not limits.supported(value):
        origin = meeting.origin
        field = attribute.name.replace("_", "-")
        raise UnsupportedDateError(
            value,
            what=f"meeting {meeting.id!r}: {field}",
            what_da=f"mødet {meeting.id!r}: {field}",
            path=origin.document if origin else None,
            line=origin.line if origin else None,
        )


@attrs.frozen(order=False)
class Meeting:
    """One meeting (or all-day event, study trip, deadline) of one body.

    ``id`` is the meeting's identity for its whole life: feeds derive their UIDs from it, so
    it must not change when the meeting moves. ``start is None`` means the time is not yet
    known (an all-day entry). ``end_date`` is set only for events spanning several days.
    """

    id: str
    body: str
    date: dt.date = attrs.field(validator=_supported_date)
    start: dt.time | None = None
    end: dt.time | None = None
    end_date: dt.date | None = attrs.field(default=None, validator=_supported_date)
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

    body: str
    role: Role = Role.MEMBER
    since: dt.date | None = None
    until: dt.date | None = None
    note: str = ""
    source: Source | None = None

    def active_on(self, day: dt.date) -> bool:
        """Whether the seat is held on ``day`` (``since`` and ``until`` are inclusive)."""
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


@attrs.frozen
class Person:
    """Someone KD-Net appoints: the bodies they sit in make their personal feed."""

    id: str
    name: str
    municipality: str = ""
    organisation: str = ""
    title: str = ""
    memberships: tuple[Membership, ...] = ()


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


def _sorted(meetings: Iterable[Meeting]) -> tuple[Meeting, ...]:
    return tuple(sorted(meetings, key=lambda m: m.sort_key))


@attrs.frozen
class Calendar:
    """Bodies, their meetings and the people in them, with the questions users ask.

    Indexes are built on first use and cached: a calendar is immutable, so they never go
    stale, and a command that asks one question pays for one index.
    """

    bodies: tuple[Body, ...] = ()
    meetings: tuple[Meeting, ...] = attrs.field(default=(), converter=_sorted)
    people: tuple[Person, ...] = ()
    documents: tuple[Document, ...] = ()
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
        """The body with this id; :class:`UnknownBodyError` lists the known ones."""
        try:
            return self._bodies[body_id]
        except KeyError:
            raise UnknownBodyError(body_id, tuple(self._bodies)) from None

    def meeting(self, meeting_id: str) -> Meeting:
        """The meeting with this id (``KeyError`` if there is none)."""
        return self._meetings[meeting_id]

    def person(self, person_id: str) -> Person:
        """The person with this id (``KeyError`` if there is none)."""
        return self._people[person_id]

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
        its members are invited to (a study trip for mayors and directors).
        """
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
        self, meeting: Meeting, window: PreparationWindow = PREPARATION_WINDOW
    ) -> Meeting | None:
        """The meeting that prepares ``meeting``: the preparing body's last one in the window.

        A constituting meeting is never prepared: at a period's start KD-Net constitutes
        after KKR, mirroring the presidency KKR has just elected.
        """
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
        self, meeting: Meeting, window: PreparationWindow = PREPARATION_WINDOW
    ) -> Meeting | None:
        """The meeting that ``meeting`` prepares (the KKR meeting a KD-Net meeting prepares)."""
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
