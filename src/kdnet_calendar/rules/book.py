"""The rule book: one function per rule code (docs/rules.md).

Each rule takes a :class:`~.check.Check` and yields findings; it knows nothing of files
or other rules. Fixes come from :mod:`kdnet_calendar.rules.fixes`, so a suggested date passes
every other rule too.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

from .. import limits
from ..danish import WEEKDAYS_DA, WEEKDAYS_EN, genitive, long_date
from ..exceptions import OutOfRangeError
from ..model import TIMEZONE, BodyKind, Meeting, MeetingKind, Source
from ..periods import period_of
from . import fixes
from .check import Check, describe
from .findings import Finding, Severity, Suggestion, Text

__all__ = ["RULES", "rule"]

Rule = Callable[[Check], Iterator[Finding]]
RULES: dict[str, Rule] = {}


def rule(code: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[code] = fn
        return fn

    return register


def _move(check: Check, m: Meeting, to: dt.date | None) -> Suggestion | None:
    if to is None or to == m.date:
        return None
    name = check.body(m.body).name
    return Suggestion(
        action="move",
        body=m.body,
        meeting=m.id,
        from_=m.date,
        to=to,
        text=Text(
            f"flyt {genitive(name)} møde {long_date(m.date, 'da')} til {long_date(to, 'da')}",
            f"move {name}'s meeting of {long_date(m.date, 'en')} to {long_date(to, 'en')}",
        ),
    )


def _add(check: Check, body: str, day: dt.date, reason: Text) -> Suggestion:
    name = check.body(body).name
    return Suggestion(
        action="add",
        body=body,
        to=day,
        text=Text(
            f"læg et {name}-møde {long_date(day, 'da')} ({reason.da})",
            f"add a {name} meeting on {long_date(day, 'en')} ({reason.en})",
        ),
    )


def _usual(check: Check, m: Meeting) -> tuple[int, ...]:
    """The weekdays a fix for ``m`` may fall on: its body's usual ones (any when none)."""
    return check.body(m.body).weekdays


def _nearest_usual_day(check: Check, m: Meeting) -> dt.date | None:
    """The day nearest ``m``'s own on which it breaks no rule, among the body's usual
    weekdays: the fix most rules offer, searched once per meeting however many rules
    it breaks."""
    found = check.usual_days.get(id(m))
    if found is None or found[0] is not m:
        found = check.usual_days[id(m)] = (
            m,
            fixes.nearest(check, m, m.date, weekdays=_usual(check, m)),
        )
    return found[1]


def _on_weekday(weekday: int) -> Callable[[dt.date], bool]:
    return lambda day: day.weekday() == weekday


def _before(limit: dt.date) -> Callable[[dt.date], bool]:
    return lambda day: day < limit


def _not_after(limit: dt.date) -> Callable[[dt.date], bool]:
    return lambda day: day <= limit


def _after(limit: dt.date) -> Callable[[dt.date], bool]:
    return lambda day: day > limit


def _not_before(limit: dt.date) -> Callable[[dt.date], bool]:
    return lambda day: day >= limit


# -- what the sources say -----------------------------------------------------------


@rule("stated-weekday-mismatch")
def stated_weekday_mismatch(check: Check) -> Iterator[Finding]:
    for m in check.calendar.meetings:
        for s in m.statements:
            if s.weekday is None or s.weekday == s.date.weekday():
                continue
            stated = s.weekday
            # Only a date that passes every other rule is offered as the fix.
            fix = fixes.nearest(check, m, s.date, within=3, allowed=_on_weekday(stated))
            quoted = s.text.lstrip("-–•* ").strip()
            message = Text(
                f"«{quoted}» ({s.source}): {long_date(s.date, 'da', weekday=False)} er en "
                f"{WEEKDAYS_DA[s.date.weekday()]}, ikke en {WEEKDAYS_DA[stated]}",
                f"«{quoted}» ({s.source}): {long_date(s.date, 'en', weekday=False)} is a "
                f"{WEEKDAYS_EN[s.date.weekday()]}, not a {WEEKDAYS_EN[stated]}",
            )
            suggestion = None
            if fix is not None:
                suggestion = Suggestion(
                    action="correct" if fix == m.date else "move",
                    body=m.body,
                    meeting=m.id,
                    from_=s.date,
                    to=fix,
                    text=Text(
                        f"ret datoen til {long_date(fix, 'da')}",
                        f"correct the date to {long_date(fix, 'en')}",
                    ),
                )
            yield check.finding(
                "stated-weekday-mismatch",
                message,
                [m],
                dates=[s.date],
                sources=[s.source],
                numbers={"stated_weekday": stated, "actual_weekday": s.date.weekday()},
                suggestion=suggestion,
            )


