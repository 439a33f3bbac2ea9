"""Election periods of Danish municipalities and regions, computed from the law.

Kommunal- og regionalvalgloven § 6: the election is held on the third Tuesday of November
every fourth year; the period runs from 1 January after the election to 31 December four
years later. KKR's rules of procedure put its constituting meeting no later than
31 January of the period's first year.

The 2005 election is the one exception: it elected the councils of the new municipalities
of the structural reform, which sat as merger committees in 2006 and as councils from
1 January 2007 to 31 December 2009. KKRs exist from 2007. That period is returned with
``transition=True`` and is not treated as an ordinary four-year cycle; earlier dates are
out of range, because there was no KKR to hold meetings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache

import attrs

from .exceptions import OutOfRangeError

__all__ = [
    "FIRST_KKR_YEAR",
    "ElectionPeriod",
    "election_day",
    "is_election_year",
    "period_of",
    "period_starting",
    "periods_between",
]

#: The structural reform's election; every later election is four years after another.
_REFORM_ELECTION_YEAR = 2005
#: KKRs were created with the new municipalities on 1 January 2007.
FIRST_KKR_YEAR = 2007
_TUESDAY = 1


def is_election_year(year: int) -> bool:
    """True for 2005, 2009, …, 2025, 2029, … (every fourth year from the reform)."""
    return year >= _REFORM_ELECTION_YEAR and (year - _REFORM_ELECTION_YEAR) % 4 == 0


def election_day(year: int) -> dt.date:
    """The third Tuesday of November of an election year."""
    if not is_election_year(year):
        if year < _REFORM_ELECTION_YEAR:
            raise OutOfRangeError(
                year,
                "elections before the 2005 structural reform are not modelled",
                reason_da="valg før strukturreformen i 2005 er ikke med",
            )
        raise OutOfRangeError(
            year,
            "no municipal election that year (they fall every fourth year: 2021, 2025, 2029, …)",
            reason_da="intet kommunalvalg det år (der er valg hvert fjerde år: 2021, 2025, "
            "2029, …)",
        )
    first = dt.date(year, 11, 1)
    first_tuesday = first + dt.timedelta(days=(_TUESDAY - first.weekday()) % 7)
    return first_tuesday + dt.timedelta(weeks=2)


@attrs.frozen(order=True)
class ElectionPeriod:
    """One election period: who was elected when, and the dates KKR's year hangs on."""

    #: The election that began the period.
    election: dt.date
    #: 1 January after the election.
    start: dt.date
    #: 31 December of the next election's year.
    end: dt.date
    #: True only for the 2006–2009 period of the structural reform.
    transition: bool = False

    @property
    def first_year(self) -> int:
        """The year the constituting meetings are held (2007 in the transition period)."""
        return FIRST_KKR_YEAR if self.transition else self.start.year

    @property
    def election_year(self) -> int:
        """The period's last year, in which the next election is held."""
        return self.end.year

    @property
    def next_election(self) -> dt.date:
        """The election held in the period's last year, which ends it."""
        return election_day(self.end.year)

    @property
    def years(self) -> range:
        """The calendar years of the period."""
        return range(self.start.year, self.end.year + 1)

    @property
    def kkr_constituting_deadline(self) -> dt.date | None:
        """31 January of the first year; None in the transition period, which had no such rule."""
        return None if self.transition else dt.date(self.first_year, 1, 31)

    @property
    def label(self) -> str:
        """``2026–2029``."""
        return f"{self.start.year}–{self.end.year}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def period_starting(year: int) -> ElectionPeriod:
    """The period whose first calendar year is ``year`` (2006, 2010, …, 2026, …)."""
    if not is_election_year(year - 1):
        raise OutOfRangeError(
            year,
            "no election period starts that year (they start in 2026, 2030, …)",
            reason_da="ingen valgperiode begynder det år (de begynder i 2026, 2030, …)",
        )
    end_year = year + 3
    return ElectionPeriod(
        election=election_day(year - 1),
        start=dt.date(year, 1, 1),
        end=dt.date(end_year, 12, 31),
        transition=year - 1 == _REFORM_ELECTION_YEAR,
    )


def period_of(day: dt.date | int) -> ElectionPeriod:
    """The period that contains a date (or, given a year, that year's 1 January)."""
    return _period_of_year(day if isinstance(day, int) else day.year)


@cache
def _period_of_year(year: int) -> ElectionPeriod:
    # Cached: the rules ask for the period of every meeting and every candidate fix.
    if year < _REFORM_ELECTION_YEAR + 1:
        raise OutOfRangeError(
            year,
            "before 2006 there were no KKRs; periods start with the 2005 structural reform",
            reason_da="før 2006 fandtes der ingen KKR'er; valgperioderne begynder med "
            "strukturreformen i 2005",
        )
    offset = (year - (_REFORM_ELECTION_YEAR + 1)) % 4
    return period_starting(year - offset)


def periods_between(first_year: int, last_year: int) -> Iterator[ElectionPeriod]:
    """Every period that overlaps the years ``first_year``–``last_year``, in order."""
    period = period_of(first_year)
    while period.start.year <= last_year:
        yield period
        period = period_starting(period.end.year + 1)
