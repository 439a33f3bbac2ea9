from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from kdnet_calendar import (
    Body,
    Calendar,
    Meeting,
    MeetingKind,
    Membership,
    Person,
    PreparationWindow,
    Role,
    Status,
    UnknownBodyError,
)
from kdnet_calendar.exceptions import KdnetCalendarError

KKR = Body("kkr", "KKR", weekdays=(0, 1, 2, 3, 4))
NET = Body("net", "Net", weekdays=(4,), prepares="kkr")


def meeting(mid: str, body: str, day: dt.date, **kw: Any) -> Meeting:
    return Meeting(mid, body, day, **kw)


def small() -> Calendar:
    return Calendar(
        bodies=(KKR, NET),
        meetings=(
            meeting("k1", "kkr", dt.date(2023, 2, 10)),
            meeting("n1", "net", dt.date(2023, 1, 27)),
            meeting("n0", "net", dt.date(2023, 1, 13)),  # earlier, also in the window
            meeting("k2", "kkr", dt.date(2023, 4, 26)),
            meeting("n2", "net", dt.date(2023, 4, 24)),  # too close: 2 days
            meeting("k3", "kkr", dt.date(2023, 6, 21)),
            meeting("n3", "net", dt.date(2023, 6, 2), status=Status.CANCELLED),
        ),
    )


def test_meetings_are_kept_in_date_order() -> None:
    cal = small()
    assert [m.id for m in cal.meetings] == ["n0", "n1", "k1", "n2", "k2", "n3", "k3"]


def test_preparing_is_the_last_meeting_of_the_preparer_inside_the_window() -> None:
    cal = small()
    assert cal.preparing(cal.meeting("k1")) == cal.meeting("n1")


def test_preparing_ignores_meetings_too_close_and_cancelled_ones() -> None:
    cal = small()
    assert cal.preparing(cal.meeting("k2")) is None  # n2 is only 2 days before
    assert cal.preparing(cal.meeting("k3")) is None  # n3 is cancelled


def test_the_window_is_a_parameter() -> None:
    cal = small()
    assert cal.preparing(cal.meeting("k2"), PreparationWindow(1, 28)) == cal.meeting("n2")


def test_prepared_by_is_the_inverse_of_preparing() -> None:
    cal = small()
    assert cal.prepared_by(cal.meeting("n1")) == cal.meeting("k1")
    # n0 is in k1's window too, but n1 is the one that prepares k1.
    assert cal.prepared_by(cal.meeting("n0")) is None
    assert cal.prepared_by(cal.meeting("k1")) is None  # KKR prepares nothing


def test_preparations_pairs_each_meeting() -> None:
    pairs = list(small().preparations("kkr"))
    assert [(p.prepared.id, p.preparing and p.preparing.id, p.lead_days) for p in pairs] == [
        ("k1", "n1", 14),
        ("k2", None, None),
        ("k3", None, None),
    ]


def test_an_empty_window_is_refused() -> None:
    with pytest.raises(KdnetCalendarError):
        PreparationWindow(10, 5)


def test_next_meeting_skips_cancelled_and_other_bodies() -> None:
    cal = small()
    assert cal.next_meeting(dt.date(2023, 5, 1), body="net") is None
    assert cal.next_meeting(dt.date(2023, 5, 1)) == cal.meeting("k3")
    assert cal.next_meeting(dt.date(2023, 2, 10), body="kkr") == cal.meeting("k1")


def test_unknown_body_is_an_error_not_an_empty_answer() -> None:
    with pytest.raises(UnknownBodyError) as info:
        small().meetings_of("kd-nte")
    assert info.value.body_id == "kd-nte"
    assert "kkr" in str(info.value)


def test_meetings_of_by_year_period_and_participation() -> None:
    trip = meeting(
        "trip", "net", dt.date(2023, 5, 18), kind=MeetingKind.STUDY_TRIP, participants=("kkr",)
    )
    cal = attrs.evolve(small(), meetings=(*small().meetings, trip))
    assert [m.id for m in cal.meetings_of("kkr")] == ["k1", "k2", "k3"]
    assert "trip" in [m.id for m in cal.meetings_of("kkr", participating=True)]
    assert [m.id for m in cal.meetings_of("net", include_cancelled=False, year=2023)] == [
        "n0",
        "n1",
        "n2",
        "trip",
    ]


def test_people_memberships_in_time() -> None:
    ann = Person(
        "ann",
        "Ann",
        memberships=(
            Membership("net", Role.CHAIR, until=dt.date(2023, 3, 1)),
            Membership("kkr", Role.MEMBER, since=dt.date(2023, 6, 1)),
        ),
    )
    cal = attrs.evolve(small(), people=(ann,))
    assert [b.id for b in cal.bodies_of("ann")] == ["net", "kkr"]
    assert [b.id for b in cal.bodies_of("ann", on=dt.date(2023, 4, 1))] == []
    assert [m.id for m in cal.meetings_for("ann")] == ["n0", "n1", "k3"]
    assert cal.members_of("net") == (ann,)
    assert cal.members_of("net", on=dt.date(2023, 5, 1)) == ()


def test_meeting_instants_are_in_copenhagen_time() -> None:
    winter = meeting("w", "net", dt.date(2023, 1, 27), start=dt.time(10), end=dt.time(12))
    summer = meeting("s", "net", dt.date(2023, 6, 2), start=dt.time(10))
    start = winter.starts_at()
    assert start is not None
    assert start.astimezone(dt.UTC).hour == 9
    summer_start, summer_end = summer.starts_at(), summer.ends_at()
    assert summer_start is not None
    assert summer_end is not None
    assert summer_start.astimezone(dt.UTC).hour == 8
    assert summer_end - summer_start == dt.timedelta(hours=1)
    assert meeting("a", "net", dt.date(2023, 1, 1)).starts_at() is None


def test_meetings_overlap_in_time_not_just_on_the_day() -> None:
    import datetime as dt

    from kdnet_calendar import Meeting

    day = dt.date(2027, 3, 5)
    morning = Meeting("a", "kd-net", day, start=dt.time(10), end=dt.time(12))
    noon = Meeting("b", "dassos", day, start=dt.time(12), end=dt.time(13))
    late = Meeting("c", "dassos", day, start=dt.time(11), end=dt.time(14))
    all_day = Meeting("d", "dassos", day)
    trip = Meeting("e", "kd-net", day - dt.timedelta(days=1), end_date=day)
    assert not morning.overlaps(noon)  # back to back
    assert morning.overlaps(late)
    assert late.overlaps(morning)
    assert morning.overlaps(all_day)  # a whole-day event blocks the day
    assert trip.overlaps(morning)
    assert not morning.overlaps(Meeting("f", "dassos", day + dt.timedelta(days=1)))
