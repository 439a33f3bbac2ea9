"""Render meetings for people (text), for scripts (JSON) and for agendas (Danish notation).

The Danish notation is the one the agendas use ("- Fredag den 2. juni 2023, kl. 10.00 –
12.00 – Besøg fra CDEU"), so a list can be pasted into next month's agenda as it is.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any

from .danish import KIND_NAMES, STATUS_NAMES, WEEKDAYS_DA, count, long_date, short_weekday
from .model import PREPARATION_WINDOW, Calendar, Meeting, MeetingKind, Status
from .periods import ElectionPeriod

if TYPE_CHECKING:
    from .scheduler import Plan

__all__ = [
    "meeting_record",
    "period_record",
    "proposal_record",
    "proposal_title",
    "render_danish",
    "render_json",
    "render_moved",
    "render_periods",
    "render_periods_json",
    "render_proposal_json",
    "render_text",
    "render_toml",
]

_TEXT = {
    "da": {
        "meetings": "møder",
        "meeting": "møde",
        "none": "Ingen møder.",
        "prepared": "forberedes af {body} {date} ({days} før)",
        "unprepared": "intet forberedende {body}-møde {lo}–{hi} dage før",
        "virtual": "virtuelt",
        "all_day": "tid ikke fastlagt",
        "period": "Valgperiode {label}",
        "elected": "Valgt",
        "runs": "Perioden",
        "deadline": "KKR's konstituerende møde",
        "deadline_value": "senest {date}",
        "kdnet": "KD-Net konstituerer sig",
        "kdnet_value": "efter KKR's konstituerende møde",
        "next": "Næste valg",
        "transition": "Overgangsperiode ved kommunalreformen: sammenlægningsudvalg i 2006, "
        "nye kommuner og KKR fra 1. januar 2007.",
    },
    "en": {
        "meetings": "meetings",
        "meeting": "meeting",
        "none": "No meetings.",
        "prepared": "prepared by {body} {date} ({days} before)",
        "unprepared": "no preparing {body} meeting {lo}–{hi} days before",
        "virtual": "virtual",
        "all_day": "time not set",
        "period": "Election period {label}",
        "elected": "Elected",
        "runs": "Runs",
        "deadline": "KKR constituting meeting",
        "deadline_value": "by {date}",
        "kdnet": "KD-Net constitutes",
        "kdnet_value": "after KKR's constituting meeting",
        "next": "Next election",
        "transition": "Transition period of the structural reform: merger committees in 2006, "
        "new municipalities and KKRs from 1 January 2007.",
    },
}


_DAY_WORDS = {"da": ("dag", "dage"), "en": ("day", "days")}

#: :data:`~kdnet_calendar.danish.KIND_NAMES` in the plural, for "2 frister", "2 seminars".
_KIND_PLURALS: dict[str, dict[MeetingKind, str]] = {
    "da": {
        MeetingKind.ORDINARY: "møder",
        MeetingKind.CONSTITUTING: "konstituerende møder",
        MeetingKind.SEMINAR: "seminarer",
        MeetingKind.STUDY_TRIP: "studieture",
        MeetingKind.WORKSHOP: "workshops",
        MeetingKind.DEADLINE: "frister",
    },
    "en": {
        MeetingKind.ORDINARY: "meetings",
        MeetingKind.CONSTITUTING: "constituting meetings",
        MeetingKind.SEMINAR: "seminars",
        MeetingKind.STUDY_TRIP: "study trips",
        MeetingKind.WORKSHOP: "workshops",
        MeetingKind.DEADLINE: "deadlines",
    },
}


def _count(items: Sequence[Meeting], lang: str) -> str:
    """Say "5 møder + 1 frist": deadlines and trips are listed but not counted as meetings."""
    words = _TEXT[lang]
    regular = sum(1 for m in items if m.kind.is_regular and not m.cancelled)
    parts = [f"{regular} {words['meeting'] if regular == 1 else words['meetings']}"]
    for kind in MeetingKind:
        n = sum(1 for m in items if m.kind is kind)
        if n and not kind.is_regular:
            parts.append(count(n, KIND_NAMES[lang][kind], _KIND_PLURALS[lang][kind]))
    return " + ".join(parts)


def _time_range(m: Meeting, sep: str = ":") -> str:
    if m.start is None:
        return ""
    text = m.start.strftime(f"%H{sep}%M")
    if m.end is not None:
        text += "–" + m.end.strftime(f"%H{sep}%M")
    return text


def _summary(calendar: Calendar, m: Meeting, lang: str) -> str:
    parts = []
    if m.title:
        parts.append(m.title)
    elif m.kind is not MeetingKind.ORDINARY:
        parts.append(KIND_NAMES[lang][m.kind])
    if m.status is not Status.CONFIRMED:
        parts.insert(0, STATUS_NAMES[lang][m.status])
    if m.virtual:
        parts.append(_TEXT[lang]["virtual"])
    if m.note:
        parts.append(m.note)
    return " · ".join(parts)


def render_text(calendar: Calendar, meetings: Sequence[Meeting], lang: str = "da") -> str:
    """A terminal listing: one block per body and year, the KD-Net pairing beside KKR."""
    words = _TEXT[lang]
    if not meetings:
        return words["none"] + "\n"
    out: list[str] = []
    rank = {b.id: i for i, b in enumerate(calendar.bodies)}
    ordered = sorted(meetings, key=lambda m: (rank.get(m.body, 0), m.body, m.date.year, m.sort_key))
    for (body_id, year), group in groupby(ordered, key=lambda m: (m.body, m.date.year)):
        items = list(group)
        body = calendar.body(body_id)
        if out:
            out.append("")
        out.append(f"{body.name} {year} ({_count(items, lang)})")
        preparer = calendar.preparer_of(body_id)
        for m in items:
            when = f"{short_weekday(m.date, lang)} {m.date:%d.%m.%Y}"
            if m.end_date and m.end_date != m.date:
                when += f"–{m.end_date:%d.%m}"
            time = _time_range(m) or words["all_day"]
            place = m.location or ("" if m.virtual else body.location)
            line = f"  {when}  {time:<11}  {place}"
            extra = _summary(calendar, m, lang)
            if extra:
                line += f"  [{extra}]"
            out.append(line.rstrip())
            if preparer and m.kind is MeetingKind.ORDINARY and not m.cancelled:
                prep = calendar.preparing(m)
                preparer_name = calendar.body(preparer).name
                if prep is None:
                    out.append(
                        "      ! "
                        + words["unprepared"].format(
                            body=preparer_name,
                            lo=PREPARATION_WINDOW.min_days,
                            hi=PREPARATION_WINDOW.max_days,
                        )
                    )
                else:
                    date = f"{short_weekday(prep.date, lang)} {prep.date:%d.%m}"
                    days = count((m.date - prep.date).days, *_DAY_WORDS[lang])
                    out.append(
                        "      ← "
                        + words["prepared"].format(body=preparer_name, date=date, days=days)
                    )
    return "\n".join(out) + "\n"


def meeting_record(calendar: Calendar, m: Meeting) -> dict[str, Any]:
    """The JSON shape of one meeting (documented in docs/cli.md)."""
    preparing: str | None = None
    if calendar.preparer_of(m.body) and m.kind.is_regular:
        prep = calendar.preparing(m)
        preparing = prep.id if prep else None
    return {
        "id": m.id,
        "body": m.body,
        "date": m.date.isoformat(),
        "end_date": m.end_date.isoformat() if m.end_date else None,
        "start": m.start.strftime("%H:%M") if m.start else None,
        "end": m.end.strftime("%H:%M") if m.end else None,
        "kind": m.kind.value,
        "status": m.status.value,
        "title": m.title or None,
        "location": m.location or (None if m.virtual else calendar.body(m.body).location or None),
        "virtual": m.virtual,
        "url": m.url or None,
        "note": m.note or None,
        "participants": list(m.participants),
        "sequence": m.sequence,
        "preparing_meeting": preparing,
        "sources": [str(s.source) for s in m.statements],
    }


def render_json(calendar: Calendar, meetings: Iterable[Meeting]) -> str:
    return (
        json.dumps([meeting_record(calendar, m) for m in meetings], ensure_ascii=False, indent=2)
        + "\n"
    )


def proposal_record(plan: Plan) -> dict[str, Any]:
    """The JSON object of ``propose --format json``: years, cost, moves and meetings."""
    return {
        "years": list(plan.years),
        "cost": plan.proposal.cost,
        "moved": [
            {"meeting": mid, "from": a.isoformat(), "to": b.isoformat()}
            for mid, a, b in plan.proposal.moved
        ],
        "meetings": [meeting_record(plan.calendar, m) for m in plan.calendar.meetings],
    }


def render_proposal_json(plan: Plan) -> str:
    return json.dumps(proposal_record(plan), ensure_ascii=False, indent=2) + "\n"


def proposal_title(plan: Plan) -> str:
    """ "Forslag 2027", "Forslag 2026–2029": the title of a proposal's iCalendar file."""
    first, last = plan.years[0], plan.years[-1]
    return f"Forslag {first}" + (f"–{last}" if last != first else "")


