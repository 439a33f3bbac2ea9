"""Validation of the two real agendas: what they really contain, nothing more."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import kdnet_calendar as kc
from kdnet_calendar.readers import read_inputs
from kdnet_calendar.rules import Report, validate

from .conftest import AGENDAS
from .test_cli import run

A2022 = AGENDAS / "kd-net-2022-02-11.txt"
A2023 = AGENDAS / "kd-net-2023-04-14.txt"
D = dt.date


def check(*paths: Path) -> Report:
    registry = kc.load_embedded().with_meetings(())
    return validate(read_inputs(list(paths), registry))


def found(report: Report) -> set[tuple[str, str, dt.date, str]]:
    return {(f.code, f.severity.value, f.dates[0], str(f.source)) for f in report}


def line(path: Path, n: int) -> str:
    return f"{path}:{n}"


def test_the_2022_agenda() -> None:
    assert found(check(A2022)) == {
        # The contents row says 20 August 2021; item 2 and its text say 3 December 2021.
        ("source-disagreement", "error", D(2021, 8, 20), line(A2022, 16)),
        ("usual-weekday", "info", D(2022, 3, 17), line(A2022, 428)),
        ("preparation-lead", "warning", D(2022, 3, 23), line(A2022, 23)),
        ("preparation-lead", "warning", D(2022, 9, 19), line(A2022, 392)),
        ("yearly-count", "info", D(2026, 1, 19), line(A2022, 423)),
        # This agenda does not mark KD-Net's 6 February 2026 as its constituting meeting.
        ("constituting-order", "error", D(2026, 2, 6), line(A2022, 461)),
        ("yearly-count", "info", D(2026, 2, 6), line(A2022, 461)),
    }


def test_the_2023_agenda() -> None:
    report = check(A2023)
    assert found(report) == {
        ("stated-weekday-mismatch", "error", D(2025, 1, 25), line(A2023, 462)),
        ("weekend", "error", D(2025, 1, 25), line(A2023, 462)),
        ("usual-weekday", "warning", D(2025, 1, 25), line(A2023, 462)),
        ("yearly-count", "info", D(2026, 2, 6), line(A2023, 470)),
    }
    for f in report.of("stated-weekday-mismatch") + report.of("weekend"):
        assert f.suggestion is not None
        assert f.suggestion.to == D(2025, 1, 24)


def test_both_agendas_together() -> None:
    report = check(A2022, A2023)
    assert found(report) == {
        ("source-disagreement", "error", D(2021, 8, 20), line(A2022, 16)),
        ("usual-weekday", "info", D(2022, 3, 17), line(A2022, 428)),
        ("preparation-lead", "warning", D(2022, 3, 23), line(A2022, 23)),
        ("preparation-lead", "warning", D(2022, 9, 19), line(A2022, 392)),
        ("source-disagreement", "error", D(2025, 1, 24), line(A2023, 462)),
        ("stated-weekday-mismatch", "error", D(2025, 1, 25), line(A2023, 462)),
        ("yearly-count", "info", D(2026, 1, 19), line(A2022, 423)),
        ("yearly-count", "info", D(2026, 2, 6), line(A2022, 461)),
    }
    january = report.of("source-disagreement")[1]
    assert january.suggestion is not None
    assert january.suggestion.to == D(2025, 1, 24)
    assert "correct" in january.suggestion.text("en")


def test_no_false_errors_on_the_dates_that_are_fine() -> None:
    report = check(A2022, A2023)
    judged = {m for f in report if f.severity.value == "error" for m in f.meetings}
    assert judged == {"kd-net-2021-08-20", "kd-net-2025-01-24"}  # ids from the first sighting


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_command_line_on_both_agendas(lang: str) -> None:
    code, out = run("validate", str(A2022), str(A2023), "--format", "json", "--lang", lang)
    assert code == 1
    report = json.loads(out)
    assert report["summary"] == {"error": 3, "warning": 2, "info": 3}
    first = report["findings"][0]
    assert set(first) >= {
        "code",
        "severity",
        "message",
        "meetings",
        "dates",
        "source",
        "suggestion",
    }


def test_the_text_report_groups_findings_under_their_meeting() -> None:
    code, out = run("validate", str(A2023), "--lang", "en")
    assert code == 1
    lines = out.splitlines()
    # First what was read, then the findings under their meeting.
    assert lines[0].startswith(f"Read {A2023}: ")
    assert lines[1:3] == ["", "KD-Net, Saturday 25 January 2025"]
    assert out.rstrip().endswith("2 errors, 1 warning, 1 note")


def test_a_body_for_lists_that_name_none(tmp_path: Path) -> None:
    agenda = tmp_path / "kkr-sjaelland.txt"
    agenda.write_text("Møder i 2027\n\n- Onsdag 3. feb\n- Onsdag 14. april\n", encoding="utf-8")
    code, out = run("validate", str(agenda), "--body", "kkr-sjaelland", "--format", "json")
    assert code == 0, out
    code, _ = run("validate", str(agenda))
    assert code == 2
