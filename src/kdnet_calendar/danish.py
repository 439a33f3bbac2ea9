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
    "genitive",
    "long_date",
    "short_weekday",
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


def genitive(name: str) -> str:
    """Danish possessive: "KKR Midtjyllands", but "DASSOS'" (names ending in s, x, z)."""
    return f"{name}'" if name[-1:].lower() in "sxz" else f"{name}s"
