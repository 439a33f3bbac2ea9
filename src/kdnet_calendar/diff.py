"""What a change to the data does to subscribers' calendars.

Clients match events by UID and take a change only when SEQUENCE rises (RFC 5546; Outlook
and Apple are strict about it). So a meeting that moves, is cancelled or changes what
people see must get a higher ``sequence`` in the data, and a meeting must never simply
disappear: removed from the feed, it silently vanishes from some clients and lingers in
others. :func:`diff` lists the changes and says where the data falls short.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence

import attrs

from .danish import long_date
from .model import Calendar, Meeting, Status

__all__ = ["Change", "ChangeKind", "diff", "render_diff_json", "render_diff_text"]

_WHEN = ("date", "start", "end", "end_date")
_WHAT = ("kind", "title", "location", "virtual", "url", "note", "participants", "body")


class ChangeKind(enum.StrEnum):
    """What a change does to a subscriber's calendar."""

    ADDED = "added"
    MOVED = "moved"
    CANCELLED = "cancelled"
    REINSTATED = "reinstated"
    CHANGED = "changed"
    REMOVED = "removed"
    #: The same meeting under a new id: its UID changes, so clients see a new meeting.
    RENAMED = "renamed"


@attrs.frozen
class Change:
    """One meeting's change between two versions of the data."""

    kind: ChangeKind
    meeting: Meeting
    before: Meeting | None = None
    fields: tuple[str, ...] = ()

    @property
    def required_sequence(self) -> int | None:
        """The least SEQUENCE the new data must carry, or None if nothing is required."""
        if self.before is None or self.kind in (
            ChangeKind.ADDED,
            ChangeKind.REMOVED,
            ChangeKind.RENAMED,
        ):
            return None
        return self.before.sequence + 1

    @property
    def problem(self) -> bool:
        """Whether subscribers would miss the change (removed, or sequence not raised)."""
        if self.kind in (ChangeKind.REMOVED, ChangeKind.RENAMED):
            return True
        required = self.required_sequence
        return required is not None and self.meeting.sequence < required


def diff(old: Calendar, new: Calendar) -> list[Change]:
    """Changes from ``old`` to ``new`` that subscribers would see, in date order."""
    before = {m.id: m for m in old.meetings}
    changes: list[Change] = []
    for m in new.meetings:
        was = before.pop(m.id, None)
        if was is None:
            changes.append(Change(ChangeKind.ADDED, m))
            continue
        fields = tuple(f for f in (*_WHEN, *_WHAT) if getattr(m, f) != getattr(was, f))
        if m.status != was.status:
            if m.status is Status.CANCELLED:
                changes.append(Change(ChangeKind.CANCELLED, m, was, ("status", *fields)))
            elif was.status is Status.CANCELLED:
                changes.append(Change(ChangeKind.REINSTATED, m, was, ("status", *fields)))
            else:
                changes.append(Change(ChangeKind.CHANGED, m, was, ("status", *fields)))
        elif any(f in _WHEN for f in fields):
            changes.append(Change(ChangeKind.MOVED, m, was, fields))
        elif fields:
            changes.append(Change(ChangeKind.CHANGED, m, was, fields))
    # A meeting that left under one id and came back under another, same body, same day and
    # time, is one meeting renamed: the UID is made from the id, so it must not change.
    added = {c.meeting.id: c for c in changes if c.kind is ChangeKind.ADDED}
    for was in list(before.values()):
        twin = next(
            (
                c
                for c in added.values()
                if c.meeting.body == was.body
                and c.meeting.date == was.date
                and c.meeting.start == was.start
            ),
            None,
        )
        if twin is not None:
            del added[twin.meeting.id]
            del before[was.id]
            changes[changes.index(twin)] = Change(ChangeKind.RENAMED, twin.meeting, was, ("id",))
    changes.extend(Change(ChangeKind.REMOVED, m) for m in before.values())
    return sorted(changes, key=lambda c: (c.meeting.date, c.meeting.id))


