from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kdnet_calendar as kc
from kdnet_calendar import datafile
from kdnet_calendar.exceptions import (
    DuplicateIdError,
    FieldError,
    InputError,
    NonexistentDateError,
    TimeOrderError,
    UnknownReferenceError,
)

from .strategies import calendars

HEAD = """\
format = 1

[[bodies]]
id = "kd-net"
name = "KD-Net"
weekdays = ["friday"]

"""

MEETING = """\
[[meetings]]
id = "kd-net-2025-1"
body = "kd-net"
date = 2025-01-24
start = 10:00:00
end = 12:00:00
"""


def test_the_embedded_file_is_in_canonical_layout() -> None:
    text = datafile.embedded_path().read_text(encoding="utf-8")
    assert datafile.dumps(datafile.loads(text)) == text


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(calendars())
def test_write_then_read_gives_the_same_calendar(calendar: kc.Calendar) -> None:
    text = datafile.dumps(calendar)
    again = datafile.loads(text)
    assert again == calendar
    assert datafile.dumps(again) == text


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(calendars())
def test_meetings_remember_the_line_they_were_defined_on(calendar: kc.Calendar) -> None:
    text = datafile.dumps(calendar)
    lines = text.split("\n")
    for m in datafile.loads(text, "x.toml").meetings:
        assert m.origin is not None
        assert m.origin.document == "x.toml"
        assert m.origin.line is not None
        assert lines[m.origin.line - 1] == "[[meetings]]"
        assert lines[m.origin.line] == f"id = {datafile._string(m.id)}"


