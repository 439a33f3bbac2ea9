"""The .ics reader: Outlook, Google and hand-made exports become sightings with file:line.

The fixtures under ``tests/data/ics`` are written the way the clients write them (CRLF,
lines folded at 75 octets, Outlook's Windows zone names and X- properties), so that line
numbers and time zones are tested on what users actually send.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kdnet_calendar import (
    Calendar,
    Context,
    InputError,
    KdnetCalendarError,
    MeetingKind,
    Source,
    Statement,
    Status,
    UnknownBodyError,
    load_embedded,
)
from kdnet_calendar.readers import Sighting, assemble
from kdnet_calendar.readers.ics import MAX_OCCURRENCES, read_ics, read_ics_file

DATA = Path(__file__).parent / "data" / "ics"
OUTLOOK = DATA / "outlook-2025.ics"
GOOGLE = DATA / "google-2025.ics"
ZONES = DATA / "assorted-zones.ics"
RECURRING = DATA / "recurring.ics"
FIXTURES = (OUTLOOK, GOOGLE, ZONES, RECURRING)
CPH = ZoneInfo("Europe/Copenhagen")

HEADER = ("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//kdnet-calendar tests//DA")


@pytest.fixture(scope="module")
def bodies() -> Calendar:
    """The embedded bodies without meetings: what ``read_inputs`` hands a reader."""
    return load_embedded().with_meetings(())


def ics(*lines: str) -> tuple[bytes, int | None]:
    """CRLF iCalendar bytes; the line written with a leading '>' is returned by number."""
    marked = None
    out = []
    for number, line in enumerate(lines, 1):
        if line.startswith(">"):
            marked = number
        out.append(line.removeprefix(">"))
    return ("\r\n".join(out) + "\r\n").encode(), marked


def calendar(*events: tuple[str, ...], extra: tuple[str, ...] = ()) -> tuple[bytes, int | None]:
    lines = [*HEADER, *extra]
    for event in events:
        lines.extend(event)
    return ics(*lines, "END:VCALENDAR")


def event(
    *properties: str, uid: str = "test-1@example.org", begin: str = "BEGIN:VEVENT"
) -> tuple[str, ...]:
    return (begin, f"UID:{uid}", "DTSTAMP:20250101T000000Z", *properties, "END:VEVENT")


def one(data: bytes, cal: Calendar, **kwargs: str) -> Sighting:
    (sighting,) = read_ics(data, "test.ics", cal, **kwargs)
    return sighting


def row(s: Sighting) -> str:
    """A sighting in one readable line: body, dates, times, kind and source line."""
    said = s.statement
    text = f"{s.body} {said.date}"
    if s.end_date:
        text += f"..{s.end_date}"
    if said.start:
        text += f" {said.start:%H:%M}-" + (f"{said.end:%H:%M}" if said.end else "")
    return f"{text} {s.kind} @{said.source.line}"


def when(s: Sighting) -> tuple[dt.date, dt.time | None, dt.time | None, dt.date | None]:
    return s.statement.date, s.statement.start, s.statement.end, s.end_date


def begin_lines(path: Path) -> list[int]:
    """Physical line numbers of BEGIN:VEVENT, counted independently of the reader."""
    return [
        n
        for n, line in enumerate(path.read_bytes().split(b"\n"), 1)
        if line.rstrip(b"\r") == b"BEGIN:VEVENT"
    ]


T = dt.time


# -- the fixtures ------------------------------------------------------------------------


def test_outlook_export(bodies: Calendar) -> None:
    found = read_ics_file(OUTLOOK, bodies)
    assert [row(s) for s in found] == [
        "kd-net 2025-01-24 10:00-12:00 ordinary @31",
        "kkr-midtjylland 2025-04-08 10:00-12:00 ordinary @65",
        "kd-net 2025-06-06 10:00-12:00 ordinary @86",
        "kd-net 2025-05-21..2025-05-22 study-trip @116",
        "kd-net 2025-09-18..2025-09-19 seminar @140",
        "kd-net 2025-08-22 10:00-12:00 ordinary @162",
        "kkr-midtjylland 2026-01-19 14:00-16:00 constituting @185",
    ]


def test_statements_cite_file_and_line(bodies: Calendar) -> None:
    first = read_ics_file(OUTLOOK, bodies)[0]
    assert first.statement == Statement(
        source=Source(str(OUTLOOK), 31),
        date=dt.date(2025, 1, 24),
        start=T(10),
        end=T(12),
        weekday=None,
        text="KD-Net møde",
        context=Context.LIST,
    )
    assert first.location == "Scandic Silkeborg, Udgårdsvej 2, 8600 Silkeborg"
    assert first.meeting_id is None  # Outlook's own UIDs are not our meeting ids


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_lines_are_physical_lines_of_begin_vevent(path: Path, bodies: Calendar) -> None:
    """Folded lines before an event count: the number is the one an editor shows."""
    lines = sorted({s.statement.source.line or 0 for s in read_ics_file(path, bodies)})
    assert lines == begin_lines(path)


def test_lf_line_endings_give_the_same_lines(bodies: Calendar) -> None:
    crlf = read_ics_file(OUTLOOK, bodies)
    lf = read_ics(OUTLOOK.read_bytes().replace(b"\r\n", b"\n"), str(OUTLOOK), bodies)
    assert lf == crlf


def test_byte_order_mark_and_str_input(bodies: Calendar) -> None:
    data = OUTLOOK.read_bytes()
    expected = read_ics(data, "x.ics", bodies)
    assert read_ics(b"\xef\xbb\xbf" + data, "x.ics", bodies) == expected
    assert read_ics(data.decode(), "x.ics", bodies) == expected


def test_a_path_given_as_data_is_not_read_as_a_file(bodies: Calendar) -> None:
    """icalendar reads a str without line breaks as a file name; the reader must not."""
    with pytest.raises(InputError, match="not an iCalendar file"):
        read_ics(str(OUTLOOK), "x.ics", bodies)


# -- time zones --------------------------------------------------------------------------


def test_outlook_romance_standard_time_across_dst(bodies: Calendar) -> None:
    """10:00 in Outlook's 'Romance Standard Time' is 10:00 in Copenhagen, winter and summer."""
    found = read_ics_file(OUTLOOK, bodies)
    winter = next(s for s in found if s.statement.date == dt.date(2025, 1, 24))
    summer = next(s for s in found if s.statement.date == dt.date(2025, 6, 6))
    assert (winter.statement.start, summer.statement.start) == (T(10), T(10))
    offsets = {
        dt.datetime.combine(s.statement.date, T(10), CPH).utcoffset() for s in (winter, summer)
    }
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}


