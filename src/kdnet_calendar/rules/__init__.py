"""Validate a calendar against the rule book.

>>> import kdnet_calendar as kc
>>> from kdnet_calendar.rules import validate
>>> report = validate(kc.load_embedded())
>>> report.summary["error"] > 0, sorted(report.codes())[:2]
(True, ['preparation-lead', 'source-disagreement'])
"""

from __future__ import annotations

from collections.abc import Sequence

from ..account import DateRead
from ..exceptions import KdnetCalendarError
from ..model import Calendar, Meeting
from .book import RULES
from .check import Check
from .findings import Finding, Report, Severity, Suggestion, Text
from .settings import (
    CODES,
    DEFAULT_SEVERITY,
    PARAMETERS,
    PREFERENCES,
    Settings,
    dump_settings,
    load_settings,
)

__all__ = [
    "CODES",
    "DEFAULT_SEVERITY",
    "PARAMETERS",
    "PREFERENCES",
    "RULES",
    "Finding",
    "Report",
    "Settings",
    "Severity",
    "Suggestion",
    "Text",
    "dump_settings",
    "load_settings",
    "validate",
]


def validate(
    calendar: Calendar,
    settings: Settings | None = None,
    *,
    external: Sequence[Meeting] = (),
    rules: Sequence[str] | None = None,
    unread: Sequence[DateRead] = (),
) -> Report:
    """Check every rule (or those named) that the settings leave switched on.

    ``unread`` are the dates a reading could not read (:attr:`Reading.unread`): each is an
    ``unread-date`` finding, so that what was not read is never passed as clean.
    """
    settings = settings or Settings()
    if isinstance(rules, str):
        rules = [rules]
    unknown = [code for code in rules or () if code not in RULES]
    if unknown:
        raise KdnetCalendarError(
            f"unknown rule {unknown[0]!r}; known: {', '.join(CODES)}",
            da=f"ukendt regel {unknown[0]!r}; kendte regler: {', '.join(CODES)}",
        )
    check = Check(calendar, settings, external, unread)
    findings: list[Finding] = []
    for code in rules or CODES:
        if settings.severity(code) is None:
            continue
        findings.extend(RULES[code](check))
    return Report(tuple(findings))
