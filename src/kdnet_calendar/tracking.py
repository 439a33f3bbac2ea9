"""What subscribers last saw, so that every rebuilt feed tells their clients what changed.

Outlook and Apple keep an event as it is unless its ``SEQUENCE`` rises; a secretary who
moves a meeting in the data should not have to remember to raise it. So publishing keeps
a small state — for each meeting the digest of its event as published, its sequence and
stamp — and compares each build with it:

* a meeting whose time, place, status or text changed gets the next sequence and a new
  ``DTSTAMP``/``LAST-MODIFIED``; a sequence set by hand in the data is a floor;
* an unchanged meeting keeps its sequence and stamp, so an unchanged build gives the same
  bytes (and the same ETag) as the last;
* a meeting that disappears from the data is published as cancelled in the feeds that
  carried it, never just dropped, so subscribers' calendars are cleaned;
* a feed that is no longer produced (a group closed, a person left) is kept, with every
  meeting marked cancelled, and the build says so.

The state is JSON: ``feeds build`` keeps it in the published folder, ``serve`` in a file
of its own, so it survives reloads and restarts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from .danish import long_date
from .exceptions import InputError, os_problem
from .feeds import EventCache, Feed, Version, render_feed, uid, with_version
from .model import Calendar, Meeting, Status

__all__ = [
    "STATE_NAME",
    "Publication",
    "Published",
    "PublishedFeed",
    "State",
    "Update",
    "load_state",
    "publish_feeds",
    "render_updates",
    "save_state",
]

#: The state's file name in a published folder.
STATE_NAME = ".kdnet-calendar-state.json"
_FORMAT = 1


@attrs.frozen
class Published:
    """One meeting as it was last published."""

    fingerprint: str
    sequence: int
    stamp: dt.datetime
    date: dt.date
    start: dt.time | None
    status: str
    #: The event as published, kept to publish it as cancelled should it disappear.
    event: str
    #: True once the meeting has left the data and is published as cancelled.
    removed: bool = False


@attrs.frozen
class PublishedFeed:
    """One feed as it was last published."""

    name: str
    description: str
    uids: tuple[str, ...]
    #: When the feed stopped being produced; its last bytes, all meetings cancelled.
    retired: dt.datetime | None = None
    body: str = ""


@attrs.frozen
class State:
    """Everything publishing remembers between builds."""

    meetings: Mapping[str, Published] = attrs.field(factory=dict)
    feeds: Mapping[str, PublishedFeed] = attrs.field(factory=dict)

    def to_json(self) -> bytes:
        def meeting(p: Published) -> dict[str, object]:
            return {
                "fingerprint": p.fingerprint,
                "sequence": p.sequence,
                "stamp": p.stamp.isoformat(),
                "date": p.date.isoformat(),
                "start": p.start.isoformat() if p.start else None,
                "status": p.status,
                "event": p.event,
                "removed": p.removed,
            }

        def feed(f: PublishedFeed) -> dict[str, object]:
            return {
                "name": f.name,
                "description": f.description,
                "uids": list(f.uids),
                "retired": f.retired.isoformat() if f.retired else None,
                "body": f.body,
            }

        data = {
            "format": _FORMAT,
            "meetings": {u: meeting(p) for u, p in sorted(self.meetings.items())},
            "feeds": {name: feed(f) for name, f in sorted(self.feeds.items())},
        }
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"

    @classmethod
    def from_json(cls, data: bytes, path: str | os.PathLike[str] = "<state>") -> State:
        try:
            raw = json.loads(data)
            if raw.get("format") != _FORMAT:
                raise ValueError(f"format {raw.get('format')!r}")
            meetings = {
                u: Published(
                    fingerprint=str(p["fingerprint"]),
                    sequence=int(p["sequence"]),
                    stamp=dt.datetime.fromisoformat(p["stamp"]),
                    date=dt.date.fromisoformat(p["date"]),
                    start=dt.time.fromisoformat(p["start"]) if p["start"] else None,
                    status=str(p["status"]),
                    event=str(p["event"]),
                    removed=bool(p.get("removed", False)),
                )
                for u, p in raw["meetings"].items()
            }
            feeds = {
                name: PublishedFeed(
                    name=str(f["name"]),
                    description=str(f["description"]),
                    uids=tuple(str(u) for u in f["uids"]),
                    retired=dt.datetime.fromisoformat(f["retired"]) if f["retired"] else None,
                    body=str(f.get("body", "")),
                )
                for name, f in raw["feeds"].items()
            }
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(
                f"the publishing state cannot be read ({exc}); it is what keeps subscribers' "
                "calendars in step, so it is not ignored: restore it, or delete it to start "
                "afresh (clients may then keep old versions of changed meetings)",
                path=Path(path),
                expected=f"the JSON that kdnet-calendar writes as {STATE_NAME}",
                problem_da=f"udgivelsestilstanden kan ikke læses ({exc}); den holder "
                "abonnenternes kalendere i trit, så den springes ikke over: gendan den, eller "
                "slet den for at begynde forfra (kalenderprogrammerne kan så beholde gamle "
                "udgaver af ændrede møder)",
                expected_da=f"den JSON, som kdnet-calendar skriver som {STATE_NAME}",
            ) from None
        return cls(meetings, feeds)


def load_state(path: str | os.PathLike[str]) -> State:
    """The state at ``path``; an empty one if there is none yet."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        return State()
    except OSError as exc:
        raise InputError(
            f"cannot read the publishing state: {os_problem(exc)}",
            path=p,
            expected="a readable file",
            problem_da=f"udgivelsestilstanden kan ikke læses: {os_problem(exc, 'da')}",
            expected_da="en fil, der kan læses",
        ) from None
    return State.from_json(data, p)


