"""Read ``.ics`` files — Outlook and Google exports, and our own feeds — as sightings.

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
  arbitrary horizon would invent meetings.
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
import functools
import itertools
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import attrs
import icalendar
from icalendar.parser import Contentline

from .. import limits
from ..exceptions import InputError, KdnetCalendarError, TimeOrderError, UnsupportedDateError
from ..limits import MAX_OCCURRENCES
from ..model import Calendar, Context, MeetingKind, Source, Statement, Status
from . import Sighting
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

# icalendar's own unfolding rules (a line break followed by a space or tab, possibly after
# blank lines, continues the line), repeated here so that lines can be counted. Its UFOLD
# pattern, ``(?:(?<!\n)\r\n|(?<![\r\n])\n)(?:\r?\n)*[ \t]``, with each look-behind moved
# after the line break it guards: the same matches (tested against icalendar's), found five
# times as fast, because the search can skip ahead to line breaks instead of trying the
# look-behinds at every character. Lines are split at ``\r?\n``, as icalendar splits them.
_UFOLD = re.compile(r"(?:\r\n(?<!\n\r\n)|\n(?<![\r\n]\n))(?:\r?\n)*[ \t]")

_CANCELLED_PREFIX = re.compile(r"^\s*(?:aflyst|cancell?ed|annulleret)\s*[:–-]\s*", re.IGNORECASE)
#: How our feeds (and people) mark a meeting not yet decided: the status says it, so the
#: title is kept without it, as it is without "AFLYST: ".
_TENTATIVE_PREFIX = re.compile(r"^\s*(?:foreløbig|foreløbigt|tentative)\s*[:–-]\s*", re.IGNORECASE)
#: SEQUENCE as RFC 5545 has it: a non-negative integer; the model's limit is 2³¹ − 1.
_SEQUENCE = re.compile(r"\+?([0-9]{1,10})")
_MAX_SEQUENCE = 2**31 - 1
_VIRTUAL = re.compile(r"\b(?:teams|zoom|skype|webex|online)|virtuel|https?://", re.IGNORECASE)
_CONFERENCE_PROPERTIES = (
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
    "X-GOOGLE-CONFERENCE",
    "CONFERENCE",
)
_ALL_DAY_PROPERTIES = ("X-MICROSOFT-CDO-ALLDAYEVENT", "X-MICROSOFT-MSNCALENDAR-ALLDAYEVENT")
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
_TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")
#: The only properties of an event the reader looks at; icalendar is spared the rest (an
#: Outlook export's HTML descriptions and attendee lists are most of its bytes).
_READ_PROPERTIES = frozenset(
    {
        *_TIME_PROPERTIES,
        *_CONFERENCE_PROPERTIES,
        *_ALL_DAY_PROPERTIES,
        "UID", "SUMMARY", "LOCATION", "STATUS", "CATEGORIES", "URL", "SEQUENCE",
    }
)  # fmt: skip
_FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY")
_ORDINAL_WEEKDAY = re.compile(r"([+-]?)([0-9]*)(MO|TU|WE|TH|FR|SA|SU)", re.IGNORECASE)

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


class _Line(NamedTuple):
    # A tuple rather than an attrs class: a large file has a few hundred thousand lines.
    number: int  # the physical, 1-based line where the logical line starts
    text: str


@attrs.define
class _Node:
    """A component as the file lays it out: where it begins and where its properties are."""

    name: str
    line: int
    #: (line, value) of each property by name. A property seen once is kept in a tuple,
    #: which the garbage collector stops tracking: a large file has a hundred thousand.
    properties: dict[str, Sequence[tuple[int, str]]] = attrs.Factory(dict)
    children: list[_Node] = attrs.Factory(list)
    #: An event read without icalendar (see :func:`_plain_value`); ``None`` for the rest.
    plain: _PlainEvent | None = None

    def line_of(self, name: str) -> int:
        found = self.properties.get(name)
        return found[0][0] if found else self.line


def _decode(data: bytes | str, path: str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x})",
            path=path,
            line=line,
            expected="an iCalendar file encoded as UTF-8",
            problem_da=f"ikke UTF-8-tekst (byte 0x{data[exc.start]:02x})",
            expected_da="en iCalendar-fil i UTF-8",
        ) from None


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfold ``text`` exactly as icalendar does, remembering each line's physical number.

    The text is unfolded and split as icalendar does it; a logical line's number is then
    its index plus the line breaks that folds in the lines before it removed. Linear in the
    text: no per-line regular expression, and the fold positions are walked once. Lines are
    made as they are read, so that only those kept for icalendar stay in memory, and as
    plain tuples: ``(number, text)``, as :class:`_Line` holds them.
    """
    pieces: list[str] = []
    folds: list[tuple[int, int]] = []  # (position in the unfolded text, line breaks removed)
    cursor = removed = 0
    # Every fold ends in a line break and a blank; most exports have none.
    maybe_folded = "\n " in text or "\n\t" in text
    for fold in _UFOLD.finditer(text) if maybe_folded else ():
        pieces.append(text[cursor : fold.start()])
        folds.append((fold.start() - removed, text.count("\n", fold.start(), fold.end())))
        removed += fold.end() - fold.start()
        cursor = fold.end()
    pieces.append(text[cursor:])
    unfolded = "".join(pieces)
    # ``re.split(r"\r?\n", unfolded)``, five times as fast.
    texts = unfolded.replace("\r\n", "\n").split("\n")
    if not folds:
        yield from enumerate(texts, 1)
        return
    hidden = [0] * len(texts)  # line breaks folded away inside each logical line
    index = previous = 0
    for position, breaks in folds:
        index += unfolded.count("\n", previous, position)
        previous = position
        hidden[index] += breaks
    number = 1
    for line, extra in zip(texts, hidden, strict=True):
        yield number, line
        number += 1 + extra


