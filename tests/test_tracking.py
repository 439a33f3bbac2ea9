"""Change tracking: a rebuilt feed tells subscribers' clients what changed, unasked."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st

import kdnet_calendar as kc
from kdnet_calendar import Calendar, Meeting, Status
from kdnet_calendar.cli import main
from kdnet_calendar.publish import PublishError, check_publishable, write_site
from kdnet_calendar.tracking import STATE_NAME, State, load_state, publish_feeds

from .test_feeds_clients import icaljs_dump

EMBEDDED = kc.load_embedded()
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _events(data: bytes) -> dict[str, Any]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def _replace(calendar: Calendar, meeting_id: str, **changes: Any) -> Calendar:
    return calendar.with_meetings(
        [attrs.evolve(m, **changes) if m.id == meeting_id else m for m in calendar.meetings]
    )


def moved_and_cancelled(calendar: Calendar) -> Calendar:
    """The issue's example: kd-net-2024-3 moves a week, kd-net-2024-4 is cancelled."""
    three = calendar.meeting("kd-net-2024-3")
    calendar = _replace(calendar, three.id, date=three.date + dt.timedelta(days=7))
    return _replace(calendar, "kd-net-2024-4", status=Status.CANCELLED)


def test_a_move_or_cancellation_is_published_with_a_higher_sequence_unasked() -> None:
    """Moving one and cancelling another in a copy of the data once gave SEQUENCE:0 and
    the old DTSTAMP: Outlook and Apple kept the old time."""
    first = publish_feeds(EMBEDDED, None, now=NOW)
    second = publish_feeds(moved_and_cancelled(EMBEDDED), first.state, now=LATER)
    before, after = _events(first.files["kd-net.ics"]), _events(second.files["kd-net.ics"])
    for mid in ("kd-net-2024-3", "kd-net-2024-4"):
        assert after[mid]["SEQUENCE"] == before[mid]["SEQUENCE"] + 1
        assert after[mid]["DTSTAMP"].dt == LATER
        assert after[mid]["LAST-MODIFIED"].dt == LATER
    assert after["kd-net-2024-4"]["STATUS"] == "CANCELLED"
    unchanged = [m for m in before if m not in ("kd-net-2024-3", "kd-net-2024-4")]
    for mid in unchanged:
        assert after[mid].to_ical() == before[mid].to_ical()
    assert [(u.kind, u.id) for u in second.updates] == [
        ("moved", "kd-net-2024-3"),
        ("cancelled", "kd-net-2024-4"),
    ]


def test_an_unchanged_rebuild_gives_the_same_bytes() -> None:
    first = publish_feeds(EMBEDDED, None, now=NOW)
    again = publish_feeds(EMBEDDED, first.state, now=LATER)
    assert again.files == first.files
    assert again.updates == ()
    assert again.state == first.state


def test_a_first_publication_is_stamped_with_the_data_s_own_time() -> None:
    """The same data gives the same bytes, whenever it is first built."""
    assert publish_feeds(EMBEDDED, now=NOW).files == publish_feeds(EMBEDDED, now=LATER).files


def test_a_sequence_set_by_hand_in_the_data_is_a_floor() -> None:
    first = publish_feeds(EMBEDDED, None, now=NOW)
    by_hand = _replace(EMBEDDED, "kd-net-2024-3", sequence=5)
    second = publish_feeds(by_hand, first.state, now=LATER)
    assert _events(second.files["kd-net.ics"])["kd-net-2024-3"]["SEQUENCE"] == 5
    moved = _replace(by_hand, "kd-net-2024-3", date=dt.date(2024, 6, 14))
    third = publish_feeds(moved, second.state, now=LATER + dt.timedelta(days=1))
    assert _events(third.files["kd-net.ics"])["kd-net-2024-3"]["SEQUENCE"] == 6


def test_a_meeting_deleted_from_the_data_is_published_as_cancelled_not_dropped() -> None:
    first = publish_feeds(EMBEDDED, None, now=NOW)
    without = EMBEDDED.with_meetings([m for m in EMBEDDED.meetings if m.id != "kd-net-2024-3"])
    second = publish_feeds(without, first.state, now=LATER)
    gone = _events(second.files["kd-net.ics"])["kd-net-2024-3"]
    assert gone["STATUS"] == "CANCELLED"
    assert str(gone["SUMMARY"]).startswith("AFLYST: ")
    assert gone["SEQUENCE"] == 1
    assert [(u.kind, u.id) for u in second.updates] == [("removed", "kd-net-2024-3")]
    third = publish_feeds(without, second.state, now=LATER + dt.timedelta(days=1))
    assert third.files == second.files  # stays cancelled, unchanged


