"""Values built in Python are held to what the readers demand: a bad one is refused when it
is made, with the library's own errors (in both languages), and a lookup that finds nothing
or is given the wrong type says so instead of failing somewhere else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest

import kdnet_calendar as kc
from kdnet_calendar import (
    Body,
    Calendar,
    Document,
    FieldError,
    KdnetCalendarError,
    Meeting,
    Membership,
    Person,
    Source,
    Statement,
    TimeOrderError,
    UnsupportedDateError,
)
from kdnet_calendar.exceptions import InfeasibleError, UnknownMeetingError, UnknownPersonError

D = dt.date
T = dt.time


def meeting(**changes: Any) -> Meeting:
    return Meeting(**{"id": "m", "body": "kd-net", "date": D(2027, 2, 5), **changes})


def both_languages(error: KdnetCalendarError) -> None:
    """The error says itself on one line in English and in Danish, and they differ."""
    english, danish = error.localized("en"), error.localized("da")
    assert "\n" not in english
    assert "\n" not in danish
    assert danish != english


# -- 4. values are checked when they are made ----------------------------------------------


def test_meeting_ending_before_it_starts_is_refused_when_made() -> None:
    with pytest.raises(TimeOrderError) as info:
        meeting(start=T(12), end=T(10))
    assert "ends at 10:00, not after its start at 12:00" in str(info.value)
    both_languages(info.value)
    with pytest.raises(TimeOrderError):
        meeting(start=T(10), end=T(10))
    with pytest.raises(TimeOrderError):  # evolve makes a new value, checked the same way
        attrs.evolve(meeting(start=T(10), end=T(12)), end=T(9))


def test_meeting_over_midnight_or_several_days_may_end_at_an_earlier_hour() -> None:
    trip = meeting(start=T(14), end=T(12), end_date=D(2027, 2, 6))
    assert trip.ends_at() is not None
    assert trip.starts_at() is not None
    assert trip.ends_at() > trip.starts_at()  # type: ignore[operator]


def test_meeting_with_an_end_and_no_start_is_refused() -> None:
    with pytest.raises(FieldError, match="end time without a start time") as info:
        meeting(end=T(12))
    assert info.value.field == "end"
    both_languages(info.value)


def test_meeting_whose_end_date_is_before_its_date_is_refused() -> None:
    with pytest.raises(FieldError, match="end-date 2027-02-04 is before date 2027-02-05"):
        meeting(end_date=D(2027, 2, 4))


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("date", "2027-02-05", "datetime.date"),
        ("date", dt.datetime(2027, 2, 5, 10), "datetime.date"),
        ("start", "10:00", "datetime.time"),
        ("start", T(10, tzinfo=dt.UTC), "without a time zone"),
        ("end_date", "2027-02-06", "datetime.date"),
        ("kind", "ordinary", "MeetingKind.ORDINARY"),
        ("status", "cancelled", "Status.CANCELLED"),
        ("title", None, "text"),
        ("virtual", "yes", "True or False"),
        ("sequence", "1", "whole number"),
        ("sequence", True, "whole number"),
        ("participants", ["kkr-midtjylland"], "tuple"),
        ("participants", (1,), "text"),
        ("statements", ("said",), "Statement"),
        ("origin", "agenda.txt:3", "Source"),
        ("id", 7, "text"),
    ],
)
def test_meeting_value_of_the_wrong_type_is_refused_with_the_library_error(
    field: str, value: object, expected: str
) -> None:
    """Not an AttributeError deep inside a rule or a feed: a FieldError naming the field."""
    with pytest.raises(FieldError) as info:
        meeting(**{field: value})
    assert info.value.field.startswith(field.replace("_", "-"))
    assert expected in str(info.value)
    assert str(info.value).startswith("<input>: meeting ")
    both_languages(info.value)


def test_meeting_id_empty_or_negative_sequence_is_refused() -> None:
    with pytest.raises(FieldError, match="id is empty"):
        meeting(id="")
    with pytest.raises(FieldError, match="id is empty"):
        meeting(id=" ")  # as a body's id is: blank is empty
    with pytest.raises(FieldError, match="body is empty"):
        meeting(body="\t")
    with pytest.raises(FieldError, match="sequence is negative"):
        meeting(sequence=-1)


def test_meeting_error_cites_the_origin_it_was_read_from() -> None:
    with pytest.raises(TimeOrderError) as info:
        meeting(start=T(14), end=T(12), origin=Source("dagsorden.txt", 12))
    assert (info.value.path, info.value.line) == ("dagsorden.txt", 12)
    assert str(info.value).startswith("dagsorden.txt:12: meeting 'm' ends at 12:00")


def test_meeting_date_outside_the_supported_range_is_still_refused() -> None:
    with pytest.raises(UnsupportedDateError):
        meeting(date=D(1, 1, 1))


def test_feed_of_a_meeting_cannot_put_dtend_before_dtstart() -> None:
    """The defect: such a meeting was made, validated clean and published backwards. Now it
    cannot be made, so every meeting a feed gets ends after it starts."""
    from kdnet_calendar.feeds import build_feeds

    cal = kc.load_embedded()
    for data in build_feeds(cal).values():
        starts = [line for line in data.decode().splitlines() if line.startswith("DTSTART;TZID")]
        ends = [line for line in data.decode().splitlines() if line.startswith("DTEND;TZID")]
        assert all(e.split(":")[1] > s.split(":")[1] for s, e in zip(starts, ends, strict=True))


def test_agenda_with_a_time_span_backwards_names_its_file_and_line(tmp_path: Path) -> None:
    """A reader's meeting is refused with the file and line it was read from."""
    from kdnet_calendar.readers import read_inputs

    path = tmp_path / "dagsorden.txt"
    path.write_text(
        "Mødekalender for KD-Net 2027\n\n- Fredag den 5. februar 2027 kl. 14.00 – 12.00\n",
        encoding="utf-8",
    )
    with pytest.raises(TimeOrderError) as info:
        read_inputs([path], kc.load_embedded().with_meetings(()))
    assert (info.value.path, info.value.line) == (str(path), 3)
    assert "\n" not in str(info.value)


