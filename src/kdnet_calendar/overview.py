"""The overview page: the election period to plan by, in Danish.

At the top, worked out in the reader's browser from data embedded in the page (so the page
is right tomorrow without being built again): today's date, the next KKR meeting and the
KD-Net meeting that prepares it, and the next municipal election. Then a navigation by
year; with a script, one year is shown at a time (today's year first), without one every
year is shown and the navigation jumps between them.

Each year: KKR's meetings each paired with the KD-Net meeting that prepares it (and the
lead time), election day and KKR's constituting deadline, then the year as twelve month
grids where meetings stand out, cancelled meetings are struck through, public holidays and
customary days off are shaded, school-holiday weeks are tinted, and days with a validation
finding are marked and linked to the finding's explanation (with the rule's Danish name).
A public page (``public=True``) leaves the findings off.

The page is a Jinja2 template (``templates/oversigt.html``) with autoescaping; this module
works out what it shows.
"""

from __future__ import annotations

import calendar as stdcal
import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import attrs

from .danish import KIND_NAMES, MONTHS, RULE_NAMES, WEEKDAYS_DA, genitive, long_date
from .days import DayCalendar
from .exceptions import OutOfRangeError
from .feeds import Feed
from .model import Calendar, Meeting, MeetingKind
from .pages import public_source, render_page, without_paths
from .periods import period_of
from .rules.findings import Finding, Report, Severity

__all__ = ["OVERVIEW", "render_overview"]

OVERVIEW = "oversigt.html"

_SEVERITY_DA = {Severity.ERROR: "Fejl", Severity.WARNING: "Advarsel", Severity.INFO: "Info"}


def _short(day: dt.date) -> str:
    return f"{WEEKDAYS_DA[day.weekday()][:3]} {day.day}. {MONTHS[day.month - 1][:3]}"


def _rule_name(code: str) -> str:
    return RULE_NAMES.get(code, code)


# -- what the template shows --------------------------------------------------------------------


@attrs.frozen
class _Cell:
    """One day of a month grid (``day == 0``: a blank before the 1st or after the last)."""

    day: int = 0
    iso: str = ""
    classes: str = ""
    label: str = ""
    #: Where the day's link goes (its finding, its meeting, its date); no link when empty.
    href: str = ""
    #: Whether the cell has an id (``d2025-01-24``): in-page links land on it.
    ident: bool = False
    #: Whether the day's only meetings are cancelled: the number is struck through.
    struck: bool = False


@attrs.frozen
class _Month:
    name: str
    key: str
    weeks: list[tuple[int, list[_Cell]]]


@attrs.frozen
class _Mark:
    """A date the election period hangs on: election day, KKR's constituting deadline."""

    date: dt.date
    what: str
    kind: str  # the cell's class: "election" or "deadline"

    @property
    def iso(self) -> str:
        return self.date.isoformat()


@attrs.frozen
class _Pair:
    kkr_name: str
    kkr_date: dt.date
    kkr_short: str
    constituting: bool
    net_name: str
    net_date: dt.date | None
    net_short: str
    lead_days: int | None


@attrs.frozen
class _Listed:
    id: str
    iso: str
    when: str
    what: str
    extra: str
    cancelled: bool


@attrs.frozen
class _Found:
    n: int
    severity: str
    severity_da: str
    code: str
    rule: str
    message: str
    suggestion: str
    sources: str


@attrs.frozen
class _Year:
    year: int
    pairs_heading: str
    pairs: list[_Pair]
    marks: list[_Mark]
    months: list[_Month]
    meetings: list[_Listed]
    findings: list[_Found]


# -- the page -----------------------------------------------------------------------------------


