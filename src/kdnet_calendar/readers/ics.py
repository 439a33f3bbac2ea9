"""Read ``.ics`` files — Outlook and Google exports, and our own feeds — as sightings.

The file itself — its lines, its structure, its limits and icalendar's parse with the
line of any error — is :mod:`.icsfile`'s; this module turns its events into meetings.

One :class:`~kdnet_calendar.readers.Sighting` per ``VEVENT`` (other components are
skipped), cited by the line of its ``BEGIN:VEVENT``: the physical line a person sees in an
editor, folded continuation lines counted. Times become wall-clock times in the calendar's
zone (``Europe/Copenhagen``), because that is how the model keeps them.

Decisions worth knowing:

* **Time zones.** A ``TZID`` is looked up as an IANA name, then as a Windows name (Outlook
  writes ``Romance Standard Time``; the table is CLDR's, as shipped by ``icalendar``), then
  in the file's own ``VTIMEZONE``, then as a vendor-prefixed IANA name
  (``/freeassociation.sourceforge.net/Europe/Berlin``). The file's blocks are turned into
  zones here, per file, rather than taken from ``icalendar``'s process-wide cache, where the
  first file to define a name (Outlook's ``Customized Time Zone``) would win for every later
  file. A ``TZID`` that none of these explains is an error, never a floating time.
* **Recurring events** are expanded with ``dateutil.rrule`` when the series ends (``COUNT``
  or ``UNTIL``), honouring ``RDATE``, ``EXDATE`` and occurrences moved by their own
  ``RECURRENCE-ID`` event. A series without an end is refused: expanding it to some
  arbitrary horizon would invent meetings. This is done here rather than by
  recurring-ical-events, which would do the expanding well, because the reader needs what
  it does not give: refusing an endless series instead of cutting it at a window, counting
  occurrences against :data:`~kdnet_calendar.limits.MAX_OCCURRENCES` before they are
  made, citing each occurrence by the line of its own event (a moved one by its
  ``RECURRENCE-ID`` event's), and the zones of this file's own ``VTIMEZONE`` blocks
  rather than icalendar's process-wide ones. The tests read every feed with
  recurring-ical-events too, as a parser nobody here wrote.
* **Limits** (:mod:`kdnet_calendar.limits`) are checked before anything is parsed or
  expanded: the file's size; recurrence rules, so that none repeats more often than daily
  (a time zone: yearly) or has an INTERVAL of 0; and every date, which must lie in the
  supported range.
* **Cancelled events** (``STATUS:CANCELLED``, or a summary starting "Aflyst:"/"Canceled:",
  which is how Outlook marks them) are kept — the date is still evidence — with their
  status, so the assembled meeting is cancelled too. A summary starting "Foreløbig:" (how
  our feeds mark ``STATUS:TENTATIVE``) is tentative. Either word is taken off the title:
  the status says it, and a feed writes it again.
* **What a feed of ours says is kept**: ``SEQUENCE`` (a meeting read back from a published
  feed keeps the version subscribers have) and ``URL``, besides the UID, times, place,
  status and title.
* **All-day events** (``VALUE=DATE``, or Outlook's ``X-MICROSOFT-CDO-ALLDAYEVENT:TRUE``
  on midnight-to-midnight times) have no start; ``DTEND`` is exclusive.
* **Speed.** icalendar takes some 50 µs a property, seconds for a large export, so an
  event of plain lines only (see :func:`_plain_value`) is read here with icalendar's value
  parsers; every other event, and every other component, is parsed by icalendar.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import re
import warnings
from collections.abc import Iterator, Mapping
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import icalendar

from .. import limits
from ..exceptions import InputError, KdnetCalendarError, TimeOrderError, UnsupportedDateError
from ..limits import MAX_OCCURRENCES
from ..model import Calendar, Context, MeetingKind, Source, Statement, Status
from . import Sighting
from .icsfile import (
    _ALL_DAY_PROPERTIES,
    _CONFERENCE_PROPERTIES,
    _TIME_PROPERTIES,
    _check_rules,
    _decode,
    _logical_lines,
    _Node,
    _pairs,
    _parse,
    _short,
    _snippet,
    _structure,
)
from .names import body_names

__all__ = ["MAX_OCCURRENCES", "read_ics", "read_ics_file"]

_EXPECTED_TIME = (
    "a date-time such as DTSTART;TZID=Europe/Copenhagen:20250207T100000, "
    "DTSTART:20250207T090000Z or DTSTART;VALUE=DATE:20250207"
)
_EXPECTED_TIME_DA = (
    "et tidspunkt som DTSTART;TZID=Europe/Copenhagen:20250207T100000, "
    "DTSTART:20250207T090000Z eller DTSTART;VALUE=DATE:20250207"
)
_EXPECTED_BODY = (
    "a SUMMARY naming a body (e.g. 'KD-Net'), or body=ID (--body ID on the command line)"
)
_EXPECTED_BODY_DA = (
    "en SUMMARY, der nævner et organ (f.eks. 'KD-Net'), eller body=ID (--body ID på kommandolinjen)"
)

_CANCELLED_PREFIX = re.compile(r"^\s*(?:aflyst|cancell?ed|annulleret)\s*[:–-]\s*", re.IGNORECASE)
#: How our feeds (and people) mark a meeting not yet decided: the status says it, so the
#: title is kept without it, as it is without "AFLYST: ".
_TENTATIVE_PREFIX = re.compile(r"^\s*(?:foreløbig|foreløbigt|tentative)\s*[:–-]\s*", re.IGNORECASE)
#: SEQUENCE as RFC 5545 has it: a non-negative integer; the model's limit is 2³¹ − 1.
_SEQUENCE = re.compile(r"\+?([0-9]{1,10})")
_MAX_SEQUENCE = 2**31 - 1
_VIRTUAL = re.compile(r"\b(?:teams|zoom|skype|webex|online)|virtuel|https?://", re.IGNORECASE)
#: Summary words that make an event something other than an ordinary meeting, strongest first.
_KINDS = (
    (
        re.compile(r"konstituerende|constituting|constituent", re.IGNORECASE),
        MeetingKind.CONSTITUTING,
    ),
    (re.compile(r"studietur|study trip", re.IGNORECASE), MeetingKind.STUDY_TRIP),
    (re.compile(r"seminar", re.IGNORECASE), MeetingKind.SEMINAR),
    (re.compile(r"workshop", re.IGNORECASE), MeetingKind.WORKSHOP),
    (re.compile(r"frist(?:en|er)?\b|deadline", re.IGNORECASE), MeetingKind.DEADLINE),
)

# Used only if an icalendar release lacks the CLDR table: the names Danish Outlook installs
# write for Central European time.
_FALLBACK_WINDOWS_ZONES = {
    "Romance Standard Time": "Europe/Paris",
    "W. Europe Standard Time": "Europe/Berlin",
    "Central Europe Standard Time": "Europe/Budapest",
    "Central European Standard Time": "Europe/Warsaw",
    "GMT Standard Time": "Europe/London",
    "UTC": "Etc/UTC",
}


def _windows_zones() -> Mapping[str, str]:
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:  # pragma: no cover - every icalendar this project supports has it
        return _FALLBACK_WINDOWS_ZONES
    return WINDOWS_TO_OLSON


# -- public API ----------------------------------------------------------------------------


def read_ics_file(
    path: str | os.PathLike[str], calendar: Calendar, *, body: str | None = None
) -> list[Sighting]:
    """Read an ``.ics`` file; see :func:`read_ics`."""
    from ..inputs import read_input_bytes

    data = read_input_bytes(
        path, "a readable iCalendar (.ics) file", "en iCalendar-fil (.ics), der kan læses"
    )
    return read_ics(data, os.fspath(path), calendar, body=body)


def read_ics(
    data: bytes | str, path: str, calendar: Calendar, *, body: str | None = None
) -> list[Sighting]:
    """One sighting per event occurrence in ``data``, cited as ``path`` and line.

    ``body`` assigns every event to that body; without it, each event's SUMMARY (or
    CATEGORIES) must name a body of ``calendar``, or its UID one of its meetings.
    Anything unreadable raises :class:`~kdnet_calendar.InputError` naming the line.
    """
    if body is not None:
        calendar.body(body)  # an unknown id is the caller's mistake, not the file's
    if len(data) > limits.MAX_INPUT_BYTES:
        size = limits.MAX_INPUT_BYTES // 2**20
        raise InputError(
            f"the data is larger than {size} MB and was not read",
            path=path,
            expected="a smaller iCalendar file",
            problem_da=f"dataene er større end {size} MB og blev ikke læst",
            expected_da="en mindre iCalendar-fil",
        )
    lines = _logical_lines(_decode(data, path))
    roots, wanted = _structure(lines, path)
    _check_rules(roots, path)
    components = _parse(wanted, path)
    reader = _Reader(path, calendar, body)
    sightings: list[Sighting] = []
    for component, node in zip(components, roots, strict=True):
        sightings.extend(reader.read_calendar(component, node))
    return sightings


# -- lines and structure -------------------------------------------------------------------


# -- events --------------------------------------------------------------------------------


@attrs.frozen
class _Span:
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    end_date: dt.date | None = None


@attrs.frozen
class _Summary:
    """What an event's SUMMARY says about it."""

    kind: MeetingKind
    title: str  # without a "cancelled" or "tentative" prefix
    cancelled: bool
    tentative: bool
    virtual: bool
    body: str | None  # the body it names


