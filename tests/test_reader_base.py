"""``read_inputs`` and ``assemble`` keep the base calendar's meetings alike: what an input
says of a known meeting joins it, and ``base.with_meetings(())`` gives the inputs alone."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import kdnet_calendar as kc
from kdnet_calendar import Calendar, Meeting
from kdnet_calendar.readers import assemble, read, read_inputs
from kdnet_calendar.readers.ics import read_ics_file

OUTLOOK = Path(__file__).parent / "data" / "ics" / "outlook-2025.ics"


def shown(meetings: tuple[Meeting, ...]) -> list[tuple[str, str, int]]:
    return [(m.id, m.date.isoformat(), len(m.statements)) for m in meetings]


@pytest.fixture(scope="module")
def full() -> Calendar:
    return kc.load_embedded()


def test_read_inputs_and_assemble_agree_about_the_base_meetings(full: Calendar) -> None:
    """The defect: on the same input the one dropped the base's meetings, the other kept
    them. Both keep them now, with the export's statements joined to the ones it shows."""
    by_assemble = assemble(read_ics_file(OUTLOOK, full), full)
    by_read = read_inputs([OUTLOOK], full)
    assert shown(by_read.meetings) == shown(by_assemble.meetings)
    assert {m.id for m in full.meetings} <= {m.id for m in by_read.meetings}
    joined = [m for m in by_read.meetings if any(s.source.document == str(OUTLOOK)
                                                   for s in m.statements)]  # fmt: skip
    assert any(m.id in {b.id for b in full.meetings} for m in joined)


def test_read_inputs_and_assemble_agree_on_the_inputs_alone(full: Calendar) -> None:
    registry = full.with_meetings(())
    by_assemble = assemble(read_ics_file(OUTLOOK, registry), registry)
    by_read = read_inputs([OUTLOOK], registry)
    assert shown(by_read.meetings) == shown(by_assemble.meetings)
    assert all(m.origin is not None and m.origin.document == str(OUTLOOK)
               for m in by_read.meetings)  # fmt: skip


def test_read_accounts_for_the_inputs_only(full: Calendar) -> None:
    reading = read([OUTLOOK], full)
    assert {d.source.document for d in reading.dates} == {str(OUTLOOK)}
    assert len(reading.calendar.meetings) > len(reading.dates)


def test_a_data_file_meeting_replaces_the_base_meeting_of_its_id(
    full: Calendar, tmp_path: Path
) -> None:
    moved = attrs.evolve(full.meetings[0], note="flyttet")
    path = tmp_path / "kalender.toml"
    kc.dump(full.with_meetings([moved]), path)
    got = read_inputs([path], full)
    assert len(got.meetings) == len(full.meetings)
    assert got.meeting(moved.id).note == "flyttet"
