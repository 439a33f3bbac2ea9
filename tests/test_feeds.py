"""The feeds against docs/feeds-checklist.md, item by item (1–17; the HTTP items 18–22 are tested elsewhere).

Pure Python: every check reads the bytes the feeds are made of (``tests/clients/calendars``
parses them without ``icalendar``), so the library that wrote them is not their judge.
``tests/test_feeds_clients.py`` runs the same feeds through independent parsers.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import attrs
import icalendar
import pytest
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kdnet_calendar import (
    Body,
    Calendar,
    InputError,
    KdnetCalendarError,
    Meeting,
    MeetingKind,
    Membership,
    Person,
    Status,
    loads,
)
from kdnet_calendar import feeds as kfeeds
from kdnet_calendar.feeds import EventCache, Feed, build_feeds, feeds_for, render_feed

from .clients.calendars import (
    ADVERSARIAL_NAME,
    BASE_URL,
    CPH,
    TEAMS_URL,
    TZID,
    UNC_NOTE,
    UTC,
    ZOOM_URL,
    adversarial_calendar,
    blocks,
    calendar_lines,
    date_span,
    escape,
    feed_uid,
    fold_problems,
    split_line,
    unescape,
    unfold,
    utc_span,
    value,
    values,
)

#: A calendar, one of its feeds and the feed's bytes.
Built = tuple[Calendar, Feed, bytes]


def build(calendar: Calendar, base_url: str | None = BASE_URL) -> list[Built]:
    feeds = feeds_for(calendar)
    data = build_feeds(calendar, base_url=base_url, feeds=feeds)
    return [(calendar, f, data[f.filename]) for f in feeds]


@pytest.fixture(scope="module")
def adversarial() -> Calendar:
    return adversarial_calendar()


@pytest.fixture(scope="module")
def every_feed(embedded: Calendar, adversarial: Calendar) -> list[Built]:
    """Every feed of the real Midtjylland data and of the adversarial calendar."""
    return build(embedded) + build(adversarial)


def events_by_uid(data: bytes) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for event in blocks(unfold(data), "VEVENT"):
        uid = value(event, "UID")
        assert uid not in found, f"UID {uid} twice"
        found[uid] = event
    return found


def feed_named(built: list[Built], filename: str) -> bytes:
    (data,) = [d for _, f, d in built if f.filename == filename]
    return data


def event_of(calendar: Calendar, feed_filename: str, meeting_id: str) -> list[str]:
    data = feed_named(build(calendar), feed_filename)
    return events_by_uid(data)[feed_uid(calendar, calendar.meeting(meeting_id))]


def test_the_fixtures_cover_every_case(embedded: Calendar, adversarial: Calendar) -> None:
    """Both calendars have each shape the checklist names, or the tests below prove less."""
    for calendar in (embedded, adversarial):
        ms = calendar.meetings
        assert any(m.timed and m.date.month in (1, 2, 11, 12) for m in ms)  # winter time
        assert any(m.timed and m.date.month in (5, 6, 7, 8) for m in ms)  # summer time
        assert any(m.end_date is not None for m in ms)  # multi-day
        assert any(m.virtual for m in ms)
        assert any(not m.timed and m.kind.is_regular for m in ms)  # time not known
        assert len(feeds_for(calendar)) >= 3
    assert any(m.cancelled for m in adversarial.meetings)
    assert any(m.status is Status.TENTATIVE for m in adversarial.meetings)
    assert any(m.virtual and m.url for m in adversarial.meetings)


# -- 1. the calendar object ---------------------------------------------------------------


def test_01_version_prodid_calscale_method(every_feed: list[Built]) -> None:
    for calendar, feed, data in every_feed:
        lines = unfold(data)
        assert lines[0] == "BEGIN:VCALENDAR", feed.filename
        assert lines[-1] == "END:VCALENDAR", feed.filename
        own = calendar_lines(lines)
        assert value(own, "VERSION") == "2.0"
        assert value(own, "PRODID") == escape(f"-//{calendar.organisation}//kdnet-calendar//DA")
        assert value(own, "CALSCALE") == "GREGORIAN"
        assert value(own, "METHOD") == "PUBLISH"  # never REQUEST
        assert b"METHOD:REQUEST" not in data


def test_01_prodid_of_the_real_data(embedded: Calendar) -> None:
    for _, _, data in build(embedded):
        assert value(calendar_lines(unfold(data)), "PRODID") == (
            "-//KKR Midtjylland//kdnet-calendar//DA"
        )


# -- 2. names and descriptions -------------------------------------------------------------


def test_02_name_and_x_wr_calname_description_and_x_wr_caldesc(every_feed: list[Built]) -> None:
    for _, feed, data in every_feed:
        own = calendar_lines(unfold(data))
        assert value(own, "NAME") == value(own, "X-WR-CALNAME") == escape(feed.name)
        assert value(own, "DESCRIPTION") == value(own, "X-WR-CALDESC") == escape(feed.description)


def test_02_a_calendar_name_with_comma_semicolon_newline_is_escaped(adversarial: Calendar) -> None:
    own = calendar_lines(unfold(feed_named(build(adversarial), "alle.ics")))
    expected = 'Råd\\, netværk\\; "KKR"\\nØstjylland \\\\ Århus'
    assert value(own, "NAME") == expected
    assert value(own, "X-WR-CALNAME") == expected
    assert unescape(expected) == ADVERSARIAL_NAME
    assert value(own, "X-WR-CALDESC") == 'Alle møder\\; også "aflyste"\\, ikke\\\\ kun\\nnye.'


def test_02_the_calendar_description_survives_icalendar(adversarial: Calendar) -> None:
    # icalendar 7 reads NAME and X-WR-* back raw (vUnknown), escapes and all, so only the
    # RFC 5545 DESCRIPTION can be checked through it; ical.js checks the others.
    parsed = icalendar.Calendar.from_ical(feed_named(build(adversarial), "alle.ics"))
    assert str(parsed["DESCRIPTION"]) == adversarial.description


# -- 3–5. refresh, source, no X-WR-TIMEZONE -----------------------------------------------


def test_03_refresh_interval_and_published_ttl(every_feed: list[Built]) -> None:
    for _, feed, data in every_feed:
        own = calendar_lines(unfold(data))
        assert own.count("REFRESH-INTERVAL;VALUE=DURATION:PT1H") == 1, feed.filename
        assert own.count("X-PUBLISHED-TTL:PT1H") == 1, feed.filename
        assert len(values(own, "REFRESH-INTERVAL")) == len(values(own, "X-PUBLISHED-TTL")) == 1


@pytest.mark.parametrize(
    "base_url", ["https://kalender.example.dk/feeds", "https://kalender.example.dk/feeds/"]
)
def test_04_source_is_the_feeds_own_url(embedded: Calendar, base_url: str) -> None:
    for _, feed, data in build(embedded, base_url):
        own = calendar_lines(unfold(data))
        assert own.count(f"SOURCE;VALUE=URI:https://kalender.example.dk/feeds/{feed.filename}") == 1


def test_04_no_source_without_a_base_url(embedded: Calendar) -> None:
    for _, _, data in build(embedded, None):
        assert values(calendar_lines(unfold(data)), "SOURCE") == []


def test_05_no_x_wr_timezone(every_feed: list[Built]) -> None:
    for _, feed, data in every_feed:
        assert not any(line.upper().startswith("X-WR-TIMEZONE") for line in unfold(data)), feed


# -- 6–8. time zones -------------------------------------------------------------------------

_DATE = re.compile(r"\d{8}")
_LOCAL = re.compile(r"\d{8}T\d{6}")
_UTC = re.compile(r"\d{8}T\d{6}Z")


def test_06_every_timed_value_has_tzid_copenhagen_or_is_utc(every_feed: list[Built]) -> None:
    for calendar, feed, data in every_feed:
        assert b"TZID=UTC" not in data.upper()
        by_uid = events_by_uid(data)
        for m in feed.meetings:
            event = by_uid[feed_uid(calendar, m)]
            for name in ("DTSTART", "DTEND"):
                ((params, raw),) = values(event, name)
                if params == "VALUE=DATE":
                    assert _DATE.fullmatch(raw), (m.id, name, raw)
                    assert not m.timed, f"{m.id}: a timed meeting written as a date"
                else:
                    # Floating ("DTSTART:20220211T100000") is never right; UTC would be.
                    local = params == f"TZID={TZID}" and _LOCAL.fullmatch(raw)
                    utc = params == "" and _UTC.fullmatch(raw)
                    assert local or utc, (m.id, name, params, raw)
            for name in ("DTSTAMP", "LAST-MODIFIED"):
                ((params, raw),) = values(event, name)
                assert params == "", (m.id, name, params)
                assert _UTC.fullmatch(raw), (m.id, name, raw)


def test_06_the_wall_clock_times_are_the_meetings(every_feed: list[Built]) -> None:
    for calendar, feed, data in every_feed:
        by_uid = events_by_uid(data)
        for m in feed.meetings:
            start, end = m.starts_at(TZID), m.ends_at(TZID)
            if start is None or end is None:
                continue
            event = by_uid[feed_uid(calendar, m)]
            for name, wall in (("DTSTART", start), ("DTEND", end)):
                # Local time with the TZID, or (item 6 allows it) the same instant in UTC.
                assert values(event, name)[0] in (
                    (f"TZID={TZID}", f"{wall:%Y%m%dT%H%M%S}"),
                    ("", f"{wall.astimezone(UTC):%Y%m%dT%H%M%SZ}"),
                ), (m.id, name)


def test_07_one_vtimezone_per_tzid_used_before_the_events(every_feed: list[Built]) -> None:
    for _, feed, data in every_feed:
        lines = unfold(data)
        used = {
            p.removeprefix("TZID=")
            for event in blocks(lines, "VEVENT")
            for _, p, _ in map(split_line, event)
            if p.startswith("TZID=")
        }
        zones = blocks(lines, "VTIMEZONE")
        assert sorted(value(z, "TZID") for z in zones) == sorted(used), feed.filename
        assert used == ({TZID} if any(m.timed for m in feed.meetings) else set())
        if zones:
            assert lines.index("BEGIN:VTIMEZONE") < lines.index("BEGIN:VEVENT")
            assert lines.index("END:VTIMEZONE") < lines.index("BEGIN:VEVENT")


def test_06_07_a_calendar_in_another_zone_is_refused(embedded: Calendar) -> None:
    """Feeds carry exactly one VTIMEZONE, Europe/Copenhagen; another zone would dangle."""
    with pytest.raises(KdnetCalendarError, match="Atlantic/Faroe"):
        attrs.evolve(embedded, timezone="Atlantic/Faroe")
    with pytest.raises(InputError) as info:
        loads('format = 1\ntimezone = "Atlantic/Faroe"\n', "tz.toml")
    assert info.value.line == 2


def _rrule_parts(raw: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in raw.split(";"))


def _offset(raw: str) -> dt.timedelta:
    match = re.fullmatch(r"([+-])(\d\d)(\d\d)(\d\d)?", raw)
    assert match, raw
    sign = -1 if match[1] == "-" else 1
    return sign * dt.timedelta(
        hours=int(match[2]), minutes=int(match[3]), seconds=int(match[4] or 0)
    )


def test_08_vtimezone_is_the_rrule_form_outlook_reads(every_feed: list[Built]) -> None:
    for _, feed, data in every_feed:
        for zone in blocks(unfold(data), "VTIMEZONE"):
            assert not values(zone, "RDATE"), f"{feed.filename}: the RDATE-list form"
            (daylight,) = blocks(zone, "DAYLIGHT")
            (standard,) = blocks(zone, "STANDARD")
            for block, month, hour, before, after in (
                (daylight, 3, 2, "+0100", "+0200"),
                (standard, 10, 3, "+0200", "+0100"),
            ):
                assert not values(block, "RDATE")
                assert _rrule_parts(value(block, "RRULE")) == {
                    "FREQ": "YEARLY",
                    "BYMONTH": str(month),
                    "BYDAY": "-1SU",
                }
                assert value(block, "TZOFFSETFROM") == before
                assert value(block, "TZOFFSETTO") == after
                start = dt.datetime.strptime(value(block, "DTSTART"), "%Y%m%dT%H%M%S")
                assert (start.month, start.hour, start.minute) == (month, hour, 0)
                # The DTSTART is itself an onset: the last Sunday of its month.
                assert start.weekday() == 6
                assert (start + dt.timedelta(days=7)).month != month


Transition = tuple[dt.datetime, dt.timedelta, dt.timedelta]


def vtimezone_transitions(zone: list[str], until: int = 2040) -> list[Transition]:
    """The block's onsets as naive UTC instants with (offset before, offset after).

    Read with dateutil straight from the block: ``icalendar``'s ``Timezone.to_tz()`` is no
    judge here, since for a known TZID it returns ``ZoneInfo(TZID)`` whatever the block says.
    """
    transitions: list[Transition] = []
    for kind in ("STANDARD", "DAYLIGHT"):
        for block in blocks(zone, kind):
            start = dt.datetime.strptime(value(block, "DTSTART"), "%Y%m%dT%H%M%S")
            before, after = (
                _offset(value(block, "TZOFFSETFROM")),
                _offset(value(block, "TZOFFSETTO")),
            )
            onsets = [start]
            for _, rule in values(block, "RRULE"):
                onsets += rrulestr(rule, dtstart=start).between(
                    start, dt.datetime(until, 1, 1), inc=True
                )
            transitions += [(onset - before, before, after) for onset in set(onsets)]
    return sorted(transitions)


def offset_at(transitions: list[Transition], instant: dt.datetime) -> dt.timedelta:
    """The UTC offset the block gives at a naive UTC instant."""
    current = transitions[0][1]
    for onset, _, after in transitions:
        if onset > instant:
            break
        current = after
    return current


def block_local_to_utc(transitions: list[Transition], local: dt.datetime) -> dt.datetime:
    """A wall-clock time in the block's zone as a naive UTC instant (unambiguous times)."""
    candidates = {
        local - off
        for off in {after for _, _, after in transitions}
        if offset_at(transitions, local - off) == off
    }
    assert len(candidates) == 1, (local, candidates)
    return candidates.pop()


