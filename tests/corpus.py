"""The real corpus: calendars, minutes and agendas published by others, with truth files.

Each ``tests/data/real/NAME.txt`` is a document as its publisher wrote it; ``NAME.toml``
beside it gives its source and every date expression in it, checked by hand: the line,
the text, the date, the weekday as written and whether it is a meeting, a reference or
something else. :func:`score` reads a document as a user would (no ``--body``) and
compares; ``benchmarks/corpus.py`` prints the figures per document.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

import kdnet_calendar as kc
from kdnet_calendar.exceptions import NothingReadError
from kdnet_calendar.readers import Disposition, read
from kdnet_calendar.rules import validate

REAL = Path(__file__).parent / "data" / "real"


@attrs.frozen
class Truth:
    line: int
    text: str
    date: dt.date | None
    month_day: tuple[int, int]
    cls: str
    mismatch: bool


@attrs.frozen
class Score:
    """How one document was read, against its truth file."""

    name: str
    #: Meeting dates in the truth file (with a known year), and how many were read.
    meetings: int
    read: int
    #: Dates the reader made a meeting or reference of that the text does not give there.
    invented: tuple[str, ...]
    #: Dates the reader made a meeting or reference of that the truth calls something else.
    misread: tuple[str, ...]
    #: Stated weekdays that are wrong in the text, and those validation reported.
    mismatches: int
    mismatches_found: int
    #: Whether the reader refused the document as holding no meeting.
    nothing_read: bool
    missed: tuple[str, ...] = ()

    @property
    def recall(self) -> float:
        return self.read / self.meetings if self.meetings else 1.0


def documents() -> list[str]:
    return sorted(p.stem for p in REAL.glob("*.txt") if p.with_suffix(".toml").exists())


def truth(name: str) -> tuple[dict[str, Any], list[Truth]]:
    data = tomllib.loads((REAL / f"{name}.toml").read_text(encoding="utf-8"))
    out = []
    for d in data.get("date", []):
        value = d["date"]
        if isinstance(value, dt.date):
            day: dt.date | None = value
            month_day = (value.month, value.day)
        else:
            day = None
            month_day = (int(value[5:7]), int(value[8:10]))
        out.append(Truth(d["line"], d["text"], day, month_day, d["class"], bool(d.get("mismatch"))))
    return data["source"], out


def _registry() -> kc.Calendar:
    return kc.load_embedded().with_meetings(())


def _weekday_findings(calendar: kc.Calendar) -> Iterator[tuple[int | None, dt.date]]:
    for f in validate(calendar, rules=["stated-weekday-mismatch"]):
        for source in f.sources:
            for day in f.dates:
                yield source.line, day


def score(name: str) -> Score:
    _, dates = truth(name)
    path = REAL / f"{name}.txt"
    meetings = [t for t in dates if t.cls == "meeting" and t.date is not None]
    wrong_weekdays = [t for t in dates if t.mismatch and t.cls in ("meeting", "reference")]
    try:
        reading = read([path], _registry())
    except NothingReadError:
        return Score(
            name, len(meetings), 0, (), (), len(wrong_weekdays), 0, True,
            tuple(f"{t.line}: {t.text}" for t in meetings),
        )  # fmt: skip
    taken = [
        d
        for d in reading.dates
        if d.disposition in (Disposition.MEETING, Disposition.REFERENCE) and d.date is not None
    ]
    by_line = {(d.source.line, d.date) for d in taken}
    read_ = [t for t in meetings if (t.line, t.date) in by_line]
    truth_at: dict[tuple[int | None, tuple[int, int]], Truth] = {
        (t.line, t.month_day): t for t in dates
    }
    invented, misread = [], []
    for d in taken:
        assert d.date is not None
        t = truth_at.get((d.source.line, (d.date.month, d.date.day)))
        label = f"{d.source.line}: {d.text} → {d.date}"
        if t is None or (t.date is not None and t.date != d.date) or t.date is None:
            invented.append(label)
        elif t.cls == "other":
            misread.append(label)
    found = set(_weekday_findings(reading.calendar))
    mismatches_found = sum(1 for t in wrong_weekdays if (t.line, t.date) in found)
    return Score(
        name,
        len(meetings),
        len(read_),
        tuple(invented),
        tuple(misread),
        len(wrong_weekdays),
        mismatches_found,
        False,
        tuple(f"{t.line}: {t.text}" for t in meetings if t not in read_),
    )