def render_moved(plan: Plan, lang: str = "da") -> str:
    """One line per meeting that moved from the previous plan, after the text listing."""
    word = "flyttet" if lang == "da" else "moved"
    return "".join(
        f"{word}: {mid} {before.isoformat()} → {after.isoformat()}\n"
        for mid, before, after in plan.proposal.moved
    )


def render_toml(calendar: Calendar) -> str:
    """The calendar as a data file that loads back as the same calendar.

    A calendar read from data files is :func:`~kdnet_calendar.datafile.dumps` as it is (the
    embedded file comes back byte for byte). One read from agenda texts or ``.ics`` exports
    cites them as sources without defining them as documents; each gets a document, with
    its path as id and file, or the data file would not load.
    """
    import attrs

    from .datafile import dumps
    from .model import Document

    known = {d.id for d in calendar.documents}
    cited = dict.fromkeys(
        s.source.document
        for m in calendar.meetings
        for s in m.statements
        if s.source.document not in known
    )
    if cited:
        added = tuple(Document(id=doc, file=doc) for doc in cited)
        calendar = attrs.evolve(calendar, documents=calendar.documents + added)
    return dumps(calendar)


def _danish_line(calendar: Calendar, m: Meeting) -> str:
    weekday = WEEKDAYS_DA[m.date.weekday()].capitalize()
    text = f"- {weekday} den {long_date(m.date, weekday=False)}"
    if m.end_date and m.end_date != m.date:
        same_month = (m.date.year, m.date.month) == (m.end_date.year, m.end_date.month)
        first = (
            f"{m.date.day}."
            if same_month
            else long_date(m.date, weekday=False, year=m.date.year != m.end_date.year)
        )
        text = f"- {weekday} den {first} – {long_date(m.end_date, weekday=False)}"
    if m.start is not None:
        text += f", kl. {_time_range(m, '.').replace('–', ' – ')}"
    if m.kind is MeetingKind.CONSTITUTING:
        text += f" ({KIND_NAMES['da'][m.kind]} i {calendar.body(m.body).name})"
    if m.title:
        text += f" – {m.title}"
    if m.cancelled:
        text += " – AFLYST"
    elif m.status is Status.TENTATIVE:
        text += " – foreløbig"
    if m.virtual:
        text += " – virtuelt"
    if m.note:
        text += f" – {m.note.rstrip('.')}"
    return text