def test_08_vtimezone_agrees_with_zoneinfo_for_every_meeting(every_feed: list[Built]) -> None:
    checked = 0
    for _, feed, data in every_feed:
        zones = blocks(unfold(data), "VTIMEZONE")
        if not zones:
            continue
        transitions = vtimezone_transitions(zones[0])
        for m in feed.meetings:
            span = utc_span(m)
            start, end = m.starts_at(TZID), m.ends_at(TZID)
            if span is None or start is None or end is None:
                continue
            for instant, wall in zip(span, (start, end), strict=True):
                naive_utc = instant.replace(tzinfo=None)
                assert offset_at(transitions, naive_utc) == wall.utcoffset(), (feed.id, m.id)
                assert block_local_to_utc(transitions, wall.replace(tzinfo=None)) == naive_utc, (
                    feed.id,
                    m.id,
                )
                checked += 1
    assert checked > 50


def test_08_vtimezone_transitions_are_zoneinfos_from_1997_to_2039(embedded: Calendar) -> None:
    (zone,) = blocks(unfold(feed_named(build(embedded), "kd-net.ics")), "VTIMEZONE")
    transitions = [t for t in vtimezone_transitions(zone) if t[0].year >= 1997]
    assert len(transitions) == 2 * (2039 - 1997 + 1)
    for onset, before, after in transitions:
        aware = onset.replace(tzinfo=UTC)
        assert (aware - dt.timedelta(seconds=1)).astimezone(CPH).utcoffset() == before, onset
        assert aware.astimezone(CPH).utcoffset() == after, onset
    # And no transition is missing: every noon in between has zoneinfo's offset.
    day = dt.datetime(1997, 1, 1, 12)
    while day.year < 2040:
        assert offset_at(transitions, day) == day.replace(tzinfo=UTC).astimezone(CPH).utcoffset()
        day += dt.timedelta(days=1)