def render_overview(
    calendar: Calendar,
    report: Report,
    feeds: Sequence[Feed] = (),
    *,
    links: dict[str, str] | None = None,
    days: DayCalendar | None = None,
    years: Sequence[int] | None = None,
    public: bool = False,
) -> str:
    """The page as HTML. ``links`` maps a feed id to its subscribe URL (or file name).

    ``public`` leaves the report's findings off the page: it shows the meetings only and
    says nothing about the rules.
    """
    if days is None:
        from .rules.settings import Settings

        days = Settings().days
    if public:
        report = Report(())
    prepared_body = next((b.prepares for b in calendar.bodies if b.prepares), None)
    preparer = calendar.preparer_of(prepared_body) if prepared_body else None
    shown = sorted(
        set(years) if years else {m.date.year for m in calendar.meetings if m.kind.is_regular}
    )
    by_day: dict[dt.date, list[Meeting]] = defaultdict(list)
    cancelled_on: dict[dt.date, list[Meeting]] = defaultdict(list)
    for m in calendar.meetings:
        day = m.date
        while day <= m.last_date:
            (cancelled_on if m.cancelled else by_day)[day].append(m)
            day += dt.timedelta(days=1)
    documents = _documents(calendar, report)
    numbered = list(enumerate(report.findings, start=1))
    findings_on: dict[dt.date, list[tuple[int, Finding]]] = defaultdict(list)
    for n, f in numbered:
        dates = set(f.dates)
        for mid in f.meetings:
            with contextlib.suppress(KeyError):
                dates.add(calendar.meeting(mid).date)
        for d in dates:
            findings_on[d].append((n, f))

    kkr_name = calendar.body(prepared_body).name if prepared_body else "KKR"
    year_views = []
    for year in shown:
        marks = _marks(year, kkr_name)
        marked = {m.date: m for m in marks}
        year_views.append(
            _Year(
                year=year,
                pairs_heading=_pairs_heading(calendar, prepared_body),
                pairs=_pairs(calendar, prepared_body, year) if prepared_body and preparer else [],
                marks=marks,
                months=[
                    _month(
                        calendar,
                        year,
                        month,
                        by_day,
                        cancelled_on,
                        findings_on,
                        marked,
                        days,
                        prepared_body,
                        preparer,
                    )
                    for month in range(1, 13)
                ],
                meetings=_meeting_list(calendar, year),
                findings=[
                    _found(n, f, documents)
                    for n, f in numbered
                    if any(d.year == year for d in f.dates[:1])
                ],
            )
        )
    others = [
        _found(n, f, documents) for n, f in numbered if not f.dates or f.dates[0].year not in shown
    ]
    title = calendar.name or "Mødekalender"
    periods = sorted({label for y in shown if (label := _period_label(y))})
    subscribe = [
        ((links or {}).get(feed.id, feed.filename), feed.name)
        for feed in feeds
        if feed.kind != "person"
    ]
    return render_page(
        "oversigt.html",
        title=title,
        title_words=[(w, "-" in w) for w in title.split(" ")],
        periods=", ".join(periods),
        summary=None if public else report.summary,
        public=public,
        kkr_name=kkr_name,
        net_name=calendar.body(preparer).name if preparer else "",
        years=year_views,
        others=others,
        subscribe=subscribe if feeds else None,
        data=_data(calendar, prepared_body, shown, kkr_name),
    )


def _documents(calendar: Calendar, report: Report) -> set[str]:
    """Every document the data and the findings cite: the paths a message may quote."""
    found = {s.document for f in report.findings for s in f.sources}
    for m in calendar.meetings:
        if m.origin is not None:
            found.add(m.origin.document)
        found.update(s.source.document for s in m.statements)
    found.update(b.source.document for b in calendar.bodies if b.source is not None)
    found.update(d.file for d in calendar.documents if d.file)
    return found


def _period_label(year: int) -> str | None:
    try:
        return period_of(year).label
    except OutOfRangeError:
        return None  # a mistyped year in the data must not stop the feeds being published


def _marks(year: int, kkr_name: str) -> list[_Mark]:
    """Election day and KKR's constituting deadline, where they fall in ``year``."""
    try:
        period = period_of(year)
    except OutOfRangeError:
        return []
    marks = []
    deadline = period.kkr_constituting_deadline
    if deadline is not None and deadline.year == year:
        marks.append(
            _Mark(
                deadline, f"sidste frist for {genitive(kkr_name)} konstituerende møde", "deadline"
            )
        )
    if period.next_election.year == year:
        marks.append(_Mark(period.next_election, "kommunalvalg", "election"))
    return marks