class _Reader:
    def __init__(self, path: str, calendar: Calendar, body: str | None) -> None:
        self.path = path
        self.calendar = calendar
        self.body = body
        self.local = ZoneInfo(calendar.timezone)
        self.names = body_names(calendar)
        domain = calendar.domain.lower()
        self.uid_suffix = f"@{domain}" if domain else None
        self.zones: dict[str, tuple[Any, _Node]] = {}
        self.resolved: dict[str, dt.tzinfo] = {}
        self.summaries: dict[str, _Summary] = {}

    def error(
        self, problem: str, line: int, expected: str, *, problem_da: str, expected_da: str
    ) -> InputError:
        return InputError(
            problem,
            path=self.path,
            line=line,
            expected=expected,
            problem_da=problem_da,
            expected_da=expected_da,
        )

    def read_calendar(self, calendar: icalendar.Calendar, node: _Node) -> list[Sighting]:
        pairs = list(_pairs(calendar, node))
        self.zones = {
            str(c["TZID"]): (c, n) for c, n in pairs if n.name == "VTIMEZONE" and "TZID" in c
        }
        self.resolved = {}
        events = [(c, n) for c, n in pairs if n.name == "VEVENT"]
        # Occurrences of a series that were moved are events of their own; the series
        # must not produce them a second time at their old dates.
        moved: set[tuple[str, dt.date]] = set()
        for event, n in events:
            if "RECURRENCE-ID" in event and "RRULE" not in event:
                with self.guard(n):
                    self.check(event, n)
                    moved.add((str(event.get("UID", "")), self.moment(event, n, "RECURRENCE-ID")))
        sightings: list[Sighting] = []
        for event, n in events:
            with self.guard(n):
                sightings.extend(self.read_event(event, n, moved))
        return sightings

    @contextlib.contextmanager
    def guard(self, node: _Node) -> Iterator[None]:
        """Turn what icalendar and dateutil raise on odd values into an InputError."""
        try:
            yield
        except KdnetCalendarError:
            raise
        except (ValueError, TypeError, ArithmeticError, LookupError) as exc:
            raise self.error(
                f"cannot read this event ({_short(exc)})",
                node.line,
                "a readable VEVENT",
                problem_da=f"begivenheden kan ikke læses ({_short(exc)})",
                expected_da="en VEVENT, der kan læses",
            ) from None

    def check(self, event: Any, node: _Node) -> None:
        """Refuse an event whose times icalendar could not read (it keeps them as text)."""
        for name, message in event.errors:
            if name in _TIME_PROPERTIES:
                timed = name in ("DTSTART", "DTEND")
                raise self.error(
                    f"cannot read {name} ({_short(Exception(message))})",
                    node.line_of(name),
                    _EXPECTED_TIME if timed else f"a valid {name}",
                    problem_da=f"{name} kan ikke læses ({_short(Exception(message))})",
                    expected_da=_EXPECTED_TIME_DA if timed else f"en gyldig {name}",
                )

    # -- time ------------------------------------------------------------------------

    def zone(self, tzid: str, line: int) -> dt.tzinfo:
        if tzid not in self.resolved:
            self.resolved[tzid] = self._zone(tzid, line)
        return self.resolved[tzid]

    def _zone(self, tzid: str, line: int) -> dt.tzinfo:
        name = tzid.strip().strip("/")
        candidates = [name, _windows_zones().get(name, "")]
        for candidate in candidates:
            found = _iana(candidate)
            if found is not None:
                return found
        if tzid in self.zones:
            component, node = self.zones[tzid]
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    made: dt.tzinfo = component.to_tz(lookup_tzid=False)
                    # dateutil reads the rules on first use; use them now, where a failure
                    # can still be blamed on the VTIMEZONE.
                    for year in (limits.FIRST_YEAR, 2000, limits.LAST_YEAR):
                        made.utcoffset(dt.datetime(year, 7, 1))  # noqa: DTZ001 - a local time
            except Exception as exc:  # noqa: BLE001 - dateutil's VTIMEZONE reader raises anything
                raise self.error(
                    f"cannot use the time zone {tzid!r} defined here ({_short(exc)})",
                    node.line,
                    "a VTIMEZONE with STANDARD and DAYLIGHT parts",
                    problem_da=f"tidszonen {tzid!r}, der er defineret her, kan ikke bruges "
                    f"({_short(exc)})",
                    expected_da="en VTIMEZONE med STANDARD- og DAYLIGHT-dele",
                ) from None
            return made
        parts = name.split("/")
        for i in range(1, len(parts)):
            found = _iana("/".join(parts[i:]))
            if found is not None:
                return found
        raise self.error(
            f"unknown time zone {tzid!r}",
            line,
            "an IANA name such as Europe/Copenhagen, a Windows zone name, "
            "or a VTIMEZONE block defining it",
            problem_da=f"ukendt tidszone {tzid!r}",
            expected_da="et IANA-navn som Europe/Copenhagen, et Windows-tidszonenavn "
            "eller en VTIMEZONE-blok, der definerer den",
        )

    def moment(self, event: Any, node: _Node, name: str) -> dt.date:
        """A date, or an aware datetime in the zone its TZID names (floating: local)."""
        prop = event.get(name)
        line = node.line_of(name)
        if isinstance(prop, list):
            raise self.error(
                f"more than one {name}",
                node.properties[name][1][0],
                f"one {name}",
                problem_da=f"mere end én {name}",
                expected_da=f"én {name}",
            )
        return self.moment_of(prop, getattr(prop, "dt", None), name, line)

    def moment_of(self, prop: Any, value: object, name: str, line: int) -> dt.date:
        if isinstance(value, dt.date) and not limits.supported(value):
            raise UnsupportedDateError(value, what=name, what_da=name, path=self.path, line=line)
        if isinstance(value, dt.datetime):
            tzid = getattr(prop, "params", {}).get("TZID")
            if tzid:
                return value.replace(tzinfo=self.zone(str(tzid), line))
            if value.tzinfo is not None:
                return value
            return value.replace(tzinfo=self.local)  # floating: taken as local time
        if isinstance(value, dt.date):
            return value
        raise self.error(
            f"{name} is not a date or a date-time",
            line,
            _EXPECTED_TIME,
            problem_da=f"{name} er hverken en dato eller et tidspunkt",
            expected_da=_EXPECTED_TIME_DA,
        )

    # -- one event -------------------------------------------------------------------

    def read_event(
        self, event: Any, node: _Node, moved: set[tuple[str, dt.date]]
    ) -> list[Sighting]:
        self.check(event, node)
        if "DTSTART" not in event:
            raise self.error(
                "event without DTSTART",
                node.line,
                _EXPECTED_TIME,
                problem_da="begivenhed uden DTSTART",
                expected_da=_EXPECTED_TIME_DA,
            )
        start = self.moment(event, node, "DTSTART")
        all_day = type(start) is dt.date or any(
            str(event.get(p, "")).strip().upper() == "TRUE" for p in _ALL_DAY_PROPERTIES
        )
        end = self.end(event, node, start)

        uid = str(event.get("UID", "")).strip()
        recurring = ("RRULE" in event or "RDATE" in event) and "RECURRENCE-ID" not in event
        occurrences = self.occurrences(event, node, start, uid, moved) if recurring else [start]
        spans = [
            self.span(s, None if end is None else s + (end - start), all_day, node, uid)
            for s in occurrences
        ]

        summary = str(event.get("SUMMARY", "")).strip()
        location = str(event.get("LOCATION", "")).strip()
        status = str(event.get("STATUS", "")).strip().upper()
        said = self.summary(summary)
        cancelled = status == "CANCELLED" or said.cancelled
        tentative = status == "TENTATIVE" or said.tentative
        state = Status.CANCELLED if cancelled else Status.TENTATIVE if tentative else None
        meeting_id = None
        if self.uid_suffix and not recurring and "RECURRENCE-ID" not in event:
            local_part = uid[: -len(self.uid_suffix)]
            if uid.lower().endswith(self.uid_suffix) and local_part:
                meeting_id = local_part
        body = self.body_of(event, summary, meeting_id, node)
        virtual = (
            said.virtual
            or (location != "" and _VIRTUAL.search(location) is not None)
            or any(p in event for p in _CONFERENCE_PROPERTIES)
            or (not location and "URL" in event)
        )
        kind, title = said.kind, said.title
        sequence = self.sequence(event, node)
        url = self.text(event, node, "URL")
        return [
            Sighting(
                body=body,
                statement=Statement(
                    source=Source(self.path, node.line),
                    date=span.date,
                    start=span.start,
                    end=span.end,
                    weekday=None,
                    text=summary,
                    context=Context.LIST,
                ),
                kind=kind,
                end_date=span.end_date,
                title=title,
                location=location,
                virtual=virtual,
                meeting_id=meeting_id,
                status=state,
                sequence=sequence,
                url=url,
            )
            for span in spans
        ]

    def sequence(self, event: Any, node: _Node) -> int | None:
        """The event's SEQUENCE (how often its publisher changed it), if it has one."""
        if "SEQUENCE" not in event:
            return None
        value = event.get("SEQUENCE")
        line = node.line_of("SEQUENCE")
        if isinstance(value, list):
            raise self.error(
                "more than one SEQUENCE", line, "one SEQUENCE",
                problem_da="mere end én SEQUENCE", expected_da="én SEQUENCE",
            )  # fmt: skip
        found = _SEQUENCE.fullmatch(str(value).strip())
        if found is None or int(found[1]) > _MAX_SEQUENCE:
            shown = _snippet(str(value))
            raise self.error(
                f"SEQUENCE {shown} is not a number of changes",
                line,
                f"a whole number from 0 to {_MAX_SEQUENCE}",
                problem_da=f"SEQUENCE {shown} er ikke et antal ændringer",
                expected_da=f"et helt tal fra 0 til {_MAX_SEQUENCE}",
            )
        return int(found[1])

    def text(self, event: Any, node: _Node, name: str) -> str:
        """A text property's value ("" if the event has none; the first if several)."""
        value = event.get(name, "")
        if isinstance(value, list):
            value = value[0] if value else ""
        return str(value).strip()

    def summary(self, summary: str) -> _Summary:
        """What a summary says; summaries repeat, so each is read once per file."""
        said = self.summaries.get(summary)
        if said is None:
            cancelled = _CANCELLED_PREFIX.match(summary)
            tentative = _TENTATIVE_PREFIX.match(summary)
            title = summary[cancelled.end() :] if cancelled else summary
            if tentative and not cancelled:
                title = summary[tentative.end() :]
            said = self.summaries[summary] = _Summary(
                kind=next(
                    (k for pattern, k in _KINDS if pattern.search(summary)), MeetingKind.ORDINARY
                ),
                title=title,
                cancelled=cancelled is not None,
                tentative=tentative is not None and cancelled is None,
                virtual=re.search("virtuel", summary, re.IGNORECASE) is not None,
                body=self.names.first(summary),
            )
        return said

    def end(self, event: Any, node: _Node, start: dt.date) -> dt.date | None:
        timed = isinstance(start, dt.datetime)
        if "DTEND" in event:
            end = self.moment(event, node, "DTEND")
            if isinstance(end, dt.datetime) != timed:
                raise self.error(
                    "DTEND and DTSTART are not both dates or both date-times",
                    node.line_of("DTEND"),
                    "VALUE=DATE on both or on neither",
                    problem_da="DTEND og DTSTART er ikke begge datoer eller begge tidspunkter",
                    expected_da="VALUE=DATE på begge eller på ingen af dem",
                )
            return end
        if "DURATION" in event:
            duration = getattr(event.get("DURATION"), "dt", None)
            if not isinstance(duration, dt.timedelta):
                raise self.error(
                    "DURATION is not a duration",
                    node.line_of("DURATION"),
                    "such as PT2H",
                    problem_da="DURATION er ikke en varighed",
                    expected_da="f.eks. PT2H",
                )
            if not isinstance(start, dt.datetime):
                return start + dt.timedelta(days=duration.days)
            # Days are nominal (the wall clock), hours exact (RFC 5545 3.3.6).
            wall = start + dt.timedelta(days=duration.days)
            exact = dt.timedelta(seconds=duration.seconds, microseconds=duration.microseconds)
            return (wall.astimezone(dt.UTC) + exact).astimezone(start.tzinfo)
        return None

    def span(
        self, start: dt.date, end: dt.date | None, all_day: bool, node: _Node, uid: str
    ) -> _Span:
        """The local dates and times of one occurrence, all in the supported range.

        The values as written were checked when read; an occurrence a rule or a DURATION
        puts past the end, or a time zone moves across it, is refused here.
        """
        made = self._span(start, end, all_day, node, uid)
        first = "RRULE" if "RRULE" in node.properties else "DTSTART"
        last = "DTEND" if "DTEND" in node.properties else "DURATION"
        for day, name in ((made.date, first), (made.end_date, last)):
            if day is not None and not limits.supported(day):
                raise UnsupportedDateError(
                    day,
                    what="an occurrence on",
                    what_da="en forekomst den",
                    path=self.path,
                    line=node.line_of(name),
                )
        return made

    def _span(
        self, start: dt.date, end: dt.date | None, all_day: bool, node: _Node, uid: str
    ) -> _Span:
        if end is not None and end < start:
            raise TimeOrderError(
                uid or "event",
                _show(start),
                _show(end),
                path=self.path,
                line=node.line_of("DTEND" if "DTEND" in node.properties else "DURATION"),
            )
        if not isinstance(start, dt.datetime):
            last = start
            if end is not None and end > start:
                last = end - dt.timedelta(days=1)  # DTEND is exclusive
            return _Span(start, end_date=last if last > start else None)
        s = start.astimezone(self.local)
        if all_day:  # Outlook's midnight to midnight; some servers write it in UTC
            last = s.date()
            if isinstance(end, dt.datetime) and end > start:
                last = (end.astimezone(self.local) - dt.timedelta(microseconds=1)).date()
            return _Span(s.date(), end_date=last if last > s.date() else None)
        e = end.astimezone(self.local) if isinstance(end, dt.datetime) and end > start else None
        return _Span(
            s.date(),
            _wall(s),
            None if e is None else _wall(e),
            None if e is None or e.date() == s.date() else e.date(),
        )

    def occurrences(
        self, event: Any, node: _Node, start: dt.date, uid: str, moved: set[tuple[str, dt.date]]
    ) -> list[dt.date]:
        """The starts of a finite series: its RRULEs and RDATEs, less EXDATEs and moved ones."""
        found: list[dt.date] = [] if node.properties.get("RRULE") else [start]
        for line, rule in node.properties.get("RRULE", ()):
            found.extend(self.expand(rule, start, line))
        for name, add in (("RDATE", True), ("EXDATE", False)):
            values = event.get(name, [])
            for prop in values if isinstance(values, list) else [values]:
                for item in getattr(prop, "dts", []):
                    value = item.dt[0] if isinstance(item.dt, tuple) else item.dt
                    moment = self.moment_of(prop, value, name, node.line_of(name))
                    if isinstance(moment, dt.datetime) != isinstance(start, dt.datetime):
                        raise self.error(
                            f"{name} and DTSTART are not both dates or both date-times",
                            node.line_of(name),
                            "VALUE=DATE on both or on neither",
                            problem_da=f"{name} og DTSTART er ikke begge datoer eller begge "
                            "tidspunkter",
                            expected_da="VALUE=DATE på begge eller på ingen af dem",
                        )
                    if add:
                        found.append(moment)
                    else:
                        found = [f for f in found if f != moment]
        unique = sorted(set(found), key=_sort_key)
        return [s for s in unique if (uid, s) not in moved]

    def expand(self, rule: str, start: dt.date, line: int) -> list[dt.date]:
        from dateutil.rrule import rrule, rrulestr

        parts = dict(p.partition("=")[::2] for p in rule.split(";") if p)
        parts = {k.strip().upper(): v.strip() for k, v in parts.items()}
        until_text = parts.pop("UNTIL", None)
        if until_text is None and "COUNT" not in parts:
            raise self.error(
                "a repeating event without an end",
                line,
                "single events, or a series that ends (COUNT or UNTIL)",
                problem_da="en gentagen begivenhed uden slutning",
                expected_da="enkelte begivenheder eller en serie, der slutter (COUNT eller UNTIL)",
            )
        timed = isinstance(start, dt.datetime)
        first = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                made = rrulestr(";".join(f"{k}={v}" for k, v in parts.items()), dtstart=first)
                if not isinstance(made, rrule):  # pragma: no cover - one rule gives one rrule
                    raise ValueError("not a single rule")
                count = int(parts["COUNT"]) if "COUNT" in parts else None
                if count is not None and count > MAX_OCCURRENCES:
                    found = [first] * (MAX_OCCURRENCES + 1)  # refused below, unexpanded
                else:
                    # dateutil looks for occurrences up to the year 9999, which takes seconds
                    # for a rule that matches no day; no occurrence may lie past the range.
                    last = dt.datetime.combine(limits.LAST_DATE, dt.time.max, first.tzinfo)
                    if until_text is not None:
                        until = self.until(until_text, first)
                        if until > last:  # as good as no end
                            raise UnsupportedDateError(
                                until.date(), what="UNTIL", what_da="UNTIL", path=self.path,
                                line=line,
                            )  # fmt: skip
                        last = until
                    made = made.replace(count=None, until=last)
                    found = list(
                        itertools.islice(made, MAX_OCCURRENCES + 1 if count is None else count)
                    )
        except (ValueError, TypeError, OverflowError, KeyError, IndexError) as exc:
            raise self.error(
                f"cannot read RRULE ({_short(exc)})",
                line,
                "a recurrence rule such as FREQ=WEEKLY;COUNT=5",
                problem_da=f"RRULE kan ikke læses ({_short(exc)})",
                expected_da="en gentagelsesregel som FREQ=WEEKLY;COUNT=5",
            ) from None
        if len(found) > MAX_OCCURRENCES:
            raise self.error(
                f"a repeating event with more than {MAX_OCCURRENCES} occurrences",
                line,
                "single events, or a shorter series",
                problem_da=f"en gentagen begivenhed med mere end {MAX_OCCURRENCES} forekomster",
                expected_da="enkelte begivenheder eller en kortere serie",
            )
        if count is not None and len(found) < count:
            last_day = limits.LAST_DATE.isoformat()
            raise self.error(
                f"a repeating event whose {count} occurrences do not all fall by {last_day}",
                line,
                f"a series within {limits.RANGE}",
                problem_da=f"en gentagen begivenhed, hvis {count} forekomster ikke alle "
                f"ligger senest {last_day}",
                expected_da=f"en serie inden for {limits.RANGE}",
            )
        starts: list[dt.date] = list(found) if timed else [d.date() for d in found]
        return starts

    def until(self, text: str, first: dt.datetime) -> dt.datetime:
        value = icalendar.vDDDTypes.from_ical(text)  # type: ignore[no-untyped-call]
        if isinstance(value, dt.datetime):
            if first.tzinfo is None:  # an all-day series: compare local dates
                return value.astimezone(self.local).replace(tzinfo=None) if value.tzinfo else value
            return value if value.tzinfo else value.replace(tzinfo=first.tzinfo)
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time.max, first.tzinfo)
        raise ValueError(f"UNTIL={text} is not a date")

    # -- body --------------------------------------------------------------------------

    def body_of(self, event: Any, summary: str, meeting_id: str | None, node: _Node) -> str:
        if self.body is not None:
            return self.body
        if meeting_id is not None:
            with contextlib.suppress(KeyError):
                return self.calendar.meeting(meeting_id).body
        found = self.summary(summary).body
        if found is None:
            categories = event.get("CATEGORIES", [])
            for prop in categories if isinstance(categories, list) else [categories]:
                for category in getattr(prop, "cats", []):
                    found = found or self.names.first(str(category))
        if found is None:
            if summary:
                problem = f"SUMMARY {summary!r} names no known body"
                problem_da = f"SUMMARY {summary!r} nævner intet kendt organ"
            else:
                problem = "an event without SUMMARY names no known body"
                problem_da = "en begivenhed uden SUMMARY nævner intet kendt organ"
            raise self.error(
                problem,
                node.line,
                _EXPECTED_BODY,
                problem_da=problem_da,
                expected_da=_EXPECTED_BODY_DA,
            )
        return found


def _iana(name: str) -> dt.tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # not a zone, or not a zone *name*
        return None


def _wall(moment: dt.datetime) -> dt.time:
    return moment.time().replace(fold=0)


def _show(moment: dt.date) -> str:
    return (
        moment.isoformat(sep=" ", timespec="minutes")
        if isinstance(moment, dt.datetime)
        else moment.isoformat()
    )


def _sort_key(moment: dt.date) -> tuple[dt.date, float]:
    if isinstance(moment, dt.datetime):
        return (moment.date(), moment.timestamp())
    return (moment, 0.0)


# -- naming a body ---------------------------------------------------------------------------
