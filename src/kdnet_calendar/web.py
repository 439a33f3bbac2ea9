"""The feed server: a plain WSGI application serving the published site from memory.

Subscribers' calendar clients poll these URLs for years and act on whatever they get, so
the rules are:

* serve exactly the bytes of :func:`~kdnet_calendar.publish.publish_site`, versioned
  against a state kept on disk (:mod:`kdnet_calendar.tracking`), so that a moved meeting
  reaches every client with a higher ``SEQUENCE``, across reloads and restarts;
* build the site at start and rebuild it off the request path: a watcher thread polls the
  data files and a request is answered from the last complete site, never waits for one;
* publish a version of the data only once it has settled — read the same twice in a row,
  and the same again at least ``settle`` seconds later — so a file caught half-written
  by a writer that is not atomic is not published;
* hold back a version that would drop meetings subscribers have (present in the data
  before, absent now rather than marked cancelled) until the file has stayed so for
  ``grace`` seconds: a truncated file that happens to parse looks exactly like that;
* when new data cannot be read keep serving the last good site and say so on ``/health``;
  when no good data was ever read answer 503, never an empty calendar with 200 (an empty
  feed deletes every meeting from every subscriber's calendar);
* links come from the configured base URL only, never from the request.

ETag and Last-Modified let the clients poll cheaply. The URL space is closed: ``/``,
``/index.html``, ``/oversigt.html`` (the overview of the election period), ``/health``
and ``/<feed>.ics``; a query string is ignored. Nothing is ever looked up on disk from a
request, so there is no path to traverse, and no server path is ever part of an answer.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import logging
import os
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal
from wsgiref.types import StartResponse, WSGIEnvironment

import attrs

from .datafile import EMBEDDED_NAME, load_bytes, load_embedded, merge
from .exceptions import InputError, KdnetCalendarError, os_problem
from .feeds import uid
from .inputs import read_input_bytes
from .model import Calendar
from .overview import OVERVIEW
from .publish import INDEX, check_publishable, publish_site
from .rules.settings import Settings
from .tracking import STATE_NAME, State, load_state, render_updates, save_state

__all__ = [
    "CACHE_CONTROL",
    "GRACE",
    "POLL_INTERVAL",
    "SETTLE",
    "FeedApp",
    "ServeError",
    "bind",
    "default_state_path",
    "serve",
]

log = logging.getLogger("kdnet_calendar.web")

CACHE_CONTROL = "public, max-age=300"
#: Seconds between two looks at the data files.
POLL_INTERVAL = 0.5
#: A version is published once it has read the same for at least this long.
SETTLE = 0.2
#: A version that drops published meetings waits this long, unchanged, before it is published.
GRACE = 5.0
#: How long the first build may wait for the data to settle before the server starts anyway.
_START_TIMEOUT = 5.0
#: A file modified this recently is read again even if its stamps did not change: a
#: same-size rewrite within one tick of the file system's clock leaves them as they were.
_RACY_NS = 2_000_000_000
#: How long a build that could not save the state waits before it is tried again.
_RETRY = 30.0

Outcome = Literal["unchanged", "unsettled", "held", "failed", "published"]

_FEED_PATH = re.compile(r"/[a-z0-9][a-z0-9-]*\.ics")
_ABSOLUTE_FORM = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*")
_ETAG = re.compile(r'(?:W/)?("[^"]*")')
# The folders of an absolute path (POSIX or Windows), not those of a URL.
_FOLDERS = re.compile(r"(?<![\w.:/\\~-])(?:[A-Za-z]:)?[\\/](?:[^\s\\/:'\"]+[\\/])+(?=[^\s\\/'\"])")
_CONTENT_TYPES = {".ics": "text/calendar; charset=utf-8", ".html": "text/html; charset=utf-8"}
_SHOWN_IDS = 8

_MESSAGES = {
    "da": {
        "not_yet": "data er ikke læst endnu (filen ændrer sig stadig); prøv igen om lidt",
        "held": "ændringen holdes tilbage: {ids} mangler i data uden at være aflyst; den seneste "
        "hele udgave serveres, indtil {name} har været uændret i {grace:g} s",
        "more": "{n} flere",
        "released": "{name} har været uændret i {grace:g} s: ændringen udgives, og de fjernede "
        "møder udgives som aflyste",
        "kept": "data ikke genindlæst, de seneste gode feeds serveres fortsat: {message}",
        "none": "ingen feeds at servere: {message}",
        "again": "data kan læses igen og serveres",
        "published": "udgivet fra {name}: {n} møder",
        "state": "kan ikke gemme udgivelsestilstanden ({error}); den udgave serveres ikke, før "
        "den kan gemmes (eller vælg en anden fil med --state FILE)",
        "serving": "Serverer på {url} (Ctrl+C stopper)",
        "bind": "kan ikke lytte på {address}: {error}",
        "no_host": "værten eller porten kan ikke bruges ({error})",
    },
    "en": {
        "not_yet": "the data has not been read yet (the file is still changing); try again shortly",
        "held": "change held back: {ids} missing from the data rather than marked cancelled; the "
        "last complete version is served until {name} has been unchanged for {grace:g} s",
        "more": "{n} more",
        "released": "{name} unchanged for {grace:g} s: publishing the change, the removed meetings "
        "as cancelled",
        "kept": "data not reloaded, still serving the last good feeds: {message}",
        "none": "no feeds to serve: {message}",
        "again": "data readable again, serving it",
        "published": "published from {name}: {n} meetings",
        "state": "cannot save the publishing state ({error}); that version is not served "
        "until it can be (or choose another file with --state FILE)",
        "serving": "Serving on {url} (Ctrl+C stops)",
        "bind": "cannot listen on {address}: {error}",
        "no_host": "no such host or port ({error})",
    },
}

_Stamp = tuple[int, int, int] | None
_Content = bytes | InputError


class ServeError(KdnetCalendarError):
    """The server cannot start: one line saying what to change."""


class _StateNotSavedError(KdnetCalendarError):
    """The build is good but its state could not be kept: it is not served, and is tried
    again after a while (a full disk, a folder made read-only) without a change to the data."""

    def __init__(self, en: str, da: str) -> None:
        super().__init__(en, da=da)


@attrs.frozen
class _File:
    """One file of the site with what the caching headers need, computed once."""

    body: bytes
    content_type: str
    etag: str
    last_modified: dt.datetime
    http_date: str


@attrs.frozen
class _State:
    """What requests read. Replaced whole, never changed, so no reader locks."""

    #: The last complete site; None while no data has ever been published.
    site: Mapping[str, _File] | None
    #: Why the newest data is not what is served (one line, no paths); None while it is.
    error: str | None


@attrs.define
class _Seen:
    """A version of the data as read, and since when it has read so, unchanged."""

    key: str
    contents: tuple[_Content, ...]
    since: float
    calendar: Calendar | None = None


class FeedApp:
    """WSGI application serving the feeds and pages built from ``paths``.

    ``paths`` empty means the embedded data. With ``base_url`` (the public URL the site is
    published under, e.g. behind the municipality's web server) every link and ``SOURCE``
    uses it; without, the pages offer relative download links, as ``feeds build`` does.

    The site is built before the constructor returns (if the data settles within a few
    seconds). With ``watch`` a daemon thread then looks at the data files every
    ``poll_interval`` seconds and rebuilds when their bytes change; :meth:`reload` does
    the same at once. ``state_path`` is the publishing state kept across restarts (None:
    in memory only). ``lang`` is the language of the log and of ``/health``. With
    ``strict``, data that cannot be published at start raises its error (a
    :class:`~kdnet_calendar.exceptions.KdnetCalendarError`, one line) instead of being
    answered with 503 until it is corrected.
    """

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]] = (),
        base_url: str | None = None,
        *,
        settings: Settings | None = None,
        state_path: str | os.PathLike[str] | None = None,
        poll_interval: float = POLL_INTERVAL,
        settle: float = SETTLE,
        grace: float = GRACE,
        watch: bool = True,
        lang: str = "da",
        strict: bool = False,
        public: bool = False,
    ) -> None:
        self.paths = tuple(os.fspath(p) for p in paths)
        #: Leave the rules' findings off the pages (``serve --public``).
        self.public = public
        self.base_url = base_url or None
        self.settings = settings
        self.state_path = os.fspath(state_path) if state_path is not None else None
        self.poll_interval = poll_interval
        self.settle = settle
        self.grace = grace
        self.lang = lang if lang in _MESSAGES else "da"
        #: The warnings of the first publication (check_publishable's), in ``lang``.
        self.warnings: tuple[str, ...] = ()
        #: The newest failure as the console says it (full paths); None after a success.
        self.failure: str | None = None
        self._words = _MESSAGES[self.lang]
        self._tracking = load_state(self.state_path) if self.state_path else State()
        self._state = _State(None, None)
        self._work = threading.Lock()
        # File name -> (ETag, Last-Modified): outlives reloads, so that unchanged bytes
        # keep their date and changed bytes get a later one.
        self._dates: dict[str, tuple[str, dt.datetime]] = {}
        self._stamps: tuple[_Stamp, ...] | None = None  # of the last whole read
        self._read_ns = 0  # wall clock of the last whole read
        self._last_key: str | None = None  # of the last whole read
        self._current: str | None = None  # the key of the version served
        self._failed: str | None = None  # the key of the version that failed last
        self._retry_at: float | None = None
        self._pending: _Seen | None = None
        self._warned = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._raise = strict  # only while starting
        try:
            self.reload(timeout=_START_TIMEOUT)
        finally:
            self._raise = False
        if watch and self.paths:
            self._thread = threading.Thread(
                target=_watch,
                args=(weakref.ref(self), self._stop, poll_interval),
                name="kdnet-calendar-watcher",
                daemon=True,
            )
            self._thread.start()

    @property
    def error(self) -> str | None:
        """Why the newest data is not being served (as ``/health`` says it), or None."""
        return self._state.error

    @property
    def ready(self) -> bool:
        """Whether there is a site to serve."""
        return self._state.site is not None

    @property
    def name(self) -> str:
        """The data files' base names: how the served text names them."""
        return ", ".join(os.path.basename(p) for p in self.paths) or EMBEDDED_NAME

    def close(self) -> None:
        """Stop watching the data files (the site already built stays served)."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(10)

    def __enter__(self) -> FeedApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return _text(
                start_response, "405 Method Not Allowed", "Method not allowed.\n", False,
                [("Allow", "GET, HEAD")],
            )  # fmt: skip
        head = method == "HEAD"
        path: str = environ.get("PATH_INFO", "")
        # The query string is not looked at: a cache-buster or a mail system's tracking
        # parameter must not break a subscription.
        if not _plain_target(environ):
            return _not_found(start_response, head)
        state = self._state  # one read: the site and its error belong together
        if path == "/health":
            if state.error is not None or state.site is None:
                message = state.error or self._words["not_yet"]
                return _text(start_response, "503 Service Unavailable", f"{message}\n", head)
            return _text(start_response, "200 OK", "ok\n", head)
        if path in ("", "/", "/" + INDEX):
            name = INDEX
        elif path in ("/oversigt", "/" + OVERVIEW):
            name = OVERVIEW
        elif _FEED_PATH.fullmatch(path):
            name = path[1:]
        else:
            return _not_found(start_response, head)
        if state.site is None:
            return _text(
                start_response, "503 Service Unavailable",
                f"{state.error or self._words['not_yet']}\n", head, [("Retry-After", "60")],
            )  # fmt: skip
        file = state.site.get(name)
        if file is None:
            return _not_found(start_response, head)
        return _serve_file(environ, start_response, name, file, head)

    # -- reading the data --------------------------------------------------------------

    def reload(self, timeout: float = 10.0) -> Outcome:
        """Look at the data now, until a version has settled or ``timeout`` has passed.

        Returns what came of it: ``unchanged`` (the version served), ``published``,
        ``failed`` (the last good site stays), ``held`` (it would drop published meetings
        and has not been unchanged for ``grace`` yet) or ``unsettled`` (still changing).
        """
        deadline = time.monotonic() + timeout
        while True:
            outcome = self.poll()
            if outcome != "unsettled" or time.monotonic() >= deadline:
                return outcome
            time.sleep(max(0.001, min(self.settle, 0.05)))

    def poll(self) -> Outcome:
        """One look at the data files, as the watcher thread takes every ``poll_interval``."""
        with self._work:
            return self._poll(time.monotonic())

    def _poll(self, now: float) -> Outcome:
        pending = self._pending
        if pending is not None and now - pending.since < self.settle:
            # A new version is judged by a second look at least ``settle`` later: what it
            # holds in between does not matter, only that it reads the same then.
            return "unsettled"
        stamps = _stat(self.paths)
        contents: tuple[_Content, ...] | None = None
        if stamps == self._stamps and self._last_key is not None and not self._racy(stamps):
            key = self._last_key
        else:
            wall = time.time_ns()
            first, second = _read_all(self.paths), _read_all(self.paths)
            key = self._key(first)
            if key != self._key(second):
                self._pending, self._stamps = None, None  # being written: look again
                return "unsettled"
            self._stamps, self._read_ns, self._last_key = stamps, wall, key
            contents = first
        if key == self._current:
            # Back to the version served (a bad edit undone, a held change taken back).
            self._pending = None
            if self.failure is not None:
                log.warning("%s", self._words["again"])
            if self._state.error is not None:
                self._state = attrs.evolve(self._state, error=None)
            self.failure = None
            return "unchanged"
        if key == self._failed:
            if self._retry_at is None or now < self._retry_at:
                self._pending = None
                return "failed"
            self._failed = None
        if pending is None or pending.key != key:
            if contents is None:
                self._stamps = None  # nothing kept of this version: read it at the next look
                return "unsettled"
            self._pending = _Seen(key, contents, now)
            if self.paths:
                return "unsettled"
            pending = self._pending  # the embedded data does not change: no need to wait
        return self._judge(pending, now)

    def _racy(self, stamps: tuple[_Stamp, ...]) -> bool:
        return any(s is not None and s[0] >= self._read_ns - _RACY_NS for s in stamps)

    def _key(self, contents: tuple[_Content, ...]) -> str:
        digest = hashlib.sha256(repr((self.base_url, self.settings)).encode())
        for content in contents:
            if isinstance(content, bytes):
                digest.update(b"D%d:" % len(content))
                digest.update(content)
            else:
                digest.update(b"E" + str(content).encode())
        return digest.hexdigest()

    def _judge(self, seen: _Seen, now: float) -> Outcome:
        """Publish a settled version, hold it, or keep the last good site. Lock held."""
        words = self._words
        try:
            if seen.calendar is None:
                seen.calendar = self._parse(seen.contents)
            calendar = seen.calendar
            warnings = check_publishable(
                calendar, self.base_url, self.paths[0] if self.paths else None, lang=self.lang
            )
            missing = self._missing(calendar)
            if missing and now - seen.since < self.grace:
                self._hold(missing)
                return "held"
            if missing:
                log.warning("%s", words["released"].format(name=self.name, grace=self.grace))
            before = self._tracking
            publication = publish_site(
                calendar, self.base_url, self.settings, state=before, public=self.public
            )
            if self.state_path is not None:
                try:
                    save_state(self.state_path, publication.state)
                except OSError as exc:
                    self._retry_at = now + _RETRY
                    raise _StateNotSavedError(
                        *(
                            f"{self.state_path}: "
                            + _MESSAGES[lang]["state"].format(error=os_problem(exc, lang))
                            for lang in ("en", "da")
                        )
                    ) from None
        except Exception as exc:
            if self._raise:
                raise
            self._pending = None
            self._failed = seen.key
            if not isinstance(exc, _StateNotSavedError):
                self._retry_at = None
            self._fail(exc)
            return "failed"
        self._tracking = publication.state
        recovered = self.failure is not None and self._state.site is not None
        self._state = _State(self._commit(publication.files), None)
        self._current, self._pending, self._failed, self._retry_at = seen.key, None, None, None
        self.failure = None
        if recovered:
            log.warning("%s", words["again"])
        if not self._warned:
            self._warned = True
            self.warnings = tuple(warnings)
            for warning in warnings:
                log.warning("%s", warning)
        log.info("%s", words["published"].format(name=self.name, n=len(calendar.meetings)))
        changes = render_updates(publication.updates, self.lang, first=not before.meetings)
        for line in changes.splitlines():
            log.info("%s", line.strip())
        return "published"

    def _parse(self, contents: tuple[_Content, ...]) -> Calendar:
        if not self.paths:
            return load_embedded()
        calendars = []
        for path, content in zip(self.paths, contents, strict=True):
            if isinstance(content, InputError):
                raise content
            calendars.append(_loads(content, path))
        calendar = merge(calendars, names=list(self.paths))
        if not calendar.meetings:
            raise InputError(
                "the data holds no meetings",
                path=", ".join(self.paths),
                expected="[[meetings]]: an empty feed would delete every subscriber's meetings",
                problem_da="dataene indeholder ingen møder",
                expected_da="[[meetings]]: et tomt feed ville slette alle abonnenters møder",
            )
        return calendar

    def _missing(self, calendar: Calendar) -> list[str]:
        """The ids of meetings subscribers have that this version drops without a word."""
        present = {uid(calendar, m) for m in calendar.meetings}
        return sorted(
            key.split("@", 1)[0]
            for key, published in self._tracking.meetings.items()
            if not published.removed and key not in present
        )

    def _hold(self, missing: list[str]) -> None:
        shown = ", ".join(missing[:_SHOWN_IDS])
        if len(missing) > _SHOWN_IDS:
            shown += ", " + self._words["more"].format(n=len(missing) - _SHOWN_IDS)
        message = self._words["held"].format(ids=shown, name=self.name, grace=self.grace)
        if message != self._state.error:
            log.warning("%s", message)
            self._state = attrs.evolve(self._state, error=message)

    def _fail(self, exc: Exception) -> None:
        state = self._state
        full = _one_line(exc, self.lang)
        message = self._public(full)
        self.failure = full
        if message != state.error:
            what = self._words["kept"] if state.site is not None else self._words["none"]
            # Bad input is one line; anything else is a bug and its traceback helps.
            unexpected = not isinstance(exc, KdnetCalendarError | OSError)
            log.error("%s", what.format(message=full), exc_info=exc if unexpected else None)
        self._state = attrs.evolve(state, error=message)

    def _public(self, text: str) -> str:
        """``text`` without a server path: the data files and the state by base name."""
        known = [*self.paths, *([self.state_path] if self.state_path else [])]
        for path in sorted(known, key=len, reverse=True):
            for spelling in {path, os.path.abspath(path)}:
                text = text.replace(spelling, os.path.basename(path))
        return _FOLDERS.sub("", text)

    def _commit(self, files: Mapping[str, bytes]) -> Mapping[str, _File]:
        """The site's files with their Last-Modified; records it. Lock held.

        Bytes already served keep their date. New bytes get now, but always at least a
        second after the date they replace: HTTP dates count whole seconds, and a client
        holding the old date must not be told ``304`` for new bytes.
        """
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        site = {}
        for name, body in files.items():
            etag = _etag(body)
            known = self._dates.get(name)
            if known is not None and known[0] == etag:
                modified = known[1]
            elif known is not None:
                modified = max(now, known[1] + dt.timedelta(seconds=1))
            else:
                modified = now
            self._dates[name] = (etag, modified)
            suffix = name[name.rfind(".") :]
            site[name] = _File(
                body=body,
                content_type=_CONTENT_TYPES.get(suffix, "application/octet-stream"),
                etag=etag,
                last_modified=modified,
                http_date=email.utils.format_datetime(modified, usegmt=True),
            )
        for name in [n for n in self._dates if n not in files]:
            del self._dates[name]
        return MappingProxyType(site)


def _watch(ref: weakref.ref[FeedApp], stop: threading.Event, interval: float) -> None:
    """The watcher thread: one look every ``interval`` until stopped or the app is gone."""
    while not stop.wait(interval):
        app = ref()
        if app is None:
            return
        try:
            app.poll()
        except Exception:  # a bug; the thread must go on watching
            log.exception("the data files could not be checked")
        del app


def _stat(paths: Sequence[str]) -> tuple[_Stamp, ...]:
    stamps: list[_Stamp] = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            stamps.append(None)
        else:
            stamps.append((st.st_mtime_ns, st.st_size, st.st_ino))
    return tuple(stamps)


def _read_all(paths: Sequence[str]) -> tuple[_Content, ...]:
    """Each file's bytes, or the error reading it gave."""
    out: list[_Content] = []
    for path in paths:
        try:
            out.append(read_input_bytes(path, "an existing data file", "en eksisterende datafil"))
        except InputError as exc:
            out.append(exc)
    return tuple(out)


def _loads(data: bytes, path: str) -> Calendar:
    """A data file's bytes as :func:`~kdnet_calendar.datafile.load` reads them."""
    return load_bytes(data, path)


def _one_line(exc: BaseException, lang: str = "en") -> str:
    if isinstance(exc, KdnetCalendarError):
        return exc.localized(lang)
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _plain_target(environ: WSGIEnvironment) -> bool:
    """Whether the raw request target, where the server passes it on, is spelled plainly.

    Servers decode ``%2e%2e`` and ``%2F`` and fold ``//`` (waitress does) before
    ``PATH_INFO``; no link to a feed contains any of these, so a target that does is a trap.
    """
    raw = environ.get("REQUEST_URI", environ.get("RAW_URI"))
    if raw is None:
        return True
    path = _ABSOLUTE_FORM.sub("", str(raw)).partition("?")[0].partition("#")[0]
    return not ("//" in path or "%" in path or "\\" in path)


def _not_modified(environ: WSGIEnvironment, file: _File) -> bool:
    """RFC 9110 section 13.2.2: If-None-Match (weak comparison) first, else If-Modified-Since."""
    if_none_match = str(environ.get("HTTP_IF_NONE_MATCH", "")).strip()
    if if_none_match:
        return if_none_match == "*" or file.etag in _ETAG.findall(if_none_match)
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if not if_modified_since:
        return False
    try:
        since = email.utils.parsedate_to_datetime(str(if_modified_since))
    except (TypeError, ValueError, IndexError, OverflowError):
        return False  # not an HTTP-date: ignored, as RFC 9110 requires
    if since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    return file.last_modified <= since


def _serve_file(
    environ: WSGIEnvironment, start_response: StartResponse, name: str, file: _File, head: bool
) -> Iterable[bytes]:
    headers = [
        ("ETag", file.etag),
        ("Last-Modified", file.http_date),
        ("Cache-Control", CACHE_CONTROL),
        ("X-Content-Type-Options", "nosniff"),
    ]
    if _not_modified(environ, file):
        start_response("304 Not Modified", headers)
        return []
    headers.append(("Content-Type", file.content_type))
    headers.append(("Content-Length", str(len(file.body))))
    if name.endswith(".ics"):
        headers.append(("Content-Disposition", f'inline; filename="{name}"'))
    start_response("200 OK", headers)
    return [] if head else [file.body]


def _text(
    start_response: StartResponse,
    status: str,
    text: str,
    head: bool,
    extra: Sequence[tuple[str, str]] = (),
) -> Iterable[bytes]:
    body = text.encode("utf-8")
    start_response(
        status,
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            *extra,
        ],
    )
    return [] if head else [body]


