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
    from .datafile import dump, dumps, load, load_embedded, load_many, loads

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
    "load",
    "load_embedded",
    "load_many",
    "loads",
    "period_of",
    "period_starting",
    "periods_between",
]
