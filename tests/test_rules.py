"""Each rule in isolation, and "inject a violation of X into a clean calendar → a finding X"."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kdnet_calendar import (
    Body,
    BodyKind,
    Calendar,
    Context,
    Meeting,
    MeetingKind,
    Membership,
    Person,
    Source,
    Statement,
    Status,
)
from kdnet_calendar.danish import MONTHS
from kdnet_calendar.exceptions import KdnetCalendarError
from kdnet_calendar.rules import (
    CODES,
    RULES,
    Finding,
    Report,
    Settings,
    Severity,
    fixes,
    validate,
)

from .strategies import calendars

D = dt.date
T = dt.time

KKR = Body("kkr", "KKR", kind=BodyKind.POLITICAL, weekdays=(0, 1, 2, 3, 4), meetings_per_year=5)
NET = Body("net", "Net", weekdays=(4,), start=T(10), end=T(12), meetings_per_year=5, prepares="kkr")
OTHER = Body("other", "Other")
ANN = Person("ann", "Ann", memberships=(Membership("net"), Membership("other")))

# A clean ordinary year: KKR on Wednesdays in weeks 5, 15, 24, 36 and 47, each prepared by
# a Friday meeting of the network 12 days before.
KKR_2027 = [D(2027, 2, 3), D(2027, 4, 14), D(2027, 6, 16), D(2027, 9, 8), D(2027, 11, 24)]


def kkr(i: int, day: dt.date, **kw: Any) -> Meeting:
    return attrs.evolve(Meeting(f"kkr-{i}", "kkr", day), **kw)


def net(i: int, day: dt.date, **kw: Any) -> Meeting:
    return attrs.evolve(Meeting(f"net-{i}", "net", day, start=T(10), end=T(12)), **kw)


def other(mid: str, day: dt.date, **kw: Any) -> Meeting:
    return attrs.evolve(Meeting(mid, "other", day, start=T(13), end=T(15)), **kw)


def clean_2027() -> Calendar:
    meetings = []
    for i, day in enumerate(KKR_2027, start=1):
        meetings.append(kkr(i, day))
        meetings.append(net(i, day - dt.timedelta(days=12)))
    return Calendar(bodies=(KKR, NET, OTHER), meetings=tuple(meetings), people=(ANN,))


def first_year_2030() -> Calendar:
    kkr_dates = [D(2030, 1, 16), D(2030, 4, 10), D(2030, 6, 19), D(2030, 9, 11), D(2030, 11, 20)]
    meetings = [kkr(1, kkr_dates[0], kind=MeetingKind.CONSTITUTING)]
    meetings.append(net(1, D(2030, 2, 1), kind=MeetingKind.CONSTITUTING))
    for i, day in enumerate(kkr_dates[1:], start=2):
        meetings.append(kkr(i, day))
        meetings.append(net(i, day - dt.timedelta(days=12)))
    return Calendar(bodies=(KKR, NET, OTHER), meetings=tuple(meetings), people=(ANN,))


def replace(cal: Calendar, mid: str, **changes: Any) -> Calendar:
    return cal.with_meetings(attrs.evolve(m, **changes) if m.id == mid else m for m in cal.meetings)


def add(cal: Calendar, *meetings: Meeting) -> Calendar:
    return cal.with_meetings((*cal.meetings, *meetings))


def drop(cal: Calendar, mid: str) -> Calendar:
    return cal.with_meetings(m for m in cal.meetings if m.id != mid)


def only(report: Report, code: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.code, f.meetings) for f in report if f.code == code]


# -- the clean calendars are clean -------------------------------------------------


def test_the_clean_year_has_no_findings() -> None:
    assert list(validate(clean_2027())) == []


def test_the_clean_first_year_has_no_findings() -> None:
    assert list(validate(first_year_2030())) == []


def test_every_rule_code_is_implemented() -> None:
    assert set(RULES) == set(CODES)
    assert len(CODES) == 17


# -- each rule in isolation ----------------------------------------------------------


def test_stated_weekday_mismatch() -> None:
    said = Statement(
        Source("agenda.txt", 12), D(2027, 1, 23), weekday=4, text="Fredag den 23. januar"
    )
    cal = replace(clean_2027(), "net-1", statements=(said,))
    (f,) = validate(cal, rules=["stated-weekday-mismatch"])
    assert f.severity is Severity.ERROR
    assert f.meetings == ("net-1",)
    assert str(f.source) == "agenda.txt:12"
    assert f.suggestion is not None
    assert f.suggestion.to == D(2027, 1, 22)
    assert "23. januar 2027 er en lørdag, ikke en fredag" in f.message("da")


def test_source_disagreement_cites_both_sources() -> None:
    a = Statement(Source("a.txt", 3), D(2027, 1, 22))
    b = Statement(Source("b.txt", 9), D(2027, 1, 21))
    cal = replace(clean_2027(), "net-1", statements=(a, b))
    (f,) = validate(cal, rules=["source-disagreement"])
    assert [str(s) for s in f.sources] == ["b.txt:9", "a.txt:3"]
    assert f.dates == (D(2027, 1, 21), D(2027, 1, 22))
    assert f.suggestion is not None
    assert f.suggestion.to == D(2027, 1, 22)


def test_a_move_decided_in_the_data_file_is_history_not_a_conflict() -> None:
    old = Statement(Source("agenda.txt", 3), D(2027, 1, 22))
    moved = replace(
        clean_2027(), "net-1", date=D(2027, 1, 15), statements=(old,), origin=Source("k.toml", 9)
    )
    (f,) = validate(moved, rules=["source-disagreement"])
    assert f.severity is Severity.ERROR  # sequence not raised: nobody said it moved
    decided = replace(moved, "net-1", sequence=1)
    (g,) = validate(decided, rules=["source-disagreement"])
    assert g.severity is Severity.INFO
    assert "was moved (sequence 1)" in g.message("en")


def test_source_disagreement_about_the_time() -> None:
    a = Statement(Source("a.txt", 3), D(2027, 1, 22), start=T(10))
    b = Statement(Source("b.txt", 9), D(2027, 1, 22), start=T(9))
    (f,) = validate(
        replace(clean_2027(), "net-1", statements=(a, b)), rules=["source-disagreement"]
    )
    assert f.numbers["start_times"] == 2


def test_weekend_with_a_fix_on_the_usual_weekday() -> None:
    cal = replace(clean_2027(), "net-3", date=D(2027, 6, 5))  # a Saturday
    (f,) = validate(cal, rules=["weekend"])
    assert f.suggestion is not None
    assert f.suggestion.to == D(2027, 6, 4)
    assert f.suggestion.to.weekday() == 4


def test_public_holiday_knows_store_bededag_ended() -> None:
    bededag_2023 = other("o", D(2023, 5, 5))
    bededag_2024 = other("o", D(2024, 4, 26))  # no longer a holiday
    assert only(validate(add(clean_2027(), bededag_2023)), "public-holiday") == [
        ("public-holiday", ("o",))
    ]
    assert only(validate(add(clean_2027(), bededag_2024)), "public-holiday") == []


def test_day_off_and_afternoons_off() -> None:
    morning = other("m", D(2028, 6, 5), start=T(9), end=T(11))
    afternoon = other("a", D(2028, 6, 5), start=T(13), end=T(15))
    between = other("b", D(2027, 12, 28))
    report = validate(add(clean_2027(), morning, afternoon, between), rules=["day-off"])
    assert sorted(f.meetings for f in report) == [("a",), ("b",)]
    assert all(f.severity is Severity.WARNING for f in report)


def test_a_meeting_ending_at_noon_keeps_the_afternoon_off() -> None:
    # The day rules ask only whether a meeting ends by noon, and share their verdicts by
    # it: one cached for the morning meeting must not pass the later ones on that day.
    noon = other("n", D(2028, 6, 5), start=T(10), end=T(12))
    past = other("p", D(2028, 6, 5), start=T(10), end=T(12, 1))
    untimed = other("u", D(2028, 6, 5))
    report = validate(add(clean_2027(), noon, past, untimed), rules=["day-off"])
    assert sorted(f.meetings for f in report) == [("p",), ("u",)]


def test_school_holiday_weeks_are_settings() -> None:
    week8 = other("o", D(2027, 2, 24))  # ISO week 8
    assert list(validate(add(clean_2027(), week8), rules=["school-holiday"])) == []
    west = Settings(
        parameters={"school-holiday": {"winter-weeks": (8,)}},
    )
    (f,) = validate(add(clean_2027(), week8), west, rules=["school-holiday"])
    assert f.numbers == {"iso_week": 8}


def test_usual_weekday_is_info_when_a_reason_is_given() -> None:
    thursday = replace(clean_2027(), "net-2", date=D(2027, 4, 1))
    (f,) = validate(thursday, rules=["usual-weekday"])
    assert f.severity is Severity.WARNING
    reasoned = replace(thursday, "net-2", note="Held at the summit")
    (g,) = validate(reasoned, rules=["usual-weekday"])
    assert g.severity is Severity.INFO
    assert g.suggestion is None


def test_missing_preparation_suggests_a_friday_in_the_window() -> None:
    cal = drop(clean_2027(), "net-3")
    (f,) = validate(cal, rules=["missing-preparation"])
    assert f.meetings[0] == "kkr-3"
    assert f.suggestion is not None
    assert f.suggestion.action == "add"
    assert f.suggestion.to.weekday() == 4
    assert 7 <= (D(2027, 6, 16) - f.suggestion.to).days <= 21


def test_missing_preparation_moves_a_stray_meeting_rather_than_adding_one() -> None:
    cal = replace(clean_2027(), "net-3", date=D(2027, 6, 18))  # after the KKR meeting
    (f,) = validate(cal, rules=["missing-preparation"])
    assert f.suggestion is not None
    assert (f.suggestion.action, f.suggestion.meeting) == ("move", "net-3")


def test_missing_preparation_is_silent_about_years_nobody_listed() -> None:
    referenced = Statement(Source("a.txt", 1), D(2021, 4, 23), context=Context.REFERENCE)
    cal = add(clean_2027(), kkr(9, D(2021, 4, 23), statements=(referenced,)))
    assert only(validate(cal), "missing-preparation") == []


def test_preparation_lead() -> None:
    cal = replace(clean_2027(), "net-2", date=D(2027, 3, 19))  # 26 days before 14 April
    (f,) = validate(cal, rules=["preparation-lead"])
    assert f.numbers["lead_days"] == 26
    assert f.suggestion is not None
    assert 7 <= (D(2027, 4, 14) - f.suggestion.to).days <= 21


def test_constituting_order_kd_net_after_kkr() -> None:
    cal = replace(first_year_2030(), "net-1", date=D(2030, 1, 11))
    (f,) = validate(cal, rules=["constituting-order"])
    assert f.meetings == ("net-1", "kkr-1")
    assert f.suggestion is not None
    assert f.suggestion.to > D(2030, 1, 16)


def test_constituting_order_first_meeting_must_be_the_constituting_one() -> None:
    cal = replace(first_year_2030(), "kkr-1", kind=MeetingKind.ORDINARY)
    findings = only(validate(cal, rules=["constituting-order"]), "constituting-order")
    assert findings == [("constituting-order", ("kkr-1",))]


def test_constituting_meeting_outside_the_first_year() -> None:
    cal = replace(clean_2027(), "kkr-1", kind=MeetingKind.CONSTITUTING)
    assert only(validate(cal), "constituting-order") == [("constituting-order", ("kkr-1",))]


def test_constituting_deadline() -> None:
    cal = replace(first_year_2030(), "kkr-1", date=D(2030, 2, 5))
    (f,) = validate(cal, rules=["constituting-deadline"])
    assert f.numbers == {"days_late": 5}
    assert f.suggestion is not None
    assert f.suggestion.to <= D(2030, 1, 31)


def test_after_election() -> None:
    cal = Calendar(bodies=(KKR, NET), meetings=(kkr(1, D(2029, 11, 28)),))
    (f,) = validate(cal, rules=["after-election"])
    assert f.numbers == {"days_after_election": 8}
    assert f.suggestion is not None
    assert f.suggestion.to < D(2029, 11, 20)


def test_working_groups_carry_on_after_the_election() -> None:
    cal = Calendar(bodies=(KKR, NET, OTHER), meetings=(other("o", D(2029, 11, 28)),))
    assert list(validate(cal, rules=["after-election"])) == []


def test_overlap_through_a_shared_person() -> None:
    clash = other("o", D(2027, 1, 22), start=T(11), end=T(13))
    (f,) = validate(add(clean_2027(), clash), rules=["overlap"])
    assert set(f.meetings) == {"net-1", "o"}
    assert f.numbers["shared_people"] == 1


def test_no_overlap_without_anything_shared_or_after_the_end() -> None:
    stranger = Person("bo", "Bo", memberships=(Membership("other"),))
    later = other("o", D(2027, 1, 22), start=T(12), end=T(13))  # starts as net-1 ends
    cal = attrs.evolve(add(clean_2027(), later), people=(stranger,))
    assert list(validate(cal, rules=["overlap"])) == []


def test_one_body_twice_on_one_day() -> None:
    twice = net(9, D(2027, 1, 22), start=T(14), end=T(15))
    (f,) = validate(add(clean_2027(), twice), rules=["overlap"])
    assert set(f.meetings) == {"net-1", "net-9"}


def test_spacing() -> None:
    cal = add(clean_2027(), other("a", D(2027, 3, 2)), other("b", D(2027, 3, 12)))
    cal = attrs.evolve(cal, people=())
    (f,) = validate(cal, rules=["spacing"])
    assert f.numbers == {"days_apart": 10, "required_days": 28}


def test_yearly_count() -> None:
    (f,) = validate(drop(clean_2027(), "kkr-4"), rules=["yearly-count"])
    assert f.numbers == {"meetings": 4, "usual": 5}
    assert f.severity is Severity.WARNING


def test_external_conflict() -> None:
    summit = Meeting("x", "other", D(2027, 1, 22), title="Topmøde", origin=Source("kl.ics", 5))
    (f,) = validate(clean_2027(), external=[summit], rules=["external-conflict"])
    assert f.meetings == ("net-1",)
    assert "Topmøde" in f.message("en")


def test_cancelled_meetings_are_not_judged() -> None:
    cancelled = other("o", D(2027, 6, 5), status=Status.CANCELLED)  # a Saturday
    assert list(validate(add(clean_2027(), cancelled))) == []


def test_severities_and_switches_are_settings() -> None:
    cal = replace(clean_2027(), "net-3", date=D(2027, 6, 5))
    quiet = Settings(severities={"weekend": None, "usual-weekday": Severity.INFO})
    report = validate(cal, quiet)
    assert not report.of("weekend")
    assert all(f.severity is Severity.INFO for f in report.of("usual-weekday"))


# -- inject a violation into a clean calendar → that rule's finding -----------------

Injection = Callable[[Calendar, st.DataObject], tuple[Calendar, str]]


def inject_weekday(cal: Calendar, data: st.DataObject) -> tuple[Calendar, str]:
    i = data.draw(st.integers(1, 5))
    m = cal.meeting(f"net-{i}")
    wrong = data.draw(st.sampled_from([w for w in range(7) if w != 4]))
    s = Statement(Source("x.txt", 1), m.date, weekday=wrong)
    return replace(cal, m.id, statements=(s,)), m.id


def inject_disagreement(cal: Calendar, data: st.DataObject) -> tuple[Calendar, str]:
    i = data.draw(st.integers(1, 5))
    m = cal.meeting(f"kkr-{i}")
    shift = data.draw(st.sampled_from([-3, -2, -1, 1, 2, 3]))
    statements = (
        Statement(Source("a.txt", 1), m.date),
        Statement(Source("b.txt", 2), m.date + dt.timedelta(days=shift)),
    )
    return replace(cal, m.id, statements=statements), m.id


def inject_weekend(cal: Calendar, data: st.DataObject) -> tuple[Calendar, str]:
    i = data.draw(st.integers(1, 5))
    m = cal.meeting(f"kkr-{i}")
    day = m.date + dt.timedelta(days=data.draw(st.sampled_from([3, 4])))  # Wed → Sat/Sun
    return replace(cal, m.id, date=day), m.id


def _other_on(days: list[dt.date]) -> Injection:
    def inject(cal: Calendar, data: st.DataObject) -> tuple[Calendar, str]:
        return add(cal, other("o", data.draw(st.sampled_from(days)))), "o"

    return inject


HOLIDAYS_2027 = [D(2027, 3, 25), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 6), D(2027, 5, 17)]
DAYS_OFF_2027 = [
    D(2027, 12, 24),
    D(2027, 12, 27),
    D(2027, 12, 28),
    D(2027, 12, 29),
    D(2027, 12, 30),
    D(2027, 12, 31),
]
SCHOOL_2027 = [D(2027, 2, 15), D(2027, 2, 17), D(2027, 10, 19), D(2027, 7, 7), D(2027, 8, 3)]


def inject_usual_weekday(cal: Calendar, data: st.DataObject) -> tuple[Calendar, str]:
    i = data.draw(st.integers(1, 5))
    m = cal.meeting(f"net-{i}")
    return replace(cal, m.id, date=m.date - dt.timedelta(days=data.draw(st.integers(1, 3)))), m.id


def inject_missing_preparation(cal: Calendar, data: st.DataObject) -> tuple[Calendar, str]:
    i = data.draw(st.integers(1, 5))
    return drop(cal, f"net-{i}"), f"kkr-{i}"


def inject_lead(cal: Calendar, data: st.DataObject) -> tuple[Calendar, str]:
    i = data.draw(st.integers(1, 5))
    m = cal.meeting(f"net-{i}")
    return replace(cal, m.id, date=m.date - dt.timedelta(days=14)), m.id  # lead 26


def inject_constituting_order(cal: Calendar, data: st.DataObject) -> tuple[Calendar, str]:
    cal = first_year_2030()
    day = data.draw(st.sampled_from([D(2030, 1, 4), D(2030, 1, 11), D(2030, 1, 16)]))
    return replace(cal, "net-1", date=day), "net-1"


def inject_deadline(cal: Calendar, data: st.DataObject) -> tuple[Calendar, str]:
    cal = first_year_2030()
    day = data.draw(st.sampled_from([D(2030, 2, 1), D(2030, 2, 4), D(2030, 2, 5)]))
    return replace(cal, "kkr-1", date=day), "kkr-1"


def inject_after_election(cal: Calendar, data: st.DataObject) -> tuple[Calendar, str]:
    day = data.draw(st.dates(D(2029, 11, 21), D(2029, 12, 31)))
    return Calendar(bodies=(KKR, NET), meetings=(kkr(1, day),)), "kkr-1"


def inject_overlap(cal: Calendar, data: st.DataObject) -> tuple[Calendar, str]:
    i = data.draw(st.integers(1, 5))
    m = cal.meeting(f"net-{i}")
    start = data.draw(st.sampled_from([T(9, 30), T(10), T(11), T(11, 30)]))
    return add(cal, other("o", m.date, start=start, end=T(start.hour + 1, start.minute))), m.id


def inject_spacing(cal: Calendar, data: st.DataObject) -> tuple[Calendar, str]:
    gap = data.draw(st.integers(1, 27))
    first = D(2027, 3, 1)
    second = first + dt.timedelta(days=gap)
    if second.weekday() >= 5:
        second += dt.timedelta(days=7 - second.weekday())
    if (second - first).days >= 28:
        second = first + dt.timedelta(days=1)
    cal = attrs.evolve(cal, people=())
    return add(cal, other("a", first), other("b", second)), "b"


def inject_yearly_count(cal: Calendar, data: st.DataObject) -> tuple[Calendar, str]:
    i = data.draw(st.integers(1, 5))
    return drop(cal, f"kkr-{i}"), f"kkr-{1 if i != 1 else 2}"


def inject_external(cal: Calendar, data: st.DataObject) -> tuple[Calendar, str]:
    i = data.draw(st.integers(1, 5))
    m = cal.meeting(f"kkr-{i}")
    return cal, m.id


INJECTIONS: dict[str, Injection] = {
    "stated-weekday-mismatch": inject_weekday,
    "source-disagreement": inject_disagreement,
    "weekend": inject_weekend,
    "public-holiday": _other_on(HOLIDAYS_2027),
    "day-off": _other_on(DAYS_OFF_2027),
    "school-holiday": _other_on(SCHOOL_2027),
    "usual-weekday": inject_usual_weekday,
    "missing-preparation": inject_missing_preparation,
    "preparation-lead": inject_lead,
    "constituting-order": inject_constituting_order,
    "constituting-deadline": inject_deadline,
    "after-election": inject_after_election,
    "overlap": inject_overlap,
    "spacing": inject_spacing,
    "yearly-count": inject_yearly_count,
    "external-conflict": inject_external,
}


#: Injected into text, not into a calendar: see the test below.
READING_RULES = ("unread-date",)


def test_every_rule_has_an_injection() -> None:
    assert set(INJECTIONS) | set(READING_RULES) == set(CODES)


@settings(max_examples=25, deadline=None)
@given(day=st.dates(D(2027, 1, 1), D(2027, 12, 31)), where=st.integers(0, 5))
def test_a_date_a_text_leaves_unread_yields_exactly_an_unread_date_finding(
    tmp_path_factory: pytest.TempPathFactory, day: dt.date, where: int
) -> None:
    """A clean calendar as agenda text, beside a text whose list no body is named for."""
    from kdnet_calendar.readers import read
    from kdnet_calendar.writers import render_danish

    cal = clean_2027()
    folder = tmp_path_factory.mktemp("unread")
    clean = folder / "kalender.txt"
    clean.write_text(render_danish(cal, cal.meetings), encoding="utf-8")
    stray = folder / "noter.txt"
    # No year anywhere above the first line of the list: it cannot be placed in time.
    lines = ["Mødekalender for Net", *[""] * where, f"- {day.day}. {MONTHS[day.month - 1]}"]
    # Further down, out of the title block that could date the document, a list is read.
    lines += [""] * 16 + ["Mødekalender for Net 2027", "- 22. januar"]
    stray.write_text("\n".join(lines), encoding="utf-8")
    reading = read([clean, stray], attrs.evolve(cal, meetings=()))
    report = validate(reading.calendar, unread=reading.unread)
    [finding] = report.of("unread-date")
    assert (finding.sources[0].line, finding.dates) == (where + 2, ())
    assert f"{day.day}. {MONTHS[day.month - 1]}" in finding.message("da")
    assert not validate(reading.calendar).of("unread-date")


@pytest.mark.parametrize("code", [c for c in CODES if c not in READING_RULES])
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_injecting_a_violation_yields_that_finding(code: str, data: st.DataObject) -> None:
    cal, meeting_id = INJECTIONS[code](clean_2027(), data)
    external = []
    if code == "external-conflict":
        m = cal.meeting(meeting_id)
        external = [Meeting("x", "other", m.date, title="KL", origin=Source("kl.ics", 1))]
    report = validate(cal, external=external)
    found = report.of(code)
    assert len(found) == 1, [f.message("en") for f in report]
    assert meeting_id in found[0].meetings
    # The clean calendar the violation went into had nothing to report.
    assert not validate(clean_2027()).of(code)


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda: Settings(severities={"weekends": Severity.ERROR}), "unknown rule 'weekends'"),
        (lambda: Settings(severities={"weekend": "info"}), "severity of weekend is 'info'"),  # type: ignore[dict-item]
        (lambda: Settings(parameters={"school-holiday": {"winter-weeks": [8]}}), "list of whole"),  # type: ignore[dict-item]
        (lambda: Settings(parameters={"spacing": {"days": 21}}), "no parameter 'days'"),
        (lambda: Settings(preferences={"kkr-week": ((5, 6),)}), "no preference 'kkr-week'"),
        (lambda: Settings(preferences={"kkr-weeks": (5, 6)}), "expected a list of ISO week ranges"),
        (lambda: Settings(parameters={"weekend": {"x": 1}}), "takes no parameters"),
        (lambda: validate(clean_2027(), rules=["weekends"]), "unknown rule 'weekends'"),
    ],
)
def test_settings_mistakes_are_named_not_ignored(make: Callable[[], object], needle: str) -> None:
    with pytest.raises(KdnetCalendarError, match=needle):
        make()


def test_a_single_rule_name_is_not_read_letter_by_letter() -> None:
    cal = replace(clean_2027(), "net-3", date=D(2027, 6, 5))
    assert [f.code for f in validate(cal, rules="weekend")] == ["weekend"]


# -- a fix breaks no rule anew ---------------------------------------------------------


def _in_one_year(cal: Calendar) -> Calendar:
    """The calendar with its meetings' days folded into 2027–2028, so that they meet,
    clash and prepare each other as a real year's do."""

    def fold(day: dt.date) -> dt.date:
        return D(2027, 1, 1) + dt.timedelta(days=day.toordinal() % 540)

    return cal.with_meetings(
        attrs.evolve(
            m,
            date=fold(m.date),
            end_date=None if m.end_date is None else fold(m.date) + (m.end_date - m.date),
        )
        for m in cal.meetings
    )


