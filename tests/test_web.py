"""The feed server (docs/feeds-checklist.md, items 18–22), through the WSGI interface and under load.

Most tests call the application directly with hand-made environs, checked by
``wsgiref.validate`` for PEP 3333, and drive its reloads with ``FeedApp.reload()``
(``watch=False``). Some run a real waitress server on loopback with many clients while the
data file is rewritten underneath them, and some run ``kdnet-calendar serve`` itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import hashlib
import http.client
import io
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import attrs
import icalendar
import pytest

from kdnet_calendar import Calendar, dump, dumps, load_embedded
from kdnet_calendar.datafile import write_atomic
from kdnet_calendar.feeds import feeds_for
from kdnet_calendar.publish import build_site
from kdnet_calendar.tracking import load_state
from kdnet_calendar.web import FeedApp, bind, serve

BASE = "https://kalender.example.dk/kkr"
# The feeds that carry the moved KD-Net meeting; KKR's feed does not name KD-Net's dates.
FEEDS = ("alle.ics", "kd-net.ics", "person-erik-hattens.ics")
#: The meeting the tests move.
MOVED = "kd-net-2023-2"  # 14 April 2023, 10:00


@attrs.frozen
class Response:
    status: int
    headers: Mapping[str, str]  # names in lower case
    body: bytes

    @property
    def last_modified(self) -> dt.datetime:
        return email.utils.parsedate_to_datetime(self.headers["last-modified"])


def call(
    app: FeedApp,
    path: str = "/",
    *,
    method: str = "GET",
    query: str = "",
    headers: Mapping[str, str] | None = None,
    environ: Mapping[str, Any] | None = None,
) -> Response:
    """One request through the WSGI interface, checked by ``wsgiref.validate``."""
    env: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
    }
    env.update(environ or {})
    for name, value in (headers or {}).items():
        env["HTTP_" + name.upper().replace("-", "_")] = value
    setup_testing_defaults(env)
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(
        status: str, response_headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], object]:
        started.append((status, response_headers))
        return lambda data: None

    result = validator(app)(env, start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()  # type: ignore[attr-defined]  # the validator's iterator has close()
    status, response_headers = started[-1]
    names = [name.lower() for name, _ in response_headers]
    assert len(names) == len(set(names)), f"repeated header in {response_headers}"
    return Response(int(status[:3]), {k.lower(): v for k, v in response_headers}, body)


def moved(calendar: Calendar, meeting_id: str = MOVED) -> Calendar:
    """The calendar with one meeting a week later, its SEQUENCE up, as a secretariat does it."""
    assert any(m.id == meeting_id for m in calendar.meetings)
    meetings = tuple(
        attrs.evolve(m, date=m.date + dt.timedelta(days=7), sequence=m.sequence + 1)
        if m.id == meeting_id
        else m
        for m in calendar.meetings
    )
    return attrs.evolve(calendar, meetings=meetings)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def vevents(body: bytes) -> dict[str, bytes]:
    """A feed's events by UID, each as its bytes."""
    out = {}
    for chunk in body.split(b"BEGIN:VEVENT\r\n")[1:]:
        event = chunk.split(b"END:VEVENT\r\n")[0]
        key = next(line for line in event.split(b"\r\n") if line.startswith(b"UID:"))
        out[key[4:].decode()] = event
    return out


def sequence_of(body: bytes, meeting_id: str = MOVED) -> int:
    event = next(e for u, e in vevents(body).items() if u.startswith(meeting_id + "@"))
    line = next(x for x in event.split(b"\r\n") if x.startswith(b"SEQUENCE:"))
    return int(line[9:])


@pytest.fixture
def calendar() -> Calendar:
    return load_embedded()


@pytest.fixture
def data_file(tmp_path: Path, calendar: Calendar) -> Path:
    path = tmp_path / "kalender.toml"
    dump(calendar, path)
    return path


@pytest.fixture
def app(data_file: Path) -> Iterator[FeedApp]:
    """The server's application, reloading only when told to (``app.reload()``)."""
    with FeedApp([data_file], settle=0, watch=False, lang="en") as app:
        yield app


@pytest.fixture
def site(calendar: Calendar) -> dict[str, bytes]:
    """The site as ``feeds build`` writes it without ``--base-url``, as the app serves it."""
    return build_site(calendar)


# -- routes and headers ------------------------------------------------------------------


def test_every_feed_is_served_with_the_published_bytes_and_headers(
    app: FeedApp, site: dict[str, bytes]
) -> None:
    feeds = [name for name in site if name.endswith(".ics")]
    assert len(feeds) > 10
    for name in feeds:
        r = call(app, "/" + name)
        assert r.status == 200, name
        assert r.body == site[name]
        assert r.body.endswith(b"END:VCALENDAR\r\n")
        assert r.headers["content-type"] == "text/calendar; charset=utf-8"
        assert r.headers["content-length"] == str(len(site[name]))
        assert r.headers["etag"] == etag_of(site[name])
        assert r.headers["cache-control"] == "public, max-age=300"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["content-disposition"] == f'inline; filename="{name}"'
        assert "content-encoding" not in r.headers
        assert "vary" not in r.headers
        assert r.last_modified.tzinfo is not None
        assert r.headers["last-modified"].endswith(" GMT")


@pytest.mark.parametrize("path", ["/", "/index.html"])
def test_index_page(app: FeedApp, site: dict[str, bytes], path: str) -> None:
    r = call(app, path)
    assert r.status == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.body == site["index.html"]
    assert r.headers["etag"] == etag_of(r.body)
    assert r.headers["cache-control"] == "public, max-age=300"
    assert "content-disposition" not in r.headers
    assert b'href="alle.ics"' in r.body  # no --base-url: download links, relative


@pytest.mark.parametrize(
    "headers",
    [
        {"Accept": "text/html"},
        {"Accept": "application/json"},
        {"Accept": "text/plain;q=1, text/calendar;q=0"},
        {"Accept-Encoding": "gzip, deflate, br"},
        {"Accept-Language": "en"},
    ],
)
def test_no_content_negotiation_and_no_gzip(
    app: FeedApp, site: dict[str, bytes], headers: dict[str, str]
) -> None:
    r = call(app, "/alle.ics", headers=headers)
    assert r.status == 200
    assert r.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "content-encoding" not in r.headers
    assert r.body == site["alle.ics"]