def test_a_feed_no_longer_produced_is_kept_with_every_meeting_cancelled() -> None:
    """A person who left once left a stale feed of live meetings behind, unmentioned."""
    first = publish_feeds(EMBEDDED, None, now=NOW)
    person = next(f.subject for f in first.feeds if f.kind == "person" and f.subject is not None)
    left = attrs.evolve(EMBEDDED, people=tuple(p for p in EMBEDDED.people if p.id != person))
    second = publish_feeds(left, first.state, now=LATER)
    name = f"person-{person}.ics"
    assert name in second.files
    events = _events(second.files[name])
    assert events
    assert all(e["STATUS"] == "CANCELLED" for e in events.values())
    assert ("retired", name) in [(u.kind, u.id) for u in second.updates]
    third = publish_feeds(left, second.state, now=LATER + dt.timedelta(days=1))
    assert third.files[name] == second.files[name]


def test_the_state_round_trips_through_json() -> None:
    state = publish_feeds(moved_and_cancelled(EMBEDDED), None, now=NOW).state
    assert State.from_json(state.to_json()) == state


def test_a_corrupt_state_file_is_one_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / STATE_NAME
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(kc.InputError, match=re.escape(STATE_NAME)):
        load_state(path)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(
    moves=st.lists(st.tuples(st.integers(0, 50), st.integers(-20, 20), st.booleans()), max_size=6)
)
def test_every_change_that_reaches_a_feed_carries_a_higher_sequence(
    moves: list[tuple[int, int, bool]],
) -> None:
    state: State | None = None
    calendar = EMBEDDED
    now = NOW
    seen: dict[str, tuple[int, bytes]] = {}
    for index, days, cancel in [(0, 0, False), *moves]:
        m = calendar.meetings[index % len(calendar.meetings)]
        changes: dict[str, Any] = {"date": m.date + dt.timedelta(days=days)}
        if cancel:
            changes["status"] = Status.CANCELLED
        calendar = _replace(calendar, m.id, **changes)
        published = publish_feeds(calendar, state, now=now)
        for mid, event in _events(published.files["alle.ics"]).items():
            body = b"".join(
                line
                for line in event.to_ical().splitlines(keepends=True)
                if not line.startswith((b"SEQUENCE", b"DTSTAMP", b"LAST-MODIFIED"))
            )
            sequence = int(event["SEQUENCE"])
            if mid in seen:
                old_sequence, old_body = seen[mid]
                if body != old_body:
                    assert sequence > old_sequence, mid
                else:
                    assert sequence == old_sequence, mid
            seen[mid] = (sequence, body)
        state = published.state
        now += dt.timedelta(hours=1)


# -- the folder, as feeds build writes it -----------------------------------------------


@pytest.mark.clients
def test_build_move_cancel_rebuild_and_clients_update(tmp_path: Path) -> None:
    """End to end: both versions read by ical.js and recurring-ical-events; a client that
    keeps the higher SEQUENCE ends with the new time and the cancellation."""
    site = tmp_path / "site"
    write_site(EMBEDDED, site, "https://kalender.example.dk/kkr", now=NOW)
    old = tmp_path / "old.ics"
    old.write_bytes((site / "kd-net.ics").read_bytes())
    written = write_site(moved_and_cancelled(EMBEDDED), site, "https://kalender.example.dk/kkr")
    assert written.changed
    new = site / "kd-net.ics"
    dumped = icaljs_dump([old, new])
    client: dict[str, dict[str, Any]] = {}
    for path in (old, new):
        for event in dumped[str(path)]["events"]:
            held = client.get(event["uid"])
            if held is None or event["sequence"] > held["sequence"]:
                client[event["uid"]] = event
    three = client["kd-net-2024-3@kkr-midtjylland.dk"]
    moved_to = EMBEDDED.meeting("kd-net-2024-3").date + dt.timedelta(days=7)
    assert three["start"].startswith(moved_to.isoformat())
    assert client["kd-net-2024-4@kkr-midtjylland.dk"]["status"] == "CANCELLED"
    window = (dt.date(2024, 1, 1), dt.date(2025, 1, 1))
    occurrences = recurring_ical_events.of(icalendar.Calendar.from_ical(new.read_bytes())).between(
        *window
    )
    starts = {str(e["UID"]).split("@")[0]: e["DTSTART"].dt for e in occurrences}
    assert starts["kd-net-2024-3"].date() == moved_to


