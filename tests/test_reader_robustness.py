"""The agenda-text reader under hostile and odd input: fuzz, round trips and hang reproducers.

Every test here must end quickly whatever the reader does: the fuzz tests are derandomized
and bounded, and the regression tests for input that once hung run the command line in a
child process with a timeout, so that a hang fails the test instead of the whole run.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kdnet_calendar import Calendar, Meeting, MeetingKind, load_embedded
from kdnet_calendar.danish import MONTHS
from kdnet_calendar.exceptions import InputError
from kdnet_calendar.readers import DateRead, Disposition
from kdnet_calendar.readers.dates import scan
from kdnet_calendar.readers.text import TextReading, read_agenda_text
from kdnet_calendar.writers import render_danish

PATH = "fuzz.txt"


@functools.cache
def registry() -> Calendar:
    """The embedded bodies without their meetings: what the reader gets to work with.

    Not a fixture: hypothesis prints a failing example's arguments, and a calendar's repr
    runs to tens of kilobytes.
    """
    return load_embedded().with_meetings(())


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return registry()


# -- fuzz over the grammar ----------------------------------------------------------------

#: Date notations and the text around them, as secretariats write them.
FRAGMENTS = (
    "Tirsdag den 17.3.", "8/2-2023", "8.2.23", "d. 8.2.", "17.april", "03. oktober",
    "Den 12. maj", "3. og 4. februar", "21.–22. august", "Sagsnr.: 19/04412",
    "kl. 10.00 – 12.00", "Møder i 2023", "Bestyrelsesmøder 2026",
    "KKR Syddanmark mødes normalt fem gange om året.", "Vinterferie",
    "Budgetseminar den 21. og 22. august", "15. novemberDagsorden",
    "… Tid og sted: Torsdag 19. marts 2020 …", "Byrådet holdt møde den 12. marts 2021",
    "Mødekalender KD-Net 2024", "Mødekalender for KKR Midtjylland 2022", "Møde: KD-Net",
    "Mødetid: 14. april 2023kl. 10:00", "senest den 1. marts", "2024:", "Forår",
    "forelægges KKR d. 26. april", "2. Godkendelse af referatet fra mødet d. 27. januar",
    "Onsdag 8. feb", "8 February 2026", "2023-02-08", "Januar 20.", "September 8. og 29.",
    "18.09 Odense", "28. dec – 2. jan 2024", "- 30/2", "- 29. feb", "- 12. fenruar",
    "00.01.10-A00-2-23", "Tlf. 12.34.56.78", "(KL's årsmøde den 15. og 16. marts.)",
    "9\tmøde i KKR den 3. maj", "Dagsorden for møde i Byrådet", "- aflyst", "virtuelt",
)  # fmt: skip
#: What stands between fragments: nothing, spaces, tabs, bullets, line breaks.
GLUE = ("", " ", "\t", "\n", "\n\n", "\n- ", "\n• ", "\n* ", "\n\t", " – ", ", ", "\r\n")

fragment = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(FRAGMENTS).map(str.upper),
    st.text(alphabet="0123456789./-– \tdenkljmaørs", max_size=12),
    st.text(max_size=20),
)
agenda_text = st.lists(st.tuples(st.sampled_from(GLUE), fragment), max_size=30).map(
    lambda parts: "".join(glue + frag for glue, frag in parts)
)
bodies = st.sampled_from([None, "kd-net"])


def reading_or_error(
    text: str, cal: Calendar, body: str | None
) -> tuple[TextReading | None, InputError | None]:
    """The reading, or the one kind of error the reader may raise; anything else fails."""
    try:
        return read_agenda_text(text, PATH, cal, body=body), None
    except InputError as exc:
        return None, exc


def check_reading(text: str, cal: Calendar, body: str | None) -> None:
    reading, error = reading_or_error(text, cal, body)
    if error is not None:
        message = str(error)
        assert message.startswith(PATH), message
        assert "\n" not in message, message
        assert "\r" not in message, message
        return
    assert reading is not None
    known = {b.id for b in cal.bodies} | {b.id for b in reading.bodies}
    for s in reading.sightings:
        assert s.body in known, s
        assert s.statement.source.document == PATH
    check_account(text, reading.dates)


def check_account(text: str, dates: tuple[DateRead, ...]) -> None:
    """Each date expression is accounted, once at least, with a disposition that fits."""
    per_line: dict[int | None, int] = {}
    for d in dates:
        assert isinstance(d.disposition, Disposition), d
        assert d.source.document == PATH
        if d.disposition is Disposition.MEETING:
            assert d.body is not None, d
            assert d.date is not None, d
        if d.disposition is Disposition.UNREAD:
            assert d.reason, d
        per_line[d.source.line] = per_line.get(d.source.line, 0) + 1
    # The reader's own line breaks: str.splitlines also breaks at \x1c, \x85, \u2028 ….
    for n, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        expressions = scan(line)
        assert per_line.get(n, 0) >= len(expressions), (n, line, expressions)


@settings(
    derandomize=True,
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=st.text(), body=bodies)
def test_arbitrary_text_reads_or_raises_one_line(text: str, body: str | None) -> None:
    check_reading(text, registry(), body)


@settings(
    derandomize=True,
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=agenda_text, body=bodies)
def test_notation_fragments_read_or_raise_one_line(text: str, body: str | None) -> None:
    check_reading(text, registry(), body)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(line=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8).map(" ".join))
def test_scan_finds_ordered_disjoint_expressions(line: str) -> None:
    found = scan(line)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    for m in found:
        assert line[m.start : m.end] == m.text
        assert 1 <= m.month <= 12
        assert 1 <= m.day <= 31


@pytest.mark.parametrize("fragment", FRAGMENTS)
@pytest.mark.parametrize("body", [None, "kd-net"])
def test_each_fragment_under_a_list_heading(cal: Calendar, fragment: str, body: str | None) -> None:
    text = f"Mødekalender KD-Net 2024\n\n- {fragment}\n\nTekst om {fragment} i løbende tekst.\n"
    check_reading(text, cal, body)


# -- round trip ---------------------------------------------------------------------------


@st.composite
def meetings(draw: st.DrawFn, calendar: Calendar) -> list[Meeting]:
    """Meetings of one or a few bodies over several years, each body's dates distinct."""
    ids = draw(
        st.lists(
            st.sampled_from([b.id for b in calendar.bodies]), min_size=1, max_size=3, unique=True
        )
    )
    out = []
    for body in ids:
        days = draw(
            st.sets(st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)), min_size=1, max_size=10)
        )
        for i, day in enumerate(sorted(days)):
            start = draw(st.none() | st.integers(7, 18))
            out.append(
                Meeting(
                    id=f"{body}-{i}",
                    body=body,
                    date=day,
                    start=None if start is None else dt.time(start),
                    end=None if start is None else dt.time(start + 2),
                    kind=draw(st.sampled_from([MeetingKind.ORDINARY, MeetingKind.CONSTITUTING])),
                    virtual=draw(st.booleans()),
                )
            )
    return out


