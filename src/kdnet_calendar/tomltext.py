"""TOML text as the library reads it: guarded before parsing, and located after.

``tomllib`` parses, but it recurses once per nested bracket, keeps every prefix of a
dotted key and converts integers of any length, and it does not say where a value sits.
So text is first checked for shapes that would exhaust the stack, memory or time
(:func:`parse` refuses them with a line), and :class:`LineIndex` finds the line of every
table and key by a light scan, for error messages that point at the line to fix. The data
file and the rules file both read through here.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any

import attrs

from . import limits
from .exceptions import InputError, NonexistentDateError, shorten

__all__ = ["LineIndex", "Lines", "parse", "syntax_error"]

# -- where things are in the text --------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=\s*(.*)$")


@attrs.define
class Lines:
    """The lines of one table: its header, and each key (and inline array element)."""

    start: int | None
    keys: dict[str, int] = attrs.Factory(dict)
    elements: dict[str, list[int]] = attrs.Factory(dict)

    def of(self, key: str | None = None, element: int | None = None) -> int | None:
        if key is not None and element is not None:
            lines = self.elements.get(key, [])
            if element < len(lines):
                return lines[element]
        if key is not None and key in self.keys:
            return self.keys[key]
        return self.start


class LineIndex:
    """Line numbers of top-level keys and of each element of each array of tables."""

    def __init__(self, text: str) -> None:
        self.root = Lines(start=None)
        self.arrays: dict[str, list[Lines]] = {}
        self.tables: dict[str, Lines] = {}
        current = self.root
        open_array: str | None = None
        # Split on "\n" only, as TOML counts lines; str.splitlines() also splits on U+2028.
        for number, line in enumerate(text.split("\n"), start=1):
            header = _HEADER.match(line)
            if header:
                open_array = None
                current = Lines(start=number)
                if header.group(1) == "[[":
                    self.arrays.setdefault(header.group(2), []).append(current)
                else:
                    self.tables.setdefault(header.group(2), current)
                continue
            if open_array is not None:
                stripped = line.strip()
                if stripped.startswith("{"):
                    current.elements[open_array].append(number)
                if stripped.startswith("]"):
                    open_array = None
                continue
            key = _KEY.match(line)
            if key:
                name, value = key.group(1), key.group(2).strip()
                current.keys.setdefault(name, number)
                if value.startswith("[") and not _closes(value):
                    open_array = name
                    current.elements[name] = []
                elif value.startswith("["):
                    current.elements[name] = [number] * value.count("{")

    def table(self, array: str, index: int) -> Lines:
        tables = self.arrays.get(array, [])
        return tables[index] if index < len(tables) else Lines(start=None)


def _closes(value: str) -> bool:
    depth = 0
    in_string = False
    for i, ch in enumerate(value):
        if ch == '"' and (i == 0 or value[i - 1] != "\\"):
            in_string = not in_string
        elif not in_string and ch == "#":
            break
        elif not in_string and ch in "[{":
            depth += 1
        elif not in_string and ch in "]}":
            depth -= 1
    return depth <= 0


_TOML_LINE = re.compile(r"at line (\d+)")


def _last_line(text: str) -> int:
    return text.rstrip().count("\n") + 1


# What nests in TOML, and what must be skipped to see it: strings (which may hold any
# bracket) and comments. Values and bare keys between them are not looked at, except runs
# of digits, which tomllib converts to int whatever their length.
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""(?:""?(?!"))?'  # multi-line basic string
    r"|'''(?:[^']|'(?!''))*'''(?:''?(?!'))?"  # multi-line literal string
    r'|"(?:[^"\\\n]|\\.)*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*"  # comment
    r"|[\[\]{}=,.\n]"
    r"|[0-9][0-9_]*",
    re.DOTALL,
)
#: More digits than any 64-bit integer has, and far fewer than int() refuses.
_MAX_DIGITS = 64


def check_shape(text: str, path: str) -> None:
    """Refuse, before tomllib sees it, text that would exhaust the stack, memory or time.

    tomllib recurses once per nested array or inline table, keeps every prefix of a dotted
    key (100,000 dots on one line cost it gigabytes) and converts integers of any length.
    Depth here is the open brackets plus the dots of the keys being read.
    """
    if len(text) > limits.MAX_INPUT_BYTES:
        size = limits.MAX_INPUT_BYTES // 2**20
        raise InputError(
            f"the text is longer than {size} MB and was not read",
            path=path,
            expected="a smaller data file",
            problem_da=f"teksten er større end {size} MB og blev ikke læst",
            expected_da="en mindre datafil",
        )
    brackets: list[str] = []
    dots = [0]
    key = True  # reading a key or a table header, where dots nest
    for token in _TOKEN.finditer(text):
        kind = token.group()
        first = kind[0]
        if first in "[{":
            key = first == "{" or (key and not brackets)
            brackets.append(first)
            dots.append(0)
        elif first in "]}":
            if brackets:
                brackets.pop()
                dots.pop()
            key = False
            continue
        elif first == "=":
            key = False
            continue
        elif first == ",":
            if brackets and brackets[-1] == "{":
                key, dots[-1] = True, 0
            continue
        elif first == ".":
            if not key:
                continue
            dots[-1] += 1
        elif first == "\n":
            if not brackets:
                key, dots = True, [0]
            continue
        elif first.isdigit():
            if len(kind) > _MAX_DIGITS:
                _refuse(
                    text,
                    token.start(),
                    path,
                    f"a number of {len(kind)} digits",
                    f"a whole number of at most {_MAX_DIGITS} digits",
                    what_da=f"et tal med {len(kind)} cifre",
                    expected_da=f"et helt tal med højst {_MAX_DIGITS} cifre",
                )
            continue
        else:
            continue
        if len(brackets) + sum(dots) > limits.MAX_TOML_DEPTH:
            depth = limits.MAX_TOML_DEPTH
            _refuse(
                text,
                token.start(),
                path,
                f"arrays, inline tables or dotted keys nested more than {depth} deep",
                f"at most {depth} levels",
                what_da=f"lister, inline-tabeller eller nøgler med punktum i mere end {depth} "
                "niveauer",
                expected_da=f"højst {depth} niveauer",
            )


def _refuse(
    text: str, position: int, path: str, what: str, expected: str, *, what_da: str, expected_da: str
) -> None:
    raise InputError(
        f"{what} (refused before parsing)",
        path=path,
        line=text.count("\n", 0, position) + 1,
        expected=expected,
        problem_da=f"{what_da} (afvist før læsning)",
        expected_da=expected_da,
    )


_DATE_TOKEN = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def syntax_error(exc: tomllib.TOMLDecodeError, text: str, path: str) -> InputError:
    match = _TOML_LINE.search(str(exc))
    # tomllib says "at end of document" of what is left open: the last line with text.
    line = int(match.group(1)) if match else _last_line(text)
    message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
    # Its messages repeat keys, and a dotted key may be a whole line long.
    message = shorten(message.strip(), 2 * limits.MAX_ECHO)
    if line is not None:
        lines = text.split("\n")
        source_line = lines[line - 1] if line <= len(lines) else ""
        for year, month, day in _DATE_TOKEN.findall(source_line):
            try:
                dt.date(int(year), int(month), int(day))
            except ValueError:
                return NonexistentDateError(f"{year}-{month}-{day}", path=path, line=line)
    return InputError(
        f"not valid TOML: {message}",
        path=path,
        line=line,
        expected="TOML syntax, see docs/data-format.md",
        # tomllib's own words stay English: it has no others.
        problem_da=f"ikke gyldig TOML: {message}",
        expected_da="TOML-syntaks, se docs/data-format.md",
    )


def parse(text: str, path: str) -> dict[str, Any]:
    """``tomllib.loads`` of ``text``, refusing before parsing what would hurt it, and
    every error one :class:`~kdnet_calendar.exceptions.InputError` with its line."""
    check_shape(text, path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise syntax_error(exc, text, path) from None
    except (RecursionError, ValueError) as exc:  # what the shape check should have caught
        raise InputError(
            f"cannot read the file ({shorten(str(exc))})",
            path=path,
            line=_last_line(text),
            expected="TOML syntax, see docs/data-format.md",
            problem_da=f"filen kan ikke læses ({shorten(str(exc))})",
            expected_da="TOML-syntaks, se docs/data-format.md",
        ) from None
