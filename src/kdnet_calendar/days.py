"""The Danish day calendar: public holidays, customary days off, school-holiday weeks.

Public holidays come from the ``holidays`` package (country DK, public category), which
knows that Store Bededag was abolished after 2023. Customary days off and school holidays
are not law and differ between municipalities, so they are settings with the usual
defaults (docs/rules.md cites where they come from):

- days off: 1 May and Grundlovsdag from noon, Christmas Eve and New Year's Eve, the
  Friday after Ascension (schools and many municipal workplaces close), and the Christmas
  weeks from 21 December to 2 January;
- school holidays: winter holiday in ISO week 7 (8 in some municipalities), the Easter
  holiday from the Saturday before Palm Sunday to Easter Monday, autumn holiday in week 42
  and summer holiday weeks 27–31.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import attrs
from dateutil.easter import easter as _easter

from . import limits

__all__ = ["NOON", "DayCalendar", "DayNote", "ends_by_noon"]

#: Where the half days off (1 May, Grundlovsdag) begin.
NOON = dt.time(12)


def ends_by_noon(end: dt.time | None) -> bool:
    """Whether a meeting ending at ``end`` leaves a half day off free.

    The day calendar knows whole days and afternoons only, so this is all a day rule may
    ask of a meeting's hours: meetings alike in it share their verdicts.
    """
    return end is not None and end <= NOON


_DANISH_NAMES = {
    "New Year's Day": "nytårsdag",
    "Maundy Thursday": "skærtorsdag",
    "Good Friday": "langfredag",
    "Easter Sunday": "påskedag",
    "Easter Monday": "2. påskedag",
    "Great Prayer Day": "store bededag",
    "Ascension Day": "Kristi himmelfartsdag",
    "Pentecost": "pinsedag",
    "Whit Sunday": "pinsedag",
    "Pentecost Monday": "2. pinsedag",
    "Whit Monday": "2. pinsedag",
    "Christmas Day": "juledag",
    "Second Day of Christmas": "2. juledag",
}


@attrs.frozen
class DayNote:
    """Why a day is special, in both languages."""

    da: str
    en: str


#: The public holidays of the supported years, generated from the ``holidays`` package by
#: tools/holidays_table.py and checked against it by the tests. Importing the package
#: takes a quarter of a second, more than the rest of a run on an agenda.
TABLE = Path(__file__).parent / "data" / "holidays-dk.tsv"


def holiday_table() -> str:
    """The table's text, made from the ``holidays`` package (country DK, public category)."""
    lines = [
        "# Danish public holidays, made from the holidays package by tools/holidays_table.py.",
        "# date<TAB>name (English, as the package gives it); the tests compare it with the package.",
    ]
    for year in range(limits.FIRST_DATE.year, limits.LAST_DATE.year + 1):
        lines.extend(
            f"{day.isoformat()}\t{name}" for day, name in sorted(_from_package(year).items())
        )
    return "\n".join(lines) + "\n"


def _from_package(year: int) -> dict[dt.date, str]:
    import holidays  # the slowest import there is: only for years the table lacks

    table: Any = holidays.country_holidays(
        "DK", years=year, categories=("public",), language="en_US"
    )
    return dict(table.items())


@cache
def easter(year: int) -> dt.date:
    """Easter Sunday (``dateutil``'s reckoning), once per year: the day rules ask per day."""
    return _easter(year)


@cache
def _table() -> dict[int, dict[dt.date, str]]:
    out: dict[int, dict[dt.date, str]] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            day, _, name = line.partition("\t")
            date = dt.date.fromisoformat(day)
            out.setdefault(date.year, {})[date] = name
    return out


@cache
def _public_holidays(year: int) -> dict[dt.date, str]:
    table = _table()
    if limits.FIRST_DATE.year <= year <= limits.LAST_DATE.year:
        return table.get(year, {})
    return _from_package(year)


@attrs.frozen
class DayCalendar:
    """Which days a meeting should avoid, and why."""

    # No defaults here: they are rule settings, and live in ``rules.settings.PARAMETERS``
    # (``Settings().days`` is the usual calendar).
    winter_weeks: tuple[int, ...]
    autumn_weeks: tuple[int, ...]
    summer_weeks: tuple[int, ...]
    #: Whether the Easter school holiday (Saturday before Palm Sunday – Easter Monday) counts.
    easter_holiday: bool
    #: Whether the Friday after Ascension Day is a day off.
    ascension_friday: bool
    #: The Christmas weeks, days off: from this day of December to this day of January.
    christmas_from: int
    christmas_until: int

    def public_holiday(self, day: dt.date) -> DayNote | None:
        name = _public_holidays(day.year).get(day)
        if name is None:
            return None
        first = name.split(";")[0].strip()
        return DayNote(_DANISH_NAMES.get(first, first), first)

    def day_off(self, day: dt.date) -> DayNote | None:
        """Customary days off; 1 May and Grundlovsdag are afternoons off only."""
        md = (day.month, day.day)
        if md == (5, 1):
            return DayNote("1. maj (eftermiddag)", "1 May (afternoon)")
        if md == (6, 5):
            return DayNote("grundlovsdag (eftermiddag)", "Constitution Day (afternoon)")
        if md == (12, 24):
            return DayNote("juleaftensdag", "Christmas Eve")
        if md == (12, 31):
            return DayNote("nytårsaftensdag", "New Year's Eve")
        if day.month == 12 and 27 <= day.day <= 30:
            return DayNote("mellem jul og nytår", "between Christmas and New Year")
        if (day.month == 12 and day.day >= self.christmas_from) or (
            day.month == 1 and 1 < day.day <= self.christmas_until
        ):
            return DayNote("juleferien", "the Christmas holidays")
        if self.ascension_friday and day == easter(day.year) + dt.timedelta(days=40):
            return DayNote("fredag efter Kristi himmelfartsdag", "the Friday after Ascension Day")
        return None

    @staticmethod
    def afternoon_only(day: dt.date) -> bool:
        return (day.month, day.day) in ((5, 1), (6, 5))

    def school_holiday(self, day: dt.date) -> DayNote | None:
        if self.easter_holiday and day.month in (3, 4):
            sunday = easter(day.year)
            if sunday - dt.timedelta(days=8) <= day <= sunday + dt.timedelta(days=1):
                return DayNote("påskeferien", "the Easter holidays")
        week = day.isocalendar().week
        if week in self.winter_weeks:
            return DayNote(f"vinterferie (uge {week})", f"winter holiday (week {week})")
        if week in self.autumn_weeks:
            return DayNote(f"efterårsferie (uge {week})", f"autumn holiday (week {week})")
        if week in self.summer_weeks:
            return DayNote(f"sommerferie (uge {week})", f"summer holiday (week {week})")
        return None