@settings(
    derandomize=True,
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_rendered_meetings_read_back_with_the_same_dates(data: st.DataObject) -> None:
    cal = registry()
    written = data.draw(meetings(cal))
    text = render_danish(cal, written)
    reading = read_agenda_text(text, "rendered.txt", cal)
    got = {
        (s.body, s.statement.date, s.statement.start, s.statement.end) for s in reading.sightings
    }
    assert got == {(m.body, m.date, m.start, m.end) for m in written}
    assert not [d for d in reading.dates if d.disposition is Disposition.UNREAD]


# -- input that once hung or grew without bound ----------------------------------------------

#: A hang detector, not a speed target (speed is measured in benchmarks/): each of these
#: reads in well under a second when the reader is linear, but validating twenty thousand
#: consecutive days, every one a finding with a fix searched for it, takes some seconds,
#: and a shared CI machine may be slow.
BOUND = 40.0
HEADING = "Mødekalender KD-Net 2024\n\n"


def run_cli(path: Path) -> tuple[int, str, float]:
    """``kdnet_calendar.cli.main(["validate", path])`` in a child, killed after ``BOUND``."""
    code = "import sys; from kdnet_calendar.cli import main; sys.exit(main(sys.argv[1:]))"
    start = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, "validate", str(path)],
            capture_output=True,
            text=True,
            timeout=BOUND,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"validate {path.name} did not end within {BOUND:.0f} s")
    return done.returncode, done.stderr, time.monotonic() - start


def ends_cleanly(path: Path) -> tuple[int, str]:
    """One line and exit 2, or a reading (exit 0 or 1) with nothing on stderr."""
    status, stderr, elapsed = run_cli(path)
    assert elapsed < BOUND
    assert status in (0, 1, 2), stderr[-2000:]
    if status == 2:
        assert stderr.count("\n") == 1, stderr[-2000:]
        assert stderr.startswith(f"kdnet-calendar: fejl: {path}"), stderr[:300]
        assert len(stderr) < 1000
    else:
        assert stderr == "", stderr[-2000:]
    return status, stderr


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "agenda.txt"
    path.write_text(text, encoding="utf-8")
    return path


def consecutive_days(count: int) -> str:
    day, lines = dt.date(2024, 1, 1), []
    for _ in range(count):
        lines.append(f"- {day.day}. {MONTHS[day.month - 1]} {day.year}")
        day += dt.timedelta(days=1)
    return HEADING + "\n".join(lines) + "\n"


def test_one_line_of_ten_thousand_januaries(tmp_path: Path) -> None:
    ends_cleanly(write(tmp_path, HEADING + "- " + "1. januar " * 10_000 + "\n"))


def test_a_megabyte_of_spaces_between_a_dash_and_its_date(tmp_path: Path) -> None:
    ends_cleanly(write(tmp_path, HEADING + "- " + " " * 1_000_000 + "3. maj\n"))


def test_five_thousand_distinct_list_dates(tmp_path: Path) -> None:
    ends_cleanly(write(tmp_path, consecutive_days(5_000)))


def test_twenty_thousand_distinct_list_dates(tmp_path: Path) -> None:
    ends_cleanly(write(tmp_path, consecutive_days(20_000)))


def test_an_agenda_line_dated_9999(tmp_path: Path) -> None:
    path = write(tmp_path, HEADING + "- 31.12.9999\n")
    status, stderr = ends_cleanly(path)
    assert status == 2
    assert stderr.startswith(f"kdnet-calendar: fejl: {path}:3: ")
    assert "9999-12-31" in stderr
