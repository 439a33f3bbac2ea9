"""The rule book: one function per rule code (docs/rules.md).

Each rule takes a :class:`~.check.Check` and yields findings; it knows nothing of files
or other rules. A rule about one meeting's date also states its condition once, as a
function of that meeting, and registers it beside its findings: by the day alone
(``day=``, the day calendar, the weekday, the election period) or among the other
meetings (``meeting=``, spacing, preparation, overlaps). The findings decide by that
condition, and :mod:`kdnet_calendar.rules.fixes` asks the same one of every date it
tries, so a suggested date passes every other rule too, and the proposer plans by it.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

from .. import limits
from ..danish import WEEKDAYS_DA, WEEKDAYS_EN, count, genitive, long_date, unread_reason
from ..days import ends_by_noon
from ..exceptions import OutOfRangeError, UnknownBodyError
from ..model import TIMEZONE, BodyKind, Meeting, MeetingKind, Source
from ..periods import period_of
from . import fixes
from .check import Check, describe
from .findings import Finding, Severity, Suggestion, Text

__all__ = ["RULES", "rule"]

Rule = Callable[[Check], Iterator[Finding]]
RULES: dict[str, Rule] = {}


def rule(
    code: str, *, day: fixes.DayTest | None = None, meeting: fixes.MeetingTest | None = None
) -> Callable[[Rule], Rule]:
    """Register a rule's findings under its code, with its condition on one meeting: what
    it judges by the meeting's day alone (``day``) and among the other meetings
    (``meeting``). The fix search and the proposer ask those (:mod:`.fixes`)."""

    def register(fn: Rule) -> Rule:
        RULES[code] = fn
        if day is not None:
            fixes.DAY_TESTS[code] = day
        if meeting is not None:
            fixes.MEETING_TESTS[code] = meeting
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


def _dated(check: Check) -> list[Meeting]:
    """Meetings judged against the day calendar (:attr:`.Check.dated`)."""
    return check.dated


def _breaking(check: Check, code: str, test: fixes.DayTest) -> Iterator[tuple[Meeting, Text]]:
    """The dated meetings whose day breaks the day rule ``code``, with the reason.

    All the day rules are asked in one walk, through the fix search's verdicts
    (:func:`.fixes.day_problems`), which judge a day once for every body alike in what
    the day rules read: a finding and a fix cannot disagree about a day, and a large
    calendar is walked once rather than once per rule.
    """
    if check.day_breakers is None:
        breakers: dict[str, list[Meeting]] = {}
        for m in _dated(check):
            for broken in fixes.day_problems(check, m.body, m.kind, m.end, m.date):
                breakers.setdefault(broken, []).append(m)
        check.day_breakers = breakers
    for m in check.day_breakers.get(code, ()):
        reason = test(check, m.body, m.kind, ends_by_noon(m.end), m.date)
        assert reason is not None, (code, m.id)  # the verdict is the test's own
        yield m, reason


def _day_rule(check: Check, code: str, test: fixes.DayTest) -> Iterator[Finding]:
    """The day-calendar rules: a reason the day is wrong, and the nearest day that is not."""
    for m, reason in _breaking(check, code, test):
        to = _nearest_usual_day(check, m)
        name = describe(check.calendar, m)
        yield check.finding(
            code,
            Text(f"{name.da} {reason.da}", f"{name.en} {reason.en}"),
            [m],
            numbers={"iso_week": m.date.isocalendar().week} if code == "school-holiday" else {},
            suggestion=_move(check, m, to),
        )


_WEEKEND = Text("ligger i en weekend", "is at a weekend")


def _weekend(
    check: Check, body: str, kind: MeetingKind, morning: bool, day: dt.date
) -> Text | None:
    return _WEEKEND if day.weekday() >= 5 else None


@rule("weekend", day=_weekend)
def weekend(check: Check) -> Iterator[Finding]:
    return _day_rule(check, "weekend", _weekend)


def _public_holiday(
    check: Check, body: str, kind: MeetingKind, morning: bool, day: dt.date
) -> Text | None:
    note = check.days.public_holiday(day)
    if note is None:
        return None
    return Text(f"er en helligdag: {note.da}", f"is a public holiday: {note.en}")


@rule("public-holiday", day=_public_holiday)
def public_holiday(check: Check) -> Iterator[Finding]:
    return _day_rule(check, "public-holiday", _public_holiday)


def _day_off(
    check: Check, body: str, kind: MeetingKind, morning: bool, day: dt.date
) -> Text | None:
    note = check.days.day_off(day)
    if note is None or (morning and check.days.afternoon_only(day)):
        return None
    return Text(f"er en sædvanlig fridag: {note.da}", f"is a customary day off: {note.en}")


@rule("day-off", day=_day_off)
def day_off(check: Check) -> Iterator[Finding]:
    return _day_rule(check, "day-off", _day_off)


def _school_holiday(
    check: Check, body: str, kind: MeetingKind, morning: bool, day: dt.date
) -> Text | None:
    if not kind.is_regular:
        return None  # seminars and workshops may fall in the holidays
    note = check.days.school_holiday(day)
    if note is None:
        return None
    return Text(f"ligger i {note.da}", f"falls in the {note.en}")


@rule("school-holiday", day=_school_holiday)
def school_holiday(check: Check) -> Iterator[Finding]:
    return _day_rule(check, "school-holiday", _school_holiday)


def _unusual_weekday(
    check: Check, body: str, kind: MeetingKind, morning: bool, day: dt.date
) -> Text | None:
    weekdays = check.body(body).weekdays
    if not kind.is_regular or not weekdays or day.weekday() in weekdays:
        return None
    return Text(
        f"mødes normalt {' eller '.join(WEEKDAYS_DA[w] for w in weekdays)}",
        f"usually meets on {' or '.join(WEEKDAYS_EN[w] for w in weekdays)}",
    )


@rule("usual-weekday", day=_unusual_weekday)
def usual_weekday(check: Check) -> Iterator[Finding]:
    for m, usual in _breaking(check, "usual-weekday", _unusual_weekday):
        reason = Text(f" (begrundelse: {m.note})", f" (reason given: {m.note})") if m.note else None
        to = _nearest_usual_day(check, m)
        yield check.finding(
            "usual-weekday",
            Text(
                f"{describe(check.calendar, m).da}: {check.body(m.body).name} "
                f"{usual.da}{reason.da if reason else ''}",
                f"{describe(check.calendar, m).en}: {check.body(m.body).name} "
                f"{usual.en}{reason.en if reason else ''}",
            ),
            [m],
            suggestion=None if reason else _move(check, m, to),
            severity=Severity.INFO if reason else None,
        )


# -- KD-Net prepares KKR ------------------------------------------------------------


def _preparer_and_meeting(check: Check, m: Meeting) -> tuple[str, Meeting | None] | None:
    """For an ordinary meeting of a prepared body (KKR): its preparer, and the preparer's
    last meeting in the window before it (None if none). None for any other meeting."""
    preparer = check.calendar.preparer_of(m.body)
    if preparer is None or m.kind is not MeetingKind.ORDINARY:
        return None
    window = check.window
    found = [
        x
        for x in check.preparer_meetings_between(
            preparer,
            m.date - dt.timedelta(days=window.max_days),
            m.date - dt.timedelta(days=window.min_days),
        )
        if x.id != m.id or x is m  # a moved meeting is not where it was
    ]
    return preparer, (found[-1] if found else None)


def _listed(check: Check, body: str, year: int, m: Meeting) -> bool:
    """Whether the input lists ``body``'s meetings of ``year`` (:attr:`Check.covered`),
    counting ``m`` where it is (moved, it may list a year of its own body's)."""
    return (body, year) in check.covered or (
        body == m.body and year == m.date.year and m.kind.is_regular and check.lists(m)
    )


def _unprepared(check: Check, m: Meeting) -> str | None:
    """The preparer of ``m`` when it has no meeting in the window before ``m``, in a year
    its meetings were listed (nobody listed them otherwise: silence, not a finding)."""
    found = _preparer_and_meeting(check, m)
    if found is None or found[1] is not None:
        return None
    preparer = found[0]
    earliest = m.date - dt.timedelta(days=check.window.max_days)
    if _listed(check, preparer, m.date.year, m) or _listed(check, preparer, earliest.year, m):
        return preparer
    return None


def _leads_to_prepared(check: Check, m: Meeting) -> list[int]:
    """For a preparing meeting (perhaps moved): the days from it to each meeting it
    prepares in the calendar as it stands."""
    return [(x.date - m.date).days for x in check.prepared_by(m.id)]


def _uncomfortable(check: Check, lead: int) -> bool:
    comfortable = check.comfortable
    return not comfortable.min_days <= lead <= comfortable.max_days


def _breaks_preparation(check: Check, m: Meeting) -> bool:
    """A prepared meeting without its preparation, or a preparing one moved out of the
    window before the meeting it prepares."""
    if _unprepared(check, m) is not None:
        return True
    window = check.window
    return any(
        not window.min_days <= lead <= window.max_days for lead in _leads_to_prepared(check, m)
    )


@rule("missing-preparation", meeting=_breaks_preparation)
def missing_preparation(check: Check) -> Iterator[Finding]:
    window = check.window
    for m in check.live:
        preparer = _unprepared(check, m)
        if preparer is None:
            continue
        before = check.preparer_meetings_between(preparer, m.date - dt.timedelta(days=90), m.date)
        closest = before[-1] if before else None
        lead = (m.date - closest.date).days if closest else None
        suggestion = _preparation_fix(check, m, preparer)
        pname = check.body(preparer).name
        extra_da = (
            f"; nærmeste er {long_date(closest.date, 'da')}, {count(lead, 'dag', 'dage')} før"
            if closest and lead is not None
            else ""
        )
        extra_en = (
            f"; the closest is {long_date(closest.date, 'en')}, {count(lead, 'day', 'days')} before"
            if closest and lead is not None
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
            f"{count((kkr.date - to).days, 'dag', 'dage')} før {describe(check.calendar, kkr).da}",
            f"{count((kkr.date - to).days, 'day', 'days')} before "
            f"{describe(check.calendar, kkr).en}",
        ),
    )