# -- 9–11. identity, stamps, moves ---------------------------------------------------------


def test_09_uid_is_the_meeting_id_at_the_domain(every_feed: list[Built]) -> None:
    for calendar, feed, data in every_feed:
        uids = [value(e, "UID") for e in blocks(unfold(data), "VEVENT")]
        assert Counter(uids) == Counter(feed_uid(calendar, m) for m in feed.meetings)


def test_09_a_meeting_keeps_its_uid_in_every_feed(embedded: Calendar) -> None:
    first = {f.filename: events_by_uid(d).keys() for _, f, d in build(embedded)}
    again = {f.filename: events_by_uid(d).keys() for _, f, d in build(embedded)}
    assert first == again
    uid = feed_uid(embedded, embedded.meeting("kd-net-2024-2"))
    assert uid == "kd-net-2024-2@kkr-midtjylland.dk"
    assert sum(uid in uids for uids in first.values()) >= 3  # combined, body, persons


def _stamp(calendar: Calendar) -> str:
    assert calendar.modified is not None
    return f"{calendar.modified.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def test_10_dtstamp_and_last_modified_are_the_datas_modification(every_feed: list[Built]) -> None:
    for calendar, _, data in every_feed:
        for event in blocks(unfold(data), "VEVENT"):
            assert value(event, "DTSTAMP") == _stamp(calendar)
            assert value(event, "LAST-MODIFIED") == _stamp(calendar)


