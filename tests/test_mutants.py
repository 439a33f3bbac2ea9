"""Tests for edges that a mutation tester showed no test would notice being changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from kdnet_calendar import (
    Body,
    BodyKind,
    Calendar,
    Meeting,
    MeetingKind,
    Membership,
    Person,
    PreparationWindow,
    Source,
    Status,
)
from kdnet_calendar.exceptions import FieldError, KdnetCalendarError, OutOfRangeError
from kdnet_calendar.limits import FIRST_DATE, LAST_DATE
from kdnet_calendar.periods import election_day, period_starting, periods_between
from kdnet_calendar.rules import Settings, fixes, validate
from kdnet_calendar.rules.check import Check

D = dt.date
KKR = Body("kkr", "KKR", kind=BodyKind.POLITICAL, weekdays=(0, 1, 2, 3, 4))
NET = Body("net", "Net", weekdays=(0, 1, 2, 3, 4), prepares="kkr")


@pytest.mark.parametrize(
    ("lead", "prepared"), [(4, False), (5, True), (12, True), (28, True), (29, False)]
)
def test_the_preparation_window_is_inclusive_at_both_ends(lead: int, prepared: bool) -> None:
    """Flipping ``bisect_right`` to ``bisect_left`` in ``Calendar.preparing`` once left
    every test passing: a meeting exactly five days before must prepare, four must not."""
    kkr = Meeting("kkr-1", "kkr", D(2027, 3, 3))
    net = Meeting("net-1", "net", kkr.date - dt.timedelta(days=lead))
    cal = Calendar(bodies=(KKR, NET), meetings=(kkr, net))
    assert (cal.preparing(kkr) == net) is prepared
    assert (cal.prepared_by(net) == kkr) is prepared


def test_a_fix_at_equal_distance_either_way_is_the_earlier_day() -> None:
    """The tie-break of the fix search was caught only by a doctest."""
    body = Body("group", "Gruppe", weekdays=(1, 3))  # Tuesdays and Thursdays
    wednesday = Meeting("group-1", "group", D(2027, 3, 3))
    report = validate(Calendar(bodies=(body,), meetings=(wednesday,)))
    (finding,) = [f for f in report if f.code == "usual-weekday"]
    assert finding.suggestion is not None
    assert finding.suggestion.to == D(2027, 3, 2)  # Tuesday, not Thursday


# -- periods.py ---------------------------------------------------------------------------


def test_a_period_contains_its_last_day() -> None:
    """``ElectionPeriod.__contains__`` is inclusive at the end: 31 December is in it."""
    period = period_starting(2026)
    assert D(2029, 12, 31) in period
    assert D(2026, 1, 1) in period
    assert D(2030, 1, 1) not in period


def test_only_the_reform_period_is_the_transition() -> None:
    """``transition`` is ``year - 1 == 2005``: true for 2006, false for the next period."""
    assert period_starting(2006).transition
    assert not period_starting(2010).transition
    assert not period_starting(2026).transition


def test_a_year_that_starts_no_period_is_named_in_the_error() -> None:
    """``period_starting`` refuses a year no period starts in and says which year."""
    with pytest.raises(OutOfRangeError) as caught:
        period_starting(2027)
    assert caught.value.year == 2027


def test_the_reform_election_of_2005_is_the_first_modelled() -> None:
    """``year < 2005`` is refused, 2005 itself is not: 15 November 2005."""
    assert election_day(2005) == D(2005, 11, 15)


@pytest.mark.parametrize(
    ("ask", "english", "danish"),
    [
        (
            lambda: election_day(2001),
            "2001: elections before the 2005 structural reform are not modelled",
            "2001: valg før strukturreformen i 2005 er ikke med",
        ),
        (
            lambda: election_day(2022),
            "2022: no municipal election that year (they fall every fourth year: 2021, 2025, 2029, …)",
            "2022: intet kommunalvalg det år (der er valg hvert fjerde år: 2021, 2025, 2029, …)",
        ),
        (
            lambda: period_starting(2027),
            "2027: no election period starts that year (they start in 2026, 2030, …)",
            "2027: ingen valgperiode begynder det år (de begynder i 2026, 2030, …)",
        ),
    ],
)
def test_a_year_without_an_election_or_a_period_says_why_in_both_languages(
    ask: Any, english: str, danish: str
) -> None:
    with pytest.raises(OutOfRangeError) as caught:
        ask()
    assert str(caught.value) == english
    assert caught.value.localized("da") == danish


def test_periods_between_includes_a_period_starting_in_the_last_year() -> None:
    """``periods_between`` keeps a period whose first year is ``last_year`` (``<=``)."""
    labels = [p.label for p in periods_between(2026, 2030)]
    assert labels == ["2026–2029", "2030–2033"]


# -- model.py -----------------------------------------------------------------------------


def test_a_source_without_a_line_prints_as_its_document() -> None:
    """``Source.__str__`` adds ``:line`` only when there is a line."""
    assert str(Source("data.toml")) == "data.toml"
    assert str(Source("data.toml", 7)) == "data.toml:7"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("data.toml:7", Source("data.toml", 7)),
        ("C:/data.toml:7", Source("C:/data.toml", 7)),  # the last colon splits
        ("data.toml", Source("data.toml")),
        ("notes:x", Source("notes:x")),  # not a line number
        ("data.toml:", Source("data.toml:")),
        (":7", Source(":7")),  # no document
    ],
)
def test_source_parse_splits_only_a_trailing_line_number(text: str, expected: Source) -> None:
    """``Source.parse`` needs a separator, digits after the last colon and a document."""
    assert Source.parse(text) == expected


ORIGIN = Source("data.toml", 7)


@pytest.mark.parametrize(
    ("changes", "field", "value"),
    [
        ({"title": 3}, "title", 3),
        ({"body": ""}, "body", ""),
        ({"id": ""}, "id", ""),
        ({"participants": (1,)}, "participants item", 1),
        ({"statements": ("x",)}, "statements item", "x"),
        ({"sequence": -1}, "sequence", -1),
    ],
)
def test_a_wrong_meeting_field_is_reported_where_it_was_read(
    changes: dict[str, Any], field: str, value: object
) -> None:
    """Every check of a meeting names the field, the value and the origin's file and line."""
    args: dict[str, Any] = {"id": "m", "body": "kkr", "date": D(2027, 3, 3), "origin": ORIGIN}
    with pytest.raises(FieldError) as caught:
        Meeting(**(args | changes))
    assert caught.value.field == field
    assert caught.value.value == value
    assert caught.value.line == 7
    assert str(caught.value.path) == "data.toml"


