"""Read meeting dates from agenda text written in the secretariats' Danish notation.

Three kinds of statement are read, each kept with its file, line and verbatim text:

**Calendar lists** (context ``LIST``). A short heading with a meeting word and, usually,
a body and a year – "Mødekalender for KKR Midtjylland 2022", "Mødekalender KD-Net 2026",
"KD-Net møder i 2024", "Møder i KKR Sjælland 2025", "Kommende møder i KD-Net" – followed
by one date a line, bullet or not: "- 19. januar (konstituerende møde i KKR Midtjylland)",
"- 17. marts 2022 – OBS – …", "- 26. august 2022 – virtuelt.", "- Fredag den 2. juni -
Besøg fra CDEU", "Onsdag 8. feb", "Konstituerende møde Mandag 26. jan", "d. 3. marts kl.
9.00-12.00", "13. oktober, kl. 9.00 - 12.30", "30/2". A year on the line wins over the
heading's; a line holding only a year ("2024:") changes the year for the lines after it; a
list without any year counts on from the document's date ("Kommende møder" are upcoming).
"Desuden:" opens a block of the document body's other events (a "Studietur …" is a study
trip). Blank lines and a lone "-" are skipped; any other line that holds no date ends the
list. A heading without a body means the document's own body; a heading that names a
generic group ("Møder i styregruppen 2023") means the group of that name the current
agenda item has named ("styregruppen for Europæisk Kulturregion"). A heading naming a
body the calendar does not know is **skipped** when it is someone else's group (it is
not ours to check, and guessing would invent a body), but is an error when it names a
KKR – that is a typo in exactly the series the rule book is about.

**The meeting's own header** (context ``HEADER``): "Tid og sted: Fredag den 11. februar
2022, kl. 10.00 – 12.00." or "Mødetid: 14. april 2023kl. 10:00", before the first agenda
item. Its date is the *document date*: a day and month without a year in running text
take the year that puts them nearest to it.

**Cross-references in running text** (context ``REFERENCE``), only where the words tie
the date to a *meeting* of a *known* body: "møde i KKR Midtjylland den 23. marts 2022",
"KKR-mødet d. 26. april", "KD-Net mødet d. 27. januar 2023", "KKR Midtjylland skal på sit
kommende møde den …", "DASSOS drøfter rapporterne d. 11. april", "godkendes af KD-Net den
14. april og KKR Midtjylland den 26. april", "forelægges KKR d. 26. april", "på mødet 10.
februar 2023 i KKR Midtjylland", "referatet fra mødet d. 27. januar 2023" (the document
body's own earlier meeting) and "studieturen til Bruxelles den 18. – 19. maj 2022". Past
decisions ("KD-Net besluttede den 23. oktober 2020"), deadlines and the meetings of
bodies the calendar does not know are not read: a false sighting becomes a false
finding, so the reader is precise rather than greedy. A table-of-contents row and the
item heading of the same number share a :attr:`Sighting.key` (and the minutes approved
under an item share ``…#minutes-approved-at-item-N``), so that when they disagree – as
the 2022 agenda's row 2 and item 2 do – :func:`assemble` makes one meeting with two dates
and validation reports it, instead of two meetings.

"KKR" alone is the KKR that the document's body prepares (KD-Net → KKR Midtjylland).
Month names and their abbreviations (jan, feb, mar, …, sept, okt, with or without a dot),
weekday names (mandag … søndag, man … søn), "den"/"d.", and times "kl. 10.00 – 12.00",
"kl. 10:00", "kl. 9-12.30", "10.00-12.00" are understood.

Readers never judge. A Saturday "Fredag den 25. januar" is read as the 25th with a stated
Friday, a meeting on Christmas Eve as a meeting on Christmas Eve: what is wrong with them
is the rule book's business, done once for every input kind, with the reason and a fix.
What a reader does refuse is text it cannot read: a line in a list that looks like a
date but is not one ("- 12. fenruar", "- 31. februar") raises :class:`InputError` with the
file and line, because skipping it would silently drop a meeting.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from functools import lru_cache

import attrs

from ..danish import MONTHS, MONTHS_EN, WEEKDAYS_DA
from ..exceptions import InputError, NonexistentDateError, UnknownReferenceError
from ..model import Calendar, Context, MeetingKind, Source, Statement, Status
from . import Sighting

__all__ = ["read_agenda", "read_agenda_file"]

EXPECTED_DATE = "a date such as '14. april 2023' or 'Fredag den 2. juni'"
EXPECTED_BODY = "a body named in the heading or --body ID"

# -- the notation ------------------------------------------------------------------------

_MONTH_NUMBERS: dict[str, int] = {name: i + 1 for i, name in enumerate(MONTHS)} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAY_NUMBERS: dict[str, int] = {name: i for i, name in enumerate(WEEKDAYS_DA)} | {
    "man": 0, "tir": 1, "tirs": 1, "ons": 2, "tor": 3, "tors": 3, "fre": 4, "lør": 5, "søn": 6,
}  # fmt: skip
#: Words a misspelt month is measured against ("fenruar", "jnui", "February").
_MONTH_WORDS = tuple(_MONTH_NUMBERS) + tuple(m.casefold() for m in MONTHS_EN)


def _alternation(words: Sequence[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_WD = _alternation(list(_WEEKDAY_NUMBERS))
_MON = _alternation(list(_MONTH_NUMBERS))
_LETTER = r"[^\W\d_]"

#: "Fredag den 2. juni 2023", "d. 26. april", "Onsdag 8. feb", "18. – 19. maj 2022".
_DATE_RE = re.compile(
    rf"""(?<![\w.])
    (?:(?P<weekday>{_WD})\.?,?\s+)?
    (?:(?:den|d\.)\s*)?
    (?:(?P<day0>[0-9]{{1,2}})\.?\s*
       (?:(?P<month0>{_MON})\.?(?:[ \t]+(?P<year0>(?:19|20)[0-9]{{2}}))?\s*)?
       (?:–|—|-|til)\s*(?:(?:den|d\.)\s*)?)?
    (?P<day>[0-9]{{1,2}})\.?[ \t]*(?P<month>{_MON})(?:\.|(?!{_LETTER}))
    (?:[ \t,]*(?P<year>(?:19|20)[0-9]{{2}})(?![0-9]))?
    """,
    re.IGNORECASE | re.VERBOSE,
)
#: "30/2", "1/1 2023", "14.04.2023" – read in lists and headers only (prose has "1/1 2023"
#: as part of titles, and "00.01.10-A00-2-23" is a case number).
_NUMERIC_DATE_RE = re.compile(
    rf"""(?<![\w.])
    (?:(?P<weekday>{_WD})\.?,?\s+)?
    (?:(?:den|d\.)\s*)?
    (?P<day>[0-9]{{1,2}})
    (?:/(?P<month>[0-9]{{1,2}})(?:[/-](?P<year>[0-9]{{4}}|[0-9]{{2}})|[ \t]+(?P<year2>(?:19|20)[0-9]{{2}}))?
      |\.(?P<month2>[0-9]{{1,2}})\.(?P<year3>[0-9]{{4}}|[0-9]{{2}}))
    (?=$|[\s,;:)]|\s*[–—-]\s)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_T = r"[0-9]{1,2}(?:[.:][0-9]{2})?"