def _uncomfortably_prepared(check: Check, m: Meeting) -> Meeting | None:
    """The meeting that prepares ``m`` when its lead is outside the recommended days."""
    found = _preparer_and_meeting(check, m)
    if found is None or found[1] is None:
        return None
    prep = found[1]
    return prep if _uncomfortable(check, (m.date - prep.date).days) else None


def _breaks_lead(check: Check, m: Meeting) -> bool:
    """A prepared meeting prepared too early or too late, or a preparing one (perhaps
    moved) within the window but outside the recommended days before what it prepares."""
    if _uncomfortably_prepared(check, m) is not None:
        return True
    window = check.window
    return any(
        window.min_days <= lead <= window.max_days and _uncomfortable(check, lead)
        for lead in _leads_to_prepared(check, m)
    )


@rule("preparation-lead", meeting=_breaks_lead)
def preparation_lead(check: Check) -> Iterator[Finding]:
    comfortable = check.comfortable
    for m in check.live:
        prep = _uncomfortably_prepared(check, m)
        if prep is None:
            continue
        lead = (m.date - prep.date).days
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
                f"{describe(check.calendar, m).da} {count(lead, 'dag', 'dage')} før "
                f"(anbefalet {comfortable.min_days}–{comfortable.max_days})",
                f"{describe(check.calendar, prep).en} prepares "
                f"{describe(check.calendar, m).en} {count(lead, 'day', 'days')} before "
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


