"""Read meetings back from the JSON the command line writes (``show`` and ``propose``).

A proposal written with ``propose --format json`` is a calendar a secretary may hand to
``validate`` or ``propose --fixed``; reading it as agenda text would find dates in
``"date": "2027-01-20"`` and invent meetings from them. The shapes read are the list of
meeting records ``show --format json`` writes and the object with a ``meetings`` list that
``propose --format json`` writes (both documented in docs/cli.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from ..exceptions import InputError
from ..inputs import read_input_bytes
from ..model import Calendar, Context, MeetingKind, Source, Statement, Status
from . import Sighting

__all__ = ["read_records_file"]

_EXPECTED = "the JSON that 'show --format json' or 'propose --format json' writes"
_EXPECTED_DA = "den JSON, som 'show --format json' eller 'propose --format json' skriver"


class _RecordError(ValueError):
    """A record that is not a meeting, said in English and in Danish."""

    def __init__(self, en: str, da: str) -> None:
        super().__init__(en)
        self.da = da


def read_records_file(path: str | os.PathLike[str], calendar: Calendar) -> list[Sighting]:
    """Each meeting record as a sighting of that meeting, keeping its id."""
    name = os.fspath(path)
    text = read_input_bytes(name, _EXPECTED, _EXPECTED_DA).decode("utf-8", errors="replace")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not JSON: {exc.msg}",
            path=name,
            line=exc.lineno,
            expected=_EXPECTED,
            # The json module's own words stay English: it has no others.
            problem_da=f"ikke JSON: {exc.msg}",
            expected_da=_EXPECTED_DA,
        ) from None
    records = data.get("meetings") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise InputError(
            "no list of meetings",
            path=name,
            line=1,
            expected=_EXPECTED,
            problem_da="ingen liste over møder",
            expected_da=_EXPECTED_DA,
        )
    known = {b.id for b in calendar.bodies}
    lines = text.split("\n")
    out, search_from = [], 0
    for i, record in enumerate(records, start=1):
        line, search_from = _line_of(lines, record, search_from)
        try:
            out.append(_sighting(record, Source(name, line), known))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"meeting #{i}: {_why(exc)}",
                path=name,
                line=line,
                expected=_EXPECTED,
                problem_da=f"møde nr. {i}: {_why(exc, 'da')}",
                expected_da=_EXPECTED_DA,
            ) from None
    return out


def _why(exc: Exception, lang: str = "en") -> str:
    if isinstance(exc, KeyError):
        return f"{exc.args[0]!r} mangler" if lang == "da" else f"no {exc.args[0]!r}"
    if lang == "da":
        # Ours say it in Danish; Python's own (a bad isoformat) only in English.
        return exc.da if isinstance(exc, _RecordError) else f"ugyldig værdi: {exc}"
    return str(exc) or type(exc).__name__


def _line_of(lines: list[str], record: Any, start: int) -> tuple[int | None, int]:
    """The line of a record's ``"id"`` (records are written one field a line)."""
    wanted = (
        f'"id": {json.dumps(record.get("id"), ensure_ascii=False)}'
        if isinstance(record, dict)
        else None
    )
    for k in range(start, len(lines)):
        if wanted is not None and wanted in lines[k]:
            return k + 1, k + 1
    return None, start


def _time(value: Any) -> dt.time | None:
    return None if value is None else dt.time.fromisoformat(str(value))


def _sighting(record: Any, source: Source, known: set[str]) -> Sighting:
    if not isinstance(record, dict):
        raise _RecordError(
            "a meeting is an object with id, body and date",
            "et møde er et objekt med id, body og date",
        )
    body = str(record["body"])
    if body not in known:
        raise _RecordError(
            f"body {body!r} is not in the calendar", f"organet {body!r} findes ikke i kalenderen"
        )
    end_date = record.get("end_date")
    return Sighting(
        body=body,
        statement=Statement(
            source=source,
            date=dt.date.fromisoformat(str(record["date"])),
            start=_time(record.get("start")),
            end=_time(record.get("end")),
            text=str(record["id"]),
            context=Context.LIST,
        ),
        kind=MeetingKind(record.get("kind", "ordinary")),
        end_date=dt.date.fromisoformat(str(end_date)) if end_date else None,
        title=str(record.get("title") or ""),
        location=str(record.get("location") or ""),
        virtual=bool(record.get("virtual", False)),
        note=str(record.get("note") or ""),
        meeting_id=str(record["id"]),
        status=Status(record.get("status", "confirmed")),
    )
