"""Readers turn what secretariats actually have into a :class:`~kdnet_calendar.Calendar`.

Each reader (agenda text, ``.ics``) only reports what its input *says*: a list of
:class:`Sighting`, one per statement about a meeting, with file and line. Deciding which
statements are about the same meeting is :func:`assemble`'s job, done once for every input
kind, so that the agenda and an Outlook export of the same meeting meet in one place and a
disagreement between them becomes a finding instead of two meetings.

Readers never judge: a Saturday "Fredag den 25. januar" is read as the 25th with a stated
Friday, and the rules say what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from ..exceptions import InputError
from ..model import Body, BodyKind, Calendar, Context, Meeting, MeetingKind, Statement, Status

__all__ = ["EXTERNAL_BODY", "Sighting", "assemble", "read_external", "read_inputs"]


@attrs.frozen
class Sighting:
    """One statement, in one input, about one meeting of one body."""

    body: str
    statement: Statement
    kind: MeetingKind = MeetingKind.ORDINARY
    end_date: dt.date | None = None
    title: str = ""
    location: str = ""
    virtual: bool = False
    note: str = ""
    #: Sightings sharing a key are about the same meeting whatever their dates say
    #: (the agenda's table of contents and its item 2 both naming "the minutes of …").
    key: str | None = None
    #: A meeting id the input gives (an ``.ics`` UID), kept so feeds stay stable.
    meeting_id: str | None = None
    #: Cancelled or tentative, when the input says so ("– AFLYST", STATUS:CANCELLED).
    status: Status | None = None


def read_input_bytes(path: str | os.PathLike[str], expected: str) -> bytes:
    """An input file's bytes, or an :class:`InputError` naming it and what was expected.

    Only a regular file is read, and no more than :data:`~kdnet_calendar.limits.MAX_INPUT_BYTES`
    of it: a FIFO or a device would block or never end, and no agenda is that large.
    """
    import stat

    from ..limits import MAX_INPUT_BYTES

    name = os.fspath(path)
    try:
        # Non-blocking, so that opening a FIFO does not wait for a writer before it is refused.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(
                    "cannot read the file: it is not a regular file", path=name, expected=expected
                )
            data = f.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=name, expected=expected) from None
    except OSError as exc:
        raise InputError(
            f"cannot read the file: {exc.strerror or exc}", path=name, expected=expected
        ) from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(
            f"the file is larger than {MAX_INPUT_BYTES // 2**20} MB and was not read",
            path=name,
            expected=expected,
        )
    return data


#: Statements of one body this close together, from different inputs, are one meeting.
MERGE_DAYS = 3

_CONTEXT_RANK = {Context.HEADER: 0, Context.LIST: 1, Context.REFERENCE: 2}


def assemble(
    sightings: Iterable[Sighting], base: Calendar, *, merge_days: int = MERGE_DAYS
) -> Calendar:
    """Merge sightings into ``base`` (bodies and any meetings from data files).

    A sighting joins an existing meeting of its body when it shares its key, states the
    same date, or states a date within ``merge_days`` in a different document. Otherwise it
    starts a new meeting, with the body's usual time and place where the input gives none.
    When statements disagree, the meeting keeps a data file's date; failing that, the date
    whose statements name no wrong weekday, that most statements give, and from the
    strongest context (a meeting's own header over a list over a passing reference).
    """
    by_id: dict[str, Meeting] = {m.id: m for m in base.meetings}
    from_data = set(by_id)
    groups: dict[str, list[Sighting]] = {}
    keys: dict[tuple[str, str], str] = {}

    for s in sightings:
        target = _find(s, by_id, groups, keys, merge_days)
        if target is None:
            target = s.meeting_id or _new_id(s, by_id)
            by_id[target] = _meeting(s, target, base)
        groups.setdefault(target, []).append(s)
        if s.key is not None:
            keys.setdefault((s.body, s.key), target)

    meetings = [
        _merge(m, groups[mid], keep_date=mid in from_data) if mid in groups else m
        for mid, m in by_id.items()
    ]
    return base.with_meetings(meetings)


def _find(
    s: Sighting,
    by_id: dict[str, Meeting],
    groups: dict[str, list[Sighting]],
    keys: dict[tuple[str, str], str],
    merge_days: int,
) -> str | None:
    if s.meeting_id is not None and s.meeting_id in by_id:
        return s.meeting_id
    if s.key is not None and (s.body, s.key) in keys:
        return keys[(s.body, s.key)]
    day = s.statement.date
    document = s.statement.source.document
    best: tuple[int, str] | None = None
    for mid, m in by_id.items():
        if m.body != s.body or m.kind.is_regular != s.kind.is_regular:
            continue
        distance = abs((m.date - day).days)
        if distance > merge_days:
            continue
        same_document = any(
            g.statement.source.document == document for g in groups.get(mid, [])
        ) or (m.origin is not None and m.origin.document == document)
        if distance and same_document:
            continue  # two lines of one list are two meetings
        if best is None or distance < best[0]:
            best = (distance, mid)
    return best[1] if best else None


def _new_id(s: Sighting, taken: dict[str, Meeting]) -> str:
    base_id = f"{s.body}-{s.statement.date.isoformat()}"
    candidate, n = base_id, 2
    while candidate in taken:
        candidate, n = f"{base_id}-{n}", n + 1
    return candidate


def _meeting(s: Sighting, mid: str, calendar: Calendar) -> Meeting:
    body = calendar.body(s.body)
    start = s.statement.start
    end = s.statement.end
    if start is None and s.kind.is_regular:
        start, end = body.start, body.end
    return Meeting(
        id=mid,
        body=s.body,
        date=s.statement.date,
        start=start,
        end=end if start is not None else None,
        end_date=s.end_date,
        kind=s.kind,
        title=s.title,
        location=s.location or ("" if s.virtual or not s.kind.is_regular else body.location),
        virtual=s.virtual,
        note=s.note,
        status=s.status or Status.CONFIRMED,
        origin=s.statement.source,
    )


def _merge(meeting: Meeting, found: Sequence[Sighting], *, keep_date: bool) -> Meeting:
    statements = meeting.statements + tuple(s.statement for s in found)
    date = meeting.date if keep_date else _choose_date(statements)
    timed = next((s.statement for s in found if s.statement.start is not None), None)
    changes: dict[str, Any] = {"statements": statements, "date": date}
    if timed is not None and not keep_date:
        changes["start"], changes["end"] = timed.start, timed.end
    if any(s.kind is MeetingKind.CONSTITUTING for s in found):
        changes["kind"] = MeetingKind.CONSTITUTING
    for field in ("title", "note", "location"):
        if not getattr(meeting, field):
            value = next((getattr(s, field) for s in found if getattr(s, field)), "")
            if value:
                changes[field] = value
    if any(s.virtual for s in found) and not meeting.virtual:
        changes["virtual"] = True
        changes["location"] = (
            "" if not any(s.location for s in found) else changes.get("location", meeting.location)
        )
    # The most recent word on status wins: inputs come in the order given, newest last.
    status = next((s.status for s in reversed(found) if s.status is not None), None)
    if status is not None and status is not meeting.status:
        changes["status"] = status
    if meeting.end_date is None:
        end_date = next((s.end_date for s in found if s.end_date), None)
        if end_date is not None:
            changes["end_date"] = end_date
    return attrs.evolve(meeting, **changes)


def _choose_date(statements: Sequence[Statement]) -> dt.date:
    order = {s.date: i for i, s in reversed(list(enumerate(statements)))}

    def score(day: dt.date) -> tuple[int, int, int, int]:
        mine = [s for s in statements if s.date == day]
        wrong_weekday = any(s.weekday is not None and s.weekday != day.weekday() for s in mine)
        strongest = min(_CONTEXT_RANK[s.context] for s in mine)
        return (int(wrong_weekday), -len(mine), strongest, order[day])

    return min(order, key=score)


def read_inputs(
    paths: Sequence[str | os.PathLike[str]],
    base: Calendar,
    *,
    body: str | None = None,
) -> Calendar:
    """Read data files, agenda texts and ``.ics`` files as one calendar.

    ``.toml`` files are data files and contribute their meetings as they are; ``.ics``
    and text inputs contribute sightings, assembled onto them. ``base`` supplies the bodies
    (and people) that inputs refer to; ``body`` names the body of inputs that do not say.
    """
    from .. import datafile

    data_files = [Path(p) for p in paths if Path(p).suffix.lower() == ".toml"]
    calendar = base.with_meetings(())
    if data_files:
        # A file of decided dates may name the known bodies without defining them again.
        known = [b.id for b in base.bodies]
        loaded = datafile.merge(
            [datafile.load(p, known_bodies=known) for p in data_files],
            [str(p) for p in data_files],
        )
        # The user's files describe their bodies as they are; the registry only fills in
        # the bodies and people they do not mention.
        own_bodies = {b.id for b in loaded.bodies}
        own_people = {p.id for p in loaded.people}
        calendar = attrs.evolve(
            loaded,
            bodies=loaded.bodies + tuple(b for b in base.bodies if b.id not in own_bodies),
            people=loaded.people + tuple(p for p in base.people if p.id not in own_people),
        )
    sightings: list[Sighting] = []
    for p in map(Path, paths):
        suffix = p.suffix.lower()
        if suffix == ".toml":
            continue
        if suffix in (".ics", ".ical", ".ifb"):
            from .ics import read_ics_file

            sightings.extend(read_ics_file(p, calendar, body=body))
        else:
            from .text import read_agenda_file

            sightings.extend(read_agenda_file(p, calendar, body=body))
    return assemble(sightings, calendar)


#: The pseudo-body that other people's events are read under.
EXTERNAL_BODY = Body("external", "Eksterne begivenheder", kind=BodyKind.EXTERNAL)


def read_external(path: str | os.PathLike[str]) -> list[Meeting]:
    """Other people's events (an ``.ics`` of KL's summit, Folkemødet) to avoid."""
    from .ics import read_ics_file

    holder = Calendar(bodies=(EXTERNAL_BODY,))
    return [
        Meeting(
            id=f"external-{i}",
            body=EXTERNAL_BODY.id,
            date=s.statement.date,
            start=s.statement.start,
            end=s.statement.end,
            end_date=s.end_date,
            kind=MeetingKind.SEMINAR,
            title=s.title or s.statement.text,
            location=s.location,
            origin=s.statement.source,
        )
        for i, s in enumerate(read_ics_file(path, holder, body=EXTERNAL_BODY.id), start=1)
    ]