def _not_found(start_response: StartResponse, head: bool) -> Iterable[bytes]:
    return _text(start_response, "404 Not Found", "Not found.\n", head)


# -- the server -----------------------------------------------------------------------------


def default_state_path(paths: Sequence[str | os.PathLike[str]]) -> Path:
    """Where ``serve`` keeps the publishing state: beside the first data file, or in the
    current folder for the embedded data."""
    return Path(paths[0]).parent / STATE_NAME if paths else Path(STATE_NAME)


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def bind(
    app: Callable[..., Iterable[bytes]],
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    threads: int = 8,
    connection_limit: int = 500,
) -> Any:
    """A waitress server for ``app``, listening; a :class:`ServeError` naming the address
    if it cannot listen (no such host, the port in use)."""
    import waitress
    from waitress import wasyncore

    sockets: dict[int, Any] = {}
    try:
        return waitress.create_server(
            app, map=sockets, host=host, port=port, threads=threads,
            connection_limit=connection_limit,
        )  # fmt: skip
    except (OSError, ValueError) as exc:
        wasyncore.close_all(sockets)  # what was opened before it failed
        address = _address(host, port)
        en, da = (
            _MESSAGES[lang]["bind"].format(
                address=address,
                error=os_problem(exc, lang)
                if isinstance(exc, OSError)
                else _MESSAGES[lang]["no_host"].format(error=exc),
            )
            for lang in ("en", "da")
        )
        raise ServeError(en, da=da) from None