def test_load_and_dump_through_files(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "calendar.toml"
    cal = kc.load_embedded()
    kc.dump(cal, target)
    assert kc.load(target) == cal
    assert not [p for p in target.parent.iterdir() if p.name != "calendar.toml"]


def test_atomic_write_leaves_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "calendar.toml"
    target.write_text("old", encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(OSError, match="disk full"):
        datafile.write_atomic(target, b"new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["calendar.toml"]


def test_several_files_merge_and_ids_must_stay_unique(tmp_path: Path) -> None:
    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    a.write_text(HEAD + MEETING, encoding="utf-8")
    b.write_text(HEAD + MEETING.replace("2025-1", "2025-2").replace("01-24", "03-28"), "utf-8")
    merged = kc.load_many([a, b])
    assert [m.id for m in merged.meetings] == ["kd-net-2025-1", "kd-net-2025-2"]
    b.write_text(HEAD + MEETING.replace("01-24", "01-31"), encoding="utf-8")
    with pytest.raises(DuplicateIdError) as info:
        kc.load_many([a, b])
    assert info.value.path == str(b)
    assert info.value.line == 8
    assert info.value.first_place == f"{a}:8"
    b.write_text(HEAD.replace('"KD-Net"', '"KD-net"'), encoding="utf-8")
    with pytest.raises(DuplicateIdError) as info:
        kc.load_many([a, b])
    assert (info.value.kind, info.value.path, info.value.first_place) == ("body", str(b), str(a))


def test_no_files_means_the_embedded_data() -> None:
    assert kc.load_many([]) == kc.load_embedded()


# -- bad input: one line, the file, the line, what was expected -----------------------


def load_error(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        datafile.loads(text, "cal.toml")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"cal.toml:{info.value.line}: ")
    assert "expected" in message
    return info.value


def test_unknown_body() -> None:
    error = load_error(HEAD + MEETING.replace('body = "kd-net"', 'body = "kd-nte"'))
    assert isinstance(error, UnknownReferenceError)
    assert error.line == 10
    assert error.reference == "kd-nte"
    assert "kd-net" in str(error)


def test_a_date_that_does_not_exist() -> None:
    error = load_error(HEAD + MEETING.replace("2025-01-24", "2023-02-30"))
    assert isinstance(error, NonexistentDateError)
    assert error.line == 11
    assert "2023-02-30 does not exist" in str(error)


def test_end_before_start() -> None:
    error = load_error(HEAD + MEETING.replace("end = 12:00:00", "end = 09:00:00"))
    assert isinstance(error, TimeOrderError)
    assert (error.line, error.start, error.end) == (13, "10:00", "09:00")


def test_duplicate_meeting_id() -> None:
    error = load_error(HEAD + MEETING + "\n" + MEETING.replace("01-24", "01-31"))
    assert isinstance(error, DuplicateIdError)
    assert (error.line, error.first_line, error.identifier) == (15, 8, "kd-net-2025-1")


@pytest.mark.parametrize(
    ("replace", "with_", "field", "line"),
    [
        ("date = 2025-01-24", 'date = "2025-01-24"', "date", 11),
        ("start = 10:00:00", "start = 10", "start", 12),
        ('id = "kd-net-2025-1"', "id = 7", "id", 9),
        ("end = 12:00:00", "end = 12:00:00\nvirtual = 1", "virtual", 14),
        ("end = 12:00:00", 'end = 12:00:00\nkind = "meeting"', "kind", 14),
        ("end = 12:00:00", "end = 12:00:00\ndate-end = 2025-01-25", "date-end", 14),
        ("end = 12:00:00", "end = 12:00:00\nsequence = -1", "sequence", 14),
        ('body = "kd-net"\n', "", "body", 8),
    ],
)
def test_wrong_or_missing_fields(replace: str, with_: str, field: str, line: int) -> None:
    error = load_error(HEAD + MEETING.replace(replace, with_))
    assert isinstance(error, FieldError)
    assert (error.field, error.line) == (field, line)


@pytest.mark.parametrize(
    ("line", "field", "problem"),
    [
        ('prepares = "kd-net"', "prepares", "kd-net cannot prepare its own meetings"),
        ("meetings-per-year = -1", "meetings-per-year", "meetings-per-year is negative"),
    ],
)
def test_a_body_value_the_model_refuses_is_reported_at_its_line(
    line: str, field: str, problem: str
) -> None:
    """The model refuses it (its one home); the data file says where."""
    error = load_error(HEAD.replace('weekdays = ["friday"]', f'weekdays = ["friday"]\n{line}'))
    assert isinstance(error, FieldError)
    assert (error.field, error.line, error.path) == (field, 7, "cal.toml")
    assert f"body 'kd-net': {problem}" in str(error)


def test_membership_errors_point_at_the_membership_line() -> None:
    text = HEAD + (
        '[[people]]\nid = "ann"\nname = "Ann"\nmemberships = [\n'
        '  { body = "kd-net", role = "chair" },\n'
        '  { body = "kkr", role = "member" },\n]\n'
    )
    error = load_error(text)
    assert isinstance(error, UnknownReferenceError)
    assert error.line == 13


def test_statement_errors_point_at_the_statement_line() -> None:
    text = (
        HEAD
        + MEETING
        + (
            'statements = [\n  { source = "x:1", date = 2025-01-24 },\n'
            '  { source = "x:2", date = 2025-01-25, weekday = "fredag" },\n]\n'
        )
    )
    error = load_error(text)
    assert isinstance(error, FieldError)
    assert (error.field, error.line) == ("weekday", 16)


def test_toml_syntax_errors_keep_their_line() -> None:
    error = load_error(HEAD + MEETING.replace('body = "kd-net"', 'body = "kd-net'))
    assert error.line == 10
    assert "not valid TOML" in str(error)
    error = load_error(HEAD + MEETING.replace("start = 10:00:00", "start = 10:00"))
    assert error.line == 12
    assert str(error) == (
        "cal.toml:12: not valid TOML: Expected newline or end of document after a statement"
        " (expected TOML syntax, see docs/data-format.md)"
    )


def test_unsupported_format_version() -> None:
    error = load_error(HEAD.replace("format = 1", "format = 2"))
    assert error.line == 1


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        kc.load(tmp_path / "nope.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'format = 1\nname = "K\xf8ge"\n')
    with pytest.raises(InputError) as info:
        kc.load(bad)
    assert info.value.line == 2


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(max_size=200))
def test_any_text_either_loads_or_raises_an_input_error(text: str) -> None:
    try:
        datafile.loads(text, "fuzz.toml")
    except InputError as error:
        message = str(error)
    else:
        return
    assert "\n" not in message
    assert message.startswith("fuzz.toml")


#: Fragments that once broke the reader: impossible and unsupported dates, deep nesting,
#: long dotted keys and numbers longer than int() will convert.
_LIMIT_FRAGMENTS = (
    "0001-01-01", "9999-12-31", "2200-01-01", "1899-12-31", "[" * 40, "{ a = " * 40,
    ".a" * 40, "9" * 5000, "2147483648",
)  # fmt: skip


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.data())
def test_mangled_valid_files_raise_only_input_errors(data: st.DataObject) -> None:
    text = HEAD + MEETING
    position = data.draw(st.integers(0, len(text)))
    insert = data.draw(
        st.sampled_from(['"', "=", "[", "]", "\n", "x", "2023-02-30", "{", "99", *_LIMIT_FRAGMENTS])
    )
    mangled = text[:position] + insert + text[position:]
    try:
        datafile.loads(mangled, "m.toml")
    except InputError as error:
        message = str(error)
    else:
        return
    assert "\n" not in message
    assert message.startswith("m.toml")


def test_strings_with_quotes_newlines_and_danish_letters_round_trip() -> None:
    cal = kc.Calendar(
        bodies=(kc.Body("b", 'KKR "Midt", \\ æøå\nline two\ttab\u2028sep'),),
        modified=dt.datetime(2025, 1, 1, 12, tzinfo=dt.UTC),
    )
    assert datafile.loads(datafile.dumps(cal)) == cal


def test_known_bodies_may_be_named_without_being_defined() -> None:
    text = 'format = 1\n\n[[meetings]]\nid = "kl-1"\nbody = "kd-net"\ndate = 2027-06-18\n'
    with pytest.raises(UnknownReferenceError):
        datafile.loads(text, "kl.toml")
    cal = datafile.loads(text, "kl.toml", known_bodies=["kd-net"])
    assert [m.body for m in cal.meetings] == ["kd-net"]
    with pytest.raises(UnknownReferenceError) as info:
        datafile.loads(text.replace("kd-net", "kd-nte"), "kl.toml", known_bodies=["kd-net"])
    assert info.value.line == 5