def _council(check: Check, body_id: str) -> bool:
    """A council the data defines (KKR), or a body that prepares one's meetings (KD-Net)."""

    def council(bid: str) -> bool:
        try:
            body = check.body(bid)
        except UnknownBodyError:
            return False
        return body.kind is BodyKind.POLITICAL and bid in check.series_bodies

    found = check.councils.get(body_id)
    if found is None:
        prepares = check.body(body_id).prepares
        found = check.councils[body_id] = council(body_id) or (
            prepares is not None and council(prepares)
        )
    return found


def _after_election(
    check: Check, body: str, kind: MeetingKind, morning: bool, day: dt.date
) -> Text | None:
    # Outgoing councils, and the networks that prepare their meetings, hold no ordinary
    # meetings between the election and the new period; working groups carry on.
    if kind is not MeetingKind.ORDINARY or not _council(check, body):
        return None
    try:
        period = period_of(day)
    except OutOfRangeError:
        return None
    election = period.next_election
    if not election < day <= period.end:
        return None
    return Text(
        f"ligger efter valget {long_date(election, 'da')}; "
        "de afgående råd holder ikke ordinære møder",
        f"is after the election on {long_date(election, 'en')}; "
        "outgoing councils hold no ordinary meetings",
    )


@rule("after-election", day=_after_election)
def after_election(check: Check) -> Iterator[Finding]:
    # Judged among the dated meetings: a study trip is no ordinary meeting.
    for m, reason in _breaking(check, "after-election", _after_election):
        election = period_of(m.date).next_election
        to = fixes.nearest(
            check, m, election - dt.timedelta(days=7), within=42,
            allowed=_before(election), weekdays=_usual(check, m),
        )  # fmt: skip
        name = describe(check.calendar, m)
        yield check.finding(
            "after-election",
            Text(f"{name.da} {reason.da}", f"{name.en} {reason.en}"),
            [m],
            numbers={"days_after_election": (m.date - election).days},
            suggestion=_move(check, m, to),
        )