def _urls(server: Any) -> list[str]:
    listen = getattr(server, "effective_listen", None) or [
        (server.effective_host, server.effective_port)
    ]
    return [f"http://{_address(str(h), int(p))}/" for h, p in listen]


class _Later:
    """The application a server is bound with before the application exists."""

    app: FeedApp | None = None

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        assert self.app is not None, "requests are taken only once the app is set"
        return self.app(environ, start_response)


def serve(
    paths: Sequence[str | os.PathLike[str]],
    host: str = "127.0.0.1",
    port: int = 8080,
    base_url: str | None = None,
    threads: int = 8,
    settings: Settings | None = None,
    *,
    connection_limit: int = 500,
    state_path: str | os.PathLike[str] | None = None,
    lang: str = "da",
    announce: Callable[[str], object] = print,
    public: bool = False,
) -> None:
    """Serve the feeds with waitress until interrupted (pure Python, so Windows too).

    Everything that can be wrong is found before requests are taken, each as one line
    (a :class:`~kdnet_calendar.exceptions.KdnetCalendarError`): a host or port it cannot
    listen on, data that cannot be read or published, a base URL that is not an address.
    Only then does ``announce`` get the line saying where it listens.

    Put it behind the municipality's https web server and pass that public address as
    ``base_url``: Outlook on the web subscribes to https only.
    """
    words = _MESSAGES.get(lang, _MESSAGES["da"])
    later = _Later()
    # Listening first: a port in use is said at once, before a build is spent on it.
    # Connections wait in the backlog until ``run`` takes them.
    server = bind(later, host, port, threads=threads, connection_limit=connection_limit)
    app = None
    try:
        state = state_path if state_path is not None else default_state_path(paths)
        app = FeedApp(
            paths,
            base_url,
            settings=settings,
            state_path=state,
            lang=lang,
            strict=True,
            public=public,
        )
        later.app = app
        announce(words["serving"].format(url=", ".join(_urls(server))))
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        _close(server)
        if app is not None:
            app.close()


def _close(server: Any) -> None:
    """Close the listener, the connections and the worker threads of a bound server."""
    from waitress import wasyncore

    server.close()  # all of it, for a server on several sockets
    if hasattr(server, "_map"):
        wasyncore.close_all(server._map)
        server.task_dispatcher.shutdown()
