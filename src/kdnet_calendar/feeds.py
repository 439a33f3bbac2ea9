"""iCalendar feeds that Outlook subscribers can trust (docs/feeds-checklist.md is the checklist).

A subscriber pastes a URL once and never looks at the file again, so everything here is
about staying right over time: UIDs come from the meetings' own ids (a moved meeting
updates in place), DTSTAMP comes from the data's modification time (unchanged data gives
identical bytes, hence the same ETag), a cancelled meeting stays in the feed marked in
words, and times carry ``TZID=Europe/Copenhagen`` with a VTIMEZONE Outlook reads.

Each meeting is serialized once per build, however many feeds (body, combined, personal)
carry it: :class:`EventCache` holds the bytes. It serializes each meeting without its
version (SEQUENCE, DTSTAMP, LAST-MODIFIED) and puts the version in as bytes, so the same
serialization is what :mod:`kdnet_calendar.tracking` compares to see whether a meeting
changed for its subscribers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .compat import add_text, copenhagen_vtimezone, escape_text, refold
from .danish import KIND_NAMES, genitive
from .model import Calendar, Meeting, MeetingKind, Status

__all__ = [
    "ALL_FEED",
    "EventCache",
    "Feed",
    "build_feeds",
    "feeds_for",
    "render_feed",
    "uid",
]

#: The id of the feed with every meeting.
ALL_FEED = "alle"
_FALLBACK_STAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
VIRTUAL_LOCATION = "Virtuelt møde"
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@attrs.frozen
class Feed:
    """One subscribable calendar: a body's, everyone's, or one person's meetings."""

    id: str
    name: str
    description: str
    meetings: tuple[Meeting, ...]
    #: "body", "all" or "person".
    kind: str
    #: The body or person the feed is for (None for the combined feed).
    subject: str | None = None

    @property
    def filename(self) -> str:
        """``<id>.ics``: the feed's file name and the last part of its URL."""
        return f"{self.id}.ics"


def feeds_for(calendar: Calendar) -> list[Feed]:
    """Every feed worth subscribing to: the combined one, each body's, each person's.

    A body or person without meetings gets no feed: an empty calendar teaches a
    subscriber nothing, and an empty feed is what a failure must never look like.
    """
    title = calendar.name or "Mødekalender"
    feeds = [
        Feed(
            ALL_FEED,
            title,
            calendar.description or f"Alle møder i {title}.",
            calendar.meetings,
            "all",
        )
    ]
    for body in calendar.bodies:
        meetings = calendar.meetings_of(body.id, participating=True)
        if meetings and _SAFE_ID.match(body.id):
            feeds.append(
                Feed(
                    body.id,
                    body.name,
                    f"Møder i {body.full_name or body.name}.",
                    meetings,
                    "body",
                    body.id,
                )
            )
    for person in calendar.people:
        meetings = calendar.meetings_for(person.id)
        if meetings and _SAFE_ID.match(person.id):
            bodies = ", ".join(b.name for b in calendar.bodies_of(person.id))
            feeds.append(
                Feed(
                    f"person-{person.id}",
                    f"{person.name} – møder",
                    f"Møder for {person.name} i {bodies}.",
                    meetings,
                    "person",
                    person.id,
                )
            )
    return feeds


def uid(calendar: Calendar, meeting: Meeting) -> str:
    """``<meeting id>@<domain>``: never the date, so a moved meeting keeps its UID."""
    return f"{meeting.id}@{calendar.domain or 'kdnet-calendar.invalid'}"


def _stamp(calendar: Calendar) -> dt.datetime:
    if calendar.modified is not None:
        return calendar.modified.astimezone(dt.UTC)
    dated = [d.date for d in calendar.documents if d.date]
    if dated:
        return dt.datetime.combine(max(dated), dt.time(), dt.UTC)
    return _FALLBACK_STAMP


def _summary(calendar: Calendar, m: Meeting) -> str:
    body = calendar.body(m.body).name
    if m.title:
        text = m.title
    elif m.kind is MeetingKind.ORDINARY:
        text = body
    else:
        text = f"{body} – {KIND_NAMES['da'][m.kind]}"
    if m.status is Status.CANCELLED:
        # Outlook ignores STATUS:CANCELLED; the word in the summary is what people see.
        return f"AFLYST: {text}"
    if m.status is Status.TENTATIVE:
        return f"Foreløbig: {text}"
    return text


