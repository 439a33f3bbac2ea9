"""Validation reports for people (grouped text) and for scripts (JSON)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from .account import REASON_WORDS, Reading
from .danish import long_date
from .model import Calendar
from .rules.findings import Finding, Report, Severity

__all__ = ["render_report_json", "render_report_text", "render_tally"]

_TALLY_WORDS: dict[str, dict[str, str | tuple[str, str]]] = {
    "da": {
        "read": "Læst",
        "meeting": ("møde", "møder"),
        "reference": ("henvisning", "henvisninger"),
        "aside": "sat til side",
        "unread": ("ulæst dato", "ulæste datoer"),
    },
    "en": {
        "read": "Read",
        "meeting": ("meeting", "meetings"),
        "reference": ("reference", "references"),
        "aside": "set aside",
        "unread": ("unread date", "unread dates"),
    },
}


def _count(n: int, words: Sequence[str]) -> str:
    return f"{n} {words[0] if n == 1 else words[1]}"


def render_tally(reading: Reading, lang: str = "da") -> str:
    """What each input gave, one line per input: meetings per body and year,
    references, dates set aside and why, and unread dates."""
    words = _TALLY_WORDS[lang]
    reasons = REASON_WORDS[lang]
    lines = []
    for t in reading.tally():
        per = "; ".join(
            f"{reading.calendar.body(body).name} {year}: {n}"
            for (body, year), n in sorted(t.meetings.items(), key=lambda x: (x[0][1], x[0][0]))
        )
        aside = sum(t.set_aside.values())
        why = ", ".join(
            _count(n, reasons.get(reason, (reason, reason)))
            for reason, n in sorted(t.set_aside.items())
        )
        lines.append(
            f"{words['read']} {t.path}: {_count(t.meeting_count, words['meeting'])}"
            + (f" ({per})" if per else "")
            + f", {_count(t.references, words['reference'])}"
            + f", {aside} {words['aside']}"
            + (f" ({why})" if why else "")
            + f", {_count(t.unread, words['unread'])}"
        )
    return "\n".join(lines) + "\n" if lines else ""


_LABELS = {
    "da": {
        Severity.ERROR: "FEJL",
        Severity.WARNING: "ADVARSEL",
        Severity.INFO: "INFO",
        "source": "kilde",
        "fix": "forslag",
        "ok": "Ingen fund: kalenderen overholder reglerne.",
        "summary": ("fejl", "fejl", "advarsel", "advarsler", "til orientering", "til orientering"),
        "general": "Generelt",
    },
    "en": {
        Severity.ERROR: "ERROR",
        Severity.WARNING: "WARNING",
        Severity.INFO: "INFO",
        "source": "source",
        "fix": "fix",
        "ok": "No findings: the calendar passes every rule.",
        "summary": ("error", "errors", "warning", "warnings", "note", "notes"),
        "general": "General",
    },
}


def _heading(calendar: Calendar, f: Finding, lang: str) -> tuple[tuple[dt.date, str, str], str]:
    if f.meetings:
        try:
            m = calendar.meeting(f.meetings[0])
        except KeyError:
            pass
        else:
            return (
                m.date,
                m.body,
                m.id,
            ), f"{calendar.body(m.body).name}, {long_date(m.date, lang)}"
    if f.dates:
        return (f.dates[0], "", ""), long_date(f.dates[0], lang)
    return (dt.date.min, "", ""), str(_LABELS[lang]["general"])


def render_report_text(
    report: Report, calendar: Calendar, lang: str = "da", reading: Reading | None = None
) -> str:
    """What was read, then findings grouped under the meeting they concern, in date
    order, then a summary."""
    words = _LABELS[lang]
    read = f"{render_tally(reading, lang)}\n" if reading is not None and reading.inputs else ""
    if not report.findings:
        return f"{read}{words['ok']}\n"
    groups: dict[tuple[dt.date, str, str], tuple[str, list[Finding]]] = {}
    for f in report:
        key, title = _heading(calendar, f, lang)
        groups.setdefault(key, (title, []))[1].append(f)
    out: list[str] = [read.rstrip("\n") + "\n"] if read else []
    for _key, (title, findings) in sorted(groups.items()):
        out.append(title)
        for f in sorted(findings, key=lambda f: f.severity.rank):
            out.append(f"  {words[f.severity]:<8} {f.code}: {f.message(lang)}")
            if f.sources:
                out.append(f"           {words['source']}: {', '.join(map(str, f.sources))}")
            if f.suggestion is not None:
                out.append(f"           {words['fix']}: {f.suggestion.text(lang)}")
        out.append("")
    out.append(_summary(report, lang))
    return "\n".join(out) + "\n"


def _summary(report: Report, lang: str) -> str:
    names = _LABELS[lang]["summary"]
    assert isinstance(names, tuple)
    counts = report.summary
    return ", ".join(
        f"{counts[key]} {names[2 * i + (counts[key] != 1)]}"
        for i, key in enumerate(("error", "warning", "info"))
    )


def render_report_json(report: Report, lang: str = "en", reading: Reading | None = None) -> str:
    """The report for scripts; ``read`` gives, per input, what was read."""
    record: dict[str, object] = {
        "findings": [f.record(lang) for f in report],
        "summary": report.summary,
    }
    if reading is not None:
        record["read"] = [t.record() for t in reading.tally()]
    return (
        json.dumps(
            record,
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