#: "kl. 10.00 – 12.00", "kl. 10:00" (also glued: "2023kl. 10:00"), "kl. 9-12.30", "10.00-12.00".
_TIME_RE = re.compile(
    rf"[ \t]*[,(]?[ \t]*(?:kl\.?|klokken)[ \t]*:?[ \t]*(?P<start>{_T})"
    rf"(?:[ \t]*(?:–|—|-|til)[ \t]*(?:kl\.?[ \t]*)?(?P<end>{_T}))?(?![0-9])"
    r"|[ \t]*,?[ \t]*(?P<start2>[0-9]{1,2}[.:][0-9]{2})[ \t]*(?:–|—|-|til)[ \t]*"
    r"(?P<end2>[0-9]{1,2}[.:][0-9]{2})(?![0-9])",
    re.IGNORECASE,
)
#: A day number followed by a word: a date when the word is (nearly) a month name.
_DAY_WORD_RE = re.compile(rf"(?<![\w.])[0-9]{{1,2}}\.?[ \t]*(?P<word>{_LETTER}{{3,}})")
_WEEKDAY_START_RE = re.compile(rf"^(?:{'|'.join(WEEKDAYS_DA)})(?!{_LETTER})", re.IGNORECASE)
_NUMERIC_SHAPE_RE = re.compile(r"(?<![\w.])[0-9]{1,2}/[0-9]{1,2}")
_YEAR_RE = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")

# -- document structure ----------------------------------------------------------------

_BULLET_RE = re.compile(r"^(?:[-–•*]|[0-9]{1,2}\))[ \t]*(?=\S)")
_LONE_BULLET_RE = re.compile(r"^[-–•*]+$")
_MARKUP_RE = re.compile(r"\*\*|__|^#+\s*")
#: A table-of-contents row: "9<TAB>Foreløbige punkter på møde i …".
_TOC_ROW_RE = re.compile(r"^\s*(?P<n>[0-9]{1,3})\t")
#: An agenda item's heading: "9. Foreløbige punkter …", "- 7. Orientering …", "2. **…**".
_ITEM_RE = re.compile(r"^\s*(?:[-–•]\s*)?(?P<n>[0-9]{1,3})\.\s+(?:\*\*)?(?=[A-ZÆØÅ])")
_HEADER_RE = re.compile(
    r"^\s*(?:\*\*)?(?P<label>tid\s+og\s+sted|mødetidspunkt|mødetid|tidspunkt|dato\s+og\s+tid"
    r"|mødedato|dato|tid)(?:\*\*)?\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_PLACE_RE = re.compile(
    r"^\s*(?:(?:mødested|sted)\s*:\s*|mødet\s+(?:afholdes|holdes)\s+(?:på|i|hos)\s+)(?P<place>.+?)\.?\s*$",
    re.IGNORECASE,
)
#: The document's body: "Møde: KD-Net", "Dagsorden for møde i kommunaldirektørnetværket …".
_MEETING_OF_RE = re.compile(r"^\s*(?:\*\*)?møde(?:\*\*)?\s*:\s*(?P<rest>.+)$", re.IGNORECASE)
_TITLE_RE = re.compile(
    r"\b(?:dagsorden|referat|indkaldelse)\b.*?\bmøde\s+i\s+(?P<rest>.+)$", re.IGNORECASE
)
_LIST_WORD_RE = re.compile(
    r"(?<!\w)(?:mødekalender(?:en)?|mødeplan(?:en)?|mødedatoer(?:ne)?|mødedage|"
    r"mødeoversigt(?:en)?|mødeterminer|møder)(?!\w)",
    re.IGNORECASE,
)
_MISC_HEADING_RE = re.compile(
    r"^(?:desuden|herudover|øvrige\s+arrangementer|andre\s+arrangementer)\s*:?$", re.IGNORECASE
)
_PRESENTER_RE = re.compile(r"\s+v\.\s+.*$")
_HEADING_STOPWORDS = frozenset(
    [
        "mødekalender",
        "mødekalenderen",
        "mødeplan",
        "mødeplanen",
        "mødedatoer",
        "mødedatoerne",
        "mødedage",
        "mødeoversigt",
        "mødeoversigten",
        "mødeterminer",
        "møder",
        "møderne",
        "kommende",
        "næste",
        "for",
        "i",
        "og",
        "til",
        "af",
        "de",
        "det",
        "den",
        "årets",
        "året",
        "år",
        "resten",
        "valgperioden",
        "perioden",
        "foreløbig",
        "foreløbige",
        "forslag",
        "oversigt",
        "over",
        "planlagte",
        "fastlagte",
        "nye",
        "ordinære",
        "alle",
        "øvrige",
        "kalender",
    ]
)
_WORD_RE = re.compile(r"[\w'’-]+")

