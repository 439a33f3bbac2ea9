from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import kdnet_calendar as kc
from kdnet_calendar import Calendar, Status
from kdnet_calendar.cli import main
from kdnet_calendar.diff import ChangeKind, diff, render_diff_json, render_diff_text

from .strategies import calendars


def edit(cal: Calendar, mid: str, **changes: Any) -> Calendar:
    return cal.with_meetings(attrs.evolve(m, **changes) if m.id == mid else m for m in cal.meetings)


def test_no_change_no_diff() -> None:
    cal = kc.load_embedded()
    assert diff(cal, cal) == []
    assert (
        render_diff_text([], cal, cal, "en") == "No changes: subscribers see the same calendar.\n"
    )


def test_a_move_without_a_sequence_is_a_problem_and_with_one_is_not() -> None:
    old = kc.load_embedded()
    moved = edit(old, "kd-net-2023-3", date=dt.date(2023, 6, 9))
    (change,) = diff(old, moved)
    assert change.kind is ChangeKind.MOVED
    assert change.fields == ("date",)
    assert change.problem
    assert change.required_sequence == 1
    fixed = edit(moved, "kd-net-2023-3", sequence=1)
    (change,) = diff(old, fixed)
    assert not change.problem


def test_cancel_reinstate_change_add_remove() -> None:
    old = kc.load_embedded()
    new = edit(old, "kd-net-2023-3", status=Status.CANCELLED, sequence=1)
    new = edit(new, "kd-net-2023-4", location="Viborg", sequence=1)
    new = new.with_meetings(m for m in new.meetings if m.id != "kd-net-2023-5")
    new = new.with_meetings(
        (*new.meetings, kc.Meeting("kd-net-2027-1", "kd-net", dt.date(2027, 1, 22)))
    )
    kinds = {c.meeting.id: (c.kind, c.problem) for c in diff(old, new)}
    assert kinds == {
        "kd-net-2023-3": (ChangeKind.CANCELLED, False),
        "kd-net-2023-4": (ChangeKind.CHANGED, False),
        "kd-net-2023-5": (ChangeKind.REMOVED, True),
        "kd-net-2027-1": (ChangeKind.ADDED, False),
    }
    back = edit(new, "kd-net-2023-3", status=Status.CONFIRMED, sequence=1)
    (c,) = [c for c in diff(new, back) if c.meeting.id == "kd-net-2023-3"]
    assert (c.kind, c.problem, c.required_sequence) == (ChangeKind.REINSTATED, True, 2)
    assert '"change": "removed"' in render_diff_json(diff(old, new))


@settings(max_examples=100)
@given(calendars(), st.data())
def test_every_single_edit_is_one_change_of_the_right_kind(
    cal: Calendar, data: st.DataObject
) -> None:
    if not cal.meetings:
        return
    m = data.draw(st.sampled_from(cal.meetings))
    field, kind = data.draw(
        st.sampled_from(
            [
                ("date", ChangeKind.MOVED),
                ("location", ChangeKind.CHANGED),
                ("note", ChangeKind.CHANGED),
            ]
        )
    )
    value = m.date + dt.timedelta(days=1) if field == "date" else getattr(m, field) + "·"
    new = edit(cal, m.id, **{field: value})
    (change,) = diff(cal, new)
    assert change.kind is kind
    assert change.meeting.id == m.id
    assert change.problem
    assert not diff(cal, edit(cal, m.id, **{field: value, "sequence": m.sequence + 1}))[0].problem


def test_diff_command(tmp_path: Path) -> None:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    cal = kc.load_embedded()
    kc.dump(cal, old)
    kc.dump(edit(cal, "kd-net-2023-3", date=dt.date(2023, 6, 9)), new)
    out = io.StringIO()
    assert main(["diff", str(old), str(new), "--lang", "en"], out) == 1
    assert "moved      KD-Net, Friday 9 June 2023 10:00 (kd-net-2023-3)" in out.getvalue()
    assert "set sequence = 1" in out.getvalue()
    kc.dump(edit(cal, "kd-net-2023-3", date=dt.date(2023, 6, 9), sequence=1), new)
    assert main(["diff", str(old), str(new)], io.StringIO()) == 0


def test_regression_a_removed_meeting_is_labelled_removed_in_text() -> None:
    """The hint's key once collided with ChangeKind.REMOVED (a StrEnum): wrong label, then a crash."""
    old = kc.load_embedded()
    new = old.with_meetings(m for m in old.meetings if m.id != "kd-net-2025-4")
    text = render_diff_text(diff(old, new), new, old, "en")
    first, hint = text.splitlines()[:2]
    assert first.startswith("removed    KD-Net, Friday 22 August 2025")
    assert "keep the meeting with status" in hint


def test_a_changed_id_for_the_same_meeting_is_a_rename_not_a_new_and_a_removed_one() -> None:
    """diff once reported a new meeting and a removed one, and advised cancelling."""
    old = kc.load_embedded()
    m = old.meeting("kd-net-2024-3")
    new = old.with_meetings(
        [attrs.evolve(x, id="kdnet-2024-marts") if x.id == m.id else x for x in old.meetings]
    )
    (change,) = diff(old, new)
    assert change.kind is ChangeKind.RENAMED
    assert change.before is not None
    assert change.before.id == "kd-net-2024-3"
    assert change.problem
    text = render_diff_text([change], new, old, "da")
    assert "behold id = 'kd-net-2024-3'" in text
    assert "aflyst" not in text
    assert json.loads(render_diff_json([change]))[0]["before_id"] == "kd-net-2024-3"