def test_10_stamps_in_utc(embedded: Calendar, adversarial: Calendar) -> None:
    assert _stamp(embedded) == "20230414T120000Z"
    # modified is 14:30+02:00 in the adversarial data: the stamp is 12:30Z.
    assert _stamp(adversarial) == "20240601T123000Z"
    assert b"DTSTAMP:20240601T123000Z\r\n" in feed_named(build(adversarial), "alle.ics")


@pytest.fixture
def other_local_zone() -> Iterator[None]:
    """The process' local time zone set to one far from UTC and Copenhagen."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "America/Los_Angeles"
    time.tzset()
    try:
        yield
    finally:
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()


def test_10_same_data_same_bytes(embedded: Calendar, adversarial: Calendar) -> None:
    calendars = (embedded, adversarial)
    first = [build_feeds(calendar, base_url=BASE_URL) for calendar in calendars]
    time.sleep(1.01)  # a clock that ticks must not show in the bytes
    for calendar, before in zip(calendars, first, strict=True):
        assert build_feeds(calendar, base_url=BASE_URL) == before
        # Rendering one feed alone (its own cache) gives the same bytes as the batch.
        for feed in feeds_for(calendar):
            assert render_feed(calendar, feed, base_url=BASE_URL) == before[feed.filename]


@pytest.mark.usefixtures("other_local_zone")
def test_10_same_bytes_whatever_the_machines_time_zone(
    embedded: Calendar, adversarial: Calendar
) -> None:
    for calendar in (embedded, adversarial):
        here = build_feeds(calendar, base_url=BASE_URL)
        assert b"DTSTAMP:" + _stamp(calendar).encode() in here["alle.ics"]
        assert here == build_feeds(attrs.evolve(calendar), base_url=BASE_URL)


def test_11_a_moved_meeting_keeps_its_uid_gets_new_times_and_its_sequence(
    embedded: Calendar,
) -> None:
    before = embedded.meeting("kd-net-2024-2")
    assert (before.date, before.sequence) == (dt.date(2024, 4, 5), 0)
    moved = attrs.evolve(
        before, date=dt.date(2024, 4, 12), start=dt.time(13), end=dt.time(15), sequence=1
    )
    after = embedded.with_meetings(moved if m.id == before.id else m for m in embedded.meetings)
    old = events_by_uid(feed_named(build(embedded), "kd-net.ics"))
    new = events_by_uid(feed_named(build(after), "kd-net.ics"))
    uid = "kd-net-2024-2@kkr-midtjylland.dk"
    assert old.keys() == new.keys()  # updated in place, not a second event
    assert value(old[uid], "DTSTART") == "20240405T100000"
    assert value(new[uid], "DTSTART") == "20240412T130000"
    assert value(new[uid], "DTEND") == "20240412T150000"
    assert value(old[uid], "SEQUENCE") == "0"
    assert value(new[uid], "SEQUENCE") == "1"
    # The SEQUENCE is the data's, whatever it is.
    jumped = after.with_meetings(
        attrs.evolve(m, sequence=7) if m.id == before.id else m for m in after.meetings
    )
    assert value(event_of(jumped, "kd-net.ics", before.id), "SEQUENCE") == "7"


# -- 12–15. events ----------------------------------------------------------------------------


def test_12_a_cancelled_meeting_stays_marked_in_words(embedded: Calendar) -> None:
    before = embedded.meeting("kd-net-2024-2")
    cancelled = attrs.evolve(before, status=Status.CANCELLED, sequence=before.sequence + 1)
    after = embedded.with_meetings(cancelled if m.id == before.id else m for m in embedded.meetings)
    old = {f.filename: events_by_uid(d) for _, f, d in build(embedded)}
    new = {f.filename: events_by_uid(d) for _, f, d in build(after)}
    uid = feed_uid(embedded, before)
    assert {n for n, evs in old.items() if uid in evs} == {
        n for n, evs in new.items() if uid in evs
    }
    for events in (evs for evs in new.values() if uid in evs):
        event = events[uid]
        assert value(event, "STATUS") == "CANCELLED"
        assert unescape(value(event, "SUMMARY")) == "AFLYST: KD-Net"
        assert int(value(event, "SEQUENCE")) > before.sequence
        assert value(event, "DTSTART") == "20240405T100000"  # still where it was


def test_12_cancelled_and_tentative_in_the_adversarial_data(adversarial: Calendar) -> None:
    event = event_of(adversarial, "alle.ics", "raad-aflyst")
    assert value(event, "STATUS") == "CANCELLED"
    assert value(event, "SUMMARY") == "AFLYST: Budget\\, 2025\\; ekstra møde"
    assert value(event, "SEQUENCE") == "3"
    tentative = event_of(adversarial, "alle.ics", "raad-foreloebig")
    assert value(tentative, "STATUS") == "TENTATIVE"
    statuses = {
        m.id: value(e, "STATUS")
        for m in adversarial.meetings
        for e in [event_of(adversarial, "alle.ics", m.id)]
        if m.status is Status.CONFIRMED
    }
    assert set(statuses.values()) == {"CONFIRMED"}


def test_13_all_day_events_use_dates_with_an_exclusive_end(every_feed: list[Built]) -> None:
    for calendar, feed, data in every_feed:
        by_uid = events_by_uid(data)
        for m in feed.meetings:
            if m.timed:
                continue
            event = by_uid[feed_uid(calendar, m)]
            first, end = date_span(m)
            assert values(event, "DTSTART") == [("VALUE=DATE", f"{first:%Y%m%d}")], m.id
            assert values(event, "DTEND") == [("VALUE=DATE", f"{end:%Y%m%d}")], m.id


def test_13_the_brussels_study_trip(embedded: Calendar) -> None:
    for name in ("alle.ics", "kd-net.ics", "kkr-midtjylland.ics"):
        event = event_of(embedded, name, "studietur-bruxelles-2022")
        assert "DTSTART;VALUE=DATE:20220518" in event
        assert "DTEND;VALUE=DATE:20220520" in event
        assert value(event, "TRANSP") == "OPAQUE"  # the trip blocks both days


def test_13_a_meeting_whose_time_is_not_known_does_not_block_the_day(
    every_feed: list[Built],
) -> None:
    unknown = 0
    for calendar, feed, data in every_feed:
        by_uid = events_by_uid(data)
        for m in feed.meetings:
            transp = value(by_uid[feed_uid(calendar, m)], "TRANSP")
            if m.cancelled:
                assert transp == "TRANSPARENT", m.id  # a cancelled meeting makes nobody busy
            elif m.timed:
                assert transp == "OPAQUE", m.id
            elif m.kind.is_regular or m.kind is MeetingKind.DEADLINE:
                assert transp == "TRANSPARENT", m.id
                unknown += 1
    assert unknown > 20


def test_13_the_kkr_meetings_of_unknown_time(embedded: Calendar) -> None:
    event = event_of(embedded, "kkr-midtjylland.ics", "kkr-midtjylland-2023-2")
    assert "DTSTART;VALUE=DATE:20230426" in event
    assert "DTEND;VALUE=DATE:20230427" in event
    assert value(event, "TRANSP") == "TRANSPARENT"


def test_14_one_event_per_meeting_and_no_recurrence(every_feed: list[Built]) -> None:
    for calendar, feed, data in every_feed:
        events = blocks(unfold(data), "VEVENT")
        assert len(events) == len(feed.meetings), feed.filename
        assert len({value(e, "UID") for e in events}) == len(events)
        for event in events:
            for name in ("RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID"):
                assert values(event, name) == [], (feed.filename, name)
        if feed.kind == "all":
            assert len(events) == len(calendar.meetings)


def test_15_virtual_meetings_say_so_and_carry_the_link(every_feed: list[Built]) -> None:
    seen = 0
    for calendar, feed, data in every_feed:
        by_uid = events_by_uid(data)
        for m in feed.meetings:
            if not m.virtual:
                continue
            event = by_uid[feed_uid(calendar, m)]
            assert unescape(value(event, "LOCATION")) == "Virtuelt møde", m.id
            if m.url:
                assert value(event, "URL") == m.url  # a URI: not TEXT-escaped
                assert m.url in unescape(value(event, "DESCRIPTION")), m.id
                seen += 1
    assert seen >= 2


def test_15_the_real_virtual_meeting(embedded: Calendar) -> None:
    event = event_of(embedded, "kd-net.ics", "kd-net-2022-4")
    assert value(event, "LOCATION") == "Virtuelt møde"
    assert value(event, "DTSTART") == "20220826T100000"


def test_15_the_adversarial_links(adversarial: Calendar) -> None:
    teams = event_of(adversarial, "alle.ics", "raad-virtuelt")
    assert value(teams, "URL") == TEAMS_URL
    assert unescape(value(teams, "DESCRIPTION")).endswith(f"Link: {TEAMS_URL}")
    zoom = event_of(adversarial, "gruppe.ics", "gruppe-zoom")
    assert value(zoom, "URL") == ZOOM_URL
    assert f"Link: {ZOOM_URL}" in unescape(value(zoom, "DESCRIPTION"))


# -- 16. escaping ------------------------------------------------------------------------------

_TEXT = ("SUMMARY", "LOCATION", "DESCRIPTION", "NAME", "X-WR-CALNAME", "X-WR-CALDESC", "PRODID")


def _unescaped_separator(raw: str) -> str | None:
    """The first ``,`` or ``;`` a TEXT value has without its backslash, if any."""
    escaped = False
    for char in raw:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in ",;":
            return char
    return None


def test_16_every_text_value_is_validly_escaped(every_feed: list[Built]) -> None:
    for _, feed, data in every_feed:
        for line in unfold(data):
            name, _, raw = split_line(line)
            if name in _TEXT:
                assert _unescaped_separator(raw) is None, (feed.filename, line)
                unescape(raw)  # only \\ \; \, \n


def test_16_the_adversarial_texts_read_back_exactly(adversarial: Calendar) -> None:
    events = events_by_uid(feed_named(build(adversarial), "alle.ics"))

    def text(meeting_id: str, name: str) -> str:
        return unescape(value(events[f"{meeting_id}@kalender.example.dk"], name))

    assert text("raad-vinter", "LOCATION") == "Mødelokale 1, 2. sal; Åbyhøj\\syd"
    assert text("raad-vinter", "SUMMARY") == "Rådet for Øst, Vest; Nord\nSyd \\ æøå"
    assert text("raad-sommer", "DESCRIPTION") == 'Dagsorden: "Budget", punkt 1;2\nSlut.'
    assert text("studietur-2024", "LOCATION") == "Bruxelles\nBelgien"
    assert text("frist-hoering", "SUMMARY") == "Frist: høring, del 1; bilag \\ 2"


def test_16_a_windows_share_path_in_a_note(adversarial: Calendar) -> None:
    r"""``\\fil01\Møder\Nyt referat``: the ``\N`` must stay a backslash and an N."""
    event = event_of(adversarial, "alle.ics", "raad-ukendt-tid")
    assert unescape(value(event, "DESCRIPTION")).startswith(UNC_NOTE + "\n")


def _one_meeting_calendar(
    *, name: str = "Kalender", title: str = "", location: str = "", note: str = ""
) -> Calendar:
    return Calendar(
        bodies=(Body("raad", "Rådet"),),
        meetings=(
            Meeting(
                "m1",
                "raad",
                dt.date(2024, 6, 7),
                dt.time(10),
                dt.time(12),
                kind=MeetingKind.SEMINAR,  # its DESCRIPTION is the note alone
                title=title,
                location=location,
                note=note,
            ),
        ),
        people=(Person("p", "P", memberships=(Membership("raad"),)),),
        name=name,
        description=name,
        organisation="Org",
        domain="example.dk",
        modified=dt.datetime(2024, 1, 1, tzinfo=UTC),
    )


def _read_back(calendar: Calendar) -> dict[str, Any]:
    """Every feed's NAME, X-WR-CALNAME, X-WR-CALDESC, SUMMARY, LOCATION, DESCRIPTION."""
    out: dict[str, Any] = {}
    for _, feed, data in build(calendar):
        assert fold_problems(data) == [], feed.filename
        lines = unfold(data)
        own = calendar_lines(lines)
        (event,) = blocks(lines, "VEVENT")
        ours = {n: unescape(value(own, n)) for n in ("NAME", "X-WR-CALNAME", "X-WR-CALDESC")}
        ours |= {n: unescape(value(event, n)) for n in ("SUMMARY", "LOCATION", "DESCRIPTION")}
        parsed = icalendar.Calendar.from_ical(data)
        (vevent,) = parsed.walk("VEVENT")
        # icalendar 7 reads NAME and X-WR-* back raw (vUnknown): only DESCRIPTION is TEXT.
        theirs = {"X-WR-CALDESC": str(parsed["DESCRIPTION"])}
        theirs |= {n: str(vevent[n]) for n in ("SUMMARY", "LOCATION", "DESCRIPTION")}
        out[feed.filename] = (ours, theirs)
    return out