# -- references in running text ---------------------------------------------------------

#: Where a sentence (or a table cell) begins; a date's trigger words must stand in it.
_SENTENCE_RE = re.compile(r"[.!?;]\s+(?=[\"”*(]*[A-ZÆØÅ])|\t")
_MEETING_WORD = r"(?<!\w)(?:møde|mødet|møderne)"
_ENDS_WITH_MEETING_RE = re.compile(_MEETING_WORD + r"\s*$", re.IGNORECASE)
_MEETING_IN_RE = re.compile(_MEETING_WORD + r"\s+(?:i|for)\s+$", re.IGNORECASE)
_PASSIVE_RE = re.compile(
    r"(?<!\w)(?:godkendes|behandles|drøftes|forelægges|besluttes|vedtages)\s+(?:af\s+|i\s+|for\s+)?$",
    re.IGNORECASE,
)
_AND_RE = re.compile(r"(?<!\w)(?:og|samt)\s+$", re.IGNORECASE)
_BODY_MEETING_TAIL_RE = re.compile(r"(?:\s*-\s*|\s+)(?:møde|mødet|møderne)\s*", re.IGNORECASE)
_BODY_VERB_TAIL_RE = re.compile(
    r"\s+(?:drøfter|behandler|godkender|mødes|holder\s+møde|afholder\s+møde)"
    r"(?:\s+[^\s.,;:0-9]+){0,3}\s*",
    re.IGNORECASE,
)
_AT_MEETING_RE = re.compile(r"(?<!\w)(?:på|til|ved)(?!\w)", re.IGNORECASE)
_IN_AFTER_RE = re.compile(r"\s*,?\s*i\s+")
_MINUTES_RE = re.compile(r"(?<!\w)referat", re.IGNORECASE)
_STUDY_TRIP_REF_RE = re.compile(r"(?<!\w)studietur\w*(?:\s+\S+){0,5}?\s*$", re.IGNORECASE)
_CONSTITUTING_REF_RE = re.compile(r"konstituerende\s+" + _MEETING_WORD + r"\s*$", re.IGNORECASE)

# -- what a list line says besides its date -----------------------------------------------

_KIND_WORDS = (
    (re.compile(r"studietur", re.IGNORECASE), MeetingKind.STUDY_TRIP),
    (re.compile(r"(?<!\w)seminar", re.IGNORECASE), MeetingKind.SEMINAR),
    (re.compile(r"(?<!\w)workshop", re.IGNORECASE), MeetingKind.WORKSHOP),
    (re.compile(r"(?<!\w)konstituerende(?!\w)", re.IGNORECASE), MeetingKind.CONSTITUTING),
)
_VIRTUAL_RE = re.compile(r"(?<!\w)virtuel(?:t|le)?(?!\w)", re.IGNORECASE)
_SEGMENT_SEP_RE = re.compile(r"(\s+[–—-]\s+|\s*[()]\s*)")
_KIND_ONLY_RE = re.compile(
    r"^(?:[\w'’-]+s\s+)?(?:det\s+)?konstituerende\s+møde(?:\s+(?:i|for)\s+.+)?$", re.IGNORECASE
)
_VIRTUAL_ONLY_RE = re.compile(r"^virtuel(?:t|le)?(?:\s+møde)?$", re.IGNORECASE)
_STRIP = " \t.,;:–—-"
#: Words that open a sentence rather than a list item's label.
_SENTENCE_WORDS = frozenset(
    {"på", "i", "til", "ved", "efter", "før", "inden", "fra", "og", "men", "at", "som", "hvor",
     "den", "det", "der", "de", "vi", "mødet"}
)  # fmt: skip


# -- bodies ---------------------------------------------------------------------------------


def _normal(name: str) -> str:
    return " ".join(re.split(r"[\s-]+", name.casefold())).strip()


@attrs.frozen
class _Bodies:
    """The calendar's bodies as a matcher over text ("KD-Net", "KKR Midtjyllands", "KKR")."""

    pattern: re.Pattern[str] | None
    ids: dict[str, str]
    #: The first word of each body's name ("styregruppen") → ids, for generic headings.
    first_words: dict[str, tuple[str, ...]]
    #: Distinctive first words of full names ("kommunaldirektørnetværket") → id.
    heads: dict[str, str]

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        if self.pattern is None:
            return []
        found = []
        for m in self.pattern.finditer(text):
            body = self.ids.get(_normal(m["name"]))
            if body is not None:
                found.append((m.start(), m.end(), body))
        return found

    def at_start(self, text: str) -> str | None:
        """The body a text begins with, by name or by the head word of its full name."""
        text = text.strip()
        found = self.mentions(text)
        if found and found[0][0] == 0:
            return found[0][2]
        word = _WORD_RE.match(text)
        return self.heads.get(word.group().casefold()) if word else None


