"""Read meeting dates from agenda text and published meeting calendars.

Three kinds of statement are read, each kept with its file, line and verbatim text:

**Calendar lists** (context ``LIST``): lines that each begin with a date, under a heading
("Mødekalender for KKR Midtjylland 2022", "Bestyrelsesmøder 2026", "Meeting dates",
"Mødedatoer") or none. Bullets, tables and tabs, weekdays, numeric dates and ranges are
all read (:mod:`.dates` holds the grammar). A list's body is the one its heading names,
the one the running text just above it names ("KKR Syddanmark mødes normalt fem gange om
året."), ``--body``, or the one the document's title names; its year is the heading's,
one on a line of its own ("2024:"), or one the text just above gives ("Møder i 2023"),
counting on from the list's previous date. Labels inside a list ("Vinterferie",
"Forår") and blank lines never end it; a heading or a paragraph of prose does.

**The meeting's own header** (context ``HEADER``): "Tid og sted: Fredag den 11. februar
2022, kl. 10.00 – 12.00." or "Mødetid: 14. april 2023kl. 10:00", also in the middle of a
line flattened from a PDF. Its date is the *document date*: a day and month without a
year in running text take the year that puts them nearest to it.

**Cross-references in running text** (context ``REFERENCE``), only where the words tie
the date to a *meeting* of a body: "møde i KKR Midtjylland den 23. marts 2022",
"KKR-mødet d. 26. april", "Byrådet holdt møde den 12. marts 2021", "forelægges KKR d. 26.
april", "referatet fra mødet d. 27. januar 2023" (the document body's own meeting).

The world is open: a body the calendar does not know ("Byrådet", "KKR Syddanmark") gets
a body of its own (:mod:`.names`), judged only by the rules that hold for any body.

Every date expression on every line is accounted for (:mod:`.account`): a meeting, a
reference, set aside with its reason (a deadline, the document's own date, a mention in
running text), or unread with the reason – a list whose body or year nothing gives.

Readers never judge. A Saturday "Fredag den 25. januar" is read as the 25th with a stated
Friday, a meeting on Christmas Eve as a meeting on Christmas Eve: what is wrong with them
is the rule book's business. Nor do they invent: a time or place the text does not give
stays unknown. What a reader does refuse is a date that cannot be one: a list line such
as "- 12. fenruar" or "- 31. februar" raises :class:`InputError` with the file and line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from functools import lru_cache

import attrs

from ..account import DateRead, Disposition, SetAside
from ..exceptions import InputError, NonexistentDateError, UnknownReferenceError
from ..model import Body, Calendar, Context, MeetingKind, Source, Statement, Status
from . import Sighting
from .dates import DateMatch, date_problem, near_dates, scan, scan_item
from .names import BodyNames, body_id, body_names, named_bodies, normal, strip_mentions
from .names import usual_weekdays as _usual_weekdays

__all__ = ["TextReading", "read_agenda", "read_agenda_file", "read_agenda_text"]

EXPECTED_DATE = "a date such as '14. april 2023' or 'Fredag den 2. juni'"
EXPECTED_DATE_DA = "en dato som '14. april 2023' eller 'Fredag den 2. juni'"
EXPECTED_BODY = "a body named in the heading, or body=ID (--body ID on the command line)"
EXPECTED_BODY_DA = "et organ nævnt i overskriften eller body=ID (--body ID på kommandolinjen)"

_T = r"[0-9]{1,2}(?:[.:][0-9]{2})?"
#: "kl. 10.00 – 12.00", "kl. 10:00" (also glued: "2023kl. 10:00"), "kl. 9-12.30", "10.00-12.00".
_TIME_RE = re.compile(
    rf"[ \t]*[,(]?[ \t]*(?:kl\.?|klokken)[ \t]*:?[ \t]*(?P<start>{_T})"
    rf"(?:[ \t]*(?:–|—|-|til)[ \t]*(?:kl\.?[ \t]*)?(?P<end>{_T}))?(?![0-9])"
    r"|[ \t]*,?[ \t]*(?P<start2>[0-9]{1,2}[.:][0-9]{2})[ \t]*(?:–|—|-|til)[ \t]*"
    r"(?P<end2>[0-9]{1,2}[.:][0-9]{2})(?![0-9])",
    re.IGNORECASE,
)
_TIME_ONLY_RE = re.compile(r"(?:kl\.?|klokken)\s*[0-9]{1,2}$", re.IGNORECASE)
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
#: A title's first word: the document a meeting makes ("Referat", "Dagsorden").
_TITLE_START_RE = re.compile(
    r"^[\W\d]*(?:dagsorden|referat|indkaldelse|mødedato|\w*møde(?:t)?)(?!\w)", re.IGNORECASE
)
#: The document's body: "Møde: KD-Net", "Dagsorden for møde i kommunaldirektørnetværket …".
#: The same labels in the middle of a line flattened from a PDF ("… Tid og sted: Torsdag …").
_HEADER_INLINE_RE = re.compile(
    r"(?<!\w)(?P<label>tid\s+og\s+sted|mødetidspunkt|mødetid|mødedato)\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_MEETING_OF_RE = re.compile(r"^\s*(?:\*\*)?møde(?:\*\*)?\s*:\s*(?P<rest>.+)$", re.IGNORECASE)
_TITLE_RE = re.compile(
    r"\b(?:dagsorden|referat|indkaldelse)\b.*?\bmøde\s+i\s+(?P<rest>.+)$", re.IGNORECASE
)
#: A heading's meeting word, also inside a compound ("Bestyrelsesmøder", "Udvalgsmøder").
_LIST_WORD_RE = re.compile(
    r"(?:mødekalender(?:en)?|mødeplan(?:en)?|mødedatoer(?:ne)?|mødedage|mødedatoer|"
    r"mødeoversigt(?:en)?|mødeterminer|mødeaktivitet|møderække(?:n)?|møder(?:ne)?)(?!\w)"
    r"|(?<!\w)(?:meeting\s+dates|meetings|datoer)(?!\w)",
    re.IGNORECASE,
)
#: "Bestyrelsesmøder", "Byrådsmøder": the body a compound meeting word names.
_COMPOUND_MEETING_RE = re.compile(r"(?<!\w)(?P<body>\w+?)s?(?=møde)", re.IGNORECASE)
#: A word some heading must hold, unless the line is a heading by standing above dates.
_HEADING_WORD_RE = re.compile(r"møde|meeting|datoer|desuden|herudover|arrangementer", re.IGNORECASE)
_MISC_HEADING_RE = re.compile(
    r"^(?:desuden|herudover|øvrige\s+arrangementer|andre\s+arrangementer)\s*:?$", re.IGNORECASE
)
_PARENTHESIS_RE = re.compile(r"\s*\([^()]*\)")
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
_LETTERS_RE = re.compile(r"[^\W\d_]{2,}")
#: Words before a date that make it a deadline, not a meeting.
_DEADLINE_RE = re.compile(
    r"(?<!\w)(?:frist\w*|senest|deadline|inden|tilmelding\w*|ansøgningsfrist\w*|svarfrist\w*)(?!\w)",
    re.IGNORECASE,
)
#: Labels of the document's own date ("Opdateret 3. marts 2024", "Dato: 14.04.2023").
_DOCUMENT_DATE_RE = re.compile(
    r"(?<!\w)(?:dato|opdateret|udgivet|publiceret|offentliggjort|revideret|udskrevet|senest\s+ændret)\s*:?\s*(?:den|d\.)?\s*$",
    re.IGNORECASE,
)

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
#: "Beslutning i Byrådet den 26-09-2016": the decision of a body's meeting that day.
_DECISION_RE = re.compile(r"(?<!\w)(?:beslutning|behandling)\s+i\s+$", re.IGNORECASE)
#: "Byrådsmødet den …", "regionsrådsmøde d. …": a meeting named by its body's compound.
_COMPOUND_BEFORE_RE = re.compile(
    r"(?<!\w)(?P<body>\w{3,}?)s?møde(?:t|rne)?\s*(?:den|d\.)?\s*$", re.IGNORECASE
)
_AND_RE = re.compile(r"(?<!\w)(?:og|samt)\s+$", re.IGNORECASE)
_BODY_MEETING_TAIL_RE = re.compile(r"(?:\s*-\s*|\s+)(?:møde|mødet|møderne)\s*", re.IGNORECASE)
_BODY_VERB_TAIL_RE = re.compile(
    r"\s+(?:drøfter|behandler|godkender|mødes|mødtes|beslutning"
    r"|holder\s+(?:sit\s+)?møde|holdt\s+(?:sit\s+)?møde|afholder\s+møde|afholdt\s+møde)"
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
    # Compounds name the kind by their last part: "Budgetseminar", "Temaworkshop".
    (re.compile(r"seminar", re.IGNORECASE), MeetingKind.SEMINAR),
    (re.compile(r"workshop", re.IGNORECASE), MeetingKind.WORKSHOP),
    (re.compile(r"(?<!\w)konstituerende(?!\w)", re.IGNORECASE), MeetingKind.CONSTITUTING),
)
_VIRTUAL_RE = re.compile(r"(?<!\w)virtuel(?:t|le)?(?!\w)", re.IGNORECASE)
_SEGMENT_SEP_RE = re.compile(r"(\s+[–—-]\s+|\s*[()]\s*)")
_KIND_ONLY_RE = re.compile(
    r"^(?:[\w'’-]+s\s+)?(?:det\s+)?konstituerende\s+møde(?:\s+(?:i|for)\s+.+)?$", re.IGNORECASE
)
_VIRTUAL_ONLY_RE = re.compile(r"^virtuel(?:t|le)?(?:\s+møde)?$", re.IGNORECASE)
_STRIP = " \t.,;:–—-"
#: Words that join the dates of a run and say nothing about either.
_CONNECTIVES = frozenset({"og", "samt", "eller", "&", "+", "/"})
#: Words that open a sentence rather than a list item's label.
_SENTENCE_WORDS = frozenset(
    {"på", "i", "til", "ved", "efter", "før", "inden", "fra", "og", "men", "at", "som", "hvor",
     "den", "det", "der", "de", "vi", "mødet"}
)  # fmt: skip


# -- small readers --------------------------------------------------------------------------


def _short_lead(lead: str) -> bool:
    """Whether the words before a date leave the line a list item, not a sentence.

    "Konstituerende møde Mandag 26. jan" and "Ekstraordinært møde 3. maj" are items; "På
    mødet d. 2. maj skal styregruppen …" is a sentence.
    """
    words = lead.strip(_STRIP).split()
    if _KIND_ONLY_RE.match(" ".join(words)):
        return True
    # Numbers do not make a sentence: "Møde nr. 116, 2. februar 2012" is an item.
    words = [w for w in words if _LETTERS_RE.search(w)]
    return len(words) <= 2 and not (words and words[0].casefold() in _SENTENCE_WORDS)


def _month_words(text: str) -> int:
    """How many words of ``text`` are in its dates ("27. januar 2017": one, "januar")."""
    return sum(len(_LETTERS_RE.findall(d.text)) for d in scan(text))


def _entry(line: str, d: DateMatch) -> bool:
    """A line that opens with a whole date, year and all ("Onsdag den 20. februar 2019,
    09.15 -12.00 - Politisk kommunikation"): an entry of its own, list or no list."""
    text = _BULLET_RE.sub("", _clean(line))
    at = text.find(d.text)
    # It says what it is ("- Politisk kommunikation"); a date and a time alone is a stamp
    # ("21. 01. 2022 - kl. 11:28" above a news item's byline).
    said = [w for w in _LETTERS_RE.findall(text[at + len(d.text) :]) if w.casefold() != "kl"]
    return d.states_year and not _LETTERS_RE.search(text[:at]) and bool(said)


def _short_rest(rest: str) -> bool:
    """Whether what follows a date leaves the line an item ("– virtuelt", "kl. 17 i
    Byrådssalen"), not a sentence that happens to begin with one."""
    rest = rest.strip()
    return len(_LETTERS_RE.findall(rest)) <= 8 or rest[:1] in ("–", "-", "(", ":", ",", "+")


def _bare(text: str, d: DateMatch) -> bool:
    """A line holding only "1.1." or "27.1.": a date only in a list whose heading says so."""
    return (
        d.numeric
        and d.year is None
        and d.weekday is None
        and not re.match(r"(?:den|d\.)", d.text, re.IGNORECASE)
        and not text[: d.start].strip()
        and not _LETTERS_RE.search(text[d.end :])
    )


def _section_number(text: str, d: DateMatch) -> bool:
    """Whether a bare "3.1." opens a numbered section ("3.1. Orientering om …")."""
    if not d.numeric or d.year is not None or d.weekday is not None:
        return False
    if re.match(r"(?:den|d\.)", d.text, re.IGNORECASE):
        return False
    return bool(re.match(r"[ \t]+(?-i:[A-ZÆØÅ])[^\W\d_]", text[d.end :]))


def _time(text: str | None) -> dt.time | None:
    """Read "10.00", "9" or "12:30"; ValueError when it is not a time of day."""
    if text is None:
        return None
    hour, _, minute = text.replace(":", ".").partition(".")
    return dt.time(int(hour), int(minute or 0))


@lru_cache(maxsize=8192)
def _clean(text: str) -> str:
    # Cached: a line is cleaned as a list item, a heading and running text alike.
    return _MARKUP_RE.sub("", text).strip()


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
_REAL_DATE_DA = "en dato, der findes, som '28. februar' eller 'Fredag den 2. juni'"


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
    year: int | None = None
    previous: dt.date | None = None
    #: Why the list has no body, for the unread dates it holds.
    why_no_body: str = ""
    #: Headed by a meeting word ("Mødedatoer 2024"), not just a line above dated lines.
    explicit: bool = False


@attrs.frozen
class TextReading:
    """What one text said: statements about meetings, the bodies it named, every date."""

    sightings: tuple[Sighting, ...]
    bodies: tuple[Body, ...]
    dates: tuple[DateRead, ...]


@attrs.define
class _Reader:
    """One pass over one text; the state is what a person reading it keeps in mind."""

    path: str
    calendar: Calendar
    own: str | None
    lines: list[str]
    bodies: BodyNames = attrs.field(init=False)
    document_date: dt.date | None = None
    #: Lines stating the document's own meeting, with the date expression each gives.
    headers: dict[int, str] = attrs.Factory(dict)
    #: Title lines read before anything named the document's body.
    pending: list[tuple[int, str, DateMatch]] = attrs.Factory(list)
    sightings: list[Sighting] = attrs.Factory(list)
    current: _List | None = None
    item: int = 0
    item_minutes: bool = False
    #: Bodies named since the current agenda item began, most recent last.
    item_mentions: list[str] = attrs.Factory(list)
    #: Bodies the calendar does not know, made from the names the text gives them.
    found: dict[str, Body] = attrs.Factory(dict)
    dates: list[DateRead] = attrs.Factory(list)
    #: The current line's date expressions, and which of them are accounted for.
    line_dates: Sequence[DateMatch] = ()
    claimed: set[int] = attrs.Factory(set)
    #: Where on the line to look for the next claim of each expression ("1. januar" ×100).
    cursors: dict[str, int] = attrs.Factory(dict)
    line: str = ""
    #: The latest year a line of its own or a short heading gave ("Møder i 2023").
    context_year: int | None = None
    #: The body the running text just above names as meeting ("KKR Syd mødes …").
    context_body: tuple[int, str] | None = None

    def __attrs_post_init__(self) -> None:
        self.bodies = body_names(self.calendar, self.own)

    # -- bodies --------------------------------------------------------------------

    def known(self, bid: str) -> bool:
        return bid in self.found or any(b.id == bid for b in self.calendar.bodies)

    def body_named(self, n: int, name: str) -> str:
        """The id of a body a text names: a known one, or one made from the name."""
        key = normal(name)
        if key in self.bodies.ids:
            return self.bodies.ids[key]
        if key.startswith("kkr "):
            # The five KKRs are built in: another "KKR …" is a slip, not a new council.
            kkrs = [b.name for b in self.calendar.bodies if b.name.upper().startswith("KKR ")]
            raise InputError(
                f"{name!r} is not a KKR",
                path=self.path,
                line=n,
                expected=f"one of: {', '.join(kkrs)}" if kkrs else EXPECTED_BODY,
                problem_da=f"{name!r} er ikke et KKR",
                expected_da=f"et af: {', '.join(kkrs)}" if kkrs else EXPECTED_BODY_DA,
            )
        bid = body_id(name)
        if bid in self.found or any(b.id == bid for b in self.calendar.bodies):
            return bid
        self.refuse_near_miss(n, name)
        self.found[bid] = Body(bid, name, inferred=True, source=Source(self.path, n))
        return bid

    def refuse_near_miss(self, n: int, name: str) -> None:
        """A name one or two letters from a known body's is a typo, not a new body."""
        from .dates import _distance

        key = normal(name)
        for known_name, bid in self.bodies.ids.items():
            # Names whose lengths differ by more than two are more than two edits apart:
            # measuring only the others spares most of the edit distances.
            if len(known_name) < 5 or abs(len(known_name) - len(key)) > 2:
                continue
            if 0 < _distance(key, known_name) <= 2:
                body = next(b for b in self.calendar.bodies if b.id == bid)
                raise InputError(
                    f"{name!r} is not a body in the calendar; did you mean {body.name!r}?",
                    path=self.path,
                    line=n,
                    expected=f"a body's name, such as {body.name!r}",
                    problem_da=f"{name!r} er ikke et organ i kalenderen; mente du {body.name!r}?",
                    expected_da=f"et organs navn, som {body.name!r}",
                )

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """Known bodies, and bodies by their Danish nouns, named in ``text``."""
        known = self.bodies.mentions(text)
        out = list(known)
        for start, end, name in named_bodies(text):
            if any(s < end and start < e for s, e, _ in known):
                continue
            key = normal(name)
            bid = self.bodies.ids.get(key) or body_id(name)
            if bid in self.bodies.ids.values() or self.known(bid):
                out.append((start, end, bid))
        return sorted(out)

    def name_bodies(self, n: int, text: str, *, generic: bool) -> list[tuple[int, int, str]]:
        """Like :meth:`mentions`, making a body of each new name (for headings and titles)."""
        known = self.bodies.mentions(text)
        out = list(known)
        for start, end, name in named_bodies(text, generic=generic):
            if not any(s < end and start < e for s, e, _ in known):
                out.append((start, end, self.body_named(n, name)))
        return sorted(out)

    # -- accounting ----------------------------------------------------------------

    def account(
        self,
        n: int,
        m: DateMatch,
        disposition: Disposition,
        *,
        date: dt.date | None = None,
        body: str | None = None,
        reason: str = "",
    ) -> None:
        self.claim(m)
        source = Source(self.path, n)
        texts = [m.text.strip()]
        dates: list[dt.date | None] = [date]
        if m.also and date is not None:
            # "3. og 4. februar": each day is a date of its own.
            for day in m.also:
                try:
                    dates.insert(-1, date.replace(day=day))
                except ValueError:
                    dates.insert(-1, None)
                texts.insert(-1, f"{day}.")
        for text, d in zip(texts, dates, strict=True):
            self.dates.append(DateRead(source, text, disposition, d, body, reason))

    def claim(self, m: DateMatch) -> None:
        """Mark the line's date expression ``m`` stands for (found in the line's own text,
        as ``m`` may come from the line without its bullet or markup) as accounted for."""
        wanted = m.text.strip()
        start = self.line.find(wanted, self.cursors.get(wanted, 0))
        while start >= 0 and start in self.claimed:
            start = self.line.find(wanted, start + 1)
        if start >= 0:
            self.claimed.update(range(start, start + len(wanted)))
            self.cursors[wanted] = start + len(wanted)

    def finish_line(self, n: int, line: str) -> None:
        """Set aside or leave unread each date on the line that nothing claimed."""
        for m in self.line_dates:
            if any(i in self.claimed for i in range(m.start, m.end)):
                continue
            before = line[max(0, m.start - 60) : m.start]
            if _DEADLINE_RE.search(before):
                reason = SetAside.DEADLINE
            elif (
                _DOCUMENT_DATE_RE.search(before)
                or n in self.headers
                or (m.states_year and self.placed(m) == self.document_date)
            ):
                reason = SetAside.DOCUMENT_DATE
            else:
                reason = SetAside.MENTION
            self.account(n, m, Disposition.SET_ASIDE, reason=reason, date=self.placed(m))
        for start, end, why in near_dates(line):
            if not any(i in self.claimed for i in range(start, end)):
                source = Source(self.path, n)
                self.dates.append(DateRead(source, line[start:end], Disposition.UNREAD, reason=why))
        self.claimed = set()
        self.cursors = {}

    def placed(self, m: DateMatch) -> dt.date | None:
        """A set-aside date's day, where its year is known; never an error."""
        year = m.year
        if year is None and self.document_date is not None:
            year = self.nearest_year(m, self.document_date)
        try:
            return m.resolve(year)[0] if year is not None else None
        except ValueError:
            return None

    # -- errors ----------------------------------------------------------------------

    def unreadable(self, n: int, text: str, reason: str) -> InputError:
        from ..danish import unread_reason

        shown = text if len(text) <= 60 else text[:57] + "…"
        return InputError(
            f"cannot read the date in {shown!r}: {reason}",
            path=self.path,
            line=n,
            expected=EXPECTED_DATE,
            problem_da=f"datoen i {shown!r} kan ikke læses: {unread_reason(reason)}",
            expected_da=EXPECTED_DATE_DA,
        )

    def resolve(
        self, n: int, m: DateMatch, year: int | None
    ) -> tuple[dt.date, dt.date | None, int | None]:
        """The date (and last date of a range) a match states; ``year`` if it states none."""
        try:
            day, end_date = m.resolve(year)
        except ValueError:
            raise NonexistentDateError(
                m.text.strip(),
                path=self.path,
                line=n,
                expected=_REAL_DATE,
                expected_da=_REAL_DATE_DA,
            ) from None
        return day, end_date, m.weekday

    # -- the document's own body and date --------------------------------------------

    def structure_starts(self) -> int:
        """The first line of the agenda proper (a table of contents row or an item)."""
        for n, line in enumerate(self.lines, 1):
            if _TOC_ROW_RE.match(line) or self.item_number(line, 0) is not None:
                return n
        return len(self.lines) + 1

    def infer_body(self, until: int) -> str | None:
        """The document's body from "Møde: KD-Net", a title, or the first line's name."""
        head = self.lines[: min(until - 1, 40)]
        for line in head:
            for regex in (_MEETING_OF_RE, _TITLE_RE):
                m = regex.search(line)
                if m:
                    found = self.bodies.at_start(m["rest"])
                    if found is not None:
                        return found
        # A page's title line ("Byrådet", "KKR Syddanmark – mødedatoer").
        for n, line in enumerate(head[:3], 1):
            text = _clean(line)
            if not text or len(text.split()) > 20:
                continue
            named = self.name_bodies(n, text, generic=False)
            compound = _COMPOUND_MEETING_RE.search(text)
            if not named and compound is not None and len(text.split()) <= 6:
                # "Skolebestyrelsesmøde april 2023", "Referat af lokalrådsmøde".
                named = self.name_bodies(n, compound["body"], generic=True)
            if named:
                return named[0][2]
        # A body named on a short line of the head ("KKR Nordjylland | 26-06-2015").
        for n, line in enumerate(head[:20], 1):
            text = _clean(line)
            if text and len(_LETTERS_RE.findall(text)) <= 6:
                named = self.name_bodies(n, text, generic=False)
                if named:
                    return named[0][2]
        return None

    def last_named(self, n: int) -> str | None:
        """The body last named in the text above line ``n`` (a list's body of last resort)."""
        for k in range(n - 1, max(0, n - 40), -1):
            named = self.mentions(self.lines[k - 1]) or self.name_bodies(
                k, self.lines[k - 1], generic=True
            )
            if named:
                return named[-1][2]
        return None

    def read_header(self, until: int) -> None:
        """The meeting the document records: its header, and its title lines.

        "Tid og sted: Fredag den 11. februar 2022, kl. 10.00" (or "Mødedato:" with the
        date on the next line) is the header; a title line with a dated document word
        ("Dagsorden lokalrådsmøde den 10. aug. 2023", "Referat – netværk Nordjylland 16.
        november 2021") says the same, and each such line is a statement of it.
        """
        head = self.lines[: min(until - 1, 40)]
        for n, line in enumerate(head, 1):
            m = _HEADER_RE.match(line)
            if m is None:
                continue
            rest, at = m["rest"], n
            if not rest.strip():  # "Mødedato:" and the date on a line below
                following = [(k, t) for k, t in enumerate(head[n : n + 3], n + 1) if scan(t)]
                if not following:
                    continue
                at, rest = following[0]
            if self.header(at, self.lines[at - 1], rest, m["label"]):
                break
        for n, line in enumerate(self.lines[: min(until - 1, 20)], 1):
            dated = [d for d in scan(line) if d.states_year]
            if dated and n not in self.headers and self.is_title(n, line):
                self.title(n, line, dated[0])
        own_dates = {s.statement.date for s in self.sightings}
        for n, line in enumerate(self.lines[: min(until - 1, 20)], 1):
            # The title's date said again ("Download "Referat Bestyrelse. Fredag 27.
            # januar 2017 …"", "Emne: … torsdag den 16. november 2021 kl. 20.00").
            again = [d for d in scan(line) if d.states_year and self.placed(d) in own_dates]
            if again and n not in self.headers and self.own is not None:
                day, end_date, weekday = self.resolve(n, again[0], None)
                start, end, _ = self.times(n, line, again[0].end, strict=False)
                self.headers[n] = again[0].text.strip()
                self.own_meeting(n, line, day, start, end, weekday, end_date=end_date)
        if self.document_date is None:
            # No header: the first dated line of the title block still dates the document.
            for line in self.lines[: min(until - 1, 15)]:
                for d in scan(line):
                    if d.year is not None and not d.numeric:
                        try:
                            self.document_date = d.resolve(None)[0]
                        except ValueError:
                            continue
                        return

    def header(self, n: int, line: str, rest: str, label: str) -> bool:
        """Read a meeting's own header; False when the label holds no date."""
        found = next(iter(scan(rest)), None)
        if found is None:
            problem = date_problem(rest)
            if problem:
                raise self.unreadable(n, line.strip(), problem[1])
            return False
        if not found.states_year:
            reason = "the meeting's own date needs its year"
            raise self.unreadable(n, line.strip(), reason)
        day, end_date, weekday = self.resolve(n, found, None)
        start, end, after = self.times(n, rest, found.end, strict=True)
        self.document_date = self.document_date or day
        self.headers[n] = found.text.strip()
        if self.own is None:
            return True  # dates the document; whose meeting it is, nothing says
        location = rest[after:].strip(_STRIP) if "sted" in label.casefold() else ""
        location = location if len(location) <= 80 else ""
        for following in self.lines[n : n + 3]:
            place = _PLACE_RE.match(following)
            if place and not location:
                location = place["place"].strip()
        virtual = bool(_VIRTUAL_RE.search(line) or _VIRTUAL_RE.search(location))
        self.own_meeting(n, line, day, start, end, weekday, end_date=end_date, virtual=virtual,
                         location="" if virtual and _VIRTUAL_RE.search(location) else location)  # fmt: skip
        return True

    def is_title(self, n: int, line: str) -> bool:
        """Whether a dated line in the head is the document's title, not a sentence.

        "Dagsorden lokalrådsmøde den 10. aug. 2023", "Referat – netværk Nordjylland 16.
        november 2021" (a title word first) and "KKR Nordjylland | 26-06-2015" (a body's
        name and a date, little else) are titles; "Referat af møde i KD-Net den 3.
        december 2021 kan læses her." is a sentence that refers to a meeting.
        """
        text = _clean(line)
        words = _LETTERS_RE.findall(text)
        if (text.endswith(".") and len(words) > 6) or len(words) > 12:
            return False
        if n <= 12 and _TITLE_START_RE.match(self.title_block(n)):
            return True
        named = self.mentions(text)
        rest = strip_mentions(text, named + [(d.start, d.end, "") for d in scan(text)])
        others = [w for w in _LETTERS_RE.findall(rest) if w.casefold() not in ("kl", "klokken")]
        if not named and not others:
            # A date alone under a line that is a body's name ("Landsbyrådet" / "20.
            # november 2014").
            above = next(
                (t for t in map(_clean, reversed(self.lines[max(0, n - 4) : n - 1])) if t), ""
            )
            named = self.mentions(above)
            return bool(named) and not _LETTERS_RE.search(strip_mentions(above, named))
        return bool(named) and len(others) <= 1

    def title_block(self, n: int) -> str:
        """Line ``n`` with the short lines right above it ("Referat / til / mødet i …")."""
        block = [_clean(self.lines[n - 1])]
        for k in range(n - 1, max(0, n - 4), -1):
            text = _clean(self.lines[k - 1])
            if not text or len(_LETTERS_RE.findall(text)) > 8 or scan(text):
                break
            block.insert(0, text)
        return " ".join(block)

    def title(self, n: int, line: str, found: DateMatch) -> None:
        """A title line dating the document's own meeting."""
        try:
            day, end_date, weekday = self.resolve(n, found, None)
        except NonexistentDateError:
            return  # a title's impossible date is left to the accounting
        self.document_date = self.document_date or day
        self.headers[n] = found.text.strip()
        own = self.own
        if own is None:
            named = self.name_bodies(n, line, generic=True)
            compound = _COMPOUND_MEETING_RE.search(line)
            if not named and compound is not None:
                named = self.name_bodies(n, compound["body"], generic=True)
            if not named:
                self.pending.append((n, line, found))  # whose, the rest of the text may say
                return
            own = self.own = named[0][2]
            self.bodies = body_names(self.calendar, self.own)
        start, end, _ = self.times(n, line, found.end, strict=False)
        self.headers[n] = found.text.strip()
        self.own_meeting(n, line, day, start, end, weekday, end_date=end_date)

    def settle_pending(self) -> None:
        """Give title lines read before any body was named to the first body the text
        names ("Mødet afholdt torsdag den 12.maj 2022 …" in the senior council's minutes)."""
        if not self.pending:
            return
        if self.own is None:
            self.own = next((m[0][2] for m in map(self.mentions, self.lines) if m), None)
        if self.own is None:
            return
        for n, line, found in self.pending:
            day, end_date, weekday = self.resolve(n, found, None)
            start, end, _ = self.times(n, line, found.end, strict=False)
            self.own_meeting(n, line, day, start, end, weekday, end_date=end_date)
            text = found.text.strip()
            self.dates = [
                attrs.evolve(d, disposition=Disposition.MEETING, body=self.own, reason="")
                if d.source.line == n and d.text == text
                else d
                for d in self.dates
            ]

    def statement(
        self,
        n: int,
        line: str,
        day: dt.date,
        start: dt.time | None,
        end: dt.time | None,
        weekday: int | None,
        context: Context,
    ) -> Statement:
        """What line ``n`` says of a meeting, kept verbatim with its file and line."""
        return Statement(Source(self.path, n), day, start, end, weekday, line.strip(), context)

    def own_meeting(
        self,
        n: int,
        line: str,
        day: dt.date,
        start: dt.time | None,
        end: dt.time | None,
        weekday: int | None,
        *,
        end_date: dt.date | None = None,
        virtual: bool = False,
        location: str = "",
    ) -> None:
        assert self.own is not None
        self.sightings.append(
            Sighting(
                body=self.own,
                statement=self.statement(n, line, day, start, end, weekday, Context.HEADER),
                end_date=end_date,
                location=location,
                virtual=virtual,
            )
        )

    # -- dates -------------------------------------------------------------------------

    def nearest_year(self, m: DateMatch, near: dt.date) -> int | None:
        """The year that puts a day and month nearest to ``near`` (None if none has it)."""
        best: tuple[int, int] | None = None
        for year in (near.year - 1, near.year, near.year + 1):
            try:
                distance = abs((dt.date(year, m.month, m.day) - near).days)
            except ValueError:
                continue
            if best is None or distance < best[0]:
                best = (distance, year)
        return best[1] if best else None

    def year_on_or_after(self, m: DateMatch, earliest: dt.date) -> int | None:
        for year in range(earliest.year, earliest.year + 9):
            try:
                if dt.date(year, m.month, m.day) >= earliest:
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
                    problem_da=f"klokkeslættet i {m.group().strip()!r} kan ikke læses",
                    expected_da="et klokkeslæt som 'kl. 10.00 – 12.00'",
                ) from None
            return None, None, pos
        return start, end, m.end()

    # -- agenda structure --------------------------------------------------------------

    def item_number(self, line: str, after: int) -> int | None:
        m = _ITEM_RE.match(line)
        if m is None:
            return None
        if any(d.start == m.start("n") for d in scan(line[: m.end() + 20])):
            return None
        number = int(m["n"])
        return number if number > after else None

    # -- lists -------------------------------------------------------------------------

    def heading(self, n: int, line: str, *, implicit: bool = False) -> _List | None:
        """A list heading on this line, or None (see :meth:`_heading`)."""
        lst = self._heading(n, line, implicit=implicit)
        if lst is not None:
            lst.explicit = lst.explicit or bool(_LIST_WORD_RE.search(line))
        return lst

    def _heading(self, n: int, line: str, *, implicit: bool) -> _List | None:
        """A list heading on this line, or None.

        ``implicit``: the line stands right above a run of dated lines, so it heads them
        even without a meeting word ("Byrådet 2024", "Forår").
        """
        if len(line) > _HEADING_CHARS:
            return None  # no heading is that long; and the patterns below need not see it
        if not implicit and not _HEADING_WORD_RE.search(line):
            return None  # neither a meeting word nor "Desuden:": no heading, and quickly
        text = " ".join(_clean(line).split())
        text = re.sub(r"^[0-9]{1,3}(?:\.\s+|\t)", "", text)
        text = _PRESENTER_RE.sub("", text).strip().rstrip(":").strip()
        # A body's name may hold a parenthesis ("Sundhedsstyregruppen (SSG)"); any other
        # parenthesis is a remark ("(lukket møde kl. 17.00 …)") that makes no sentence.
        text = strip_mentions(text, self.bodies.mentions(text), keep=True)
        text = _PARENTHESIS_RE.sub(" ", text).strip().rstrip(":").strip()
        if _MISC_HEADING_RE.match(text):
            return _List(n, self.own, explicit=True)
        if (
            not text
            or text.endswith(".")
            or not (implicit or _LIST_WORD_RE.search(text))
            or scan(text)
            or len(text) > 120
        ):
            return None
        mentions = self.bodies.mentions(text)
        rest = strip_mentions(text, mentions)
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
                problem_da=f"listens overskrift {text!r} nævner flere organer",
                expected_da="én liste for hvert organ",
            )
        if named:
            return _List(n, named.pop(), year=year)
        generic = self.generic_body(words)
        if generic is not None:
            return _List(n, generic, year=year)
        found = [b for _, _, b in self.name_bodies(n, rest, generic=True)]
        if not found:
            compound = _COMPOUND_MEETING_RE.search(rest)
            if compound is not None:
                found = [b for _, _, b in self.name_bodies(n, compound["body"], generic=True)]
        if len(set(found)) == 1:
            return _List(n, found[0], year=year)
        if any(w.casefold().startswith(("kkr", "kd-net", "dassos")) for w in words):
            known = ", ".join(b.name for b in self.calendar.bodies)
            named_words = " ".join(words)
            raise InputError(
                f"the list heading names {named_words!r}, which is not a body in the calendar",
                path=self.path,
                line=n,
                expected=f"one of: {known}" if known else EXPECTED_BODY,
                problem_da=f"listens overskrift nævner {named_words!r}, som ikke er et organ "
                "i kalenderen",
                expected_da=f"et af: {known}" if known else EXPECTED_BODY_DA,
            )
        return self.unnamed_list(n, year)

    def colon_list(self, n: int, line: str) -> bool:
        """A list on one line after a colon: "Mødedatoer i Ældrerådet 2019: 15/1, 19/2, …",
        "… holdes på følgende datoer: 28. maj, 27. august og 17. december 2026."."""
        first = self.line_dates[0] if len(self.line_dates) >= 2 else None
        if first is None:
            return False
        colon = line.rfind(":", 0, first.start)
        if colon < 0 or line[colon + 1 : first.start].strip() or _TIME_ONLY_RE.search(line[:colon]):
            return False
        before = line[:colon]
        if not (_LIST_WORD_RE.search(before) or _MEETS_RE.search(before)):
            return False
        after = line[colon + 1 :]
        after, run, _ = self.item_dates(after, bare=True)
        if len(run) < 2:
            return False
        years = {d.year for d in run if d.year is not None} | {
            int(y) for y in _YEAR_RE.findall(strip_mentions(before, []))
        }
        year = years.pop() if len(years) == 1 else None
        named = self.name_bodies(n, before, generic=True)
        compound = _COMPOUND_MEETING_RE.search(before) if not named else None
        if compound is not None:
            named = self.name_bodies(n, compound["body"], generic=True)
        lst = (
            _List(n, self.same_as_own(named[-1][2]), year=year)
            if named
            else self.unnamed_list(n, year)
        )
        if lst.year is None:
            lst.previous = self.anchor(run)
        self.list_items(n, line, after, run, lst)
        return True

    def anchor(self, run: Sequence[DateMatch]) -> dt.date | None:
        """Where a year-less run of dates sits in time, when it holds the document's own
        date ("Møderække: 31/8 - … - 26/4 - 22/5" in the minutes of 26 April 2023): the
        day the counting of the first item starts from, or None."""
        doc = self.document_date
        if doc is None:
            return None
        at = next((i for i, d in enumerate(run) if (d.month, d.day) == (doc.month, doc.day)), None)
        if at is None:
            return None
        day = doc
        for d in reversed(run[:at]):
            year = self.nearest_year(d, day)
            if year is None:
                return None
            day = dt.date(year, d.month, d.day)
        return day

    def unnamed_list(self, n: int, year: int | None) -> _List:
        """A list whose heading names no body: the text above, ``--body`` or the title's."""
        if self.context_body is not None and n - self.context_body[0] <= _CONTEXT_LINES:
            return _List(n, self.context_body[1], year=year)
        if self.own is not None:
            return _List(n, self.own, year=year)
        last = self.last_named(n)
        if last is not None:
            return _List(n, last, year=year)
        return _List(
            n, None, year=year, why_no_body="no body named in the heading, the title or --body"
        )

    def generic_body(self, words: Sequence[str]) -> str | None:
        """The body a generic heading word ("styregruppen") means in the current item."""
        for word in words:
            candidates = self.bodies.first_words.get(word.casefold(), ())
            for body in reversed(self.item_mentions):
                if body in candidates:
                    return body
        return None

    def item_dates(
        self, line: str, *, bare: bool = False, loose: bool = True
    ) -> tuple[str, list[DateMatch], bool]:
        """A line's text without its bullet, the dates that make it a list item, and
        whether it had a bullet.

        An item is a line whose first date comes within its first words; a run of dates
        with little between them ("Den 13/2  Den 6/3  Den 20/3", "13. januar, 3.
        februar og 31. marts") is one item a date.
        """
        text = _clean(line)
        bulleted = bool(_BULLET_RE.match(text))
        text = _BULLET_RE.sub("", text)
        found = scan(text)
        if not found or not _short_lead(text[: found[0].start]):
            tabled = scan_item(text)
            if tabled:
                return text, tabled, bulleted
        if not found:
            return text, [], bulleted
        first = found[0]
        lead = text[: first.start]
        if _DEADLINE_RE.search(lead):
            return text, [], bulleted  # "Sagsnr.: 19/04412 – frist 1. juni": not a meeting
        cell = "\t" in lead or "|" in lead
        if not (bulleted or _short_lead(lead) or (cell and len(lead.split()) <= 6)):
            return text, [], bulleted
        if _section_number(text, first) or (not bare and _bare(text, first)):
            return text, [], bulleted
        glued = text[first.end : first.end + 1].isalpha()  # "12. decemberMøder …": a PDF's seam
        if not loose and not (_short_lead(lead) and (glued or _short_rest(text[first.end :]))):
            return text, [], bulleted  # a sentence that begins with a date or a bullet
        run = [first]
        for d in found[1:]:
            gap = text[run[-1].end : d.start]
            if len(_LETTERS_RE.findall(gap)) > 2 or "(" in gap or _DEADLINE_RE.search(gap):
                break
            run.append(d)
        return text, run, bulleted

    def entry(self, line: str, d: DateMatch) -> bool:
        """A line of its own opening with a whole date ("Onsdag den 20. februar 2019,
        09.15 -12.00 - Politisk kommunikation"), other than the document's own."""
        return _entry(line, d) and self.placed(d) != self.document_date

    def starts_list(self, n: int, count: int = 1) -> bool:
        """Whether the ``count`` lines after ``n`` (blank lines aside) are list items by
        their shape alone: a date in the first words and little after it, no heading."""
        k = n
        for _ in range(count):
            k = next((i for i in range(k + 1, k + 4) if _clean(self.line_at(i))), 0)
            if not k or k in self.headers or not self.item_dates(self.lines[k - 1], loose=False)[1]:
                return False
        return True

    def line_at(self, n: int) -> str:
        return self.lines[n - 1] if 0 < n <= len(self.lines) else ""

    def list_line(self, n: int, line: str) -> bool:
        """Read one line inside a list; False when the line ends the list.

        A line is an item when it is bulleted or its date comes within its first words
        ("Konstituerende møde Mandag 26. jan"). Labels ("Vinterferie", "Forår:") and blank
        lines are passed over; a heading, an agenda item or a sentence ends the list.
        """
        lst = self.current
        assert lst is not None
        text = _clean(line)
        if not text or _LONE_BULLET_RE.match(text):
            return True
        if self.heading(n, line) is not None:
            return False
        if self.item_number(line, self.item) is not None and date_problem(text) is None:
            return False
        bare = text.rstrip(":").strip()
        if _YEAR_RE.fullmatch(bare):
            lst.year, lst.previous = int(bare), None
            return True
        if n in self.headers:
            return True  # the document's own meeting, said again: read as such, list goes on
        stripped, dates, bulleted = self.item_dates(line, bare=lst.explicit, loose=lst.explicit)
        problem = date_problem(stripped)
        if dates and (problem is None or dates[0].start <= problem[0]):
            self.list_items(n, line, stripped, dates, lst)
            return True
        if problem is not None and (bulleted or _short_lead(stripped[: problem[0]])):
            raise self.unreadable(n, line.strip(), problem[1])
        if lst.previous is None and n - lst.line <= _PREAMBLE_LINES:
            # Between a heading and its first date: "finder sted i Domkirkens Hus kl.
            # 18.00", "Menighedsrådet mødes … på følgende datoer i 2024:".
            self.references(n, line, None, None)
            self.preamble(n, line, lst)
            return True
        if self.line_dates:
            if stripped.startswith("(") and self.starts_list(n):
                # A remark between items ("(KL's årsmøde den 15. og 16. marts.)"): running
                # text, and the list goes on below it.
                self.references(n, line, None, None)
                return True
            return False  # a sentence with a date: running text
        # A label inside the list ("Vinterferie", "Forår") keeps it open; prose ends it.
        words = stripped.split()
        return len(words) <= 5 and not stripped.endswith((".", "?", "!"))

    def preamble(self, n: int, line: str, lst: _List) -> None:
        """What the text between a list's heading and its first date says of the list."""
        text = _clean(line)
        years = set(_YEAR_RE.findall(text)) if not self.line_dates else set()
        if lst.year is None and len(years) == 1:
            lst.year = int(years.pop())
        if _MEETS_RE.search(text):
            named = self.name_bodies(n, text, generic=False)
            if named and (lst.body is None or lst.body == self.own or not lst.explicit):
                lst.body = self.same_as_own(named[0][2])
            if lst.body is not None:
                self.note_weekdays(lst.body, text)

    def list_year(self, n: int, m: DateMatch, lst: _List) -> int | None:
        if lst.year is not None:
            return lst.year
        if lst.previous is not None:
            # The year that puts it nearest the item before: lists run forwards into
            # next year ("8. dec, 12. jan") or backwards, newest first ("13. juni, 16. maj").
            year = self.nearest_year(m, lst.previous)
        elif self.context_year is not None:
            return self.context_year
        elif self.document_date is not None:
            year = self.year_on_or_after(m, self.document_date - dt.timedelta(days=31))
        else:
            return None
        if year is None:  # 29 February and no leap year near
            raise NonexistentDateError(
                m.text.strip(),
                path=self.path,
                line=n,
                expected=_REAL_DATE,
                expected_da=_REAL_DATE_DA,
            )
        return year

    def list_items(
        self, n: int, line: str, text: str, dates: Sequence[DateMatch], lst: _List
    ) -> None:
        """Each date of a run, with the stretch of the line from the date before it to the
        next (what stands there is that date's title and remark, nobody else's)."""
        begin = 0
        for i, date in enumerate(dates):
            until = dates[i + 1].start if i + 1 < len(dates) else len(text)
            shifted = attrs.evolve(date, start=date.start - begin, end=date.end - begin)
            self.list_item(n, line, text[begin:until], shifted, lst)
            begin = date.end

    def list_item(self, n: int, line: str, text: str, m: DateMatch, lst: _List) -> None:
        year = None if m.states_year else self.list_year(n, m, lst)
        if not m.states_year and year is None:
            self.account(n, m, Disposition.UNREAD, body=lst.body, reason="no year")
            return
        day, end_date, weekday = self.resolve(n, m, year)
        start, end, after = self.times(n, text, m.end, strict=True)
        lst.previous = day
        if lst.body is None:
            self.account(n, m, Disposition.UNREAD, date=day, reason=lst.why_no_body)
            return
        words = strip_mentions(text, self.bodies.mentions(text))
        lead = text[: m.start].strip(_STRIP)
        if lead.casefold() in _CONNECTIVES:
            lead = ""  # "28. maj, 27. august og 17. december": the "og" is nobody's title
        lead = " ".join(lead.split())
        title = "" if not lead or _KIND_ONLY_RE.match(lead) else re.sub(r" (?:den|d\.)$", "", lead)
        title = title.replace("\t", " ").strip(_STRIP)
        self.account(n, m, Disposition.MEETING, date=day, body=lst.body)
        days = [day]
        for also in reversed(m.also):  # "3. og 4. februar": each day a meeting of its own
            try:
                days.insert(0, day.replace(day=also))
            except ValueError:
                raise NonexistentDateError(
                    m.text.strip(),
                    path=self.path,
                    line=n,
                    expected=_REAL_DATE,
                    expected_da=_REAL_DATE_DA,
                ) from None
        for each in days:
            self.sightings.append(
                Sighting(
                    body=lst.body,
                    statement=self.statement(n, line, each, start, end, weekday, Context.LIST),
                    kind=_kind(words),
                    end_date=end_date,
                    title=title,
                    virtual=bool(_VIRTUAL_RE.search(words)),
                    note=""
                    if text[after:].strip(_STRIP).casefold() in _CONNECTIVES
                    else _remark(text[after:]),
                    status=_status(text[after:]),
                )
            )

    # -- references --------------------------------------------------------------------

    def references(self, n: int, line: str, toc: int | None, item: int | None) -> None:
        # The known bodies an item names, for a generic heading below it ("styregruppen").
        self.item_mentions.extend(body for _, _, body in self.bodies.mentions(line))
        if not self.line_dates:
            return  # no date, no reference: the bodies by Danish nouns need not be found
        sentence_of_last: int | None = None
        keys: dict[tuple[str, str], int] = {}
        seen: set[tuple[object, ...]] = set()
        boundaries = [b.end() for b in _SENTENCE_RE.finditer(line)]
        for m in self.line_dates:
            if (
                m.numeric
                and m.weekday is None
                and not re.search(
                    r"(?:den|d\.)\s*$",
                    line[max(0, m.start - 5) : m.start] + m.text[:4],
                    re.IGNORECASE,
                )
                and not m.text.lower().startswith(("den", "d."))
            ):
                continue  # a bare "8.2." in prose is as likely a section number
            sentence = max((b for b in boundaries if b <= m.start), default=0)
            prefix = line[sentence : m.start]
            found = self.reference_body(prefix, line, m, coordinated=sentence_of_last == sentence)
            if found is None:
                continue
            body, kind = found
            if m.states_year:
                year = None
            elif self.document_date is not None:
                year = self.nearest_year(m, self.document_date)
                if year is None:
                    raise NonexistentDateError(
                        m.text.strip(),
                        path=self.path,
                        line=n,
                        expected=_REAL_DATE,
                        expected_da=_REAL_DATE_DA,
                    )
            else:
                self.account(n, m, Disposition.UNREAD, body=body, reason="no year")
                continue
            day, end_date, weekday = self.resolve(n, m, year)
            start, end, _ = self.times(n, line, m.end, strict=False)
            if kind is MeetingKind.ORDINARY and _CONSTITUTING_REF_RE.search(prefix):
                kind = MeetingKind.CONSTITUTING
            key = self.reference_key(line, body, toc, item)
            if key is not None:
                k = keys.get((body, key), 0)
                keys[(body, key)] = k + 1
                key = f"{self.path}#{key}" + (f"-{k + 1}" if k else "")
            sentence_of_last = sentence
            self.account(n, m, Disposition.REFERENCE, date=day, body=body)
            said = (body, day, start, end, kind, n)
            if said in seen:
                continue  # one line saying the same twice is one statement
            seen.add(said)
            self.sightings.append(
                Sighting(
                    body=body,
                    statement=self.statement(n, line, day, start, end, weekday, Context.REFERENCE),
                    kind=kind,
                    end_date=end_date,
                    virtual=bool(_VIRTUAL_RE.search(prefix)),
                    key=key,
                )
            )

    def reference_body(
        self, prefix: str, line: str, m: DateMatch, *, coordinated: bool
    ) -> tuple[str, MeetingKind] | None:
        """Which body's meeting the words before (and after) a date name, if any."""
        ordinary = MeetingKind.ORDINARY
        compound = _COMPOUND_BEFORE_RE.search(prefix)
        if compound is not None:  # "regionsrådsmøde den 2. marts 2020"
            named = self.name_bodies(0, compound["body"], generic=False)
            if named:
                return named[0][2], ordinary
        mentions = self.mentions(prefix)
        if mentions:
            start, end, body = mentions[-1]
            before, tail = prefix[:start], prefix[end:]
            if not tail.strip(" ,") and (
                _MEETING_IN_RE.search(before)  # "møde i KKR Midtjylland den …"
                or _PASSIVE_RE.search(before)  # "forelægges KKR d. …"
                or _DECISION_RE.search(before)  # "Beslutning i Byrådet den …"
                or (coordinated and _AND_RE.search(before))  # "… og KKR Midtjylland den …"
            ):
                return body, ordinary
            if _BODY_MEETING_TAIL_RE.fullmatch(tail) or _BODY_VERB_TAIL_RE.fullmatch(tail):
                return body, ordinary  # "KKR-mødet d. …", "Byrådet holdt møde den …"
        if _ENDS_WITH_MEETING_RE.search(prefix):
            after = _IN_AFTER_RE.match(line, self.times(0, line, m.end, strict=False)[2])
            if after:
                named = self.mentions(line[after.end() :])
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

    def context(self, n: int, line: str) -> None:
        """Remember what running text says for a list below it: a body, a year."""
        text = _clean(line)
        if not text or self.line_dates:
            return
        years = set(_YEAR_RE.findall(text))
        if len(years) == 1:
            self.context_year = int(years.pop())
        if _MEETS_RE.search(text):
            named = self.name_bodies(n, text, generic=False)
            if named:
                body = self.same_as_own(named[0][2])
                self.context_body = (n, body)
                self.note_weekdays(body, text)

    def note_weekdays(self, body: str, text: str) -> None:
        """The usual weekdays a text gives a body it met ("på en tirsdag")."""
        found = self.found.get(body)
        weekdays = _usual_weekdays(text)
        if found is not None and weekdays and not found.weekdays:
            self.found[body] = attrs.evolve(found, weekdays=weekdays)

    def same_as_own(self, body: str) -> str:
        """The document's own body where ``body`` is its short name: "Byrådet" in Silkeborg
        Byråd's calendar, "Rådet" in Integrationsrådet's."""
        if self.own is None or body == self.own or body not in self.found:
            return body
        short = self.found[body].name.casefold()
        own = next((b.name for b in self.calendar.bodies if b.id == self.own), None)
        own = own or (self.found[self.own].name if self.own in self.found else "")
        return self.own if own.casefold().endswith(short) else body

    def read(self) -> TextReading:
        until = self.structure_starts()
        if self.own is None:
            self.own = self.infer_body(until)
            self.bodies = body_names(self.calendar, self.own)
        self.read_header(until)
        previous_text = ""
        for n, line in enumerate(self.lines, 1):
            self.line, self.line_dates = line, scan(line)
            if n not in self.headers and not self.headers:
                inline = _HEADER_INLINE_RE.search(line)
                if inline is not None:
                    self.header(n, line, inline["rest"], inline["label"])
            if n in self.headers and self.own is not None:
                for m in self.line_dates:
                    if m.text.strip() == self.headers[n]:
                        self.account(n, m, Disposition.MEETING, body=self.own,
                                     date=m.resolve(None)[0])  # fmt: skip
                        break
            if self.current is not None:
                if self.list_line(n, line):
                    self.finish_line(n, line)
                    if _clean(line):
                        previous_text = line
                    continue
                self.current = None
            toc_row = _TOC_ROW_RE.match(line)
            toc = int(toc_row["n"]) if toc_row else None
            item = None if toc is not None else self.item_number(line, self.item)
            if item is not None:
                self.item = item
                self.item_minutes = bool(_MINUTES_RE.search(line))
                self.item_mentions = []
            if toc is None and self.colon_list(n, line):
                self.finish_line(n, line)
                previous_text = line
                continue
            heading = self.heading(n, line) if toc is None else None
            if (
                heading is None
                and toc is None
                and item is None
                and not self.line_dates
                and _clean(line)
                and self.starts_list(n, count=2)
            ):
                heading = self.heading(n, line, implicit=True)
            if heading is not None:
                self.context(n, line)  # "Silkeborg Byråd mødes normalt på en mandag"
                self.current = heading
                self.finish_line(n, line)
                previous_text = line
                continue
            if (
                toc is None
                and item is None
                and n not in self.headers
                and (run := self.item_dates(line, loose=False)[1])
                and (self.starts_list(n) or self.entry(line, run[0]))
            ):
                # Dated lines with no heading above: a list all the same.
                implied = (
                    self.heading(n - 1, previous_text, implicit=True) if previous_text else None
                )
                self.current = implied or self.unnamed_list(n, None)
                if self.list_line(n, line):
                    self.finish_line(n, line)
                    previous_text = line
                    continue
                self.current = None
            if n not in self.headers:
                self.references(n, line, toc, item)
                self.context(n, line)
            self.finish_line(n, line)
            if _clean(line):
                previous_text = line
        self.settle_pending()
        return TextReading(
            tuple(sorted(self.sightings, key=lambda s: s.statement.source.line or 0)),
            tuple(self.found.values()),
            tuple(self.dates),
        )