def test_google_export_with_utc_times(bodies: Calendar) -> None:
    found = read_ics_file(GOOGLE, bodies)
    assert [(s.body, *when(s), s.kind) for s in found] == [
        ("kd-net", dt.date(2025, 10, 10), T(10), T(12), None, MeetingKind.ORDINARY),
        # 08:00Z in summer and 09:00Z in winter are both 10:00 in Copenhagen
        ("kkr-midtjylland", dt.date(2025, 10, 20), T(10), T(12), None, MeetingKind.ORDINARY),
        ("kd-net", dt.date(2025, 9, 26), None, None, None, MeetingKind.DEADLINE),
        ("kd-net", dt.date(2026, 2, 6), T(10), T(12), None, MeetingKind.CONSTITUTING),
    ]
    assert found[3].status is Status.TENTATIVE


def test_assorted_zones(bodies: Calendar) -> None:
    """Windows name without a VTIMEZONE, the file's own zone, a vendor prefix, floating."""
    found = read_ics_file(ZONES, bodies)
    assert [(s.statement.text, *when(s)) for s in found] == [
        ("DASSOS", dt.date(2025, 3, 7), T(10), T(12), None),  # W. Europe Standard Time
        ("Møde i DASSOS", dt.date(2025, 7, 4), T(10), T(12), None),  # custom zone, DURATION
        ("dassos", dt.date(2025, 10, 31), T(10), T(12), None),  # /freeassociation…/
        ("Styregruppemøde", dt.date(2025, 11, 28), T(10), T(12), None),  # floating, CATEGORIES
        ("DASSOS julefrokost", dt.date(2025, 12, 12), T(9), None, None),  # no DTEND
    ]
    assert {s.body for s in found} == {"dassos"}  # and the VTODO was skipped


def test_windows_zone_without_vtimezone(bodies: Calendar) -> None:
    data, _ = calendar(
        event(
            'DTSTART;TZID="Romance Standard Time":20250704T100000',
            'DTEND;TZID="Romance Standard Time":20250704T120000',
            "SUMMARY:KD-Net",
        )
    )
    assert when(one(data, bodies)) == (dt.date(2025, 7, 4), T(10), T(12), None)


def _custom_zone(offset: str) -> tuple[str, ...]:
    return (
        "BEGIN:VTIMEZONE",
        "TZID:Customized Time Zone",
        "BEGIN:STANDARD",
        "DTSTART:16010101T000000",
        f"TZOFFSETFROM:{offset}",
        f"TZOFFSETTO:{offset}",
        "END:STANDARD",
        "END:VTIMEZONE",
    )


def test_each_file_uses_its_own_vtimezone(bodies: Calendar) -> None:
    """icalendar caches a custom zone process-wide by name; the reader must not."""
    ev = event("DTSTART;TZID=Customized Time Zone:20250110T100000", "SUMMARY:KD-Net")
    utc, _ = calendar(ev, extra=_custom_zone("+0000"))
    east, _ = calendar(ev, extra=_custom_zone("+0300"))
    for _ in range(2):
        assert one(utc, bodies).statement.start == T(11)
        assert one(east, bodies).statement.start == T(8)


def test_floating_and_utc_in_winter(bodies: Calendar) -> None:
    floating, _ = calendar(event("DTSTART:20251212T100000", "SUMMARY:KD-Net"))
    utc, _ = calendar(event("DTSTART:20251212T090000Z", "SUMMARY:KD-Net"))
    assert one(floating, bodies).statement.start == one(utc, bodies).statement.start == T(10)