@pytest.mark.parametrize(
    ("changes", "english", "danish"),
    [
        (
            {"end_date": D(2027, 3, 2)},
            "meeting 'm': end-date 2027-03-02 is before date 2027-03-03 (expected end-date ≥ date)",
            "mødet 'm': end-date 2027-03-02 ligger før date 2027-03-03 (forventet end-date ≥ date)",
        ),
        (
            {"end": dt.time(11)},
            "meeting 'm': an end time without a start time (expected a start time as well)",
            "mødet 'm': en sluttid uden en starttid (forventet også en starttid)",
        ),
        (
            {"sequence": -1},
            "meeting 'm': sequence is negative (expected 0 or more)",
            "mødet 'm': sequence er negativ (forventet 0 eller mere)",
        ),
        (
            {"date": D(1899, 12, 31)},
            (
                "meeting 'm': date 1899-12-31 is outside the supported range "
                "(expected a date in 1900-01-01 … 2199-12-31)"
            ),
            (
                "mødet 'm': date 1899-12-31 ligger uden for de understøttede datoer "
                "(forventet en dato i 1900-01-01 … 2199-12-31)"
            ),
        ),
        (
            {"end_date": D(2200, 1, 1)},
            (
                "meeting 'm': end-date 2200-01-01 is outside the supported range "
                "(expected a date in 1900-01-01 … 2199-12-31)"
            ),
            (
                "mødet 'm': end-date 2200-01-01 ligger uden for de understøttede datoer "
                "(forventet en dato i 1900-01-01 … 2199-12-31)"
            ),
        ),
    ],
)
def test_a_refused_meeting_says_where_what_and_what_was_expected_in_both_languages(
    changes: dict[str, Any], english: str, danish: str
) -> None:
    args: dict[str, Any] = {"id": "m", "body": "kkr", "date": D(2027, 3, 3), "origin": ORIGIN}
    with pytest.raises(KdnetCalendarError) as caught:
        Meeting(**(args | changes))
    assert str(caught.value) == f"data.toml:7: {english}"
    assert caught.value.localized("da") == f"data.toml:7: {danish}"