def save_state(path: str | os.PathLike[str], state: State) -> None:
    from .datafile import write_atomic

    write_atomic(path, state.to_json())


@attrs.frozen
class Update:
    """What one subscriber-visible change is: a meeting added, moved, changed, cancelled
    or removed from the data (published as cancelled), or a feed retired."""

    kind: str
    id: str
    sequence: int = 0
    before: dt.date | None = None
    after: dt.date | None = None


@attrs.frozen
class Publication:
    """A build's feeds, the state to keep for the next, and what subscribers will see."""

    files: dict[str, bytes]
    state: State
    updates: tuple[Update, ...]
    feeds: tuple[Feed, ...]


def publish_feeds(
    calendar: Calendar,
    state: State | None = None,
    *,
    now: dt.datetime | None = None,
    base_url: str | None = None,
    feeds: Sequence[Feed] | None = None,
) -> Publication:
    """Every feed's bytes, versioned against ``state`` (None: nothing published before)."""
    from .feeds import feeds_for

    state = state or State()
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    first = not state.meetings
    feeds = list(feeds if feeds is not None else feeds_for(calendar))
    events = EventCache(calendar)
    versions: dict[str, Version] = {}
    published: dict[str, Published] = {}
    updates: list[Update] = []
    for m in calendar.meetings:
        key = uid(calendar, m)
        fingerprint = events.fingerprint(m)
        before = state.meetings.get(key)
        if before is None or before.removed:
            # A meeting seen for the first time is stamped with the data's own time on a
            # first publication (the same data gives the same bytes), else now.
            stamp = events.stamp if first else now
            sequence = max(m.sequence, before.sequence + 1 if before else 0)
            updates.append(Update("added", m.id, sequence, None, m.date))
        elif before.fingerprint == fingerprint:
            sequence = max(before.sequence, m.sequence)
            stamp = before.stamp if sequence == before.sequence else now
        else:
            sequence = max(before.sequence + 1, m.sequence)
            stamp = now
            updates.append(Update(_kind(before, m), m.id, sequence, before.date, m.date))
        versions[m.id] = (sequence, stamp)
        event = with_version(events.neutral(m), sequence, stamp)
        published[key] = Published(
            fingerprint, sequence, stamp, m.date, m.start, m.status.value, event.decode("utf-8")
        )
    events.versions = versions
    # Meetings that left the data: published as cancelled where they were, never dropped.
    gone: dict[str, bytes] = {}
    for key, before in state.meetings.items():
        if key in published:
            continue
        if before.removed:
            published[key] = before
        else:
            cancelled = _cancelled(before.event, before.sequence + 1, now)
            published[key] = attrs.evolve(
                before, sequence=before.sequence + 1, stamp=now, event=cancelled, removed=True
            )
            updates.append(
                Update("removed", key.split("@", 1)[0], before.sequence + 1, before.date)
            )
        gone[key] = published[key].event.encode("utf-8")
    files: dict[str, bytes] = {}
    feed_state: dict[str, PublishedFeed] = {}
    for feed in feeds:
        uids = [uid(calendar, m) for m in feed.meetings]
        earlier = state.feeds.get(feed.filename)
        extra = [u for u in (earlier.uids if earlier else ()) if u in gone and u not in uids]
        data = render_feed(calendar, feed, base_url=base_url, events=events)
        if extra:
            end = b"END:VCALENDAR\r\n"
            data = data[: -len(end)] + b"".join(gone[u] for u in extra) + end
        files[feed.filename] = data
        feed_state[feed.filename] = PublishedFeed(feed.name, feed.description, (*uids, *extra))
    # Feeds no longer produced: kept, every meeting cancelled, so subscribers are cleaned.
    for name, earlier in state.feeds.items():
        if name in files:
            continue
        retired = earlier
        if earlier.retired is None:
            body = "".join(
                _cancelled(published[u].event, published[u].sequence + 1, now)
                for u in earlier.uids
                if u in published
            )
            retired = attrs.evolve(earlier, retired=now, body=body)
            updates.append(Update("retired", name))
        files[name] = _retired_feed(calendar, retired)
        feed_state[name] = retired
    return Publication(files, State(published, feed_state), tuple(updates), tuple(feeds))


