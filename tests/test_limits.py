"""Inputs at and past the limits in :mod:`kdnet_calendar.limits`: one line, exit 2, quickly.

Each test here is an input that once crashed with a traceback, grew without bound in
memory or never finished. Through the command line where the exit status is the point.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest

from kdnet_calendar import (
    Body,
    Calendar,
    InputError,
    Meeting,
    MeetingKind,
    Source,
    UnsupportedDateError,
    datafile,
    limits,
)
from kdnet_calendar.cli import main
from kdnet_calendar.readers.ics import read_ics
from kdnet_calendar.rules import validate

HEAD = 'format = 1\n\n[[bodies]]\nid = "kd-net"\nname = "KD-Net"\n\n'
MEETING = '[[meetings]]\nid = "m1"\nbody = "kd-net"\n'


def one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the command line; it must exit 2 with exactly one short line on stderr, in
    Danish (the default) and in English. The English line is returned."""
    for lang in ("da", "en"):
        assert main([*argv, "--lang", lang]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err[:2000]
        assert len(err) < 600, err[:2000]
    return err


def data_file(tmp_path: Path, text: str, name: str = "cal.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def ics_file(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "cal.ics"
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//limits//DA"]
    path.write_bytes(("\r\n".join([*head, *lines, "END:VCALENDAR"]) + "\r\n").encode())
    return str(path)


def vevent(*properties: str) -> list[str]:
    return ["BEGIN:VEVENT", "UID:a@example.org", "SUMMARY:KD-Net møde", *properties, "END:VEVENT"]


def vtimezone(rule: str) -> list[str]:
    return [
        "BEGIN:VTIMEZONE",
        "TZID:Customized Time Zone",
        "BEGIN:STANDARD",
        "DTSTART:19701025T030000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        f"RRULE:{rule}",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:19700329T020000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
        *vevent("DTSTART;TZID=Customized Time Zone:20250124T100000"),
    ]


# -- the supported range -----------------------------------------------------------------


def test_the_range_is_one_place_and_the_command_line_asks_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (limits.FIRST_YEAR, limits.LAST_YEAR) == (1900, 2199)
    for year in (limits.FIRST_YEAR - 1, limits.LAST_YEAR + 1, 9998, 9999):
        with pytest.raises(SystemExit) as info:
            main(["show", "--year", str(year)])
        assert info.value.code == 2
        assert "1900–2199" in capsys.readouterr().err


def test_agenda_line_in_year_9999_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agenda = tmp_path / "dagsorden.txt"
    agenda.write_text("KD-Net mødedatoer\n\n- 24.01.2025\n- 31.12.9999\n", encoding="utf-8")
    err = one_line_error(capsys, "validate", str(agenda))
    assert "9999" in err


def test_data_file_date_0001_01_01_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_file(tmp_path, HEAD + MEETING + "date = 0001-01-01\n")
    err = one_line_error(capsys, "show", "--data", path)
    assert f"{path}:10:" in err
    assert "0001-01-01 is outside the supported range" in err


@pytest.mark.parametrize("year", [9998, 9999, 1899, 2200])
def test_data_file_dates_outside_the_range_name_their_line(year: int) -> None:
    text = HEAD + MEETING + "date = 2025-01-24\nend-date = 2025-01-25\n"
    with pytest.raises(UnsupportedDateError) as info:
        datafile.loads(text.replace("end-date = 2025", f"end-date = {year}"), "cal.toml")
    assert info.value.line == 11
    assert info.value.value.year == year


def test_ics_dtend_99991231t235959_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ics_file(tmp_path, *vevent("DTSTART:20250124T100000", "DTEND:99991231T235959"))
    err = one_line_error(capsys, "validate", path)
    assert f"{path}:8: DTEND 9999-12-31" in err


def test_ics_series_running_past_the_range_is_refused(bodies: Calendar) -> None:
    for rule in ("FREQ=YEARLY;COUNT=5", "FREQ=YEARLY;UNTIL=99991231T000000Z"):
        data = (
            "BEGIN:VCALENDAR\r\n"
            + "\r\n".join(vevent("DTSTART:21981230T100000", f"RRULE:{rule}"))
            + "\r\nEND:VCALENDAR\r\n"
        )
        with pytest.raises(InputError, match=r"2199-12-31|outside the supported range") as info:
            read_ics(data, "x.ics", bodies)
        assert info.value.line == 6


def test_a_meeting_outside_the_range_cannot_be_made() -> None:
    meeting = Meeting("m", "kd-net", dt.date(2199, 12, 31), origin=Source("cal.toml", 7))
    with pytest.raises(UnsupportedDateError) as info:
        attrs.evolve(meeting, date=dt.date(9999, 12, 31))
    assert (info.value.path, info.value.line) == ("cal.toml", 7)
    with pytest.raises(UnsupportedDateError, match="end-date 2200-01-01"):
        attrs.evolve(meeting, end_date=dt.date(2200, 1, 1))


def test_rules_and_fixes_at_both_ends_of_the_range() -> None:
    """Meetings on the first and last supported days: every rule runs, no fix leaves the range."""
    kkr = Body("kkr", "KKR", weekdays=(2,))
    net = Body("net", "KD-Net", weekdays=(4,), prepares="kkr")
    ends = [limits.FIRST_DATE, limits.LAST_DATE]
    meetings = [
        Meeting(f"{body}-{day.year}-{kind}", body, day, kind=kind, end_date=None)
        for day in ends
        for body in ("kkr", "net")
        for kind in (MeetingKind.ORDINARY, MeetingKind.CONSTITUTING)
    ]
    meetings.append(Meeting("trip", "net", limits.LAST_DATE - dt.timedelta(days=2),
                            kind=MeetingKind.STUDY_TRIP, end_date=limits.LAST_DATE))  # fmt: skip
    report = validate(Calendar(bodies=(kkr, net), meetings=tuple(meetings)))
    assert report.findings
    suggested = [f.suggestion.to for f in report.findings if f.suggestion is not None]
    assert all(limits.supported(day) for day in suggested)


def test_propose_the_last_supported_year(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["propose", str(limits.LAST_YEAR)]) == 0
    assert str(limits.LAST_YEAR) in capsys.readouterr().out


# -- data files: bounded before tomllib sees them --------------------------------------------


def test_toml_nested_500_deep_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_file(tmp_path, "format = 1\nx = " + "[" * 500 + "]" * 500 + "\n")
    err = one_line_error(capsys, "show", "--data", path)
    assert f"{path}:2:" in err
    assert "nested more than 32 deep (refused before parsing)" in err


def test_toml_inline_tables_330_deep_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_file(tmp_path, "format = 1\nx = " + "{ a = " * 330 + "1" + " }" * 330 + "\n")
    err = one_line_error(capsys, "show", "--data", path)
    assert f"{path}:2:" in err
    assert "refused before parsing" in err


def test_toml_100000_dotted_keys_is_refused_before_parsing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_file(tmp_path, "format = 1\n" + "a" + ".a" * 100_000 + " = 1\n")
    started = time.perf_counter()
    err = one_line_error(capsys, "show", "--data", path)
    assert time.perf_counter() - started < 5
    assert f"{path}:2:" in err
    assert "dotted keys nested more than" in err


def test_toml_integer_of_4400_digits_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_file(tmp_path, HEAD + MEETING + "date = 2025-01-24\nsequence = " + "9" * 4400)
    err = one_line_error(capsys, "show", "--data", path)
    assert f"{path}:11: a number of 4400 digits" in err


def test_toml_sequence_2147483648_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_file(tmp_path, HEAD + MEETING + "date = 2025-01-24\nsequence = 2147483648\n")
    err = one_line_error(capsys, "feeds", "build", str(tmp_path / "out"), "--data", path)
    assert f"{path}:11:" in err
    assert "at most 2147483647" in err


def test_toml_nesting_the_format_uses_is_accepted() -> None:
    """Inline tables in arrays, dotted keys and brackets inside strings are not nesting."""
    text = datafile.dumps(datafile.load_embedded())
    assert datafile.loads(text) == datafile.load_embedded()
    datafile.loads('format = 1\nname = "' + "[{" * 100 + '"\n# ' + "[" * 100 + "\n")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("format = 1\nx = [1,\n2,\n\n", 3),  # tomllib: at end of document
        ('format = 1\nname = "unterminated', 2),
        ("format = 1\na.b.c = 1\na.b.c = 2\n", 3),
        ("format = 1\n[a.b]\n[a.b]\n", 3),
    ],
)
def test_every_toml_error_has_a_line(text: str, line: int) -> None:
    with pytest.raises(InputError) as info:
        datafile.loads(text, "cal.toml")
    assert info.value.line == line