def test_a_meeting_may_end_on_the_day_it_starts() -> None:
    """``end_date`` before ``date`` is refused (``<``); the same day is a one-day span."""
    m = Meeting("m", "kkr", D(2027, 3, 3), end_date=D(2027, 3, 3))
    assert m.last_date == m.date


def test_a_wrong_type_names_the_type_and_value_it_got() -> None:
    with pytest.raises(FieldError) as caught:
        Meeting("m", "kkr", D(2027, 3, 3), title=3)  # type: ignore[arg-type]
    assert str(caught.value) == "<input>: meeting 'm': title is int 3 (expected text (str))"
    assert "int 3" in caught.value.localized("da")


def test_involves_is_the_holding_body_or_a_taking_part_one() -> None:
    m = Meeting("m", "kkr", D(2027, 3, 3), participants=("net",))
    assert m.involves("kkr")
    assert m.involves("net")
    assert not m.involves("other")
    assert not Meeting("n", "kkr", D(2027, 3, 3)).involves("net")


def test_prepared_by_and_preparations_use_the_window_they_are_given() -> None:
    kkr = Meeting("kkr-1", "kkr", D(2027, 3, 3))
    net = Meeting("net-1", "net", D(2027, 3, 3) - dt.timedelta(days=30))
    off = Meeting("kkr-2", "kkr", D(2027, 4, 7), status=Status.CANCELLED)
    cal = Calendar(bodies=(KKR, NET), meetings=(kkr, net, off))
    wide = PreparationWindow(5, 35)
    assert cal.prepared_by(net) is None  # 30 days: outside the usual 5–28
    assert cal.prepared_by(net, wide) == kkr
    assert cal.prepared_by(net, PreparationWindow(31, 35)) is None
    assert [(p.prepared, p.preparing) for p in cal.preparations("kkr", window=wide)] == [
        (kkr, net)
    ]  # the cancelled meeting is not one to prepare
    assert [(p.prepared, p.preparing) for p in cal.preparations("kkr")] == [(kkr, None)]


def test_members_of_a_body_are_those_with_a_seat_in_it() -> None:
    ann = Person("ann", "Ann", memberships=(Membership("kkr", until=D(2027, 1, 1)),))
    bob = Person("bob", "Bob", memberships=(Membership("net"),))
    cal = Calendar(bodies=(KKR, NET), people=(ann, bob))
    assert cal.members_of("kkr") == (ann,)
    assert cal.members_of("kkr", on=D(2027, 6, 1)) == ()
    assert cal.members_of("net", on=D(2027, 6, 1)) == (bob,)


def test_years_are_those_with_meetings_in_order_and_with_bodies_adds_only_new_ones() -> None:
    cal = Calendar(
        bodies=(KKR,),
        meetings=(Meeting("b", "kkr", D(2029, 1, 2)), Meeting("a", "kkr", D(2027, 1, 5))),
    )
    assert cal.years() == (2027, 2029)
    assert Calendar().years() == ()
    assert cal.with_bodies([KKR]) is cal
    assert cal.with_bodies([NET]).bodies == (KKR, NET)


def test_sequence_zero_is_allowed() -> None:
    """Only a negative ``sequence`` is refused (``< 0``): 0 is the first version."""
    assert Meeting("m", "kkr", D(2027, 3, 3), sequence=0).sequence == 0


def test_a_timed_meeting_overlaps_an_all_day_one() -> None:
    """``overlaps``: one meeting without a time on the day is enough to clash."""
    timed = Meeting("a", "kkr", D(2027, 3, 3), start=dt.time(10))
    all_day = Meeting("b", "net", D(2027, 3, 3))
    assert timed.overlaps(all_day)
    assert all_day.overlaps(timed)


