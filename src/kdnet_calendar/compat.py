"""What Outlook needs from a feed that ``icalendar`` does not give by default.

Two things, each tested against the clients' parsers in ``tests/test_feeds_clients.py``:

1. **The VTIMEZONE block.** ``icalendar``'s ``add_missing_timezones()`` writes
   Europe/Copenhagen as a list of RDATEs, the shape reported to make Outlook shift events
   or show the wrong zone. Outlook reads the RRULE form reliably: one STANDARD and one
   DAYLIGHT with ``FREQ=YEARLY;BYMONTH=…;BYDAY=-1SU``. The rule has held since 1996 (EU
   summer time); a test checks it against ``zoneinfo`` for every meeting in every feed.
2. **Calendar names.** ``icalendar`` 7 types ``NAME``, ``X-WR-CALNAME`` and
   ``X-WR-CALDESC`` as unknown properties and writes them unescaped, so a comma, semicolon
   or newline in a calendar's name breaks the line. They are added as ``vText`` here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["TZID", "add_text", "copenhagen_vtimezone"]

TZID = "Europe/Copenhagen"


def copenhagen_vtimezone() -> Any:
    """Europe/Copenhagen in the RRULE form Outlook reads correctly."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    tz = Timezone()
    tz.add("TZID", TZID)
    tz.add("X-LIC-LOCATION", TZID)
    daylight = TimezoneDaylight()
    daylight.add("TZNAME", "CEST")
    daylight.add("TZOFFSETFROM", dt.timedelta(hours=1))
    daylight.add("TZOFFSETTO", dt.timedelta(hours=2))
    daylight.add("DTSTART", dt.datetime(1970, 3, 29, 2, 0, 0))
    daylight.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"})
    standard = TimezoneStandard()
    standard.add("TZNAME", "CET")
    standard.add("TZOFFSETFROM", dt.timedelta(hours=2))
    standard.add("TZOFFSETTO", dt.timedelta(hours=1))
    standard.add("DTSTART", dt.datetime(1970, 10, 25, 3, 0, 0))
    standard.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"})
    tz.add_component(daylight)
    tz.add_component(standard)
    return tz


def add_text(component: Any, name: str, value: str) -> None:
    """Add a TEXT property escaped, whatever type ``icalendar`` gives its name."""
    from icalendar.prop import vText

    component.add(name, vText(value))