def _pairs_heading(calendar: Calendar, prepared_body: str | None) -> str:
    if not prepared_body:
        return ""
    preparer = calendar.preparer_of(prepared_body)
    pname = calendar.body(preparer).name if preparer else ""
    return f"{calendar.body(prepared_body).name} og {pname}"


def _pairs(calendar: Calendar, prepared_body: str, year: int) -> list[_Pair]:
    body = calendar.body(prepared_body)
    preparer = calendar.preparer_of(prepared_body)
    pname = calendar.body(preparer).name if preparer else ""
    return [
        _Pair(
            kkr_name=body.name,
            kkr_date=p.prepared.date,
            kkr_short=_short(p.prepared.date),
            constituting=p.prepared.kind is MeetingKind.CONSTITUTING,
            net_name=pname,
            net_date=p.preparing.date if p.preparing else None,
            net_short=_short(p.preparing.date) if p.preparing else "",
            lead_days=p.lead_days,
        )
        for p in calendar.preparations(prepared_body, year=year)
    ]


def _describe(calendar: Calendar, m: Meeting) -> str:
    return (
        f"{calendar.body(m.body).name}"
        + (f" {m.start:%H.%M}" if m.start else "")
        + (f" – {m.title}" if m.title else "")
    )


def _month(
    calendar: Calendar,
    year: int,
    month: int,
    by_day: dict[dt.date, list[Meeting]],
    cancelled_on: dict[dt.date, list[Meeting]],
    findings_on: dict[dt.date, list[tuple[int, Finding]]],
    marked: dict[dt.date, _Mark],
    days: DayCalendar,
    prepared_body: str | None,
    preparer: str | None,
) -> _Month:
    weeks = []
    for week in stdcal.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            if day.month != month:
                cells.append(_Cell())
                continue
            classes = []
            notes = []
            school = days.school_holiday(day)
            if school:
                classes.append("school")
                notes.append(school.da)
            off = days.public_holiday(day) or days.day_off(day)
            if off or day.weekday() >= 5:
                classes.append("holiday")
                if off:
                    notes.append(off.da)
            entries = by_day.get(day, [])
            meetings = [m for m in entries if m.kind is not MeetingKind.DEADLINE]
            deadlines = [m for m in entries if m.kind is MeetingKind.DEADLINE]
            mark = marked.get(day)
            if deadlines or (mark and mark.kind == "deadline"):
                classes.append("deadline")
                notes.extend(f"Frist: {m.title or calendar.body(m.body).name}" for m in deadlines)
            if mark:
                if mark.kind == "election":
                    classes.append("election")
                notes.append(mark.what[:1].upper() + mark.what[1:])
            if meetings:
                classes.append("meeting")
                bodies = {m.body for m in meetings}
                classes.append(
                    "kkr" if prepared_body in bodies else "net" if preparer in bodies else "other"
                )
                if any(m.end_date and m.end_date > m.date for m in meetings):
                    classes.append("trip")
                notes.extend(_describe(calendar, m) for m in meetings)
            cancelled = cancelled_on.get(day, [])
            if cancelled:
                notes.extend(f"AFLYST: {_describe(calendar, m)}" for m in cancelled)
                if not entries:
                    classes.append("cancelled")
            found = findings_on.get(day, [])
            if found:
                worst = min(f.severity.rank for _, f in found)
                classes.append("finding")
                classes.append(("error", "warning", "info")[worst])
                notes.extend(
                    f"{_SEVERITY_DA[f.severity]}: {_rule_name(f.code)} ({f.code})" for _, f in found
                )
            label = long_date(day)
            if notes:
                label += ": " + "; ".join(notes)
            href = ""
            if found:
                # Link to the finding that starts on this day, so each finding is reached
                # from its own day even where findings share days.
                target = next((n for n, f in found if f.dates[:1] == (day,)), found[0][0])
                href = f"#fund-{target}"
            elif entries or cancelled:
                # The day's entry in the year's list: details that a phone or a screen
                # reader can reach too, not only a mouse hovering the cell.
                href = f"#m-{(entries or cancelled)[0].id}"
            elif mark:
                href = f"#dato-{day.isoformat()}"
            cells.append(
                _Cell(
                    day=day.day,
                    iso=day.isoformat(),
                    classes=" ".join(classes),
                    label=label if notes else "",
                    href=href,
                    ident=bool(href),
                    struck=bool(cancelled) and not entries,
                )
            )
        weeks.append((week[0].isocalendar().week, cells))
    return _Month(
        name=f"{MONTHS[month - 1].capitalize()} {year}",
        key=f"{year}-{month:02d}",
        weeks=weeks,
    )


