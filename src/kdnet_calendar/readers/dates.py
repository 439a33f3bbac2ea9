"""The grammar of dates as Danish secretariats write them, and nothing else.

:func:`scan` finds every date expression on a line – whether or not the reader later
decides it is a meeting – so that the reader can account for each one. It knows the
notations found in published calendars, minutes and agendas:

- words: "Fredag den 2. juni 2023", "ons. 8. feb", "Onsdag 8. feb", "d. 26. april",
  "17.april", "03. oktober", "Den 12. maj", "8 February 2026";
- numbers: "8/2-2023", "8/2 2023", "30/2", "onsdag 8/2", "8.2.2023", "8.2.23", "7.6.18",
  "d. 8.2.", "Tirsdag den 17.3.", "27.1.", "2023-02-08";
- ranges and enumerations: "18. – 19. maj 2022", "21.–22. august", "3. og 4. februar";
- text glued together by PDF extraction: "15. novemberDagsorden", "2023kl. 10:00".

What is never a date: a time ("kl. 10.12."), a case number ("Sagsnr.: 19/04412",
"00.01.10-A00-2-23"), a phone number, a decimal number. A day and month without a year
keep ``year=None``: placing them in a year is the reader's job, from the heading, the
list or the document's own date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache

import attrs

from ..danish import MONTHS, MONTHS_EN, WEEKDAYS_DA, WEEKDAYS_EN

__all__ = [
    "MONTH_NUMBERS",
    "WEEKDAY_NUMBERS",
    "DateMatch",
    "date_problem",
    "near_dates",
    "scan",
    "scan_item",
    "year_of",
]

MONTH_NUMBERS: dict[str, int] = (
    {name: i + 1 for i, name in enumerate(MONTHS)}
    | {name.casefold(): i + 1 for i, name in enumerate(MONTHS_EN)}
    | {
        "jan": 1, "feb": 2, "febr": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
        "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
    }
)  # fmt: skip
_WEEKDAY_FULL: dict[str, int] = {name: i for i, name in enumerate(WEEKDAYS_DA)} | {
    name.casefold(): i for i, name in enumerate(WEEKDAYS_EN)
}
_WEEKDAY_SHORT: dict[str, int] = {
    "man": 0, "tir": 1, "tirs": 1, "ons": 2, "tor": 3, "tors": 3, "fre": 4, "lør": 5, "søn": 6,
}  # fmt: skip
WEEKDAY_NUMBERS: dict[str, int] = _WEEKDAY_FULL | _WEEKDAY_SHORT
#: Words a misspelt month is measured against ("fenruar", "jnui", "February").
_MONTH_WORDS = tuple(MONTH_NUMBERS)


def _alternation(words: Sequence[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_LETTER = r"[^\W\d_]"
#: A weekday before a date. Short forms ("ons.", "Tors") need a dot or a capital, so that
#: the pronoun in "som man 3. maj" is not read as a Monday.
_WEEKDAY = (
    rf"(?:(?P<weekday>{_alternation(list(_WEEKDAY_FULL))})\.?,?[ \t]+"
    rf"|(?P<short>{_alternation(list(_WEEKDAY_SHORT))})(?:\.,?[ \t]*|[ \t]+(?=den|d\.))"
    rf"|(?P<cap>(?-i:Man|Tirs|Tir|Ons|Tors|Tor|Fre|Lør|Søn)),?[ \t]+)"
)
_DEN = r"(?:(?:den|d\.)[ \t]*)"
_MON = _alternation(list(MONTH_NUMBERS))
_YEAR4 = r"(?:1[89]|2[0-9])[0-9]{2}"
_DASH = r"(?:–|—|-|til)"

#: "Fredag den 2. juni 2023", "d. 26. april", "18. – 19. maj 2022", "3. og 4. februar".
_WORDS_RE = re.compile(
    rf"""(?<![\w.])
    {_WEEKDAY}?
    {_DEN}?
    (?P<also>(?:[0-9]{{1,2}}\.[ \t]*(?:,|og|&)[ \t]*{_DEN}?)+)?
    (?:(?P<day0>[0-9]{{1,2}})\.?[ \t]*
       (?:(?P<month0>{_MON})\.?(?:[ \t]+(?P<year0>{_YEAR4}))?[ \t]*)?
       {_DASH}[ \t]*{_DEN}?)?
    (?P<day>[0-9]{{1,2}})(?:[ \t]?\.)?[ \t]*(?P<month>{_MON})(?:\.|(?!{_LETTER})|(?=(?-i:[A-ZÆØÅ])))
    (?:[ \t,]*(?P<year>{_YEAR4})(?![0-9]))?
    """,
    re.IGNORECASE | re.VERBOSE,
)
#: "8/2-2023", "8/2 2023", "8.2.2023", "8.2.23", "d. 8.2.", "17.3.", "2023-02-08".
_NUMBERS_RE = re.compile(
    rf"""(?<![\w.,/:-])
    {_WEEKDAY}?
    {_DEN}?
    (?:
      (?P<day>[0-9]{{1,2}})
      (?:/(?P<m1>[0-9]{{1,2}})(?:[ \t]*[-/][ \t]*(?P<y1>[0-9]{{4}}|[0-9]{{2}})|[ \t]+(?P<y1b>{_YEAR4}))?
        |\.[ \t]?(?P<m2>[0-9]{{1,2}})\.(?:[ \t]?(?P<y2>[0-9]{{4}}|[0-9]{{2}}))?
        |-(?P<m3>[0-9]{{1,2}})-(?P<y3>[0-9]{{4}}))
      |(?P<iy>{_YEAR4})-(?P<im>[0-9]{{2}})-(?P<id>[0-9]{{2}}))
    (?![0-9]|[.:/-][0-9]|-[A-Za-z])
    """,
    re.IGNORECASE | re.VERBOSE,
)
#: Forms read only where a list item begins, as tables and lists write them: "Januar 20.",
#: "September 8. og 29.", "18.09 Odense". In running text they are too often something
#: else ("juni 15 procent", a time "10.05").
_MONTH_FIRST_RE = re.compile(
    rf"""^(?P<month>{_MON})\.?[ \t]+(?P<days>[0-9]{{1,2}}\.?(?:[ \t]*(?:,|og|&)[ \t]*[0-9]{{1,2}}\.?)*)
    (?![0-9]|[ \t]*(?:{_YEAR4}))""",
    re.IGNORECASE | re.VERBOSE,
)
_DAY_MONTH_RE = re.compile(r"^(?P<day>[0-9]{1,2})\.(?P<month>[0-9]{2})(?=[ \t]+[^\W\d_])")
#: A time right before a number: "kl. 10.12." is a time, not the 10th of December.
_CLOCK_BEFORE_RE = re.compile(
    r"(?:\bkl\.?|\bklokken|[0-9][.:][0-9]{2}[ \t]*[-–])[ \t]*$", re.IGNORECASE
)
#: A case, journal or phone number's label just before: "Sagsnr.: 19.04.2012".
_NUMBER_LABEL_RE = re.compile(
    r"(?:\b(?:sags?|j|journal|dok|dokument|acadre|tlf|telefon|mobil|cvr|p)[\w.]*\s*(?:nr|nummer)?\.?\s*:?\s*)$",
    re.IGNORECASE,
)
_DAY_WORD_RE = re.compile(rf"(?<![\w.])[0-9]{{1,2}}\.?[ \t]*(?P<word>{_LETTER}{{3,}})")
_WEEKDAY_START_RE = re.compile(rf"^(?:{'|'.join(WEEKDAYS_DA)})(?!{_LETTER})", re.IGNORECASE)
_NUMERIC_SHAPE_RE = re.compile(r"(?<![\w.])[0-9]{1,2}/[0-9]{1,2}(?![0-9])")


def year_of(digits: str | None) -> int | None:
    """A written year: "2023", or "23" and "18" as this century's (as the minutes mean)."""
    if not digits:
        return None
    year = int(digits)
    return year if len(digits) == 4 else 2000 + year


