"""The feed server (docs/feeds-checklist.md, items 18–22), through the WSGI interface and once under load.

Most tests call the application directly with hand-made environs, checked by
``wsgiref.validate`` for PEP 3333. One test runs a real waitress server on loopback with a
hundred clients while the data file is rewritten underneath them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import hashlib
import http.client
import logging
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
from kdnet_calendar.web import FeedApp, serve

BASE = "http://127.0.0.1"  # what setup_testing_defaults makes of a request
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


@pytest.fixture
def calendar() -> Calendar:
    return load_embedded()


@pytest.fixture
def data_file(tmp_path: Path, calendar: Calendar) -> Path:
    path = tmp_path / "kalender.toml"
    dump(calendar, path)
    return path


@pytest.fixture
def app(data_file: Path) -> FeedApp:
    return FeedApp([data_file], check_interval=0)


@pytest.fixture
def site(calendar: Calendar) -> dict[str, bytes]:
    return build_site(calendar, BASE)


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
    assert b'href="webcal://127.0.0.1/alle.ics"' in r.body


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


def test_links_are_absolute_and_follow_the_request(app: FeedApp, calendar: Calendar) -> None:
    environ = {"wsgi.url_scheme": "https", "SCRIPT_NAME": "/kalender"}
    r = call(app, "/", headers={"Host": "Feeds.Example.DK:443"}, environ=environ)
    expected = build_site(calendar, "https://feeds.example.dk/kalender")
    assert r.body == expected["index.html"]
    assert b'href="webcal://feeds.example.dk/kalender/kd-net.ics"' in r.body
    feed = call(app, "/kd-net.ics", headers={"Host": "feeds.example.dk"}, environ=environ)
    assert feed.body == expected["kd-net.ics"]
    assert b"SOURCE;VALUE=URI:https://feeds.example.dk/kalender/kd-net.ics" in feed.body
    other = call(app, "/", headers={"Host": "localhost:8080"})
    assert b'href="webcal://localhost:8080/alle.ics"' in other.body


@pytest.mark.parametrize(
    "host", ['evil.example"><script>', "a b", "host:port", "x\r\nSet-Cookie: a=b", "", "ø.dk"]
)
def test_a_host_header_that_is_not_a_host_is_not_echoed(app: FeedApp, host: str) -> None:
    r = call(app, "/", headers={"Host": host}, environ={"SERVER_NAME": "feeds.local"})
    assert r.status == 200
    assert b'href="webcal://feeds.local/alle.ics"' in r.body
    assert b"script>" not in r.body.split(b"</style>")[1].replace(b"</script", b"")


def test_many_hosts_are_served_from_a_bounded_cache(app: FeedApp) -> None:
    for i in range(20):
        r = call(app, "/alle.ics", headers={"Host": f"h{i}.example"})
        assert f"SOURCE;VALUE=URI:http://h{i}.example/alle.ics".encode() in r.body
    assert len(app._state.sites) <= 8


def test_configured_base_url_wins_over_the_host_header(data_file: Path, calendar: Calendar) -> None:
    app = FeedApp([data_file], base_url="https://kalender.kkr.dk/feeds")
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
    ("path", "query"),
    [
        ("/", "file=../kalender.toml"),
        ("/alle.ics", "../../etc/passwd"),
        ("/alle.ics", "format=json"),
        ("/index.html", "/alle.ics"),
        ("/health", "x"),
    ],
)
def test_query_strings_are_not_found(app: FeedApp, path: str, query: str) -> None:
    assert call(app, path, query=query).status == 404


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
    new = moved(calendar)
    dump(new, data_file)
    after = {name: call(app, "/" + name) for name in before}
    expected = build_site(new, BASE)
    for name in FEEDS:
        assert after[name].body == expected[name], name
        assert after[name].body != before[name].body, name
        assert after[name].headers["etag"] == etag_of(expected[name])
        assert after[name].last_modified > before[name].last_modified
        stale = call(app, "/" + name, headers={"If-None-Match": before[name].headers["etag"]})
        assert stale.status == 200
        since = call(app, "/" + name, headers={"If-Modified-Since": before[name].headers["last-modified"]})  # fmt: skip
        assert since.status == 200
    assert b"DTSTART;TZID=Europe/Copenhagen:20230421T100000" in after["alle.ics"].body
    assert b"SEQUENCE:1" in after["kd-net.ics"].body
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
        dates.append(call(app, "/alle.ics").last_modified)
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates), "new bytes must get a date a client has not seen"


def test_changes_are_checked_at_most_once_per_interval(data_file: Path, calendar: Calendar) -> None:
    app = FeedApp([data_file], check_interval=3600)
    before = call(app, "/alle.ics").body
    dump(moved(calendar), data_file)
    assert call(app, "/alle.ics").body == before


def test_invalid_data_keeps_the_last_good_feeds(
    app: FeedApp, data_file: Path, calendar: Calendar, caplog: pytest.LogCaptureFixture
) -> None:
    good = {name: call(app, "/" + name) for name in (*FEEDS, "index.html")}
    text = data_file.read_text(encoding="utf-8")
    write_atomic(data_file, text.replace("date = 2023-04-26", 'date = "the 26th"', 1).encode())
    with caplog.at_level(logging.INFO, logger="kdnet_calendar.web"):
        for _ in range(3):
            for name, response in good.items():
                r = call(app, "/" + name)
                assert (r.status, r.body, r.headers) == (200, response.body, response.headers)
            health = call(app, "/health")
            assert health.status == 503
            assert health.headers["content-type"] == "text/plain; charset=utf-8"
            message = health.body.decode()
            assert message.startswith(f"{data_file}:")
            assert "'date'" in message
            assert message.count("\n") == 1
            assert message.endswith("\n")
            assert app.error == message.strip()
    records = [r for r in caplog.records if r.name == "kdnet_calendar.web"]
    assert len(records) == 1, "one log line per bad version, not one per request"
    assert records[0].levelno == logging.ERROR
    assert message.strip() in records[0].getMessage()
    assert "\n" not in records[0].getMessage()
    # A half-written file is bad data too.
    data_file.write_bytes(text.encode()[: len(text) // 2])
    assert call(app, "/alle.ics").body == good["alle.ics"].body
    assert call(app, "/health").status == 503
    # Fixed: served again.
    dump(moved(calendar), data_file)
    assert call(app, "/health").body == b"ok\n"
    assert call(app, "/alle.ics").body == build_site(moved(calendar), BASE)["alle.ics"]


def test_an_emptied_data_file_keeps_the_last_good_feeds(app: FeedApp, data_file: Path) -> None:
    # What a writer that is not atomic leaves for a moment: the file truncated to nothing.
    good = call(app, "/alle.ics")
    data_file.write_bytes(b"")
    assert call(app, "/alle.ics").body == good.body
    health = call(app, "/health")
    assert health.status == 503
    assert b"no meetings" in health.body


def test_a_file_that_changes_while_read_is_read_again(
    app: FeedApp, data_file: Path, calendar: Calendar, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    from kdnet_calendar.datafile import load_many

    good = call(app, "/alle.ics")
    text = data_file.read_bytes()
    starts = [i for i in range(len(text)) if text.startswith(b"\n[[meetings]]", i)]
    half = text[: starts[len(starts) // 2]]
    assert 0 < len(load_many([_write(data_file, half)]).meetings) < len(calendar.meetings)

    def load_while_the_writer_finishes(paths: Any) -> Calendar:
        try:
            return load_many(paths)  # half a file, and it parses...
        finally:
            # ...but the writer was not done: it writes on, into the same file.
            data_file.write_bytes(dumps(moved(calendar)).encode())

    monkeypatch.setattr("kdnet_calendar.web.load_many", load_while_the_writer_finishes)
    with caplog.at_level(logging.INFO, logger="kdnet_calendar.web"):
        assert call(app, "/alle.ics").body == good.body  # the half read is not served
    assert not caplog.records
    monkeypatch.undo()
    assert call(app, "/alle.ics").body == build_site(moved(calendar), BASE)["alle.ics"]


def test_a_file_replaced_while_read_was_read_whole(
    app: FeedApp, data_file: Path, calendar: Calendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kdnet_calendar.datafile import load_many

    third = attrs.evolve(calendar, name="Tredje udgave")
    dump(moved(calendar), data_file)

    def load_while_replaced(paths: Any) -> Calendar:
        try:
            return load_many(paths)
        finally:
            dump(third, data_file)  # atomic: a new file, the one read stays whole

    monkeypatch.setattr("kdnet_calendar.web.load_many", load_while_replaced)
    assert call(app, "/alle.ics").body == build_site(moved(calendar), BASE)["alle.ics"]
    monkeypatch.undo()
    assert call(app, "/alle.ics").body == build_site(third, BASE)["alle.ics"]


def test_a_deleted_data_file_keeps_the_last_good_feeds(app: FeedApp, data_file: Path) -> None:
    good = call(app, "/alle.ics")
    data_file.unlink()
    assert call(app, "/alle.ics").body == good.body
    health = call(app, "/health")
    assert health.status == 503
    assert b"no such file" in health.body


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"format = 1\nname = \n", ":2: not valid TOML"),
        (b'format = 1\n\n[[meetings]]\nid = "x"\nbody = "nobody"\ndate = 2023-01-01\n', ":5:"),
        (b"\xff\xfe not utf-8", ":1: the file is not UTF-8"),
        # Valid TOML without meetings: a feed of nothing would delete every meeting.
        (b"", ": the data holds no meetings"),
        (b"format = 1\n", ": the data holds no meetings"),
        (None, "no such file"),
    ],
)
def test_bad_data_at_start_is_503_never_an_empty_calendar(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes | None, needle: str
) -> None:
    path = tmp_path / "bad.toml"
    if content is not None:
        path.write_bytes(content)
    with caplog.at_level(logging.ERROR, logger="kdnet_calendar.web"):
        app = FeedApp([path], check_interval=0)
    assert len(caplog.records) == 1
    for p in ("/", "/index.html", "/alle.ics", "/kd-net.ics"):
        for method in ("GET", "HEAD"):
            r = call(app, p, method=method)
            assert r.status == 503, p
            assert r.headers["content-type"] == "text/plain; charset=utf-8"
            assert r.headers["cache-control"] == "no-store"
            assert b"VCALENDAR" not in r.body
            if method == "GET":
                assert r.body.decode().startswith(str(path))
                assert needle in r.body.decode()
    assert call(app, "/health").status == 503
    assert call(app, "/nope/").status == 404
    dump(load_embedded(), path)
    assert call(app, "/kd-net.ics").status == 200
    assert call(app, "/health").status == 200


def test_serve_runs_waitress_with_the_app(monkeypatch: pytest.MonkeyPatch, data_file: Path) -> None:
    import waitress

    seen: dict[str, Any] = {}

    def fake(app: object, **kw: object) -> None:
        seen.update(kw, app=app)

    monkeypatch.setattr(waitress, "serve", fake)
    serve([str(data_file)], port=8123, base_url="https://example.dk/k", threads=3)
    assert seen.pop("app").base_url == "https://example.dk/k"
    assert seen == {"host": "127.0.0.1", "port": 8123, "threads": 3}


# -- under load ---------------------------------------------------------------------------------


def _shutdown(server: Any) -> None:
    """Close the listener and any connection a failed test left open, ending ``run()``."""
    from waitress import wasyncore

    server.close()
    wasyncore.close_all(server._map)


@contextlib.contextmanager
def running(app: FeedApp) -> Iterator[int]:
    """A waitress server on a loopback ephemeral port; yields the port."""
    import waitress

    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=8, connection_limit=500)
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
                # A pause now and then, as real clients have: without it a hundred threads
                # starve the reload of the GIL and the whole run sees one version.
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
    dropped = next(m for m in calendar.meetings if m.body == "kd-net" and m.date.year == 2024)
    version_b = moved(attrs.evolve(calendar, meetings=tuple(m for m in calendar.meetings if m != dropped)))  # fmt: skip
    app = FeedApp([data_file], check_interval=0.1)
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

    with running(app) as port:
        base = f"http://127.0.0.1:{port}"
        sites = [build_site(calendar, base), build_site(version_b, base)]
        assert all(sites[0][n] != sites[1][n] for n in FEEDS)
        # The traps once more, now through a real HTTP parser that percent-decodes.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for target in ("/%2e%2e/kalender.toml", "/..%2Fkalender.toml", "/alle%2Fics", "//alle.ics",
                       "/alle.ics%3F", "/alle.ics?../kalender.toml", "/%2Falle.ics", "/alle.ics/.",
                       "/%5C..%5Ckalender.toml", "/..;/alle.ics"):  # fmt: skip
            conn.request("GET", target)
            resp = conn.getresponse()
            assert (resp.status, resp.read()) == (404, b"Not found.\n"), target
        conn.close()

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
    counts = [{f.filename: len(f.meetings) for f in feeds_for(c)} for c in (calendar, version_b)]
    parsed: dict[bytes, int] = {}
    for e in exchanges:
        valid = {site[e.name] for site in sites}
        if e.status == 304:
            assert e.kind == "conditional"
            assert e.headers["etag"] == e.sent_etag
            assert e.body == b""
            continue
        if e.kind == "HEAD":
            assert e.body == b""
            assert int(e.headers["content-length"]) in {len(b) for b in valid}
            continue
        assert e.body in valid, f"{e.name}: bytes of neither version"
        assert e.headers["etag"] == etag_of(e.body)
        assert e.headers["content-length"] == str(len(e.body))
        assert e.body.endswith(b"END:VCALENDAR\r\n")
        if e.sent_etag is not None:
            assert e.headers["etag"] != e.sent_etag, "200 for the ETag the client holds"
        if e.body not in parsed:  # the same bytes parse the same: once is enough
            cal = icalendar.Calendar.from_ical(e.body)
            parsed[e.body] = len(cal.walk("VEVENT"))
        assert parsed[e.body] in {c[e.name] for c in counts}
    seen = {e.headers["etag"] for e in exchanges if e.name == "alle.ics" and e.status == 200}
    assert len(seen) == 2, "the data should have changed under the clients"
    assert sum(e.status == 304 for e in exchanges) > 0