_WORDS = {
    "da": {
        ChangeKind.ADDED: "nyt",
        ChangeKind.MOVED: "flyttet",
        ChangeKind.CANCELLED: "aflyst",
        ChangeKind.REINSTATED: "genindsat",
        ChangeKind.CHANGED: "ændret",
        ChangeKind.REMOVED: "fjernet",
        ChangeKind.RENAMED: "nyt id",
        "renamed-hint": "id'et er mødets UID: abonnenterne får et nyt møde og beholder det gamle; "
        "behold id = {id!r}",
        "none": "Ingen ændringer, abonnenterne ser det samme.",
        "removed-hint": 'abonnenterne får ikke besked; behold mødet med status = "cancelled" og hæv sequence',
        "sequence": "sæt sequence = {n}, ellers opdaterer Outlook og Apple ikke mødet",
        "summary": "{n} {changes}, {p} skal rettes",
        "change": ("ændring", "ændringer"),
    },
    "en": {
        ChangeKind.ADDED: "added",
        ChangeKind.MOVED: "moved",
        ChangeKind.CANCELLED: "cancelled",
        ChangeKind.REINSTATED: "reinstated",
        ChangeKind.CHANGED: "changed",
        ChangeKind.REMOVED: "removed",
        ChangeKind.RENAMED: "renamed",
        "renamed-hint": "the id is the meeting's UID: subscribers get a new meeting and keep "
        "the old one; keep id = {id!r}",
        "none": "No changes: subscribers see the same calendar.",
        "removed-hint": 'subscribers are not told; keep the meeting with status = "cancelled" and raise its sequence',
        "sequence": "set sequence = {n}, or Outlook and Apple will not update the meeting",
        "summary": "{n} {changes}, {p} to fix",
        "change": ("change", "changes"),
    },
}


def _when(m: Meeting, lang: str) -> str:
    text = long_date(m.date, lang)
    if m.start is not None:
        text += f" {m.start:%H:%M}"
    return text


def render_diff_text(
    changes: Sequence[Change], new: Calendar, old: Calendar, lang: str = "da"
) -> str:
    words = _WORDS[lang]
    if not changes:
        return f"{words['none']}\n"
    out = []
    for c in changes:
        cal = old if c.kind is ChangeKind.REMOVED else new
        body = cal.body(c.meeting.body).name
        line = f"{words[c.kind]:<10} {body}, {_when(c.meeting, lang)} ({c.meeting.id})"
        if c.kind is ChangeKind.MOVED and c.before is not None:
            line += f" ← {_when(c.before, lang)}"
        elif c.kind is ChangeKind.RENAMED and c.before is not None:
            line += f" ← {c.before.id}"
        elif c.fields and c.kind is ChangeKind.CHANGED:
            line += f": {', '.join(c.fields)}"
        out.append(line)
        if c.kind is ChangeKind.REMOVED:
            out.append(f"           ! {words['removed-hint']}")
        elif c.kind is ChangeKind.RENAMED and c.before is not None:
            out.append(f"           ! {str(words['renamed-hint']).format(id=c.before.id)}")
        elif c.problem:
            out.append(f"           ! {str(words['sequence']).format(n=c.required_sequence)}")
    problems = sum(1 for c in changes if c.problem)
    out.append("")
    noun = words["change"][len(changes) != 1]
    out.append(str(words["summary"]).format(n=len(changes), changes=noun, p=problems))
    return "\n".join(out) + "\n"


def render_diff_json(changes: Sequence[Change]) -> str:
    return (
        json.dumps(
            [
                {
                    "change": c.kind.value,
                    "meeting": c.meeting.id,
                    "body": c.meeting.body,
                    "date": c.meeting.date.isoformat(),
                    "before": c.before.date.isoformat() if c.before else None,
                    "before_id": c.before.id if c.before else None,
                    "fields": list(c.fields),
                    "sequence": c.meeting.sequence,
                    "required_sequence": c.required_sequence,
                    "problem": c.problem,
                }
                for c in changes
            ],
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