def _kind(before: Published, m: Meeting) -> str:
    if m.status is Status.CANCELLED and before.status != Status.CANCELLED.value:
        return "cancelled"
    if before.date != m.date or before.start != m.start:
        return "moved"
    return "changed"


def _cancelled(event: str, sequence: int, now: dt.datetime) -> str:
    """A published event, cancelled: status, summary and busy time as clients show it."""
    from icalendar import Event

    from .compat import add_text, refold

    parsed = Event.from_ical(event)
    for name in ("STATUS", "TRANSP", "SEQUENCE", "DTSTAMP", "LAST-MODIFIED"):
        parsed.pop(name, None)
    parsed.add("STATUS", "CANCELLED")
    parsed.add("TRANSP", "TRANSPARENT")
    parsed.add("SEQUENCE", sequence)
    parsed.add("DTSTAMP", now.astimezone(dt.UTC))
    parsed.add("LAST-MODIFIED", now.astimezone(dt.UTC))
    summary = str(parsed.pop("SUMMARY", ""))
    if not summary.startswith("AFLYST: "):
        summary = f"AFLYST: {summary.removeprefix('Foreløbig: ')}"
    add_text(parsed, "SUMMARY", summary)
    return refold(bytes(parsed.to_ical())).decode("utf-8")


def _retired_feed(calendar: Calendar, feed: PublishedFeed) -> bytes:
    """A retired feed's bytes: its header, and its meetings as last published, cancelled."""
    header = Feed(
        "retired", feed.name, f"{feed.description} Kalenderen opdateres ikke længere.", (), "all"
    )
    data = render_feed(calendar, header)
    end = b"END:VCALENDAR\r\n"
    body = feed.body.encode("utf-8")
    if b"TZID=" in body and b"BEGIN:VTIMEZONE" not in data:
        from .compat import copenhagen_vtimezone, refold

        data = data[: -len(end)] + refold(bytes(copenhagen_vtimezone().to_ical())) + end
    return data[: -len(end)] + body + end


_WORDS = {
    "da": {
        "added": "nyt",
        "moved": "flyttet",
        "changed": "ændret",
        "cancelled": "aflyst",
        "removed": "fjernet fra data, udgivet som aflyst",
        "retired": "kalenderen udgives ikke længere; dens møder er udgivet som aflyste",
        "none": "ingen ændringer for abonnenterne",
        "first": "første udgivelse: {n} møder",
        "first_one": "første udgivelse: 1 møde",
    },
    "en": {
        "added": "new",
        "moved": "moved",
        "changed": "changed",
        "cancelled": "cancelled",
        "removed": "removed from the data, published as cancelled",
        "retired": "no longer produced; its meetings are published as cancelled",
        "none": "no changes for subscribers",
        "first": "first publication: {n} meetings",
        "first_one": "first publication: 1 meeting",
    },
}


def render_updates(updates: Iterable[Update], lang: str = "da", *, first: bool = False) -> str:
    """What subscribers will see, one line per change, as ``diff`` says it."""
    words = _WORDS[lang]
    updates = list(updates)
    if first:
        added = sum(1 for u in updates if u.kind == "added")
        head = words["first_one"] if added == 1 else words["first"].format(n=added)
        rest = [u for u in updates if u.kind != "added"]
        return head + "\n" + render_updates(rest, lang) if rest else head + "\n"
    if not updates:
        return words["none"] + "\n"
    lines = []
    for u in updates:
        what = words[u.kind]
        if u.kind == "moved" and u.before and u.after:
            what += f" {long_date(u.before, lang)} → {long_date(u.after, lang)}"
        elif u.after or u.before:
            what += f" ({long_date(u.after or u.before or dt.date.min, lang)})"
        seq = f" [SEQUENCE {u.sequence}]" if u.kind not in ("added", "retired") else ""
        lines.append(f"  {u.id}: {what}{seq}")
    return "\n".join(lines) + "\n"