def _structure(
    lines: Iterable[tuple[int, str]], path: str
) -> tuple[list[_Node], list[tuple[int, str]]]:
    """Check the BEGIN/END nesting and record where each component and property is.

    icalendar forgives an END that closes the wrong component and silently drops one that
    is never closed; a secretary would rather hear about both. Also returns the lines that
    icalendar is to parse: all but the properties of events that the reader never reads,
    and but plain events (see :func:`_plain_value`), which the reader reads itself.
    """
    roots: list[_Node] = []
    stack: list[_Node] = []
    wanted: list[tuple[int, str]] = []  # (number, text), as _Line holds them
    event_start = 0  # where in ``wanted`` the innermost event's lines begin
    for pair in lines:
        number, text = pair
        if not text:
            continue
        try:
            name, params, value = _split(text)
        except Exception:  # noqa: BLE001 - icalendar's parser raises anything on bad text
            name = value = ""
            params = None
        name = name.upper()
        if not roots and (name, value.upper()) != ("BEGIN", "VCALENDAR"):
            raise InputError(
                "not an iCalendar file",
                path=path,
                line=number,
                expected="BEGIN:VCALENDAR as the first line",
                problem_da="ikke en iCalendar-fil",
                expected_da="BEGIN:VCALENDAR som første linje",
            )
        if not name:
            raise InputError(
                f"cannot read this line: {_snippet(text)}",
                path=path,
                line=number,
                expected="an iCalendar content line, NAME;PARAMETER=…:VALUE",
                problem_da=f"linjen kan ikke læses: {_snippet(text)}",
                expected_da="en iCalendar-linje, NAVN;PARAMETER=…:VÆRDI",
            )
        if name == "BEGIN":
            node = _Node(value.upper(), number)
            if not node.name:
                raise InputError(
                    "BEGIN without a component name",
                    path=path,
                    line=number,
                    expected="BEGIN:VEVENT, BEGIN:VTIMEZONE, …",
                    problem_da="BEGIN uden navn på en komponent",
                    expected_da="BEGIN:VEVENT, BEGIN:VTIMEZONE, …",
                )
            if node.name == "VEVENT":
                node.plain = _PlainEvent()
                event_start = len(wanted)
            if stack:
                stack[-1].children.append(node)
                stack[-1].plain = None  # an event with an alarm goes to icalendar whole
            elif node.name == "VCALENDAR":
                roots.append(node)
            else:
                raise InputError(
                    f"BEGIN:{node.name} outside a calendar",
                    path=path,
                    line=number,
                    expected="BEGIN:VCALENDAR",
                    problem_da=f"BEGIN:{node.name} uden for en kalender",
                    expected_da="BEGIN:VCALENDAR",
                )
            stack.append(node)
        elif name == "END":
            if not stack:
                raise InputError(
                    f"END:{value} without a matching BEGIN",
                    path=path,
                    line=number,
                    expected="nothing after END:VCALENDAR",
                    problem_da=f"END:{value} uden et tilhørende BEGIN",
                    expected_da="intet efter END:VCALENDAR",
                )
            if stack[-1].name != value.upper():
                raise InputError(
                    f"END:{value} closes BEGIN:{stack[-1].name} from line {stack[-1].line}",
                    path=path,
                    line=number,
                    expected=f"END:{stack[-1].name}",
                    problem_da=f"END:{value} afslutter BEGIN:{stack[-1].name} fra linje "
                    f"{stack[-1].line}",
                    expected_da=f"END:{stack[-1].name}",
                )
            closed = stack.pop()
            if closed.plain is not None:
                del wanted[event_start:]  # read without icalendar
                continue
        elif stack:
            top = stack[-1]
            seen = top.properties.get(name)
            if seen is None:
                top.properties[name] = ((number, value),)
            elif isinstance(seen, list):
                seen.append((number, value))
            else:
                top.properties[name] = [*seen, (number, value)]
            if top.name == "VEVENT":
                if name not in _READ_PROPERTIES:
                    continue
                if top.plain is not None:
                    found = None if name in top.plain else _plain_value(name, params, value)
                    if found is None:
                        top.plain = None
                    else:
                        top.plain[name] = found
        elif name != "X-COMMENT":  # icalendar, too, allows comments after the calendar
            raise InputError(
                f"{name} outside a calendar",
                path=path,
                line=number,
                expected="nothing after END:VCALENDAR",
                problem_da=f"{name} uden for en kalender",
                expected_da="intet efter END:VCALENDAR",
            )
        wanted.append(pair)
    if stack:
        raise InputError(
            f"BEGIN:{stack[-1].name} is never closed",
            path=path,
            line=stack[-1].line,
            expected=f"END:{stack[-1].name}",
            problem_da=f"BEGIN:{stack[-1].name} afsluttes aldrig",
            expected_da=f"END:{stack[-1].name}",
        )
    if not roots:
        raise InputError(
            "the file is empty",
            path=path,
            line=1,
            expected="an iCalendar file, BEGIN:VCALENDAR … END:VCALENDAR",
            problem_da="filen er tom",
            expected_da="en iCalendar-fil, BEGIN:VCALENDAR … END:VCALENDAR",
        )
    return roots, wanted