@attrs.frozen
class DateMatch:
    """One date expression on a line: where it stands and what it says, year or not."""

    start: int
    end: int
    text: str
    day: int
    month: int
    year: int | None
    #: The weekday the text names, as ``date.weekday()`` numbers it.
    weekday: int | None = None
    #: A range's first day ("18. – 19. maj"): day, month (None: the same) and year.
    first: tuple[int, int | None, int | None] | None = None
    #: Days of the same month listed before it ("3. og 4. februar" → (3,)).
    also: tuple[int, ...] = ()
    numeric: bool = False

    @property
    def states_year(self) -> bool:
        return self.year is not None

    def resolve(self, year: int | None) -> tuple[dt.date, dt.date | None]:
        """The date (and a range's last day) in ``year`` when the text gives none.

        Raises ``ValueError`` for a date that does not exist ("31. februar").
        """
        y = self.year if self.year is not None else year
        if y is None:
            raise ValueError("no year")
        last = dt.date(y, self.month, self.day)
        if self.first is None:
            return last, None
        day0, month0, year0 = self.first
        first = dt.date(year0 or y, month0 or self.month, day0)
        if first > last and year0 is None and month0 is not None:
            first = dt.date(y - 1, month0, day0)  # "28. dec – 2. jan 2024"
        return (first, last) if first < last else (last, None)


