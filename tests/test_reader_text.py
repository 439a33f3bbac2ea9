"""The agenda-text reader: the two real agendas, each notation, bad input, fuzz, round trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kdnet_calendar import (
    Calendar,
    Context,
    InputError,
    Meeting,
    MeetingKind,
    NonexistentDateError,
    load_embedded,
)
from kdnet_calendar.exceptions import NothingReadError
from kdnet_calendar.model import Body
from kdnet_calendar.readers import Disposition, Sighting, assemble
from kdnet_calendar.readers import read as read_all
from kdnet_calendar.readers.text import read_agenda, read_agenda_file, read_agenda_text
from kdnet_calendar.writers import render_danish

from .conftest import AGENDAS

DOCUMENTS = ("kd-net-2022-02-11", "kd-net-2023-04-14")
CHECKED_BODIES = ("kkr-midtjylland", "kd-net", "dassos")
FRIDAY = 4

Said = tuple[str, dt.date, int | None, Context]


@pytest.fixture(scope="module")
def cal() -> Calendar:
    """The embedded bodies without their meetings: what the reader gets to work with."""
    return load_embedded().with_meetings(())


def agenda(name: str) -> Path:
    return AGENDAS / f"{name}.txt"


def said(sightings: list[Sighting]) -> set[Said]:
    return {
        (s.body, s.statement.date, s.statement.source.line, s.statement.context) for s in sightings
    }


def on_line(sightings: list[Sighting], line: int, body: str | None = None) -> Sighting:
    found = [
        s for s in sightings if s.statement.source.line == line and (body is None or s.body == body)
    ]
    assert len(found) == 1, found
    return found[0]


def read(text: str, cal: Calendar, *, body: str | None = None) -> list[Sighting]:
    return read_agenda(text, "agenda.txt", cal, body=body)


def transcribed(document: str) -> set[Said]:
    """The embedded data set's statements from one agenda about KKR, KD-Net and DASSOS.

    Deadlines are left out on purpose: a deadline is not a meeting, and reading dates in
    prose about deadlines would turn every "senest den …" into a false meeting.
    """
    return {
        (m.body, s.date, s.source.line, s.context)
        for m in load_embedded().meetings
        if m.body in CHECKED_BODIES and m.kind is not MeetingKind.DEADLINE
        for s in m.statements
        if s.source.document == document
    }


# -- the real agendas ---------------------------------------------------------------------

#: What the reader finds beyond the human transcription, each a true statement:
EXTRA: dict[str, set[Said]] = {
    "kd-net-2022-02-11": {
        # The minutes approved under item 2: the contents row says 20 August 2021, the item
        # heading and the minutes' own link say 3 December 2021 (one key, so one meeting).
        ("kd-net", dt.date(2021, 8, 20), 16, Context.REFERENCE),
        ("kd-net", dt.date(2021, 12, 3), 30, Context.REFERENCE),
        ("kd-net", dt.date(2021, 12, 3), 35, Context.REFERENCE),
        # The attachment line of item 8 names the study trip's dates again.
        ("kd-net", dt.date(2022, 5, 18), 365, Context.REFERENCE),
        # The title line dates the agenda's own meeting, as its header does.
        ("kd-net", dt.date(2022, 2, 11), 3, Context.HEADER),
    },
    "kd-net-2023-04-14": {
        # Item 23's recommendation and attachment, and the attachment list, cite the minutes.
        ("kd-net", dt.date(2023, 1, 27), 40, Context.REFERENCE),
        ("kd-net", dt.date(2023, 1, 27), 48, Context.REFERENCE),
        ("kd-net", dt.date(2023, 1, 27), 484, Context.REFERENCE),
        # "… at KKR Midtjylland på mødet den 26. april …", "inden KKR-mødet d. 26. april",
        # "forelægges KKR d. 26. april", "På mødet 10. februar 2023 i KKR Midtjylland".
        ("kkr-midtjylland", dt.date(2023, 4, 26), 72, Context.REFERENCE),
        ("kkr-midtjylland", dt.date(2023, 4, 26), 79, Context.REFERENCE),
        ("kkr-midtjylland", dt.date(2023, 4, 26), 198, Context.REFERENCE),
        ("kkr-midtjylland", dt.date(2023, 2, 10), 99, Context.REFERENCE),
        # "… skal godkendes af KD-Net den 14. april …" – this very meeting.
        ("kd-net", dt.date(2023, 4, 14), 270, Context.REFERENCE),
        # The title block under the header says the meeting's date again.
        ("kd-net", dt.date(2023, 4, 14), 11, Context.HEADER),
        # The steering group's own list (transcribed as references; it is a list).
        ("styregruppe-europaeisk-kulturregion", dt.date(2023, 5, 2), 363, Context.LIST),
        ("styregruppe-europaeisk-kulturregion", dt.date(2023, 10, 13), 364, Context.LIST),
    },
}


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_transcribed_meeting_statement_is_found(cal: Calendar, document: str) -> None:
    found = said(read_agenda_file(agenda(document), cal))
    missing = transcribed(document) - found
    assert not missing


@pytest.mark.parametrize("document", DOCUMENTS)
def test_nothing_is_found_beyond_the_transcription_but_the_known_extras(
    cal: Calendar, document: str
) -> None:
    found = said(read_agenda_file(agenda(document), cal))
    everything = {
        (m.body, s.date, s.source.line, s.context)
        for m in load_embedded().meetings
        for s in m.statements
        if s.source.document == document
    }
    assert found - everything == EXTRA[document]


@pytest.mark.parametrize(
    ("document", "line"),
    [
        ("kd-net-2022-02-11", 161),  # "Kontaktudvalget godkendte på møde den 17. juni 2020"
        ("kd-net-2022-02-11", 170),  # the mobility group's dialogue meeting (not a known kind)
        ("kd-net-2022-02-11", 201),  # "KD-Net besluttede den 23. oktober 2020": a decision
        ("kd-net-2022-02-11", 270),  # "institutionsplanen, den 12. januar 2022"
        ("kd-net-2023-04-14", 60),  # a deadline
        ("kd-net-2023-04-14", 169),  # "KKR Midtjylland godkendte den 23. april 2021"
        ("kd-net-2023-04-14", 272),  # a deadline
        ("kd-net-2023-04-14", 366),  # "På mødet d. 2. maj skal styregruppen …" after the list
        ("kd-net-2023-04-14", 399),  # "Regionsrådet besluttede den 25. januar 2023"
        ("kd-net-2023-04-14", 401),  # the raw-materials group: not named as a known body
        ("kd-net-2023-04-14", 417),  # a date material was sent
    ],
)
def test_dates_in_prose_about_other_things_are_not_sightings(
    cal: Calendar, document: str, line: int
) -> None:
    sightings = read_agenda_file(agenda(document), cal)
    assert not [s for s in sightings if s.statement.source.line == line]


def test_the_2022_header_lists_and_references_read_in_full(cal: Calendar) -> None:
    s = read_agenda_file(agenda("kd-net-2022-02-11"), cal)
    header = on_line(s, 5)
    assert header.body == "kd-net"
    assert header.statement.context is Context.HEADER
    assert header.statement.date == dt.date(2022, 2, 11)
    assert (header.statement.start, header.statement.end) == (dt.time(10), dt.time(12))
    assert header.statement.weekday == FRIDAY
    assert header.statement.text == "Tid og sted: Fredag den 11. februar 2022, kl. 10.00 – 12.00."
    assert header.location == "Scandic Silkeborg, Udgårdsvej 2, 8600 Silkeborg"

    assert on_line(s, 389).kind is MeetingKind.CONSTITUTING
    assert on_line(s, 389).note == ""
    assert on_line(s, 427).kind is MeetingKind.CONSTITUTING
    obs = on_line(s, 428)
    assert obs.note == "OBS – i forbindelse med kommunalpolitisk topmøde i Ålborg"
    assert (
        obs.statement.text
        == "- 17. marts 2022 – OBS – i forbindelse med kommunalpolitisk topmøde i Ålborg"
    )
    assert on_line(s, 430).virtual
    assert on_line(s, 430).note == ""
    trip = on_line(s, 465)
    assert trip.kind is MeetingKind.STUDY_TRIP
    assert (trip.statement.date, trip.end_date) == (dt.date(2022, 5, 18), dt.date(2022, 5, 19))
    assert trip.body == "kd-net"
    assert trip.title.startswith("Studietur til Bruxelles")
    reference = on_line(s, 348)
    assert reference.kind is MeetingKind.STUDY_TRIP
    assert reference.end_date == dt.date(2022, 5, 19)
    assert on_line(s, 317).body == "dassos"


def test_the_2023_header_and_weekday_lists(cal: Calendar) -> None:
    s = read_agenda_file(agenda("kd-net-2023-04-14"), cal)
    header = on_line(s, 6)
    assert header.statement.context is Context.HEADER
    assert (header.statement.date, header.statement.start) == (dt.date(2023, 4, 14), dt.time(10))
    assert header.statement.end is None
    assert header.location == "Scandic Silkeborg"
    cdeu = on_line(s, 448)
    assert cdeu.note == "Besøg fra CDEU"
    assert cdeu.statement.weekday == FRIDAY
    january = on_line(s, 462)
    assert january.statement.date == dt.date(2025, 1, 25)  # a Saturday, read as written
    assert january.statement.weekday == FRIDAY
    assert on_line(s, 470).kind is MeetingKind.CONSTITUTING
    kulturregion = on_line(s, 363)
    assert kulturregion.body == "styregruppe-europaeisk-kulturregion"
    assert (kulturregion.statement.start, kulturregion.statement.end) == (
        dt.time(15, 15),
        dt.time(16, 15),
    )
    assert kulturregion.virtual
    assert kulturregion.note == "opkaldsinfo sendes før mødet"
    assert [x.body for x in s if x.statement.source.line == 270] == [
        "dassos",
        "kd-net",
        "kkr-midtjylland",
    ]


def test_contents_row_and_item_heading_share_a_key(cal: Calendar) -> None:
    s = read_agenda_file(agenda("kd-net-2022-02-11"), cal)
    assert on_line(s, 16).key is not None
    assert on_line(s, 16).key == on_line(s, 30).key == on_line(s, 35).key
    assert on_line(s, 23).key is not None
    assert on_line(s, 23).key == on_line(s, 367).key
    assert on_line(s, 23).key != on_line(s, 16).key


def test_keys_are_per_document(cal: Calendar) -> None:
    """Item 2 of one agenda and item 2 of the next are not the same meeting."""
    a = read("Møde: KD-Net\n\n2. Godkendelse af referatet fra mødet den 3. maj 2024\n", cal)
    b = read_agenda(
        "Møde: KD-Net\n\n2. Godkendelse af referatet fra mødet den 7. juni 2024\n",
        "other.txt",
        cal,
    )
    assert a[0].key != b[0].key
    assembled = assemble([*a, *b], cal)
    assert len(assembled.meetings_of("kd-net")) == 2


def january_2025(calendar: Calendar) -> Meeting:
    [meeting] = [m for m in calendar.meetings_of("kd-net", year=2025) if m.date.month == 1]
    return meeting


def test_both_agendas_together_keep_the_january_2025_disagreement(cal: Calendar) -> None:
    sightings = [s for document in DOCUMENTS for s in read_agenda_file(agenda(document), cal)]
    assembled = assemble(sightings, cal)
    meeting = january_2025(assembled)
    stated = {(s.source.line, s.date, s.weekday) for s in meeting.statements}
    assert stated == {(453, dt.date(2025, 1, 24), None), (462, dt.date(2025, 1, 25), FRIDAY)}
    assert meeting.date == dt.date(2025, 1, 24)  # the statement without a wrong weekday


@pytest.mark.parametrize("document", DOCUMENTS)
def test_each_agenda_assembles_on_its_own(cal: Calendar, document: str) -> None:
    assembled = assemble(read_agenda_file(agenda(document), cal), cal)
    meeting = january_2025(assembled)
    assert len(meeting.statements) == 1
    kd_net = assembled.meetings_of("kd-net")
    assert len({m.date for m in kd_net}) == len(kd_net)


def test_the_2021_minutes_meeting_carries_both_dates(cal: Calendar) -> None:
    assembled = assemble(read_agenda_file(agenda("kd-net-2022-02-11"), cal), cal)
    [minutes] = assembled.meetings_of("kd-net", year=2021)
    assert {s.date for s in minutes.statements} == {dt.date(2021, 8, 20), dt.date(2021, 12, 3)}
    assert {s.source.line for s in minutes.statements} == {16, 30, 35}


# -- notation, hand-made ------------------------------------------------------------------

SJAELLAND = """\
Møder i KKR Sjælland 2025