# -- all-day, multi-day and durations ------------------------------------------------------


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        (
            ("DTSTART;VALUE=DATE:20250521", "DTEND;VALUE=DATE:20250522"),
            (dt.date(2025, 5, 21), None, None, None),
        ),
        (
            ("DTSTART;VALUE=DATE:20250521", "DTEND;VALUE=DATE:20250523"),
            (dt.date(2025, 5, 21), None, None, dt.date(2025, 5, 22)),
        ),
        (("DTSTART;VALUE=DATE:20250521",), (dt.date(2025, 5, 21), None, None, None)),
        (
            ("DTSTART;VALUE=DATE:20250521", "DURATION:P2D"),
            (dt.date(2025, 5, 21), None, None, dt.date(2025, 5, 22)),
        ),
        (
            (
                "DTSTART;TZID=Europe/Copenhagen:20250521T000000",
                "DTEND;TZID=Europe/Copenhagen:20250522T000000",
                "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
            ),
            (dt.date(2025, 5, 21), None, None, None),
        ),
        (
            # the same written by a server in UTC: local midnights, two days
            (
                "DTSTART:20250520T220000Z",
                "DTEND:20250522T220000Z",
                "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
            ),
            (dt.date(2025, 5, 21), None, None, dt.date(2025, 5, 22)),
        ),
        (
            (
                "DTSTART;TZID=Europe/Copenhagen:20250521T090000",
                "DTEND;TZID=Europe/Copenhagen:20250522T170000",
            ),
            (dt.date(2025, 5, 21), T(9), T(17), dt.date(2025, 5, 22)),
        ),
        (
            ("DTSTART;TZID=Europe/Copenhagen:20250521T100000", "DURATION:PT1H30M"),
            (dt.date(2025, 5, 21), T(10), T(11, 30), None),
        ),
        (
            # the hours of a DURATION are exact: 01:30 + 2 h on the night clocks go forward
            ("DTSTART;TZID=Europe/Copenhagen:20250330T013000", "DURATION:PT2H"),
            (dt.date(2025, 3, 30), T(1, 30), T(4, 30), None),
        ),
        (
            # a zero-length event states no end
            ("DTSTART:20250521T100000", "DTEND:20250521T100000"),
            (dt.date(2025, 5, 21), T(10), None, None),
        ),
    ],
    ids=[
        "one-day",
        "two-days",
        "no-dtend",
        "duration-days",
        "outlook-allday-midnights",
        "allday-in-utc",
        "timed-over-two-days",
        "duration",
        "duration-across-dst",
        "zero-length",
    ],
)
def test_all_day_and_durations(
    properties: tuple[str, ...], expected: tuple[object, ...], bodies: Calendar
) -> None:
    data, _ = calendar(event(*properties, "SUMMARY:KD-Net studietur"))
    assert when(one(data, bodies)) == expected


# -- bodies, kinds, cancellations ----------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "body"),
    [
        ("KD-Net", "kd-net"),
        ("KD-net møde", "kd-net"),
        ("kd-net", "kd-net"),
        ("Møde i KKR Midtjylland", "kkr-midtjylland"),
        ("KKR Midtjylland - konstituerende møde", "kkr-midtjylland"),
        ("Møde i Kommunaldirektørnetværket i Midtjylland", "kd-net"),
        ("KKR SJÆLLAND", "kkr-sjaelland"),
        ("KD-Nets møde", "kd-net"),  # the Danish genitive
        (
            "Baggrundsgruppe til KKR Midtjyllands uddannelsesudvalg",
            "baggrundsgruppe-uddannelsesudvalg",
        ),
        ("Møde i Sundhedsstyregruppen", "sundhedsstyregruppen"),
        # the subject comes first
        ("KD-Net: forberedelse af mødet i KKR Midtjylland", "kd-net"),
        ("KKR Midtjylland (formøde i KD-Net)", "kkr-midtjylland"),
    ],
)
def test_body_from_summary(summary: str, body: str, bodies: Calendar) -> None:
    data, _ = calendar(event("DTSTART:20250207T100000", f"SUMMARY:{summary}"))
    assert one(data, bodies).body == body


def test_body_from_categories(bodies: Calendar) -> None:
    data, _ = calendar(
        event("DTSTART:20250207T100000", "SUMMARY:Møde", "CATEGORIES:Rød kategori,KD-Net")
    )
    assert one(data, bodies).body == "kd-net"


def test_body_argument_wins(bodies: Calendar) -> None:
    found = read_ics_file(OUTLOOK, bodies, body="dassos")
    assert {s.body for s in found} == {"dassos"}


def test_unknown_body_argument(bodies: Calendar) -> None:
    with pytest.raises(UnknownBodyError):
        read_ics_file(OUTLOOK, bodies, body="no-such-body")


def test_event_naming_no_body(bodies: Calendar) -> None:
    data, line = calendar(
        event("DTSTART:20250207T100000", "SUMMARY:KD-Net"),
        event("DTSTART:20250207T140000", "SUMMARY:Frokost", begin=">BEGIN:VEVENT"),
    )
    with pytest.raises(InputError) as info:
        read_ics(data, "test.ics", bodies)
    assert info.value.line == line
    assert "'Frokost'" in str(info.value)
    assert "--body" in str(info.value)
    # ... and with --body the same file reads
    assert len(read_ics(data, "test.ics", bodies, body="kd-net")) == 2


