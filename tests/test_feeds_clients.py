"""Every feed through parsers nobody here wrote (docs/feeds-checklist.md, "Parsers nobody here wrote").

- **ical.js** (Mozilla, Thunderbird): ``tests/clients/icaljs-dump.mjs`` registers the feed's
  VTIMEZONE and converts each event to UTC;
- **ical** (PyPI, strict RFC 5545, Home Assistant): ``IcsCalendarStream.calendar_from_ics``;
- **libical** (Evolution/GNOME): ``tests/clients/libical-dump.c``, compiled per session,
  resolves each TZID through the file's own VTIMEZONE and reports ``X-LIC-ERROR``;
- **recurring-ical-events** over ``icalendar``: every meeting exactly once.

Each runs over every feed of the real Midtjylland data and of an adversarial calendar.
Nothing here skips: a missing tool fails, pointing at ``.ci/install-clients``.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream

from kdnet_calendar import Calendar, load_embedded
from kdnet_calendar.feeds import Feed, build_feeds, feeds_for

from .clients.calendars import (
    BASE_URL,
    TZID,
    UTC,
    adversarial_calendar,
    date_span,
    feed_uid,
    unescape,
    utc_span,
)

CLIENTS = Path(__file__).resolve().parent / "clients"
INSTALL = "run `bash .ci/install-clients` (as root) to install node, ical.js, libical and gcc"

CALENDARS: dict[str, Calendar] = {
    "embedded": load_embedded(),
    "adversarial": adversarial_calendar(),
}
#: (calendar label, feed file name) of every feed the tests check.
CASES = [(label, f.filename) for label, cal in CALENDARS.items() for f in feeds_for(cal)]
IDS = [f"{label}/{filename}" for label, filename in CASES]


@attrs.frozen
class Built:
    calendar: Calendar
    feed: Feed
    path: Path

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Built]:
    """Every feed of both calendars written to disk, as a subscriber downloads it."""
    out: dict[tuple[str, str], Built] = {}
    for label, calendar in CALENDARS.items():
        directory = tmp_path_factory.mktemp(label)
        feeds = feeds_for(calendar)
        for filename, data in build_feeds(calendar, base_url=BASE_URL, feeds=feeds).items():
            (directory / filename).write_bytes(data)
        for feed in feeds:
            out[label, feed.filename] = Built(calendar, feed, directory / feed.filename)
    return out


def _run(args: list[str]) -> str:
    result = subprocess.run(args, capture_output=True, text=True, check=False, timeout=60)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(args[:2])} … failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


# -- ical.js ----------------------------------------------------------------------------------


def icaljs_dump(paths: list[Path]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"node is not installed: {INSTALL}")
    if not (CLIENTS / "node_modules" / "ical.js" / "package.json").is_file():
        pytest.fail(f"ical.js is not installed in tests/clients/node_modules: {INSTALL}")
    dumped: dict[str, Any] = json.loads(
        _run([node, str(CLIENTS / "icaljs-dump.mjs"), *map(str, paths)])
    )
    return dumped


@pytest.fixture(scope="session")
def icaljs(built: dict[tuple[str, str], Built]) -> dict[tuple[str, str], Any]:
    """ical.js' reading of every feed (one node process for all of them)."""
    dumped = icaljs_dump([b.path for b in built.values()])
    return {key: dumped[str(b.path)] for key, b in built.items()}


