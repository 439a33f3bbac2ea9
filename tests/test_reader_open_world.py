"""The kinds of text the reader once skipped in published calendars, one test each.

The examples are made up in the style of the real texts in ``tests/data/real/``, which the
corpus test reads in full.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kdnet_calendar import Calendar, Context, MeetingKind, load_embedded
from kdnet_calendar.account import Disposition, SetAside
from kdnet_calendar.cli import main
from kdnet_calendar.readers import read
from kdnet_calendar.readers.text import TextReading, read_agenda_text

D = dt.date


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return load_embedded().with_meetings(())


def reading(text: str, cal: Calendar, body: str | None = None) -> TextReading:
    return read_agenda_text(text, "side.txt", cal, body=body)


def meetings(r: TextReading) -> list[tuple[str, dt.date]]:
    return [(s.body, s.statement.date) for s in r.sightings]


# -- 1. headings outside a fixed word list ------------------------------------------------


@pytest.mark.parametrize(
    "heading", ["Bestyrelsesmøder 2026", "Udvalgsmøder 2026", "Meeting dates 2026", "Mødedatoer"]
)
def test_kind_1_any_heading_that_heads_dates(cal: Calendar, heading: str) -> None:
    r = reading(f"{heading}\n\n- 3. februar 2026\n- 14. april 2026\n", cal, body="kd-net")
    assert [d for _, d in meetings(r)] == [D(2026, 2, 3), D(2026, 4, 14)]


def test_kind_1_a_compound_heading_names_its_body(cal: Calendar) -> None:
    r = reading("Bestyrelsesmøder 2026\n\n- 3. februar\n- 14. april\n", cal)
    assert meetings(r) == [("bestyrelse", D(2026, 2, 3)), ("bestyrelse", D(2026, 4, 14))]


# -- 2. a body named on the first line, or in the text above a list ------------------------


def test_kind_2_the_body_in_the_running_text_above_the_list(cal: Calendar) -> None:
    text = (
        "Møder og dagsordener\n\nKKR Syddanmark mødes normalt fem gange om året.\n\n"
        "Møder i 2026:\n- 28. januar\n- 15. april\n"
    )
    assert {b for b, _ in meetings(reading(text, cal))} == {"kkr-syddanmark"}


def test_kind_2_the_body_on_the_first_line(cal: Calendar) -> None:
    r = reading("Silkeborg Byråd\n\nMødekalender 2026\n\n- 27. januar\n- 24. februar\n", cal)
    [body] = r.bodies
    assert (body.id, body.name, body.inferred) == ("silkeborg-byraad", "Silkeborg Byråd", True)
    assert {b for b, _ in meetings(r)} == {"silkeborg-byraad"}


def test_kind_2_usual_weekdays_come_from_the_text(cal: Calendar) -> None:
    text = (
        "Lokalrådet\n\nLokalrådet holder møde på en tirsdag hver anden måned:\n"
        "- 13. januar 2026\n- 10. marts 2026\n"
    )
    [body] = reading(text, cal).bodies
    assert body.weekdays == (1,)


# -- 3. lines inside a list that are not dates ---------------------------------------------


def test_kind_3_labels_blank_lines_and_events_do_not_end_a_list(cal: Calendar) -> None:
    text = (
        "Byrådsmøder 2024\n\n- 24. januar\nVinterferie\n- 28. februar\n\n"
        "Budgetseminar den 21. og 22. august\n\n- 25. september\n"
    )
    r = reading(text, cal)
    assert [d for _, d in meetings(r)] == [
        D(2024, 1, 24), D(2024, 2, 28), D(2024, 8, 21), D(2024, 8, 22), D(2024, 9, 25),
    ]  # fmt: skip


# -- 4. case numbers ------------------------------------------------------------------------


def test_kind_4_a_case_number_is_not_a_date_and_ends_nothing(cal: Calendar) -> None:
    text = "Mødekalender for KD-Net 2026\nSagsnr.: 19/04412\n\n- 6. februar\n- 20. marts\n"
    r = reading(text, cal)
    assert meetings(r) == [("kd-net", D(2026, 2, 6)), ("kd-net", D(2026, 3, 20))]
    assert all("04412" not in d.text for d in r.dates)


# -- 5. numeric dates and text glued by PDF extraction -------------------------------------


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("Tirsdag den 17.3.", D(2026, 3, 17)),
        ("Onsdag den 9.2.", D(2026, 2, 9)),
        ("27.1.", D(2026, 1, 27)),
        ("8/2-2026", D(2026, 2, 8)),
        ("8.2.2026", D(2026, 2, 8)),
        ("8.2.26", D(2026, 2, 8)),
        ("d. 8.2.", D(2026, 2, 8)),
        ("onsdag 8/2", D(2026, 2, 8)),
        ("ons. 8. feb", D(2026, 2, 8)),
        ("17.april", D(2026, 4, 17)),
        ("03. oktober", D(2026, 10, 3)),
        ("Den 12. maj", D(2026, 5, 12)),
        ("15. novemberDagsorden", D(2026, 11, 15)),
    ],
)
def test_kind_5_numeric_and_spaced_and_glued_dates(
    cal: Calendar, written: str, day: dt.date
) -> None:
    r = reading(f"Mødekalender for KD-Net 2026\n- {written}\n- 1. december\n", cal)
    assert meetings(r)[0] == ("kd-net", day)


def test_kind_5_a_two_digit_year_is_this_century(cal: Calendar) -> None:
    r = reading("Møde: KD-Net\n\nMødekalender\n- 7.6.18\n- 8.6.18\n", cal)
    assert [d for _, d in meetings(r)] == [D(2018, 6, 7), D(2018, 6, 8)]


# -- 6. past tense --------------------------------------------------------------------------


def test_kind_6_a_meeting_held_is_a_reference(cal: Calendar) -> None:
    [s] = reading("Byrådet holdt møde den 12. marts 2021 og vedtog budgettet.\n", cal).sightings
    assert (s.statement.date, s.statement.context) == (D(2021, 3, 12), Context.REFERENCE)


# -- 7. a meeting's header in a flattened PDF line ------------------------------------------


def test_kind_7_a_header_in_the_middle_of_a_line(cal: Calendar) -> None:
    text = "Referat Side 1 af 4 Møde: KD-Net Tid og sted: Torsdag 19. marts 2020 kl. 10.00\n"
    r = reading(text, cal, body="kd-net")
    [s] = r.sightings
    assert (s.statement.date, s.statement.weekday, s.statement.context) == (
        D(2020, 3, 19), 3, Context.HEADER,
    )  # fmt: skip


# -- 8. nothing invented --------------------------------------------------------------------


def test_kind_8_a_time_or_place_the_text_does_not_give_stays_unknown(
    cal: Calendar, tmp_path: Path
) -> None:
    path = tmp_path / "kd-net.txt"
    path.write_text("Mødekalender for KD-Net 2026\n- 6. februar\n- 20. marts\n", encoding="utf-8")
    [m, _] = read([path], cal).calendar.meetings_of("kd-net")
    assert (m.start, m.end, m.location) == (None, None, "")


def test_kind_8_a_data_file_s_defaults_fill_in(cal: Calendar, tmp_path: Path) -> None:
    from kdnet_calendar import dumps

    registry = tmp_path / "organer.toml"
    registry.write_text(dumps(load_embedded().with_meetings(())), encoding="utf-8")
    path = tmp_path / "kd-net.txt"
    path.write_text("Mødekalender for KD-Net 2026\n- 6. februar\n- 20. marts\n", encoding="utf-8")
    [m, _] = read([registry, path], cal).calendar.meetings_of("kd-net")
    assert (m.start, m.end) == (dt.time(10), dt.time(12))


# -- 9. --body names a body a data file defines, and means the same in every command --------


def test_kind_9_body_names_a_body_a_data_file_defines(tmp_path: Path) -> None:
    data = tmp_path / "byraad.toml"
    data.write_text(
        'format = 1\nname = "Byrådet"\n\n[[bodies]]\nid = "byraadet"\nname = "Byrådet"\n'
        'kind = "political"\n',
        encoding="utf-8",
    )
    text = tmp_path / "side.txt"
    text.write_text("Mødedatoer 2026\n- 27. januar\n- 24. februar\n", encoding="utf-8")
    assert main(["validate", str(data), str(text), "--body", "byraadet"]) == 0
    assert main(["show", "--data", str(data), "--data", str(text), "--body", "byraadet"]) == 0


def test_kind_9_show_body_is_the_body_of_the_text_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "side.txt"
    text.write_text("Mødedatoer 2026\n- 27. januar\n- 24. februar\n", encoding="utf-8")
    assert main(["show", "--data", str(text), "--body", "Silkeborg Byråd", "--format", "json"]) == 0
    out = capsys.readouterr()
    assert out.out.count('"body": "silkeborg-byraad"') == 2
    assert "2 møder (Silkeborg Byråd 2026: 2)" in out.err


# -- 10. compound words ---------------------------------------------------------------------


def test_kind_10_a_compound_names_its_kind(cal: Calendar) -> None:
    r = reading("Mødekalender for KD-Net 2026\n- Budgetseminar den 21. august\n", cal)
    [s] = r.sightings
    assert s.kind is MeetingKind.SEMINAR


# -- the accounting -------------------------------------------------------------------------


def test_every_date_ends_in_exactly_one_place(cal: Calendar) -> None:
    text = (
        "Møde: KD-Net\nTid og sted: Fredag den 6. februar 2026 kl. 10.00\n\n"
        "Mødekalender for KD-Net 2026\n- 20. marts\n\n"
        "Referatet fra mødet den 23. januar 2026 godkendes.\n"
        "Høringssvar sendes senest den 1. marts 2026.\n"
        "Regionen holdt Folkemøde 11. juni 2026.\n"
    )
    dates = [(d.source.line, d.disposition, d.reason) for d in reading(text, cal).dates]
    assert sorted(dates) == [
        (2, Disposition.MEETING, ""),
        (5, Disposition.MEETING, ""),
        (7, Disposition.REFERENCE, ""),
        (8, Disposition.SET_ASIDE, SetAside.DEADLINE),
        (9, Disposition.SET_ASIDE, SetAside.MENTION),
    ]


def test_a_misspelt_date_in_running_text_is_unread_not_dropped(cal: Calendar) -> None:
    text = (
        "Mødekalender for KD-Net 2026\n- 6. februar\n\nNæste møde er 12. fenruar om formiddagen.\n"
    )
    [unread] = [d for d in reading(text, cal).dates if d.disposition is Disposition.UNREAD]
    assert (unread.source.line, unread.text) == (4, "12. fenruar")


def test_validate_refuses_an_input_it_read_nothing_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nyhed.txt"
    path.write_text("Nyhed\n\nOpdateret 3. marts 2024\n\nIngen møder her.\n", encoding="utf-8")
    assert main(["validate", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"kdnet-calendar: error: {path}: read no meeting: ")
    assert "\n" not in err


def test_kind_8_show_prints_no_place_the_text_did_not_give(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kd-net.txt"
    path.write_text("Mødekalender for KD-Net 2026\n- 6. februar\n- 20. marts\n", encoding="utf-8")
    assert main(["show", "--data", str(path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"location": null' in out
    assert "Scandic" not in out
    assert '"start": null' in out


def test_show_says_what_it_read_from_a_data_file(capsys: pytest.CaptureFixture[str]) -> None:
    from kdnet_calendar.datafile import embedded_path

    assert main(["show", "--data", str(embedded_path()), "--year", "2030"]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"Læst {embedded_path()}: 51 møder (")


def test_a_data_file_without_meetings_is_not_a_clean_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tom.toml"
    path.write_text('format = 1\nname = "Tom"\n', encoding="utf-8")
    assert main(["validate", str(path), "--lang", "en"]) == 2
    assert "read no meeting: the data files hold no meeting" in capsys.readouterr().err


def test_a_proposal_written_as_json_reads_back_as_its_meetings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proposal = tmp_path / "forslag.json"
    assert main(["propose", "2027", "--format", "json"]) == 0
    proposal.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["validate", str(proposal)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Læst {proposal}: 15 møder (")
    assert main(["propose", "2027", "--fixed", str(proposal), "--format", "json"]) == 0


def test_json_that_is_not_a_calendar_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"meetings": [{"id": "a", "body": "nobody", "date": "2027-01-01"}]}')
    assert main(["validate", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kdnet-calendar: error: {path}:1: meeting #1: body 'nobody'")


def test_the_words_joining_a_run_of_dates_are_no_title_or_note(cal: Calendar) -> None:
    r = reading("Integrationsrådet\n\nRådet mødes: 28. maj, 27. august og 17. december 2026\n", cal)
    assert [(s.statement.date, s.title, s.note) for s in r.sightings] == [
        (D(2026, 5, 28), "", ""), (D(2026, 8, 27), "", ""), (D(2026, 12, 17), "", ""),
    ]  # fmt: skip
    assert {s.body for s in r.sightings} == {"integrationsraad"}


def test_the_short_name_in_running_text_is_the_title_s_body(cal: Calendar) -> None:
    text = "Silkeborg Byråd\n\nByrådet holder møde på en mandag.\n\nMødekalender 2027\n- 4. januar\n- 1. februar\n"
    r = reading(text, cal)
    assert {s.body for s in r.sightings} == {"silkeborg-byraad"}
    assert next(b for b in r.bodies if b.id == "silkeborg-byraad").weekdays == (0,)


def test_a_body_and_its_weekday_named_under_the_heading(cal: Calendar) -> None:
    text = (
        "Mødekalender 2027\nSilkeborg Byråd mødes normalt på en mandag\n- 4. januar\n- 1. februar\n"
    )
    [body] = reading(text, cal).bodies
    assert (body.id, body.weekdays) == ("silkeborg-byraad", (0,))


def test_why_a_date_was_not_read_is_said_in_danish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "u.txt"
    path.write_text(
        "Mødekalender for KD-Net 2027\n- 5. februar\n\nNæste møde 3, marts.\n", encoding="utf-8"
    )
    assert main(["validate", str(path)]) == 0
    assert "blev ikke læst: komma hvor dagens punktum hører til" in capsys.readouterr().out


def test_body_option_naming_another_kkr_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "u.txt"
    path.write_text("Mødedatoer 2026\n- 6. februar\n- 6. marts\n", encoding="utf-8")
    assert main(["validate", str(path), "--body", "KKR Nordsjælland", "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith("kdnet-calendar: error: --body: unknown body")


def test_a_listed_day_that_does_not_exist_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "u.txt"
    path.write_text("Mødekalender for KD-Net 2027\n- 30. og 1. februar\n", encoding="utf-8")
    assert main(["validate", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"kdnet-calendar: error: {path}:2: the date 30. og 1. februar does not exist"
    )
