"""The Danish day calendar: public holidays, customary days off, school-holiday weeks.

Public holidays come from the ``holidays`` package (country DK, public category), which
knows that Store Bededag was abolished after 2023. Customary days off and school-holiday
weeks are not law and differ between municipalities, so they are settings with the usual
defaults: winter holiday in ISO week 7 (8 in some municipalities), autumn holiday in week
42, summer holiday weeks 27–31.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import attrs

__all__ = ["DayCalendar", "DayNote"]

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


@cache
def _public_holidays(year: int) -> dict[dt.date, str]:
    import holidays  # imported on first use: it is the slowest import we have

    table: Any = holidays.country_holidays(
        "DK", years=year, categories=("public",), language="en_US"
    )
    return dict(table.items())


@attrs.frozen
class DayCalendar:
    """Which days a meeting should avoid, and why."""

    winter_weeks: tuple[int, ...] = (7,)
    autumn_weeks: tuple[int, ...] = (42,)
    summer_weeks: tuple[int, ...] = (27, 28, 29, 30, 31)

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
        return None

    @staticmethod
    def afternoon_only(day: dt.date) -> bool:
        return (day.month, day.day) in ((5, 1), (6, 5))

    def school_holiday(self, day: dt.date) -> DayNote | None:
        week = day.isocalendar().week
        if week in self.winter_weeks:
            return DayNote(f"vinterferie (uge {week})", f"winter holiday (week {week})")
        if week in self.autumn_weeks:
            return DayNote(f"efterårsferie (uge {week})", f"autumn holiday (week {week})")
        if week in self.summer_weeks:
            return DayNote(f"sommerferie (uge {week})", f"summer holiday (week {week})")
        return None
