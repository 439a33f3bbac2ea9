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
import re
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from ..account import DateRead, Disposition, Reading
from ..exceptions import NothingReadError, UnknownReferenceError
from ..model import (
    Body,
    BodyKind,
    Calendar,
    Context,
    Meeting,
    MeetingKind,
    Source,
    Statement,
    Status,
)

__all__ = [
    "EXTERNAL_BODY",
    "DateRead",
    "Disposition",
    "Reading",
    "Sighting",
    "assemble",
    "read",
    "read_external",
    "read_inputs",
]


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
    #: The version the input gives (an ``.ics`` SEQUENCE), if it gives one.
    sequence: int | None = None
    #: A link the input gives for the meeting (an ``.ics`` URL).
    url: str = ""


#: Statements of one body this close together, from different inputs, are one meeting.
MERGE_DAYS = 3

_CONTEXT_RANK = {Context.HEADER: 0, Context.LIST: 1, Context.REFERENCE: 2}


def assemble(
    sightings: Iterable[Sighting],
    base: Calendar,
    *,
    merge_days: int = MERGE_DAYS,
    bodies: Iterable[Body] = (),
    defaults: Collection[str] = (),
) -> Calendar:
    """Merge sightings into ``base``: its bodies, and its meetings, which are kept.

    ``base``'s meetings (a data file's, or a calendar's already known) stay in the result,
    and sightings of them join them, so ``assemble(read_ics(…), base)`` holds ``base``'s
    meetings and the file's. :func:`read` and :func:`read_inputs` do the same with the
    ``base`` they are given; pass ``base.with_meetings(())`` to either for what the inputs
    alone say.

    A sighting joins an existing meeting of its body when it shares its key, states the
    same date, or states a date within ``merge_days`` in a different document. Otherwise it
    starts a new meeting. When statements disagree, the meeting keeps a data file's date;
    failing that, the date whose statements name no wrong weekday, that most statements
    give, and from the strongest context (a meeting's own header over a list over a passing
    reference).

    ``bodies`` are bodies the readers met in the text; ``defaults`` the bodies whose usual
    time and place fill in what a text leaves out – only those a data file describes, so
    that nothing a text did not say is shown as read.
    """
    calendar = base.with_bodies(bodies) if bodies else base
    by_id: dict[str, Meeting] = {m.id: m for m in calendar.meetings}
    from_data = set(by_id)
    groups: dict[str, list[Sighting]] = {}
    keys: dict[tuple[str, str], str] = {}
    # (body, regular?, day) → meetings: a sighting looks at 2·merge_days+1 days, not at all.
    near: dict[tuple[str, bool, dt.date], list[str]] = {}
    for m in by_id.values():
        near.setdefault((m.body, m.kind.is_regular, m.date), []).append(m.id)

    for s in sightings:
        target = _find(s, by_id, groups, keys, near, merge_days)
        if target is None:
            target = s.meeting_id or _new_id(s, by_id)
            m = _meeting(s, target, calendar, fill=s.body in defaults)
            by_id[target] = m
            near.setdefault((m.body, m.kind.is_regular, m.date), []).append(target)
        groups.setdefault(target, []).append(s)
        if s.key is not None:
            keys.setdefault((s.body, s.key), target)

    meetings = [
        _merge(m, groups[mid], keep_date=mid in from_data) if mid in groups else m
        for mid, m in by_id.items()
    ]
    return calendar.with_meetings(meetings)


def _find(
    s: Sighting,
    by_id: dict[str, Meeting],
    groups: dict[str, list[Sighting]],
    keys: dict[tuple[str, str], str],
    near: dict[tuple[str, bool, dt.date], list[str]],
    merge_days: int,
) -> str | None:
    if s.meeting_id is not None and s.meeting_id in by_id:
        return s.meeting_id
    if s.key is not None and (s.body, s.key) in keys:
        return keys[(s.body, s.key)]
    day = s.statement.date
    document = s.statement.source.document
    regular = s.kind.is_regular
    for distance in range(merge_days + 1):
        for offset in (-distance, distance) if distance else (0,):
            try:
                other = day + dt.timedelta(days=offset)
            except OverflowError:
                continue
            for mid in near.get((s.body, regular, other), ()):
                m = by_id[mid]
                same_document = any(
                    g.statement.source.document == document for g in groups.get(mid, [])
                ) or (m.origin is not None and m.origin.document == document)
                if distance and same_document:
                    continue  # two lines of one list are two meetings
                return mid
    return None