def _meeting_list(calendar: Calendar, year: int) -> list[_Listed]:
    """Every meeting and deadline of the year, with time, place and notes."""
    items = []
    for m in calendar.meetings:
        if m.date.year != year:
            continue
        body = calendar.body(m.body)
        when = _short(m.date)
        if m.end_date and m.end_date > m.date:
            when += f"–{_short(m.end_date)}"
        if m.start is not None:
            when += f" kl. {m.start:%H.%M}" + (f"–{m.end:%H.%M}" if m.end else "")
        what = m.title or (
            body.name
            if m.kind is MeetingKind.ORDINARY
            else f"{body.name}, {KIND_NAMES['da'][m.kind]}"
        )
        extra = [x for x in (m.location or ("" if m.virtual else body.location),
                             "virtuelt" if m.virtual else "", m.note) if x]  # fmt: skip
        items.append(
            _Listed(
                id=m.id,
                iso=m.date.isoformat(),
                when=when,
                what=what,
                extra="; ".join(extra),
                cancelled=m.cancelled,
            )
        )
    return items


def _found(n: int, f: Finding, documents: set[str]) -> _Found:
    return _Found(
        n=n,
        severity=f.severity.value,
        severity_da=_SEVERITY_DA[f.severity],
        code=f.code,
        rule=_rule_name(f.code),
        message=without_paths(f.message("da"), documents),
        suggestion=without_paths(f.suggestion.text("da"), documents) if f.suggestion else "",
        sources=", ".join(public_source(s) for s in f.sources),
    )


def _data(
    calendar: Calendar, prepared_body: str | None, shown: Sequence[int], kkr_name: str
) -> dict[str, Any]:
    """What the page's script needs to say what comes next, on whatever day it is read."""

    def meeting(m: Meeting) -> dict[str, Any]:
        return {
            "date": m.date.isoformat(),
            "label": long_date(m.date) + (f" kl. {m.start:%H.%M}" if m.start else ""),
            "what": calendar.body(m.body).name,
            "title": m.title,
            "href": f"#m-{m.id}",
        }

    kkr = []
    if prepared_body:
        for p in calendar.preparations(prepared_body):
            item = meeting(p.prepared)
            item["constituting"] = p.prepared.kind is MeetingKind.CONSTITUTING
            item["prep"] = meeting(p.preparing) if p.preparing else None
            kkr.append(item)
    dates: dict[dt.date, str] = {}
    for year in shown:
        with contextlib.suppress(OutOfRangeError):
            dates[period_of(year).next_election] = "kommunalvalg"
        for mark in _marks(year, kkr_name):
            dates[mark.date] = mark.what
    return {
        "weekdays": list(WEEKDAYS_DA),
        "months": list(MONTHS),
        "years": list(shown),
        "kkr": kkr,
        "meetings": [
            meeting(m)
            for m in calendar.meetings
            if not m.cancelled and m.kind is not MeetingKind.DEADLINE
        ],
        "dates": [
            {"date": d.isoformat(), "label": long_date(d), "what": what}
            for d, what in sorted(dates.items())
        ],
    }
