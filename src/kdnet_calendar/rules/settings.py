"""Rule settings: severities and parameters, with the rule book's defaults.

A rules file is TOML in the data file's family::

    [rules.weekend]
    severity = "warning"          # error | warning | info | off

    [rules.missing-preparation]
    min-days = 5
    max-days = 28

    [rules.school-holiday]
    winter-weeks = [8]            # the municipality has winter holiday in week 8

    [propose]
    kkr-weeks = [[5, 6], [14, 17], [24, 25], [36, 36], [46, 47]]
    warning-points = 1000

The numbers themselves live in :mod:`kdnet_calendar.policy`; this module reads and
checks them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import attrs

from ..days import DayCalendar
from ..exceptions import FieldError, InputError, KdnetCalendarError, os_problem
from ..model import PreparationWindow
from ..policy import PARAMETERS, PREFERENCES, Number
from ..tomltext import LineIndex, parse
from .findings import Severity

__all__ = [
    "CODES",
    "DEFAULT_SEVERITY",
    "PARAMETERS",
    "PREFERENCES",
    "Settings",
    "dump_settings",
    "load_settings",
]

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


@attrs.frozen
class Settings:
    """Severities (``None`` = rule off) and parameters for one validation."""

    severities: Mapping[str, Severity | None] = attrs.field(factory=lambda: dict(DEFAULT_SEVERITY))
    parameters: Mapping[str, Mapping[str, Number]] = attrs.field(
        factory=lambda: {code: dict(p) for code, p in PARAMETERS.items()}
    )
    #: What a proposal prefers and what departures cost (``[propose]`` in a rules file).
    preferences: Mapping[str, Number] = attrs.field(factory=lambda: dict(PREFERENCES))

    def __attrs_post_init__(self) -> None:
        """Refuse what would otherwise be silently ignored or fail deep inside a rule."""
        for code, severity in self.severities.items():
            if code not in DEFAULT_SEVERITY:
                raise KdnetCalendarError(
                    f"unknown rule {code!r}; known: {', '.join(CODES)}",
                    da=f"ukendt regel {code!r}; kendte regler: {', '.join(CODES)}",
                )
            if severity is not None and not isinstance(severity, Severity):
                raise KdnetCalendarError(
                    f"severity of {code} is {severity!r}; expected Severity.ERROR, "
                    "Severity.WARNING, Severity.INFO or None (off)",
                    da=f"alvorligheden af {code} er {severity!r}; forventet Severity.ERROR, "
                    "Severity.WARNING, Severity.INFO eller None (slået fra)",
                )
        for code, values in self.parameters.items():
            known = PARAMETERS.get(code)
            if known is None:
                raise KdnetCalendarError(
                    f"rule {code!r} takes no parameters",
                    da=f"reglen {code!r} har ingen parametre",
                )
            for name, value in values.items():
                if name not in known:
                    raise KdnetCalendarError(
                        f"{code} has no parameter {name!r}; known: {', '.join(known)}",
                        da=f"{code} har ingen parameter {name!r}; kendte: {', '.join(known)}",
                    )
                if not _same_shape(value, known[name]):
                    raise KdnetCalendarError(
                        f"{code} {name} is {value!r}; expected {_shape(known[name])}",
                        da=f"{code} {name} er {value!r}; forventet {_shape(known[name], 'da')}",
                    )
        for name, value in self.preferences.items():
            if name not in PREFERENCES:
                raise KdnetCalendarError(
                    f"no preference {name!r}; known: {', '.join(PREFERENCES)}",
                    da=f"ingen præference {name!r}; kendte: {', '.join(PREFERENCES)}",
                )
            if not _same_shape(value, PREFERENCES[name]):
                shape = PREFERENCES[name]
                raise KdnetCalendarError(
                    f"preference {name} is {value!r}; expected {_shape(shape)}",
                    da=f"præferencen {name} er {value!r}; forventet {_shape(shape, 'da')}",
                )

    def severity(self, code: str) -> Severity | None:
        return self.severities.get(code, DEFAULT_SEVERITY[code])

    def number(self, code: str, name: str) -> int:
        value = self.parameters.get(code, {}).get(name, PARAMETERS[code][name])
        assert isinstance(value, int)
        return value

    def preference(self, name: str) -> int:
        """A proposal's preference or weight in points (:data:`~kdnet_calendar.policy.PREFERENCES`)."""
        value = self.preferences.get(name, PREFERENCES[name])
        assert isinstance(value, int)
        return value

    def preferred(self, name: str) -> tuple[int, ...]:
        """A list-valued preference, such as the feeder leads."""
        value = self.preferences.get(name, PREFERENCES[name])
        assert isinstance(value, tuple)
        return tuple(v for v in value if isinstance(v, int))

    def week_ranges(self, name: str) -> tuple[tuple[int, int], ...]:
        """A list of ISO week ranges, such as KKR's usual weeks."""
        value = self.preferences.get(name, PREFERENCES[name])
        assert isinstance(value, tuple)
        return tuple((v[0], v[1]) for v in value if isinstance(v, tuple))

    def weeks(self, name: str) -> tuple[int, ...]:
        value = self.parameters.get("school-holiday", {}).get(name)
        if value is None:
            value = PARAMETERS["school-holiday"][name]
        assert isinstance(value, tuple)
        return tuple(v for v in value if isinstance(v, int))

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
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        if isinstance(exc, OSError):
            why, why_da = os_problem(exc), os_problem(exc, "da")
        else:
            why, why_da = str(exc), f"ikke UTF-8-tekst (byte {exc.start + 1})"
        raise InputError(
            f"cannot read rules file: {why}",
            path=p,
            expected="a readable UTF-8 TOML file",
            problem_da=f"regelfilen kan ikke læses: {why_da}",
            expected_da="en TOML-fil i UTF-8, der kan læses",
        ) from None
    data = parse(text, str(p))
    index = LineIndex(text)
    severities: dict[str, Severity | None] = dict(DEFAULT_SEVERITY)
    parameters = {code: dict(values) for code, values in PARAMETERS.items()}

    def fail(
        problem: str,
        line: int | None,
        expected: str,
        field: str,
        value: Any,
        *,
        problem_da: str,
        expected_da: str,
    ) -> FieldError:
        return FieldError(
            problem,
            field=field,
            value=value,
            path=p,
            line=line,
            expected=expected,
            problem_da=problem_da,
            expected_da=expected_da,
        )

    unknown_top = [k for k in data if k not in ("rules", "propose")]
    if unknown_top:
        name = unknown_top[0]
        stray = index.tables.get(name) or next(
            (t for key, t in index.tables.items() if key.startswith(f"{name}.")), None
        )
        raise fail(
            f"unknown table {name!r}", stray.start if stray else index.root.of(name),
            "only [rules.CODE] and [propose] tables", unknown_top[0], None,
            problem_da=f"ukendt tabel {name!r}",
            expected_da="kun tabellerne [rules.KODE] og [propose]",
        )  # fmt: skip
    rules = data.get("rules", {})
    for code, table in rules.items():
        lines = index.tables.get(f"rules.{code}")
        header_line = lines.start if lines else None
        if code not in DEFAULT_SEVERITY:
            raise fail(
                f"unknown rule {code!r}", header_line, "one of " + ", ".join(CODES), code, None,
                problem_da=f"ukendt regel {code!r}", expected_da="en af " + ", ".join(CODES),
            )  # fmt: skip
        if not isinstance(table, dict):
            raise fail(
                f"rules.{code} is not a table", header_line, f"[rules.{code}]", code, table,
                problem_da=f"rules.{code} er ikke en tabel", expected_da=f"[rules.{code}]",
            )  # fmt: skip
        for key, value in table.items():
            line = lines.of(key) if lines else None
            if key == "severity":
                choices = [s.value for s in Severity] + ["off"]
                if value not in choices:
                    raise fail(
                        f"severity {value!r} of {code} is not known", line,
                        " | ".join(choices), key, value,
                        problem_da=f"alvorligheden {value!r} for {code} er ukendt",
                        expected_da=" | ".join(choices),
                    )  # fmt: skip
                severities[code] = None if value == "off" else Severity(value)
                continue
            known = PARAMETERS.get(code, {})
            if key not in known:
                expected = ", ".join(["severity", *known])
                raise fail(
                    f"{code} has no setting {key!r}", line, expected, key, value,
                    problem_da=f"{code} har ingen indstilling {key!r}", expected_da=expected,
                )  # fmt: skip
            default = known[key]
            if isinstance(default, tuple):
                if not (isinstance(value, list) and all(_week(v) for v in value)):
                    raise fail(
                        f"{key} of {code} is {value!r}",
                        line,
                        "a list of ISO weeks 1–53",
                        key,
                        value,
                        problem_da=f"{key} for {code} er {value!r}",
                        expected_da="en liste af ISO-uger 1–53",
                    )
                parameters[code][key] = tuple(value)
            else:
                if not (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
                    raise fail(
                        f"{key} of {code} is {value!r}", line, "a whole number ≥ 0", key, value,
                        problem_da=f"{key} for {code} er {value!r}", expected_da="et helt tal ≥ 0",
                    )  # fmt: skip
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
                problem_da=f"{code}: min-days {low} er større end max-days {high}",
                expected_da="min-days ≤ max-days",
            )  # fmt: skip
    preferences = dict(PREFERENCES)
    table = data.get("propose", {})
    lines = index.tables.get("propose")
    if not isinstance(table, dict):
        raise fail(
            "propose is not a table", index.root.of("propose"), "[propose]", "propose", table,
            problem_da="propose er ikke en tabel", expected_da="[propose]",
        )  # fmt: skip
    for key, value in table.items():
        line = lines.of(key) if lines else None
        if key not in PREFERENCES:
            raise fail(
                f"propose has no setting {key!r}", line, ", ".join(PREFERENCES), key, value,
                problem_da=f"propose har ingen indstilling {key!r}",
                expected_da=", ".join(PREFERENCES),
            )  # fmt: skip
        converted = _from_toml(value)
        if not _same_shape(converted, PREFERENCES[key]) or not _sensible(converted):
            raise fail(
                f"{key} of propose is {value!r}", line, _shape(PREFERENCES[key]), key, value,
                problem_da=f"{key} for propose er {value!r}",
                expected_da=_shape(PREFERENCES[key], "da"),
            )  # fmt: skip
        preferences[key] = cast(Number, converted)
    return Settings(severities=severities, parameters=parameters, preferences=preferences)


