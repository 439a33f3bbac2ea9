"""What a rule reports: findings with their evidence and, where one exists, a fix."""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

import attrs

from ..model import Source

__all__ = ["Finding", "Report", "Severity", "Suggestion", "Text"]


class Severity(enum.StrEnum):
    """How much a finding matters: errors fail ``validate`` (exit status 1)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@attrs.frozen
class Text:
    """A message in Danish and English; secretaries read Danish, CI logs are often English."""

    da: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


@attrs.frozen
class Suggestion:
    """A concrete change that resolves the finding and breaks no other rule."""

    #: "move" an existing meeting, or "add" a new one.
    action: str
    body: str
    to: dt.date
    text: Text
    meeting: str | None = None
    from_: dt.date | None = None


@attrs.frozen
class Finding:
    """One broken rule, with the meetings, dates, numbers and sources a person needs."""

    code: str
    severity: Severity
    message: Text
    meetings: tuple[str, ...] = ()
    dates: tuple[dt.date, ...] = ()
    sources: tuple[Source, ...] = ()
    #: The figures behind the finding (lead time, required window, count, …).
    numbers: Mapping[str, int] = attrs.field(factory=dict, eq=False)
    suggestion: Suggestion | None = None

    @property
    def source(self) -> Source | None:
        """The first source: the line to look at first."""
        return self.sources[0] if self.sources else None

    def record(self, lang: str = "en") -> dict[str, object]:
        """The JSON shape (docs/cli.md, "The JSON of validate")."""
        s = self.suggestion
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message(lang),
            "meetings": list(self.meetings),
            "dates": [d.isoformat() for d in self.dates],
            "source": str(self.source) if self.source else None,
            "sources": [str(x) for x in self.sources],
            "numbers": dict(self.numbers),
            "suggestion": None
            if s is None
            else {
                "action": s.action,
                "body": s.body,
                "meeting": s.meeting,
                "from": s.from_.isoformat() if s.from_ else None,
                "to": s.to.isoformat(),
                "text": s.text(lang),
            },
        }


def _ordered(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (f.severity.rank, f.dates[:1], f.code, f.meetings)))


@attrs.frozen
class Report:
    """Every finding of one validation, most severe and earliest first."""

    findings: tuple[Finding, ...] = attrs.field(converter=_ordered)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @property
    def summary(self) -> dict[str, int]:
        """Findings per severity, every severity present (``{"error": 2, …}``)."""
        counts = Counter(f.severity for f in self.findings)
        return {s.value: counts.get(s, 0) for s in Severity}

    @property
    def has_errors(self) -> bool:
        """Whether any finding is an error."""
        return any(f.severity is Severity.ERROR for f in self.findings)

    def codes(self) -> Counter[str]:
        """How many findings each rule code has."""
        return Counter(f.code for f in self.findings)

    def of(self, code: str) -> tuple[Finding, ...]:
        """The findings of one rule code."""
        return tuple(f for f in self.findings if f.code == code)

    @classmethod
    def of_findings(cls, findings: Iterable[Finding]) -> Report:
        """A report of any iterable of findings."""
        return cls(tuple(findings))
