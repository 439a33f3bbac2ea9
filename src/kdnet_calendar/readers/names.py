"""Names of bodies in text: the calendar's own bodies, and any other body a text names.

Both readers ask here which body a piece of text means, so that "KD-Net", "KKR
Midtjyllands" and "Kommunaldirektørnetværket i Midtjylland" mean the same body in an
agenda and in an Outlook export.

The world is open: a calendar published by a municipality names bodies the library has
never heard of ("Byrådet", "Teknik- og Miljøudvalget", "KKR Syddanmark", "Lokalrådet").
:func:`named_bodies` finds such names by the nouns Danish gives its councils, committees,
boards, networks and groups, and :func:`body_id` makes a stable id of the name
("Silkeborg Byråd" → ``silkeborg-byraad``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import attrs

from ..model import Calendar

__all__ = ["BodyNames", "body_id", "body_names", "named_bodies", "normal", "regional_kkr"]

WORD_RE = re.compile(r"[\w'’-]+")


def normal(name: str) -> str:
    """A name compared without case, hyphens or extra spaces ("KD-Net" = "kd net")."""
    return " ".join(re.split(r"[\s-]+", name.casefold())).strip()


_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def body_id(name: str) -> str:
    """The id a body found in text gets: "Silkeborg Byråd" → ``silkeborg-byraad``."""
    words = re.findall(r"[a-z0-9]+", name.casefold().translate(_ASCII))
    return "-".join(words) or "organ"


@attrs.frozen
class BodyNames:
    """The calendar's bodies as a matcher over text ("KD-Net", "KKR Midtjyllands", "KKR")."""

    pattern: re.Pattern[str] | None
    ids: dict[str, str]
    #: The first word of each body's name ("styregruppen") → ids, for generic headings.
    first_words: dict[str, tuple[str, ...]]
    #: Distinctive first words of full names ("kommunaldirektørnetværket") → id.
    heads: dict[str, str]
    #: Text → its mentions: a reader asks about the same line more than once.
    _seen: dict[str, tuple[tuple[int, int, str], ...]] = attrs.field(
        factory=dict, eq=False, repr=False
    )

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """Each known body named in ``text``: (start, end, id), left to right."""
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = tuple(self._find(text))
            if len(self._seen) > 8192:
                self._seen.clear()
        return list(found)

    def _find(self, text: str) -> list[tuple[int, int, str]]:
        if self.pattern is None:
            return []
        found = []
        for m in self.pattern.finditer(text):
            body = self.ids.get(normal(m["name"]))
            if body is not None:
                found.append((m.start(), m.end(), body))
        return found

    def first(self, text: str) -> str | None:
        """The body named earliest in ``text``, the longest name where two start together
        ("KD-Net: forberedelse af KKR Midtjylland" is KD-Net's meeting)."""
        found = self.mentions(text)
        return found[0][2] if found else None

    def at_start(self, text: str) -> str | None:
        """The body a text begins with, by name or by the head word of its full name."""
        text = text.strip()
        found = self.mentions(text)
        if found and found[0][0] == 0:
            return found[0][2]
        word = WORD_RE.match(text)
        return self.heads.get(word.group().casefold()) if word else None


@lru_cache(maxsize=32)
def _index(bodies: tuple[tuple[str, str, str], ...], kkr: str | None) -> BodyNames:
    """Index ``(id, name, full name)`` triples; cached, as a calendar is read many times."""
    ids: dict[str, str] = {}
    for bid, name, full_name in bodies:
        # The id too ("kd-net" in an export's category), the name without its
        # parenthesis ("Sundhedsstyregruppen"), and each half of a name with a slash.
        slashed = [part for part in name.split("/") if len(part.strip()) > 3] if "/" in name else []
        for alias in (name, full_name, re.sub(r"\s*\([^()]*\)", "", name), bid, *slashed):
            key = normal(alias)
            if key and key not in ids:
                ids[key] = bid
    if kkr is not None:
        ids.setdefault("kkr", kkr)
    alternatives = [
        r"(?:\s+|\s*-\s*)".join(re.escape(t) for t in key.split(" "))
        for key in sorted(ids, key=len, reverse=True)
    ]
    pattern = (
        re.compile(
            rf"(?<!\w)(?P<name>{'|'.join(alternatives)})(?:'s|’s|s|'|’)?(?!\w)", re.IGNORECASE
        )
        if alternatives
        else None
    )
    first: dict[str, list[str]] = {}
    for bid, name, _ in bodies:
        words = normal(name).split(" ")
        if words[0]:
            first.setdefault(words[0], []).append(bid)
    head_words: dict[str, list[str]] = {}
    for bid, _, full_name in bodies:
        word = WORD_RE.match(full_name.strip())
        if word and len(word.group()) >= 8:
            head_words.setdefault(word.group().casefold(), []).append(bid)
    heads = {w: ids_[0] for w, ids_ in head_words.items() if len(set(ids_)) == 1}
    return BodyNames(pattern, ids, {w: tuple(v) for w, v in first.items()}, heads)


def body_names(calendar: Calendar, own: str | None = None) -> BodyNames:
    """The matcher for a calendar's bodies; "KKR" alone means :func:`regional_kkr`."""
    key = tuple((b.id, b.name, b.full_name) for b in calendar.bodies)
    return _index(key, regional_kkr(calendar, own))


def regional_kkr(calendar: Calendar, own: str | None) -> str | None:
    """The KKR that "KKR" alone means: the one the document's body prepares, or its region's."""
    if own is None:
        return None
    by_id = {b.id: b for b in calendar.bodies}
    body = by_id.get(own)
    if body is None:
        return None

    def is_kkr(bid: str | None) -> bool:
        return bid in by_id and by_id[bid].name.upper().startswith("KKR")

    if body.prepares is not None and is_kkr(body.prepares):
        return body.prepares
    if is_kkr(own):
        return own
    regional = [b.id for b in calendar.bodies if is_kkr(b.id) and body.region == b.region]
    return regional[0] if body.region and len(regional) == 1 else None


