"""kdnet_calendar: the meeting calendars of KKR and the municipal directors' networks.

Load a calendar, ask it questions, check a proposal against the rule book, and publish
iCalendar feeds that Outlook subscribers can trust::

    >>> import datetime as dt
    >>> import kdnet_calendar as kc
    >>> cal = kc.load_embedded()
    >>> kkr = cal.next_meeting(dt.date(2023, 4, 15), body="kkr-midtjylland")
    >>> kkr.date, cal.preparing(kkr).date
    (datetime.date(2023, 4, 26), datetime.date(2023, 4, 14))

Importing the package loads the model only; parsers, rules and feed builders are imported
when first used.
"""

from ._version import __version__
from .datafile import dump, dumps, load, load_embedded, load_many, loads
from .exceptions import (
    DuplicateIdError,
    FieldError,
    InputError,
    KdnetCalendarError,
    NonexistentDateError,
    OutOfRangeError,
    TimeOrderError,
    UnknownBodyError,
    UnknownReferenceError,
)
from .model import (
    PREPARATION_WINDOW,
    Body,
    BodyKind,
    Calendar,
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

__all__ = [
    "PREPARATION_WINDOW",
    "Body",
    "BodyKind",
    "Calendar",
    "Document",
    "DuplicateIdError",
    "ElectionPeriod",
    "FieldError",
    "InputError",
    "KdnetCalendarError",
    "Meeting",
    "MeetingKind",
    "Membership",
    "NonexistentDateError",
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
    "UnknownReferenceError",
    "__version__",
    "dump",
    "dumps",
    "election_day",
    "load",
    "load_embedded",
    "load_many",
    "loads",
    "period_of",
    "period_starting",
    "periods_between",
]