ESCAPE_CASES = [
    "komma, semikolon; kolon: slut",
    "to\nlinjer",
    "C:\\mapper\\referat",
    "\\\\fil01\\Møder\\Nyt referat",  # a Windows share: \N must not become a newline
    "N\\N\\n\\\\N",
    "ends with a backslash\\",
    "æøå ÆØÅ 🙂",
]


@pytest.mark.parametrize("text", ESCAPE_CASES)
def test_16_texts_read_back_exactly(text: str) -> None:
    calendar = _one_meeting_calendar(name=text, title=text, location=text, note=text)
    for filename, (ours, theirs) in _read_back(calendar).items():
        expected = {
            "SUMMARY": text,
            "LOCATION": text,
            "DESCRIPTION": text,
        }
        if filename == "alle.ics":
            expected |= {"NAME": text, "X-WR-CALNAME": text, "X-WR-CALDESC": text}
        for name, want in expected.items():
            assert ours[name] == want, (filename, name)
            if name in theirs:
                assert theirs[name] == want, (filename, name, "icalendar")


_DANISH = st.sampled_from([*"æøåÆØÅ,;:\\\n\"' Nn🙂é\t", "\\N", "\\n", "\\\\", "\\,", "–"])
#: Hostile text: escapes, Danish letters, emoji; padded so that it meets the 75-octet fold
#: at every offset (a fold is where escapes and multi-byte letters get split).
TEXTS = st.builds(
    str.__add__,
    st.sampled_from(["", "x" * 40, "x" * 60, "å" * 30, "ø" * 35]),
    st.lists(
        _DANISH | st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
        min_size=1,
        max_size=90,
    ).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=TEXTS, title=TEXTS, location=TEXTS, note=TEXTS)