Onsdag 8. feb
Konstituerende møde Mandag 26. jan
d. 3. marts kl. 9.00-12.00
den 14. april 2023 kl. 10.00 – 12.00
13. oktober, kl. 9.00 - 12.30
"""


def test_other_regions_lists_without_bullets(cal: Calendar) -> None:
    s = read(SJAELLAND, cal)
    assert {x.body for x in s} == {"kkr-sjaelland"}
    assert {x.statement.context for x in s} == {Context.LIST}
    got = [
        (x.statement.source.line, x.statement.date, x.statement.start, x.statement.end) for x in s
    ]
    assert got == [
        (3, dt.date(2025, 2, 8), None, None),
        (4, dt.date(2025, 1, 26), None, None),
        (5, dt.date(2025, 3, 3), dt.time(9), dt.time(12)),
        (6, dt.date(2023, 4, 14), dt.time(10), dt.time(12)),  # the line's year wins
        (7, dt.date(2025, 10, 13), dt.time(9), dt.time(12, 30)),
    ]
    assert s[0].statement.weekday == 2
    assert s[1].statement.weekday == 0
    assert s[1].kind is MeetingKind.CONSTITUTING
    assert s[1].title == ""


@pytest.mark.parametrize(
    ("written", "month"),
    [
        ("jan", 1), ("januar", 1), ("feb.", 2), ("Februar", 2), ("mar", 3), ("marts", 3),
        ("apr.", 4), ("maj", 5), ("jun", 6), ("juni", 6), ("jul.", 7), ("aug", 8),
        ("sep", 9), ("sept.", 9), ("september", 9), ("okt", 10), ("nov.", 11), ("dec", 12),
        ("DECEMBER", 12),
    ],
)  # fmt: skip
def test_month_names_and_abbreviations(cal: Calendar, written: str, month: int) -> None:
    [s] = read(f"Mødekalender KD-Net 2030\n- 3. {written}\n", cal)
    assert s.statement.date == dt.date(2030, month, 3)


@pytest.mark.parametrize(
    ("written", "weekday"),
    [
        ("mandag", 0), ("Man.", 0), ("tirsdag", 1), ("tir", 1), ("tirs.", 1), ("Onsdag", 2),
        ("ons", 2), ("torsdag", 3), ("tor.", 3), ("tors", 3), ("FREDAG", 4), ("fre", 4),
        ("lørdag", 5), ("lør", 5), ("søndag", 6), ("søn.", 6),
    ],
)  # fmt: skip
def test_weekday_names_and_abbreviations(cal: Calendar, written: str, weekday: int) -> None:
    [s] = read(f"Mødekalender KD-Net 2030\n- {written} den 3. maj\n", cal)
    assert s.statement.weekday == weekday  # stated, not checked: readers never judge


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("3. maj 2030, kl. 10.00 – 12.00", dt.time(10), dt.time(12)),
        ("3. maj 2030 kl. 10:00", dt.time(10), None),
        ("3. maj 2030kl. 10:00", dt.time(10), None),
        ("3. maj 2030 kl. 9-12.30", dt.time(9), dt.time(12, 30)),
        ("3. maj 2030 (Kl. 10.00 - 10.30)", dt.time(10), dt.time(10, 30)),
        ("3. maj 2030 kl. 10 til 12", dt.time(10), dt.time(12)),
        ("3. maj 2030 10.00-12.00", dt.time(10), dt.time(12)),
        ("den 3. maj 2030 kl. 08.30 – 12.30", dt.time(8, 30), dt.time(12, 30)),
        ("3. maj 2030", None, None),
    ],
)
def test_times(cal: Calendar, written: str, start: dt.time | None, end: dt.time | None) -> None:
    [s] = read(f"Mødekalender KD-Net 2030\n- {written}\n", cal)
    assert (s.statement.date, s.statement.start, s.statement.end) == (
        dt.date(2030, 5, 3),
        start,
        end,
    )


def test_year_per_line_overrides_the_heading(cal: Calendar) -> None:
    s = read("Mødekalender for KD-Net 2022\n\n- 3. juni 2022\n- 7. januar 2023\n- 2. feb\n", cal)
    assert [x.statement.date for x in s] == [
        dt.date(2022, 6, 3),
        dt.date(2023, 1, 7),
        dt.date(2022, 2, 2),
    ]


def test_a_line_holding_a_year_changes_the_year(cal: Calendar) -> None:
    s = read("Mødekalender for KD-Net\n2024:\n- 5. april\n**2025**\n- 4. april\n", cal)
    assert [x.statement.date for x in s] == [dt.date(2024, 4, 5), dt.date(2025, 4, 4)]


def test_upcoming_meetings_without_a_year_count_on_from_the_document_date(cal: Calendar) -> None:
    text = """\