def _new_id(s: Sighting, taken: dict[str, Meeting]) -> str:
    base_id = f"{s.body}-{s.statement.date.isoformat()}"
    candidate, n = base_id, 2
    while candidate in taken:
        candidate, n = f"{base_id}-{n}", n + 1
    return candidate


def _meeting(s: Sighting, mid: str, calendar: Calendar, *, fill: bool) -> Meeting:
    body = calendar.body(s.body)
    start = s.statement.start
    end = s.statement.end
    fill = fill and s.kind.is_regular
    if start is None and fill:
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
        location=s.location or ("" if s.virtual or not fill else body.location),
        virtual=s.virtual,
        note=s.note,
        status=s.status or Status.CONFIRMED,
        url=s.url,
        sequence=s.sequence or 0,
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
    for field in ("title", "note", "location", "url"):
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
    # A version only goes up: the highest any input gives is the one subscribers have.
    sequence = max((s.sequence for s in found if s.sequence is not None), default=None)
    if sequence is not None and sequence > meeting.sequence:
        changes["sequence"] = sequence
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
    """Read data files, agenda texts and ``.ics`` files as one calendar (see :func:`read`).

    Like :func:`assemble`, the result keeps ``base``'s meetings, with what the inputs say
    of them merged in; ``base.with_meetings(())`` gives what the inputs alone say.
    """
    return read(paths, base, body=body).calendar


_ID_SHAPE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def read(
    paths: Sequence[str | os.PathLike[str]],
    base: Calendar,
    *,
    body: str | None = None,
) -> Reading:
    """Read data files, agenda texts and ``.ics`` files as one calendar, and account for it.

    ``.toml`` files are data files and contribute their meetings as they are; ``.ics``
    and text inputs contribute sightings, assembled onto them (see :func:`assemble`).
    ``base`` supplies the bodies (and people) that inputs refer to, and any meetings
    already known: they are kept as the first of the data files would be (a data file's
    meeting of the same id replaces one), and what the inputs say of them is merged in.
    Pass ``base.with_meetings(())``, as the command line does, for what the inputs alone
    say; the account (:attr:`Reading.dates`) is of the inputs only. ``body`` is the body of
    inputs that do not name one: the id of a body in ``base`` or in a data file among
    ``paths``, or a name ("Silkeborg Byråd") for a body of its own.

    Raises :class:`NothingReadError` for an agenda or ``.ics`` input from which no meeting
    was read, saying what became of the dates it held.
    """
    from .. import datafile

    data_files = [Path(p) for p in paths if Path(p).suffix.lower() == ".toml"]
    calendar = base
    dates: list[DateRead] = []
    filed = 0  # meetings the data files among the inputs hold
    defaults: set[str] = set()
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
        own_meetings = {m.id for m in loaded.meetings}
        filed = len(loaded.meetings)
        defaults = own_bodies
        calendar = attrs.evolve(
            loaded,
            bodies=loaded.bodies + tuple(b for b in base.bodies if b.id not in own_bodies),
            people=loaded.people + tuple(p for p in base.people if p.id not in own_people),
            meetings=loaded.meetings + tuple(m for m in base.meetings if m.id not in own_meetings),
        )
        dates.extend(
            DateRead(m.origin or Source(""), m.id, Disposition.MEETING, m.date, m.body)
            for m in loaded.meetings
        )
    # The registry names the bodies; when and where they meet is for the inputs to say, or
    # a data file among them. Nothing a text did not say is then shown as if it had.
    calendar = attrs.evolve(
        calendar,
        bodies=tuple(
            b if b.id in defaults else attrs.evolve(b, start=None, end=None, location="")
            for b in calendar.bodies
        ),
    )
    found: list[Body] = []
    if body is not None and body not in {b.id for b in calendar.bodies}:
        from .names import body_id, normal

        # An id must be known; a name makes a body of its own, but the five KKRs are
        # built in: another "KKR …" is a slip, not a new council.
        if _ID_SHAPE.match(body) or normal(body).startswith("kkr "):
            raise UnknownReferenceError(
                "body",
                body,
                known=tuple(b.id for b in calendar.bodies),
                field="--body",
                path="--body",
            )
        found.append(Body(body_id(body), body.strip(), inferred=True))
        calendar = calendar.with_bodies(found)
        body = found[0].id
    sightings: list[Sighting] = []
    for p in map(Path, paths):
        suffix = p.suffix.lower()
        if suffix == ".toml":
            continue
        if suffix == ".json":
            from .records import read_records_file

            got = read_records_file(p, calendar)
            dates.extend(
                DateRead(s.statement.source, s.statement.text, Disposition.MEETING,
                         s.statement.date, s.body)
                for s in got
            )  # fmt: skip
        elif suffix in (".ics", ".ical", ".ifb"):
            from .ics import read_ics_file

            got = read_ics_file(p, calendar, body=body)
            dates.extend(
                DateRead(s.statement.source, s.title or s.statement.text, Disposition.MEETING,
                         s.statement.date, s.body)
                for s in got
            )  # fmt: skip
        else:
            from .text import read_agenda_file_text

            text = read_agenda_file_text(p, calendar, body=body)
            got = list(text.sightings)
            found.extend(text.bodies)
            calendar = calendar.with_bodies(text.bodies)
            dates.extend(text.dates)
        if not got:
            raise _nothing_read(
                os.fspath(p), [d for d in dates if d.source.document == os.fspath(p)]
            )
        sightings.extend(got)
    assembled = assemble(sightings, calendar, defaults=defaults)
    if paths and not sightings and not filed:
        # Only data files, and none of them holds a meeting: nothing to pass.
        raise NothingReadError(
            path=", ".join(os.fspath(p) for p in paths),
            dates=0,
            why="the data files hold no meeting",
            expected="[[meetings]] in a data file, or an agenda text or .ics export beside it",
            why_da="datafilerne indeholder intet møde",
            expected_da="[[meetings]] i en datafil eller en dagsordenstekst eller .ics-fil ved "
            "siden af",
        )
    return Reading(assembled, tuple(dates), tuple(os.fspath(p) for p in paths))


