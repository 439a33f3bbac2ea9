"""The overview page: the election period at a glance, in Danish.

One section per year: KKR's meetings each paired with the KD-Net meeting that prepares it
(and the lead time), then the year as twelve small month grids where meetings stand out,
public holidays and customary days off are shaded, school-holiday weeks are tinted, and
days with a validation finding are marked and linked to the finding's explanation. Plain
HTML and CSS: no script is needed, links and ``<details>`` work with a keyboard, and the
month grids wrap on a phone.
"""

from __future__ import annotations

import calendar as stdcal
import contextlib
import datetime as dt
import html
from collections import defaultdict
from collections.abc import Sequence

from .danish import KIND_NAMES, MONTHS, WEEKDAYS_DA, long_date
from .days import DayCalendar
from .exceptions import OutOfRangeError
from .feeds import Feed
from .model import Calendar, Meeting, MeetingKind
from .periods import period_of
from .rules.findings import Finding, Report, Severity

__all__ = ["OVERVIEW", "render_overview"]

OVERVIEW = "oversigt.html"

_SEVERITY_DA = {Severity.ERROR: "Fejl", Severity.WARNING: "Advarsel", Severity.INFO: "Info"}

_CSS = """
:root { --ink:#1b1b1b; --muted:#555; --line:#c8c8c8; --kkr:#8a1c3c; --net:#00558c;
        --other:#4d6b00; --holiday:#e6e6e6; --school:#fff4cc; --error:#b00020; --warn:#8a5a00; }
* { box-sizing: border-box; }
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
       margin: 0 auto; padding: 1rem; max-width: 72rem; }
h1 { font-size: 1.6rem; margin: .25rem 0 .5rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 1rem 0 .4rem; }
a { color: var(--net); }
a:focus-visible, summary:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 1px;
       box-shadow: 0 0 0 6px #ffbf47; }
.lead { color: var(--muted); margin-top: 0; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1rem; padding: 0; list-style: none; font-size: .9rem; }
.legend span.swatch { display: inline-block; width: 1rem; height: 1rem; vertical-align: -.15rem;
       border: 1px solid var(--line); margin-right: .3rem; }
.pairs { list-style: none; padding: 0; margin: 0; }
.pairs li { padding: .3rem 0; border-bottom: 1px solid #eee; }
.pairs a { white-space: nowrap; }
.tag { font-weight: 600; }
.tag.kkr { color: var(--kkr); } .tag.net { color: var(--net); }
.lead-days { color: var(--muted); }
.bad { color: var(--error); font-weight: 600; }
.months { display: grid; grid-template-columns: repeat(auto-fill, minmax(15.5rem, 1fr)); gap: .9rem; margin-top: .8rem; }
table.month { border-collapse: collapse; width: 100%; font-size: .85rem; }
table.month caption { text-align: left; font-weight: 600; padding-bottom: .2rem; }
table.month th { font-weight: 500; color: var(--muted); font-size: .75rem; }
table.month td { text-align: center; height: 2rem; border: 1px solid #eee; padding: 0; position: relative; }
td.school { background: var(--school); }
td.holiday { background: var(--holiday); }
td.meeting { font-weight: 700; color: #fff; }
td.meeting.kkr { background: var(--kkr); } td.meeting.net { background: var(--net); }
td.meeting.other { background: #dcebc9; color: #1b1b1b; border: 2px solid var(--other); }
td.meeting.other a { color: #1b1b1b; }
td.finding { outline: 3px solid var(--error); outline-offset: -3px; box-shadow: inset 0 0 0 5px #fff; }
td.finding.warning, td.finding.info { outline-color: var(--warn); }
td.finding a::after { content: "!"; font-size: .7rem; vertical-align: super; }
th.week { color: var(--muted); font-size: .75rem; font-weight: 400; border: none; }
.nw { white-space: nowrap; }
td.deadline { box-shadow: inset 0 -4px 0 var(--warn); }
td.trip { background-image: repeating-linear-gradient(45deg, transparent 0 6px, rgba(255,255,255,.25) 6px 9px); }
details.meeting-list { margin: .8rem 0; }
details.meeting-list summary { cursor: pointer; font-weight: 600; }
details.meeting-list li:target, .meeting-list li:target { background: #fff4cc; }
.findings li:target { background: #fff4cc; outline: 2px solid var(--warn); }
td a { display: block; color: inherit; text-decoration: none; line-height: 2rem; }
td.meeting a { color: #fff; }
.findings { padding-left: 1.2rem; }
.findings li { margin: .35rem 0; }
.sev-error { color: var(--error); font-weight: 700; }
.sev-warning { color: var(--warn); font-weight: 700; }
.sev-info { color: var(--muted); font-weight: 700; }
.subscribe { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
.subscribe a { display: inline-block; padding: .35rem .7rem; border: 1px solid var(--net); border-radius: 4px; text-decoration: none; }
@media (max-width: 40rem) { body { padding: .6rem; } .tag { min-width: 0; } }
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _short(day: dt.date) -> str:
    return f"{WEEKDAYS_DA[day.weekday()][:3]} {day.day}. {MONTHS[day.month - 1][:3]}"


def render_overview(
    calendar: Calendar,
    report: Report,
    feeds: Sequence[Feed] = (),
    *,
    links: dict[str, str] | None = None,
    days: DayCalendar | None = None,
    years: Sequence[int] | None = None,
) -> str:
    """The page as HTML. ``links`` maps a feed id to its subscribe URL (or file name)."""
    if days is None:
        from .rules.settings import Settings

        days = Settings().days
    prepared_body = next((b.prepares for b in calendar.bodies if b.prepares), None)
    preparer = calendar.preparer_of(prepared_body) if prepared_body else None
    shown = sorted(
        set(years) if years else {m.date.year for m in calendar.meetings if m.kind.is_regular}
    )
    by_day: dict[dt.date, list[Meeting]] = defaultdict(list)
    for m in calendar.meetings:
        if not m.cancelled:
            day = m.date
            while day <= m.last_date:
                by_day[day].append(m)
                day += dt.timedelta(days=1)
    numbered = list(enumerate(report.findings, start=1))
    findings_on: dict[dt.date, list[tuple[int, Finding]]] = defaultdict(list)
    for n, f in numbered:
        dates = set(f.dates)
        for mid in f.meetings:
            with contextlib.suppress(KeyError):
                dates.add(calendar.meeting(mid).date)
        for d in dates:
            findings_on[d].append((n, f))

    title = calendar.name or "Mødekalender"
    periods = sorted({label for y in shown if (label := _period_label(y))})
    out = [
        "<!DOCTYPE html>",
        '<html lang="da"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)} – oversigt</title><style>{_CSS}</style></head><body>",
        "<header><h1>" + _no_break_at_hyphens(_e(title)) + "</h1>",
        f'<p class="lead">{"Valgperiode " + ", ".join(_e(p) for p in periods) + ". " if periods else ""}'
        f"{_e(report.summary['error'])} fejl, {_e(report.summary['warning'])} advarsler, "
        f"{_e(report.summary['info'])} til orientering.</p>",
        _legend(),
        "</header><main>",
    ]
    for year in shown:
        out.append(f'<section aria-labelledby="y{year}"><h2 id="y{year}">{year}</h2>')
        if prepared_body and preparer:
            out.append(_pairs(calendar, prepared_body, year))
        out.append('<div class="months">')
        for month in range(1, 13):
            out.append(
                _month(calendar, year, month, by_day, findings_on, days, prepared_body, preparer)
            )
        out.append("</div>")
        out.append(_meeting_list(calendar, year))
        year_findings = [(n, f) for n, f in numbered if any(d.year == year for d in f.dates[:1])]
        if year_findings:
            out.append(f'<h3 id="fund-aar-{year}">Fund i {year}</h3><ol class="findings">')
            out.extend(_finding_item(n, f) for n, f in year_findings)
            out.append("</ol>")
        out.append("</section>")
    earlier = [(n, f) for n, f in numbered if not f.dates or f.dates[0].year not in shown]
    if earlier:
        out.append(
            '<section aria-labelledby="other"><h2 id="other">Andre fund</h2><ol class="findings">'
        )
        out.extend(_finding_item(n, f) for n, f in earlier)
        out.append("</ol></section>")
    if feeds:
        out.append(
            '<section aria-labelledby="abonner"><h2 id="abonner">Abonnér i din kalender</h2>'
        )
        out.append('<ul class="subscribe">')
        for feed in feeds:
            if feed.kind == "person":
                continue
            href = (links or {}).get(feed.id, feed.filename)
            out.append(f'<li><a href="{_e(href)}">{_e(feed.name)}</a></li>')
        out.append('</ul><p><a href="index.html">Alle kalendere, også personlige</a></p></section>')
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def _no_break_at_hyphens(text: str) -> str:
    """Keep "KD-Net" on one line on a phone without changing the words themselves."""
    return " ".join(f'<span class="nw">{w}</span>' if "-" in w else w for w in text.split(" "))


def _period_label(year: int) -> str | None:
    try:
        return period_of(year).label
    except OutOfRangeError:
        return None  # a mistyped year in the data must not stop the feeds being published


def _legend() -> str:
    items = [
        ("var(--kkr)", "KKR-møde"),
        ("var(--net)", "KD-Net-møde"),
        ("#dcebc9", "andet møde"),
        ("var(--holiday)", "weekend, helligdag eller fridag"),
        ("var(--school)", "skoleferie-uge"),
    ]
    lis = "".join(
        f'<li><span class="swatch" style="background:{c}"></span>{_e(t)}</li>' for c, t in items
    )
    lis += (
        '<li><span class="swatch" style="outline:3px solid var(--error);outline-offset:-3px">'
        "</span>fejl (se listen)</li>"
        '<li><span class="swatch" style="outline:3px solid var(--warn);outline-offset:-3px">'
        "</span>advarsel eller info</li>"
    )
    return f'<ul class="legend" aria-label="Signaturforklaring">{lis}</ul>'


def _pairs(calendar: Calendar, prepared_body: str, year: int) -> str:
    body = calendar.body(prepared_body)
    preparer = calendar.preparer_of(prepared_body)
    pname = calendar.body(preparer).name if preparer else ""
    items = []
    for p in calendar.preparations(prepared_body, year=year):
        kkr = p.prepared
        kind = " (konstituerende)" if kkr.kind is MeetingKind.CONSTITUTING else ""
        left = f'<span class="tag kkr">{_e(body.name)}</span> <a href="#d{kkr.date.isoformat()}">{_e(_short(kkr.date))}</a>{kind}'
        if p.preparing is not None:
            right = (
                f' ← <span class="tag net">{_e(pname)}</span> '
                f'<a href="#d{p.preparing.date.isoformat()}">{_e(_short(p.preparing.date))}</a> '
                f'<span class="lead-days">({p.lead_days} dage før)</span>'
            )
        elif kkr.kind is MeetingKind.CONSTITUTING:
            right = f' <span class="lead-days">– {_e(pname)} konstituerer sig bagefter</span>'
        else:
            right = f' <span class="bad">– intet forberedende {_e(pname)}-møde</span>'
        items.append(f"<li>{left}{right}</li>")
    if not items:
        return ""
    return f'<h3>{_e(body.name)} og {_e(pname)}</h3><ul class="pairs">{"".join(items)}</ul>'


def _month(
    calendar: Calendar,
    year: int,
    month: int,
    by_day: dict[dt.date, list[Meeting]],
    findings_on: dict[dt.date, list[tuple[int, Finding]]],
    days: DayCalendar,
    prepared_body: str | None,
    preparer: str | None,
) -> str:
    rows = []
    for week in stdcal.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = [f'<th scope="row" class="week">{week[0].isocalendar().week}</th>']
        for day in week:
            if day.month != month:
                cells.append("<td></td>")
                continue
            classes = []
            notes = []
            if days.school_holiday(day):
                classes.append("school")
                note = days.school_holiday(day)
                assert note is not None
                notes.append(note.da)
            off = days.public_holiday(day) or days.day_off(day)
            if off or day.weekday() >= 5:
                classes.append("holiday")
                if off:
                    notes.append(off.da)
            entries = by_day.get(day, [])
            meetings = [m for m in entries if m.kind is not MeetingKind.DEADLINE]
            deadlines = [m for m in entries if m.kind is MeetingKind.DEADLINE]
            if deadlines:
                classes.append("deadline")
                notes.extend(f"Frist: {m.title or calendar.body(m.body).name}" for m in deadlines)
            if meetings:
                classes.append("meeting")
                bodies = {m.body for m in meetings}
                classes.append(
                    "kkr" if prepared_body in bodies else "net" if preparer in bodies else "other"
                )
                if any(m.end_date and m.end_date > m.date for m in meetings):
                    classes.append("trip")
                notes.extend(
                    f"{calendar.body(m.body).name}"
                    + (f" {m.start:%H.%M}" if m.start else "")
                    + (f" – {m.title}" if m.title else "")
                    for m in meetings
                )
            found = findings_on.get(day, [])
            if found:
                worst = min(f.severity.rank for _, f in found)
                classes.append("finding")
                classes.append(("error", "warning", "info")[worst])
                notes.extend(f"{_SEVERITY_DA[f.severity]}: {f.code}" for _, f in found)
            label = long_date(day)
            if notes:
                label += ": " + "; ".join(notes)
            inner = str(day.day)
            if found:
                # Link to the finding that starts on this day, so each finding is reached
                # from its own day even where findings share days.
                target = next((n for n, f in found if f.dates[:1] == (day,)), found[0][0])
                inner = f'<a href="#fund-{target}" title="{_e(label)}" aria-label="{_e(label)}">{day.day}</a>'
            elif entries:
                # The day's entry in the year's list: details that a phone or a screen
                # reader can reach too, not only a mouse hovering the cell.
                inner = f'<a href="#m-{entries[0].id}" title="{_e(label)}" aria-label="{_e(label)}">{day.day}</a>'
            attrs_ = f' class="{" ".join(classes)}"' if classes else ""
            ident = f' id="d{day.isoformat()}"' if entries or found else ""
            title = f' title="{_e(label)}"' if notes and not (entries or found) else ""
            cells.append(f"<td{ident}{attrs_}{title}>{inner}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = '<th scope="col" class="week" abbr="uge">uge</th>' + "".join(
        f'<th scope="col" abbr="{d}">{d[:2]}</th>' for d in WEEKDAYS_DA
    )
    return (
        f'<table class="month"><caption>{_e(MONTHS[month - 1].capitalize())} {year}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _meeting_list(calendar: Calendar, year: int) -> str:
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
        status = " <strong>AFLYST</strong>" if m.cancelled else ""
        items.append(
            f'<li id="m-{_e(m.id)}"><a href="#d{m.date.isoformat()}">{_e(when)}</a>: '
            f"{_e(what)}{status}"
            + (f' <span class="lead-days">({_e("; ".join(extra))})</span>' if extra else "")
            + "</li>"
        )
    if not items:
        return ""
    return (
        f'<details class="meeting-list"><summary>Alle møder og frister i {year} '
        f"({len(items)})</summary><ul>{''.join(items)}</ul></details>"
    )


def _finding_item(n: int, f: Finding) -> str:
    sev = f.severity.value
    fix = f"<br>Forslag: {_e(f.suggestion.text('da'))}" if f.suggestion else ""
    sources = f"<br><small>Kilde: {_e(', '.join(map(str, f.sources)))}</small>" if f.sources else ""
    return (
        f'<li id="fund-{n}"><span class="sev-{sev}">{_e(_SEVERITY_DA[f.severity])}</span> '
        f"<code>{_e(f.code)}</code>: {_e(f.message('da'))}{fix}{sources}</li>"
    )