#: A line without quotes, backslashes or carets, whose parameter values hold no comma or
#: equals sign and do not start or end with white space: most lines of an export, which
#: icalendar would split at the first ``;`` and ``:`` and leave as they are. The Python loop
#: over each character that icalendar's splitter runs is half the time it takes to read a
#: large file.
_SIMPLE_VALUE = r'[^\s"\\^;:,=](?:[^"\\^;:,=]*[^\s"\\^;:,=])?'  # of a parameter
_SIMPLE_LINE = re.compile(
    rf"([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+={_SIMPLE_VALUE})*):([^\\]*)", re.DOTALL
)


_NO_PARAMS: Mapping[str, str] = {}  # shared, so read only


def _split(text: str) -> tuple[str, Mapping[str, str] | None, str]:
    """A content line's name, parameters and raw value, split by icalendar's own rules.

    The parameters, names in upper case, are given only for a simple line (``None`` when
    icalendar split it: quoted, escaped or repeated parameters).
    """
    simple = _SIMPLE_LINE.fullmatch(text)
    if simple is not None:
        name, section, value = simple.groups()
        return name, _simple_params(section) if section else _NO_PARAMS, value
    name, _params, value = Contentline(text).parts()  # type: ignore[no-untyped-call]
    return str(name), None, str(value)


@functools.lru_cache(maxsize=256)
def _simple_params(section: str) -> Mapping[str, str] | None:
    """The parameters of a simple line (``;TZID=Europe/Copenhagen``), ``None`` if repeated.

    Cached: a file repeats the same few (a large one, 40,000 times), so read only. A dict of
    text, which the garbage collector does not track, nor the tuples that hold it.
    """
    params: dict[str, str] = {}
    for param in section[1:].split(";"):
        key, _, value = param.partition("=")
        params[key.upper()] = value
    return params if len(params) == section.count(";") else None