def _description(calendar: Calendar, m: Meeting) -> str:
    lines = []
    if m.note:
        lines.append(m.note)
    body = calendar.body(m.body)
    # No dates of other meetings here: moving one would change this event's text without
    # raising its SEQUENCE, and clients would keep the old text.
    if m.kind.is_regular:
        preparer = calendar.preparer_of(m.body)
        if preparer is not None and m.kind is MeetingKind.ORDINARY:
            lines.append(f"Forberedes på {calendar.body(preparer).name}-mødet forinden.")
        if body.prepares:
            lines.append(f"Forbereder {genitive(calendar.body(body.prepares).name)} næste møde.")
    if m.start is None and m.kind.is_regular and not m.cancelled:
        lines.append("Tidspunktet er ikke fastlagt endnu.")
    if m.virtual and m.url:
        lines.append(f"Link: {m.url}")
    return "\n".join(lines)


#: The version lines of an event as serialized without its version; see :class:`EventCache`.
_NEUTRAL = (
    b"DTSTAMP:20000101T000000Z\r\n",
    b"LAST-MODIFIED:20000101T000000Z\r\n",
    b"SEQUENCE:0\r\n",
)


def _event(calendar: Calendar, m: Meeting) -> Any:
    """The meeting's VEVENT without its version: DTSTAMP and LAST-MODIFIED of 1 January
    2000 and SEQUENCE 0, which :class:`EventCache` replaces."""
    from icalendar import Event

    event = Event()
    event.add("UID", uid(calendar, m))
    event.add("DTSTAMP", _FALLBACK_STAMP)
    event.add("LAST-MODIFIED", _FALLBACK_STAMP)
    event.add("SEQUENCE", 0)
    add_text(event, "SUMMARY", _summary(calendar, m))
    start, end = m.starts_at(calendar.timezone), m.ends_at(calendar.timezone)
    if start is not None and end is not None:
        event.add("DTSTART", start)
        event.add("DTEND", end)
        # A cancelled meeting no longer makes anyone busy.
        event.add("TRANSP", "TRANSPARENT" if m.cancelled else "OPAQUE")
    else:
        # All-day: VALUE=DATE on both ends, the end exclusive (RFC 5545 3.6.1).
        event.add("DTSTART", m.date)
        event.add("DTEND", m.last_date + dt.timedelta(days=1))
        # A meeting whose time is not yet known must not block the day; a trip of
        # several days does.
        multi_day = m.end_date is not None and m.end_date > m.date
        event.add("TRANSP", "OPAQUE" if multi_day and not m.cancelled else "TRANSPARENT")
    event.add("STATUS", {"confirmed": "CONFIRMED", "tentative": "TENTATIVE"}.get(
        m.status.value, "CANCELLED"
    ))  # fmt: skip
    location = VIRTUAL_LOCATION if m.virtual else m.location or calendar.body(m.body).location
    if location:
        add_text(event, "LOCATION", location)
    description = _description(calendar, m)
    if description:
        add_text(event, "DESCRIPTION", description)
    if m.url:
        event.add("URL", m.url)
    event.add("CATEGORIES", [calendar.body(m.body).name])
    return event


#: Placeholders in a build's feed header (no TEXT escape or fold can touch them).
_NAME, _DESCRIPTION, _SOURCE = "KDNETNAMEPLACEHOLDER", "KDNETDESCPLACEHOLDER", "KDNETSRCPLACEHOLDER"
_END = "END:VCALENDAR\r\n"

#: A meeting's version as a feed states it: (SEQUENCE, DTSTAMP and LAST-MODIFIED).
Version = tuple[int, dt.datetime]


