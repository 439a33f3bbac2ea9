"""What every rule reads: the calendar, the settings and the indexes built once for all.

Rules never read files and never see each other; they take a :class:`Check` and yield
findings. Building the indexes here once keeps the whole validation O(n log n).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property

import attrs

from ..account import DateRead
from ..danish import long_date
from ..days import DayCalendar
from ..model import Body, Calendar, Context, Meeting, MeetingKind, Source
from .findings import Finding, Severity, Suggestion, Text
from .settings import Settings

__all__ = ["Check", "describe"]


def describe(calendar: Calendar, m: Meeting) -> Text:
    """ "KD-Net, fredag den 24. januar 2025" — how a meeting is named in messages."""
    name = calendar.body(m.body).name
    return Text(f"{name}, {long_date(m.date, 'da')}", f"{name}, {long_date(m.date, 'en')}")


def _by_day(meetings: Iterable[Meeting]) -> dict[dt.date, list[Meeting]]:
    """Each day with the meetings held on it (a trip counts on every day it spans)."""
    out: dict[dt.date, list[Meeting]] = defaultdict(list)
    for m in meetings:
        day = m.date
        while day <= m.last_date:
            out[day].append(m)
            day += dt.timedelta(days=1)
    return dict(out)


@attrs.define
class Check:
    calendar: Calendar
    settings: Settings
    external: Sequence[Meeting] = ()
    #: Dates the readers met but could not read (a list with no body or no year).
    unread: Sequence[DateRead] = ()
    #: (body, kind, end, day) → the rules a meeting breaks by its day alone; see
    #: :func:`kdnet_calendar.rules.fixes.day_problems`.
    day_verdicts: dict[tuple[str, MeetingKind, dt.time | None, dt.date], tuple[str, ...]] = (
        attrs.field(factory=dict, init=False)
    )

    @cached_property
    def days(self) -> DayCalendar:
        return self.settings.days

    @cached_property
    def live(self) -> list[Meeting]:
        """Meetings that take place (not cancelled, not deadlines)."""
        return [
            m
            for m in self.calendar.meetings
            if not m.cancelled and m.kind is not MeetingKind.DEADLINE
        ]

    @cached_property
    def proposed(self) -> list[Meeting]:
        """Live meetings whose date an input proposes: listed, a header, or a data file.

        A meeting known only from a passing reference ("referatet fra mødet den 3.
        december 2021") is evidence about the past, not a date up for approval, so the
        rules about choosing dates (weekends, holidays, the election) leave it alone.
        """
        return [
            m
            for m in self.live
            if not m.statements or any(s.context is not Context.REFERENCE for s in m.statements)
        ]

    @cached_property
    def series_bodies(self) -> frozenset[str]:
        """Bodies the series rules judge (constituting, spacing, yearly count, the
        election): those the data defines. A body met only in a text is judged by the
        rules that hold for any body."""
        return frozenset(b.id for b in self.calendar.bodies if not b.inferred)

    @cached_property
    def series(self) -> dict[str, list[Meeting]]:
        """Each series body's regular meetings that take place, in date order."""
        out: dict[str, list[Meeting]] = defaultdict(list)
        for m in self.live:
            if m.kind.is_regular and m.body in self.series_bodies:
                out[m.body].append(m)
        return dict(out)

    @cached_property
    def _series_dates(self) -> dict[str, list[dt.date]]:
        return {body: [m.date for m in ms] for body, ms in self.series.items()}

    @cached_property
    def by_date(self) -> dict[dt.date, list[Meeting]]:
        return _by_day(self.live)

    @cached_property
    def external_by_date(self) -> dict[dt.date, list[Meeting]]:
        return _by_day(self.external)

    @cached_property
    def covered(self) -> set[tuple[str, int]]:
        """(body, year) pairs the input declares a meeting list for.

        A meeting known only from a passing reference ("referatet fra mødet d. 27. januar")
        says nothing about which other meetings that year has, so rules about completeness
        (missing preparation, yearly count) stay silent about years nobody listed.
        """
        return {
            (m.body, m.date.year)
            for m in self.calendar.meetings
            if m.kind.is_regular
            and (not m.statements or any(s.context is Context.LIST for s in m.statements))
        }

    @cached_property
    def seats(self) -> dict[str, list[tuple[str, dt.date | None, dt.date | None]]]:
        """Body → (person, since, until): who would have to be in two places at once."""
        out: dict[str, list[tuple[str, dt.date | None, dt.date | None]]] = defaultdict(list)
        for p in self.calendar.people:
            for ms in p.memberships:
                out[ms.body].append((p.id, ms.since, ms.until))
        return dict(out)

    def people_at(self, m: Meeting) -> set[str]:
        people: set[str] = set()
        for body in (m.body, *m.participants):
            for person, since, until in self.seats.get(body, ()):
                if (since is None or since <= m.date) and (until is None or m.date <= until):
                    people.add(person)
        return people

    def body(self, body_id: str) -> Body:
        return self.calendar.body(body_id)

    def preparer_meetings_between(
        self, preparer: str, first: dt.date, last: dt.date
    ) -> list[Meeting]:
        dates = self._series_dates.get(preparer, [])
        lo = bisect.bisect_left(dates, first)
        hi = bisect.bisect_right(dates, last)
        return self.series.get(preparer, [])[lo:hi]

    @cached_property
    def by_body_year(self) -> dict[tuple[str, int], list[Meeting]]:
        out: dict[tuple[str, int], list[Meeting]] = defaultdict(list)
        for body, series in self.series.items():
            for m in series:
                out[(body, m.date.year)].append(m)
        return dict(out)

    @cached_property
    def regular_ids(self) -> dict[str, Meeting]:
        """The meetings in :attr:`series`, by id: what a moved meeting was before."""
        return {m.id: m for series in self.series.values() for m in series}

    def neighbours(self, m: Meeting) -> tuple[Meeting | None, Meeting | None]:
        """The body's regular meetings just before and after ``m`` (excluding ``m``)."""
        series = self.series.get(m.body, [])
        dates = self._series_dates.get(m.body, [])
        i = bisect.bisect_left(dates, m.date)
        before = next((series[j] for j in range(i - 1, -1, -1) if series[j].id != m.id), None)
        after = next((series[j] for j in range(i, len(series)) if series[j].id != m.id), None)
        return before, after

    def finding(
        self,
        code: str,
        message: Text,
        meetings: Iterable[Meeting] = (),
        *,
        dates: Iterable[dt.date] = (),
        sources: Iterable[Source | None] = (),
        numbers: dict[str, int] | None = None,
        suggestion: Suggestion | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        ms = tuple(meetings)
        default = self.settings.severity(code)
        assert default is not None  # the engine skips rules that are off
        found_sources = [s for s in sources if s is not None]
        if not found_sources:
            found_sources = [m.origin for m in ms if m.origin is not None]
        return Finding(
            code=code,
            severity=severity or default,
            message=message,
            meetings=tuple(m.id for m in ms),
            dates=tuple(dates) or tuple(m.date for m in ms),
            sources=tuple(dict.fromkeys(found_sources)),
            numbers=numbers or {},
            suggestion=suggestion,
        )
