"""The Danish day calendar: what a meeting should avoid besides weekends and holidays."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from dateutil.easter import easter
from hypothesis import given
from hypothesis import strategies as st

from kdnet_calendar import Calendar, Meeting, load_embedded
from kdnet_calendar.cli import main
from kdnet_calendar.rules import Settings, load_settings, validate

D = dt.date
DAYS = Settings().days


@given(st.integers(1900, 2199))
def test_the_easter_school_holiday_runs_from_the_saturday_before_palm_sunday(year: int) -> None:
    sunday = easter(year)
    first, last = sunday - dt.timedelta(days=8), sunday + dt.timedelta(days=1)
    assert DAYS.school_holiday(first) is not None
    assert DAYS.school_holiday(last) is not None
    assert DAYS.school_holiday(first - dt.timedelta(days=1)) is None or (
        (first - dt.timedelta(days=1)).isocalendar().week in (7, 42)
    )
    assert DAYS.school_holiday(last + dt.timedelta(days=1)) is None or (
        (last + dt.timedelta(days=1)).isocalendar().week == 7
    )


@given(st.integers(1900, 2199))
def test_the_friday_after_ascension_is_a_day_off(year: int) -> None:
    friday = easter(year) + dt.timedelta(days=40)
    assert friday.weekday() == 4
    note = DAYS.day_off(friday)
    assert note is not None
    assert note.da == "fredag efter Kristi himmelfartsdag"


@pytest.mark.parametrize("day", [D(2027, 12, 21), D(2027, 12, 22), D(2027, 12, 23), D(2028, 1, 2)])
def test_the_christmas_weeks_are_days_off(day: dt.date) -> None:
    assert DAYS.day_off(day) is not None


@pytest.mark.parametrize("day", [D(2027, 12, 20), D(2028, 1, 3)])
def test_the_christmas_weeks_end_where_the_settings_say(day: dt.date) -> None:
    assert DAYS.day_off(day) is None


def test_kkr_on_1_april_2026_is_in_the_easter_holiday() -> None:
    """What ``propose --period 2026-2029`` once proposed, and ``validate`` once passed."""
    cal = load_embedded()
    meeting = Meeting("kkr-x", "kkr-midtjylland", D(2026, 4, 1))
    report = validate(cal.with_meetings([*cal.meetings, meeting]), rules=["school-holiday"])
    [finding] = [f for f in report if "kkr-x" in f.meetings]
    assert "påskeferien" in finding.message("da")


def test_propose_keeps_every_meeting_out_of_the_easter_holiday_until_2061(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["propose", "--period", "2026-2061", "--format", "json"]) == 0
    for m in json.loads(capsys.readouterr().out)["meetings"]:
        note = DAYS.school_holiday(D.fromisoformat(m["date"]))
        assert note is None or "påske" not in note.da


def test_the_new_knowledge_can_be_switched_off_in_a_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "regler.toml"
    path.write_text(
        "[rules.school-holiday]\neaster = 0\n\n"
        "[rules.day-off]\nfriday-after-ascension = 0\nchristmas-from = 27\nchristmas-until = 1\n",
        encoding="utf-8",
    )
    days = load_settings(path).days
    assert days.school_holiday(D(2026, 3, 31)) is None
    assert days.day_off(D(2026, 5, 15)) is None
    assert days.day_off(D(2026, 12, 22)) is None
    assert days.day_off(D(2027, 1, 2)) is None
    assert days.day_off(D(2026, 12, 24)) is not None  # Christmas Eve is no setting


def test_a_calendar_of_easter_meetings_gets_one_finding_each() -> None:
    cal = Calendar(bodies=load_embedded().bodies)
    days = [easter(2030) - dt.timedelta(days=n) for n in (4, 5, 6)]  # Mon–Wed of Holy Week
    meetings = [Meeting(f"m{i}", "kd-net", d) for i, d in enumerate(days)]
    found = validate(cal.with_meetings(meetings), rules=["school-holiday"])
    assert sorted(f.meetings[0] for f in found) == ["m0", "m1", "m2"]


WEEK_8 = "[rules.school-holiday]\nwinter-weeks = [8]\n"


def test_propose_takes_the_rules_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "regler.toml"
    rules.write_text(WEEK_8 + "\n[rules.spacing]\nmin-days = 35\n", encoding="utf-8")
    assert main(["propose", "2027", "--rules", str(rules), "--format", "json"]) == 0
    meetings = json.loads(capsys.readouterr().out)["meetings"]
    days = sorted(D.fromisoformat(m["date"]) for m in meetings if m["body"] == "kkr-midtjylland")
    assert all(d.isocalendar().week != 8 for d in days)
    assert all((b - a).days >= 35 for a, b in itertools.pairwise(days))


def test_feeds_build_marks_the_municipality_s_own_winter_week(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "regler.toml"
    rules.write_text(WEEK_8, encoding="utf-8")
    assert main(["feeds", "build", str(tmp_path / "site"), "--rules", str(rules)]) == 0
    page = (tmp_path / "site" / "oversigt.html").read_text(encoding="utf-8")
    assert "vinterferie (uge 8)" in page
    assert "vinterferie (uge 7)" not in page


def test_the_holiday_table_is_what_the_holidays_package_says() -> None:
    """The table is a copy for speed; the package stays the source of truth."""
    from kdnet_calendar.days import TABLE, holiday_table

    assert TABLE.read_text(encoding="utf-8") == holiday_table()


def test_store_bededag_is_a_holiday_until_2023_only() -> None:
    assert DAYS.public_holiday(D(2023, 5, 5)) is not None
    assert DAYS.public_holiday(D(2024, 4, 26)) is None
