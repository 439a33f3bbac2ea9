"""Calendars and byte-level readers shared by ``tests/test_feeds.py`` and the client tests.

The readers here work on the feed's bytes directly, not through ``icalendar``: the point
is to check what the project's own library wrote, so it must not be the judge of it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from kdnet_calendar import (
    Body,
    Calendar,
    Meeting,
    MeetingKind,
    Membership,
    Person,
    Status,
)

BASE_URL = "https://kalender.example.dk/feeds/"
TZID = "Europe/Copenhagen"
CPH = ZoneInfo(TZID)
UTC = dt.UTC

#: A calendar name with everything RFC 5545 TEXT must escape, and Danish letters.
ADVERSARIAL_NAME = 'Råd, netværk; "KKR"\nØstjylland \\ Århus'
#: A realistic note that defeats naive escaping: a Windows share path with ``\N`` in it.
UNC_NOTE = "Bilag: \\\\fil01\\Møder\\Nyt referat.docx; se også \\\\fil01\\Arkiv, mappe 2"
TEAMS_URL = (
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ5ZTk4YjctYzQ1Ny00ZmI1LTk0"
    "%40thread.v2/0?context=%7b%22Tid%22%3a%22a1b2c3%22%2c%22Oid%22%3a%22d4e5f6%22%7d"
)
ZOOM_URL = "https://zoom.example.dk/j/123456?pwd=a,b;c&navn=m%C3%B8de"


def adversarial_calendar() -> Calendar:
    """Every shape of meeting the feeds must carry, with hostile text in every field."""
    raad, gruppe = "raad", "gruppe"

    def meeting(
        meeting_id: str,
        day: dt.date,
        start: dt.time | None = dt.time(10),
        end: dt.time | None = dt.time(12),
        body: str = raad,
        **kw: Any,
    ) -> Meeting:
        return Meeting(meeting_id, body, day, start, end, **kw)

    meetings = (
        meeting("raad-vinter", dt.date(2024, 1, 26), location="Mødelokale 1, 2. sal; Åbyhøj\\syd"),
        meeting("raad-sommer", dt.date(2024, 6, 7), note='Dagsorden: "Budget", punkt 1;2\nSlut.'),
        meeting(
            "raad-aflyst",
            dt.date(2024, 9, 6),
            status=Status.CANCELLED,
            sequence=3,
            title="Budget, 2025; ekstra møde",
        ),
        meeting("raad-foreloebig", dt.date(2024, 11, 8), status=Status.TENTATIVE),
        meeting("raad-virtuelt", dt.date(2025, 1, 24), virtual=True, url=TEAMS_URL),
        meeting(
            "gruppe-zoom",
            dt.date(2025, 2, 5),
            dt.time(13),
            None,
            body=gruppe,
            virtual=True,
            url=ZOOM_URL,
            title="Zoom, kort; møde",
        ),
        # The days the clocks change: 10:00 is 08:00Z in spring, 09:00Z in autumn.
        meeting("raad-sommertid-start", dt.date(2024, 3, 31)),
        meeting("raad-sommertid-slut", dt.date(2024, 10, 27)),
        # Night meetings across the change itself (both ends exist and are unambiguous).
        meeting("gruppe-nat-foraar", dt.date(2025, 3, 30), dt.time(1), dt.time(4), body=gruppe),
        meeting("gruppe-nat-efteraar", dt.date(2025, 10, 26), dt.time(1), dt.time(4), body=gruppe),
        # Time not known yet: an all-day entry that must not block the day.
        meeting("raad-ukendt-tid", dt.date(2025, 3, 28), None, None, note=UNC_NOTE),
        meeting(
            "studietur-2024",
            dt.date(2024, 5, 21),
            None,
            None,
            end_date=dt.date(2024, 5, 23),
            kind=MeetingKind.STUDY_TRIP,
            title="Studietur til Bruxelles, Bruges; Gent",
            location="Bruxelles\nBelgien",
            participants=(gruppe,),
        ),
        meeting(
            "seminar-2025",
            dt.date(2025, 9, 1),
            dt.time(13),
            dt.time(15),
            end_date=dt.date(2025, 9, 2),
            kind=MeetingKind.SEMINAR,
            title="Seminar – 2 dage; overnatning",
        ),
        meeting(
            "frist-hoering",
            dt.date(2025, 6, 20),
            None,
            None,
            kind=MeetingKind.DEADLINE,
            title="Frist: høring, del 1; bilag \\ 2",
        ),
    )
    return Calendar(
        bodies=(
            Body(
                raad,
                "Rådet for Øst, Vest; Nord\nSyd \\ æøå",
                full_name="Det fælles råd, øst; vest",
                location="Rådhuset, Store Sal; 1. sal",
            ),
            Body(gruppe, "Gruppe 🙂 Ærø", full_name="Gruppen, den lille"),
        ),
        meetings=meetings,
        people=(
            Person(
                "soeren-hansen",
                'Hansen, Søren; "SH"',
                memberships=(Membership(raad, since=dt.date(2024, 6, 1)),),
            ),
        ),
        name=ADVERSARIAL_NAME,
        description='Alle møder; også "aflyste", ikke\\ kun\nnye.',
        organisation="Region Øst, KKR",
        domain="kalender.example.dk",
        modified=dt.datetime(2024, 6, 1, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    )


# -- reading the bytes -------------------------------------------------------------------


def unfold(data: bytes) -> list[str]:
    """The content lines of a feed (RFC 5545 3.1), decoded, without the CRLFs."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    lines: list[str] = []
    for physical in text[:-2].split("\r\n"):
        if physical[:1] in (" ", "\t"):
            lines[-1] += physical[1:]
        else:
            lines.append(physical)
    return lines