# -- bodies the calendar does not know ---------------------------------------------------

#: The nouns Danish names its bodies with, as the last part of a compound ("Økonomiudvalg").
_HEADS = (
    "kommunalbestyrelse", "borgerrepræsentation", "repræsentantskab", "bestyrelse", "udvalg",
    "råd", "netværk", "styregruppe", "arbejdsgruppe", "følgegruppe", "baggrundsgruppe",
    "gruppe", "forum", "kreds", "nævn", "kommission", "direktion", "panel",
)  # fmt: skip
_HEAD = "|".join(sorted(_HEADS, key=len, reverse=True))
_STEM = r"[^\W\d_]"
#: "Byrådet", "Økonomiudvalgets", "Teknik- og Miljøudvalget", "Silkeborg Byråd", "KKR Syd".
_BODY_RE = re.compile(
    rf"""(?<![\w-])
    (?:(?P<kkr>(?-i:KKR))[ \t-]+(?P<region>(?-i:[A-ZÆØÅ]){_STEM}+?)(?:s(?![\w]))?
      |(?P<place>(?:[A-ZÆØÅ]{_STEM}+[ \t]+){{1,2}}(?=(?-i:[A-ZÆØÅa-zæøå])))?
       (?P<compound>(?:{_STEM}+-[ \t]+(?:og|eller)[ \t]+)?{_STEM}*?)
       (?P<head>{_HEAD})
       (?P<suffix>ets|ens|et|en|ns|n|s)?)
    (?![\w])
    """,
    re.IGNORECASE | re.VERBOSE,
)
#: Capitalised words that open a line or sentence rather than name a place.
_NOT_PLACES = frozenset(
    [
        "dagsorden",
        "referat",
        "møde",
        "møder",
        "mødet",
        "mødekalender",
        "mødeplan",
        "mødedatoer",
        "kalender",
        "indkaldelse",
        "beslutning",
        "sag",
        "sagen",
        "punkt",
        "for",
        "til",
        "i",
        "og",
        "på",
        "af",
        "med",
        "fra",
        "om",
        "det",
        "den",
        "de",
        "der",
        "næste",
        "kommende",
        "ordinært",
        "ordinære",
        "ekstraordinært",
        "ekstraordinære",
        "nyt",
        "nye",
        "ny",
        "vores",
        "alle",
        "årets",
        "godkendelse",
        "orientering",
        "tid",
        "sted",
        "dato",
        "oversigt",
        "forslag",
        "temamøde",
    ]
)
#: Bare heads name no body by themselves in running text ("gruppen", "rådet").
_GENERIC = frozenset(
    {"gruppe", "råd", "udvalg", "bestyrelse", "netværk", "forum", "kreds", "panel"}
)
#: The definite ending each head takes ("rådet", "gruppen"), for the name's indefinite form.
_DEFINITE = ("ets", "ens", "et", "en", "ns", "n", "s")


@lru_cache(maxsize=8192)
def named_bodies(text: str, *, generic: bool = False) -> tuple[tuple[int, int, str], ...]:
    """Bodies named in ``text`` by the nouns of Danish bodies: (start, end, name).

    The name is given in its indefinite form, capitalised ("Byrådets" → "Byråd",
    "Silkeborg Byråd" stays). A bare head ("udvalget", "gruppen") counts only with
    ``generic``: in a heading it names the list's body, in running text it could be anyone.
    """
    out: list[tuple[int, int, str]] = []
    for m in _BODY_RE.finditer(text):
        if m["kkr"]:
            out.append((m.start(), m.end(), f"KKR {m['region']}"))
            continue
        head = m["head"].casefold()
        compound = m["compound"] or ""
        if not compound and head in _GENERIC and not generic:
            continue
        word = compound + m["head"]
        place = m["place"] or ""
        place_words = [w for w in place.split() if w.casefold() not in _NOT_PLACES]
        definite = bool(m["suffix"]) and m["suffix"].casefold() != "s"
        start = m.start()
        if place and (definite or len(place_words) != len(place.split())):
            start = m.start("compound")  # "Dagsorden Byrådet": the place is not a place
            place_words = []
        name = " ".join([*place_words, word[0].upper() + word[1:]])
        out.append((start, m.end(), name))
    return tuple(out)


def usual_weekdays(text: str) -> tuple[int, ...]:
    """Weekdays a text says a body meets on ("på en tirsdag", "følgende torsdage")."""
    from .dates import WEEKDAY_NUMBERS

    found: list[int] = []
    for m in re.finditer(
        r"(?:på\s+(?:en\s+)?|følgende\s+|om\s+)(?P<day>mandag|tirsdag|onsdag|torsdag|fredag)(?:e|en)?(?![\w])",
        text,
        re.IGNORECASE,
    ):
        day = WEEKDAY_NUMBERS[m["day"].casefold()]
        if day not in found:
            found.append(day)
    return tuple(sorted(found))


def strip_mentions(
    text: str, mentions: Sequence[tuple[int, int, str]], *, keep: bool = False
) -> str:
    """``text`` with each mention blanked out, positions kept; with ``keep``, each
    mention's parentheses become brackets instead, so that the name survives a pass
    that drops parenthesised remarks."""
    for start, end, _ in reversed(mentions):
        name = text[start:end]
        name = name.replace("(", "[").replace(")", "]") if keep else " " * (end - start)
        text = text[:start] + name + text[end:]
    return text