def test_links_never_come_from_the_host_header(
    app: FeedApp, data_file: Path, calendar: Calendar, site: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    # Whatever Host, scheme and script name a request brings, it gets the one site, built
    # at start: nothing from the request reaches the links, and no request builds a site.
    builds: list[object] = []
    monkeypatch.setattr("kdnet_calendar.web.publish_site", lambda *a, **k: builds.append(a))
    environ = {"wsgi.url_scheme": "https", "SCRIPT_NAME": "/kalender"}
    for i in range(20):
        for path in ("/", "/alle.ics", "/oversigt.html"):
            r = call(app, path, headers={"Host": f"evil{i}.example"}, environ=environ)
            assert r.status == 200
            assert b"evil" not in r.body
    assert call(app, "/").body == site["index.html"]
    assert b"webcal:" not in site["index.html"]
    assert not builds
    monkeypatch.undo()
    # With --base-url every link is made from it.
    with FeedApp([data_file], base_url=BASE, settle=0, watch=False) as fixed:
        r = call(fixed, "/", headers={"Host": "evil.example"})
    assert r.body == build_site(calendar, BASE)["index.html"]
    assert b'href="webcal://kalender.example.dk/kkr/kd-net.ics"' in r.body


@pytest.mark.parametrize(
    "host", ['evil.example"><script>', "a b", "host:port", "x\r\nSet-Cookie: a=b", "", "ø.dk"]
)
def test_a_host_header_that_is_not_a_host_is_not_echoed(
    app: FeedApp, site: dict[str, bytes], host: str
) -> None:
    r = call(app, "/", headers={"Host": host}, environ={"SERVER_NAME": "feeds.local"})
    assert r.status == 200
    assert r.body == site["index.html"]
    assert b"feeds.local" not in r.body


def test_no_base_url_is_warned_of_at_start(
    data_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="kdnet_calendar.web"):
        FeedApp([data_file], settle=0, watch=False, lang="en").close()
    assert [r.getMessage() for r in caplog.records] == [
        (
            "warning: without --base-url the pages only offer links to download the files; a "
            "downloaded file is a copy that is never updated – give the address they are "
            "published at"
        )
    ]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="kdnet_calendar.web"):
        app = FeedApp([data_file], base_url=BASE, settle=0, watch=False)
    assert not caplog.records
    assert app.warnings == ()


def test_configured_base_url_wins_over_the_host_header(data_file: Path, calendar: Calendar) -> None:
    app = FeedApp([data_file], base_url="https://kalender.kkr.dk/feeds", watch=False)
    r = call(app, "/", headers={"Host": "attacker.example"})
    assert r.body == build_site(calendar, "https://kalender.kkr.dk/feeds")["index.html"]
    assert b"attacker" not in r.body


def test_embedded_data_without_paths(site: dict[str, bytes]) -> None:
    app = FeedApp([])
    assert call(app, "/kd-net.ics").body == site["kd-net.ics"]
    assert call(app, "/health").body == b"ok\n"


def test_health(app: FeedApp) -> None:
    r = call(app, "/health")
    assert (r.status, r.body) == (200, b"ok\n")
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.headers["cache-control"] == "no-store"


def test_head_has_the_headers_of_get_and_no_body(app: FeedApp) -> None:
    for path in ("/", "/alle.ics", "/kd-net.ics", "/health", "/nope.ics"):
        get, head = call(app, path), call(app, path, method="HEAD")
        assert head.status == get.status
        assert head.headers == get.headers
        assert head.body == b""


# -- conditional requests ------------------------------------------------------------------


def test_if_none_match(app: FeedApp) -> None:
    first = call(app, "/alle.ics")
    etag = first.headers["etag"]
    for value in (
        etag,
        "W/" + etag,
        f'"0000", {etag}',
        f'"a", W/"b",{etag} , "c"',
        "*",
    ):
        for method in ("GET", "HEAD"):
            r = call(app, "/alle.ics", method=method, headers={"If-None-Match": value})
            assert r.status == 304, value
            assert r.body == b""
            assert r.headers["etag"] == etag
            assert r.headers["cache-control"] == "public, max-age=300"
            assert "content-type" not in r.headers
            assert "content-length" not in r.headers
    for value in ('"0000"', etag[1:-1], etag.upper(), f'W/"{etag}"', etag[:-2] + '"'):
        r = call(app, "/alle.ics", headers={"If-None-Match": value})
        assert (r.status, r.body) == (200, first.body), value
    other = call(app, "/kd-net.ics", headers={"If-None-Match": etag})
    assert other.status == 200


def test_if_modified_since(app: FeedApp) -> None:
    first = call(app, "/kd-net.ics")
    stamp = first.headers["last-modified"]
    later = email.utils.format_datetime(first.last_modified + dt.timedelta(hours=1), usegmt=True)
    earlier = email.utils.format_datetime(first.last_modified - dt.timedelta(days=1), usegmt=True)
    assert call(app, "/kd-net.ics", headers={"If-Modified-Since": stamp}).status == 304
    assert call(app, "/kd-net.ics", headers={"If-Modified-Since": later}).status == 304
    r = call(app, "/kd-net.ics", method="HEAD", headers={"If-Modified-Since": stamp})
    assert (r.status, r.headers["etag"]) == (304, first.headers["etag"])
    assert call(app, "/kd-net.ics", headers={"If-Modified-Since": earlier}).status == 200
    for junk in ("yesterday", "", "Mon, 99 Foo 2023 99:99:99 GMT", "0"):
        assert call(app, "/kd-net.ics", headers={"If-Modified-Since": junk}).status == 200


