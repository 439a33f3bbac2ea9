"""The canonical data file: TOML that a secretariat keeps in version control.

Reading is strict (an unknown field is a typo, not something to ignore) and every error
names the file and line. Writing produces the canonical layout: one ``[[meetings]]`` table
per meeting, defaults left out, statements as one inline table a line, so a moved meeting
is a one-line diff. ``dumps(loads(text)) == text`` for any file in canonical layout, and
``loads(dumps(calendar)) == calendar`` for any calendar (both are property-tested).

``tomllib`` parses, guarded and located by :mod:`kdnet_calendar.tomltext` (which finds
the line of each table and key, shared with the rules file's reader). The writer is hand-written
because ``tomli_w`` cannot be told to keep statements inline and leave defaults out, and
that layout is what keeps diffs small.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import attrs

from . import limits
from .exceptions import (
    DuplicateIdError,
    FieldError,
    InputError,
    TimeOrderError,
    UnknownReferenceError,
    UnsupportedDateError,
    shorten,
)
from .inputs import write_atomic
from .model import (
    TIMEZONE,
    WEEKDAYS,
    Body,
    BodyKind,
    Calendar,
    Context,
    Document,
    Meeting,
    MeetingKind,
    Membership,
    Person,
    Role,
    Source,
    Statement,
    Status,
)
from .tomltext import LineIndex, Lines, parse

__all__ = [
    "FORMAT_VERSION",
    "dump",
    "dumps",
    "embedded_path",
    "load",
    "load_bytes",
    "load_embedded",
    "load_many",
    "loads",
    "merge",
    "write_atomic",
]

FORMAT_VERSION = 1
_EMBEDDED = "midtjylland.toml"

# -- reading one table strictly -----------------------------------------------------

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")


class _Fields:
    """Typed, strict access to one TOML table, with the line of each field for errors."""

    def __init__(
        self,
        table: Mapping[str, Any],
        what: str,
        lines: Lines,
        path: str,
        allowed: Iterable[str],
        element_of: tuple[str, int] | None = None,
        *,
        what_da: str,
    ) -> None:
        self.table = table
        self.what = what
        self.what_da = what_da
        self.lines = lines
        self.path = path
        self.element_of = element_of
        for key in table:
            if key not in allowed:
                raise FieldError(
                    f"{what}: unknown field {key!r}",
                    field=key,
                    value=table[key],
                    path=path,
                    line=self.line(key),
                    expected="one of " + ", ".join(allowed),
                    problem_da=f"{what_da}: ukendt felt {key!r}",
                    expected_da="et af felterne " + ", ".join(allowed),
                )

    def line(self, key: str | None = None) -> int | None:
        if self.element_of is not None:
            array, index = self.element_of
            return self.lines.of(array, index)
        return self.lines.of(key)

    def error(
        self, key: str, problem: str, expected: str, *, problem_da: str, expected_da: str
    ) -> FieldError:
        return FieldError(
            f"{self.what}: {problem}",
            field=key,
            value=self.table.get(key),
            path=self.path,
            line=self.line(key),
            expected=expected,
            problem_da=f"{self.what_da}: {problem_da}",
            expected_da=expected_da,
        )

    def _get(
        self,
        key: str,
        kind: type | tuple[type, ...],
        expected: str,
        expected_da: str,
        required: bool,
    ) -> Any:
        if key not in self.table:
            if required:
                raise self.error(
                    key,
                    f"missing field {key!r}",
                    expected,
                    problem_da=f"feltet {key!r} mangler",
                    expected_da=expected_da,
                )
            return None
        value = self.table[key]
        # bool is an int and datetime is a date in Python; TOML keeps them apart, so do we.
        if not isinstance(value, kind) or (
            (kind is int and isinstance(value, bool))
            or (kind is dt.date and isinstance(value, dt.datetime))
        ):
            raise self.error(
                key,
                f"field {key!r} is {_describe(value)}",
                expected,
                problem_da=f"feltet {key!r} er {_describe(value, 'da')}",
                expected_da=expected_da,
            )
        return value

    def text(self, key: str, *, required: bool = False) -> str:
        value = self._get(key, str, "a string in quotes", "en tekst i anførselstegn", required)
        if required and not value.strip():
            raise self.error(
                key,
                f"field {key!r} is empty",
                "a non-empty string",
                problem_da=f"feltet {key!r} er tomt",
                expected_da="en tekst, der ikke er tom",
            )
        return value or ""

    def integer(self, key: str, maximum: int | None = None) -> int | None:
        value: int | None = self._get(key, int, "a whole number", "et helt tal", False)
        if value is not None and maximum is not None and value > maximum:
            raise self.error(
                key,
                f"{key} {value} is too large",
                f"at most {maximum}",
                problem_da=f"{key} {value} er for stort",
                expected_da=f"højst {maximum}",
            )
        return value

    def flag(self, key: str) -> bool:
        return bool(self._get(key, bool, "true or false", "true eller false", False))

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        value: dt.date | None = self._get(
            key, dt.date, "a date such as 2025-02-07", "en dato som 2025-02-07", required
        )
        if value is not None and not limits.supported(value):
            raise UnsupportedDateError(
                value,
                what=f"{self.what}: {key}",
                what_da=f"{self.what_da}: {key}",
                path=self.path,
                line=self.line(key),
            )
        return value

    def time(self, key: str) -> dt.time | None:
        value: dt.time | None = self._get(
            key, dt.time, "a time such as 10:00:00", "et klokkeslæt som 10:00:00", False
        )
        return value

    def datetime(self, key: str) -> dt.datetime | None:
        value: dt.datetime | None = self._get(
            key,
            dt.datetime,
            "a date and time such as 2025-02-07T12:00:00Z",
            "en dato og et klokkeslæt som 2025-02-07T12:00:00Z",
            False,
        )
        if value is not None and value.tzinfo is None:
            raise self.error(
                key,
                "the time has no offset",
                "UTC, written with a trailing Z",
                problem_da="klokkeslættet har ingen tidszone",
                expected_da="UTC, skrevet med et Z til sidst",
            )
        return value

    def choice(self, key: str, enum_type: type[E], default: E) -> E:
        value = self._get(key, str, "a string", "en tekst", False)
        if value is None:
            return default
        try:
            return enum_type(value)
        except ValueError:
            choices = ", ".join(str(e.value) for e in enum_type)
            raise self.error(
                key,
                f"{key} {value!r} is not known",
                "one of " + choices,
                problem_da=f"{key} {value!r} er ukendt",
                expected_da="en af " + choices,
            ) from None

    def strings(self, key: str) -> tuple[str, ...]:
        value = self._get(key, list, "a list of strings", "en liste af tekster", False)
        if value is None:
            return ()
        if not all(isinstance(v, str) for v in value):
            raise self.error(
                key,
                f"field {key!r} holds something other than strings",
                "strings",
                problem_da=f"feltet {key!r} indeholder andet end tekster",
                expected_da="tekster",
            )
        return tuple(value)

    def tables(self, key: str) -> list[Mapping[str, Any]]:
        value = self._get(
            key,
            list,
            "a list of inline tables { … }",
            "en liste af inline-tabeller { … }",
            False,
        )
        if value is None:
            return []
        for item in value:
            if not isinstance(item, dict):
                raise self.error(
                    key,
                    f"{key} holds {_describe(item)}",
                    "inline tables { … }",
                    problem_da=f"{key} indeholder {_describe(item, 'da')}",
                    expected_da="inline-tabeller { … }",
                )
        return list(value)

    def source(self, key: str = "source") -> Source | None:
        text = self.text(key)
        return Source.parse(text) if text else None


_TYPE_NAMES: dict[str, dict[type, str]] = {
    "en": {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
        dt.datetime: "a date and time",
        dt.date: "a date",
        dt.time: "a time",
    },
    "da": {
        bool: "true/false",
        int: "et tal",
        float: "et tal",
        str: "en tekst",
        list: "en liste",
        dict: "en tabel",
        dt.datetime: "en dato og et klokkeslæt",
        dt.date: "en dato",
        dt.time: "et klokkeslæt",
    },
}


def _describe(value: object, lang: str = "en") -> str:
    names = _TYPE_NAMES[lang]
    return f"{names.get(type(value), type(value).__name__)} ({shorten(repr(value))})"


# -- the schema ------------------------------------------------------------------

_ROOT_FIELDS = (
    "format", "name", "description", "organisation", "domain", "timezone", "modified",
    "documents", "bodies", "people", "meetings",
)  # fmt: skip
_DOCUMENT_FIELDS = ("id", "title", "file", "date")
_BODY_FIELDS = (
    "id", "name", "full-name", "kind", "region", "weekdays", "start", "end", "location",
    "meetings-per-year", "prepares", "note", "source",
)  # fmt: skip
_PERSON_FIELDS = ("id", "name", "municipality", "organisation", "title", "memberships")
_MEMBERSHIP_FIELDS = ("body", "role", "since", "until", "note", "source")
_MEETING_FIELDS = (
    "id", "body", "date", "start", "end", "end-date", "kind", "status", "title", "location",
    "virtual", "url", "note", "participants", "sequence", "statements",
)  # fmt: skip
_STATEMENT_FIELDS = ("source", "date", "start", "end", "weekday", "context", "text")
#: A feed's SEQUENCE is an RFC 5545 INTEGER, a signed 32-bit number.
_MAX_SEQUENCE = 2**31 - 1


def loads(
    text: str, path: str | os.PathLike[str] = "<string>", *, known_bodies: Iterable[str] = ()
) -> Calendar:
    """Read a calendar from data-file text; ``path`` is only used in error messages.

    ``known_bodies`` are body ids defined elsewhere that meetings may name (a file of the
    dates KL has decided need not define KKR again); any other body must be in the file.
    """
    name = str(path)
    data = parse(text, name)
    index = LineIndex(text)
    return _Reader(data, index, name, tuple(known_bodies)).calendar()


def load(path: str | os.PathLike[str], *, known_bodies: Iterable[str] = ()) -> Calendar:
    """Read a data file (see :func:`loads` for ``known_bodies``)."""
    from .inputs import read_input_bytes

    p = Path(path)
    data = read_input_bytes(p, "an existing data file", "en datafil, der findes")
    return load_bytes(data, p, known_bodies=known_bodies)


def load_bytes(
    data: bytes, path: str | os.PathLike[str], *, known_bodies: Iterable[str] = ()
) -> Calendar:
    """A data file's bytes, as :func:`load` reads them (the server reads the bytes once,
    to know whether they changed); ``path`` is only used in error messages."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            "the file is not UTF-8 text",
            path=path,
            line=line,
            expected="UTF-8",
            problem_da="filen er ikke UTF-8-tekst",
            expected_da="UTF-8",
        ) from None
    # Universal newlines, as reading the file as text gives.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return loads(text, path, known_bodies=known_bodies)