def dump_settings(settings: Settings) -> str:
    """The settings as a rules file that :func:`load_settings` reads back unchanged.

    Written by hand rather than by a TOML writer: the file holds only integers, lists and
    severity names, and a hand-written one keeps the rule book's order and comments.
    """
    lines = ["# Rule settings for kdnet-calendar (docs/rules.md, docs/propose.md)."]
    for code in CODES:
        severity = settings.severity(code)
        lines += ["", f"[rules.{code}]", f'severity = "{severity.value if severity else "off"}"']
        for name in PARAMETERS.get(code, {}):
            value = settings.parameters.get(code, {}).get(name, PARAMETERS[code][name])
            lines.append(f"{name} = {_toml(value)}")
    lines += ["", "[propose]"]
    for name, default in PREFERENCES.items():
        lines.append(f"{name} = {_toml(settings.preferences.get(name, default))}")
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def _from_toml(value: object) -> object:
    """TOML arrays as the tuples the settings hold."""
    if isinstance(value, list):
        return tuple(_from_toml(v) for v in value)
    return value


def _sensible(value: object) -> bool:
    """Whole numbers ≥ 0; week ranges of ISO weeks 1–53, low to high."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value >= 0
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return all(
            len(r) == 2 and all(_week(w) for w in r) and r[0] <= r[1]
            for r in value
            if isinstance(r, tuple)
        )
    return isinstance(value, tuple) and all(_sensible(v) for v in value)


def _same_shape(value: object, default: object) -> bool:
    """Whether ``value`` has the type of ``default``: an int, a tuple of ints or of pairs."""
    if isinstance(default, tuple):
        if not isinstance(value, tuple):
            return False
        inner = default[0] if default else 0
        return all(_same_shape(v, inner) for v in value)
    return isinstance(value, int) and not isinstance(value, bool)


def _shape(default: object, lang: str = "en") -> str:
    da = lang == "da"
    if isinstance(default, tuple):
        if default and isinstance(default[0], tuple):
            if da:
                return "en liste af intervaller af ISO-uger [første, sidste]"
            return "a list of ISO week ranges [first, last]"
        return "en liste af hele tal" if da else "a list of whole numbers"
    return "et helt tal ≥ 0" if da else "a whole number ≥ 0"


def _week(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 53