def _weekday(m: re.Match[str]) -> int | None:
    for group, table in (("weekday", _WEEKDAY_FULL), ("short", _WEEKDAY_SHORT)):
        if m[group]:
            return table[m[group].casefold()]
    return _WEEKDAY_SHORT[m["cap"].casefold()] if m["cap"] else None


def _from_words(m: re.Match[str]) -> DateMatch:
    month = MONTH_NUMBERS[m["month"].casefold()]
    first = None
    if m["day0"]:
        month0 = MONTH_NUMBERS[m["month0"].casefold()] if m["month0"] else None
        first = (int(m["day0"]), month0, year_of(m["year0"]))
    also = tuple(int(d) for d in re.findall(r"[0-9]{1,2}", m["also"])) if m["also"] else ()
    return DateMatch(
        start=m.start(),
        end=m.end(),
        text=m.group(),
        day=int(m["day"]),
        month=month,
        year=year_of(m["year"]),
        weekday=_weekday(m),
        first=first,
        also=also,
    )


def _from_numbers(m: re.Match[str]) -> DateMatch | None:
    year: int | None
    if m["iy"]:
        day, month, year = int(m["id"]), int(m["im"]), int(m["iy"])
    else:
        day = int(m["day"])
        month = int(m["m1"] or m["m2"] or m["m3"])
        year = year_of(m["y1"] or m["y1b"] or m["y2"] or m["y3"])
        spaced = m["m2"] and " " in m.string[m.end("day") : m.start("m2")]
        if spaced and year is None:
            return None  # "1. 3. økonomi": an item number and a sub-item, not 1 March
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None  # a decimal, a time, a score: not a date at all
    return DateMatch(
        start=m.start(),
        end=m.end(),
        text=m.group(),
        day=day,
        month=month,
        year=year,
        weekday=_weekday(m),
        numeric=True,
    )