def embedded_path() -> Path:
    """The embedded Midtjylland data set (2022–2026, from the agendas)."""
    return Path(str(resources.files(__package__).joinpath("data", _EMBEDDED)))


#: How the embedded file is named in messages: where it is installed is nobody's business.
EMBEDDED_NAME = "embedded:midtjylland.toml"


def load_embedded() -> Calendar:
    """The embedded Midtjylland data set: KKR, KD-Net and the groups KD-Net appoints."""
    return loads(embedded_path().read_text(encoding="utf-8"), EMBEDDED_NAME)


def load_many(paths: Sequence[str | os.PathLike[str]]) -> Calendar:
    """Read several data files as one calendar; ids must be unique across them."""
    if not paths:
        return load_embedded()
    return merge([load(p) for p in paths], names=[str(p) for p in paths])


_KINDS = (
    ("body", "bodies"),
    ("meeting", "meetings"),
    ("person", "people"),
    ("document", "documents"),
)


def merge(calendars: Sequence[Calendar], names: Sequence[str] | None = None) -> Calendar:
    """Combine calendars: the first one's settings, everyone's records, no repeated id.

    A record defined identically in two calendars (the same body in two regions' files)
    is kept once; two different records under one id are an error naming both places.
    """
    if len(calendars) == 1:
        return calendars[0]
    first = calendars[0]
    records: dict[str, dict[str, Any]] = {plural: {} for _, plural in _KINDS}
    where: dict[tuple[str, str], str] = {}
    for i, cal in enumerate(calendars):
        name = names[i] if names else f"input #{i + 1}"
        for kind, plural in _KINDS:
            seen = records[plural]
            for item in getattr(cal, plural):
                origin: Source | None = getattr(item, "origin", None)
                if item.id in seen:
                    if seen[item.id] == item:
                        continue
                    raise DuplicateIdError(
                        kind,
                        item.id,
                        path=origin.document if origin else name,
                        line=origin.line if origin else None,
                        first_place=where[(plural, item.id)],
                    )
                seen[item.id] = item
                where[(plural, item.id)] = str(origin) if origin else name
    modified = [c.modified for c in calendars if c.modified is not None]
    return attrs.evolve(
        first,
        bodies=tuple(records["bodies"].values()),
        meetings=tuple(records["meetings"].values()),
        people=tuple(records["people"].values()),
        documents=tuple(records["documents"].values()),
        modified=max(modified) if modified else None,
    )