def _parts(text: str) -> tuple[str, str]:
    """A content line's name and raw value, split by icalendar's own rules."""
    name, _params, value = _split(text)
    return name, value


# -- events read without icalendar -----------------------------------------------------------
#
# icalendar spends some 50 µs on each property it reads, even on lines already split:
# Parameters objects, type look-ups, and a time-zone search for every DTSTART with a
# TZID. That is 4-5 s for 20,000 plain events, more than the reader may take in all. So
# an event whose properties are all of the few plain forms below (one each; DTSTART and
# DTEND digits with at most a TZID or VALUE; text without escapes) is read here, with
# icalendar's own value parsers, into the shape icalendar would give it. Anything else
# (a RRULE, an escape, a parameter, a repeated property, an alarm, a value the digits do
# not make a date of) sends the whole event to icalendar, as before, with its errors.


_Date = dt.date  # the name ``dt`` is taken in _PlainTime


class _PlainEvent(dict[str, Any]):
    """A plain event's values by property name, as icalendar's ``Event`` holds them."""

    errors: tuple[tuple[str, str], ...] = ()  # icalendar's list of unreadable values


class _PlainTime(NamedTuple):
    """A DTSTART or DTEND as icalendar's ``vDDDTypes`` holds it (a tuple, like _Line)."""

    dt: _Date
    params: Mapping[str, str]


_PLAIN_TIMES = frozenset({"DTSTART", "DTEND"})
_PLAIN_TEXTS = frozenset(
    {"UID", "SUMMARY", "LOCATION", "STATUS", "URL", *_CONFERENCE_PROPERTIES, *_ALL_DAY_PROPERTIES}
)
_DATE_TIME_VALUE = re.compile(r"[0-9]{8}T[0-9]{6}Z?")
_PLAIN_TEXT_PARAMS = frozenset({"LANGUAGE"})
_PLAIN_TIME_PARAMS = frozenset({"TZID", "VALUE"})
_LOCAL_TIME_VALUE = re.compile(r"[0-9]{8}T[0-9]{6}")
_DATE_VALUE = re.compile(r"[0-9]{8}")


def _datetime_value(text: str) -> dt.datetime:
    value: dt.datetime = icalendar.vDatetime.from_ical(text)  # type: ignore[no-untyped-call]
    return value


def _date_value(text: str) -> dt.date:
    value: dt.date = icalendar.vDate.from_ical(text)  # type: ignore[no-untyped-call]
    return value


def _plain_value(name: str, params: Mapping[str, str] | None, value: str) -> object | None:
    """The value icalendar would give this event property, if it is plain; else ``None``."""
    if params is None:
        return None
    if name in _PLAIN_TEXTS:
        # icalendar keeps text (and a URL) as written when nothing is escaped; only
        # VALUE or ENCODING could change that, and LANGUAGE is all an export writes.
        return value if not params or params.keys() <= _PLAIN_TEXT_PARAMS else None
    if name == "SEQUENCE":
        # Digits are what icalendar's vInt would make an int of; anything else goes to it.
        return int(value) if not params and value.isascii() and value.isdigit() else None
    if name not in _PLAIN_TIMES or not params.keys() <= _PLAIN_TIME_PARAMS:
        return None
    kind = params.get("VALUE", "")
    try:
        if "TZID" in params:
            # icalendar localizes a date with a TZID to midnight, and ignores a Z after
            # one: both rare enough to leave to it. Local times get their zone later.
            if kind in ("", "DATE-TIME") and _LOCAL_TIME_VALUE.fullmatch(value):
                return _PlainTime(_datetime_value(value), params)
        elif kind in ("", "DATE-TIME") and _DATE_TIME_VALUE.fullmatch(value):
            return _PlainTime(_datetime_value(value), params)
        elif kind in ("", "DATE") and _DATE_VALUE.fullmatch(value):
            return _PlainTime(_date_value(value), params)
    except ValueError:  # 20251301: icalendar's own message, from icalendar's own parse
        return None
    return None