def _moved_since(m: Meeting) -> bool:
    """A data file moved the meeting on purpose: it raised the sequence, and every older
    source agrees with the others, only not with the data. That is history, not a conflict."""
    if m.sequence == 0 or m.origin is None or not m.origin.document.endswith(".toml"):
        return False
    stated = {
        (s.date, s.start)
        for s in m.statements
        if s.date != m.date or s.start not in (None, m.start)
    }
    return len({d for d, _ in stated}) <= 1 and all(s.date != m.date for s in m.statements)


def _claims(m: Meeting) -> list[tuple[Source, dt.date, dt.time | None]]:
    claims = [(s.source, s.date, s.start) for s in m.statements]
    if m.origin is not None and m.origin.document.endswith(".toml"):
        claims.insert(0, (m.origin, m.date, m.start))
    return claims


@rule("source-disagreement")
def source_disagreement(check: Check) -> Iterator[Finding]:
    for m in check.calendar.meetings:
        claims = _claims(m)
        dates = sorted({d for _, d, _ in claims})
        starts = sorted({t for _, _, t in claims if t is not None})
        if len(dates) < 2 and len(starts) < 2:
            continue
        if len(dates) >= 2:
            what_da = "; ".join(
                f"{src}: {long_date(d, 'da', weekday=False)}" for src, d, _ in claims
            )
            what_en = "; ".join(
                f"{src}: {long_date(d, 'en', weekday=False)}" for src, d, _ in claims
            )
            differing = [src for src, d, _ in claims if d != m.date]
        else:
            what_da = "; ".join(f"{src}: kl. {t:%H.%M}" for src, _, t in claims if t)
            what_en = "; ".join(f"{src}: {t:%H:%M}" for src, _, t in claims if t)
            differing = [src for src, _, t in claims if t is not None and t != m.start]
        name = check.body(m.body).name
        if _moved_since(m):
            yield check.finding(
                "source-disagreement",
                Text(
                    f"{genitive(name)} møde er flyttet (sequence {m.sequence}) siden kilderne "
                    f"blev skrevet: {what_da}",
                    f"{name}'s meeting was moved (sequence {m.sequence}) after the sources "
                    f"were written: {what_en}",
                ),
                [m],
                dates=dates,
                sources=[*differing, *(src for src, _, _ in claims)],
                numbers={"dates": len(dates), "start_times": len(starts)},
                severity=Severity.INFO,
            )
            continue
        suggestion = Suggestion(
            action="correct",
            body=m.body,
            meeting=m.id,
            from_=None,
            to=m.date,
            text=Text(
                f"ret {', '.join(map(str, differing))} til {long_date(m.date, 'da')}"
                + (f" kl. {m.start:%H.%M}" if m.start and len(starts) > 1 else ""),
                f"correct {', '.join(map(str, differing))} to {long_date(m.date, 'en')}"
                + (f" at {m.start:%H:%M}" if m.start and len(starts) > 1 else ""),
            ),
        )
        yield check.finding(
            "source-disagreement",
            Text(
                f"kilderne er uenige om {genitive(name)} møde: {what_da}",
                f"the sources disagree about {name}'s meeting: {what_en}",
            ),
            [m],
            dates=dates,
            sources=[*differing, *(src for src, _, _ in claims)],
            numbers={"dates": len(dates), "start_times": len(starts)},
            suggestion=suggestion,
        )


# -- the day calendar ---------------------------------------------------------------


def _dated(check: Check) -> Iterator[Meeting]:
    """Meetings judged against the day calendar: proposed, not trips, deadlines or cancelled."""
    for m in check.proposed:
        if m.kind is not MeetingKind.STUDY_TRIP:
            yield m


