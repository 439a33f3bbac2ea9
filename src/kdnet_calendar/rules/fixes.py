"""The nearest date that passes every rule: shared by findings and the scheduler.

A fix is only worth printing if following it does not break another rule, so candidate
dates are tested against everything that depends on a single meeting's date: the day
calendar, the body's weekday, its neighbours' spacing, the preparation window on both
sides of the KD-Net → KKR dependency, the period's constituting and election dates,
overlaps and the user's external events. The search walks outwards from the wanted day,
earlier day first on a tie, so "Saturday → Friday" wins over "Saturday → Monday".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator

import attrs

from .. import limits
from ..exceptions import OutOfRangeError
from ..model import BodyKind, Meeting, MeetingKind
from ..periods import period_of
from .check import Check

__all__ = ["acceptable", "day_problems", "external_events", "nearest", "problems"]


def problems(check: Check, m: Meeting) -> Iterator[str]:
    """The rule codes that ``m`` (possibly a moved or new meeting) would break."""
    yield from day_problems(check, m.body, m.kind, m.end, m.date)
    yield from _meeting_problems(check, m)


def day_problems(
    check: Check, body_id: str, kind: MeetingKind, end: dt.time | None, day: dt.date
) -> tuple[str, ...]:
    """The rules a meeting of ``body_id`` and ``kind`` ending at ``end`` breaks by its day
    alone, whatever else is in the calendar. Cached per check: the fix search asks about
    the same days for one body again and again."""
    key = (body_id, kind, end, day)
    found = check.day_verdicts.get(key)
    if found is None:
        # Bodies alike in all a day rule reads (most working groups) share their verdicts.
        alike = check.day_alike(body_id)
        shared = (alike, kind, end, day)
        found = check.day_verdicts.get(shared)
        if found is None:
            found = check.day_verdicts[shared] = tuple(_day_problems(check, alike, kind, end, day))
        check.day_verdicts[key] = found
    return found


def _day_problems(
    check: Check, body_id: str, kind: MeetingKind, end: dt.time | None, day: dt.date
) -> Iterator[str]:
    days = check.days
    body = check.body(body_id)
    if day.weekday() >= 5:
        yield "weekend"
    if days.public_holiday(day):
        yield "public-holiday"
    if days.day_off(day) and not (
        days.afternoon_only(day) and end is not None and end <= dt.time(12)
    ):
        yield "day-off"
    if kind.is_regular and days.school_holiday(day):
        yield "school-holiday"
    if kind.is_regular and body.weekdays and day.weekday() not in body.weekdays:
        yield "usual-weekday"
    try:
        period = period_of(day)
    except OutOfRangeError:
        return
    election = period.next_election
    council = body.kind is BodyKind.POLITICAL or (
        body.prepares is not None and check.body(body.prepares).kind is BodyKind.POLITICAL
    )
    if council and kind is MeetingKind.ORDINARY and election < day <= period.end:
        yield "after-election"
    if kind is MeetingKind.CONSTITUTING:
        deadline = period.kkr_constituting_deadline
        if day.year != period.first_year:
            yield "constituting-order"
        elif body.kind is BodyKind.POLITICAL and deadline and day > deadline:
            yield "constituting-deadline"


def _meeting_problems(check: Check, m: Meeting) -> Iterator[str]:
    """What ``m`` breaks because of the other meetings: order, spacing, preparation,
    overlaps and external events."""
    body = check.body(m.body)
    settings = check.settings
    if m.kind is MeetingKind.CONSTITUTING:
        try:
            period = period_of(m.date)
        except OutOfRangeError:
            period = None
        if period is not None and body.prepares and m.date.year == period.first_year:
            theirs = [
                x
                for x in check.series.get(body.prepares, [])
                if x.kind is MeetingKind.CONSTITUTING and x.date.year == m.date.year
            ]
            if theirs and m.date <= theirs[0].date:
                yield "constituting-order"
    if m.kind.is_regular:
        before, after = check.neighbours(m)
        gap = settings.number("spacing", "min-days")
        if (before and (m.date - before.date).days < gap) or (
            after and (after.date - m.date).days < gap
        ):
            yield "spacing"
    yield from _preparation_problems(check, m)
    # Only meetings that share a body or a person can clash: the others on the day are
    # never looked at.
    for other in check.sharing(m, m.date):
        if other.id == m.id:
            continue
        same_body = other.body == m.body and other.kind.is_regular and m.kind.is_regular
        if same_body or m.overlaps(other):
            yield "overlap"
            break
    if any(m.overlaps(e) for e in external_events(check, m)):
        yield "external-conflict"


def external_events(check: Check, m: Meeting) -> list[Meeting]:
    """The user's external events on any day ``m`` spans."""
    found: dict[str, Meeting] = {}
    day = m.date
    while day <= m.last_date:
        for e in check.external_by_date.get(day, []):
            found.setdefault(e.id, e)
        day += dt.timedelta(days=1)
    return list(found.values())


def _preparation_problems(check: Check, m: Meeting) -> Iterator[str]:
    body = check.body(m.body)
    window, comfortable = check.settings.window, check.settings.comfortable
    original = check.regular_ids.get(m.id)
    if body.prepares and original is not None:
        prepared = check.calendar.prepared_by(original, window)
        if prepared is not None:
            lead = (prepared.date - m.date).days
            if not window.min_days <= lead <= window.max_days:
                yield "missing-preparation"
            elif not comfortable.min_days <= lead <= comfortable.max_days:
                yield "preparation-lead"
    preparer = check.calendar.preparer_of(m.body)
    earliest = m.date - dt.timedelta(days=window.max_days)
    listed = (preparer, m.date.year) in check.covered or (preparer, earliest.year) in check.covered
    if preparer and m.kind is MeetingKind.ORDINARY and listed:
        candidates = check.preparer_meetings_between(
            preparer,
            m.date - dt.timedelta(days=window.max_days),
            m.date - dt.timedelta(days=window.min_days),
        )
        if not candidates:
            yield "missing-preparation"
        else:
            lead = (m.date - candidates[-1].date).days
            if not comfortable.min_days <= lead <= comfortable.max_days:
                yield "preparation-lead"


def acceptable(check: Check, m: Meeting, ignore: frozenset[str] = frozenset()) -> bool:
    """True when ``m`` breaks no rule that is switched on (codes in ``ignore`` aside)."""
    return all(
        code in ignore or check.settings.severity(code) is None for code in problems(check, m)
    )


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
    span = (m.last_date - m.date).days if m.end_date else 0
    first = limits.FIRST_DATE.toordinal()
    last = limits.LAST_DATE.toordinal() - span
    blocking = check.switched_on - ignore
    centre = around.toordinal()
    for distance in range(within + 1):
        for ordinal in (centre - distance, centre + distance) if distance else (centre,):
            # date(1, 1, 1), ordinal 1, was a Monday: the weekday without making the date.
            if not first <= ordinal <= last or (weekdays and (ordinal - 1) % 7 not in weekdays):
                continue
            day = dt.date.fromordinal(ordinal)
            if not allowed(day):
                continue
            if not blocking.isdisjoint(day_problems(check, m.body, m.kind, m.end, day)):
                continue  # wrong by its day alone: no need to look at the other meetings
            moved = _moved(m, day, day + dt.timedelta(days=span) if m.end_date else None)
            if blocking.isdisjoint(_meeting_problems(check, moved)):
                return day
    return None
