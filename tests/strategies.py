"""Hypothesis strategies for calendars: valid by construction, awkward in content."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from kdnet_calendar import (
    Body,
    BodyKind,
    Calendar,
    Context,
    Document,
    Meeting,
    MeetingKind,
    Membership,
    Person,
    Role,
    Source,
    Statement,
    Status,
)

# Text that exercises escaping: quotes, backslashes, newlines, tabs, Danish letters.
text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Z", "Cc")),
    max_size=30,
)
ids = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)
dates = st.dates(min_value=dt.date(2006, 1, 1), max_value=dt.date(2040, 12, 31))
times = st.times().map(lambda t: t.replace(microsecond=0))
utc_datetimes = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)
).map(lambda d: d.replace(microsecond=0, tzinfo=dt.UTC))


@st.composite
def time_spans(draw: st.DrawFn) -> tuple[dt.time | None, dt.time | None]:
    start = draw(st.none() | times)
    if start is None:
        return None, None
    end = draw(st.none() | times.filter(lambda t: t > start))
    return start, end


@st.composite
def statements(draw: st.DrawFn, documents: tuple[str, ...]) -> Statement:
    start, end = draw(time_spans())
    return Statement(
        source=Source(draw(st.sampled_from(documents)), draw(st.none() | st.integers(1, 9999))),
        date=draw(dates),
        start=start,
        end=end,
        weekday=draw(st.none() | st.integers(0, 6)),
        text=draw(text),
        context=draw(st.sampled_from(Context)),
    )


@st.composite
def bodies(draw: st.DrawFn, body_id: str, others: tuple[str, ...]) -> Body:
    start, end = draw(time_spans())
    return Body(
        id=body_id,
        name=draw(text.filter(str.strip)),
        kind=draw(st.sampled_from(BodyKind)),
        full_name=draw(text),
        region=draw(text),
        weekdays=tuple(sorted(draw(st.sets(st.integers(0, 6))))),
        start=start,
        end=end,
        location=draw(text),
        meetings_per_year=draw(st.none() | st.integers(0, 12)),
        # A body never prepares its own meetings (the model refuses it).
        prepares=draw(st.none() | st.sampled_from([None, *(o for o in others if o != body_id)])),
        note=draw(text),
        source=draw(st.none() | st.builds(Source, ids, st.none() | st.integers(1, 999))),
    )


@st.composite
def meetings(
    draw: st.DrawFn, meeting_id: str, body_ids: tuple[str, ...], documents: tuple[str, ...]
) -> Meeting:
    day = draw(dates)
    start, end = draw(time_spans())
    end_date = draw(st.none() | st.integers(1, 3).map(lambda n: day + dt.timedelta(days=n)))
    return Meeting(
        id=meeting_id,
        body=draw(st.sampled_from(body_ids)),
        date=day,
        start=start,
        end=end,
        end_date=end_date,
        kind=draw(st.sampled_from(MeetingKind)),
        status=draw(st.sampled_from(Status)),
        title=draw(text),
        location=draw(text),
        virtual=draw(st.booleans()),
        url=draw(st.sampled_from(["", "https://example.org/møde?id=1&x=2"])),
        note=draw(text),
        participants=tuple(draw(st.lists(st.sampled_from(body_ids), max_size=2, unique=True))),
        sequence=draw(st.integers(0, 50)),
        statements=tuple(draw(st.lists(statements(documents), max_size=3))),
    )


@st.composite
def people(draw: st.DrawFn, person_id: str, body_ids: tuple[str, ...]) -> Person:
    memberships = []
    for _ in range(draw(st.integers(0, 3))):
        since = draw(st.none() | dates)
        until = draw(st.none() | dates)
        if since is not None and until is not None and until < since:
            since, until = until, since
        memberships.append(
            Membership(
                body=draw(st.sampled_from(body_ids)),
                role=draw(st.sampled_from(Role)),
                since=since,
                until=until,
                note=draw(text),
                source=draw(st.none() | st.builds(Source, ids, st.integers(1, 999))),
            )
        )
    return Person(
        id=person_id,
        name=draw(text.filter(str.strip)),
        municipality=draw(text),
        organisation=draw(text),
        title=draw(text),
        memberships=tuple(memberships),
    )


@st.composite
def calendars(draw: st.DrawFn, max_meetings: int = 8) -> Calendar:
    body_ids = tuple(draw(st.lists(ids, min_size=1, max_size=4, unique=True)))
    doc_ids = tuple(draw(st.lists(ids, min_size=1, max_size=2, unique=True)))
    meeting_ids = draw(st.lists(ids, max_size=max_meetings, unique=True))
    person_ids = draw(st.lists(ids, max_size=3, unique=True))
    return Calendar(
        bodies=tuple(draw(bodies(b, body_ids)) for b in body_ids),
        meetings=tuple(draw(meetings(m, body_ids, doc_ids)) for m in meeting_ids),
        people=tuple(draw(people(p, body_ids)) for p in person_ids),
        documents=tuple(
            Document(d, title=draw(text), file=draw(text), date=draw(st.none() | dates))
            for d in doc_ids
        ),
        name=draw(text),
        description=draw(text),
        organisation=draw(text),
        domain=draw(st.sampled_from(["", "example.dk"])),
        modified=draw(st.none() | utc_datetimes),
    )