def test_back_to_back_meetings_do_not_overlap_either_way() -> None:
    """``overlaps`` compares with ``<``: a meeting ending at 11:00 and one starting then
    do not clash, whichever is asked."""
    first = Meeting("a", "kkr", D(2027, 3, 3), start=dt.time(10), end=dt.time(11))
    second = Meeting("b", "net", D(2027, 3, 3), start=dt.time(11), end=dt.time(12))
    assert not first.overlaps(second)
    assert not second.overlaps(first)


def test_a_membership_is_active_on_its_first_and_last_day() -> None:
    """``active_on``: ``since`` and ``until`` are both inclusive."""
    seat = Membership("kkr", since=D(2026, 1, 1), until=D(2029, 12, 31))
    assert seat.active_on(D(2026, 1, 1))
    assert seat.active_on(D(2029, 12, 31))
    assert not seat.active_on(D(2025, 12, 31))
    assert not seat.active_on(D(2030, 1, 1))


@pytest.mark.parametrize(("low", "high"), [(0, 0), (3, 3), (0, 5)])
def test_a_preparation_window_may_start_at_zero_and_be_one_day_wide(low: int, high: int) -> None:
    """``0 <= min_days <= max_days``: the same day, and a single day, are valid windows."""
    assert PreparationWindow(low, high).max_days == high


@pytest.mark.parametrize(("low", "high"), [(-1, 3), (5, 4)])
def test_an_empty_preparation_window_is_refused(low: int, high: int) -> None:
    """A negative start or an end before the start is an empty window."""
    with pytest.raises(KdnetCalendarError, match="is empty"):
        PreparationWindow(low, high)


@pytest.mark.parametrize(("field", "value"), [("people", [1]), ("documents", ["x"])])
def test_a_calendar_names_the_list_with_a_wrong_item(field: str, value: list[object]) -> None:
    """The calendar's converters name the field whose item is not of its type."""
    with pytest.raises(FieldError) as caught:
        Calendar(**{field: value})  # type: ignore[arg-type]
    assert caught.value.field == f"{field} item"


def test_meetings_of_every_body_keeps_cancelled_ones_unless_asked() -> None:
    """``meetings_of()`` without a body looks at every meeting, and ``include_cancelled``
    defaults to True."""
    held = Meeting("kkr-1", "kkr", D(2027, 3, 3))
    off = Meeting("kkr-2", "kkr", D(2027, 4, 7), status=Status.CANCELLED)
    cal = Calendar(bodies=(KKR,), meetings=(held, off))
    assert cal.meetings_of() == (held, off)
    assert cal.meetings_of(include_cancelled=False) == (held,)


def test_meetings_of_a_period_are_those_inside_it() -> None:
    """``meetings_of(period=…)`` keeps the meetings in the period, not those outside."""
    inside = Meeting("kkr-1", "kkr", D(2029, 12, 31))
    outside = Meeting("kkr-2", "kkr", D(2030, 1, 1))
    cal = Calendar(bodies=(KKR,), meetings=(inside, outside))
    assert cal.meetings_of("kkr", period=period_starting(2026)) == (inside,)


def test_a_preparer_without_meetings_prepares_nothing() -> None:
    """``preparing`` and ``prepared_by`` answer None, not KeyError, when the other body of
    the dependency has no regular meetings."""
    kkr = Meeting("kkr-1", "kkr", D(2027, 3, 3))
    assert Calendar(bodies=(KKR, NET), meetings=(kkr,)).preparing(kkr) is None
    net = Meeting("net-1", "net", D(2027, 2, 24))
    assert Calendar(bodies=(KKR, NET), meetings=(net,)).prepared_by(net) is None


# -- rules/fixes.py -----------------------------------------------------------------------

ANY_DAY = Body("group", "Gruppe")  # no usual weekdays: any day may be a fix


def _check(*meetings: Meeting, external: tuple[Meeting, ...] = ()) -> Check:
    return Check(Calendar(bodies=(ANY_DAY,), meetings=meetings), Settings(), external)