# Untyped, so that the wrong values below reach the classes as they would from a script.
_Body: Any = Body
_Membership: Any = Membership
_Person: Any = Person
_Document: Any = Document
_Statement: Any = Statement
_Source: Any = Source
_Calendar: Any = Calendar


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: _Body("kd-net", "KD-Net", start=T(12), end=T(10)), "ends at 10:00"),
        (lambda: _Body("kd-net", "KD-Net", weekdays=(7,)), "not all 0–6"),
        (lambda: _Body("kd-net", "KD-Net", weekdays=[4]), "tuple"),
        (lambda: _Body("kd-net", "KD-Net", kind="political"), "BodyKind"),
        (lambda: _Body("kd-net", "KD-Net", meetings_per_year=-1), "negative"),
        (lambda: _Membership("kd-net", since=D(2027, 2, 1), until=D(2027, 1, 1)), "before"),
        (lambda: _Membership("kd-net", role="chair"), "Role"),
        (lambda: _Person("p", "Anna", memberships=("kd-net",)), "Membership"),
        (lambda: _Person("", "Anna"), "id is empty"),
        (lambda: _Document("d", date="2027-01-01"), "datetime.date"),
        (lambda: _Statement(Source("a.txt", 1), "2027-01-01"), "datetime.date"),
        (lambda: _Statement(Source("a.txt", 1), D(2027, 1, 1), weekday=7), "0–6"),
        (lambda: _Source("a.txt", "3"), "whole number"),
        (lambda: _Calendar(meetings=("m",)), "Meeting"),
        (lambda: _Calendar(bodies="kd-net"), "tuple"),
        (lambda: _Calendar(name=None), "text"),
    ],
)
def test_other_value_objects_refuse_bad_values_when_made(make: Any, message: str) -> None:
    with pytest.raises(KdnetCalendarError, match=message) as info:
        make()
    both_languages(info.value)


