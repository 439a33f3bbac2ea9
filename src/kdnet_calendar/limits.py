"""What the library agrees to read, in one place, so readers, model and command line agree.

Every limit here guards against input that would otherwise crash or exhaust the machine
long after it was read: a meeting in 9999 overflows the first time a rule looks a week
ahead, a TOML array nested 500 deep exhausts Python's stack, and a time zone repeating
every second expands until memory runs out. Readers refuse such input where they read it,
with the file and line, and before handing it to a parser that could blow up.
"""

from __future__ import annotations

import datetime as dt

__all__ = [
    "FIRST_DATE",
    "FIRST_YEAR",
    "LAST_DATE",
    "LAST_YEAR",
    "MAX_ECHO",
    "MAX_INPUT_BYTES",
    "MAX_OCCURRENCES",
    "MAX_TOML_DEPTH",
    "RANGE",
    "supported",
]

#: The first and last date a meeting may have. Far enough from year 1 and 9999 that every
#: step a rule or the scheduler takes (a period, a preparation window, a search for a free
#: day) stays inside what :mod:`datetime` can hold; wide enough for any real calendar.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2199, 12, 31)
FIRST_YEAR = FIRST_DATE.year
LAST_YEAR = LAST_DATE.year
#: The range as messages state it.
RANGE = f"{FIRST_DATE.isoformat()} … {LAST_DATE.isoformat()}"

#: The largest input file read, in bytes: a year's agendas are a few hundred kilobytes.
MAX_INPUT_BYTES = 10 * 1024 * 1024

#: How deep TOML arrays, inline tables and dotted keys may nest together. The data format
#: needs four; the parser recurses once per level, and dotted keys cost it quadratic memory.
MAX_TOML_DEPTH = 32

#: The most occurrences one recurring event may expand to. A series longer than this is
#: almost certainly not a meeting series (and a typo in COUNT should not make a million).
MAX_OCCURRENCES = 500

#: How much of the offending input an error message repeats.
MAX_ECHO = 80


def supported(day: dt.date) -> bool:
    """Whether ``day`` (a date or a datetime) lies in :data:`FIRST_DATE` … :data:`LAST_DATE`."""
    return FIRST_DATE.toordinal() <= day.toordinal() <= LAST_DATE.toordinal()