class EventCache:
    """Each meeting's VEVENT bytes, serialized once however many feeds carry it.

    ``versions`` gives a meeting's SEQUENCE and stamp as change tracking worked them out;
    a meeting without one gets its own ``sequence`` and the data's modification time.
    """

    def __init__(self, calendar: Calendar, versions: Mapping[str, Version] | None = None) -> None:
        self.calendar = calendar
        self.versions = versions or {}
        self.stamp = _stamp(calendar)
        self._neutral: dict[str, bytes] = {}
        self._bytes: dict[str, bytes] = {}
        self.serialized = 0
        #: The feed header's template, by (has timed meetings, has an address).
        self.headers: dict[tuple[bool, bool], str] = {}

    def neutral(self, m: Meeting) -> bytes:
        """The event as subscribers see it, without its version."""
        cached = self._neutral.get(m.id)
        if cached is None:
            cached = refold(bytes(_event(self.calendar, m).to_ical()))
            self._neutral[m.id] = cached
            self.serialized += 1
        return cached

    def fingerprint(self, m: Meeting) -> str:
        """A digest of what subscribers see of ``m``: its time, place, status and text."""
        return hashlib.sha256(self.neutral(m)).hexdigest()[:32]

    def __getitem__(self, m: Meeting) -> bytes:
        cached = self._bytes.get(m.id)
        if cached is None:
            sequence, stamp = self.versions.get(m.id, (m.sequence, self.stamp))
            cached = self._bytes[m.id] = with_version(self.neutral(m), sequence, stamp)
        return cached


def with_version(event: bytes, sequence: int, stamp: dt.datetime) -> bytes:
    """A neutral event's bytes with its SEQUENCE, DTSTAMP and LAST-MODIFIED put in."""
    utc = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ").encode()
    dtstamp, modified, seq = _NEUTRAL
    return (
        event.replace(dtstamp, b"DTSTAMP:" + utc + b"\r\n", 1)
        .replace(modified, b"LAST-MODIFIED:" + utc + b"\r\n", 1)
        .replace(seq, b"SEQUENCE:%d\r\n" % sequence, 1)
    )


def render_feed(
    calendar: Calendar,
    feed: Feed,
    *,
    base_url: str | None = None,
    events: EventCache | None = None,
) -> bytes:
    """The feed as ``.ics`` bytes: header, one VTIMEZONE if any time is used, the events."""
    from icalendar import Calendar as ICalendar
    from icalendar.prop import vDuration, vUri

    events = events or EventCache(calendar)
    timed = any(m.timed for m in feed.meetings)
    key = (timed, bool(base_url))
    template = events.headers.get(key)
    if template is None:
        # The header is the same for every feed of a build but for its name, description
        # and address: serialized once, with placeholders filled in per feed.
        cal = ICalendar()
        cal.add("PRODID", f"-//{calendar.organisation or 'kdnet-calendar'}//kdnet-calendar//DA")
        cal.add("VERSION", "2.0")
        cal.add("CALSCALE", "GREGORIAN")
        cal.add("METHOD", "PUBLISH")
        for name in ("NAME", "X-WR-CALNAME"):
            add_text(cal, name, _NAME)
        for name in ("DESCRIPTION", "X-WR-CALDESC"):
            add_text(cal, name, _DESCRIPTION)
        cal.add(
            "REFRESH-INTERVAL", vDuration(dt.timedelta(hours=1)), parameters={"VALUE": "DURATION"}
        )
        cal.add("X-PUBLISHED-TTL", vDuration(dt.timedelta(hours=1)))
        if base_url:
            cal.add("SOURCE", vUri(_SOURCE), parameters={"VALUE": "URI"})
        if timed:
            cal.add_component(copenhagen_vtimezone())
        template = events.headers[key] = bytes(cal.to_ical()).decode("utf-8")
        assert template.endswith(_END)
    head = template.replace(_NAME, escape_text(feed.name)).replace(
        _DESCRIPTION, escape_text(feed.description)
    )
    if base_url:
        head = head.replace(_SOURCE, f"{base_url.rstrip('/')}/{feed.filename}")
    body = b"".join(events[m] for m in feed.meetings)
    return refold(head[: -len(_END)].encode("utf-8")) + body + _END.encode()


def build_feeds(
    calendar: Calendar, *, base_url: str | None = None, feeds: Sequence[Feed] | None = None
) -> dict[str, bytes]:
    """Every feed's bytes by file name, each meeting serialized once."""
    events = EventCache(calendar)
    return {
        f.filename: render_feed(calendar, f, base_url=base_url, events=events)
        for f in (feeds if feeds is not None else feeds_for(calendar))
    }