@settings(max_examples=60, deadline=None, derandomize=True)
@given(cal=calendars(max_meetings=10).map(_in_one_year))
def test_following_a_suggested_move_breaks_no_error_rule_anew(cal: Calendar) -> None:
    """A meeting moved as a finding suggests has no finding of an error-severity rule
    about its date that it did not have before: the fix search asks each rule's own
    condition (:mod:`kdnet_calendar.rules.fixes`)."""
    date_rules = set(fixes.DAY_TESTS) | set(fixes.MEETING_TESTS)
    before = validate(cal)
    for finding in before:
        move = finding.suggestion
        if move is None or move.action != "move" or move.meeting is None:
            continue
        m = cal.meeting(move.meeting)
        moved = attrs.evolve(
            m,
            date=move.to,
            end_date=None if m.end_date is None else move.to + (m.end_date - m.date),
        )
        after = validate(cal.with_meetings(moved if x.id == m.id else x for x in cal.meetings))
        for new in after:
            if new.severity is not Severity.ERROR or new.code not in date_rules:
                continue
            if m.id not in new.meetings:
                continue
            # The same finding as before (it may name another meeting beside this one).
            others = set(new.meetings) - {m.id}
            known = any(
                old.code == new.code
                and (set(old.meetings) == set(new.meetings) or others & set(old.meetings))
                for old in before
            )
            assert known, (finding.message("en"), move.text("en"), new.message("en"))


@pytest.mark.parametrize("was_on", [True, False])
def test_validation_leaves_the_garbage_collector_as_it_found_it(
    was_on: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # validate holds the cyclic collector off while the rules run (for speed on large
    # calendars); the caller's setting must survive it, a failing rule included.
    def failing(check: object) -> Iterator[Finding]:
        assert not gc.isenabled()  # paused while the rules run
        raise RuntimeError("a rule that fails")

    (gc.enable if was_on else gc.disable)()
    try:
        validate(clean_2027(), rules=["weekend"])
        assert gc.isenabled() is was_on
        monkeypatch.setitem(RULES, "weekend", failing)
        with pytest.raises(RuntimeError, match="a rule that fails"):
            validate(clean_2027(), rules=["weekend"])
        assert gc.isenabled() is was_on
    finally:
        gc.enable()