@pytest.mark.parametrize("side", [-1, 1])
@pytest.mark.parametrize(
    ("within", "days", "reached"),
    [(27, 28, False), (28, 28, True), (None, 28, True), (None, 29, False)],
)
def test_the_fix_search_reaches_exactly_within_days_either_way(
    side: int, within: int | None, days: int, reached: bool
) -> None:
    """``within`` is inclusive, and four weeks unless given."""
    m = Meeting("group-1", "group", D(2027, 3, 10))  # a Wednesday
    target = m.date + dt.timedelta(days=days * side)
    kwargs: dict[str, Any] = {} if within is None else {"within": within}
    found = fixes.nearest(_check(m), m, m.date, allowed=lambda d: d == target, **kwargs)
    assert found == (target if reached else None)


def test_the_fix_search_keeps_to_the_weekdays_it_is_given() -> None:
    m = Meeting("group-1", "group", D(2027, 3, 10))  # a Wednesday, and fine as it is
    assert fixes.nearest(_check(m), m, m.date) == m.date
    assert fixes.nearest(_check(m), m, m.date, weekdays=(4,)) == D(2027, 3, 12)


def test_the_fix_search_judges_a_morning_meeting_by_its_hours() -> None:
    """1 May is an afternoon off: a meeting that ends by noon may move onto it."""
    morning = Meeting("group-1", "group", D(2029, 4, 28), start=dt.time(9), end=dt.time(11))
    afternoon = attrs.evolve(morning, start=dt.time(13), end=dt.time(15))
    assert fixes.nearest(_check(morning), morning, D(2029, 5, 1)) == D(2029, 5, 1)  # a Tuesday
    assert fixes.nearest(_check(afternoon), afternoon, D(2029, 5, 1)) == D(2029, 4, 30)


def test_the_fix_search_passes_over_the_rules_it_is_told_to_ignore() -> None:
    """The only day left breaks ``overlap``: ignored, it is the fix; otherwise there is none."""
    first = Meeting("group-1", "group", D(2027, 3, 10), start=dt.time(10), end=dt.time(12))
    second = attrs.evolve(first, id="group-2")
    check = _check(first, second)
    assert fixes.nearest(check, second, second.date, within=0) is None
    found = fixes.nearest(check, second, second.date, within=0, ignore=frozenset({"overlap"}))
    assert found == second.date


def test_problems_names_every_rule_a_meeting_breaks_by_its_day_and_among_the_others() -> None:
    saturday = Meeting("group-1", "group", D(2027, 3, 13), start=dt.time(10), end=dt.time(12))
    twin = attrs.evolve(saturday, id="group-2")
    assert set(fixes.problems(_check(saturday, twin), twin)) == {"weekend", "overlap"}
    assert list(fixes.problems(_check(saturday), saturday)) == ["weekend"]
    # 1 May is an afternoon off: the hours count.
    morning = Meeting("group-3", "group", D(2029, 5, 1), start=dt.time(9), end=dt.time(11))
    assert list(fixes.problems(_check(morning), morning)) == []
    afternoon = attrs.evolve(morning, start=dt.time(13), end=dt.time(15))
    assert list(fixes.problems(_check(afternoon), afternoon)) == ["day-off"]


def test_the_cheap_meeting_rules_are_asked_first_and_every_rule_is_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fixes, "_ORDERED", [])  # worked out afresh, not as cached
    order = [code for code, _ in fixes._in_cheap_order()]
    assert order[: len(fixes._CHEAP_FIRST)] == list(fixes._CHEAP_FIRST)
    assert sorted(order) == sorted(fixes.MEETING_TESTS)