def split_line(line: str) -> tuple[str, str, str]:
    """``NAME;PARAMS:VALUE`` → (NAME, PARAMS, VALUE); a quoted parameter may hold ``:``."""
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:i], line[i + 1 :]
            name, _, params = head.partition(";")
            return name.upper(), params, value
    raise AssertionError(f"not a content line: {line!r}")


def blocks(lines: list[str], component: str) -> list[list[str]]:
    """The content lines of each ``component`` (VEVENT, VTIMEZONE, …), BEGIN/END excluded."""
    found: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if line == f"BEGIN:{component}":
            current = []
        elif line == f"END:{component}":
            assert current is not None
            found.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return found


def calendar_lines(lines: list[str]) -> list[str]:
    """The VCALENDAR's own properties (outside every subcomponent)."""
    depth = 0
    own: list[str] = []
    for line in lines:
        if line.startswith("BEGIN:"):
            depth += 1
        elif line.startswith("END:"):
            depth -= 1
        elif depth == 1:
            own.append(line)
    return own


def values(lines: list[str], name: str) -> list[tuple[str, str]]:
    """(PARAMS, VALUE) of every ``name`` property among ``lines``."""
    return [(p, v) for n, p, v in map(split_line, lines) if n == name]


def value(lines: list[str], name: str) -> str:
    """The raw value of the one ``name`` property among ``lines``."""
    found = values(lines, name)
    assert len(found) == 1, f"{name}: {len(found)} occurrences in {lines}"
    return found[0][1]


def escape(text: str) -> str:
    """RFC 5545 3.3.11 TEXT escaping, written out independently of ``icalendar``."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def unescape(raw: str) -> str:
    """RFC 5545 3.3.11 TEXT unescaping, one escape at a time (left to right)."""
    out: list[str] = []
    chars = iter(raw)
    for char in chars:
        if char != "\\":
            out.append(char)
            continue
        nxt = next(chars, "")
        assert nxt in "\\;,nN", f"invalid escape \\{nxt} in {raw!r}"
        out.append("\n" if nxt in "nN" else nxt)
    return "".join(out)


def fold_problems(data: bytes) -> list[str]:
    """Everything wrong with a feed's line structure (docs/feeds-checklist.md, item 17), as readable messages."""
    problems: list[str] = []
    if not data.endswith(b"\r\n"):
        problems.append("does not end in CRLF")
    body = data[:-2] if data.endswith(b"\r\n") else data
    physical = body.split(b"\r\n")
    for number, line in enumerate(physical, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: bare CR or LF in {line!r}")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets > 75: {line!r}")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: a UTF-8 character split by the fold: {line!r}")
        continued = number < len(physical) and physical[number][:1] in (b" ", b"\t")
        trailing = len(line) - len(line.rstrip(b"\\"))
        if continued and trailing % 2:
            problems.append(f"line {number}: the fold splits an escape: {line!r}")
    return problems


def utc_span(m: Meeting) -> tuple[dt.datetime, dt.datetime] | None:
    """The meeting's instants in UTC as zoneinfo computes them (None if all-day)."""
    start, end = m.starts_at(TZID), m.ends_at(TZID)
    if start is None or end is None:
        return None
    return start.astimezone(UTC), end.astimezone(UTC)


def date_span(m: Meeting) -> tuple[dt.date, dt.date]:
    """An all-day entry's DTSTART and (exclusive) DTEND dates."""
    return m.date, m.last_date + dt.timedelta(days=1)


def feed_uid(calendar: Calendar, m: Meeting) -> str:
    """``<meeting id>@<domain>`` (docs/feeds-checklist.md, item 9), spelled out here rather than imported."""
    return f"{m.id}@{calendar.domain}"