def test_a_body_cannot_prepare_its_own_meetings() -> None:
    with pytest.raises(FieldError, match="cannot prepare its own meetings") as info:
        Body("kd-net", "KD-Net", prepares="kd-net")
    assert info.value.field == "prepares"
    assert Body("kd-net", "KD-Net", prepares="kkr").prepares == "kkr"


def test_calendar_takes_lists_as_tuples() -> None:
    cal = Calendar(bodies=[Body("kd-net", "KD-Net")], meetings=[meeting()])
    assert cal.bodies == (Body("kd-net", "KD-Net"),)
    assert cal.with_bodies([Body("kkr", "KKR")]).body("kkr").name == "KKR"


def test_a_statement_keeps_a_backwards_time_span_as_its_source_said_it() -> None:
    """Statements are what a source says; the rules judge them, the model does not."""
    said = Statement(Source("a.txt", 1), D(2027, 1, 1), start=T(14), end=T(12))
    assert said.end == T(12)


# -- 5. errors are consistent ---------------------------------------------------------------


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return kc.load_embedded()


def test_unknown_meeting_raises_unknown_meeting_error_that_is_still_a_key_error(
    cal: Calendar,
) -> None:
    with pytest.raises(UnknownMeetingError) as info:
        cal.meeting("nope")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, KdnetCalendarError)
    assert str(info.value).startswith("unknown meeting 'nope'; known meetings: ")
    assert info.value.localized("da").startswith("ukendt møde 'nope'")
    assert kc.UnknownMeetingError is UnknownMeetingError


def test_unknown_person_raises_unknown_person_error_that_is_still_a_key_error(
    cal: Calendar,
) -> None:
    for ask in (cal.person, cal.bodies_of, cal.meetings_for):
        with pytest.raises(UnknownPersonError) as info:
            ask("nobody")
        assert isinstance(info.value, KeyError)
    assert str(info.value).startswith("unknown person 'nobody'")
    assert info.value.localized("da").startswith("ukendt person 'nobody'")


def test_preparing_and_prepared_by_accept_a_meeting_id(cal: Calendar) -> None:
    kkr = cal.next_meeting(D(2023, 4, 15), body="kkr-midtjylland")
    assert kkr is not None
    kd_net = cal.preparing(kkr)
    assert kd_net is not None
    assert cal.preparing(kkr.id) == kd_net
    assert cal.prepared_by(kd_net.id) == cal.prepared_by(kd_net) == kkr
    with pytest.raises(UnknownMeetingError):
        cal.preparing("kkr-nope")


@pytest.mark.parametrize(
    ("ask", "message"),
    [
        (lambda c: c.meetings_of(year="2024"), "year must be an int, not str '2024'"),
        (lambda c: c.meetings_of("kd-net", year=2024.0), "year must be an int"),
        (lambda c: c.meetings_of(period=2024), "period must be an ElectionPeriod"),
        (lambda c: c.preparing(42), "meeting must be a Meeting or a meeting id"),
        (lambda c: c.prepared_by(None), "meeting must be a Meeting or a meeting id"),
        (lambda c: c.body(42), "body_id must be an id"),
        (lambda c: c.meeting(None), "meeting_id must be an id"),
        (lambda c: c.person(["p"]), "person_id must be an id"),
        (lambda c: c.next_meeting("2024-01-01"), "day must be a datetime.date"),
        (lambda c: list(c.preparations("kkr-midtjylland", year="2024")), "year must be an int"),
    ],
)
def test_wrong_typed_argument_raises_type_error_not_an_empty_answer(
    cal: Calendar, ask: Any, message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        ask(cal)


def test_infeasible_error_lives_with_the_other_errors() -> None:
    from kdnet_calendar import scheduler
    from kdnet_calendar.rules import Text

    assert scheduler.InfeasibleError is InfeasibleError is kc.InfeasibleError
    error = InfeasibleError([Text("ingen dag", "no day"), "KKR 2027-1"])
    assert error.reasons == ("no day", "KKR 2027-1")
    assert str(error) == "no calendar satisfies the rules: no day; KKR 2027-1"
    assert error.localized("da") == "ingen kalender overholder reglerne: ingen dag; KKR 2027-1"