def _iso(instant: dt.datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@pytest.mark.parametrize(("label", "filename"), CASES, ids=IDS)
def test_icaljs_reads_every_meeting_at_zoneinfos_instants(
    label: str, filename: str, built: dict[tuple[str, str], Built], icaljs: dict[Any, Any]
) -> None:
    b, dump = built[label, filename], icaljs[label, filename]
    events = {e["uid"]: e for e in dump["events"]}
    assert len(events) == len(dump["events"]) == len(b.feed.meetings)
    assert dump["timezones"] == ([TZID] if any(m.timed for m in b.feed.meetings) else [])
    for m in b.feed.meetings:
        event = events[feed_uid(b.calendar, m)]
        assert event["recurring"] is False
        assert event["sequence"] == m.sequence
        span = utc_span(m)
        if span is None:
            first, end = date_span(m)
            assert (event["isAllDay"], event["endIsDate"]) == (True, True), m.id
            assert (event["start"], event["end"]) == (first.isoformat(), end.isoformat()), m.id
        else:
            assert (event["isAllDay"], event["endIsDate"]) == (False, False), m.id
            # "floating" would mean ical.js found no VTIMEZONE for the TZID.
            assert (event["startZone"], event["endZone"]) == (TZID, TZID), m.id
            assert (event["start"], event["end"]) == (_iso(span[0]), _iso(span[1])), m.id


@pytest.mark.parametrize(("label", "filename"), CASES, ids=IDS)
def test_icaljs_reads_the_texts_as_written(
    label: str, filename: str, built: dict[tuple[str, str], Built], icaljs: dict[Any, Any]
) -> None:
    """What Thunderbird shows: names, titles, places and notes, unescaped exactly."""
    b, dump = built[label, filename], icaljs[label, filename]
    calendar = dump["calendar"]
    assert (calendar["version"], calendar["method"]) == ("2.0", "PUBLISH")
    assert calendar["prodid"] == f"-//{b.calendar.organisation}//kdnet-calendar//DA"
    # ical.js types NAME and X-WR-* as unknown and hands them back as written, escapes and
    # all (so does icalendar 7): a client that does the same shows "\," in a name.
    assert unescape(calendar["name"]) == unescape(calendar["x-wr-calname"]) == b.feed.name
    assert unescape(calendar["x-wr-caldesc"]) == b.feed.description
    events = {e["uid"]: e for e in dump["events"]}
    for m in b.feed.meetings:
        event = events[feed_uid(b.calendar, m)]
        body = b.calendar.body(m.body)
        expected_status = {"confirmed": "CONFIRMED", "tentative": "TENTATIVE"}
        assert event["status"] == expected_status.get(m.status.value, "CANCELLED")
        assert (m.title or body.name) in event["summary"], m.id
        if m.cancelled:
            assert event["summary"].startswith("AFLYST: "), m.id
        if m.virtual:
            assert event["location"] == "Virtuelt møde"
        elif m.location or body.location:
            assert event["location"] == (m.location or body.location), m.id
        if m.note:
            assert event["description"].startswith(m.note), m.id
        if m.url:
            assert event["url"] == m.url
            if m.virtual:
                assert m.url in event["description"]


def test_icaljs_kd_net_is_0900z_in_winter_and_0800z_in_summer(
    built: dict[tuple[str, str], Built], icaljs: dict[Any, Any]
) -> None:
    """10:00 in Copenhagen, as Thunderbird converts it from the feed's own VTIMEZONE."""
    for filename in ("kd-net.ics", "alle.ics"):
        events = {e["uid"]: e for e in icaljs["embedded", filename]["events"]}
        winter = events["kd-net-2023-1@kkr-midtjylland.dk"]  # Friday 27 January 2023
        summer = events["kd-net-2023-2@kkr-midtjylland.dk"]  # Friday 14 April 2023
        assert (winter["start"], winter["end"]) == (
            "2023-01-27T09:00:00.000Z",
            "2023-01-27T11:00:00.000Z",
        )
        assert (summer["start"], summer["end"]) == (
            "2023-04-14T08:00:00.000Z",
            "2023-04-14T10:00:00.000Z",
        )
        # The virtual meeting of 26 August 2022 and the study trip of 18–19 May 2022.
        virtual = events["kd-net-2022-4@kkr-midtjylland.dk"]
        assert (virtual["start"], virtual["location"]) == (
            "2022-08-26T08:00:00.000Z",
            "Virtuelt møde",
        )
        trip = events["studietur-bruxelles-2022@kkr-midtjylland.dk"]
        assert (trip["isAllDay"], trip["start"], trip["end"]) == (True, "2022-05-18", "2022-05-20")


def test_icaljs_the_days_the_clocks_change(icaljs: dict[Any, Any]) -> None:
    events = {e["uid"].split("@")[0]: e for e in icaljs["adversarial", "alle.ics"]["events"]}
    assert events["raad-sommertid-start"]["start"] == "2024-03-31T08:00:00.000Z"
    assert events["raad-sommertid-slut"]["start"] == "2024-10-27T09:00:00.000Z"
    # 01:00 CET to 04:00 CEST is two hours; 01:00 CEST to 04:00 CET is four.
    spring, autumn = events["gruppe-nat-foraar"], events["gruppe-nat-efteraar"]
    assert (spring["start"], spring["end"]) == (
        "2025-03-30T00:00:00.000Z",
        "2025-03-30T02:00:00.000Z",
    )
    assert (autumn["start"], autumn["end"]) == (
        "2025-10-25T23:00:00.000Z",
        "2025-10-26T03:00:00.000Z",
    )


# -- ical (Home Assistant) ----------------------------------------------------------------------


@pytest.mark.parametrize(("label", "filename"), CASES, ids=IDS)
def test_ical_package_parses_every_event(
    label: str, filename: str, built: dict[tuple[str, str], Built]
) -> None:
    b = built[label, filename]
    parsed = IcsCalendarStream.calendar_from_ics(b.data.decode("utf-8"))
    assert len(parsed.events) == len(b.feed.meetings)
    events = {e.uid: e for e in parsed.events}
    for m in b.feed.meetings:
        event = events[feed_uid(b.calendar, m)]
        span = utc_span(m)
        if span is None:
            assert (event.dtstart, event.dtend) == date_span(m), m.id
        else:
            assert (event.dtstart, event.dtend) == span, m.id


# -- libical (Evolution) ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def libical_dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``tests/clients/libical-dump.c`` compiled against the system's libical."""
    gcc, pkg_config = shutil.which("gcc"), shutil.which("pkg-config")
    if gcc is None or pkg_config is None:
        pytest.fail(f"gcc or pkg-config is not installed: {INSTALL}")
    flags = subprocess.run(
        [pkg_config, "--cflags", "--libs", "libical"], capture_output=True, text=True, check=False
    )
    if flags.returncode != 0:
        pytest.fail(f"libical (libical-dev) is not installed: {INSTALL}\n{flags.stderr}")
    binary = tmp_path_factory.mktemp("libical") / "libical-dump"
    _run(
        [
            gcc,
            "-O1",
            "-Wall",
            "-Werror",
            str(CLIENTS / "libical-dump.c"),
            *flags.stdout.split(),
            "-o",
            str(binary),
        ]
    )
    return binary


@attrs.frozen
class LibicalEvent:
    uid: str
    start: str
    end: str
    tzid: str
    summary: str | None
    location: str | None
    description: str | None


def libical_read(binary: Path, path: Path) -> tuple[list[str], list[LibicalEvent]]:
    """libical's X-LIC-ERRORs and events for one file."""
    errors: list[str] = []
    events: list[LibicalEvent] = []

    def text(field: str) -> str | None:
        return None if field == "-" else "" if field == "=" else bytes.fromhex(field).decode()

    for line in _run([str(binary), str(path)]).splitlines():
        kind, *fields = line.split("\t")
        if kind == "ERROR":
            errors.append(" ".join(fields))
        else:
            uid, start, end, tzid, summary, location, description = fields
            events.append(
                LibicalEvent(
                    uid, start, end, tzid, text(summary), text(location), text(description)
                )
            )
    return errors, events


def _basic(instant: dt.datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@pytest.mark.parametrize(("label", "filename"), CASES, ids=IDS)
def test_libical_has_no_errors_and_zoneinfos_instants(
    label: str, filename: str, built: dict[tuple[str, str], Built], libical_dump: Path
) -> None:
    b = built[label, filename]
    errors, events = libical_read(libical_dump, b.path)
    assert errors == [], "libical wrote X-LIC-ERROR"
    by_uid = {e.uid: e for e in events}
    assert len(by_uid) == len(events) == len(b.feed.meetings)
    for m in b.feed.meetings:
        event = by_uid[feed_uid(b.calendar, m)]
        span = utc_span(m)
        if span is None:
            first, end = date_span(m)
            assert (event.start, event.end) == (f"{first:%Y%m%d}", f"{end:%Y%m%d}"), m.id
        else:
            assert event.tzid == TZID
            assert (event.start, event.end) == (_basic(span[0]), _basic(span[1])), m.id


@pytest.mark.parametrize(("label", "filename"), CASES, ids=IDS)
def test_libical_reads_the_texts_as_written(
    label: str, filename: str, built: dict[tuple[str, str], Built], libical_dump: Path
) -> None:
    """What Evolution shows: titles, places and notes, unescaped exactly."""
    b = built[label, filename]
    by_uid = {e.uid: e for e in libical_read(libical_dump, b.path)[1]}
    for m in b.feed.meetings:
        event = by_uid[feed_uid(b.calendar, m)]
        body = b.calendar.body(m.body)
        assert event.summary is not None, m.id
        assert (m.title or body.name) in event.summary, m.id
        if not m.virtual and (m.location or body.location):
            assert event.location == (m.location or body.location), m.id
        if m.note:
            assert event.description is not None, m.id
            assert event.description.startswith(m.note), (m.id, event.description)


def test_libical_kd_net_is_0900z_in_winter_and_0800z_in_summer(
    built: dict[tuple[str, str], Built], libical_dump: Path
) -> None:
    events = {e.uid: e for e in libical_read(libical_dump, built["embedded", "kd-net.ics"].path)[1]}
    assert events["kd-net-2023-1@kkr-midtjylland.dk"].start == "20230127T090000Z"
    assert events["kd-net-2023-2@kkr-midtjylland.dk"].start == "20230414T080000Z"
    assert events["studietur-bruxelles-2022@kkr-midtjylland.dk"].end == "20220520"


def test_the_libical_helper_reports_x_lic_error(libical_dump: Path, tmp_path: Path) -> None:
    """Without this, a helper that never saw an error would pass every feed."""
    broken = tmp_path / "broken.ics"
    broken.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//DA\r\nBEGIN:VEVENT\r\n"
        b"UID:x@example.dk\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:2024-01-01 10:00\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    errors, events = libical_read(libical_dump, broken)
    assert errors, "libical-dump reported no X-LIC-ERROR for a malformed DTSTART"
    assert [e.uid for e in events] == ["x@example.dk"]


# -- the helpers read the file's own VTIMEZONE ----------------------------------------------


def test_the_clients_use_the_feeds_vtimezone_not_their_own(
    built: dict[tuple[str, str], Built], libical_dump: Path, tmp_path: Path
) -> None:
    """A VTIMEZONE with summer time from the last Sunday of *April* moves 5 April 2024.

    Without this, a client that ignored the block (and knew Copenhagen by itself) would
    make every other test here pass whatever the block said.
    """
    data = built["embedded", "kd-net.ics"].data
    assert data.count(b"BYMONTH=3") == 1
    tampered = tmp_path / "tampered.ics"
    tampered.write_bytes(data.replace(b"BYMONTH=3", b"BYMONTH=4"))
    uid = "kd-net-2024-2@kkr-midtjylland.dk"  # 10:00 on Friday 5 April 2024: 08:00Z really
    (js,) = [e for e in icaljs_dump([tampered])[str(tampered)]["events"] if e["uid"] == uid]
    assert js["start"] == "2024-04-05T09:00:00.000Z"
    (lib,) = [e for e in libical_read(libical_dump, tampered)[1] if e.uid == uid]
    assert lib.start == "20240405T090000Z"


# -- recurring-ical-events ------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "filename"), CASES, ids=IDS)
def test_recurring_ical_events_returns_every_meeting_once(
    label: str, filename: str, built: dict[tuple[str, str], Built]
) -> None:
    b = built[label, filename]
    calendar = icalendar.Calendar.from_ical(b.data)
    occurrences = recurring_ical_events.of(calendar).between(
        dt.date(2020, 1, 1), dt.date(2031, 1, 1)
    )
    uids = Counter(str(event["UID"]) for event in occurrences)
    assert uids == Counter(feed_uid(b.calendar, m) for m in b.feed.meetings)