def _day_rule(
    check: Check,
    code: str,
    why: Callable[[Meeting], Text | None],
    *,
    regular_only: bool = False,
) -> Iterator[Finding]:
    """The day-calendar rules: a reason the day is wrong, and the nearest day that is not."""
    for m in _dated(check):
        if regular_only and not m.kind.is_regular:
            continue
        reason = why(m)
        if reason is None:
            continue
        to = _nearest_usual_day(check, m)
        name = describe(check.calendar, m)
        yield check.finding(
            code,
            Text(f"{name.da} {reason.da}", f"{name.en} {reason.en}"),
            [m],
            numbers={"iso_week": m.date.isocalendar().week} if code == "school-holiday" else {},
            suggestion=_move(check, m, to),
        )


@rule("weekend")
def weekend(check: Check) -> Iterator[Finding]:
    weekend_day = Text("ligger i en weekend", "is at a weekend")
    return _day_rule(check, "weekend", lambda m: weekend_day if m.date.weekday() >= 5 else None)


@rule("public-holiday")
def public_holiday(check: Check) -> Iterator[Finding]:
    def why(m: Meeting) -> Text | None:
        note = check.days.public_holiday(m.date)
        if note is None:
            return None
        return Text(f"er en helligdag: {note.da}", f"is a public holiday: {note.en}")

    return _day_rule(check, "public-holiday", why)


@rule("day-off")
def day_off(check: Check) -> Iterator[Finding]:
    def why(m: Meeting) -> Text | None:
        note = check.days.day_off(m.date)
        morning = m.end is not None and m.end <= dt.time(12)
        if note is None or (check.days.afternoon_only(m.date) and morning):
            return None
        return Text(f"er en sædvanlig fridag: {note.da}", f"is a customary day off: {note.en}")

    return _day_rule(check, "day-off", why)


@rule("school-holiday")
def school_holiday(check: Check) -> Iterator[Finding]:
    def why(m: Meeting) -> Text | None:
        note = check.days.school_holiday(m.date)
        if note is None:
            return None
        return Text(f"ligger i {note.da}", f"falls in the {note.en}")

    return _day_rule(check, "school-holiday", why, regular_only=True)


@rule("usual-weekday")
def usual_weekday(check: Check) -> Iterator[Finding]:
    for m in _dated(check):
        weekdays = check.body(m.body).weekdays
        if not m.kind.is_regular or not weekdays or m.date.weekday() in weekdays:
            continue
        usual_da = " eller ".join(WEEKDAYS_DA[w] for w in weekdays)
        usual_en = " or ".join(WEEKDAYS_EN[w] for w in weekdays)
        reason = Text(f" (begrundelse: {m.note})", f" (reason given: {m.note})") if m.note else None
        to = _nearest_usual_day(check, m)
        yield check.finding(
            "usual-weekday",
            Text(
                f"{describe(check.calendar, m).da}: {check.body(m.body).name} "
                f"mødes normalt {usual_da}{reason.da if reason else ''}",
                f"{describe(check.calendar, m).en}: {check.body(m.body).name} "
                f"usually meets on {usual_en}{reason.en if reason else ''}",
            ),
            [m],
            suggestion=None if reason else _move(check, m, to),
            severity=Severity.INFO if reason else None,
        )


# -- KD-Net prepares KKR ------------------------------------------------------------


@rule("missing-preparation")
def missing_preparation(check: Check) -> Iterator[Finding]:
    window = check.settings.window
    for m in check.live:
        preparer = check.calendar.preparer_of(m.body)
        if preparer is None or m.kind is not MeetingKind.ORDINARY:
            continue
        earliest = m.date - dt.timedelta(days=window.max_days)
        latest = m.date - dt.timedelta(days=window.min_days)
        if (preparer, m.date.year) not in check.covered and (
            preparer,
            earliest.year,
        ) not in check.covered:
            continue  # nobody listed the preparer's meetings around then
        if check.preparer_meetings_between(preparer, earliest, latest):
            continue
        before = check.preparer_meetings_between(preparer, m.date - dt.timedelta(days=90), m.date)
        closest = before[-1] if before else None
        lead = (m.date - closest.date).days if closest else None
        suggestion = _preparation_fix(check, m, preparer)
        pname = check.body(preparer).name
        extra_da = (
            f"; nærmeste er {long_date(closest.date, 'da')}, {lead} dage før" if closest else ""
        )
        extra_en = (
            f"; the closest is {long_date(closest.date, 'en')}, {lead} days before"
            if closest
            else ""
        )
        yield check.finding(
            "missing-preparation",
            Text(
                f"{describe(check.calendar, m).da} forberedes ikke af et {pname}-møde "
                f"{window.min_days}–{window.max_days} dage før{extra_da}",
                f"{describe(check.calendar, m).en} has no preparing {pname} meeting "
                f"{window.min_days}–{window.max_days} days before{extra_en}",
            ),
            [m, *([closest] if closest else [])],
            numbers={
                "required_min_days": window.min_days,
                "required_max_days": window.max_days,
                **({"lead_days": lead} if lead is not None else {}),
            },
            suggestion=suggestion,
        )


