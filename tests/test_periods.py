from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kdnet_calendar import OutOfRangeError, election_day, period_of, period_starting
from kdnet_calendar.periods import FIRST_KKR_YEAR, is_election_year, periods_between


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2005, dt.date(2005, 11, 15)),
        (2017, dt.date(2017, 11, 21)),
        (2021, dt.date(2021, 11, 16)),
        (2025, dt.date(2025, 11, 18)),
        (2029, dt.date(2029, 11, 20)),
        (2033, dt.date(2033, 11, 15)),
    ],
)
def test_election_days_match_the_published_ones(year: int, expected: dt.date) -> None:
    assert election_day(year) == expected


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2026, 2001])
def test_no_election_outside_the_four_year_cycle(year: int) -> None:
    with pytest.raises(OutOfRangeError) as info:
        election_day(year)
    assert info.value.year == year


def test_period_2026_2029() -> None:
    period = period_of(dt.date(2026, 2, 6))
    assert (period.start, period.end) == (dt.date(2026, 1, 1), dt.date(2029, 12, 31))
    assert period.election == dt.date(2025, 11, 18)
    assert period.next_election == dt.date(2029, 11, 20)
    assert period.first_year == 2026
    assert period.election_year == 2029
    assert period.kkr_constituting_deadline == dt.date(2026, 1, 31)
    assert period.label == "2026–2029"
    assert not period.transition


def test_the_last_day_of_an_election_year_still_belongs_to_the_old_period() -> None:
    assert period_of(dt.date(2025, 12, 31)).label == "2022–2025"
    assert period_of(dt.date(2026, 1, 1)).label == "2026–2029"


def test_the_structural_reform_period_is_a_transition() -> None:
    period = period_of(2006)
    assert period.transition
    assert period.label == "2006–2009"
    assert period.election == dt.date(2005, 11, 15)
    assert period.first_year == FIRST_KKR_YEAR == 2007
    assert period.kkr_constituting_deadline is None
    assert period_of(2010).transition is False


@pytest.mark.parametrize("year", [1990, 2005])
def test_before_the_reform_is_out_of_range(year: int) -> None:
    with pytest.raises(OutOfRangeError, match="no KKRs"):
        period_of(year)


def test_period_starting_rejects_years_that_start_no_period() -> None:
    with pytest.raises(OutOfRangeError):
        period_starting(2027)


@given(st.dates(min_value=dt.date(2007, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_date_lies_in_exactly_one_period(day: dt.date) -> None:
    containing = [p for p in periods_between(2006, 2101) if day in p]
    assert containing == [period_of(day)]


@given(st.integers(2005, 2200).filter(is_election_year))
def test_every_election_day_is_the_third_tuesday_of_november(year: int) -> None:
    day = election_day(year)
    assert day.weekday() == 1
    assert day.month == 11
    assert 15 <= day.day <= 21


@given(st.integers(2006, 2200))
def test_periods_are_four_years_and_follow_their_election(year: int) -> None:
    period = period_of(year)
    assert period.end.year - period.start.year == 3
    assert (period.election.year, period.election.month) == (period.start.year - 1, 11)
    assert (period.start.month, period.start.day) == (1, 1)
    assert period_starting(period.end.year + 1).start == period.end + dt.timedelta(days=1)