def test_a_day_is_judged_once_per_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fix search asks about the same days again and again; the answer is cached."""
    asked: list[dt.date] = []

    def counting(check: Check, body: str, kind: MeetingKind, morning: bool, day: dt.date) -> None:
        asked.append(day)

    monkeypatch.setitem(fixes.DAY_TESTS, "counting", counting)
    check = _check()
    for _ in range(3):
        fixes.day_problems(check, "group", MeetingKind.ORDINARY, None, D(2027, 3, 10))
    assert asked == [D(2027, 3, 10)]


def test_external_events_are_each_named_once_over_the_days_a_meeting_spans() -> None:
    monday = D(2027, 3, 1)
    m = Meeting("group-1", "group", monday, end_date=monday + dt.timedelta(days=2))
    one = Meeting("one", "external", monday, end_date=monday + dt.timedelta(days=1))
    two = Meeting("two", "external", monday + dt.timedelta(days=2))
    found = fixes.external_events(_check(m, external=(one, two)), m)
    assert sorted(e.id for e in found) == ["one", "two"]


# 2199-12-31, the last supported day, is a Tuesday; 1900-01-01, the first, a Monday. The
# days around them are holidays or days off, which these searches do not mind.
_HOLIDAYS = frozenset({"public-holiday", "day-off"})


def test_the_fix_search_may_end_on_the_last_supported_day_but_not_after() -> None:
    m = Meeting("group-1", "group", LAST_DATE - dt.timedelta(days=3))  # a Saturday
    assert fixes.nearest(_check(m), m, LAST_DATE, within=3, ignore=_HOLIDAYS) == LAST_DATE


def test_the_fix_search_may_start_on_the_first_supported_day_but_not_before() -> None:
    m = Meeting("group-1", "group", FIRST_DATE + dt.timedelta(days=5))  # a Saturday
    assert fixes.nearest(_check(m), m, FIRST_DATE, within=3, ignore=_HOLIDAYS) == FIRST_DATE


def test_a_multi_day_meeting_is_moved_whole_within_the_supported_range() -> None:
    """Its last day must stay in range: two days ending on 2199-12-31 start the 30th."""
    m = Meeting(
        "group-1", "group", LAST_DATE - dt.timedelta(days=10), end_date=LAST_DATE - dt.timedelta(days=9),
        kind=MeetingKind.WORKSHOP,
    )  # fmt: skip
    found = fixes.nearest(_check(m), m, LAST_DATE, within=3, ignore=_HOLIDAYS)
    assert found == LAST_DATE - dt.timedelta(days=1)


def test_a_multi_day_meeting_is_judged_on_every_day_it_would_span() -> None:
    """A two-day workshop cannot move onto a Monday whose Tuesday has an external event."""
    monday = D(2027, 3, 1)
    m = Meeting(
        "group-1", "group", monday, end_date=monday + dt.timedelta(days=1),
        kind=MeetingKind.WORKSHOP,
    )  # fmt: skip
    event = Meeting("event", "external", monday + dt.timedelta(days=1), title="Topmøde")
    check = _check(m, external=(event,))
    # Monday–Tuesday and Tuesday–Wednesday hold the event; Sunday and Saturday are weekends.
    assert fixes.nearest(check, m, monday) == monday + dt.timedelta(days=2)


def test_day_verdicts_are_not_shared_between_kinds() -> None:
    """A workshop may fall in the school holidays, an ordinary meeting may not; whichever
    of the two on one day is judged first, the other keeps its own verdict."""
    day = D(2027, 10, 20)  # the autumn holiday, week 42
    ordinary = Meeting("group-1", "group", day)
    workshop = Meeting("group-2", "group", day, kind=MeetingKind.WORKSHOP)
    for first, second in ((ordinary, workshop), (workshop, ordinary)):
        check = _check(ordinary, workshop)
        verdicts = {
            m.id: fixes.day_problems(check, m.body, m.kind, m.end, m.date) for m in (first, second)
        }
        assert "school-holiday" in verdicts["group-1"]
        assert "school-holiday" not in verdicts["group-2"]


def test_day_verdicts_are_not_shared_between_bodies_that_differ_in_weekdays() -> None:
    tuesdays = Body("tue", "Tirsdagsgruppe", weekdays=(1,))
    calendar = Calendar(bodies=(ANY_DAY, tuesdays), meetings=())
    check = Check(calendar, Settings())
    wednesday = D(2027, 3, 10)
    assert fixes.day_problems(check, "group", MeetingKind.ORDINARY, None, wednesday) == ()
    assert "usual-weekday" in fixes.day_problems(
        check, "tue", MeetingKind.ORDINARY, None, wednesday
    )