def test_if_none_match_takes_precedence_over_if_modified_since(app: FeedApp) -> None:
    first = call(app, "/kd-net.ics")
    stamp = first.headers["last-modified"]
    stale = {"If-None-Match": '"stale"', "If-Modified-Since": stamp}
    assert call(app, "/kd-net.ics", headers=stale).status == 200
    old = email.utils.format_datetime(first.last_modified - dt.timedelta(days=1), usegmt=True)
    fresh = {"If-None-Match": first.headers["etag"], "If-Modified-Since": old}
    assert call(app, "/kd-net.ics", headers=fresh).status == 304


# -- what is not there ---------------------------------------------------------------------

NASTY = [
    "/..",
    "/../kalender.toml",
    "/..%2fkalender.toml",
    "/%2e%2e/kalender.toml",
    "/%2E%2E%2Fkalender.toml",
    "/alle%2Eics",
    "/kalender.toml",
    "/alle.ics/",
    "//alle.ics",
    "/./alle.ics",
    "/sub/../alle.ics",
    "/alle.ics/..",
    "/..\\alle.ics",
    "/alle.ics\\",
    "/alle.ics\x00",
    "/alle.ics%00",
    "/alle.ics?x",
    "/alle.ics;x",
    "/alle.ics.bak",
    "/ALLE.ics",
    "/alle.ICS",
    "/-alle.ics",
    "/.ics",
    "/alle",
    "/index.htm",
    "/index.html/",
    "/index.ics",
    "/health/",
    "/nope.ics",
    "/m\xc3\xb8de.ics",
    "/data/",
    "/etc/passwd",
    "/.git/config",
    "/favicon.ico",
    "/ alle.ics",
    "/alle .ics",
]


@pytest.mark.parametrize("path", NASTY)
def test_nasty_paths_are_not_found(app: FeedApp, path: str) -> None:
    r = call(app, path)
    assert r.status == 404
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert b"VCALENDAR" not in r.body
    assert b"<" not in r.body


@pytest.mark.parametrize(
    "raw",
    ["//alle.ics", "/%61lle.ics", "/alle%2Eics", "/x/..%2F..%2Falle.ics", "http://h//alle.ics",
     "/x%2F..%2Falle.ics", "/\\alle.ics", "///alle.ics#x"],
)  # fmt: skip
def test_traps_the_server_undid_are_found_in_the_raw_target(app: FeedApp, raw: str) -> None:
    # waitress folds "//" and percent-decodes before PATH_INFO, and passes REQUEST_URI.
    assert call(app, "/alle.ics", environ={"REQUEST_URI": raw}).status == 404


@pytest.mark.parametrize("raw", ["/alle.ics", "http://127.0.0.1/alle.ics", "/alle.ics#x"])
def test_plain_raw_targets_are_served(app: FeedApp, raw: str) -> None:
    assert call(app, "/alle.ics", environ={"REQUEST_URI": raw}).status == 200


@pytest.mark.parametrize(
    ("path", "query", "name"),
    [
        ("/kd-net.ics", "x=1", "kd-net.ics"),
        ("/alle.ics", "utm_source=newsletter&utm_medium=email", "alle.ics"),
        ("/alle.ics", "_=1700000000000", "alle.ics"),
        ("/", "file=../kalender.toml", "index.html"),
        ("/alle.ics", "../../etc/passwd", "alle.ics"),
        ("/alle.ics", "format=json", "alle.ics"),
        ("/index.html", "/alle.ics", "index.html"),
        ("/oversigt", "year=2024", "oversigt.html"),
    ],
)
def test_a_query_string_is_ignored(
    app: FeedApp, site: dict[str, bytes], path: str, query: str, name: str
) -> None:
    # A cache-buster or a mail system's tracking parameter must not break a subscription.
    r = call(app, path, query=query, environ={"REQUEST_URI": f"{path}?{query}"})
    plain = call(app, "/" + name)
    assert (r.status, r.body, r.headers) == (200, plain.body, plain.headers)
    if name.endswith(".ics"):
        assert r.body == site[name]
    assert call(app, "/health", query="x").body == b"ok\n"
    assert call(app, "/nope.ics", query="x=1").status == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
@pytest.mark.parametrize("path", ["/", "/alle.ics", "/health", "/nope"])
def test_other_methods_are_not_allowed(app: FeedApp, method: str, path: str) -> None:
    r = call(app, path, method=method)
    assert r.status == 405
    assert r.headers["allow"] == "GET, HEAD"
    assert r.headers["content-type"] == "text/plain; charset=utf-8"


# -- reloading --------------------------------------------------------------------------------


def test_a_rewritten_data_file_is_served_with_new_validators(
    app: FeedApp, data_file: Path, calendar: Calendar
) -> None:
    before = {name: call(app, "/" + name) for name in (*FEEDS, "dassos.ics", "kkr-midtjylland.ics")}
    dump(moved(calendar), data_file)
    assert app.reload() == "published"
    after = {name: call(app, "/" + name) for name in before}
    for name in FEEDS:
        assert after[name].body != before[name].body, name
        assert after[name].headers["etag"] == etag_of(after[name].body)
        assert after[name].last_modified > before[name].last_modified
        stale = call(app, "/" + name, headers={"If-None-Match": before[name].headers["etag"]})
        assert stale.status == 200
        since = call(app, "/" + name, headers={"If-Modified-Since": before[name].headers["last-modified"]})  # fmt: skip
        assert since.status == 200
        # Only the moved meeting changed; every other event keeps its bytes.
        old, new = vevents(before[name].body), vevents(after[name].body)
        assert old.keys() == new.keys()
        assert [u for u in old if old[u] != new[u]] == [f"{MOVED}@{calendar.domain}"]
    assert b"DTSTART;TZID=Europe/Copenhagen:20230421T100000" in after["alle.ics"].body
    assert sequence_of(after["kd-net.ics"].body) == 1
    # A feed without the meeting keeps its bytes, so its validators stay and clients get 304.
    for unchanged in ("dassos.ics", "kkr-midtjylland.ics"):
        assert after[unchanged].headers == before[unchanged].headers
    assert call(app, "/health").status == 200