Møde: KD-Net
Mødetid: 14. april 2023 kl. 10:00

Kommende møder i KD-Net

- Fredag den 2. juni
- Fredag den 10. november
- Fredag den 26. januar
"""
    s = read(text, cal)
    assert [(x.statement.context, x.statement.date) for x in s] == [
        (Context.HEADER, dt.date(2023, 4, 14)),
        (Context.LIST, dt.date(2023, 6, 2)),
        (Context.LIST, dt.date(2023, 11, 10)),
        (Context.LIST, dt.date(2024, 1, 26)),
    ]


def test_a_list_without_any_year_or_document_date_is_unread(cal: Calendar) -> None:
    reading = read_agenda_text("Kommende møder i KD-Net\n\n- 2. juni\n", "agenda.txt", cal)
    assert reading.sightings == ()
    [date] = reading.dates
    assert (date.source.line, date.disposition, date.reason) == (3, Disposition.UNREAD, "no year")


def test_a_heading_without_a_body_takes_the_documents_body(cal: Calendar) -> None:
    text = "Dagsorden for møde i kommunaldirektørnetværket\n\nMødekalender 2024\n- 5. april\n"
    [s] = read(text, cal)
    assert s.body == "kd-net"
    [s] = read("Mødekalender 2024\n- 5. april\n", cal, body="kkr-sjaelland")
    assert s.body == "kkr-sjaelland"


def test_a_list_without_any_body_is_unread_and_says_why(cal: Calendar) -> None:
    reading = read_agenda_text("Noget\n\nMødekalender 2024\n\n- 5. april\n", "agenda.txt", cal)
    assert reading.sightings == ()
    [date] = reading.dates
    assert (date.source.line, date.disposition, date.date) == (
        5,
        Disposition.UNREAD,
        dt.date(2024, 4, 5),
    )
    assert "--body" in date.reason


def test_an_input_with_no_meeting_read_is_an_error_not_a_pass(
    cal: Calendar, tmp_path: Path
) -> None:
    path = tmp_path / "agenda.txt"
    path.write_text("Noget\n\nMødekalender 2024\n\n- 5. april\n", encoding="utf-8")
    with pytest.raises(NothingReadError) as info:
        read_all([path], cal)
    assert str(info.value).startswith(f"{path}: read no meeting: 1 date, 1 unread")
    assert "\n" not in str(info.value)
    # Named on the command line, the same list reads.
    assert len(read_all([path], cal, body="Silkeborg Byråd").calendar.meetings) == 1


def test_kkr_alone_is_the_kkr_the_document_body_prepares(cal: Calendar) -> None:
    text = (
        "Møde: KD-Net\nMødetid: 14. april 2023 kl. 10:00\n\n"
        "Sagen forelægges KKR d. 26. april.\nSendes ud inden KKR-mødet d. 3. maj.\n"
    )
    s = read(text, cal)
    assert [(x.body, x.statement.date) for x in s[1:]] == [
        ("kkr-midtjylland", dt.date(2023, 4, 26)),
        ("kkr-midtjylland", dt.date(2023, 5, 3)),
    ]
    assert all(x.statement.context is Context.REFERENCE for x in s[1:])


def test_kkr_alone_means_nothing_without_a_document_body(cal: Calendar) -> None:
    assert read("Sagen forelægges KKR d. 26. april 2023.\n", cal) == []


@pytest.mark.parametrize(
    ("sentence", "body", "day"),
    [
        ("Foreløbige punkter til møde i KKR Midtjylland den 23. marts 2022", "kkr-midtjylland", 23),
        (
            "KKR Midtjylland skal på sit kommende møde den 23. marts 2022 drøfte",
            "kkr-midtjylland",
            23,
        ),
        ("DASSOS forventes på sit møde den 9. februar 2022 at fastlægge", "dassos", 9),
        ("DASSOS drøfter rapporterne d. 11. april 2023, hvortil", "dassos", 11),
        ("Godkendelse af referatet af mødet den 20. august 2021", "kd-net", 20),
        ("Referat af møde i KD-Net den 3. december 2021 kan læses her.", "kd-net", 3),
        ("På mødet 10. februar 2023 i KKR Midtjylland var der enighed", "kkr-midtjylland", 10),
        ("Bilag 1 - Referat fra KD-Net møde 27 januar 2023", "kd-net", 27),
        ("Forud for studieturen til Bruxelles den 18. – 19. maj 2022", "kd-net", 18),
    ],
)
def test_references_that_tie_a_date_to_a_meeting(
    cal: Calendar, sentence: str, body: str, day: int
) -> None:
    [s] = read(sentence + "\n", cal, body="kd-net")
    assert (s.body, s.statement.date.day, s.statement.context) == (body, day, Context.REFERENCE)


@pytest.mark.parametrize(
    "sentence",
    [
        "Kontaktudvalget godkendte på møde den 17. juni 2020, at kommunerne",
        "KD-Net besluttede den 23. oktober 2020 at iværksætte samarbejdet",
        "institutionsplanen, den 12. januar 2022.",
        "strategiarbejdet med deadline senest den 20. juni 2023.",
        "Fællessekretariatet har haft dialogmøde med kommunerne den 26. januar 2023",
        "Link til mødet den 23. april 2021: https://example.org",
        "KKR Midtjylland godkendte den 23. april 2021 rammeaftalen",
    ],
)
def test_dates_not_tied_to_a_known_bodys_meeting(cal: Calendar, sentence: str) -> None:
    assert read(sentence + "\n", cal, body="kd-net") == []


def test_coordinated_references_in_one_sentence(cal: Calendar) -> None:
    s = read(
        "Rapporterne skal godkendes af KD-Net den 14. april 2023 og KKR Midtjylland den "
        "26. april 2023.\n",
        cal,
        body="kd-net",
    )
    assert [(x.body, x.statement.date) for x in s] == [
        ("kd-net", dt.date(2023, 4, 14)),
        ("kkr-midtjylland", dt.date(2023, 4, 26)),
    ]


def test_year_less_references_take_the_year_nearest_the_document_date(cal: Calendar) -> None:
    text = (
        "Møde: KD-Net\nMødetid: 12. januar 2024 kl. 10:00\n\n"
        "Referat af møde i KD-Net den 10. november kan læses her.\n"
        "KKR Midtjylland skal på mødet d. 9. februar drøfte sagen.\n"
    )
    s = read(text, cal)
    assert [x.statement.date for x in s[1:]] == [dt.date(2023, 11, 10), dt.date(2024, 2, 9)]


def test_a_generic_group_heading_means_the_group_the_item_named(cal: Calendar) -> None:
    text = (
        "Møde: KD-Net\n\n30. Udpegning til styregruppen for Europæisk Kulturregion\n\n"
        "Møder i styregruppen 2023:\n\n- 2. maj, kl. 15.15 - 16.15 (virtuelt møde)\n"
    )
    [s] = read(text, cal)
    assert s.body == "styregruppe-europaeisk-kulturregion"
    assert s.virtual
    assert s.note == ""


def test_lists_of_groups_the_calendar_does_not_know_get_a_body_of_their_own(
    cal: Calendar,
) -> None:
    text = (
        "Møde: KD-Net\n\nMøder i styregruppen 2023:\n- 2. maj\n- 13. oktober\n\n"
        "Mødekalender for KD-Net 2023\n- 27. januar\n"
    )
    reading = read_agenda_text(text, "agenda.txt", cal)
    [group] = reading.bodies
    assert (group.id, group.name, group.inferred) == ("styregruppe", "Styregruppe", True)
    assert [(s.body, s.statement.date) for s in reading.sightings] == [
        ("styregruppe", dt.date(2023, 5, 2)),
        ("styregruppe", dt.date(2023, 10, 13)),
        ("kd-net", dt.date(2023, 1, 27)),
    ]


def test_an_unknown_kkr_is_an_error(cal: Calendar) -> None:
    with pytest.raises(InputError) as info:
        read("\nMødekalender for KKR Fyn 2025\n- 3. maj\n", cal)
    assert info.value.line == 2
    assert "KKR Fyn" in str(info.value)


def test_a_sentence_after_a_list_ends_it(cal: Calendar) -> None:
    text = (
        "Mødekalender for KD-Net 2023\n- 2. juni\n\n"
        "På mødet d. 2. maj skal styregruppen drøfte strategien.\n- 9. juni\n"
    )
    assert [x.statement.source.line for x in read(text, cal)] == [2]


def test_desuden_lists_the_document_bodys_other_events(cal: Calendar) -> None:
    text = "Møde: KD-Net\n\nDesuden:\n\n- Studietur til Bruxelles, den 18. – 19. maj 2022.\n"
    [s] = read(text, cal)
    assert (s.body, s.kind, s.title) == (
        "kd-net",
        MeetingKind.STUDY_TRIP,
        "Studietur til Bruxelles",
    )
    assert s.end_date == dt.date(2022, 5, 19)


@pytest.mark.parametrize(
    ("written", "first", "last"),
    [
        ("18. – 19. maj 2022", dt.date(2022, 5, 18), dt.date(2022, 5, 19)),
        ("30. juni – 2. juli 2022", dt.date(2022, 6, 30), dt.date(2022, 7, 2)),
        ("30. december – 2. januar 2023", dt.date(2022, 12, 30), dt.date(2023, 1, 2)),
        ("30. december 2022 - 2. januar 2023", dt.date(2022, 12, 30), dt.date(2023, 1, 2)),
        ("Onsdag den 18. til 19. maj", dt.date(2022, 5, 18), dt.date(2022, 5, 19)),
    ],
)
def test_ranges(cal: Calendar, written: str, first: dt.date, last: dt.date) -> None:
    [s] = read(f"Mødekalender KD-Net 2022\n- {written}\n", cal)
    assert (s.statement.date, s.end_date) == (first, last)


def test_the_document_body_comes_from_the_text_or_the_option(cal: Calendar) -> None:
    header = "Mødetid: 14. april 2023 kl. 10:00\n"
    assert read("Møde: KD-Net\n" + header, cal)[0].body == "kd-net"
    assert read(header, cal, body="dassos")[0].body == "dassos"
    # Without a body the header dates the document but is no one's meeting.
    reading = read_agenda_text(header, "agenda.txt", cal)
    assert reading.sightings == ()
    assert [(d.disposition, d.reason) for d in reading.dates] == [
        (Disposition.SET_ASIDE, "document-date")
    ]


def test_an_unknown_body_option_is_an_input_error(cal: Calendar) -> None:
    with pytest.raises(InputError, match="nobody"):
        read("", cal, body="nobody")


def test_line_endings_do_not_shift_line_numbers(cal: Calendar) -> None:
    [s] = read("Mødekalender KD-Net 2030\r\n\r\n- 3. maj\r\n", cal)
    assert s.statement.source.line == 3
    assert s.statement.text == "- 3. maj"


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "nonexistent"),
    [
        ("- 31. februar", True),
        ("- 30/2", True),
        ("- 32. januar", True),
        ("- 12. fenruar", False),
        ("- Fredag den 2. jnui", False),
        ("- 3. Mai", False),
        ("- Fredag", False),
        ("- 3. maj kl. 25.00", False),
        ("- 12. fenruar, 3. marts", False),
        ("Onsdag 8. fbe", False),
    ],
)
def test_unreadable_dates_in_a_list_name_the_line(
    cal: Calendar, item: str, nonexistent: bool
) -> None:
    text = f"Mødekalender for KD-Net 2023\n\n- 27. januar\n{item}\n- 2. juni\n"
    with pytest.raises(InputError) as info:
        read(text, cal)
    error = info.value
    assert isinstance(error, NonexistentDateError) is nonexistent
    assert error.line == 4
    message = str(error)
    assert message.startswith("agenda.txt:4: ")
    assert "\n" not in message


def test_an_unreadable_header_date_names_the_line(cal: Calendar) -> None:
    with pytest.raises(InputError) as info:
        read("Møde: KD-Net\nTid og sted: Fredag den 11. fenruar 2022\n", cal)
    assert info.value.line == 2


def test_a_missing_file(cal: Calendar, tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    with pytest.raises(InputError) as info:
        read_agenda_file(path, cal)
    assert str(info.value).startswith(str(path))


def test_a_file_that_is_not_utf8_names_the_line(cal: Calendar, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Møde: KD-Net\n\nMødekalender 2023\n- 3. maj\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_agenda_file(path, cal)
    assert info.value.line == 1
    assert "\n" not in str(info.value)


# -- properties -----------------------------------------------------------------------------

FRAGMENTS = (
    "Mødekalender for KKR Midtjylland 2022", "KD-Net møder i 2024", "Kommende møder i KD-Net",
    "Møder i styregruppen 2023:", "Desuden:", "Møde: KD-Net",
    "Tid og sted: Fredag den 11. februar 2022, kl. 10.00 – 12.00.", "Mødetid: 14. april 2023kl. 10:00", "- 19. januar",
    "- Fredag den 2. juni - Besøg fra CDEU", "- 26. august 2022 – virtuelt.", "-", "",
    "Onsdag 8. feb", "d. 3. marts kl. 9.00-12.00", "- 30/2", "- 31. februar", "- 29. feb",
    "2. Godkendelse af referatet fra mødet d. 27. januar", "9\tmøde i KKR den 3. maj",
    "forelægges KKR d. 26. april", "og KKR Midtjylland den 31. april", "2024:",
    "- 18. – 19. maj 2022", "- 1/1 23", "- 3. maj kl. 99.99", "studieturen den 40. maj",
)  # fmt: skip
agenda_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40))).map("\n".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(), agenda_text), body=st.sampled_from([None, "kd-net"]))
def test_arbitrary_text_raises_nothing_but_input_errors(
    cal: Calendar, text: str, body: str | None
) -> None:
    error: InputError | None = None
    found: tuple[Body, ...] = ()
    try:
        reading = read_agenda_text(text, "fuzz.txt", cal, body=body)
        sightings, found = list(reading.sightings), reading.bodies
    except InputError as exc:
        error, sightings = exc, []
    if error is not None:
        assert str(error).startswith("fuzz.txt")
        assert "\n" not in str(error)
    known = {b.id for b in cal.bodies} | {b.id for b in found}
    assert all(s.body in known for s in sightings)


@st.composite
def meetings_of_one_body(draw: st.DrawFn, calendar: Calendar) -> list[Meeting]:
    body = draw(st.sampled_from([b.id for b in calendar.bodies]))
    days = draw(
        st.sets(st.dates(dt.date(2022, 1, 1), dt.date(2035, 12, 31)), min_size=1, max_size=8)
    )
    five_minutes = st.integers(0, 24 * 12 - 2)
    meetings = []
    for i, day in enumerate(sorted(days)):
        start = end = None
        step = draw(st.none() | five_minutes)
        if step is not None:
            start = dt.time(step // 12, step % 12 * 5)
            later = draw(st.none() | st.integers(step + 1, 24 * 12 - 1))
            if later is not None:
                end = dt.time(later // 12, later % 12 * 5)
        meetings.append(
            Meeting(
                id=f"{body}-{i}",
                body=body,
                date=day,
                start=start,
                end=end,
                kind=draw(st.sampled_from([MeetingKind.ORDINARY, MeetingKind.CONSTITUTING])),
                virtual=draw(st.booleans()),
            )
        )
    return meetings


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_render_danish_reads_back(cal: Calendar, data: st.DataObject) -> None:
    meetings = data.draw(meetings_of_one_body(cal))
    text = render_danish(cal, meetings)
    sightings = read_agenda(text, "rendered.txt", cal)
    assert {s.body for s in sightings} == {meetings[0].body}
    assert {s.statement.context for s in sightings} == {Context.LIST}
    got = {
        (s.statement.date, s.statement.start, s.statement.end, s.kind, s.virtual) for s in sightings
    }
    assert got == {(m.date, m.start, m.end, m.kind, m.virtual) for m in meetings}
    assert all(s.statement.weekday == s.statement.date.weekday() for s in sightings)


def render_trip(cal: Calendar, first: dt.date, last: dt.date) -> list[Sighting]:
    trip = Meeting(
        id="trip",
        body="kd-net",
        date=first,
        end_date=last,
        kind=MeetingKind.STUDY_TRIP,
        title="Studietur til Bruxelles",
    )
    return read_agenda(render_danish(cal, [trip]), "rendered.txt", cal)


def test_a_rendered_trip_within_a_month_reads_back(cal: Calendar) -> None:
    [s] = render_trip(cal, dt.date(2022, 5, 18), dt.date(2022, 5, 19))
    assert (s.statement.date, s.end_date, s.kind) == (
        dt.date(2022, 5, 18),
        dt.date(2022, 5, 19),
        MeetingKind.STUDY_TRIP,
    )


def test_a_rendered_trip_across_months_reads_back(cal: Calendar) -> None:
    [s] = render_trip(cal, dt.date(2022, 6, 30), dt.date(2022, 7, 2))
    assert (s.statement.date, s.end_date) == (dt.date(2022, 6, 30), dt.date(2022, 7, 2))