def _check_rules(roots: Sequence[_Node], path: str) -> None:
    """Refuse recurrence rules that would expand without end before anything expands them.

    A time zone's rules are expanded lazily by dateutil the first time a time is converted,
    from their DTSTART up to that time, every occurrence kept: FREQ=SECONDLY there is
    billions of them, and INTERVAL=0 never advances at all. Time zones change once a year;
    meetings repeat daily at most.
    """
    stack = list(roots)
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        zone = node.name in ("STANDARD", "DAYLIGHT")
        for line, rule in node.properties.get("RRULE", ()):
            found = _rule_problem(rule, zone=zone)
            if found is not None:
                problem, expected, problem_da, expected_da = found
                raise InputError(
                    f"{problem} (refused before expanding it)",
                    path=path,
                    line=line,
                    expected=expected,
                    problem_da=f"{problem_da} (afvist, før den blev udfoldet)",
                    expected_da=expected_da,
                )


def _rule_problem(rule: str, *, zone: bool) -> tuple[str, str, str, str] | None:
    """What is wrong with an RRULE and what was expected, in English and in Danish; None
    if nothing is."""
    parts = {
        k.strip().upper(): v.strip() for k, _, v in (p.partition("=") for p in rule.split(";"))
    }
    freq = parts.get("FREQ", "").upper()
    whose = "a time zone's RRULE" if zone else "RRULE"
    whose_da = "en tidszones RRULE" if zone else "RRULE"
    allowed = ("YEARLY",) if zone else _FREQUENCIES
    if freq not in allowed:
        shown = _snippet(freq)[1:-1]
        listed = ", ".join(allowed[:-1])
        return (
            f"{whose} with FREQ={shown}",
            "FREQ=YEARLY, as time zones change once a year"
            if zone
            else f"FREQ={listed} or {allowed[-1]}",
            f"{whose_da} med FREQ={shown}",
            "FREQ=YEARLY, da tidszoner skifter én gang om året"
            if zone
            else f"FREQ={listed} eller {allowed[-1]}",
        )
    interval = parts.get("INTERVAL")
    if interval is not None and not (re.fullmatch(r"[0-9]{1,4}", interval) and int(interval)):
        shown = _snippet(interval)[1:-1]
        return (
            f"{whose} with INTERVAL={shown}",
            "INTERVAL=1 or more",
            f"{whose_da} med INTERVAL={shown}",
            "INTERVAL=1 eller mere",
        )
    # Weekdays numbered within a month (2SU) or a year (20MO); dateutil fails on others.
    most = 5 if freq == "MONTHLY" or (freq == "YEARLY" and "BYMONTH" in parts) else 53
    for day in parts.get("BYDAY", "").split(","):
        found = _ORDINAL_WEEKDAY.fullmatch(day.strip())
        if found and found.group(2) and not 1 <= int(found.group(2)) <= most:
            shown = _snippet(day)[1:-1]
            return (
                f"{whose} with BYDAY={shown}, which names no weekday",
                f"a weekday numbered from 1 to {most} or -1 to -{most}, such as -1SU",
                f"{whose_da} med BYDAY={shown}, som ikke angiver nogen ugedag",
                f"en ugedag nummereret fra 1 til {most} eller -1 til -{most}, som -1SU",
            )
    if not zone and _never(parts.get("BYMONTH", ""), parts.get("BYMONTHDAY", "")):
        months = _snippet(parts["BYMONTH"])[1:-1]
        days = _snippet(parts["BYMONTHDAY"])[1:-1]
        return (
            f"{whose} with BYMONTH={months} and BYMONTHDAY={days}, which never occurs",
            "a day that the months named have",
            f"{whose_da} med BYMONTH={months} og BYMONTHDAY={days}, som aldrig indtræffer",
            "en dag, som de nævnte måneder har",
        )
    return None


_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _never(months: str, days: str) -> bool:
    """Whether no month named has any day named (30 February): dateutil would search
    day by day up to the year 9999, seconds for every such rule, before giving up."""
    try:
        named = [int(m) for m in months.split(",")] if months else list(range(1, 13))
        wanted = [abs(int(d)) for d in days.split(",")] if days else []
    except ValueError:
        return False  # dateutil says what is wrong with it
    if not wanted or not all(1 <= m <= 12 for m in named):
        return False
    return all(d > _MONTH_DAYS[m - 1] for m in named for d in wanted)