def _outside_first_year(
    check: Check, body: str, kind: MeetingKind, morning: bool, day: dt.date
) -> Text | None:
    """A constituting meeting belongs to the election period's first year."""
    if kind is not MeetingKind.CONSTITUTING:
        return None
    try:
        period = period_of(day)
    except OutOfRangeError:
        return None
    if day.year == period.first_year:
        return None
    return Text(
        f"er et konstituerende møde uden for valgperiodens første år ({period.first_year})",
        f"is a constituting meeting outside the election period's first year ({period.first_year})",
    )


def _first_constituting(check: Check, body: str, year: int) -> Meeting | None:
    return next(
        (
            m
            for m in check.series.get(body, [])
            if m.kind is MeetingKind.CONSTITUTING and m.date.year == year
        ),
        None,
    )


def _constitutes_first(check: Check, m: Meeting) -> Meeting | None:
    """For a preparing body's constituting meeting: the constituting meeting of the body it
    prepares that year, when ``m`` is not after it (KD-Net's chair mirrors KKR's)."""
    prepares = check.body(m.body).prepares
    if m.kind is not MeetingKind.CONSTITUTING or prepares is None:
        return None
    theirs = _first_constituting(check, prepares, m.date.year)
    return theirs if theirs is not None and m.date <= theirs.date else None


def _opens_unconstituted(check: Check, m: Meeting) -> bool:
    """Whether ``m`` (perhaps moved), an ordinary meeting of a body that prepares or is
    prepared, is its body's first meeting in an election period's first year, in a year
    the input lists: that meeting must be the constituting one."""
    if m.kind is not MeetingKind.ORDINARY or m.body not in check.paired:
        return False
    year = m.date.year
    if not _listed(check, m.body, year, m):
        return False
    try:
        if period_of(year).first_year != year:
            return False
    except OutOfRangeError:
        return False
    others = [x for x in check.by_body_year.get((m.body, year), []) if x.id != m.id]
    return not others or m.sort_key < others[0].sort_key