def test_16_17_any_text_is_escaped_folded_and_read_back(
    name: str, title: str, location: str, note: str
) -> None:
    calendar = _one_meeting_calendar(name=name, title=title, location=location, note=note)
    for filename, (ours, theirs) in _read_back(calendar).items():
        if filename == "alle.ics":
            assert ours["NAME"] == ours["X-WR-CALNAME"] == ours["X-WR-CALDESC"] == name
            assert theirs["X-WR-CALDESC"] == name
        assert ours["SUMMARY"] == theirs["SUMMARY"] == title
        assert ours["LOCATION"] == theirs["LOCATION"] == location
        assert ours["DESCRIPTION"] == theirs["DESCRIPTION"] == note


# -- 17. bytes -----------------------------------------------------------------------------------


def test_17_crlf_folded_lines_whole_characters_whole_escapes(every_feed: list[Built]) -> None:
    for _, feed, data in every_feed:
        assert fold_problems(data) == [], feed.filename
        bare = data.replace(b"\r\n", b"")
        assert b"\n" not in bare, feed.filename
        assert b"\r" not in bare, feed.filename


@pytest.mark.parametrize(
    "char", [",", ";", "\n", "\\"], ids=["comma", "semicolon", "newline", "backslash"]
)
def test_17_no_fold_splits_an_escape_wherever_it_falls(char: str) -> None:
    """Slide each escaped character across every fold position, after ASCII and after å."""
    for pad in range(90):
        text = f"{'x' * pad}{char}yyyy"
        calendar = _one_meeting_calendar(name=text, title=text, location="å" * pad + text)
        data = feed_named(build(calendar), "alle.ics")
        assert fold_problems(data) == [], repr(text)


