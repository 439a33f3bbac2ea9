"""An ``.ics`` file as lines and components, before any event is read.

What a reader of ``.ics`` must know about the file itself: the physical line of every
logical line (folded continuations counted), the nesting of components checked,
recurrence rules checked against the limits before anything is expanded, and icalendar's
parse, with the line of any error found by bisecting on prefixes. :mod:`.ics` turns the
components into meetings.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import attrs
import icalendar
from icalendar.parser import Contentline

from ..exceptions import InputError

# icalendar's own unfolding rules (a line break followed by a space or tab, possibly after
# blank lines, continues the line), repeated here so that lines can be counted. Its UFOLD
# pattern, ``(?:(?<!\n)\r\n|(?<![\r\n])\n)(?:\r?\n)*[ \t]``, with each look-behind moved
# after the line break it guards: the same matches (tested against icalendar's), found five
# times as fast, because the search can skip ahead to line breaks instead of trying the
# look-behinds at every character. Lines are split at ``\r?\n``, as icalendar splits them.
_UFOLD = re.compile(r"(?:\r\n(?<!\n\r\n)|\n(?<![\r\n]\n))(?:\r?\n)*[ \t]")

_CONFERENCE_PROPERTIES = (
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
    "X-GOOGLE-CONFERENCE",
    "CONFERENCE",
)
_ALL_DAY_PROPERTIES = ("X-MICROSOFT-CDO-ALLDAYEVENT", "X-MICROSOFT-MSNCALENDAR-ALLDAYEVENT")
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
