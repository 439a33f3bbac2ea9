"""Danish (and English) words for dates, kinds and roles, shared by readers and writers.

One table for both directions keeps the writer's output readable by the reader.
"""

from __future__ import annotations

import datetime as dt

from .model import MeetingKind, Role, Status

__all__ = [
    "KIND_NAMES",
    "MONTHS",
    "MONTHS_EN",
    "ROLE_NAMES",
    "RULE_NAMES",
    "STATUS_NAMES",
    "WEEKDAYS_DA",
    "WEEKDAYS_EN",
    "count",
    "genitive",
    "long_date",
    "short_weekday",
    "unread_reason",
]

MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS_DA = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

KIND_NAMES: dict[str, dict[MeetingKind, str]] = {
    "da": {
        MeetingKind.ORDINARY: "møde",
        MeetingKind.CONSTITUTING: "konstituerende møde",
        MeetingKind.SEMINAR: "seminar",
        MeetingKind.STUDY_TRIP: "studietur",
        MeetingKind.WORKSHOP: "workshop",
        MeetingKind.DEADLINE: "frist",
    },
    "en": {
        MeetingKind.ORDINARY: "meeting",
        MeetingKind.CONSTITUTING: "constituting meeting",
        MeetingKind.SEMINAR: "seminar",
        MeetingKind.STUDY_TRIP: "study trip",
        MeetingKind.WORKSHOP: "workshop",
        MeetingKind.DEADLINE: "deadline",
    },
}

STATUS_NAMES: dict[str, dict[Status, str]] = {
    "da": {Status.CONFIRMED: "", Status.TENTATIVE: "foreløbig", Status.CANCELLED: "AFLYST"},
    "en": {Status.CONFIRMED: "", Status.TENTATIVE: "tentative", Status.CANCELLED: "CANCELLED"},
}

ROLE_NAMES: dict[str, dict[Role, str]] = {
    "da": {
        Role.CHAIR: "formand",
        Role.CO_CHAIR: "medformand",
        Role.VICE_CHAIR: "næstformand",
        Role.MEMBER: "medlem",
        Role.SUBSTITUTE: "suppleant",
        Role.COORDINATOR: "tovholder",
    },
    "en": {
        Role.CHAIR: "chair",
        Role.CO_CHAIR: "co-chair",
        Role.VICE_CHAIR: "vice-chair",
        Role.MEMBER: "member",
        Role.SUBSTITUTE: "substitute",
        Role.COORDINATOR: "coordinator",
    },
}

#: The rule book's codes (``rules.settings.DEFAULT_SEVERITY``) as a reader of a page in
#: Danish knows them; the code stays beside the name so it can be looked up in the docs.
RULE_NAMES: dict[str, str] = {
    "stated-weekday-mismatch": "Ugedagen passer ikke til datoen",
    "source-disagreement": "Kilderne er uenige",
    "weekend": "Møde i en weekend",
    "public-holiday": "Møde på en helligdag",
    "day-off": "Møde på en fridag",
    "school-holiday": "Møde i en skoleferie",
    "usual-weekday": "Ikke på den faste ugedag",
    "missing-preparation": "Intet forberedende møde",
    "preparation-lead": "Forberedelsestid uden for det anbefalede",
    "constituting-order": "Konstitueringen i forkert rækkefølge",
    "constituting-deadline": "Konstituering efter fristen",
    "after-election": "Møde mellem valget og nytår",
    "overlap": "Møder overlapper",
    "spacing": "For kort tid mellem to møder",
    "yearly-count": "Antal møder i året",
    "external-conflict": "Falder sammen med en anden begivenhed",
    "unread-date": "En dato kunne ikke læses",
}


def long_date(day: dt.date, lang: str = "da", *, weekday: bool = True, year: bool = True) -> str:
    """``fredag den 24. januar 2025`` / ``Friday 24 January 2025``."""
    if lang == "en":
        text = f"{day.day} {MONTHS_EN[day.month - 1]}"
        if year:
            text += f" {day.year}"
        return f"{WEEKDAYS_EN[day.weekday()]} {text}" if weekday else text
    text = f"{day.day}. {MONTHS[day.month - 1]}"
    if year:
        text += f" {day.year}"
    return f"{WEEKDAYS_DA[day.weekday()]} den {text}" if weekday else text


def short_weekday(day: dt.date, lang: str = "da") -> str:
    names = WEEKDAYS_EN if lang == "en" else WEEKDAYS_DA
    return names[day.weekday()][:3]


def count(n: int, one: str, many: str) -> str:
    """``n`` and the noun that goes with it: "1 dag", "2 dage", "0 møder", "1 day"."""
    return f"{n} {one if n == 1 else many}"


#: Why the readers could not read a date (the English they record), in Danish.
_UNREAD_DA = {
    "no year": "intet år – hverken overskriften, listen eller dokumentets dato giver et",
    "no body named in the heading, the title or --body": (
        "intet organ – hverken overskriften, titlen eller --body nævner et"
    ),
    "a comma where the day's dot belongs": "komma hvor dagens punktum hører til",
    "not a day/month": "ikke en dag/måned",
    "a weekday without a day and month": "en ugedag uden dag og måned",
    "the meeting's own date needs its year": "mødets egen dato skal have et årstal",
}


def unread_reason(reason: str, lang: str = "da") -> str:
    """Why a reader could not read a date, in ``lang``: the readers record it in English."""
    if lang == "en":
        return reason
    if reason.endswith(" is not a month"):
        return f"{reason.removesuffix(' is not a month')} er ikke en måned"
    return _UNREAD_DA.get(reason, reason)


def genitive(name: str) -> str:
    """Danish possessive: "KKR Midtjyllands", but "DASSOS'" (names ending in s, x, z)."""
    return f"{name}'" if name[-1:].lower() in "sxz" else f"{name}s"