def _out_of_order(check: Check, m: Meeting) -> bool:
    """The constituting order broken by ``m`` where it is (or would be, moved).

    A meeting that already opens its year unconstituted is fixed by marking it, not by
    moving it: moving it within that year makes no new finding, so its other fixes are
    not held back by it.
    """
    if _constitutes_first(check, m) is not None:
        return True
    if not _opens_unconstituted(check, m):
        return False
    original = check.regular_ids.get(m.id)
    return not (
        original is not None
        and original.date.year == m.date.year
        and _opens_unconstituted(check, original)
    )


@rule("constituting-order", day=_outside_first_year, meeting=_out_of_order)
def constituting_order(check: Check) -> Iterator[Finding]:
    pairs = [(b.id, b.prepares) for b in check.calendar.bodies if b.prepares]
    for m in check.live:
        if m.body not in check.series_bodies:
            continue
        reason = _outside_first_year(check, m.body, m.kind, ends_by_noon(m.end), m.date)
        if reason is not None:
            said = describe(check.calendar, m)
            yield check.finding(
                "constituting-order", Text(f"{said.da} {reason.da}", f"{said.en} {reason.en}"), [m]
            )
    for body, year in sorted(check.covered):
        series = check.by_body_year.get((body, year), [])
        if series and _opens_unconstituted(check, series[0]):
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
    for preparer, _prepared in pairs:
        years = {
            m.date.year
            for m in check.series.get(preparer, [])
            if m.kind is MeetingKind.CONSTITUTING
        }
        for year in sorted(years):
            mine = _first_constituting(check, preparer, year)
            theirs = None if mine is None else _constitutes_first(check, mine)
            if mine is None or theirs is None:
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


def _constituting_late(
    check: Check, body: str, kind: MeetingKind, morning: bool, day: dt.date
) -> Text | None:
    """A council constitutes by the deadline of the period's first year."""
    if kind is not MeetingKind.CONSTITUTING or check.body(body).kind is not BodyKind.POLITICAL:
        return None
    try:
        period = period_of(day)
    except OutOfRangeError:
        return None
    deadline = period.kkr_constituting_deadline
    if deadline is None or day.year != period.first_year or day <= deadline:
        return None
    return Text(
        f"er efter fristen {long_date(deadline, 'da')}",
        f"is after the deadline {long_date(deadline, 'en')}",
    )


