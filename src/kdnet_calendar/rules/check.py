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
from ..model import Body, Calendar, Context, Meeting, MeetingKind, PreparationWindow, Source
from .findings import Finding, Severity, Suggestion, Text
from .settings import CODES, Settings

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
    #: (alike body, kind, ends by noon, day) → the rules a meeting breaks by its day alone; see
    #: :func:`kdnet_calendar.rules.fixes.day_problems`.
    day_verdicts: dict[tuple[str, str, bool, dt.date], tuple[str, ...]] = attrs.field(
        factory=dict, init=False
    )
    #: id(meeting) → (meeting, the nearest usual day it breaks no rule on); see
    #: ``book._nearest_usual_day``. The meeting is kept so that its id stays its own.
    usual_days: dict[int, tuple[Meeting, dt.date | None]] = attrs.field(factory=dict, init=False)
    #: Rule code → the meetings of :attr:`dated` whose day breaks it; see
    #: ``book._breaking``. Worked out in one walk for all the day rules.
    day_breakers: dict[str, list[Meeting]] | None = attrs.field(default=None, init=False)
    #: Body → whether the election rules hold its ordinary meetings back (a council, or a
    #: body that prepares one's); see ``book._council``. Asked for every day searched.
    councils: dict[str, bool] = attrs.field(factory=dict, init=False)

    @cached_property
    def days(self) -> DayCalendar:
        return self.settings.days

    @cached_property
    def switched_on(self) -> frozenset[str]:
        """The rule codes the settings leave on (a severity, not off)."""
        return frozenset(code for code in CODES if self.settings.severity(code) is not None)

    @cached_property
    def window(self) -> PreparationWindow:
        """The days before a meeting its preparing meeting must lie within."""
        return self.settings.window

    @cached_property
    def comfortable(self) -> PreparationWindow:
        """The days before a meeting its preparing meeting is recommended to lie within."""
        return self.settings.comfortable

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
    def dated(self) -> list[Meeting]:
        """Meetings judged against the day calendar: proposed, not trips, deadlines or
        cancelled. Worked out once: every day rule walks them."""
        return [m for m in self.proposed if m.kind is not MeetingKind.STUDY_TRIP]

    @cached_property
    def series_bodies(self) -> frozenset[str]:
        """Bodies the series rules judge (constituting, spacing, yearly count, the
        election): those the data defines. A body met only in a text is judged by the
        rules that hold for any body."""
        return frozenset(b.id for b in self.calendar.bodies if not b.inferred)

    @cached_property
    def paired(self) -> frozenset[str]:
        """Bodies that prepare another's meetings or whose meetings another prepares."""
        return frozenset(x for b in self.calendar.bodies if b.prepares for x in (b.id, b.prepares))

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
            if m.kind.is_regular and self.lists(m)
        }

    @staticmethod
    def lists(m: Meeting) -> bool:
        """Whether ``m`` comes from a meeting list (or a data file): its year counts as
        listed (:attr:`covered`) wherever it moves."""
        return not m.statements or any(s.context is Context.LIST for s in m.statements)

    @cached_property
    def seats(self) -> dict[str, list[tuple[str, dt.date | None, dt.date | None]]]:
        """Body → (person, since, until): who would have to be in two places at once."""
        out: dict[str, list[tuple[str, dt.date | None, dt.date | None]]] = defaultdict(list)
        for p in self.calendar.people:
            for ms in p.memberships:
                out[ms.body].append((p.id, ms.since, ms.until))
        return dict(out)

    @cached_property
    def _timeless_seats(self) -> frozenset[str]:
        """Bodies whose every seat is held for good: who sits there never depends on the day."""
        return frozenset(
            body
            for body, seats in self.seats.items()
            if all(since is None and until is None for _, since, until in seats)
        )

    def people_at(self, m: Meeting) -> frozenset[str]:
        """Who sits in the meeting's body or a taking-part body on its (first) day."""
        bodies = (m.body, *m.participants) if m.participants else (m.body,)
        timeless = self._timeless_seats
        day = None if all(b in timeless or b not in self.seats for b in bodies) else m.date
        key = (bodies, day)
        found = self._people_at.get(key)
        if found is None:
            people: set[str] = set()
            for body in bodies:
                for person, since, until in self.seats.get(body, ()):
                    if (since is None or since <= m.date) and (until is None or m.date <= until):
                        people.add(person)
            found = self._people_at[key] = frozenset(people)
        return found

    @cached_property
    def _people_at(self) -> dict[tuple[tuple[str, ...], dt.date | None], frozenset[str]]:
        return {}

    def sharing(self, m: Meeting, first: dt.date, last: dt.date) -> list[Meeting]:
        """The live meetings from ``first`` to ``last`` that share a body or a person with
        ``m`` (each once, ``m`` itself included if it is there).

        The only meetings a meeting can clash with: unrelated groups meeting at the same
        hour are never compared, however many there are. Each day's index is built the
        first time the day is asked about.
        """
        found: dict[int, Meeting] = {}
        keys: list[tuple[str, str]] | None = None
        day = first
        while day <= last:
            index = self._sharing_index.get(day)
            if index is None:
                index = self._sharing_index[day] = self._sharing_on(day)
            day += dt.timedelta(days=1)
            if not index:
                continue
            if keys is None:
                keys = [("body", body) for body in (m.body, *m.participants)]
                keys += [("person", person) for person in self.people_at(m)]
            for key in keys:
                for other in index.get(key, ()):
                    found.setdefault(id(other), other)
        return list(found.values())

    def _sharing_on(self, day: dt.date) -> dict[tuple[str, str], list[Meeting]]:
        """The live meetings on ``day`` by each body and each person in them."""
        index: dict[tuple[str, str], list[Meeting]] = {}
        for other in self.by_date.get(day, ()):
            for body in dict.fromkeys((other.body, *other.participants)):
                index.setdefault(("body", body), []).append(other)
            for person in self.people_at(other):
                index.setdefault(("person", person), []).append(other)
        return index

    @cached_property
    def _sharing_index(self) -> dict[dt.date, dict[tuple[str, str], list[Meeting]]]:
        return {}

    def day_alike(self, body_id: str) -> str:
        """The first body that the day rules cannot tell from ``body_id``: one the same in
        everything but its names, place and usual times (which no day rule reads)."""
        found = self._day_alike.get(body_id)
        if found is None:
            body = self.body(body_id)
            profile = attrs.evolve(
                body, id="", name="", full_name="", region="", location="", note="",
                start=None, end=None, meetings_per_year=None, source=None,
            )  # fmt: skip
            found = self._day_alike[body_id] = self._day_profiles.setdefault(profile, body_id)
        return found

    @cached_property
    def _day_alike(self) -> dict[str, str]:
        return {}

    @cached_property
    def _day_profiles(self) -> dict[Body, str]:
        return {}

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

    def prepared_by(self, meeting_id: str) -> tuple[Meeting, ...]:
        """The meetings that the regular meeting ``meeting_id`` prepares in the calendar as
        it stands: those it is the preparing meeting of (:meth:`Calendar.preparing`).
        Usually one, but a network may prepare two council meetings close together."""
        found = self._prepared.get(meeting_id)
        if found is None:
            found = ()
            original = self.regular_ids.get(meeting_id)
            target = None if original is None else self.body(original.body).prepares
            if original is not None and target is not None:
                window = self.window
                found = tuple(
                    x
                    for x in self.preparer_meetings_between(
                        target,
                        original.date + dt.timedelta(days=window.min_days),
                        original.date + dt.timedelta(days=window.max_days),
                    )
                    if x.kind is MeetingKind.ORDINARY
                    and self.calendar.preparing(x, window) == original
                )
            self._prepared[meeting_id] = found
        return found

    @cached_property
    def _prepared(self) -> dict[str, tuple[Meeting, ...]]:
        return {}

    def neighbours(self, m: Meeting) -> tuple[Meeting | None, Meeting | None]:
        """The body's regular meetings just before and after ``m`` (excluding ``m``)."""
        series = self.series.get(m.body, [])
        dates = self._series_dates.get(m.body, [])
        i = bisect.bisect_left(dates, m.date)
        # Ids are unique in a calendar, so ``m`` (as it stands there) is skipped at most once
        # on each side: a moved meeting may sit next to where it was.
        before = i - 1
        if before >= 0 and series[before].id == m.id:
            before -= 1
        after = i
        if after < len(series) and series[after].id == m.id:
            after += 1
        return (
            series[before] if before >= 0 else None,
            series[after] if after < len(series) else None,
        )

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