def test_a_megabyte_value_is_echoed_in_a_short_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = "x" * 1_000_000
    path = data_file(tmp_path, f'format = 1\nname = ["{big}"]\n')
    err = one_line_error(capsys, "show", "--data", path)
    assert "…" in err
    path = data_file(tmp_path, "format = 1\n" + "a.b" * 10 + f'."{big}" = 1\n' * 2)
    err = one_line_error(capsys, "show", "--data", path)
    assert f"{path}:3:" in err


# -- files that are not files, or too large -----------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("name", ["agenda.txt", "cal.ics", "cal.toml"])
def test_fifo_input_is_refused_without_blocking(tmp_path: Path, name: str) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    argv = ["show", "--data", str(fifo)] if name.endswith(".toml") else ["validate", str(fifo)]
    done = subprocess.run(
        [sys.executable, "-m", "kdnet_calendar", *argv, "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "not a regular file" in done.stderr


@pytest.mark.parametrize("name", ["cal.ics", "cal.toml"])
def test_input_larger_than_the_limit_is_not_read(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(b"#" * (limits.MAX_INPUT_BYTES + 1))
    argv = ["show", "--data", str(path)] if name.endswith(".toml") else ["validate", str(path)]
    err = one_line_error(capsys, *argv)
    assert "larger than 10 MB" in err


# -- .ics: rules bounded before they expand ----------------------------------------------


@pytest.fixture(scope="module")
def bodies() -> Calendar:
    return datafile.load_embedded().with_meetings(())


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        ("FREQ=YEARLY;BYMONTH=10;BYDAY=99MO", "BYDAY=99MO, which names no weekday"),
        ("FREQ=SECONDLY", "FREQ=SECONDLY"),
        ("FREQ=YEARLY;INTERVAL=00;BYMONTH=10;BYDAY=-1SU", "INTERVAL=00"),
    ],
    ids=["vtimezone_byday_99mo", "vtimezone_freq_secondly", "vtimezone_interval_00"],
)
def test_vtimezone_rule_is_one_line_error(
    rule: str, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ics_file(tmp_path, *vtimezone(rule))
    started = time.perf_counter()
    err = one_line_error(capsys, "validate", path)
    assert time.perf_counter() - started < 10
    assert f"{path}:10: a time zone's RRULE with {says}" in err
    assert "refused before expanding it" in err


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SECONDLY;COUNT=5",
        "FREQ=DAILY;INTERVAL=0;COUNT=5",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=5",  # never: dateutil looked to 9999
        f"FREQ=DAILY;COUNT={limits.MAX_OCCURRENCES + 1}",
        "FREQ=DAILY;COUNT=1000000000",
    ],
)
def test_event_rule_that_would_not_end_is_refused_quickly(rule: str, bodies: Calendar) -> None:
    data = (
        "BEGIN:VCALENDAR\r\n"
        + "\r\n".join(vevent("DTSTART:20250124T100000", f"RRULE:{rule}"))
        + "\r\nEND:VCALENDAR\r\n"
    )
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_ics(data, "x.ics", bodies)
    assert time.perf_counter() - started < 5
    assert info.value.line == 6