@rule("constituting-deadline", day=_constituting_late)
def constituting_deadline(check: Check) -> Iterator[Finding]:
    for m in check.live:
        if m.body not in check.series_bodies:
            continue
        reason = _constituting_late(check, m.body, m.kind, ends_by_noon(m.end), m.date)
        if reason is None:
            continue
        deadline = period_of(m.date).kkr_constituting_deadline
        assert deadline is not None
        to = fixes.nearest(check, m, deadline, within=30, allowed=_not_after(deadline))
        name = describe(check.calendar, m)
        yield check.finding(
            "constituting-deadline",
            Text(f"{name.da} {reason.da}", f"{name.en} {reason.en}"),
            [m],
            numbers={"days_late": (m.date - deadline).days},
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


def _same_body_same_day(a: Meeting, b: Meeting) -> bool:
    """One body twice on one day, whatever the times say."""
    return a.body == b.body and a.date == b.date and a.kind.is_regular and b.kind.is_regular


def _times_clash(
    first: Meeting, first_span: tuple[int, int], second: Meeting, second_span: tuple[int, int]
) -> bool:
    """Whether two meetings that share a body or a person clash in time: ``first`` starts
    no later than ``second`` (:func:`_interval`), ``second`` starts before ``first`` ends,
    and the hours are known or one blocks whole days (:func:`_hours_clash`)."""
    return second_span[0] < first_span[1] and _hours_clash(first, second)


def _overlaps_another(check: Check, m: Meeting) -> bool:
    """Whether ``m`` (perhaps moved) clashes with a meeting that shares a body or a person
    with it: the overlap rule's condition on one meeting."""
    span: tuple[int, int] | None = None
    # No meeting's hours reach further than a day either side in UTC.
    first, last = m.date - dt.timedelta(days=1), m.last_date + dt.timedelta(days=1)
    for other in check.sharing(m, first, last):
        if other.id == m.id:
            continue
        if _same_body_same_day(m, other):
            return True
        span = span or _interval(m)
        other_span = _interval(other)
        if other_span[0] <= span[0]:  # on a tie, the meeting already there first
            clash = _times_clash(other, other_span, m, span)
        else:
            clash = _times_clash(m, span, other, other_span)
        if clash:
            return True
    return False


@rule("overlap", meeting=_overlaps_another)
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
                if _times_clash(live[x], interval(x), live[y], interval(y)):
                    pairs.add(((interval(x)[0], x), (interval(y)[0], y)))
            near.append(i)
            reach = max(reach, lasts[i] + 2)
    reported: set[tuple[str, str]] = set()
    for (_, i), (_, j) in sorted(pairs):
        finding = _clash(check, live[i], live[j])
        if finding is not None:
            reported.add((live[i].id, live[j].id))
            yield finding
    # One body twice on one day (_same_body_same_day), whatever the times say.
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


def _too_close(check: Check, first: dt.date, second: dt.date) -> bool:
    """Fewer than the least days between two meetings of a body (on the same day it is
    an overlap, reported there)."""
    return 0 < (second - first).days < check.settings.number("spacing", "min-days")


def _crowded(check: Check, m: Meeting) -> bool:
    """Whether a regular meeting (perhaps moved) is too close to its body's neighbours."""
    if not m.kind.is_regular:
        return False
    before, after = check.neighbours(m)
    return (before is not None and _too_close(check, before.date, m.date)) or (
        after is not None and _too_close(check, m.date, after.date)
    )


@rule("spacing", meeting=_crowded)
def spacing(check: Check) -> Iterator[Finding]:
    gap = check.settings.number("spacing", "min-days")
    for body, series in check.series.items():
        for a, b in itertools.pairwise(series):
            if not _too_close(check, a.date, b.date):
                continue
            days = (b.date - a.date).days
            to = fixes.nearest(
                check, b, a.date + dt.timedelta(days=gap), within=21,
                allowed=_not_before(a.date + dt.timedelta(days=gap)), weekdays=_usual(check, b),
            )  # fmt: skip
            yield check.finding(
                "spacing",
                Text(
                    f"{check.body(body).name} mødes {long_date(a.date, 'da')} og igen "
                    f"{long_date(b.date, 'da')}: {count(days, 'dag', 'dage')} imellem (mindst {gap})",
                    f"{check.body(body).name} meets on {long_date(a.date, 'en')} and again on "
                    f"{long_date(b.date, 'en')}: {count(days, 'day', 'days')} apart (at least {gap})",
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


def _external_clash(check: Check, m: Meeting) -> Meeting | None:
    """The first of the user's external events that ``m`` overlaps, if any."""
    return next((e for e in fixes.external_events(check, m) if m.overlaps(e)), None)


@rule("external-conflict", meeting=lambda check, m: _external_clash(check, m) is not None)
def external_conflict(check: Check) -> Iterator[Finding]:
    for m in check.live:
        e = _external_clash(check, m)
        if e is None:
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


# -- what the readers could not read -------------------------------------------------


@rule("unread-date")
def unread_date(check: Check) -> Iterator[Finding]:
    for d in check.unread:
        why_da = unread_reason(d.reason)
        yield check.finding(
            "unread-date",
            Text(
                f"datoen «{d.text}» blev ikke læst: {why_da}",
                f"the date «{d.text}» was not read: {d.reason}",
            ),
            dates=[d.date] if d.date is not None else [],
            sources=[d.source],
        )