def test_our_own_uids_round_trip() -> None:
    """A feed of ours gives the meeting ids back; the meeting names the body."""
    full = load_embedded()
    assert full.domain == "kkr-midtjylland.dk"
    data, _ = calendar(
        event(
            "DTSTART;TZID=Europe/Copenhagen:20250606T100000",
            "DTEND;TZID=Europe/Copenhagen:20250606T120000",
            "SUMMARY:Møde",
            uid="kd-net-2025-3@KKR-Midtjylland.dk",
        )
    )
    s = one(data, full)
    assert (s.meeting_id, s.body) == ("kd-net-2025-3", "kd-net")
    merged = assemble([s], full)
    assert len(merged.meetings) == len(full.meetings)
    assert merged.meeting("kd-net-2025-3").statements[-1] == s.statement

    other, _ = calendar(event("DTSTART:20250606T100000", "SUMMARY:KD-Net", uid="x@example.org"))
    assert one(other, full).meeting_id is None


@pytest.mark.parametrize(
    "properties",
    [
        ("STATUS:CANCELLED", "SUMMARY:KD-Net møde"),
        ("SUMMARY:AFLYST: KD-Net møde",),
        ("SUMMARY:Aflyst: KD-Net møde",),
        ("SUMMARY:Canceled: KD-Net møde",),
        ("SUMMARY:Cancelled: KD-Net møde",),
    ],
)
def test_cancelled(properties: tuple[str, ...], bodies: Calendar) -> None:
    data, _ = calendar(event("DTSTART:20250822T100000", *properties))
    s = one(data, bodies)
    assert (s.body, s.status, s.title) == ("kd-net", Status.CANCELLED, "KD-Net møde")
    assert s.statement.text == properties[-1].removeprefix("SUMMARY:")  # verbatim


def test_cancelled_in_outlook_fixture(bodies: Calendar) -> None:
    cancelled = [s for s in read_ics_file(OUTLOOK, bodies) if s.status is Status.CANCELLED]
    assert [s.statement.date for s in cancelled] == [dt.date(2025, 8, 22)]


@pytest.mark.parametrize(
    ("properties", "virtual"),
    [
        (("LOCATION:Scandic Silkeborg",), False),
        (("LOCATION:Microsoft Teams-møde",), True),
        (("LOCATION:Zoom",), True),
        (("LOCATION:Virtuelt møde",), True),
        (("LOCATION:https://meet.example.org/kdnet",), True),
        (("LOCATION:Rådhuset", "X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.example/x"), True),
        (("URL:https://meet.example.org/kdnet",), True),
        # a link beside a real place is the agenda, not the meeting room
        (("LOCATION:Scandic Silkeborg", "URL:https://kkr.example.org/dagsorden"), False),
    ],
)
def test_virtual(properties: tuple[str, ...], virtual: bool, bodies: Calendar) -> None:
    data, _ = calendar(event("DTSTART:20250822T100000", "SUMMARY:KD-Net", *properties))
    assert one(data, bodies).virtual is virtual


# -- recurring events ----------------------------------------------------------------------


def test_finite_series_is_expanded(bodies: Calendar) -> None:
    """Weekly from 14 March to 11 April 2025 across the DST change, less an EXDATE, with
    one occurrence moved by its own RECURRENCE-ID event."""
    found = read_ics_file(RECURRING, bodies)
    assert [(*when(s), s.statement.source.line, s.meeting_id) for s in found] == [
        (dt.date(2025, 3, 14), T(13), T(14), None, 20, None),
        (dt.date(2025, 3, 21), T(13), T(14), None, 20, None),
        (dt.date(2025, 4, 11), T(13), T(14), None, 20, None),
        (dt.date(2025, 4, 3), T(15), T(16), None, 29, None),
    ]


def test_all_day_series_with_until_date(bodies: Calendar) -> None:
    data, _ = calendar(
        event(
            "DTSTART;VALUE=DATE:20250207",
            "RRULE:FREQ=WEEKLY;UNTIL=20250221",
            "RDATE;VALUE=DATE:20250307",
            "SUMMARY:KD-Net frist",
        )
    )
    found = read_ics(data, "t.ics", bodies)
    assert [s.statement.date for s in found] == [
        dt.date(2025, 2, 7),
        dt.date(2025, 2, 14),
        dt.date(2025, 2, 21),
        dt.date(2025, 3, 7),
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("RRULE:FREQ=WEEKLY;BYDAY=FR", "without an end"),
        (f"RRULE:FREQ=DAILY;COUNT={MAX_OCCURRENCES + 1}", "more than"),
        ("RRULE:FREQ=SOMETIMES;COUNT=3", "RRULE"),
    ],
)
def test_series_that_cannot_be_expanded(rule: str, message: str, bodies: Calendar) -> None:
    data, line = calendar(event("DTSTART:20250207T100000", f">{rule}", "SUMMARY:KD-Net"))
    with pytest.raises(InputError, match=message) as info:
        read_ics(data, "t.ics", bodies)
    assert info.value.line == line


