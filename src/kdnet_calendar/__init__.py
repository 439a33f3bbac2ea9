"""kdnet_calendar: the meeting calendars of KKR and the municipal directors' networks.

Load a calendar, ask it questions, check a proposal against the rule book, and publish
iCalendar feeds that Outlook subscribers can trust::

    >>> import datetime as dt
    >>> import kdnet_calendar as kc
    >>> cal = kc.load_embedded()
    >>> kkr = cal.next_meeting(dt.date(2023, 4, 15), body="kkr-midtjylland")
    >>> kkr.date, cal.preparing(kkr).date
    (datetime.date(2023, 4, 26), datetime.date(2023, 4, 14))

The top level does what the commands do, in the spirit of :mod:`json`: :func:`load` and
:func:`dump` a data file, :func:`read` any input (a data file, an agenda text, an ``.ics``
export, the JSON a command wrote), :func:`validate` against the rule book, :func:`feed`
for one feed's ``.ics`` bytes and :func:`propose` a calendar.

Importing the package loads the model only; parsers, rules and feed builders are imported
when first used.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .exceptions import (
    DuplicateIdError,
    FieldError,
    InfeasibleError,
    InputError,
    KdnetCalendarError,
    NonexistentDateError,
    NothingReadError,
    OutOfRangeError,
    TimeOrderError,
    UnknownBodyError,
    UnknownMeetingError,
    UnknownPersonError,
    UnknownReferenceError,
    UnsupportedDateError,
)
from .model import (
    PREPARATION_WINDOW,
    Body,
    BodyKind,
    Calendar,
    Context,
    Document,
    Meeting,
    MeetingKind,
    Membership,
    Person,
    Preparation,
    PreparationWindow,
    Role,
    Source,
    Statement,
    Status,
)
from .periods import ElectionPeriod, election_day, period_of, period_starting, periods_between

if TYPE_CHECKING:
    from .account import Reading
    from .datafile import dump, dumps, load, load_embedded, load_many, loads
    from .rules import Report, Settings
    from .scheduler import Days, Proposal

# Reading and writing files pulls in tomllib, tempfile and importlib.resources; code that
# only builds calendars in memory should not pay for them, so these load on first use.
_LAZY = {
    "dump": "datafile",
    "dumps": "datafile",
    "load": "datafile",
    "load_embedded": "datafile",
    "load_many": "datafile",
    "loads": "datafile",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


# -- what the commands do, as functions -----------------------------------------------------
#
# Each imports what it needs when called: ``import kdnet_calendar`` stays the model only
# (benchmarks/startup.py).


def read(*inputs: str | os.PathLike[str], body: str | None = None) -> Reading:
    """Read inputs of any kind together, as ``kdnet-calendar validate`` reads its files.

    Each input is a data file (``.toml``), an ``.ics`` export, the JSON a command wrote
    (``.json``) or an agenda text (anything else). What they say of one meeting becomes
    one meeting. The bodies and people come from the embedded data (and any data file
    among the inputs); its meetings are not added, so the calendar holds what the inputs
    say. ``body`` is the body of inputs that name none: an id, or a name ("Silkeborg
    Byråd") for a body of its own.

    Returns a :class:`~kdnet_calendar.readers.Reading`: ``reading.calendar`` is the
    calendar, ``reading.dates`` the account of every date the inputs held, and
    :func:`validate` takes either. Raises :class:`InputError` (naming the file and line)
    for an input that cannot be read and :class:`NothingReadError` for one from which no
    meeting was read. For another registry of bodies, or to merge onto known meetings, use
    :func:`kdnet_calendar.readers.read`.
    """
    from . import datafile, readers

    if not inputs:
        raise TypeError("read() needs at least one input (a path)")
    for path in inputs:
        if not isinstance(path, str | os.PathLike):
            raise TypeError(f"an input must be a path, not {type(path).__name__}")
    if body is not None and not isinstance(body, str):
        raise TypeError(f"body must be an id or a name (str), not {type(body).__name__}")
    registry = datafile.load_embedded().with_meetings(())
    return readers.read(inputs, registry, body=body)


def _calendar_of(calendar: Calendar | Reading) -> tuple[Calendar, Reading | None]:
    from .account import Reading

    if isinstance(calendar, Reading):
        return calendar.calendar, calendar
    if isinstance(calendar, Calendar):
        return calendar, None
    raise TypeError(f"calendar must be a Calendar or a Reading, not {type(calendar).__name__}")


def validate(
    calendar: Calendar | Reading,
    settings: Settings | None = None,
    *,
    external: Sequence[Meeting] = (),
    rules: Sequence[str] | None = None,
) -> Report:
    """Check a calendar against the rule book, as ``kdnet-calendar validate`` does.

    ``calendar`` is a :class:`Calendar`, or what :func:`read` returned: then each date
    the inputs held and could not be read is an ``unread-date`` finding too. ``settings``
    are the rule settings (:func:`kdnet_calendar.rules.load_settings` reads a rules
    file); ``external`` other people's events, ``rules`` the rule codes to check (all by
    default). See :func:`kdnet_calendar.rules.validate`.
    """
    from . import rules as rule_book

    cal, reading = _calendar_of(calendar)
    unread = reading.unread if reading is not None else ()
    return rule_book.validate(cal, settings, external=external, rules=rules, unread=unread)


def feed(
    calendar: Calendar | Reading,
    *,
    body: str | None = None,
    person: str | None = None,
    base_url: str | None = None,
) -> bytes:
    """The ``.ics`` bytes of one feed: one body's, one person's, or (given neither) the
    combined feed of every meeting, as ``kdnet-calendar feeds build`` writes it.

    ``body`` and ``person`` are ids; give at most one. An unknown id raises
    :class:`UnknownBodyError` or :class:`UnknownPersonError`; a body or person without
    meetings has no feed (an empty feed would look like a failure to its subscribers), and
    asking for it raises :class:`KdnetCalendarError`. ``base_url`` is where the feeds are
    published, for the feed's ``SOURCE``.
    """
    from . import feeds

    cal, _ = _calendar_of(calendar)
    if body is not None and person is not None:
        raise TypeError("feed() takes body= or person=, not both")
    if body is not None:
        subject: str | None = cal.body(body).id
        kind, what, what_da = "body", f"body {body!r}", f"organet {body!r}"
    elif person is not None:
        subject = cal.person(person).id
        kind, what, what_da = "person", f"person {person!r}", f"personen {person!r}"
    else:
        subject, kind, what, what_da = None, "all", "the calendar", "kalenderen"
    for candidate in feeds.feeds_for(cal):
        if candidate.kind == kind and candidate.subject == subject:
            return feeds.render_feed(cal, candidate, base_url=base_url)
    raise KdnetCalendarError(
        f"{what} has no feed: it has no meetings, or an id a file name cannot hold",
        da=f"{what_da} har intet feed: der er ingen møder, eller id'et kan ikke bruges som filnavn",
    )


def propose(
    calendar: Calendar,
    years: int | Iterable[int],
    *,
    kkr: str | None = None,
    fixed: Iterable[Meeting] = (),
    external: Sequence[Meeting] = (),
    previous: Iterable[Meeting] = (),
    settings: Settings | None = None,
    feeders: Sequence[str] = (),
    held: Iterable[Meeting] = (),
    blocked: Days = (),
    avoid: Days = (),
) -> Proposal:
    """Propose KKR's meetings and the meetings that prepare them for a year or several,
    passing every rule, as ``kdnet-calendar propose`` does.

    ``calendar`` supplies the bodies (its meetings are not planned again; pass those
    already decided as ``fixed``). ``years`` is a year or several. Raises
    :class:`InfeasibleError` when no calendar keeps the rules. The options are those of
    :func:`kdnet_calendar.scheduler.propose`.
    """
    from . import scheduler

    if isinstance(years, bool | str | bytes) or not isinstance(years, int | Iterable):
        raise TypeError(f"years must be a year or several (int), not {type(years).__name__}")
    wanted = [years] if isinstance(years, int) else list(years)
    for year in wanted:
        if isinstance(year, bool) or not isinstance(year, int):
            raise TypeError(f"a year must be an int, not {type(year).__name__} {year!r}")
    return scheduler.propose(
        calendar, wanted, kkr=kkr, fixed=fixed, external=external, previous=previous,
        settings=settings, feeders=feeders, held=held, blocked=blocked, avoid=avoid,
    )  # fmt: skip


__all__ = [
    "PREPARATION_WINDOW",
    "Body",
    "BodyKind",
    "Calendar",
    "Context",
    "Document",
    "DuplicateIdError",
    "ElectionPeriod",
    "FieldError",
    "InfeasibleError",
    "InputError",
    "KdnetCalendarError",
    "Meeting",
    "MeetingKind",
    "Membership",
    "NonexistentDateError",
    "NothingReadError",
    "OutOfRangeError",
    "Person",
    "Preparation",
    "PreparationWindow",
    "Role",
    "Source",
    "Statement",
    "Status",
    "TimeOrderError",
    "UnknownBodyError",
    "UnknownMeetingError",
    "UnknownPersonError",
    "UnknownReferenceError",
    "UnsupportedDateError",
    "__version__",
    "dump",
    "dumps",
    "election_day",
    "feed",
    "load",
    "load_embedded",
    "load_many",
    "loads",
    "period_of",
    "period_starting",
    "periods_between",
    "propose",
    "read",
    "validate",
]