def _events(count: int) -> bytes:
    """``count`` events; every tenth has an alarm, so icalendar reads it whole."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//limits//DA"]
    for i in range(count):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=i % 3000)
        alarm = ["BEGIN:VALARM", "TRIGGER:-PT15M", "ACTION:DISPLAY", "END:VALARM"]
        lines += [
            "BEGIN:VEVENT",
            f"UID:e{i}@example.org",
            "DTSTAMP:20250101T000000Z",
            f"DTSTART;TZID=Europe/Copenhagen:{day:%Y%m%d}T100000",
            f"DTEND;TZID=Europe/Copenhagen:{day:%Y%m%d}T120000",
            "SUMMARY:KD-Net møde",
            *(alarm if i % 10 == 0 else []),
            "END:VEVENT",
        ]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def test_ics_reader_time_grows_linearly_with_events(bodies: Calendar) -> None:
    """Four times the events may take four times as long, not sixteen.

    Best of three runs each, so that a busy machine does not decide; the bound is a ratio,
    generous for the garbage collector, whose full collections grow with what is alive.
    """
    timings = []
    for count in (1_000, 4_000):
        data = _events(count)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            assert len(read_ics(data, "many.ics", bodies)) == count
            best = min(best, time.perf_counter() - started)
        timings.append(best)
    assert timings[1] < 8 * timings[0], timings


def test_a_rules_file_nested_too_deep_is_refused_with_its_line(tmp_path: Path) -> None:
    """The rules file was parsed without the guard the data file had."""
    from kdnet_calendar.rules import load_settings

    rules = tmp_path / "regler.toml"
    rules.write_text("[rules.spacing]\nmin-days = " + "[" * 200 + "]" * 200 + "\n")
    with pytest.raises(InputError) as info:
        load_settings(rules)
    assert info.value.line == 2
    assert "refused before parsing" in str(info.value)