# -- assembling ----------------------------------------------------------------------------


def test_assemble_outlook_and_google(bodies: Calendar) -> None:
    sightings = read_ics_file(OUTLOOK, bodies) + read_ics_file(GOOGLE, bodies)
    merged = assemble(sightings, bodies)
    assert [
        f"{m.id} {m.date}{'..' + str(m.end_date) if m.end_date else ''}"
        f"{f' {m.start:%H:%M}-{m.end:%H:%M}' if m.start and m.end else ''}"
        f" {m.kind}{' virtual' if m.virtual else ''}"
        for m in merged.meetings
    ] == [
        "kd-net-2025-01-24 2025-01-24 10:00-12:00 ordinary",
        "kkr-midtjylland-2025-04-08 2025-04-08 10:00-12:00 ordinary",
        "kd-net-2025-05-21 2025-05-21..2025-05-22 study-trip",
        "kd-net-2025-06-06 2025-06-06 10:00-12:00 ordinary virtual",
        "kd-net-2025-08-22 2025-08-22 10:00-12:00 ordinary",
        "kd-net-2025-09-18 2025-09-18..2025-09-19 seminar",
        "kd-net-2025-09-26 2025-09-26 deadline",
        "kd-net-2025-10-10 2025-10-10 10:00-12:00 ordinary",
        "kkr-midtjylland-2025-10-20 2025-10-20 10:00-12:00 ordinary",
        "kkr-midtjylland-2026-01-19 2026-01-19 14:00-16:00 constituting",
        "kd-net-2026-02-06 2026-02-06 10:00-12:00 constituting",
    ]
    assert merged.meeting("kd-net-2025-08-22").status is Status.CANCELLED


def test_two_exports_of_one_meeting_become_one(bodies: Calendar) -> None:
    """The same KD-Net meeting in Outlook and in Google: one meeting, two statements."""
    google, _ = calendar(
        event(
            "DTSTART;TZID=Europe/Copenhagen:20250124T100000",
            "DTEND;TZID=Europe/Copenhagen:20250124T120000",
            "SUMMARY:KD-Net",
        )
    )
    sightings = read_ics_file(OUTLOOK, bodies) + read_ics(google, "google.ics", bodies)
    merged = assemble(sightings, bodies)
    meeting = merged.meeting("kd-net-2025-01-24")
    assert [str(s.source) for s in meeting.statements] == [f"{OUTLOOK}:31", "google.ics:4"]


# -- bad input -----------------------------------------------------------------------------

