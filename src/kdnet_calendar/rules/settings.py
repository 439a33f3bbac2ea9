"""Rule settings: severities and parameters, with the rule book's defaults.

A rules file is TOML in the data file's family::

    [rules.weekend]
    severity = "warning"          # error | warning | info | off

    [rules.missing-preparation]
    min-days = 5
    max-days = 28

    [rules.school-holiday]
    winter-weeks = [8]            # the municipality has winter holiday in week 8
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..days import DayCalendar
from ..exceptions import FieldError, InputError, KdnetCalendarError
from ..model import PreparationWindow
from .findings import Severity

__all__ = ["CODES", "DEFAULT_SEVERITY", "PARAMETERS", "Settings", "load_settings"]

#: Every rule code with its default severity, in the rule book's order.
DEFAULT_SEVERITY: dict[str, Severity] = {
    "stated-weekday-mismatch": Severity.ERROR,
    "source-disagreement": Severity.ERROR,
    "weekend": Severity.ERROR,
    "public-holiday": Severity.ERROR,
    "day-off": Severity.WARNING,
    "school-holiday": Severity.WARNING,
    "usual-weekday": Severity.WARNING,
    "missing-preparation": Severity.ERROR,
    "preparation-lead": Severity.WARNING,
    "constituting-order": Severity.ERROR,
    "constituting-deadline": Severity.ERROR,
    "after-election": Severity.WARNING,
    "overlap": Severity.ERROR,
    "spacing": Severity.WARNING,
    "yearly-count": Severity.WARNING,
    "external-conflict": Severity.WARNING,
    "unread-date": Severity.WARNING,
}
CODES = tuple(DEFAULT_SEVERITY)

#: The parameters each rule takes, with their defaults (kebab-case as in the rules file).
PARAMETERS: dict[str, dict[str, int | tuple[int, ...]]] = {
    "missing-preparation": {"min-days": 5, "max-days": 28},
    "preparation-lead": {"min-days": 7, "max-days": 21},
    "spacing": {"min-days": 28},
    "yearly-count": {"expected": 5},
    "school-holiday": {
        "winter-weeks": (7,),
        "autumn-weeks": (42,),
        "summer-weeks": (27, 28, 29, 30, 31),
        "easter": 1,
    },
    "day-off": {
        "friday-after-ascension": 1,
        "christmas-from": 21,
        "christmas-until": 2,
    },
}


@attrs.frozen
class Settings:
    """Severities (``None`` = rule off) and parameters for one validation."""

    severities: Mapping[str, Severity | None] = attrs.field(factory=lambda: dict(DEFAULT_SEVERITY))
    parameters: Mapping[str, Mapping[str, int | tuple[int, ...]]] = attrs.field(
        factory=lambda: {code: dict(p) for code, p in PARAMETERS.items()}
    )

    def __attrs_post_init__(self) -> None:
        """Refuse what would otherwise be silently ignored or fail deep inside a rule."""
        for code, severity in self.severities.items():
            if code not in DEFAULT_SEVERITY:
                raise KdnetCalendarError(f"unknown rule {code!r}; known: {', '.join(CODES)}")
            if severity is not None and not isinstance(severity, Severity):
                raise KdnetCalendarError(
                    f"severity of {code} is {severity!r}; expected Severity.ERROR, "
                    "Severity.WARNING, Severity.INFO or None (off)"
                )
        for code, values in self.parameters.items():
            known = PARAMETERS.get(code)
            if known is None:
                raise KdnetCalendarError(f"rule {code!r} takes no parameters")
            for name, value in values.items():
                if name not in known:
                    raise KdnetCalendarError(
                        f"{code} has no parameter {name!r}; known: {', '.join(known)}"
                    )
                if not isinstance(value, type(known[name])):
                    raise KdnetCalendarError(
                        f"{code} {name} is {value!r}; expected {type(known[name]).__name__}"
                    )

    def severity(self, code: str) -> Severity | None:
        return self.severities.get(code, DEFAULT_SEVERITY[code])

    def number(self, code: str, name: str) -> int:
        value = self.parameters.get(code, {}).get(name, PARAMETERS[code][name])
        assert isinstance(value, int)
        return value

    def weeks(self, name: str) -> tuple[int, ...]:
        value = self.parameters.get("school-holiday", {}).get(name)
        if value is None:
            value = PARAMETERS["school-holiday"][name]
        assert isinstance(value, tuple)
        return value

    @property
    def window(self) -> PreparationWindow:
        return PreparationWindow(
            self.number("missing-preparation", "min-days"),
            self.number("missing-preparation", "max-days"),
        )

    @property
    def comfortable(self) -> PreparationWindow:
        return PreparationWindow(
            self.number("preparation-lead", "min-days"),
            self.number("preparation-lead", "max-days"),
        )

    @property
    def days(self) -> DayCalendar:
        return DayCalendar(
            winter_weeks=self.weeks("winter-weeks"),
            autumn_weeks=self.weeks("autumn-weeks"),
            summer_weeks=self.weeks("summer-weeks"),
            easter_holiday=bool(self.number("school-holiday", "easter")),
            ascension_friday=bool(self.number("day-off", "friday-after-ascension")),
            christmas_from=self.number("day-off", "christmas-from"),
            christmas_until=self.number("day-off", "christmas-until"),
        )


def load_settings(path: str | os.PathLike[str]) -> Settings:
    """Read a rules file; unknown rules, parameters or severities are errors with a line."""
    from ..datafile import _LineIndex, _syntax_error

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read rules file: {getattr(exc, 'strerror', None) or exc}",
            path=p,
            expected="a readable UTF-8 TOML file",
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc, text, str(p)) from None
    index = _LineIndex(text)
    severities: dict[str, Severity | None] = dict(DEFAULT_SEVERITY)
    parameters = {code: dict(values) for code, values in PARAMETERS.items()}

    def fail(problem: str, line: int | None, expected: str, field: str, value: Any) -> FieldError:
        return FieldError(problem, field=field, value=value, path=p, line=line, expected=expected)

    unknown_top = [k for k in data if k != "rules"]
    if unknown_top:
        name = unknown_top[0]
        stray = index.tables.get(name) or next(
            (t for key, t in index.tables.items() if key.startswith(f"{name}.")), None
        )
        raise fail(
            f"unknown table {name!r}", stray.start if stray else index.root.of(name),
            "only [rules.CODE] tables", unknown_top[0], None,
        )  # fmt: skip
    rules = data.get("rules", {})
    for code, table in rules.items():
        lines = index.tables.get(f"rules.{code}")
        header_line = lines.start if lines else None
        if code not in DEFAULT_SEVERITY:
            raise fail(
                f"unknown rule {code!r}", header_line, "one of " + ", ".join(CODES), code, None
            )
        if not isinstance(table, dict):
            raise fail(f"rules.{code} is not a table", header_line, f"[rules.{code}]", code, table)
        for key, value in table.items():
            line = lines.of(key) if lines else None
            if key == "severity":
                choices = [s.value for s in Severity] + ["off"]
                if value not in choices:
                    raise fail(
                        f"severity {value!r} of {code} is not known", line,
                        " | ".join(choices), key, value,
                    )  # fmt: skip
                severities[code] = None if value == "off" else Severity(value)
                continue
            known = PARAMETERS.get(code, {})
            if key not in known:
                expected = ", ".join(["severity", *known])
                raise fail(f"{code} has no setting {key!r}", line, expected, key, value)
            default = known[key]
            if isinstance(default, tuple):
                if not (isinstance(value, list) and all(_week(v) for v in value)):
                    raise fail(
                        f"{key} of {code} is {value!r}",
                        line,
                        "a list of ISO weeks 1–53",
                        key,
                        value,
                    )
                parameters[code][key] = tuple(value)
            else:
                if not (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
                    raise fail(
                        f"{key} of {code} is {value!r}", line, "a whole number ≥ 0", key, value
                    )
                parameters[code][key] = value
    for code, (lo, hi) in (
        ("missing-preparation", ("min-days", "max-days")),
        ("preparation-lead", ("min-days", "max-days")),
    ):
        low, high = parameters[code][lo], parameters[code][hi]
        assert isinstance(low, int)
        assert isinstance(high, int)
        if low > high:
            lines = index.tables.get(f"rules.{code}")
            raise fail(
                f"{code}: min-days {low} is more than max-days {high}",
                lines.start if lines else None, "min-days ≤ max-days", lo, low,
            )  # fmt: skip
    return Settings(severities=severities, parameters=parameters)


def _week(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 53