class _Reader:
    def __init__(
        self, data: dict[str, Any], index: LineIndex, path: str, known: tuple[str, ...] = ()
    ) -> None:
        self.data = data
        self.index = index
        self.path = path
        self.known = known

    def fields(
        self, table: Any, what: str, what_da: str, array: str, i: int, allowed: Iterable[str]
    ) -> _Fields:
        lines = self.index.table(array, i)
        if not isinstance(table, dict):
            raise InputError(
                f"{what} is {_describe(table)}",
                path=self.path,
                line=lines.start,
                expected=f"a [[{array}]] table",
                problem_da=f"{what_da} er {_describe(table, 'da')}",
                expected_da=f"en [[{array}]]-tabel",
            )
        return _Fields(table, what, lines, self.path, allowed, what_da=what_da)

    def calendar(self) -> Calendar:
        root = _Fields(
            self.data, "the file", self.index.root, self.path, _ROOT_FIELDS, what_da="filen"
        )
        version = root.integer("format")
        if version is not None and version != FORMAT_VERSION:
            raise root.error(
                "format",
                f"format {version} is not supported",
                f"format = {FORMAT_VERSION}",
                problem_da=f"format {version} understøttes ikke",
                expected_da=f"format = {FORMAT_VERSION}",
            )
        documents = self.records("documents", "document", self.document)
        bodies = self.records("bodies", "body", self.body)
        body_ids = tuple(b.id for b in bodies) + tuple(
            k for k in self.known if k not in {b.id for b in bodies}
        )
        for i, body in enumerate(bodies):
            if body.prepares is not None and body.prepares not in body_ids:
                self.unknown("body", body.prepares, body_ids, "prepares", "bodies", i)
        document_ids = tuple(d.id for d in documents)
        people = self.records("people", "person", lambda t, i: self.person(t, i, body_ids))
        meetings = self.records(
            "meetings", "meeting", lambda t, i: self.meeting(t, i, body_ids, document_ids)
        )
        return Calendar(
            bodies=tuple(bodies),
            meetings=tuple(meetings),
            people=tuple(people),
            documents=tuple(documents),
            name=root.text("name"),
            description=root.text("description"),
            organisation=root.text("organisation"),
            domain=root.text("domain"),
            timezone=self.timezone(root),
            modified=root.datetime("modified"),
        )

    def timezone(self, root: _Fields) -> str:
        """Meetings of Danish bodies are in Danish time; the feeds' VTIMEZONE says so."""
        zone = root.text("timezone") or TIMEZONE
        if zone != TIMEZONE:
            raise root.error(
                "timezone",
                f"timezone {zone!r} is not supported",
                repr(TIMEZONE),
                problem_da=f"tidszonen {zone!r} understøttes ikke",
                expected_da=repr(TIMEZONE),
            )
        return zone

    def records(self, array: str, what: str, build: Callable[[dict[str, Any], int], T]) -> list[T]:
        raw = self.data.get(array, [])
        if not isinstance(raw, list):
            raise InputError(
                f"{array!r} is {_describe(raw)}",
                path=self.path,
                line=self.index.root.of(array),
                expected=f"[[{array}]] tables",
                problem_da=f"{array!r} er {_describe(raw, 'da')}",
                expected_da=f"[[{array}]]-tabeller",
            )
        out: list[T] = []
        first_line: dict[str, int | None] = {}
        for i, table in enumerate(raw):
            record = build(table, i)
            ident: str = getattr(record, "id")  # noqa: B009 - every record type has one
            line = self.index.table(array, i).start
            if ident in first_line:
                raise DuplicateIdError(
                    what, ident, first_line=first_line[ident], path=self.path, line=line
                )
            first_line[ident] = line
            out.append(record)
        return out

    def unknown(
        self,
        kind: str,
        ref: str,
        known: tuple[str, ...],
        key: str,
        array: str,
        i: int,
        element: tuple[str, int] | None = None,
    ) -> None:
        lines = self.index.table(array, i)
        line = lines.of(*element) if element else lines.of(key)
        raise UnknownReferenceError(kind, ref, known=known, field=key, path=self.path, line=line)

    def document(self, table: Any, i: int) -> Document:
        f = self.fields(
            table, f"document #{i + 1}", f"dokument nr. {i + 1}", "documents", i, _DOCUMENT_FIELDS
        )
        return Document(
            id=f.text("id", required=True),
            title=f.text("title"),
            file=f.text("file"),
            date=f.date("date"),
        )

    def body(self, table: Any, i: int) -> Body:
        f = self.fields(table, f"body #{i + 1}", f"organ nr. {i + 1}", "bodies", i, _BODY_FIELDS)
        ident = f.text("id", required=True)
        f.what, f.what_da = f"body {ident!r}", f"organet {ident!r}"
        weekdays = []
        for name in f.strings("weekdays"):
            if name not in WEEKDAYS:
                raise f.error(
                    "weekdays",
                    f"{name!r} is not a weekday",
                    ", ".join(WEEKDAYS),
                    problem_da=f"{name!r} er ikke en ugedag",
                    expected_da=", ".join(WEEKDAYS),
                )
            weekdays.append(WEEKDAYS.index(name))
        start, end = f.time("start"), f.time("end")
        if start and end and end <= start:
            raise TimeOrderError(
                ident, _hhmm(start), _hhmm(end), path=self.path, line=f.line("end")
            )
        per_year = f.integer("meetings-per-year")
        make = functools.partial(
            Body,
            id=ident,
            name=f.text("name", required=True),
            kind=f.choice("kind", BodyKind, BodyKind.ADMINISTRATIVE),
            full_name=f.text("full-name"),
            region=f.text("region"),
            weekdays=tuple(weekdays),
            start=start,
            end=end,
            location=f.text("location"),
            meetings_per_year=per_year,
            prepares=f.text("prepares") or None,
            note=f.text("note"),
            source=f.source(),
        )
        try:
            return make()
        except FieldError as e:
            # The model's own check of a value (one home for it), at the field's line here:
            # the body's source names the document it came from, not this file.
            raise FieldError(
                e.problem, field=e.field, value=e.value, path=self.path, line=f.line(e.field),
                expected=e.expected, problem_da=e.problem_da, expected_da=e.expected_da,
            ) from e  # fmt: skip

    def person(self, table: Any, i: int, body_ids: tuple[str, ...]) -> Person:
        f = self.fields(
            table, f"person #{i + 1}", f"person nr. {i + 1}", "people", i, _PERSON_FIELDS
        )
        ident = f.text("id", required=True)
        memberships = []
        for j, item in enumerate(f.tables("memberships")):
            mf = _Fields(
                item, f"person {ident!r}, membership #{j + 1}", f.lines, self.path,
                _MEMBERSHIP_FIELDS, element_of=("memberships", j),
                what_da=f"personen {ident!r}, medlemskab nr. {j + 1}",
            )  # fmt: skip
            body = mf.text("body", required=True)
            if body not in body_ids:
                self.unknown("body", body, body_ids, "body", "people", i, ("memberships", j))
            since, until = mf.date("since"), mf.date("until")
            if since and until and until < since:
                raise mf.error(
                    "until",
                    f"until {until} is before since {since}",
                    "until ≥ since",
                    problem_da=f"until {until} ligger før since {since}",
                    expected_da="until ≥ since",
                )
            memberships.append(
                Membership(
                    body=body,
                    role=mf.choice("role", Role, Role.MEMBER),
                    since=since,
                    until=until,
                    note=mf.text("note"),
                    source=mf.source(),
                )
            )
        return Person(
            id=ident,
            name=f.text("name", required=True),
            municipality=f.text("municipality"),
            organisation=f.text("organisation"),
            title=f.text("title"),
            memberships=tuple(memberships),
        )

    def meeting(
        self, table: Any, i: int, body_ids: tuple[str, ...], document_ids: tuple[str, ...]
    ) -> Meeting:
        f = self.fields(
            table, f"meeting #{i + 1}", f"møde nr. {i + 1}", "meetings", i, _MEETING_FIELDS
        )
        ident = f.text("id", required=True)
        f.what, f.what_da = f"meeting {ident!r}", f"mødet {ident!r}"
        body = f.text("body", required=True)
        if body not in body_ids:
            self.unknown("body", body, body_ids, "body", "meetings", i)
        participants = f.strings("participants")
        for other in participants:
            if other not in body_ids:
                self.unknown("body", other, body_ids, "participants", "meetings", i)
        day = f.date("date", required=True)
        assert day is not None
        start, end, end_date = f.time("start"), f.time("end"), f.date("end-date")
        if end is not None and start is None:
            raise f.error(
                "end",
                "an end time without a start time",
                "a start time as well",
                problem_da="en sluttid uden en starttid",
                expected_da="også en starttid",
            )
        if end_date is not None and end_date < day:
            raise f.error(
                "end-date",
                f"end-date {end_date} is before date {day}",
                "end-date ≥ date",
                problem_da=f"end-date {end_date} ligger før date {day}",
                expected_da="end-date ≥ date",
            )
        if start and end and end <= start and (end_date is None or end_date == day):
            raise TimeOrderError(
                ident, _hhmm(start), _hhmm(end), path=self.path, line=f.line("end")
            )
        sequence = f.integer("sequence", _MAX_SEQUENCE) or 0
        if sequence < 0:
            raise f.error(
                "sequence",
                "sequence is negative",
                "0 or more",
                problem_da="sequence er negativ",
                expected_da="0 eller mere",
            )
        statements = tuple(
            self.statement(item, ident, f.lines, j, document_ids)
            for j, item in enumerate(f.tables("statements"))
        )
        return Meeting(
            id=ident,
            body=body,
            date=day,
            start=start,
            end=end,
            end_date=end_date,
            kind=f.choice("kind", MeetingKind, MeetingKind.ORDINARY),
            status=f.choice("status", Status, Status.CONFIRMED),
            title=f.text("title"),
            location=f.text("location"),
            virtual=f.flag("virtual"),
            url=f.text("url"),
            note=f.text("note"),
            participants=participants,
            sequence=sequence,
            statements=statements,
            origin=Source(self.path, f.lines.start),
        )

    def statement(
        self,
        item: Mapping[str, Any],
        meeting: str,
        lines: Lines,
        j: int,
        document_ids: tuple[str, ...],
    ) -> Statement:
        f = _Fields(
            item, f"meeting {meeting!r}, statement #{j + 1}", lines, self.path,
            _STATEMENT_FIELDS, element_of=("statements", j),
            what_da=f"mødet {meeting!r}, udsagn nr. {j + 1}",
        )  # fmt: skip
        source = Source.parse(f.text("source", required=True))
        if document_ids and source.document not in document_ids:
            raise UnknownReferenceError(
                "document", source.document, known=document_ids, field="source",
                path=self.path, line=f.line(),
            )  # fmt: skip
        weekday = f.text("weekday")
        if weekday and weekday not in WEEKDAYS:
            raise f.error(
                "weekday",
                f"{weekday!r} is not a weekday",
                ", ".join(WEEKDAYS),
                problem_da=f"{weekday!r} er ikke en ugedag",
                expected_da=", ".join(WEEKDAYS),
            )
        day = f.date("date", required=True)
        assert day is not None
        return Statement(
            source=source,
            date=day,
            start=f.time("start"),
            end=f.time("end"),
            weekday=WEEKDAYS.index(weekday) if weekday else None,
            text=f.text("text"),
            context=f.choice("context", Context, Context.LIST),
        )


