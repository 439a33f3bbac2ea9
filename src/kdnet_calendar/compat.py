"""What Outlook needs from a feed that ``icalendar`` does not give by default.

Four things, each tested against the clients' parsers in ``tests/test_feeds_clients.py``:

1. **The VTIMEZONE block.** ``icalendar``'s ``add_missing_timezones()`` writes
   Europe/Copenhagen as a list of RDATEs, the shape reported to make Outlook shift events
   or show the wrong zone. Outlook reads the RRULE form reliably: one STANDARD and one
   DAYLIGHT with ``FREQ=YEARLY;BYMONTH=…;BYDAY=-1SU``. The rule has held since 1996 (EU
   summer time); a test checks it against ``zoneinfo`` for every meeting in every feed.
2. **Calendar names.** ``icalendar`` 7 types ``NAME``, ``X-WR-CALNAME`` and
   ``X-WR-CALDESC`` as unknown properties and writes them unescaped, so a comma, semicolon
   or newline in a calendar's name breaks the line.
3. **TEXT escaping.** ``icalendar`` 7.3 turns a backslash before a capital N into a line
   break (``\\fil01\\Nyt referat`` becomes "…\\n" + "yt referat"), because it reads ``\\N``
   as an escaped newline before escaping backslashes. Shared drive paths in meeting notes
   are common, so every TEXT value is escaped here, by RFC 5545 3.3.11, and handed to
   ``icalendar`` already escaped.
4. **Folding.** ``icalendar`` folds at 75 octets without splitting a UTF-8 character, but
   can put the second half of an escaped backslash on the next line. All four parsers we
   test unfold first and cope; clients that do not would show a stray backslash, so
   :func:`refold` folds again, never inside an escape pair.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

__all__ = ["TZID", "add_text", "copenhagen_vtimezone", "escape_text", "refold"]

TZID = "Europe/Copenhagen"


def copenhagen_vtimezone() -> Any:
    """Europe/Copenhagen in the RRULE form Outlook reads correctly."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    tz = Timezone()
    tz.add("TZID", TZID)
    tz.add("X-LIC-LOCATION", TZID)
    # (block, name, UTC offset before → after, first change, month): the last Sunday of
    # March at 02:00 and of October at 03:00, the EU rule since 1996.
    for block, name, before, after, start, month in (
        # A VTIMEZONE's DTSTART is local time, so naive by RFC 5545 3.6.5.
        (TimezoneDaylight(), "CEST", 1, 2, dt.datetime(1970, 3, 29, 2), 3),  # noqa: DTZ001
        (TimezoneStandard(), "CET", 2, 1, dt.datetime(1970, 10, 25, 3), 10),  # noqa: DTZ001
    ):
        block.add("TZNAME", name)
        block.add("TZOFFSETFROM", dt.timedelta(hours=before))
        block.add("TZOFFSETTO", dt.timedelta(hours=after))
        block.add("DTSTART", start)
        block.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": "-1SU"})
        tz.add_component(block)
    return tz


def escape_text(value: str) -> str:
    """RFC 5545 3.3.11: backslash first, then ``;`` ``,`` and every kind of line break."""
    out = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return out.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


@cache
def _escaped_text_type() -> type:
    from icalendar.prop import vText

    class EscapedText(vText):
        """A TEXT value that writes itself with :func:`escape_text`."""

        def to_ical(self) -> bytes:
            return escape_text(str(self)).encode("utf-8")

    return EscapedText


def add_text(component: Any, name: str, value: str) -> None:
    """Add a TEXT property escaped by us, whatever type ``icalendar`` gives its name."""
    component.add(name, _escaped_text_type()(value))


_LIMIT = 75


def refold(data: bytes) -> bytes:
    """Unfold and fold again at 75 octets, never inside a UTF-8 character or an escape."""
    lines = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").split(b"\r\n")
    return b"\r\n".join(
        line if len(line) <= _LIMIT else _fold(line.decode("utf-8")).encode("utf-8")
        for line in lines
    )


def _fold(line: str) -> str:
    if len(line.encode("utf-8")) <= _LIMIT:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = _LIMIT
    escaped = False  # the last character written opened an escape pair
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            carry = current.pop() if escaped else None  # keep "\\x" on one line
            parts.append("".join(current))
            current = [carry] if carry else []
            size = len(current)
            limit = _LIMIT - 1  # continuation lines begin with a space
        current.append(ch)
        size += width
        escaped = not escaped and ch == "\\"
    parts.append("".join(current))
    return "\r\n ".join(parts)
