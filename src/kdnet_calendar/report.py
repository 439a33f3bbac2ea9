"""Validation reports for people (grouped text) and for scripts (JSON)."""

from __future__ import annotations

import datetime as dt
import json

from .danish import long_date
from .model import Calendar
from .rules.findings import Finding, Report, Severity

__all__ = ["render_report_json", "render_report_text"]

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


def render_report_text(report: Report, calendar: Calendar, lang: str = "da") -> str:
    """Findings grouped under the meeting they concern, in date order, then a summary."""
    words = _LABELS[lang]
    if not report.findings:
        return f"{words['ok']}\n"
    groups: dict[tuple[dt.date, str, str], tuple[str, list[Finding]]] = {}
    for f in report:
        key, title = _heading(calendar, f, lang)
        groups.setdefault(key, (title, []))[1].append(f)
    out: list[str] = []
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


def render_report_json(report: Report, lang: str = "en") -> str:
    return (
        json.dumps(
            {
                "findings": [f.record(lang) for f in report],
                "summary": report.summary,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
