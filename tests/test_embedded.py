"""The embedded Midtjylland data set against the two agendas it was read from."""

from __future__ import annotations

import datetime as dt

import pytest

from kdnet_calendar import Calendar, MeetingKind
from kdnet_calendar.danish import MONTHS

from .conftest import ROOT

D = dt.date


def test_kd_net_2023_is_the_five_fridays_of_the_agenda(embedded: Calendar) -> None:
    meetings = embedded.meetings_of("kd-net", year=2023)
    assert [m.date for m in meetings] == [
        D(2023, 1, 27), D(2023, 4, 14), D(2023, 6, 2), D(2023, 8, 25), D(2023, 11, 10)
    ]  # fmt: skip
    for m in meetings:
        assert (m.start, m.end) == (dt.time(10), dt.time(12))
        assert m.location == "Scandic Silkeborg, Udgårdsvej 2, 8600 Silkeborg"
    assert meetings[2].note == "Besøg fra CDEU."


def test_kkr_2022_to_2026_as_listed(embedded: Calendar) -> None:
    dates = [m.date for m in embedded.meetings_of("kkr-midtjylland") if m.kind.is_regular]
    assert dates == [
        D(2022, 1, 19), D(2022, 3, 23), D(2022, 6, 14), D(2022, 9, 19), D(2022, 11, 22),
        D(2023, 2, 10), D(2023, 4, 26), D(2023, 6, 21), D(2023, 9, 6), D(2023, 11, 21),
        D(2024, 2, 9), D(2024, 4, 17), D(2024, 6, 18), D(2024, 9, 6), D(2024, 11, 19),
        D(2025, 2, 5), D(2025, 4, 8), D(2025, 6, 18), D(2025, 9, 3), D(2025, 10, 20),
        D(2026, 1, 19),
    ]  # fmt: skip
    constituting = [
        m.date for m in embedded.meetings_of("kkr-midtjylland")
        if m.kind is MeetingKind.CONSTITUTING
    ]  # fmt: skip
    assert constituting == [D(2022, 1, 19), D(2026, 1, 19)]


def test_kd_net_meets_on_fridays_but_for_the_summit_in_aalborg(embedded: Calendar) -> None:
    not_friday = [
        m for m in embedded.meetings_of("kd-net") if m.kind.is_regular and m.date.weekday() != 4
    ]
    assert [m.date for m in not_friday] == [D(2022, 3, 17)]
    assert "Topmøde" in not_friday[0].note


def test_the_virtual_meeting(embedded: Calendar) -> None:
    assert [m.date for m in embedded.meetings_of("kd-net") if m.virtual] == [D(2022, 8, 26)]


def test_the_seeds_disagreement_about_january_2025_is_kept(embedded: Calendar) -> None:
    january = embedded.meeting("kd-net-2025-1")
    stated = {str(s.source.document): s for s in january.statements}
    assert stated["kd-net-2022-02-11"].date == D(2025, 1, 24)
    assert stated["kd-net-2023-04-14"].date == D(2025, 1, 25)
    assert stated["kd-net-2023-04-14"].weekday == 4  # "Fredag", though the 25th is a Saturday
    assert D(2025, 1, 25).weekday() == 5


def test_every_statement_quotes_its_seed_line(embedded: Calendar) -> None:
    files = {d.id: (ROOT / d.file).read_text(encoding="utf-8").split("\n")
             for d in embedded.documents}  # fmt: skip
    count = 0
    for m in embedded.meetings:
        for s in m.statements:
            assert s.source.line is not None
            line = files[s.source.document][s.source.line - 1]
            assert s.text in line, (m.id, s.source)
            count += 1
    assert count > 60


def test_statement_dates_are_what_the_line_says(embedded: Calendar) -> None:
    for m in embedded.meetings:
        for s in m.statements:
            assert f"{s.date.day}. {MONTHS[s.date.month - 1]}" in s.text or (
                f"{s.date.day}. – " in s.text  # "18. – 19. maj"
            ), (m.id, s.text)


def test_which_kd_net_meeting_prepares_kkr_26_april_2023(embedded: Calendar) -> None:
    kkr = next(m for m in embedded.meetings_of("kkr-midtjylland") if m.date == D(2023, 4, 26))
    prep = embedded.preparing(kkr)
    assert prep is not None
    assert prep.date == D(2023, 4, 14)
    assert embedded.prepared_by(prep) == kkr


def test_every_ordinary_kkr_meeting_is_prepared_6_to_24_days_before(embedded: Calendar) -> None:
    leads = [p.lead_days for p in embedded.preparations("kkr-midtjylland")
             if p.prepared.kind is MeetingKind.ORDINARY]  # fmt: skip
    assert len(leads) == 19
    assert all(lead is not None and 6 <= lead <= 24 for lead in leads), leads


def test_kd_net_constitutes_after_kkr(embedded: Calendar) -> None:
    for year in (2022, 2026):
        kkr, net = (
            next(
                m for m in embedded.meetings_of(b, year=year) if m.kind is MeetingKind.CONSTITUTING
            )
            for b in ("kkr-midtjylland", "kd-net")
        )
        assert kkr.date < net.date


@pytest.mark.parametrize(
    "body", ["kkr-midtjylland", "kd-net", "dassos", "kkr-hovedstaden", "kkr-sjaelland",
             "kkr-syddanmark", "kkr-nordjylland"],
)  # fmt: skip
def test_the_documented_body_ids_exist(embedded: Calendar, body: str) -> None:
    assert embedded.body(body).id == body


def test_the_other_dated_events(embedded: Calendar) -> None:
    trip = embedded.meeting("studietur-bruxelles-2022")
    assert (trip.date, trip.end_date, trip.start) == (D(2022, 5, 18), D(2022, 5, 19), None)
    assert trip.participants == ("kkr-midtjylland",)
    dialogue = embedded.meeting("mobilitet-dialogmoede-2022")
    assert (dialogue.start, dialogue.end) == (dt.time(8, 30), dt.time(12, 30))
    assert [m.date for m in embedded.meetings_of("dassos") if m.kind.is_regular] == [
        D(2022, 2, 9), D(2023, 4, 11)
    ]  # fmt: skip
    assert embedded.meeting("kulturregion-2023-1").virtual


def test_people_and_their_bodies(embedded: Calendar) -> None:
    chair = embedded.person("jesper-kaas-schmidt")
    assert chair.municipality == "Randers"
    assert "kd-net" in [b.id for b in embedded.bodies_of(chair.id)]
    lars = [b.id for b in embedded.bodies_of("lars-keld-hansen", on=D(2024, 1, 1))]
    assert lars == []  # retired in 2023
    erik = [b.id for b in embedded.bodies_of("erik-hattens", on=D(2024, 1, 1))]
    assert "styregruppe-europaeisk-kulturregion" in erik
    assert len(embedded.people) > 40
    assert len(embedded.bodies) >= 25