#: "KKR Syddanmark mødes …", "Byrådet holder møde …": the body of the list below.
_MEETS_RE = re.compile(
    r"(?:mødes|holder\s+(?:sine\s+)?møde|afholder\s+(?:sine\s+)?møde|møder\s+i|mødedatoer"
    r"|møder(?:ne)?|mødeplan|mødekalender)(?!\w)",
    re.IGNORECASE,
)
#: The longest line read as a heading.
_HEADING_CHARS = 300
#: How many lines may stand between a list's heading and its first date.
_PREAMBLE_LINES = 6
#: How far below the running text that names a body a list may begin and still be its.
_CONTEXT_LINES = 15


def _split_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def read_agenda_text(
    text: str, path: str, calendar: Calendar, *, body: str | None = None
) -> TextReading:
    """Everything a text says about meetings, and what became of each date in it.

    ``body`` is the body of the document (and of lists whose heading names none) when
    the text does not say ("Møde: KD-Net"); ``path`` is what sources cite.
    """
    if body is not None and body not in {b.id for b in calendar.bodies}:
        raise UnknownReferenceError(
            "body", body, known=tuple(b.id for b in calendar.bodies), field="--body", path=path
        )
    return _Reader(path, calendar, body, _split_lines(text)).read()


def read_agenda(
    text: str, path: str, calendar: Calendar, *, body: str | None = None
) -> list[Sighting]:
    """Every statement about a meeting that an agenda's text makes, in line order."""
    return list(read_agenda_text(text, path, calendar, body=body).sightings)


def _decode(path: str | os.PathLike[str]) -> tuple[str, str]:
    from ..inputs import read_input_bytes

    name = os.fspath(path)
    data = read_input_bytes(name, "an agenda text file", "en dagsordenstekst")
    try:
        return name, data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"byte 0x{data[exc.start]:02x} is not UTF-8 text",
            path=name,
            line=line,
            expected="a UTF-8 text file",
            problem_da=f"byte 0x{data[exc.start]:02x} er ikke UTF-8-tekst",
            expected_da="en tekstfil i UTF-8",
        ) from None


def read_agenda_file(
    path: str | os.PathLike[str], calendar: Calendar, *, body: str | None = None
) -> list[Sighting]:
    """Read an agenda text file (UTF-8); errors name the file and, where known, the line."""
    name, text = _decode(path)
    return read_agenda(text, name, calendar, body=body)


def read_agenda_file_text(
    path: str | os.PathLike[str], calendar: Calendar, *, body: str | None = None
) -> TextReading:
    """:func:`read_agenda_text` of a file."""
    name, text = _decode(path)
    return read_agenda_text(text, name, calendar, body=body)