@lru_cache(maxsize=32)
def _bodies(bodies: tuple[tuple[str, str, str], ...], kkr: str | None) -> _Bodies:
    """Index ``(id, name, full name)`` triples; cached, as a calendar is read many times."""
    ids: dict[str, str] = {}
    for body_id, name, full_name in bodies:
        for alias in (name, full_name):
            key = _normal(alias)
            if key and key not in ids:
                ids[key] = body_id
    if kkr is not None:
        ids.setdefault("kkr", kkr)
    alternatives = [
        r"(?:\s+|\s*-\s*)".join(re.escape(t) for t in key.split(" "))
        for key in sorted(ids, key=len, reverse=True)
    ]
    pattern = (
        re.compile(rf"(?<!\w)(?P<name>{'|'.join(alternatives)})(?:'s|’s|s|'|’)?(?!\w)", re.I)
        if alternatives
        else None
    )
    first: dict[str, list[str]] = {}
    for body_id, name, _ in bodies:
        words = _normal(name).split(" ")
        if words[0]:
            first.setdefault(words[0], []).append(body_id)
    head_words: dict[str, list[str]] = {}
    for body_id, _, full_name in bodies:
        word = _WORD_RE.match(full_name.strip())
        if word and len(word.group()) >= 8:
            head_words.setdefault(word.group().casefold(), []).append(body_id)
    heads = {w: ids_[0] for w, ids_ in head_words.items() if len(set(ids_)) == 1}
    return _Bodies(pattern, ids, {w: tuple(v) for w, v in first.items()}, heads)


def _regional_kkr(calendar: Calendar, own: str | None) -> str | None:
    """The KKR that "KKR" alone means: the one the document's body prepares, or its region's."""
    if own is None:
        return None
    by_id = {b.id: b for b in calendar.bodies}
    body = by_id[own]

    def is_kkr(body_id: str | None) -> bool:
        return body_id in by_id and by_id[body_id].name.upper().startswith("KKR")

    if body.prepares is not None and is_kkr(body.prepares):
        return body.prepares
    if is_kkr(own):
        return own
    regional = [b.id for b in calendar.bodies if is_kkr(b.id) and body.region == b.region]
    return regional[0] if body.region and len(regional) == 1 else None


# -- small readers --------------------------------------------------------------------------