def test_17_no_fold_splits_a_danish_letter_wherever_it_falls() -> None:
    for pad in range(80):
        text = "x" * pad + "æøåÆØÅ🙂" * 3
        data = feed_named(
            build(_one_meeting_calendar(name=text, title=text, note=text)), "alle.ics"
        )
        assert fold_problems(data) == [], pad


# -- each meeting serialized once -------------------------------------------------------------


def test_event_cache_serializes_each_meeting_once(embedded: Calendar) -> None:
    cache = EventCache(embedded)
    feeds = feeds_for(embedded)
    assert {m.id for f in feeds for m in f.meetings} == {m.id for m in embedded.meetings}
    for feed in feeds:
        render_feed(embedded, feed, base_url=BASE_URL, events=cache)
    assert cache.serialized == len(embedded.meetings)
    assert sum(len(f.meetings) for f in feeds) > 3 * len(embedded.meetings)


def test_build_feeds_serializes_each_meeting_once(
    embedded: Calendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = kfeeds._event

    def counting(calendar: Calendar, m: Meeting) -> Any:
        calls.append(m.id)
        return real(calendar, m)

    monkeypatch.setattr(kfeeds, "_event", counting)
    build_feeds(embedded, base_url=BASE_URL)
    assert sorted(calls) == sorted(m.id for m in embedded.meetings)