def test_last_modified_never_goes_backwards(
    app: FeedApp, data_file: Path, calendar: Calendar
) -> None:
    versions = [calendar, moved(calendar)]
    dates = [call(app, "/alle.ics").last_modified]
    for i in range(4):  # faster than the clock's seconds
        dump(versions[(i + 1) % 2], data_file)
        assert app.reload() == "published"
        dates.append(call(app, "/alle.ics").last_modified)
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates), "new bytes must get a date a client has not seen"


def test_builds_happen_off_the_request_path_and_only_for_new_content(
    data_file: Path, calendar: Calendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kdnet_calendar import publish

    builds: list[threading.Thread] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        builds.append(threading.current_thread())
        return publish.publish_site(*args, **kwargs)

    monkeypatch.setattr("kdnet_calendar.web.publish_site", counted)
    with FeedApp([data_file], settle=0, watch=False) as app:
        assert len(builds) == 1, "built at start"
        before = call(app, "/alle.ics").body
        dump(moved(calendar), data_file)
        # No request reads the data or waits for a build: they get the last complete site.
        for _ in range(5):
            assert call(app, "/alle.ics").body == before
        assert len(builds) == 1
        # The same bytes written again, or the file touched: nothing to build.
        data_file.write_bytes(dumps(calendar).encode())
        os.utime(data_file)
        assert app.reload() == "unchanged"
        assert len(builds) == 1
    # The watcher thread does the building, by itself.
    with FeedApp([data_file], settle=0.05, poll_interval=0.02) as app:
        builds.clear()
        dump(moved(calendar), data_file)
        until = time.monotonic() + 10
        while sequence_of(call(app, "/kd-net.ics").body) == 0 and time.monotonic() < until:
            time.sleep(0.02)
        assert sequence_of(call(app, "/kd-net.ics").body) == 1
        assert [t.name for t in builds] == ["kdnet-calendar-watcher"]
        time.sleep(0.2)
        assert len(builds) == 1, "an unchanged file is not built again"


def test_sequence_survives_reloads_and_restarts(
    tmp_path: Path, data_file: Path, calendar: Calendar
) -> None:
    state = tmp_path / "state.json"
    with FeedApp([data_file], state_path=state, settle=0, watch=False) as app:
        assert sequence_of(call(app, "/kd-net.ics").body) == 0
        dump(moved(calendar), data_file)
        assert app.reload() == "published"
        served = call(app, "/kd-net.ics").body
    assert sequence_of(served) == 1
    assert b"DTSTART;TZID=Europe/Copenhagen:20230421T100000" in served
    saved = load_state(state)
    assert saved.meetings[f"{MOVED}@{calendar.domain}"].sequence == 1
    # A restart on the same state serves the same bytes, SEQUENCE 1 and all.
    with FeedApp([data_file], state_path=state, settle=0, watch=False) as restarted:
        again = call(restarted, "/kd-net.ics").body
    assert again == served
    # Moved back: the clients that saw SEQUENCE 1 are told again, with 2.
    dump(calendar, data_file)
    with FeedApp([data_file], state_path=state, settle=0, watch=False) as restarted:
        assert sequence_of(call(restarted, "/kd-net.ics").body) == 2
    assert not list(tmp_path.glob("*.tmp")), "the state is written atomically"


def test_a_version_is_published_only_once_it_has_settled(
    data_file: Path, calendar: Calendar
) -> None:
    with FeedApp([data_file], settle=0.3, watch=False) as app:
        before = call(app, "/kd-net.ics").body
        dump(moved(calendar), data_file)
        assert app.poll() == "unsettled"  # seen once
        assert app.poll() == "unsettled"  # the same, but not yet for 0.3 s
        assert call(app, "/kd-net.ics").body == before
        time.sleep(0.3)
        assert app.poll() == "published"
        assert sequence_of(call(app, "/kd-net.ics").body) == 1


def test_a_file_that_changes_while_read_is_not_published(
    app: FeedApp, data_file: Path, calendar: Calendar, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    from kdnet_calendar import web

    good = call(app, "/alle.ics")
    text = data_file.read_bytes()
    starts = [i for i in range(len(text)) if text.startswith(b"\n[[meetings]]", i)]
    half = text[: starts[len(starts) // 2]]
    whole = dumps(moved(calendar)).encode()
    data_file.write_bytes(half)
    reads = iter([(half,), (whole,)])  # half a file, and it parses, but the writer goes on

    monkeypatch.setattr(web, "_read_all", lambda paths: next(reads))
    with caplog.at_level(logging.INFO, logger="kdnet_calendar.web"):
        assert app.poll() == "unsettled"
        assert call(app, "/alle.ics").body == good.body  # the half read is not served
    assert not caplog.records
    monkeypatch.undo()
    data_file.write_bytes(whole)
    assert app.reload() == "published"
    assert sequence_of(call(app, "/kd-net.ics").body) == 1
    assert call(app, "/health").body == b"ok\n"


def test_invalid_data_keeps_the_last_good_feeds(
    app: FeedApp, data_file: Path, calendar: Calendar, caplog: pytest.LogCaptureFixture
) -> None:
    good = {name: call(app, "/" + name) for name in (*FEEDS, "index.html")}
    text = data_file.read_text(encoding="utf-8")
    write_atomic(data_file, text.replace("date = 2023-04-26", 'date = "the 26th"', 1).encode())
    with caplog.at_level(logging.INFO, logger="kdnet_calendar.web"):
        for _ in range(3):
            assert app.reload() == "failed"
            for name, response in good.items():
                r = call(app, "/" + name)
                assert (r.status, r.body, r.headers) == (200, response.body, response.headers)
            health = call(app, "/health")
            assert health.status == 503
            assert health.headers["content-type"] == "text/plain; charset=utf-8"
            message = health.body.decode()
            assert message.startswith("kalender.toml:")
            assert str(data_file.parent) not in message
            assert "'date'" in message
            assert message.count("\n") == 1
            assert message.endswith("\n")
            assert app.error == message.strip()
    records = [r for r in caplog.records if r.name == "kdnet_calendar.web"]
    assert len(records) == 1, "one log line per bad version, not one per request"
    assert records[0].levelno == logging.ERROR
    assert message.strip().removeprefix("kalender.toml") in records[0].getMessage()
    assert "\n" not in records[0].getMessage()
    # A half-written file is bad data too, or holds back the meetings it lacks.
    data_file.write_bytes(text.encode()[: len(text) // 2])
    assert app.reload() in ("failed", "held")
    assert call(app, "/alle.ics").body == good["alle.ics"].body
    assert call(app, "/health").status == 503
    # Fixed: served again.
    dump(moved(calendar), data_file)
    assert app.reload() == "published"
    assert call(app, "/health").body == b"ok\n"
    assert sequence_of(call(app, "/alle.ics").body) == 1


def test_an_emptied_data_file_keeps_the_last_good_feeds(app: FeedApp, data_file: Path) -> None:
    # What a writer that is not atomic leaves for a moment: the file truncated to nothing.
    good = call(app, "/alle.ics")
    data_file.write_bytes(b"")
    assert app.reload() == "failed"
    assert call(app, "/alle.ics").body == good.body
    health = call(app, "/health")
    assert health.status == 503
    assert b"no meetings" in health.body


def test_a_deleted_data_file_keeps_the_last_good_feeds(app: FeedApp, data_file: Path) -> None:
    good = call(app, "/alle.ics")
    data_file.unlink()
    assert app.reload() == "failed"
    assert call(app, "/alle.ics").body == good.body
    health = call(app, "/health")
    assert health.status == 503
    assert health.body == b"kalender.toml: no such file (expected an existing data file)\n"
    # In Danish, as the server speaks unless told --lang en.
    with FeedApp([data_file], settle=0, watch=False) as danish:
        assert call(danish, "/health").body.decode() == (
            "kalender.toml: filen findes ikke (forventet en eksisterende datafil)\n"
        )


def test_dropped_meetings_are_held_until_the_file_has_settled_for_the_grace_period(
    data_file: Path, calendar: Calendar, caplog: pytest.LogCaptureFixture
) -> None:
    dropped = [m for m in calendar.meetings if m.body == "kd-net" and m.date.year == 2024][:2]
    fewer = attrs.evolve(calendar, meetings=tuple(m for m in calendar.meetings if m not in dropped))
    with FeedApp([data_file], settle=0, grace=0.5, watch=False) as app:
        good = call(app, "/kd-net.ics")
        dump(fewer, data_file)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="kdnet_calendar.web"):
            assert app.reload() == "held"
            assert app.reload() == "held"
        assert len(caplog.records) == 1
        health = call(app, "/health")
        assert health.status == 503
        reason = health.body.decode()
        assert reason.count("\n") == 1
        assert all(m.id in reason for m in dropped)
        assert "kalender.toml" in reason
        assert str(data_file.parent) not in reason
        assert call(app, "/kd-net.ics").body == good.body  # the last good site meanwhile
        # Unchanged for the grace period: published, the dropped meetings as cancelled.
        time.sleep(0.5)
        assert app.reload() == "published"
        assert call(app, "/health").body == b"ok\n"
        feed = call(app, "/kd-net.ics").body
    events = vevents(feed)
    assert events.keys() == vevents(good.body).keys(), "no meeting just vanishes"
    for m in dropped:
        event = events[f"{m.id}@{calendar.domain}"]
        assert b"STATUS:CANCELLED" in event
        assert b"SEQUENCE:1" in event


def test_a_held_change_taken_back_is_never_published(
    app: FeedApp, data_file: Path, calendar: Calendar
) -> None:
    good = call(app, "/alle.ics")
    dump(attrs.evolve(calendar, meetings=calendar.meetings[:-5]), data_file)
    assert app.reload() == "held"
    dump(calendar, data_file)
    assert app.reload() == "unchanged"
    assert call(app, "/health").body == b"ok\n"
    assert call(app, "/alle.ics").headers == good.headers


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"format = 1\nname = \n", ":2: not valid TOML"),
        (b'format = 1\n\n[[meetings]]\nid = "x"\nbody = "nobody"\ndate = 2023-01-01\n', ":5:"),
        (b"\xff\xfe not utf-8", ":1: the file is not UTF-8"),
        # Valid TOML without meetings: a feed of nothing would delete every meeting.
        (b"", ": the data holds no meetings"),
        (b"format = 1\n", ": the data holds no meetings"),
        (None, ": no such file"),
    ],
)
def test_bad_data_at_start_is_503_never_an_empty_calendar(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes | None, needle: str
) -> None:
    path = tmp_path / "bad.toml"
    if content is not None:
        path.write_bytes(content)
    with caplog.at_level(logging.ERROR, logger="kdnet_calendar.web"):
        app = FeedApp([path], settle=0, watch=False, lang="en")
    assert len(caplog.records) == 1
    for p in ("/", "/index.html", "/alle.ics", "/kd-net.ics"):
        for method in ("GET", "HEAD"):
            r = call(app, p, method=method)
            assert r.status == 503, p
            assert r.headers["content-type"] == "text/plain; charset=utf-8"
            assert r.headers["cache-control"] == "no-store"
            assert b"VCALENDAR" not in r.body
            if method == "GET":
                assert r.body.decode().startswith("bad.toml")
                assert needle in r.body.decode()
                assert str(tmp_path) not in r.body.decode()
    assert call(app, "/health").status == 503
    assert call(app, "/nope/").status == 404
    dump(load_embedded(), path)
    assert app.reload() == "published"
    assert call(app, "/kd-net.ics").status == 200
    assert call(app, "/health").status == 200


def test_no_server_path_in_anything_served(
    tmp_path: Path, calendar: Calendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / "srv" / "kommune" / "data"
    deep.mkdir(parents=True)
    data = deep / "kalender.toml"
    dump(calendar, data)
    state = tmp_path / "var" / "state.json"
    answers = []

    def disk_full(path: Any, state: Any) -> None:
        raise OSError(28, "No space left on device", str(path))

    # The state cannot be saved: the reason names the file, not its folder.
    with monkeypatch.context() as patch:
        patch.setattr("kdnet_calendar.web.save_state", disk_full)
        with FeedApp([data], state_path=state, settle=0, watch=False, lang="en") as app:
            answers += [call(app, p).body for p in ("/", "/health", "/alle.ics")]
    with FeedApp([data], settle=0, watch=False) as app:
        answers.append(call(app, "/oversigt").body)
        assert b"kalender.toml:" in answers[-1]  # the overview names sources by base name
        for bad in (b"format = 1\nname = \n", b"\xff", b"format = 1\n"):
            data.write_bytes(bad)
            app.reload()
            answers += [call(app, p).body for p in ("/", "/health", "/oversigt", "/kd-net.ics")]
        data.unlink()
        app.reload()
        answers += [call(app, p).body for p in ("/", "/health", "/alle.ics")]
    assert len(answers) == 19
    for body in answers:
        assert str(tmp_path).encode() not in body
        assert b"/srv/" not in body
        assert b"kommune" not in body
    assert b"state.json: cannot save the publishing state" in answers[1]


def test_serve_runs_waitress_with_the_app(monkeypatch: pytest.MonkeyPatch, data_file: Path) -> None:
    import waitress

    seen: dict[str, Any] = {}

    class FakeServer:
        effective_host, effective_port = "127.0.0.1", 8123

        def run(self) -> None:
            seen["ran"] = True

        def close(self) -> None:
            seen["closed"] = True

    def fake(app: object, **kw: object) -> FakeServer:
        seen.update(kw, app=app)
        return FakeServer()

    monkeypatch.setattr(waitress, "create_server", fake)
    said: list[str] = []
    serve([str(data_file)], port=8123, base_url="https://example.dk/k", threads=3, lang="en",
          announce=said.append)  # fmt: skip
    assert seen.pop("app").app.base_url == "https://example.dk/k"
    assert seen.pop("map") == {}
    assert seen == {
        "host": "127.0.0.1", "port": 8123, "threads": 3, "connection_limit": 500,
        "ran": True, "closed": True,
    }  # fmt: skip
    assert said == ["Serving on http://127.0.0.1:8123/ (Ctrl+C stops)"]
    assert (data_file.parent / ".kdnet-calendar-state.json").is_file()


# -- under load ---------------------------------------------------------------------------------


def _shutdown(server: Any) -> None:
    """Close the listener and any connection a failed test left open, ending ``run()``."""
    from waitress import wasyncore

    server.close()
    wasyncore.close_all(server._map)


@contextlib.contextmanager
def running(app: FeedApp, connection_limit: int = 500) -> Iterator[int]:
    """A waitress server on a loopback ephemeral port, bound as ``serve`` binds; yields the port."""
    server = bind(app, "127.0.0.1", 0, threads=8, connection_limit=connection_limit)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield int(server.effective_port)
    finally:
        # server.close() runs in the server's own loop thread: closing its sockets under
        # a select() in another thread can raise EBADF there.
        server.trigger.pull_trigger(lambda: _shutdown(server))
        thread.join(10)
        server.task_dispatcher.shutdown()
        assert not thread.is_alive()


class RecordingApp(FeedApp):
    """The app, keeping every site it published, to check answers against."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.published: list[dict[str, bytes]] = []
        super().__init__(*args, **kwargs)

    def _commit(self, files: Mapping[str, bytes]) -> Any:
        self.published.append(dict(files))
        return super()._commit(files)


@attrs.define
class Exchange:
    kind: str
    name: str
    status: int
    headers: dict[str, str]
    body: bytes
    sent_etag: str | None = None


def _etag_of(port: int, name: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("HEAD", "/" + name)
        return conn.getresponse().getheader("ETag") or ""
    finally:
        conn.close()


def _get(port: int, target: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", target)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def client(
    port: int, index: int, requests: int, deadline: float, start: threading.Barrier
) -> list[Exchange]:
    """One subscriber's connection: plain, conditional and HEAD requests, kept alive."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    etags: dict[str, str] = {}
    out = []
    think = random.Random(index)
    try:
        start.wait(20)
        for i in range(requests):
            if time.monotonic() > deadline:
                break
            if i:
                # A pause now and then, as real clients have.
                time.sleep(think.uniform(0, 0.08))
            name = FEEDS[(index + i) % len(FEEDS)]
            kind = ("GET", "conditional", "HEAD")[i % 3]
            headers = {}
            if kind == "conditional" and name in etags:
                headers["If-None-Match"] = etags[name]
            conn.request("HEAD" if kind == "HEAD" else "GET", "/" + name, headers=headers)
            resp = conn.getresponse()
            body = resp.read()
            got = {k.lower(): v for k, v in resp.getheaders()}
            out.append(Exchange(kind, name, resp.status, got, body, headers.get("If-None-Match")))
            if "etag" in got:
                etags[name] = got["etag"]
    finally:
        conn.close()
    return out


def test_under_load_while_the_data_changes(data_file: Path, calendar: Calendar) -> None:
    version_b = moved(calendar)
    app = RecordingApp([data_file], poll_interval=0.05, settle=0.02)
    clients, requests = 110, 20
    results: list[list[Exchange]] = [[] for _ in range(clients)]
    errors: list[BaseException] = []
    done = threading.Event()

    def writer() -> None:
        flip = False
        jitter = random.Random(5545)  # no period for the reload checks to fall in step with
        while not done.wait(jitter.uniform(0.03, 0.07)):
            flip = not flip
            dump(version_b if flip else calendar, data_file)

    def run_client(i: int) -> None:
        try:
            results[i] = client(port, i, requests, deadline, barrier)
        except BaseException as exc:
            errors.append(exc)

    with app, running(app) as port:
        # The traps once more, now through a real HTTP parser that percent-decodes.
        for target in ("/%2e%2e/kalender.toml", "/..%2Fkalender.toml", "/alle%2Fics", "//alle.ics",
                       "/alle.ics%3F", "/%2Falle.ics", "/alle.ics/.",
                       "/%5C..%5Ckalender.toml", "/..;/alle.ics"):  # fmt: skip
            assert _get(port, target) == (404, b"Not found.\n"), target
        # A query string is no trap: it is ignored.
        for target in ("/alle.ics?../kalender.toml", "/alle.ics?x=1", "/alle.ics?"):
            assert _get(port, target) == (200, app.published[0]["alle.ics"]), target

        barrier = threading.Barrier(clients)
        deadline = time.monotonic() + 60
        write_thread = threading.Thread(target=writer, daemon=True)
        write_thread.start()
        # The rewriting has reached the server before the clients start: a fast server
        # could otherwise answer every client before its first reload, and prove nothing.
        first = _etag_of(port, "alle.ics")
        until = time.monotonic() + 20
        while _etag_of(port, "alle.ics") == first and time.monotonic() < until:
            time.sleep(0.02)
        threads = [threading.Thread(target=run_client, args=(i,), daemon=True) for i in range(clients)]  # fmt: skip
        for t in threads:
            t.start()
        for t in threads:
            t.join(max(0.0, deadline + 5 - time.monotonic()))
        done.set()
        write_thread.join(10)
        assert not any(t.is_alive() for t in threads), "clients still running after the deadline"

    assert not errors, errors[:3]
    exchanges = [e for r in results for e in r]
    assert len(exchanges) == clients * requests
    assert not [e for e in exchanges if e.status not in (200, 304)]
    counts = {f.filename: len(f.meetings) for f in feeds_for(calendar)}
    parsed: dict[bytes, int] = {}
    for e in exchanges:
        valid = {site[e.name] for site in app.published}
        if e.status == 304:
            assert e.kind == "conditional"
            assert e.headers["etag"] == e.sent_etag
            assert e.body == b""
            continue
        if e.kind == "HEAD":
            assert e.body == b""
            assert int(e.headers["content-length"]) in {len(b) for b in valid}
            continue
        assert e.body in valid, f"{e.name}: bytes of no version published"
        assert e.headers["etag"] == etag_of(e.body)
        assert e.headers["content-length"] == str(len(e.body))
        assert e.body.endswith(b"END:VCALENDAR\r\n")
        if e.sent_etag is not None:
            assert e.headers["etag"] != e.sent_etag, "200 for the ETag the client holds"
        if e.body not in parsed:  # the same bytes parse the same: once is enough
            cal = icalendar.Calendar.from_ical(e.body)
            parsed[e.body] = len(cal.walk("VEVENT"))
        assert parsed[e.body] == counts[e.name]
    seen = {e.headers["etag"] for e in exchanges if e.name == "alle.ics" and e.status == 200}
    assert len(seen) >= 2, "the data should have changed under the clients"
    assert sum(e.status == 304 for e in exchanges) > 0


def test_a_half_written_file_never_removes_published_meetings(
    data_file: Path, calendar: Calendar
) -> None:
    # A writer that is not atomic, writing the file in place, in pieces that end at line
    # boundaries, pausing between them: many of the prefixes load as calendars.
    whole = data_file.read_bytes()
    lines = whole.splitlines(keepends=True)
    app = FeedApp([data_file], poll_interval=0.01, settle=0.03, grace=60)
    stop = threading.Event()
    answers: list[tuple[int, int]] = []  # status, UIDs in the answer
    health: list[bytes] = []
    errors: list[BaseException] = []

    # Where a meeting starts: a prefix ending there parses and lacks the meetings after it.
    meetings = [i for i, line in enumerate(lines) if line == b"[[meetings]]\n"]

    def writer() -> None:
        rnd = random.Random(1855)
        while not stop.is_set():
            # Pieces of random length, and one that ends where a meeting starts.
            ends = {rnd.randrange(1, len(lines)) for _ in range(4)}
            ends |= {rnd.choice(meetings[len(meetings) // 4 :]), len(lines)}
            with open(data_file, "wb") as fh:  # truncated first: the worst moment
                start = 0
                for end in sorted(ends):
                    fh.write(b"".join(lines[start:end]))
                    fh.flush()
                    start = end
                    time.sleep(0.15 if end in meetings else rnd.choice((0.0, 0.01, 0.05)))
            time.sleep(rnd.uniform(0.0, 0.1))

    def reader(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        try:
            while not stop.is_set():
                conn.request("GET", "/alle.ics" if index else "/health")
                resp = conn.getresponse()
                body = resp.read()
                if index:
                    answers.append((resp.status, body.count(b"\r\nUID:")))
                else:
                    health.append(body)
                    time.sleep(0.01)
        except BaseException as exc:
            errors.append(exc)
        finally:
            conn.close()

    with app, running(app) as port:
        first = _get(port, "/alle.ics")
        assert first[0] == 200
        published = first[1].count(b"\r\nUID:")
        assert published == len(calendar.meetings)
        threads = [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(20)]
        threads.append(threading.Thread(target=writer, daemon=True))
        for t in threads:
            t.start()
        time.sleep(6)
        stop.set()
        for t in threads:
            t.join(20)
    assert not errors, errors[:3]
    assert len(answers) > 100
    assert {status for status, _ in answers} == {200}
    assert min(n for _, n in answers) >= published, "a response lacked a published meeting"
    held = [b for b in health if b"holdes tilbage" in b]
    assert held, "no prefix was ever held back: the test did not test"
    assert all(b.count(b"\n") == 1 for b in health)


def test_a_file_rewritten_in_place_every_50_ms_is_served(
    data_file: Path, calendar: Calendar
) -> None:
    versions = [dumps(calendar).encode(), dumps(moved(calendar)).encode()]
    stop = threading.Event()

    def writer() -> None:
        jitter, i = random.Random(50), 0
        while not stop.wait(jitter.uniform(0.04, 0.06)):
            i += 1
            data_file.write_bytes(versions[i % 2])  # in place: truncated, then written

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        time.sleep(0.2)
        # Started while the file is being rewritten, as the server that stayed 503 was.
        with FeedApp([data_file], poll_interval=0.1) as app:
            until = time.monotonic() + 15
            while call(app, "/health").status != 200 and time.monotonic() < until:
                time.sleep(0.05)
            assert call(app, "/health").body == b"ok\n"
            r = call(app, "/kd-net.ics")
            assert r.status == 200
            assert sequence_of(r.body) in (0, 1, 2, 3, 4, 5, 6)
    finally:
        stop.set()
        thread.join(5)


def test_connection_limit_lets_150_clients_in_at_once(app: FeedApp) -> None:
    # Every client holds its connection open until all have their answer: with waitress's
    # default limit of 100 the last 50 would never get in.
    clients = 150
    barrier = threading.Barrier(clients)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def one(port: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        try:
            conn.request("GET", "/kd-net.ics")
            resp = conn.getresponse()
            resp.read()
            statuses.append(resp.status)
            barrier.wait(15)
        except BaseException as exc:
            errors.append(exc)
        finally:
            conn.close()

    with running(app, connection_limit=500) as port:
        threads = [threading.Thread(target=one, args=(port,), daemon=True) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert not errors, errors[:3]
    assert statuses == [200] * clients
    from kdnet_calendar.cli import _parser

    args = _parser().parse_args(["serve"])
    assert args.connection_limit == 500


# -- kdnet-calendar serve -------------------------------------------------------------------------


def _serve_cli(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, *argv: str
) -> tuple[int, str, str]:
    from kdnet_calendar.cli import main

    out = io.StringIO()
    code = main(["serve", "--state", str(tmp_path / "state.json"), *argv], out)
    return code, out.getvalue(), capsys.readouterr().err


def _one_error_line(err: str, lang: str = "da") -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"kdnet-calendar: {'fejl' if lang == 'da' else 'error'}: ")
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("option", ["--threads", "--connection-limit"])
@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_bad_serve_options_fail_at_start_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str, value: str
) -> None:
    with pytest.raises(SystemExit) as exit:
        _serve_cli(capsys, tmp_path, option, value)
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        f"kdnet-calendar serve: fejl: argument {option}: '{value}' er ikke et antal; "
        "forventet 1 eller flere"
    )
    with pytest.raises(SystemExit):
        _serve_cli(capsys, tmp_path, option, value, "--lang", "en")
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"kdnet-calendar serve: error: argument {option}: '{value}' is not a count, "
        "expected 1 or more"
    )


def test_a_host_that_does_not_exist_fails_at_start_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_file: Path
) -> None:
    code, out, err = _serve_cli(
        capsys, tmp_path, "--host", "no.such.host", "--data", str(data_file)
    )
    assert code == 2
    assert out == ""
    assert _one_error_line(err).startswith(
        "kdnet-calendar: fejl: kan ikke lytte på no.such.host:8080: "
    )


def test_a_port_in_use_fails_at_start_naming_the_address(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_file: Path
) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = _serve_cli(
            capsys, tmp_path, "--port", str(port), "--data", str(data_file), "--lang", "en"
        )
    assert code == 2
    assert out == ""
    assert _one_error_line(err, "en") == (
        f"kdnet-calendar: error: cannot listen on 127.0.0.1:{port}: Address already in use"
    )


def test_a_data_file_that_does_not_exist_fails_at_start(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, free_port: int
) -> None:
    missing = tmp_path / "kalendr.toml"
    code, out, err = _serve_cli(capsys, tmp_path, "--data", str(missing), "--port", str(free_port))
    assert code == 2
    assert out == ""
    assert _one_error_line(err) == (
        f"kdnet-calendar: fejl: {missing}: filen findes ikke (forventet en eksisterende datafil)"
    )
    assert not (tmp_path / "state.json").exists()


@pytest.mark.parametrize("base_url", ["localhost:8080", "kalender.example.dk/kkr", "ftp://x.dk/"])
def test_a_base_url_that_is_not_an_address_fails_at_start(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_file: Path, free_port: int,
    base_url: str,
) -> None:  # fmt: skip
    code, out, err = _serve_cli(
        capsys, tmp_path, "--data", str(data_file), "--base-url", base_url,
        "--port", str(free_port),
    )  # fmt: skip
    assert code == 2
    assert out == ""
    line = _one_error_line(err)
    assert f"--base-url {base_url!r} er ikke en fuld adresse" in line


@pytest.fixture
def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_speaks_danish_by_default_and_english_with_lang_en(
    tmp_path: Path, data_file: Path, free_port: int
) -> None:
    # The whole command, in a process of its own, as people run it.
    import signal
    import subprocess
    import sys

    for lang, serving, warning in (
        ([], "Serverer på", "advarsel: uden --base-url"),
        (["--lang", "en"], "Serving on", "warning: without --base-url"),
    ):
        proc = subprocess.Popen(
            [sys.executable, "-m", "kdnet_calendar", "serve", "--data", str(data_file),
             "--port", str(free_port), *lang],
            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert (
                line
                == f"{serving} http://127.0.0.1:{free_port}/ (Ctrl+C {'stopper' if not lang else 'stops'})\n"
            )
            assert _get(free_port, "/kd-net.ics?x=1")[0] == 200
        finally:
            proc.send_signal(signal.SIGINT)
            _, err = proc.communicate(timeout=20)
        assert proc.returncode == 0, err
        assert warning in err
        assert "Traceback" not in err
    # The state went beside the data file, and the second start found the first's.
    assert (data_file.parent / ".kdnet-calendar-state.json").is_file()


def test_serve_public_leaves_findings_off_the_pages(data_file: Path) -> None:
    """Errors were published to every subscriber, with no choice."""
    with FeedApp([data_file], base_url=BASE, settle=0, watch=False, public=True) as public:
        hidden = call(public, "/oversigt.html").body.decode("utf-8")
    with FeedApp([data_file], base_url=BASE, settle=0, watch=False) as internal:
        shown = call(internal, "/oversigt.html").body.decode("utf-8")
    assert "stated-weekday-mismatch" in shown
    assert "stated-weekday-mismatch" not in hidden