def _preparation_fix(check: Check, kkr: Meeting, preparer: str) -> Suggestion | None:
    """Move a preparer meeting that is not preparing anything into the window, or add one."""
    comfortable = check.settings.comfortable
    target = kkr.date - dt.timedelta(days=(comfortable.min_days + comfortable.max_days) // 2)

    def in_window(day: dt.date) -> bool:
        lead = (kkr.date - day).days
        weekdays = check.body(preparer).weekdays
        return comfortable.min_days <= lead <= comfortable.max_days and (
            not weekdays or day.weekday() in weekdays
        )

    # A preparer meeting that prepares nothing (it slipped past the KKR meeting, or too
    # early) is better moved than joined by a new one.
    spare = [
        x
        for x in check.preparer_meetings_between(
            preparer, kkr.date - dt.timedelta(days=60), kkr.date + dt.timedelta(days=35)
        )
        if check.calendar.prepared_by(x, check.settings.window) is None
    ]
    for stray in sorted(spare, key=lambda x: abs((x.date - target).days)):
        to = fixes.nearest(check, stray, target, within=21, allowed=in_window)
        if to is not None:
            return _move(check, stray, to)
    if not limits.supported(target):
        return None  # no meeting can be added before the supported range begins
    body = check.body(preparer)
    new = Meeting(
        id=f"{preparer}-new-{kkr.date.isoformat()}",
        body=preparer,
        date=target,
        start=body.start,
        end=body.end,
    )
    to = fixes.nearest(check, new, target, within=21, allowed=in_window)
    if to is None:
        return None
    return _add(
        check,
        preparer,
        to,
        Text(
            f"{(kkr.date - to).days} dage før {describe(check.calendar, kkr).da}",
            f"{(kkr.date - to).days} days before {describe(check.calendar, kkr).en}",
        ),
    )


@rule("preparation-lead")
def preparation_lead(check: Check) -> Iterator[Finding]:
    window, comfortable = check.settings.window, check.settings.comfortable
    for m in check.live:
        if m.kind is not MeetingKind.ORDINARY or check.calendar.preparer_of(m.body) is None:
            continue
        prep = check.calendar.preparing(m, window)
        if prep is None:
            continue
        lead = (m.date - prep.date).days
        if comfortable.min_days <= lead <= comfortable.max_days:
            continue
        weekdays = check.body(prep.body).weekdays

        def inside(day: dt.date, kkr: Meeting = m, wd: tuple[int, ...] = weekdays) -> bool:
            lead = (kkr.date - day).days
            return comfortable.min_days <= lead <= comfortable.max_days and (
                not wd or day.weekday() in wd
            )

        to = fixes.nearest(check, prep, prep.date, within=21, allowed=inside)
        yield check.finding(
            "preparation-lead",
            Text(
                f"{describe(check.calendar, prep).da} forbereder "
                f"{describe(check.calendar, m).da} {lead} dage før "
                f"(anbefalet {comfortable.min_days}–{comfortable.max_days})",
                f"{describe(check.calendar, prep).en} prepares "
                f"{describe(check.calendar, m).en} {lead} days before "
                f"(recommended {comfortable.min_days}–{comfortable.max_days})",
            ),
            [m, prep],
            numbers={
                "lead_days": lead,
                "recommended_min_days": comfortable.min_days,
                "recommended_max_days": comfortable.max_days,
            },
            suggestion=_move(check, prep, to),
        )


# -- election periods ---------------------------------------------------------------


@rule("constituting-order")
def constituting_order(check: Check) -> Iterator[Finding]:
    pairs = [(b.id, b.prepares) for b in check.calendar.bodies if b.prepares]
    constituting_bodies = {x for pair in pairs for x in pair}
    for m in check.live:
        if m.kind is MeetingKind.CONSTITUTING and m.body in check.series_bodies:
            try:
                period = period_of(m.date)
            except OutOfRangeError:
                continue
            if m.date.year != period.first_year:
                yield check.finding(
                    "constituting-order",
                    Text(
                        f"{describe(check.calendar, m).da} er et konstituerende møde uden for "
                        f"valgperiodens første år ({period.first_year})",
                        f"{describe(check.calendar, m).en} is a constituting meeting outside "
                        f"the election period's first year ({period.first_year})",
                    ),
                    [m],
                )
    for body in sorted(constituting_bodies):
        for b, year in sorted(check.covered):
            if b != body:
                continue
            try:
                period = period_of(year)
            except OutOfRangeError:
                continue
            if year != period.first_year:
                continue
            series = check.by_body_year.get((body, year), [])
            if series and series[0].kind is not MeetingKind.CONSTITUTING:
                first = series[0]
                name = check.body(body).name
                mark = Suggestion(
                    action="mark-constituting",
                    body=body,
                    meeting=first.id,
                    from_=first.date,
                    to=first.date,
                    text=Text(
                        f"markér mødet {long_date(first.date, 'da')} som {genitive(name)} "
                        "konstituerende møde",
                        f"mark the meeting of {long_date(first.date, 'en')} as {name}'s "
                        "constituting meeting",
                    ),
                )
                yield check.finding(
                    "constituting-order",
                    Text(
                        f"{describe(check.calendar, first).da}: det første møde i "
                        f"valgperiodens første år er ikke det konstituerende",
                        f"{describe(check.calendar, first).en}: the first meeting of the "
                        f"election period's first year is not the constituting one",
                    ),
                    [first],
                    suggestion=mark,
                )
    for preparer, prepared in pairs:
        years = {
            m.date.year
            for m in check.series.get(preparer, [])
            if m.kind is MeetingKind.CONSTITUTING
        }
        for year in sorted(years):
            mine = next(
                m for m in check.series[preparer]
                if m.kind is MeetingKind.CONSTITUTING and m.date.year == year
            )  # fmt: skip
            theirs = next(
                (
                    m
                    for m in check.series.get(prepared, [])
                    if m.kind is MeetingKind.CONSTITUTING and m.date.year == year
                ),
                None,
            )
            if theirs is None or mine.date > theirs.date:
                continue
            after = theirs.date + dt.timedelta(days=7)
            to = fixes.nearest(
                check, mine, after, within=28,
                allowed=_after(theirs.date), weekdays=_usual(check, mine),
            )  # fmt: skip
            yield check.finding(
                "constituting-order",
                Text(
                    f"{describe(check.calendar, mine).da} konstituerer sig før "
                    f"{describe(check.calendar, theirs).da}; formandskabet spejler KKR's, "
                    f"så {check.body(preparer).name} skal konstituere sig efter",
                    f"{describe(check.calendar, mine).en} constitutes before "
                    f"{describe(check.calendar, theirs).en}; its chair mirrors KKR's, "
                    f"so {check.body(preparer).name} must constitute after",
                ),
                [mine, theirs],
                suggestion=_move(check, mine, to),
            )


@rule("constituting-deadline")
def constituting_deadline(check: Check) -> Iterator[Finding]:
    for m in check.live:
        if m.kind is not MeetingKind.CONSTITUTING:
            continue
        if check.body(m.body).kind is not BodyKind.POLITICAL or m.body not in check.series_bodies:
            continue
        try:
            period = period_of(m.date)
        except OutOfRangeError:
            continue
        deadline = period.kkr_constituting_deadline
        if deadline is None or m.date.year != period.first_year or m.date <= deadline:
            continue
        to = fixes.nearest(check, m, deadline, within=30, allowed=_not_after(deadline))
        yield check.finding(
            "constituting-deadline",
            Text(
                f"{describe(check.calendar, m).da} er efter fristen {long_date(deadline, 'da')}",
                f"{describe(check.calendar, m).en} is after the deadline {long_date(deadline, 'en')}",
            ),
            [m],
            numbers={"days_late": (m.date - deadline).days},
            suggestion=_move(check, m, to),
        )


@rule("after-election")
def after_election(check: Check) -> Iterator[Finding]:
    # Outgoing councils, and the networks that prepare their meetings, hold no ordinary
    # meetings between the election and the new period; working groups carry on.
    councils = {b.id for b in check.calendar.bodies if b.kind is BodyKind.POLITICAL}
    councils &= check.series_bodies
    councils |= {b.id for b in check.calendar.bodies if b.prepares in councils}
    for m in check.proposed:
        if m.kind is not MeetingKind.ORDINARY or m.body not in councils:
            continue
        try:
            period = period_of(m.date)
        except OutOfRangeError:
            continue
        election = period.next_election
        if not election < m.date <= period.end:
            continue
        to = fixes.nearest(
            check, m, election - dt.timedelta(days=7), within=42,
            allowed=_before(election), weekdays=_usual(check, m),
        )  # fmt: skip
        yield check.finding(
            "after-election",
            Text(
                f"{describe(check.calendar, m).da} ligger efter valget "
                f"{long_date(election, 'da')}; de afgående råd holder ikke ordinære møder",
                f"{describe(check.calendar, m).en} is after the election on "
                f"{long_date(election, 'en')}; outgoing councils hold no ordinary meetings",
            ),
            [m],
            numbers={"days_after_election": (m.date - election).days},
            suggestion=_move(check, m, to),
        )


# -- the series ---------------------------------------------------------------------


_DAY_US = 86_400_000_000


@functools.cache
def _zone() -> ZoneInfo:
    return ZoneInfo(TIMEZONE)


@functools.cache
def _steady_offset(day: dt.date) -> int | None:
    """The zone's UTC offset on ``day`` in µs, or None on a day the clocks change."""
    zone = _zone()
    first = dt.datetime.combine(day, dt.time.min, zone).utcoffset()
    last = dt.datetime.combine(day, dt.time.max, zone).utcoffset()
    if first is None or first != last:
        return None
    return first // dt.timedelta(microseconds=1)


def _utc_us(moment: dt.datetime) -> int:
    """A wall-clock time in the calendar's zone as µs of UTC: what
    ``moment.replace(tzinfo=zone).astimezone(UTC)`` gives, without its cost on the days
    the clocks do not change."""
    day = moment.date()
    wall = (
        day.toordinal() * _DAY_US
        + ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000
        + moment.microsecond
    )
    offset = _steady_offset(day)
    if offset is None:
        found = moment.replace(tzinfo=_zone()).utcoffset()
        assert found is not None
        offset = found // dt.timedelta(microseconds=1)
    return wall - offset


def _interval(m: Meeting) -> tuple[int, int]:
    """The span a meeting occupies, in µs of UTC; an entry of unknown time takes its whole
    day(s), midnight to midnight UTC. The same instants as :meth:`Meeting.starts_at` and
    :meth:`Meeting.ends_at` (a meeting without an end lasts an hour)."""
    if m.start is None:
        return m.date.toordinal() * _DAY_US, (m.last_date.toordinal() + 1) * _DAY_US
    start = dt.datetime.combine(m.date, m.start)
    if m.end is None:
        end = start + dt.timedelta(hours=1)
    else:
        end = dt.datetime.combine(m.last_date, m.end)
    return _utc_us(start), _utc_us(end)


def _whole_day_event(m: Meeting) -> bool:
    """Multi-day trips and seminars block the day; a meeting whose time is unknown does not."""
    return not m.timed and not m.kind.is_regular


@rule("overlap")
def overlap(check: Check) -> Iterator[Finding]:
    # Only meetings that share a body or a person can clash, so the meetings are grouped
    # by each body and each person in them, and each group is swept in date order: a
    # meeting is compared only with those of its groups within a day of it (no meeting's
    # hours reach further in UTC). The cost is O(n + k) for k compared pairs, however
    # many unrelated groups meet at once, and a meeting's hours are looked at only when
    # another of its groups meets that close.
    live = check.live  # in date order
    firsts = [m.date.toordinal() for m in live]
    lasts = [
        m.last_date.toordinal() if m.end_date else first
        for m, first in zip(live, firsts, strict=True)
    ]
    by_body: dict[str, list[int]] = {}
    by_person: dict[str, list[int]] = {}
    for i, m in enumerate(live):
        for body in dict.fromkeys((m.body, *m.participants)) if m.participants else (m.body,):
            by_body.setdefault(body, []).append(i)
        for person in check.people_at(m):
            by_person.setdefault(person, []).append(i)
    intervals: dict[int, tuple[int, int]] = {}

    def interval(i: int) -> tuple[int, int]:
        found = intervals.get(i)
        if found is None:
            found = intervals[i] = _interval(live[i])
        return found

    pairs: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    for members in itertools.chain(by_body.values(), by_person.values()):
        near: list[int] = []  # the group's meetings that end within two days of the next
        reach = -1
        for i in members:
            first = firsts[i]
            if first > reach:
                near, reach = [i], lasts[i] + 2
                continue
            near = [j for j in near if lasts[j] + 2 >= first]
            for j in near:
                # Oriented as the calendar sweeps them: by start, then calendar order.
                x, y = (j, i) if (interval(j)[0], j) <= (interval(i)[0], i) else (i, j)
                if interval(y)[0] < interval(x)[1] and _hours_clash(live[x], live[y]):
                    pairs.add(((interval(x)[0], x), (interval(y)[0], y)))
            near.append(i)
            reach = max(reach, lasts[i] + 2)
    reported: set[tuple[str, str]] = set()
    for (_, i), (_, j) in sorted(pairs):
        finding = _clash(check, live[i], live[j])
        if finding is not None:
            reported.add((live[i].id, live[j].id))
            yield finding
    # One body twice on one day, whatever the times say.
    by_day: dict[tuple[str, dt.date], list[Meeting]] = {}
    for m in live:
        if m.kind.is_regular:
            by_day.setdefault((m.body, m.date), []).append(m)
    twice = [(key, ms) for key, ms in by_day.items() if len(ms) > 1]
    for (body, _day), ms in sorted(twice, key=lambda kv: (kv[0][1], kv[0][0])):
        for a, b in itertools.pairwise(ms):
            if (a.id, b.id) in reported or (b.id, a.id) in reported:
                continue
            yield check.finding(
                "overlap",
                Text(
                    f"{check.body(body).name} har to møder samme dag: {long_date(a.date, 'da')}",
                    f"{check.body(body).name} has two meetings on one day: {long_date(a.date, 'en')}",
                ),
                [a, b],
                suggestion=_move(check, b, _nearest_usual_day(check, b)),
            )


def _hours_clash(a: Meeting, b: Meeting) -> bool:
    """Whether overlapping hours are a clash: both times known, or one a whole-day event
    (a meeting whose time is unknown blocks no hours of its own)."""
    return (a.timed and b.timed) or _whole_day_event(a) or _whole_day_event(b)


def _clash(check: Check, a: Meeting, b: Meeting) -> Finding | None:
    shared_bodies = sorted({a.body, *a.participants} & {b.body, *b.participants})
    shared_people = sorted(check.people_at(a) & check.people_at(b))
    if not shared_bodies and not shared_people:
        return None
    names = {p.id: p.name for p in check.calendar.people}
    who_da = (
        f"samme organ ({', '.join(check.body(x).name for x in shared_bodies)})"
        if shared_bodies
        else f"samme person ({', '.join(names[p] for p in shared_people[:3])})"
    )
    who_en = (
        f"the same body ({', '.join(check.body(x).name for x in shared_bodies)})"
        if shared_bodies
        else f"the same person ({', '.join(names[p] for p in shared_people[:3])})"
    )
    later = b if b.kind.is_regular else a
    to = _nearest_usual_day(check, later)
    return check.finding(
        "overlap",
        Text(
            f"{describe(check.calendar, a).da} og {describe(check.calendar, b).da} "
            f"overlapper og deler {who_da}",
            f"{describe(check.calendar, a).en} and {describe(check.calendar, b).en} "
            f"overlap and share {who_en}",
        ),
        [a, b],
        numbers={"shared_people": len(shared_people), "shared_bodies": len(shared_bodies)},
        suggestion=_move(check, later, to),
    )


@rule("spacing")
def spacing(check: Check) -> Iterator[Finding]:
    gap = check.settings.number("spacing", "min-days")
    for body, series in check.series.items():
        for a, b in itertools.pairwise(series):
            days = (b.date - a.date).days
            if days >= gap or days == 0:  # same day is an overlap, reported there
                continue
            to = fixes.nearest(
                check, b, a.date + dt.timedelta(days=gap), within=21,
                allowed=_not_before(a.date + dt.timedelta(days=gap)), weekdays=_usual(check, b),
            )  # fmt: skip
            yield check.finding(
                "spacing",
                Text(
                    f"{check.body(body).name} mødes {long_date(a.date, 'da')} og igen "
                    f"{long_date(b.date, 'da')}: {days} dage imellem (mindst {gap})",
                    f"{check.body(body).name} meets on {long_date(a.date, 'en')} and again on "
                    f"{long_date(b.date, 'en')}: {days} days apart (at least {gap})",
                ),
                [a, b],
                numbers={"days_apart": days, "required_days": gap},
                suggestion=_move(check, b, to),
            )


@rule("yearly-count")
def yearly_count(check: Check) -> Iterator[Finding]:
    default = check.settings.number("yearly-count", "expected")
    involved = {b.id for b in check.calendar.bodies if b.prepares} | {
        b.prepares for b in check.calendar.bodies if b.prepares
    }
    counts = Counter((m.body, m.date.year) for ms in check.series.values() for m in ms)
    for body_id, year in sorted(check.covered):
        body = check.body(body_id)
        expected = body.meetings_per_year or (default if body_id in involved else None)
        if not expected:
            continue
        count = counts[(body_id, year)]
        meetings = check.by_body_year.get((body_id, year), [])
        try:
            first_year = period_of(year).first_year == year
        except OutOfRangeError:
            first_year = False
        # Only the period's first meeting set (marked constituting or not): the rest of
        # the year is adopted at that meeting.
        only_constituting = bool(meetings) and (
            all(m.kind is MeetingKind.CONSTITUTING for m in meetings) or len(meetings) == 1
        )
        try:
            election_year = period_of(year).election_year == year
        except OutOfRangeError:
            election_year = False
        # In an election year the last meetings come before the election, and a period
        # may end one meeting short; in the first year the constituting meeting counts.
        if count == expected or (election_year and count == expected - 1):
            continue
        if first_year and only_constituting:
            yield check.finding(
                "yearly-count",
                Text(
                    f"{body.name} {year}: kun periodens første møde er fastlagt; "
                    f"resten af årets møder vedtages, når {body.name} har konstitueret sig",
                    f"{body.name} {year}: only the period's first meeting is set; "
                    f"the rest of the year is adopted once {body.name} has constituted",
                ),
                meetings,
                dates=[m.date for m in meetings],
                numbers={"meetings": count, "usual": expected},
                severity=Severity.INFO,
            )
            continue
        yield check.finding(
            "yearly-count",
            Text(
                f"{body.name} har {count} {'møde' if count == 1 else 'møder'} i {year}; "
                f"det sædvanlige er {expected}",
                f"{body.name} has {count} {'meeting' if count == 1 else 'meetings'} in {year}; "
                f"the usual number is {expected}",
            ),
            meetings,
            dates=[m.date for m in meetings] or [dt.date(year, 1, 1)],
            numbers={"meetings": count, "usual": expected},
        )


@rule("external-conflict")
def external_conflict(check: Check) -> Iterator[Finding]:
    for m in check.live:
        for e in fixes.external_events(check, m):
            if not m.overlaps(e):
                continue
            to = _nearest_usual_day(check, m)
            what = e.title or e.note or "?"
            yield check.finding(
                "external-conflict",
                Text(
                    f"{describe(check.calendar, m).da} falder sammen med «{what}» ({e.origin})",
                    f"{describe(check.calendar, m).en} coincides with «{what}» ({e.origin})",
                ),
                [m],
                sources=[m.origin, e.origin],
                suggestion=_move(check, m, to),
            )
            break


# -- what the readers could not read -------------------------------------------------


#: Why a date was not read, in Danish, for the reasons the readers give.
_UNREAD_DA = {
    "no year": "intet år – hverken overskriften, listen eller dokumentets dato giver et",
    "no body named in the heading, the title or --body": (
        "intet organ – hverken overskriften, titlen eller --body nævner et"
    ),
    "a comma where the day's dot belongs": "komma hvor dagens punktum hører til",
}


def _unread_da(reason: str) -> str:
    if reason.endswith(" is not a month"):
        return f"{reason.removesuffix(' is not a month')} er ikke en måned"
    return _UNREAD_DA.get(reason, reason)


@rule("unread-date")
def unread_date(check: Check) -> Iterator[Finding]:
    for d in check.unread:
        why_da = _unread_da(d.reason)
        yield check.finding(
            "unread-date",
            Text(
                f"datoen «{d.text}» blev ikke læst: {why_da}",
                f"the date «{d.text}» was not read: {d.reason}",
            ),
            dates=[d.date] if d.date is not None else [],
            sources=[d.source],
        )
