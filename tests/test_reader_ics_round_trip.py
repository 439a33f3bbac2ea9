"""A feed of ours read back gives what it was built from: the version subscribers have
(SEQUENCE), the link (URL), the status, and the title without the word the status adds."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import kdnet_calendar as kc
from kdnet_calendar import Calendar, Meeting, Status
from kdnet_calendar.feeds import build_feeds
from kdnet_calendar.readers import read_inputs
from kdnet_calendar.readers.ics import read_ics

URL = "https://kkr.example.dk/dagsorden/{id}"


def changed(cal: Calendar) -> Calendar:
    """The embedded calendar with every fourth meeting given a version, a link, a title and,
    in turn, each status."""
    statuses = (Status.TENTATIVE, Status.CANCELLED, Status.CONFIRMED)
    meetings: list[Meeting] = []
    for i, original in enumerate(cal.meetings):
        m = original
        if i % 4 == 0:
            m = attrs.evolve(
                original,
                sequence=1 + i % 5,
                url=URL.format(id=m.id),
                title=f"Møde {i} – budget",
                status=statuses[(i // 4) % 3],
            )
        meetings.append(m)
    return cal.with_meetings(meetings)


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return changed(kc.load_embedded())


@pytest.fixture(scope="module")
def feed(cal: Calendar) -> bytes:
    return build_feeds(cal)["alle.ics"]


def test_ics_reader_keeps_sequence_url_status_and_title_of_our_feed(
    cal: Calendar, feed: bytes
) -> None:
    found = {s.meeting_id: s for s in read_ics(feed, "alle.ics", cal)}
    assert set(found) == {m.id for m in cal.meetings}
    titled = 0
    for m in cal.meetings:
        s = found[m.id]
        assert (s.sequence, s.url, s.status or Status.CONFIRMED) == (m.sequence, m.url, m.status)
        if m.title:
            titled += 1
            assert s.title == m.title, m.id
    assert titled > 10
    assert {m.status for m in cal.meetings if m.title} == set(Status)


def test_ics_reader_strips_the_tentative_prefix_as_it_strips_aflyst(
    cal: Calendar, feed: bytes
) -> None:
    """The defect: "AFLYST: " came off the title but "Foreløbig: " stayed on."""
    tentative = next(m for m in cal.meetings if m.status is Status.TENTATIVE)
    assert f"SUMMARY:Foreløbig: {tentative.title}" in feed.decode()
    [s] = [s for s in read_ics(feed, "alle.ics", cal) if s.meeting_id == tentative.id]
    assert (s.title, s.status) == (tentative.title, Status.TENTATIVE)
    assert s.statement.text == f"Foreløbig: {tentative.title}"  # kept verbatim


def test_ics_reader_keeps_a_published_sequence_of_one(cal: Calendar) -> None:
    """The defect: a published SEQUENCE:1 came back as 0, and URL was dropped."""
    m = attrs.evolve(cal.meetings[1], sequence=1, url="https://example.dk/m", title="")
    data = build_feeds(cal.with_meetings([m]))["alle.ics"]
    assert b"SEQUENCE:1\r\n" in data
    [s] = read_ics(data, "alle.ics", cal)
    assert (s.sequence, s.url) == (1, "https://example.dk/m")


def test_read_inputs_of_our_feed_gives_the_meetings_back(
    cal: Calendar, feed: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "alle.ics"
    path.write_bytes(feed)
    back = read_inputs([path], cal.with_meetings(()))
    for m in cal.meetings:
        got = back.meeting(m.id)
        assert (got.date, got.start, got.sequence, got.url, got.status) == (
            m.date, m.start, m.sequence, m.url, m.status,
        )  # fmt: skip
        if m.title:
            assert got.title == m.title


def test_a_sequence_that_is_not_a_number_names_its_line() -> None:
    from kdnet_calendar import InputError

    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//DA\r\nBEGIN:VEVENT\r\n"
        "UID:x@example.org\r\nDTSTART:20270205T100000\r\nSUMMARY:KD-Net\r\n"
        "SEQUENCE:-1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(InputError, match="SEQUENCE") as info:
        read_ics(data, "t.ics", kc.load_embedded().with_meetings(()))
    assert info.value.line == 8