def _snippet(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _parse_text(texts: Sequence[str]) -> list[icalendar.Calendar]:
    # icalendar warns about guessed zones and the like; the reader reports what matters
    # itself, and a warning escaping into a CI log helps nobody.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return icalendar.Calendar.from_ical("\r\n".join(texts) + "\r\n", multiple=True)


def _parse(wanted: Sequence[tuple[int, str]], path: str) -> list[icalendar.Calendar]:
    """Parse with icalendar; if it fails, find the first line it fails on."""
    lines = [_Line(*pair) for pair in wanted]
    texts = [line.text for line in lines]
    try:
        return _parse_text(texts)
    except Exception as exc:  # noqa: BLE001 - icalendar raises ValueError, TypeError, …
        error: BaseException = exc
    # Bisect on prefixes, each closed with the END lines its open components need.
    good, bad = 0, len(texts)
    while bad - good > 1:
        middle = (good + bad) // 2
        try:
            _parse_text(_prefix(texts, middle))
        except Exception as exc:  # noqa: BLE001 - as above: whatever the parser raises
            bad, error = middle, exc
        else:
            good = middle
    culprit = lines[bad - 1]
    opening = _opening_of(lines, bad - 1)
    if opening is not None:
        # icalendar's own words, in the parentheses, stay English: it has no others.
        raise InputError(
            f"cannot read the {opening[1]} block ({_short(error)})",
            path=path,
            line=opening[0],
            expected=f"a valid {opening[1]} component",
            problem_da=f"{opening[1]}-blokken kan ikke læses ({_short(error)})",
            expected_da=f"en gyldig {opening[1]}-komponent",
        )
    raise InputError(
        f"cannot read this line ({_short(error)})",
        path=path,
        line=culprit.number,
        expected="a valid iCalendar property value",
        problem_da=f"linjen kan ikke læses ({_short(error)})",
        expected_da="en gyldig værdi for en iCalendar-egenskab",
    )


def _begin_end(text: str) -> tuple[str, str] | None:
    head = text[:6].upper()
    if not head.startswith(("BEGIN", "END")):
        return None
    name, value = _parts(text)
    name = name.upper()
    return (name, value.upper()) if name in ("BEGIN", "END") else None


def _prefix(texts: Sequence[str], length: int) -> list[str]:
    """The first ``length`` lines made whole: open components closed, except that an
    unfinished VTIMEZONE is left out, since icalendar builds the zone when it closes and
    half a zone fails for reasons of its own."""
    open_: list[tuple[int, str]] = []
    for i, text in enumerate(texts[:length]):
        found = _begin_end(text) if text else None
        if found is not None:
            if found[0] == "BEGIN":
                open_.append((i, found[1]))
            else:
                open_.pop()
    zone = next((k for k, (_i, name) in enumerate(open_) if name == "VTIMEZONE"), len(open_))
    cut = open_[zone][0] if zone < len(open_) else length
    return [*texts[:cut], *(f"END:{name}" for _i, name in reversed(open_[:zone]))]


def _opening_of(lines: Sequence[_Line], index: int) -> tuple[int, str] | None:
    """The BEGIN line an END line at ``index`` closes (a VTIMEZONE is built at its END)."""
    found = _begin_end(lines[index].text) if lines[index].text else None
    if found is None or found[0] != "END":
        return None
    depth = 0
    for line in reversed(lines[:index]):
        other = _begin_end(line.text) if line.text else None
        if other is None:
            continue
        if other[0] == "END":
            depth += 1
        elif depth:
            depth -= 1
        else:
            return line.number, other[1]
    return None  # pragma: no cover - the structure was checked


def _pairs(component: icalendar.Component, node: _Node) -> Iterator[tuple[Any, _Node]]:
    """Components with their nodes, in file order (both trees come from the same lines).

    icalendar never saw the plain events, which stand in for themselves.
    """
    stack: list[tuple[Any, _Node]] = [(component, node)]
    while stack:
        c, n = stack.pop()
        yield c, n
        if n.plain is not None:
            continue
        parsed = iter(zip(c.subcomponents, [k for k in n.children if k.plain is None], strict=True))
        stack.extend(
            reversed([(k.plain, k) if k.plain is not None else next(parsed) for k in n.children])
        )


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