# -- writing -------------------------------------------------------------------------

_HEADER_COMMENT = (
    "# kdnet-calendar data file, format 1. The format is described in docs/data-format.md.\n"
)


def dumps(calendar: Calendar) -> str:
    """The calendar in canonical data-file layout."""
    out: list[str] = [_HEADER_COMMENT, f"format = {FORMAT_VERSION}\n"]
    _put(out, "name", calendar.name, "")
    _put(out, "description", calendar.description, "")
    _put(out, "organisation", calendar.organisation, "")
    _put(out, "domain", calendar.domain, "")
    _put(out, "timezone", calendar.timezone, TIMEZONE)
    _put(out, "modified", calendar.modified, None)
    for d in calendar.documents:
        out.append("\n[[documents]]\n")
        _put(out, "id", d.id, None)
        _put(out, "title", d.title, "")
        _put(out, "file", d.file, "")
        _put(out, "date", d.date, None)
    for b in calendar.bodies:
        out.append("\n[[bodies]]\n")
        _put(out, "id", b.id, None)
        _put(out, "name", b.name, None)
        _put(out, "full-name", b.full_name, "")
        _put(out, "kind", b.kind, None)
        _put(out, "region", b.region, "")
        _put(out, "weekdays", [WEEKDAYS[d] for d in b.weekdays], [])
        _put(out, "start", b.start, None)
        _put(out, "end", b.end, None)
        _put(out, "location", b.location, "")
        _put(out, "meetings-per-year", b.meetings_per_year, None)
        _put(out, "prepares", b.prepares, None)
        _put(out, "note", b.note, "")
        _put(out, "source", str(b.source) if b.source else None, None)
    for p in calendar.people:
        out.append("\n[[people]]\n")
        _put(out, "id", p.id, None)
        _put(out, "name", p.name, None)
        _put(out, "municipality", p.municipality, "")
        _put(out, "organisation", p.organisation, "")
        _put(out, "title", p.title, "")
        _put_inline_tables(out, "memberships", [_membership(m) for m in p.memberships])
    for m in calendar.meetings:
        out.append("\n[[meetings]]\n")
        _put(out, "id", m.id, None)
        _put(out, "body", m.body, None)
        _put(out, "date", m.date, None)
        _put(out, "start", m.start, None)
        _put(out, "end", m.end, None)
        _put(out, "end-date", m.end_date, None)
        _put(out, "kind", m.kind, MeetingKind.ORDINARY)
        _put(out, "status", m.status, Status.CONFIRMED)
        _put(out, "title", m.title, "")
        _put(out, "location", m.location, "")
        _put(out, "virtual", m.virtual, False)
        _put(out, "url", m.url, "")
        _put(out, "note", m.note, "")
        _put(out, "participants", list(m.participants), [])
        _put(out, "sequence", m.sequence, 0)
        _put_inline_tables(out, "statements", [_statement(s) for s in m.statements])
    return "".join(out)