def test_feeds_build_prints_what_subscribers_will_see(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "kalender.toml"
    kc.dump(EMBEDDED, data)
    site = str(tmp_path / "site")
    assert main(["feeds", "build", site, "--data", str(data), "--base-url", "https://k.dk/"]) == 0
    assert "første udgivelse: 51 møder" in capsys.readouterr().out
    kc.dump(moved_and_cancelled(EMBEDDED), data)
    assert main(["feeds", "build", site, "--data", str(data), "--base-url", "https://k.dk/"]) == 0
    out = capsys.readouterr().out
    assert "kd-net-2024-3: flyttet" in out
    assert "kd-net-2024-4: aflyst" in out
    assert "[SEQUENCE 1]" in out
    assert main(["feeds", "build", site, "--data", str(data), "--base-url", "https://k.dk/"]) == 0
    assert "ingen ændringer for abonnenterne" in capsys.readouterr().out


def test_a_killed_build_leaves_the_last_site_whole_and_its_leftovers_go_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """9 of 30 killed builds once left a folder mixing files from two builds."""
    site = tmp_path / "site"
    write_site(EMBEDDED, site, "https://k.dk/", now=NOW)
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    real_fsync = os.fsync
    calls = 0

    def dies(fd: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise KeyboardInterrupt  # as a kill in the middle of writing
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", dies)
    with pytest.raises(KeyboardInterrupt):
        write_site(moved_and_cancelled(EMBEDDED), site, "https://k.dk/", now=LATER)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before
    builds = tmp_path / ".site.builds"
    # A kill -9 leaves a half-written build behind; the next build clears it away.
    (builds / "20260101T000000Z-1.tmp").mkdir()
    (tmp_path / ".site.link-1.tmp").symlink_to("nowhere")
    write_site(moved_and_cancelled(EMBEDDED), site, "https://k.dk/", now=LATER)
    leftovers = [p.name for p in [*builds.iterdir(), *tmp_path.iterdir()] if ".tmp" in p.name]
    assert leftovers == []
    assert len(list(builds.iterdir())) == 2  # the new build and the one before it


def test_an_old_plain_folder_is_taken_over_only_if_it_holds_just_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "alle.ics").write_bytes(b"old")
    write_site(EMBEDDED, site, "https://k.dk/", now=NOW)
    assert site.is_symlink()
    other = tmp_path / "www"
    other.mkdir()
    (other / "robots.txt").write_text("x", encoding="utf-8")
    with pytest.raises(PublishError, match=r"robots\.txt"):
        write_site(EMBEDDED, other, "https://k.dk/", now=NOW)


# -- refusing what would break subscriptions ---------------------------------------------


@pytest.mark.parametrize(
    "base_url", ["kalender.example.dk/kkr", "localhost:8080", "/feeds", "ftp://x.dk/", ""]
)
def test_a_base_url_that_is_not_absolute_is_refused(base_url: str) -> None:
    with pytest.raises(PublishError, match="not an absolute address"):
        check_publishable(EMBEDDED, base_url)


def test_http_base_url_and_no_base_url_are_warned_about() -> None:
    assert check_publishable(EMBEDDED, "https://k.dk/kkr") == []
    (http,) = check_publishable(EMBEDDED, "http://k.dk/kkr")
    assert "https" in http
    (missing,) = check_publishable(EMBEDDED, None)
    assert "kopi" in missing


def test_publishing_without_domain_is_refused_with_the_line_to_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "kalender.toml"
    kc.dump(attrs.evolve(EMBEDDED, domain=""), data)
    site = str(tmp_path / "site")
    assert main(["feeds", "build", site, "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert 'domain = "kkr-midtjylland.dk"' in err
    assert "kalender.toml" in err
    assert not (tmp_path / "site").exists()


def test_feeds_build_into_an_empty_folder_name_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["feeds", "build", "", "--lang", "en"]) == 2
    assert "output folder is empty" in capsys.readouterr().err


def test_the_index_without_base_url_warns_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["feeds", "build", str(tmp_path / "site")]) == 0
    assert "uden --base-url" in capsys.readouterr().err


def test_json_state_is_kept_beside_the_feeds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(EMBEDDED, site, "https://k.dk/", now=NOW)
    state = json.loads((site / STATE_NAME).read_text(encoding="utf-8"))
    assert state["format"] == 1
    assert "kd-net-2024-3@kkr-midtjylland.dk" in state["meetings"]
    out = io.StringIO()
    assert main(["show", "--format", "json"], out) == 0  # unaffected by publishing


def test_a_meeting_added_later_is_stamped_with_the_build_time() -> None:
    first = publish_feeds(EMBEDDED, None, now=NOW)
    extra = Meeting("kd-net-2024-9", "kd-net", dt.date(2024, 12, 13))
    second = publish_feeds(
        EMBEDDED.with_meetings([*EMBEDDED.meetings, extra]), first.state, now=LATER
    )
    assert _events(second.files["kd-net.ics"])["kd-net-2024-9"]["DTSTAMP"].dt == LATER
    assert [(u.kind, u.id) for u in second.updates] == [("added", "kd-net-2024-9")]


def test_feeds_build_public_leaves_findings_off_the_pages(tmp_path: Path) -> None:
    """Errors were published to every subscriber, with no choice."""
    public, internal = str(tmp_path / "public"), str(tmp_path / "internal")
    assert main(["feeds", "build", public, "--public", "--base-url", "https://k.dk/"]) == 0
    assert main(["feeds", "build", internal, "--base-url", "https://k.dk/"]) == 0
    shown = (Path(internal) / "oversigt.html").read_text(encoding="utf-8")
    hidden = (Path(public) / "oversigt.html").read_text(encoding="utf-8")
    assert "stated-weekday-mismatch" in shown
    assert "stated-weekday-mismatch" not in hidden


def test_publishing_warnings_speak_the_chosen_language() -> None:
    (da,) = check_publishable(EMBEDDED, None)
    (en,) = check_publishable(EMBEDDED, None, lang="en")
    assert da.startswith("advarsel: uden --base-url")
    assert en.startswith("warning: without --base-url")