def _distance(a: str, b: str) -> int:
    """Edit distance counting a swap of neighbours as one edit ("jnui" is one from "juni")."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def _month_like(word: str) -> bool:
    word = word.casefold()
    limit = 1 if len(word) <= 4 else 2
    return any(_distance(word, m) <= limit for m in _MONTH_WORDS)


def _date_problem(text: str) -> tuple[int, str] | None:
    """Where ``text`` first attempts a date it does not manage, and why (None if nowhere)."""
    problems = [
        (m.start(), f"{m['word']!r} is not a month")
        for m in _DAY_WORD_RE.finditer(text)
        if _month_like(m["word"])
    ][:1]
    shape = _NUMERIC_SHAPE_RE.search(text)
    if shape:
        problems.append((shape.start(), "not a day/month"))
    if _WEEKDAY_START_RE.match(text):
        problems.append((0, "a weekday without a day and month"))
    return min(problems) if problems else None


def _short_lead(lead: str) -> bool:
    """Whether the words before a date leave the line a list item, not a sentence.

    "Konstituerende møde Mandag 26. jan" and "Ekstraordinært møde 3. maj" are items; "På
    mødet d. 2. maj skal styregruppen …" is a sentence.
    """
    words = lead.strip(_STRIP).split()
    if _KIND_ONLY_RE.match(" ".join(words)):
        return True
    return len(words) <= 2 and not (words and words[0].casefold() in _SENTENCE_WORDS)


def _time(text: str | None) -> dt.time | None:
    """Read "10.00", "9" or "12:30"; ValueError when it is not a time of day."""
    if text is None:
        return None
    hour, _, minute = text.replace(":", ".").partition(".")
    return dt.time(int(hour), int(minute or 0))


def _clean(text: str) -> str:
    return _MARKUP_RE.sub("", text).strip()


def _without_mentions(text: str, mentions: Sequence[tuple[int, int, str]]) -> str:
    for start, end, _ in reversed(mentions):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _kind(text: str) -> MeetingKind:
    for pattern, kind in _KIND_WORDS:
        if pattern.search(text):
            return kind
    return MeetingKind.ORDINARY


_CANCELLED_RE = re.compile(r"\b(?:aflyst|aflyses|cancelled|canceled)\b", re.IGNORECASE)
_STATUS_ONLY_RE = re.compile(r"^(?:aflyst|foreløbig|foreløbigt)\.?$", re.IGNORECASE)
_TENTATIVE_RE = re.compile(r"\b(?:foreløbig|foreløbigt|tentative)\b", re.IGNORECASE)


#: What a date that does not exist should have been, in the agendas' own notation.
_REAL_DATE = "a date that exists, such as '28. februar' or 'Fredag den 2. juni'"


def _status(rest: str) -> Status | None:
    """ "– AFLYST" and "– foreløbig" after a date, as the Danish writer puts them."""
    if _CANCELLED_RE.search(rest):
        return Status.CANCELLED
    if _TENTATIVE_RE.search(rest):
        return Status.TENTATIVE
    return None


def _remark(rest: str) -> str:
    """The note a list line adds after its date, minus what kind/virtual already say."""
    rest = rest.strip(_STRIP)
    parts = _SEGMENT_SEP_RE.split(rest)
    kept: list[tuple[str, str]] = []  # (separator before, text)
    consumed = False
    for i in range(0, len(parts), 2):
        text = parts[i].strip(_STRIP)
        if not text:
            continue
        if _KIND_ONLY_RE.match(text) or _VIRTUAL_ONLY_RE.match(text) or _STATUS_ONLY_RE.match(text):
            consumed = True
            continue
        sep = parts[i - 1] if i else ""
        kept.append((sep if sep.strip() in ("–", "—", "-") else " – ", text))
    if not consumed:
        if rest.startswith("(") and rest.endswith(")") and rest.count("(") == 1:
            rest = rest[1:-1].strip(_STRIP)
        return rest
    if not kept:
        return ""
    return kept[0][1] + "".join(sep + text for sep, text in kept[1:])


# -- the reader -----------------------------------------------------------------------------


@attrs.define
class _List:
    """The calendar list being read: whose it is and which year its dates fall in."""

    line: int
    body: str | None
    #: A list of a body the calendar does not know: read for errors, not reported.
    skip: bool = False
    year: int | None = None
    previous: dt.date | None = None


@attrs.define
class _Reader:
    """One pass over one text; the state is what a person reading it keeps in mind."""

    path: str
    calendar: Calendar
    own: str | None
    lines: list[str]
    bodies: _Bodies = attrs.field(init=False)
    document_date: dt.date | None = None
    header_line: int | None = None
    sightings: list[Sighting] = attrs.Factory(list)
    current: _List | None = None
    item: int = 0
    item_minutes: bool = False
    #: Bodies named since the current agenda item began, most recent last.
    item_mentions: list[str] = attrs.Factory(list)

    def __attrs_post_init__(self) -> None:
        self.bodies = self._index()

    def _index(self) -> _Bodies:
        key = tuple((b.id, b.name, b.full_name) for b in self.calendar.bodies)
        return _bodies(key, _regional_kkr(self.calendar, self.own))

    # -- errors ----------------------------------------------------------------------

    def unreadable(self, n: int, text: str, reason: str) -> InputError:
        shown = text if len(text) <= 60 else text[:57] + "…"
        return InputError(
            f"cannot read the date in {shown!r}: {reason}",
            path=self.path,
            line=n,
            expected=EXPECTED_DATE,
        )

    def date(self, n: int, text: str, year: int, month: int, day: int) -> dt.date:
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise NonexistentDateError(
                text.strip(), path=self.path, line=n, expected=_REAL_DATE
            ) from None

    # -- the document's own body and date --------------------------------------------

    def structure_starts(self) -> int:
        """The first line of the agenda proper (a table of contents row or an item)."""
        for n, line in enumerate(self.lines, 1):
            if _TOC_ROW_RE.match(line) or self.item_number(line, 0) is not None:
                return n
        return len(self.lines) + 1

    def infer_body(self, until: int) -> str | None:
        for line in self.lines[: min(until - 1, 40)]:
            for regex in (_MEETING_OF_RE, _TITLE_RE):
                m = regex.search(line)
                if m:
                    found = self.bodies.at_start(m["rest"])
                    if found is not None:
                        return found
        return None

    def read_header(self, until: int) -> None:
        for n, line in enumerate(self.lines[: min(until - 1, 40)], 1):
            m = _HEADER_RE.match(line)
            if m is None:
                continue
            rest = m["rest"]
            found = _DATE_RE.search(rest) or _NUMERIC_DATE_RE.search(rest)
            if found is None:
                problem = _date_problem(rest)
                if problem:
                    raise self.unreadable(n, line.strip(), problem[1])
                continue
            if not self.states_year(found):
                reason = "the meeting's own date needs its year"
                raise self.unreadable(n, line.strip(), reason)
            day, end_date, weekday = self.resolve(n, found, None)
            start, end, after = self.times(n, rest, found.end(), strict=True)
            if self.own is None:
                raise InputError(
                    "the meeting's header names a date but the document names no body",
                    path=self.path,
                    line=n,
                    expected="'Møde: <body>' in the document or --body ID",
                )
            location = rest[after:].strip(_STRIP) if "sted" in m["label"].casefold() else ""
            for following in self.lines[n : n + 3]:
                place = _PLACE_RE.match(following)
                if place and not location:
                    location = place["place"].strip()
            virtual = bool(_VIRTUAL_RE.search(line) or _VIRTUAL_RE.search(location))
            self.document_date = day
            self.header_line = n
            self.sightings.append(
                Sighting(
                    body=self.own,
                    statement=Statement(
                        source=Source(self.path, n),
                        date=day,
                        start=start,
                        end=end,
                        weekday=weekday,
                        text=line.strip(),
                        context=Context.HEADER,
                    ),
                    end_date=end_date,
                    location="" if virtual and _VIRTUAL_RE.search(location) else location,
                    virtual=virtual,
                )
            )
            return
        # No header: the first dated line of the title block still dates the document.
        for line in self.lines[: min(until - 1, 15)]:
            m = _DATE_RE.search(line)
            if m and m["year"]:
                month = _MONTH_NUMBERS.get(m["month"].casefold())
                if month is not None:
                    try:
                        self.document_date = dt.date(int(m["year"]), month, int(m["day"]))
                    except ValueError:
                        continue
                    return

    # -- dates -------------------------------------------------------------------------

    def resolve(
        self, n: int, m: re.Match[str], year: int | None
    ) -> tuple[dt.date, dt.date | None, int | None]:
        """The date (and last date of a range) a match states; ``year`` if it states none."""
        weekday = _WEEKDAY_NUMBERS.get(m["weekday"].casefold()) if m["weekday"] else None
        text = m.group().strip()
        if m.re is _NUMERIC_DATE_RE:
            month = int(m["month"] or m["month2"])
            stated = m["year"] or m["year2"] or m["year3"]
            if stated is not None:
                year = int(stated) + (2000 if len(stated) == 2 else 0)
            assert year is not None
            return self.date(n, text, year, month, int(m["day"])), None, weekday
        month = _MONTH_NUMBERS.get(m["month"].casefold(), 0)
        if m["year"]:
            year = int(m["year"])
        assert year is not None
        last = self.date(n, text, year, month, int(m["day"]))
        if m["day0"] is None:
            return last, None, weekday
        month0 = _MONTH_NUMBERS.get(m["month0"].casefold(), 0) if m["month0"] else month
        # "30. december – 2. januar 2023" began the year before, unless it says otherwise.
        year0 = year - 1 if month0 > month else year
        if m["year0"]:
            year0 = int(m["year0"])
        first = self.date(n, text, year0, month0, int(m["day0"]))
        return first, last, weekday

    def month_day(self, m: re.Match[str]) -> tuple[int, int]:
        if m.re is _NUMERIC_DATE_RE:
            return int(m["month"] or m["month2"]), int(m["day"])
        month = _MONTH_NUMBERS.get(m["month"].casefold(), 0)
        return month, int(m["day"])

    def states_year(self, m: re.Match[str]) -> bool:
        if m.re is _NUMERIC_DATE_RE:
            return bool(m["year"] or m["year2"] or m["year3"])
        return bool(m["year"])

    def nearest_year(self, m: re.Match[str], near: dt.date) -> int | None:
        """The year that puts a day and month nearest to ``near`` (None if none has it)."""
        month, day = self.month_day(m)
        best: tuple[int, int] | None = None
        for year in (near.year - 1, near.year, near.year + 1):
            try:
                distance = abs((dt.date(year, month, day) - near).days)
            except ValueError:
                continue
            if best is None or distance < best[0]:
                best = (distance, year)
        return best[1] if best else None

    def year_on_or_after(self, m: re.Match[str], earliest: dt.date) -> int | None:
        month, day = self.month_day(m)
        for year in range(earliest.year, earliest.year + 9):
            try:
                if dt.date(year, month, day) >= earliest:
                    return year
            except ValueError:
                continue
        return None

    def times(
        self, n: int, text: str, pos: int, *, strict: bool
    ) -> tuple[dt.time | None, dt.time | None, int]:
        """The time span right after a date, and where it ends."""
        m = _TIME_RE.match(text, pos)
        if m is None:
            return None, None, pos
        try:
            start = _time(m["start"] or m["start2"])
            end = _time(m["end"] or m["end2"])
        except ValueError:
            if strict:
                raise InputError(
                    f"cannot read the time in {m.group().strip()!r}",
                    path=self.path,
                    line=n,
                    expected="a time such as 'kl. 10.00 – 12.00'",
                ) from None
            return None, None, pos
        return start, end, m.end()

    # -- agenda structure --------------------------------------------------------------

    def item_number(self, line: str, after: int) -> int | None:
        m = _ITEM_RE.match(line)
        if m is None or _DATE_RE.match(line, m.start("n")):
            return None
        number = int(m["n"])
        return number if number > after else None

    # -- lists -------------------------------------------------------------------------

    def heading(self, n: int, line: str) -> _List | None:
        """A list heading on this line, or None."""
        text = _clean(line)
        text = re.sub(r"^[0-9]{1,3}(?:\.\s+|\t)", "", text)
        text = _PRESENTER_RE.sub("", text).strip().rstrip(":").strip()
        if _MISC_HEADING_RE.match(text):
            return _List(n, self.own)
        if (
            not text
            or text.endswith(".")
            or not _LIST_WORD_RE.search(text)
            or _DATE_RE.search(text)
            or _NUMERIC_DATE_RE.search(text)
        ):
            return None
        mentions = self.bodies.mentions(text)
        rest = _without_mentions(text, mentions)
        years = {int(y) for y in _YEAR_RE.findall(rest)}
        words = [
            w
            for w in _WORD_RE.findall(_YEAR_RE.sub(" ", rest))
            if w.casefold() not in _HEADING_STOPWORDS and not w.strip("-").isdigit()
        ]
        if len(words) > 6:
            return None  # a sentence about meetings, not a heading
        year = years.pop() if len(years) == 1 else None
        named = {body for _, _, body in mentions}
        if len(named) > 1:
            raise InputError(
                f"the list heading {text!r} names several bodies",
                path=self.path,
                line=n,
                expected="one list for each body",
            )
        if named:
            return _List(n, named.pop(), year=year)
        if not words:
            return _List(n, self.own, year=year)
        generic = self.generic_body(words)
        if generic is not None:
            return _List(n, generic, year=year)
        phrase = " ".join(words)
        if any(w.casefold().startswith(("kkr", "kd-net", "dassos")) for w in words):
            known = ", ".join(b.name for b in self.calendar.bodies)
            raise InputError(
                f"the list heading names {phrase!r}, which is not a body in the calendar",
                path=self.path,
                line=n,
                expected=f"one of: {known}" if known else EXPECTED_BODY,
            )
        return _List(n, None, skip=True, year=year)

    def generic_body(self, words: Sequence[str]) -> str | None:
        """The body a generic heading word ("styregruppen") means in the current item."""
        for word in words:
            candidates = self.bodies.first_words.get(word.casefold(), ())
            for body in reversed(self.item_mentions):
                if body in candidates:
                    return body
        return None

    def list_line(self, n: int, line: str) -> bool:
        """Read one line inside a list; False when the line ends the list.

        A line is an item when it is bulleted or its date comes within its first words
        ("Konstituerende møde Mandag 26. jan"); a sentence that mentions a date ("På mødet
        d. 2. maj skal …") ends the list and is read as running text.
        """
        lst = self.current
        assert lst is not None
        text = _clean(line)
        if not text or _LONE_BULLET_RE.match(text):
            return True
        if self.heading(n, line) is not None:
            return False
        bare = text.rstrip(":").strip()
        if _YEAR_RE.fullmatch(bare):
            lst.year, lst.previous = int(bare), None
            return True
        bulleted = bool(_BULLET_RE.match(text))
        text = _BULLET_RE.sub("", text)
        found = [m for m in (_DATE_RE.search(text), _NUMERIC_DATE_RE.search(text)) if m]
        date = min(found, key=lambda x: x.start()) if found else None
        problem = _date_problem(text)
        if date is not None and (problem is None or date.start() <= problem[0]):
            if not (bulleted or _short_lead(text[: date.start()])):
                return False
            self.list_item(n, line, text, date, lst)
            return True
        if problem is not None and (bulleted or _short_lead(text[: problem[0]])):
            raise self.unreadable(n, line.strip(), problem[1])
        return False

    def list_year(self, n: int, line: str, m: re.Match[str], lst: _List) -> int:
        if lst.year is not None:
            return lst.year
        if lst.previous is not None:
            year = self.year_on_or_after(m, lst.previous)
        elif self.document_date is not None:
            year = self.year_on_or_after(m, self.document_date - dt.timedelta(days=31))
        elif lst.skip:
            year = 2000  # only checked, never reported: any leap year will do
        else:
            raise InputError(
                f"{line.strip()!r} gives no year, nor does its list's heading",
                path=self.path,
                line=n,
                expected="a year in the list's heading or on the line",
            )
        if year is None:  # 29 February and no leap year near
            raise NonexistentDateError(
                m.group().strip(), path=self.path, line=n, expected=_REAL_DATE
            )
        return year

    def list_item(self, n: int, line: str, text: str, m: re.Match[str], lst: _List) -> None:
        if not lst.skip and lst.body is None:
            raise InputError(
                "a list of meeting dates without a body",
                path=self.path,
                line=lst.line,
                expected=EXPECTED_BODY,
            )
        year = None if self.states_year(m) else self.list_year(n, line, m, lst)
        day, end_date, weekday = self.resolve(n, m, year)
        start, end, after = self.times(n, text, m.end(), strict=True)
        lst.previous = day
        if lst.skip or lst.body is None:
            return
        words = _without_mentions(text, self.bodies.mentions(text))
        lead = text[: m.start()].strip(_STRIP)
        title = (
            "" if not lead or _KIND_ONLY_RE.match(lead) else re.sub(r"\s+(?:den|d\.)$", "", lead)
        )
        self.sightings.append(
            Sighting(
                body=lst.body,
                statement=Statement(
                    source=Source(self.path, n),
                    date=day,
                    start=start,
                    end=end,
                    weekday=weekday,
                    text=line.strip(),
                    context=Context.LIST,
                ),
                kind=_kind(words),
                end_date=end_date,
                title=title.strip(_STRIP),
                virtual=bool(_VIRTUAL_RE.search(words)),
                note=_remark(text[after:]),
                status=_status(text[after:]),
            )
        )

    # -- references --------------------------------------------------------------------

    def references(self, n: int, line: str, toc: int | None, item: int | None) -> None:
        mentions = self.bodies.mentions(line)
        self.item_mentions.extend(body for _, _, body in mentions)
        sentence_of_last: int | None = None
        keys: dict[tuple[str, str], int] = {}
        seen: set[tuple[object, ...]] = set()
        for m in _DATE_RE.finditer(line):
            sentence = 0
            for boundary in _SENTENCE_RE.finditer(line, 0, m.start()):
                sentence = boundary.end()
            prefix = line[sentence : m.start()]
            found = self.reference_body(prefix, line, m, coordinated=sentence_of_last == sentence)
            if found is None:
                continue
            body, kind = found
            if m["year"]:
                year = None
            elif self.document_date is not None:
                year = self.nearest_year(m, self.document_date)
                if year is None:
                    raise NonexistentDateError(
                        m.group().strip(), path=self.path, line=n, expected=_REAL_DATE
                    )
            else:
                continue  # no year and nothing to take one from: not a date we can place
            day, end_date, weekday = self.resolve(n, m, year)
            start, end, _ = self.times(n, line, m.end(), strict=False)
            if kind is MeetingKind.ORDINARY and _CONSTITUTING_REF_RE.search(prefix):
                kind = MeetingKind.CONSTITUTING
            key = self.reference_key(line, body, toc, item)
            if key is not None:
                k = keys.get((body, key), 0)
                keys[(body, key)] = k + 1
                key = f"{self.path}#{key}" + (f"-{k + 1}" if k else "")
            sentence_of_last = sentence
            said = (body, day, start, end, kind, n)
            if said in seen:
                continue  # one line saying the same twice is one statement
            seen.add(said)
            self.sightings.append(
                Sighting(
                    body=body,
                    statement=Statement(
                        source=Source(self.path, n),
                        date=day,
                        start=start,
                        end=end,
                        weekday=weekday,
                        text=line.strip(),
                        context=Context.REFERENCE,
                    ),
                    kind=kind,
                    end_date=end_date,
                    virtual=bool(_VIRTUAL_RE.search(prefix)),
                    key=key,
                )
            )

    def reference_body(
        self, prefix: str, line: str, m: re.Match[str], *, coordinated: bool
    ) -> tuple[str, MeetingKind] | None:
        """Which known body's meeting the words before (and after) a date name, if any."""
        ordinary = MeetingKind.ORDINARY
        mentions = self.bodies.mentions(prefix)
        if mentions:
            start, end, body = mentions[-1]
            before, tail = prefix[:start], prefix[end:]
            if not tail.strip(" ,") and (
                _MEETING_IN_RE.search(before)  # "møde i KKR Midtjylland den …"
                or _PASSIVE_RE.search(before)  # "forelægges KKR d. …"
                or (coordinated and _AND_RE.search(before))  # "… og KKR Midtjylland den …"
            ):
                return body, ordinary
            if _BODY_MEETING_TAIL_RE.fullmatch(tail) or _BODY_VERB_TAIL_RE.fullmatch(tail):
                return body, ordinary  # "KKR-mødet d. …", "DASSOS drøfter rapporterne d. …"
        if _ENDS_WITH_MEETING_RE.search(prefix):
            after = _IN_AFTER_RE.match(line, self.times(0, line, m.end(), strict=False)[2])
            if after:
                named = self.bodies.mentions(line[after.end() :])
                if named and named[0][0] == 0:
                    return named[0][2], ordinary  # "på mødet 10. februar 2023 i KKR …"
            if mentions:
                _, end, body = mentions[-1]
                tail = prefix[end:]
                if (
                    len(tail.split()) <= 8
                    and not re.search(r"[.;:0-9]", tail)
                    and _AT_MEETING_RE.search(tail)
                ):
                    return body, ordinary  # "KKR Midtjylland skal på sit kommende møde den …"
            if self.own is not None and _MINUTES_RE.search(prefix):
                return self.own, ordinary  # "referatet fra mødet d. …": our own meeting
        if self.own is not None and _STUDY_TRIP_REF_RE.search(prefix):
            return self.own, MeetingKind.STUDY_TRIP
        return None

    def reference_key(self, line: str, body: str, toc: int | None, item: int | None) -> str | None:
        """A key shared by an item's table-of-contents row, its heading and its minutes."""
        minutes = body == self.own and bool(_MINUTES_RE.search(line))
        number = toc if toc is not None else item
        if number is not None:
            return f"minutes-approved-at-item-{number}" if minutes else f"item-{number}"
        if minutes and self.item_minutes:
            return f"minutes-approved-at-item-{self.item}"
        return None

    # -- the whole text ----------------------------------------------------------------

    def read(self) -> list[Sighting]:
        until = self.structure_starts()
        if self.own is None:
            self.own = self.infer_body(until)
            self.bodies = self._index()
        self.read_header(until)
        for n, line in enumerate(self.lines, 1):
            if self.current is not None:
                if self.list_line(n, line):
                    continue
                self.current = None
            toc_row = _TOC_ROW_RE.match(line)
            toc = int(toc_row["n"]) if toc_row else None
            item = None if toc is not None else self.item_number(line, self.item)
            if item is not None:
                self.item = item
                self.item_minutes = bool(_MINUTES_RE.search(line))
                self.item_mentions = []
            heading = self.heading(n, line)
            if heading is not None:
                self.current = heading
                continue
            if n != self.header_line:
                self.references(n, line, toc, item)
        return self.sightings


def _split_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def read_agenda(
    text: str, path: str, calendar: Calendar, *, body: str | None = None
) -> list[Sighting]:
    """Every statement about a meeting that an agenda's text makes, in line order.

    ``body`` is the body of the document (and of lists whose heading names none) when
    the text does not say ("Møde: KD-Net"); ``path`` is what sources cite.
    """
    if body is not None and body not in {b.id for b in calendar.bodies}:
        raise UnknownReferenceError(
            "body", body, known=tuple(b.id for b in calendar.bodies), field="--body", path=path
        )
    reader = _Reader(path, calendar, body, _split_lines(text))
    sightings = reader.read()
    return sorted(sightings, key=lambda s: s.statement.source.line or 0)


def read_agenda_file(
    path: str | os.PathLike[str], calendar: Calendar, *, body: str | None = None
) -> list[Sighting]:
    """Read an agenda text file (UTF-8); errors name the file and, where known, the line."""
    from . import read_input_bytes

    name = os.fspath(path)
    data = read_input_bytes(name, "an agenda text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"byte 0x{data[exc.start]:02x} is not UTF-8 text",
            path=name,
            line=line,
            expected="a UTF-8 text file",
        ) from None
    return read_agenda(text, name, calendar, body=body)