def dump(calendar: Calendar, path: str | os.PathLike[str]) -> None:
    """Write the calendar to ``path`` atomically."""
    write_atomic(path, dumps(calendar).encode("utf-8"))


def _membership(m: Membership) -> list[tuple[str, object]]:
    return [
        ("body", m.body),
        ("role", m.role),
        ("since", m.since),
        ("until", m.until),
        ("note", m.note or None),
        ("source", str(m.source) if m.source else None),
    ]


def _statement(s: Statement) -> list[tuple[str, object]]:
    return [
        ("source", str(s.source)),
        ("date", s.date),
        ("start", s.start),
        ("end", s.end),
        ("weekday", WEEKDAYS[s.weekday] if s.weekday is not None else None),
        ("context", s.context if s.context is not Context.LIST else None),
        ("text", s.text or None),
    ]


def _put(out: list[str], key: str, value: object, default: object) -> None:
    if value is None or value == default:
        return
    out.append(f"{key} = {_value(value)}\n")


def _put_inline_tables(out: list[str], key: str, rows: list[list[tuple[str, object]]]) -> None:
    if not rows:
        return
    out.append(f"{key} = [\n")
    for row in rows:
        inner = ", ".join(f"{k} = {_value(v)}" for k, v in row if v is not None)
        out.append(f"  {{ {inner} }},\n")
    out.append("]\n")


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return _string(str(value.value))
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.utcoffset() == dt.timedelta(0):
            return value.replace(tzinfo=None).isoformat() + "Z"
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} to TOML")


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _hhmm(t: dt.time) -> str:
    return t.strftime("%H:%M")