def _nothing_read(path: str, dates: Sequence[DateRead]) -> NothingReadError:
    from ..danish import count, unread_reason

    unread = [d for d in dates if d.disposition is Disposition.UNREAD]
    aside = [d for d in dates if d.disposition is Disposition.SET_ASIDE]
    n = len(dates)
    if not dates:
        why = "it holds no date a meeting calendar would give"
        why_da = "den indeholder ingen dato, som en mødekalender ville have"
        expected = "dates such as 'Fredag den 2. juni 2023' or '8/2-2023'"
        expected_da = "datoer som 'Fredag den 2. juni 2023' eller '8/2-2023'"
    elif unread:
        reasons = sorted({d.reason for d in unread})
        why = (f"{count(n, 'date', 'dates')}, {len(unread)} unread ({'; '.join(reasons)}), "
               f"{len(aside)} set aside as not meetings")  # fmt: skip
        reasons_da = "; ".join(unread_reason(r) for r in reasons)
        why_da = (f"{count(n, 'dato', 'datoer')}, {len(unread)} ikke læst ({reasons_da}), "
                  f"{len(aside)} sat til side som ikke-møder")  # fmt: skip
        if any("body" in r for r in reasons):
            expected = (
                "a heading or title naming the body, or body=ID (--body ID on the command line)"
            )
            expected_da = (
                "en overskrift eller titel, der nævner organet, eller body=ID (--body ID på "
                "kommandolinjen)"
            )
        elif any("year" in r for r in reasons):
            expected = "a year in the list's heading, on its lines or in the text above"
            expected_da = "et årstal i listens overskrift, på dens linjer eller i teksten over"
        else:
            expected = "dates written as '5. februar 2026' or '5/2-2026'"
            expected_da = "datoer skrevet som '5. februar 2026' eller '5/2-2026'"
    else:
        all_en = "it" if n == 1 else "all"
        all_da = "den" if n == 1 else "alle"
        why = (f"{count(n, 'date', 'dates')}, {all_en} set aside as not meetings "
               "(deadlines, mentions in running text)")  # fmt: skip
        why_da = (f"{count(n, 'dato', 'datoer')}, {all_da} sat til side som ikke-møder "
                  "(frister, omtaler i løbende tekst)")  # fmt: skip
        expected = "a list of meeting dates under a heading such as 'Møder i 2026'"
        expected_da = "en liste over mødedatoer under en overskrift som 'Møder i 2026'"
    return NothingReadError(
        path=path, dates=n, why=why, expected=expected, why_da=why_da, expected_da=expected_da
    )


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
