"""The nearest date that passes every rule: shared by findings and the scheduler.

A fix is only worth printing if following it does not break another rule, so candidate
dates are tested against every rule's condition on a single meeting, asked of the rule
book itself: each rule in :mod:`~kdnet_calendar.rules.book` registers here what it
judges by a meeting's day alone (:data:`DAY_TESTS`: the day calendar, the body's
weekday, the period's constituting and election dates) and what it judges among the
other meetings (:data:`MEETING_TESTS`: spacing, the preparation window on both sides of
the KD-Net → KKR dependency, the constituting order, overlaps and the user's external
events). A finding, a fix and a proposal therefore never disagree about a rule. The
search walks outwards from the wanted day, earlier day first on a tie, so "Saturday →
Friday" wins over "Saturday → Monday".
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection, Iterator

import attrs

from .. import limits
from ..days import ends_by_noon
from ..model import Meeting, MeetingKind
from .check import Check
from .findings import Text

__all__ = [
    "DAY_TESTS",
    "MEETING_TESTS",
    "DayTest",
    "MeetingTest",
    "day_problems",
    "external_events",
    "nearest",
    "problems",
]

#: A rule's condition on a meeting's day alone: (check, body, kind, whether it ends by
#: noon (:func:`~kdnet_calendar.days.ends_by_noon`), day) → why the day is wrong for
#: such a meeting, or None.
DayTest = Callable[[Check, str, MeetingKind, bool, dt.date], Text | None]
#: A rule's condition on a meeting among the others: whether it breaks the rule.
MeetingTest = Callable[[Check, Meeting], bool]

#: Rule code → its condition on the day alone, in the order :func:`day_problems` names
#: them; filled by the rule book as it registers its rules.
DAY_TESTS: dict[str, DayTest] = {}
#: Rule code → its condition on a meeting among the others; filled by the rule book.
MEETING_TESTS: dict[str, MeetingTest] = {}


def problems(check: Check, m: Meeting) -> Iterator[str]:
    """The rule codes that ``m`` (possibly a moved or new meeting) would break."""
    yield from day_problems(check, m.body, m.kind, m.end, m.date)
    yield from meeting_problems(check, m)


#: The order the fix search asks the meeting rules in: those that look at a body's own
#: series first, those that look at every meeting of the day (overlap) last, so that the
#: first broken rule, which ends the question, is usually found cheaply.
_CHEAP_FIRST = ("spacing", "constituting-order", "missing-preparation", "preparation-lead")


def meeting_problems(
    check: Check, m: Meeting, codes: Collection[str] | None = None
) -> Iterator[str]:
    """The rules ``m`` breaks because of the other meetings (only those in ``codes``, when
    given): order, spacing, preparation, overlaps and external events; the cheap ones
    first."""
    for code, test in _in_cheap_order():
        if (codes is None or code in codes) and test(check, m):
            yield code


def _in_cheap_order() -> list[tuple[str, MeetingTest]]:
    """:data:`MEETING_TESTS` in :data:`_CHEAP_FIRST` order, sorted again only when the
    rule book has registered more."""
    if len(_ORDERED) != len(MEETING_TESTS):
        rank = {code: i for i, code in enumerate(_CHEAP_FIRST)}
        _ORDERED[:] = sorted(MEETING_TESTS.items(), key=lambda kv: rank.get(kv[0], len(rank)))
    return _ORDERED


_ORDERED: list[tuple[str, MeetingTest]] = []


def day_problems(
    check: Check, body_id: str, kind: MeetingKind, end: dt.time | None, day: dt.date
) -> tuple[str, ...]:
    """The rules a meeting of ``body_id`` and ``kind`` ending at ``end`` breaks by its day
    alone, whatever else is in the calendar. Cached per check: the fix search asks about
    the same days for one body again and again."""
    # Bodies alike in all a day rule reads (most working groups) share their verdicts. The
    # key holds plain values only (the kind's name, not the enum), so that the garbage
    # collector stops tracking the keys of a large calendar's verdicts.
    alike = check.day_alike(body_id)
    morning = ends_by_noon(end)
    key = (alike, kind.value, morning, day)
    found = check.day_verdicts.get(key)
    if found is None:
        found = check.day_verdicts[key] = tuple(
            code
            for code, test in DAY_TESTS.items()
            if test(check, alike, kind, morning, day) is not None
        )
    return found


def external_events(check: Check, m: Meeting) -> list[Meeting]:
    """The user's external events on any day ``m`` spans."""
    if not check.external:
        return []
    found: dict[str, Meeting] = {}
    day = m.date
    while day <= m.last_date:
        for e in check.external_by_date.get(day, []):
            found.setdefault(e.id, e)
        day += dt.timedelta(days=1)
    return list(found.values())


_FIELDS = tuple(a.name for a in attrs.fields(Meeting))


def _moved(m: Meeting, day: dt.date, end_date: dt.date | None) -> Meeting:
    """``m`` on another day: :func:`attrs.evolve` at half its cost, which tells when the
    fix search tries thousands of days. Only for days :func:`nearest` has checked are in
    the supported range, which is all the model's validators would check."""
    moved = object.__new__(Meeting)
    for name in _FIELDS:
        object.__setattr__(moved, name, getattr(m, name))
    object.__setattr__(moved, "date", day)
    object.__setattr__(moved, "end_date", end_date)
    return moved


def nearest(
    check: Check,
    m: Meeting,
    around: dt.date,
    *,
    within: int = 28,
    allowed: Callable[[dt.date], bool] = lambda _: True,
    ignore: frozenset[str] = frozenset(),
    weekdays: Collection[int] = (),
) -> dt.date | None:
    """The date nearest ``around`` (earlier first on a tie) on which ``m`` breaks no rule,
    among the days ``allowed`` and on ``weekdays`` (any weekday when empty).

    Only dates in the supported range are tried: a meeting moved past its end would be
    refused by the model, and a fix nobody can apply is no fix.
    """
    span = (m.last_date - m.date).days
    first = limits.FIRST_DATE.toordinal()
    last = limits.LAST_DATE.toordinal() - span
    blocking = check.switched_on - ignore
    centre = around.toordinal()
    for offset in _offsets(around.weekday(), tuple(weekdays), within):
        ordinal = centre + offset
        if not first <= ordinal <= last:
            continue
        day = dt.date.fromordinal(ordinal)
        if not allowed(day):
            continue
        if not blocking.isdisjoint(day_problems(check, m.body, m.kind, m.end, day)):
            continue  # wrong by its day alone: no need to look at the other meetings
        moved = _moved(m, day, None if m.end_date is None else day + dt.timedelta(days=span))
        if next(meeting_problems(check, moved, blocking), None) is None:
            return day
    return None


@functools.cache
def _offsets(weekday: int, weekdays: tuple[int, ...], within: int) -> tuple[int, ...]:
    """The days to try from a day on ``weekday``, in the order :func:`nearest` tries them
    (0, -1, +1, -2, +2, … up to ``within``), those on ``weekdays`` only (any when empty):
    a body that meets on one weekday is searched a week at a time."""
    steps = [0, *(s for distance in range(1, within + 1) for s in (-distance, distance))]
    return tuple(s for s in steps if not weekdays or (weekday + s) % 7 in weekdays)