BAD = {
    "not-icalendar": ics(">Hello, this is a mail signature", "BEGIN:VCALENDAR"),
    "html": ics(">  <!DOCTYPE html><html><body>404</body></html>"),
    "empty": (b"", 1),
    "only-blank-lines": (b"\r\n\r\n", 1),
    "no-dtstart": calendar(event("DTEND:20250207T120000", "SUMMARY:KD-Net", begin=">BEGIN:VEVENT")),
    "dtstart-unreadable": calendar(event(">DTSTART:2025-02-07 10:00", "SUMMARY:KD-Net")),
    "dtstart-nonexistent-date": calendar(event(">DTSTART:20250230T100000", "SUMMARY:KD-Net")),
    "dtstart-bad-date": calendar(event(">DTSTART;VALUE=DATE:2025x207", "SUMMARY:KD-Net")),
    "dtstart-twice": calendar(
        event("DTSTART:20250207T100000", ">DTSTART:20250207T110000", "SUMMARY:KD-Net")
    ),
    "dtstart-a-duration": calendar(event(">DTSTART:PT1H", "SUMMARY:KD-Net")),
    "unknown-tzid": calendar(
        event(">DTSTART;TZID=Mars/Olympus Mons:20250207T100000", "SUMMARY:KD-Net")
    ),
    "dtend-before-dtstart": calendar(
        event("DTSTART:20250207T100000", ">DTEND:20250207T090000", "SUMMARY:KD-Net")
    ),
    "dtend-date-dtstart-time": calendar(
        event("DTSTART:20250207T100000", ">DTEND;VALUE=DATE:20250208", "SUMMARY:KD-Net")
    ),
    "negative-duration": calendar(
        event("DTSTART:20250207T100000", ">DURATION:-PT1H", "SUMMARY:KD-Net")
    ),
    "rdate-date-in-timed-series": calendar(
        event(
            "DTSTART:20250207T100000",
            "RRULE:FREQ=WEEKLY;COUNT=2",
            ">RDATE;VALUE=DATE:20250307",
            "SUMMARY:KD-Net",
        )
    ),
    "duration-unreadable": calendar(
        event("DTSTART:20250207T100000", ">DURATION:two hours", "SUMMARY:KD-Net")
    ),
    "garbage-line-in-event": calendar(
        event("DTSTART:20250207T100000", ">this line has no colon", "SUMMARY:KD-Net")
    ),
    "truncated": ics(*HEADER, ">BEGIN:VEVENT", "DTSTART:20250207T100000", "SUMMARY:KD-Net"),
    "end-closes-wrong-component": ics(
        *HEADER, "BEGIN:VEVENT", "DTSTART:20250207T100000", ">END:VTODO", "END:VCALENDAR"
    ),
    "end-without-begin": ics(*HEADER, "END:VCALENDAR", ">END:VCALENDAR"),
    "text-after-end": ics(*HEADER, "END:VCALENDAR", ">X-TRAILING:1"),
    "event-outside-calendar": ics(*HEADER, "END:VCALENDAR", ">BEGIN:VEVENT", "END:VEVENT"),
    "broken-vtimezone": calendar(
        event("DTSTART;TZID=Custom:20250207T100000", "SUMMARY:KD-Net"),
        extra=(
            ">BEGIN:VTIMEZONE",
            "TZID:Custom",
            "BEGIN:STANDARD",
            "DTSTART:16010101T030000",
            "TZOFFSETFROM:one hour",
            "TZOFFSETTO:+0100",
            "END:STANDARD",
            "END:VTIMEZONE",
        ),
    ),
    "empty-vtimezone": calendar(
        event("DTSTART;TZID=Custom:20250207T100000", "SUMMARY:KD-Net"),
        extra=(">BEGIN:VTIMEZONE", "TZID:Custom", "END:VTIMEZONE"),
    ),
    "bad-calendar-property": calendar(
        event("DTSTART:20250207T100000", "SUMMARY:KD-Net"),
        extra=(">DTSTART:not a date",),
    ),
    "bad-alarm": calendar(
        event(
            "DTSTART:20250207T100000",
            "SUMMARY:KD-Net",
            "BEGIN:VALARM",
            ">TRIGGER:soon",
            "ACTION:DISPLAY",
            "END:VALARM",
        )
    ),
    "not-utf8": (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:KD-Net m\xf8de\r\n",
        4,
    ),
    "date-out-of-range": calendar(
        event(">DTSTART:99991231T230000Z", "DURATION:P3D", "SUMMARY:KD-Net")
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_names_file_and_line(case: str, bodies: Calendar) -> None:
    data, line = BAD[case]
    with pytest.raises(InputError) as info:
        read_ics(data, "bad.ics", bodies)
    error = info.value
    assert (error.path, error.line) == ("bad.ics", line)
    assert error.expected
    message = str(error)
    assert message.startswith(f"bad.ics:{line}: ")
    assert "\n" not in message
    assert "Traceback" not in message


def test_comment_after_the_calendar_is_allowed(bodies: Calendar) -> None:
    data, _ = calendar(event("DTSTART:20250207T100000", "SUMMARY:KD-Net"))
    assert len(read_ics(data + b"X-COMMENT:exported by hand\r\n", "t.ics", bodies)) == 1


def test_unreadable_files(tmp_path: Path, bodies: Calendar) -> None:
    missing = tmp_path / "missing.ics"
    with pytest.raises(InputError, match="no such file") as info:
        read_ics_file(missing, bodies)
    assert info.value.path == str(missing)
    with pytest.raises(InputError, match="cannot read the file"):
        read_ics_file(tmp_path, bodies)  # a directory


# -- properties ------------------------------------------------------------------------------


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


DST_DAYS = [_last_sunday(y, m) for y in range(2022, 2036) for m in (3, 10)]
days = st.one_of(
    st.dates(dt.date(2022, 1, 1), dt.date(2035, 12, 31)),
    st.sampled_from(DST_DAYS),
    st.sampled_from(DST_DAYS).map(lambda d: d - dt.timedelta(days=1)),
)
five_minutes = st.integers(0, 24 * 12 - 1).map(lambda n: T(n // 12, n % 12 * 5))


def _exists(day: dt.date, time: T) -> bool:
    """Whether the wall time occurs that day (not 02:xx when the clocks go forward)."""
    aware = dt.datetime.combine(day, time, CPH)
    return aware.astimezone(dt.UTC).astimezone(CPH).replace(tzinfo=None) == aware.replace(
        tzinfo=None
    )


@st.composite
def meetings(draw: st.DrawFn) -> tuple[dt.date, T, T | None]:
    day = draw(days)
    start = draw(five_minutes)
    end = draw(st.none() | five_minutes.filter(lambda t: t > start))
    assume(_exists(day, start) and (end is None or _exists(day, end)))
    return day, start, end


def _write(items: list[tuple[dt.date, T, T | None]], variant: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Test//kdnet-calendar tests//DA")
    cal.add("version", "2.0")
    for i, (day, start, end) in enumerate(items):
        ev = icalendar.Event()
        ev.add("uid", f"{i}@example.org")
        ev.add("dtstamp", dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
        ev.add("summary", "KD-Net møde")
        for name, time in (("dtstart", start), ("dtend", end)):
            if time is not None:
                moment = dt.datetime.combine(day, time, CPH)
                ev.add(name, moment.astimezone(dt.UTC) if variant == "utc" else moment)
        cal.add_component(ev)
    if variant != "utc":
        cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    if variant == "custom":  # the same zone under a name only the VTIMEZONE explains
        data = data.replace(b"Europe/Copenhagen", b"Customized Time Zone")
    return data


@pytest.mark.parametrize("variant", ["tzid", "utc", "custom"])
@settings(deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(items=st.lists(meetings(), min_size=1, max_size=5))
def test_written_meetings_read_back(
    variant: str, items: list[tuple[dt.date, T, T | None]], bodies: Calendar
) -> None:
    found = read_ics(_write(items, variant), "prop.ics", bodies)
    assert [(s.statement.date, s.statement.start, s.statement.end) for s in found] == items
    assert all(s.end_date is None and s.body == "kd-net" for s in found)


def _read_or_input_error(data: bytes | str, cal: Calendar) -> None:
    """Anything but a list of sightings or a one-line InputError fails the test."""
    error: InputError | None = None
    try:
        read_ics(data, "fuzz.ics", cal)
    except InputError as raised:
        error = raised
    if error is not None:
        assert "\n" not in str(error)
        assert error.path == "fuzz.ics"


@settings(deadline=None, max_examples=300, derandomize=True)
@given(data=st.binary(max_size=3000))
def test_fuzz_bytes(data: bytes, bodies: Calendar) -> None:
    _read_or_input_error(data, bodies)


@settings(deadline=None, max_examples=300, derandomize=True)
@given(data=st.text(max_size=1000))
def test_fuzz_text(data: str, bodies: Calendar) -> None:
    _read_or_input_error("BEGIN:VCALENDAR\r\n" + data, bodies)


FIXTURE_BYTES = [p.read_bytes() for p in FIXTURES]
#: Lines at the limits: dates at the calendar's ends, rules that would expand without end.
LIMIT_LINES = [
    b"DTSTART:99991231T235959",
    b"DTEND:99991231T235959",
    b"DTSTART;VALUE=DATE:00010101",
    b"DTEND:21991231T235959Z",
    b"RRULE:FREQ=SECONDLY",
    b"RRULE:FREQ=YEARLY;INTERVAL=00;BYMONTH=10;BYDAY=-1SU",
    b"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=99MO",
    b"RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=3",
    b"RRULE:FREQ=YEARLY;UNTIL=99991231T000000Z",
    b"DURATION:P99999D",
]
FIXTURE_LINES = sorted({line for b in FIXTURE_BYTES for line in b.split(b"\r\n")} | {*LIMIT_LINES})


@settings(deadline=None, max_examples=300, derandomize=True)
@given(
    base=st.sampled_from(FIXTURE_BYTES),
    edits=st.lists(
        st.tuples(st.integers(0, 20_000), st.integers(0, 40), st.binary(max_size=12)),
        min_size=1,
        max_size=4,
    ),
)
def test_fuzz_damaged_exports(
    base: bytes, edits: list[tuple[int, int, bytes]], bodies: Calendar
) -> None:
    """Real exports with bytes deleted and inserted: read, or refused with a line."""
    data = base
    for where, cut, insert in edits:
        at = where % (len(data) + 1)
        data = data[:at] + insert + data[at + cut :]
    _read_or_input_error(data, bodies)


@settings(deadline=None, max_examples=300, derandomize=True)
@given(lines=st.lists(st.sampled_from(FIXTURE_LINES), max_size=60))
def test_fuzz_shuffled_lines(lines: list[bytes], bodies: Calendar) -> None:
    """Real lines in any order: every BEGIN/END and property in every wrong place."""
    _read_or_input_error(b"\r\n".join([b"BEGIN:VCALENDAR", *lines, b"END:VCALENDAR"]), bodies)


def test_errors_are_library_errors(bodies: Calendar) -> None:
    """Whatever goes wrong in a file, callers catch one base class."""
    for data, _line in BAD.values():
        with pytest.raises(KdnetCalendarError):
            read_ics(data, "bad.ics", bodies)


def test_reader_is_deterministic(bodies: Calendar) -> None:
    first = [read_ics_file(p, bodies) for p in FIXTURES]
    assert [read_ics_file(p, bodies) for p in FIXTURES] == first


# -- plain events, read without icalendar ----------------------------------------------------

ALARM = ("BEGIN:VALARM", "TRIGGER:-PT15M", "ACTION:DISPLAY", "DESCRIPTION:KD-Net", "END:VALARM")

PLAIN = {
    "tzid": ("DTSTART;TZID=Europe/Copenhagen:20250207T100000",
             "DTEND;TZID=Europe/Copenhagen:20250207T120000", "SUMMARY:KD-Net møde"),
    "summer-time": ("DTSTART;TZID=Europe/Copenhagen:20250704T100000",
                    "DTEND;TZID=Europe/Copenhagen:20250704T120000", "SUMMARY:KD-Net"),
    "utc": ("DTSTART:20250207T090000Z", "DTEND:20250207T110000Z", "SUMMARY:KD-Net"),
    "floating": ("DTSTART:20250207T100000", "SUMMARY:KD-Net"),
    "date": ("DTSTART;VALUE=DATE:20250207", "DTEND;VALUE=DATE:20250209", "SUMMARY:KD-Net"),
    "date-without-value": ("DTSTART:20250207", "SUMMARY:KD-Net"),
    "date-time-value": ("DTSTART;VALUE=DATE-TIME:20250207T100000", "SUMMARY:KD-Net"),
    "outlook-all-day": ("DTSTART;TZID=Romance Standard Time:20250207T000000",
                        "DTEND;TZID=Romance Standard Time:20250208T000000",
                        "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE", "SUMMARY;LANGUAGE=da-DK:KD-Net"),
    "vendor-zone": ("DTSTART;TZID=/freeassociation.sourceforge.net/Europe/Berlin:20250207T100000",
                    "SUMMARY:KD-Net"),
    "lower-case": ("dtstart;tzid=Europe/Copenhagen:20250207T100000", "summary:KD-Net"),
    "custom-zone": ("DTSTART;TZID=Customized Time Zone:20250207T100000", "SUMMARY:KD-Net"),
    "tzid-and-z": ("DTSTART;TZID=Europe/Copenhagen:20250207T100000Z", "SUMMARY:KD-Net"),
    "tzid-and-date": ("DTSTART;TZID=Europe/Copenhagen:20250207", "SUMMARY:KD-Net"),
    "cancelled": ("DTSTART:20250207T100000", "SUMMARY;LANGUAGE=da:Aflyst: KD-Net møde",
                  "LOCATION;LANGUAGE=da:Microsoft Teams-møde", "STATUS:TENTATIVE"),
    "status": ("DTSTART:20250207T100000", "SUMMARY:KD-Net workshop", "STATUS:CANCELLED"),
    "url": ("DTSTART:20250207T100000", "SUMMARY:KD-Net", "URL:https://example.org/m"),
    "conference": ("DTSTART:20250207T100000", "SUMMARY:KD-Net",
                   "X-GOOGLE-CONFERENCE:https://meet.google.com/abc"),
    "our-uid": ("DTSTART:20250207T100000", "SUMMARY:KD-Net"),
    # Errors: the same message and line either way.
    "no-dtstart": ("SUMMARY:KD-Net",),
    "month-13": ("DTSTART:20251307T100000", "SUMMARY:KD-Net"),
    "year-9999": ("DTSTART:99991231T230000Z", "SUMMARY:KD-Net"),
    "unknown-zone": ("DTSTART;TZID=Mars/Olympus:20250207T100000", "SUMMARY:KD-Net"),
    "end-before-start": ("DTSTART:20250207T100000", "DTEND:20250207T090000",
                         "SUMMARY:KD-Net"),
    "date-and-time": ("DTSTART;VALUE=DATE:20250207", "DTEND:20250207T090000",
                      "SUMMARY:KD-Net"),
    "two-dtstarts": ("DTSTART:20250207T100000", "DTSTART:20250208T100000",
                     "SUMMARY:KD-Net"),
    "no-body": ("DTSTART:20250207T100000", "SUMMARY:Frokost"),
}  # fmt: skip


def _plain_or_error(data: bytes, cal: Calendar) -> object:
    try:
        return read_ics(data, "plain.ics", cal)
    except InputError as exc:
        return type(exc), str(exc), exc.line


@pytest.mark.parametrize("case", PLAIN)
def test_plain_events_read_as_icalendar_reads_them(case: str, bodies: Calendar) -> None:
    """An event of plain lines is read without icalendar (fast), one with an alarm by it:
    the sightings, or the error and its line, must be the same."""
    from kdnet_calendar.readers import icsfile as module

    extra = _custom_zone("+0100")
    uid = "kd-net-1@kkr-midtjylland.dk" if case == "our-uid" else "test-1@example.org"
    plain, _ = calendar(event(*PLAIN[case], uid=uid), extra=extra)
    alarmed, _ = calendar(event(*PLAIN[case], *ALARM, uid=uid), extra=extra)
    roots, _wanted = module._structure(module._logical_lines(plain.decode()), "plain.ics")
    # Left to icalendar: what it reads in its own way, and a value it cannot read.
    left = case in {"tzid-and-z", "tzid-and-date", "two-dtstarts", "month-13"}
    assert (roots[0].children[-1].plain is None) == left
    roots, _wanted = module._structure(module._logical_lines(alarmed.decode()), "alarm.ics")
    assert roots[0].children[-1].plain is None
    assert _plain_or_error(plain, bodies) == _plain_or_error(alarmed, bodies)


def test_many_plain_events_keep_their_lines_among_others(bodies: Calendar) -> None:
    """Plain events, events icalendar reads and folded lines, in file order and lines."""
    events = []
    for i in range(30):
        day = dt.date(2025, 3, 3) + dt.timedelta(days=i)
        props = [f"DTSTART;TZID=Europe/Copenhagen:{day:%Y%m%d}T100000", "SUMMARY:KD-Net"]
        if i % 3 == 1:
            props.append("DESCRIPTION:a long description that Outlook folds\r\n  over lines")
        if i % 5 == 2:
            props += ALARM
        events.append(event(*props, uid=f"e{i}@example.org"))
    data, _ = calendar(*events)
    read = read_ics(data, "many.ics", bodies)
    assert [s.statement.date for s in read] == [
        dt.date(2025, 3, 3) + dt.timedelta(days=i) for i in range(30)
    ]
    begins = [n for n, line in enumerate(data.split(b"\r\n"), 1) if line == b"BEGIN:VEVENT"]
    assert [s.statement.source.line for s in read] == begins