def scan_item(text: str) -> list[DateMatch]:
    """The dates at the start of a list item, in the forms only lists use, or ``[]``."""
    lead = len(text) - len(text.lstrip())
    body = text[lead:]
    m = _MONTH_FIRST_RE.match(body)
    if m is not None:
        month = MONTH_NUMBERS[m["month"].casefold()]
        out = []
        for i, day in enumerate(re.finditer(r"[0-9]{1,2}\.?", m["days"])):
            start = lead + (m.start() if i == 0 else m.start("days") + day.start())
            end = lead + m.start("days") + day.end()
            number = int(day.group().rstrip("."))
            if not 1 <= number <= 31:
                return []
            out.append(DateMatch(start, end, text[start:end], number, month, None))
        return out
    m = _DAY_MONTH_RE.match(body)
    if m is not None and 1 <= int(m["month"]) <= 12 and 1 <= int(m["day"]) <= 31:
        return [DateMatch(lead, lead + m.end(), m.group(), int(m["day"]), int(m["month"]), None,
                          numeric=True)]  # fmt: skip
    return []


@lru_cache(maxsize=4096)
def scan(line: str) -> tuple[DateMatch, ...]:
    """Every date expression on ``line``, left to right, none overlapping another.

    Cached: the reader asks about the same line as a list item, a heading and running text.
    """
    found = [_from_words(m) for m in _WORDS_RE.finditer(line)]
    for m in _NUMBERS_RE.finditer(line):
        before = line[max(0, m.start() - 24) : m.start()]
        if _CLOCK_BEFORE_RE.search(before) or _NUMBER_LABEL_RE.search(before):
            continue
        numeric = _from_numbers(m)
        if numeric is not None:
            found.append(numeric)
    found.sort(key=lambda d: (d.start, -d.end))
    out: list[DateMatch] = []
    for d in found:
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return tuple(out)


def _distance(a: str, b: str) -> int:
    """Edit distance counting a swap of neighbours as one edit ("jnui" is one from "juni")."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def _month_like(word: str) -> bool:
    word = word.casefold()
    if len(word) > 12:
        return False  # no month is that long: spare the edit distance
    limit = 1 if len(word) <= 4 else 2
    # A slip keeps the first letter ("fenruar", "jnui", "sepember"): only the months that
    # share it are measured, which spares most words in running text the edit distance.
    return any(
        _distance(word, m) <= limit
        for m in _MONTH_WORDS
        if m[0] == word[0] and abs(len(m) - len(word)) <= limit
    )


_NEAR_DATE_RE = re.compile(
    rf"(?<![\w.,])(?P<day>[0-9]{{1,2}})(?P<sep>[.,]?)[ \t]*(?P<word>{_LETTER}{{3,}})"
)


def near_dates(text: str) -> list[tuple[int, int, str]]:
    """Where ``text`` writes something a date was surely meant to be, but is not one:
    "3, marts" (a comma for the day's dot), "12. fenruar" (a misspelt month). Each is
    (start, end, why); the reader reports them as unread, never drops them."""
    taken = [(d.start, d.end) for d in scan(text)]
    out = []
    for m in _NEAR_DATE_RE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        word = m["word"].casefold()
        if word in MONTH_NUMBERS and m["sep"] == ",":
            out.append((m.start(), m.end(), "a comma where the day's dot belongs"))
        elif (
            word not in MONTH_NUMBERS
            and m["sep"] == "."
            and m["word"].islower()  # Danish months are lower case; "2. Den …" is an item
            and _month_like(word)
        ):
            out.append((m.start(), m.end(), f"{m['word']!r} is not a month"))
    return out


def date_problem(text: str) -> tuple[int, str] | None:
    """Where ``text`` first attempts a date it does not manage, and why (None if nowhere)."""
    problems: list[tuple[int, str]] = []
    for m in _DAY_WORD_RE.finditer(text):
        if m["word"].casefold() not in MONTH_NUMBERS and _month_like(m["word"]):
            problems.append((m.start(), f"{m['word']!r} is not a month"))
            break
    shape = _NUMERIC_SHAPE_RE.search(text)
    if shape and not any(d.start <= shape.start() < d.end for d in scan(text)):
        problems.append((shape.start(), "not a day/month"))
    if _WEEKDAY_START_RE.match(text) and not scan(text):
        problems.append((0, "a weekday without a day and month"))
    return min(problems) if problems else None
