"""The package's top level reads, validates, builds one feed and proposes, as the commands
do, without reaching into submodules; and ``import kdnet_calendar`` stays the model only."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kdnet_calendar as kc
from kdnet_calendar import Calendar, KdnetCalendarError, Status

ROOT = Path(__file__).resolve().parents[1]
OUTLOOK = ROOT / "tests" / "data" / "ics" / "outlook-2025.ics"
AGENDA = ROOT / "examples" / "agendas" / "kd-net-2023-04-14.txt"


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return kc.load_embedded()


def test_top_level_reads_validates_and_builds_one_feed_without_submodules() -> None:
    """The defect: only the model and the data file were top level."""
    reading = kc.read(OUTLOOK)
    assert reading.inputs == (str(OUTLOOK),)
    assert reading.calendar.meeting("kd-net-2025-08-22").status is Status.CANCELLED
    report = kc.validate(reading)
    assert report.codes() == kc.validate(reading.calendar).codes()
    ics = kc.feed(reading, body="kd-net")
    assert ics.count(b"BEGIN:VEVENT") == len(reading.calendar.meetings_of("kd-net"))
    assert set(kc.__all__) >= {"read", "validate", "feed", "propose", "load", "dump"}


def test_top_level_read_takes_every_input_kind_together(cal: Calendar, tmp_path: Path) -> None:
    data = tmp_path / "kalender.toml"
    kc.dump(cal.with_meetings(cal.meetings_of("kkr-midtjylland", year=2023)), data)
    records = tmp_path / "vis.json"
    shown = subprocess.run(
        [sys.executable, "-m", "kdnet_calendar", "show", "--body", "kd-net", "--year", "2026",
         "--format", "json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    records.write_text(shown.stdout, encoding="utf-8")
    assert json.loads(records.read_text(encoding="utf-8"))
    reading = kc.read(data, AGENDA, OUTLOOK, records)
    held = {m.body for m in reading.calendar.meetings}
    assert {"kkr-midtjylland", "kd-net"} <= held
    assert {d.source.document for d in reading.dates} == {
        str(p) for p in (data, AGENDA, OUTLOOK, records)
    }


def test_top_level_read_gives_the_unread_dates_to_validate(tmp_path: Path) -> None:
    path = tmp_path / "noter.txt"
    path.write_text(
        "Mødekalender for KD-Net 2027\n- 5. februar\n\nKommende møder\n- 5. marts\n",
        encoding="utf-8",
    )
    reading = kc.read(path)
    if reading.unread:
        assert kc.validate(reading).of("unread-date")
    assert not kc.validate(reading.calendar).of("unread-date")


def test_top_level_read_body_names_the_body_of_lists_that_name_none(tmp_path: Path) -> None:
    path = tmp_path / "kommende.txt"
    path.write_text("Kommende møder 2027\n\n- 5. februar\n- 5. marts\n", encoding="utf-8")
    reading = kc.read(path, body="Silkeborg Byråd")
    assert [m.body for m in reading.calendar.meetings] == ["silkeborg-byraad"] * 2


_kc: Any = kc  # untyped, so that the wrong arguments below reach the functions


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (kc.read, TypeError, "at least one input"),
        (lambda: _kc.read(["a.ics"]), TypeError, "must be a path"),
        (lambda: _kc.read(OUTLOOK, body=3), TypeError, "body must be"),
        (lambda: kc.read(ROOT / "nope.ics"), KdnetCalendarError, "nope.ics"),
        (lambda: _kc.validate("cal"), TypeError, "Calendar or a Reading"),
        (lambda: _kc.propose(kc.load_embedded(), "2027"), TypeError, "years must be"),
    ],
)
def test_top_level_wrong_arguments_are_refused_plainly(
    call: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call()


def test_feed_of_one_body_is_that_body_s_feed_as_feeds_build_writes_it(cal: Calendar) -> None:
    """The defect: one body's feed took ``next(f for f in feeds_for(cal) if …)`` and
    ``render_feed``."""
    from kdnet_calendar.feeds import build_feeds

    built = build_feeds(cal)
    assert kc.feed(cal, body="kd-net") == built["kd-net.ics"]
    person = next(p.id for p in cal.people if f"person-{p.id}.ics" in built)
    assert kc.feed(cal, person=person) == built[f"person-{person}.ics"]
    assert kc.feed(cal) == built["alle.ics"]


def test_feed_refuses_both_an_unknown_id_and_an_empty_feed(cal: Calendar) -> None:
    with pytest.raises(kc.UnknownBodyError):
        kc.feed(cal, body="kd-nte")
    with pytest.raises(kc.UnknownPersonError):
        kc.feed(cal, person="nobody")
    with pytest.raises(TypeError, match="not both"):
        kc.feed(cal, body="kd-net", person="x")
    with pytest.raises(KdnetCalendarError, match="has no feed") as info:
        kc.feed(cal.with_meetings(()), body="kd-net")
    assert "har intet feed" in info.value.localized("da")
    with pytest.raises(TypeError):
        kc.feed(cal, "kd-net")  # type: ignore[call-arg]


def test_top_level_propose_takes_a_year_or_several(cal: Calendar) -> None:
    from kdnet_calendar.scheduler import propose

    one = kc.propose(cal, 2027)
    assert one.meetings == propose(cal, [2027]).meetings
    assert kc.propose(cal, [2027]).meetings == one.meetings


def test_import_kdnet_calendar_stays_the_model_only() -> None:
    """The new functions import what they need when called (benchmarks/startup.py)."""
    code = (
        "import sys, kdnet_calendar as kc; kc.read, kc.validate, kc.feed, kc.propose; "
        "print(sorted(m for m in sys.modules if m.startswith(('kdnet_calendar.', 'icalendar',"
        " 'holidays', 'tomllib', 'dateutil'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(eval(out.stdout))
    assert loaded <= {
        "kdnet_calendar._version", "kdnet_calendar.exceptions", "kdnet_calendar.limits",
        "kdnet_calendar.model", "kdnet_calendar.periods", "kdnet_calendar.policy",
    }, loaded  # fmt: skip


def test_library_errors_name_the_body_argument_before_the_command_line_flag(
    tmp_path: Path,
) -> None:
    """A Python caller reads ``body=``; the command line's ``--body`` comes second."""
    from kdnet_calendar.exceptions import NothingReadError

    path = tmp_path / "kommende.txt"
    path.write_text("Kommende møder\n\n- 5. februar 2027\n- 5. marts 2027\n", encoding="utf-8")
    with pytest.raises(NothingReadError) as info:
        kc.read(path)
    expected = info.value.expected or ""
    assert "body=" in expected
    assert expected.index("body=") < expected.index("--body")


def test_the_top_level_propose_takes_exactly_the_scheduler_options() -> None:
    # The top level repeats the scheduler's options to keep its import cheap and its
    # signature typed; this keeps the two copies from drifting apart.
    import inspect

    from kdnet_calendar import scheduler

    def options(fn: Callable[..., object]) -> list[tuple[str, object, object]]:
        params = inspect.signature(fn).parameters.values()
        return [(p.name, p.default, p.annotation) for p in params if p.kind is p.KEYWORD_ONLY]

    assert options(kc.propose) == options(scheduler.propose)
    assert options(kc.propose)  # there are options to compare