def render_danish(calendar: Calendar, meetings: Sequence[Meeting]) -> str:
    """Meeting lists in the agendas' own notation, one list per body and year."""
    out: list[str] = []
    rank = {b.id: i for i, b in enumerate(calendar.bodies)}
    ordered = sorted(meetings, key=lambda m: (rank.get(m.body, 0), m.body, m.date.year, m.sort_key))
    for (body_id, year), group in groupby(ordered, key=lambda m: (m.body, m.date.year)):
        if out:
            out.append("")
        out.append(f"Mødekalender for {calendar.body(body_id).name} {year}")
        out.append("")
        out.extend(_danish_line(calendar, m) for m in group)
    return "\n".join(out) + "\n" if out else ""


def period_record(period: ElectionPeriod) -> dict[str, Any]:
    deadline = period.kkr_constituting_deadline
    return {
        "label": period.label,
        "election": period.election.isoformat(),
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "first_year": period.first_year,
        "election_year": period.election_year,
        "next_election": period.next_election.isoformat(),
        "kkr_constituting_deadline": deadline.isoformat() if deadline else None,
        "transition": period.transition,
    }


def render_periods_json(periods: Iterable[ElectionPeriod]) -> str:
    """The JSON of ``periods --format json``: a list of :func:`period_record` objects."""
    return json.dumps([period_record(p) for p in periods], ensure_ascii=False, indent=2) + "\n"


def render_periods(periods: Iterable[ElectionPeriod], lang: str = "da") -> str:
    words = _TEXT[lang]
    out: list[str] = []
    for p in periods:
        if out:
            out.append("")
        out.append(words["period"].format(label=p.label))
        rows = [
            (words["elected"], long_date(p.election, lang)),
            (words["runs"], f"{long_date(p.start, lang)} – {long_date(p.end, lang)}"),
        ]
        deadline = p.kkr_constituting_deadline
        if deadline is not None:
            rows.append(
                (words["deadline"], words["deadline_value"].format(date=long_date(deadline, lang)))
            )
            rows.append((words["kdnet"], words["kdnet_value"]))
        rows.append((words["next"], long_date(p.next_election, lang)))
        width = max(len(k) for k, _ in rows) + 1
        out.extend(f"  {k + ':':<{width}} {v}" for k, v in rows)
        if p.transition:
            out.append("  " + words["transition"])
    return "\n".join(out) + "\n"


def today() -> dt.date:
    """The current date in Copenhagen, not on the machine's clock zone."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Europe/Copenhagen")).date()
