"""The feed server: a plain WSGI application serving the published site from memory.

Subscribers' calendar clients poll these URLs for years and act on whatever they get, so
the rules are: serve exactly the bytes of :func:`~kdnet_calendar.publish.build_site`;
watch the data files and reload them; when new data cannot be read keep serving the last
good feeds and say so on ``/health``; and when no good data was ever read answer 503, never
an empty calendar with 200 (an empty feed deletes every meeting from every subscriber's
calendar). ETag and Last-Modified let the clients poll cheaply.

The URL space is closed: ``/``, ``/index.html``, ``/oversigt.html`` (the overview of the
election period), ``/health`` and ``/<feed>.ics``. Nothing
is ever looked up on disk from a request, so there is no path to traverse.
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
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from urllib.parse import quote
from wsgiref.types import StartResponse, WSGIEnvironment

import attrs

from .datafile import load_many
from .exceptions import InputError, KdnetCalendarError
from .model import Calendar
from .overview import OVERVIEW
from .publish import INDEX, build_site
from .rules.settings import Settings

__all__ = ["CACHE_CONTROL", "FeedApp", "serve"]

log = logging.getLogger("kdnet_calendar.web")

CACHE_CONTROL = "public, max-age=300"
#: Sites kept for request-derived base URLs; each Host asked for costs one build.
MAX_SITES = 8

_FEED_PATH = re.compile(r"/[a-z0-9][a-z0-9-]*\.ics")
_HOST = re.compile(r"(?:[a-z0-9._-]+|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?")
_ABSOLUTE_FORM = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*")
_ETAG = re.compile(r'(?:W/)?("[^"]*")')
_NOT_YET = "the data has not been read yet (it changed while being read); try again shortly"
_CONTENT_TYPES = {".ics": "text/calendar; charset=utf-8", ".html": "text/html; charset=utf-8"}

_Stamp = tuple[int, int, int] | None
_Site = Mapping[str, "_File"]


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
    """What requests read. Replaced whole under the lock, never changed, so no reader locks."""

    #: The last data that loaded; None while no data has ever loaded.
    calendar: Calendar | None
    #: Why the newest data could not be read (one line); None while the data is good.
    error: str | None
    #: The built site for each base URL, all from ``calendar``.
    sites: Mapping[str, _Site]


class _UnavailableError(Exception):
    """No good site to answer from: the request gets 503 with this message."""


class FeedApp:
    """WSGI application serving the feeds and index page built from ``paths``.

    ``paths`` empty means the embedded data. With ``base_url`` (the public URL the site is
    published under, e.g. behind the municipality's web server) every link and ``SOURCE``
    uses it; without, it is derived from each request, so links on the index page are
    absolute wherever the server is reached. Data files are checked at most every
    ``check_interval`` seconds, on a request, by ``os.stat`` alone.
    """

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]] = (),
        base_url: str | None = None,
        *,
        check_interval: float = 1.0,
        settings: Settings | None = None,
    ) -> None:
        self.paths = tuple(os.fspath(p) for p in paths)
        self.base_url = base_url or None
        self.settings = settings
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._state = _State(None, None, MappingProxyType({}))
        # (base URL, file name) -> (ETag, Last-Modified): outlives reloads, so that unchanged
        # bytes keep their date and changed bytes get a later one.
        self._dates: dict[tuple[str, str], tuple[str, dt.datetime]] = {}
        # What the files were when last read; None matches nothing, so the first check reads.
        self._stamps: tuple[_Stamp, ...] | None = None
        self._next_check = 0.0
        with self._lock:
            self._reload([self.base_url] if self.base_url else [])

    @property
    def error(self) -> str | None:
        """Why the newest data could not be read, or None when it is being served."""
        return self._state.error

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return _text(
                start_response, "405 Method Not Allowed", "Method not allowed.\n", False,
                [("Allow", "GET, HEAD")],
            )  # fmt: skip
        head = method == "HEAD"
        path: str = environ.get("PATH_INFO", "")
        if environ.get("QUERY_STRING") or not _plain_target(environ):
            # One URL per file: a query could only be a trick or a cache-buster.
            return _not_found(start_response, head)
        self._maybe_reload()
        if path == "/health":
            return self._health(start_response, head)
        if path in ("", "/", "/" + INDEX):
            name = INDEX
        elif path in ("/oversigt", "/" + OVERVIEW):
            name = OVERVIEW
        elif _FEED_PATH.fullmatch(path):
            name = path[1:]
        else:
            return _not_found(start_response, head)
        try:
            site = self._site(self.base_url or _request_base(environ))
        except _UnavailableError as exc:
            return _text(
                start_response, "503 Service Unavailable", f"{exc}\n", head,
                [("Retry-After", "60")],
            )  # fmt: skip
        file = site.get(name)
        if file is None:
            return _not_found(start_response, head)
        return _serve_file(environ, start_response, name, file, head)

    # -- reading the data --------------------------------------------------------------

    def _stat(self) -> tuple[_Stamp, ...]:
        # The inode too: an atomic rewrite of the same size within one timestamp tick
        # still gets a new file.
        stamps: list[_Stamp] = []
        for path in self.paths:
            try:
                st = os.stat(path)
            except OSError:
                stamps.append(None)
            else:
                stamps.append((st.st_mtime_ns, st.st_size, st.st_ino))
        return tuple(stamps)

    def _maybe_reload(self) -> None:
        if not self.paths or time.monotonic() < self._next_check:
            return
        # One thread checks; the others serve what there is rather than wait for it.
        if not self._lock.acquire(blocking=False):
            return
        try:
            if time.monotonic() >= self._next_check:
                self._reload(list(self._state.sites))
        finally:
            self._lock.release()

    def _reload(self, bases: Sequence[str]) -> None:
        """Read the data if a file changed, and rebuild the sites for ``bases``. Lock held."""
        try:
            stamps = self._stat()
            if stamps != self._stamps:
                self._load(stamps, bases)
        finally:
            self._next_check = time.monotonic() + self.check_interval

    def _load(self, stamps: tuple[_Stamp, ...], bases: Sequence[str]) -> None:
        """Read the data; on failure keep serving what there is and log the error once.

        ``stamps`` are taken before reading and compared after. A file changed in place
        meanwhile may have been read half-written (by a writer that is not atomic), so
        that read counts for nothing. A file replaced meanwhile (a new inode, as atomic
        writers make) was read whole; it is served, and the next check reads the newer
        one. A version that failed is not read again until a file changes.
        """
        state = self._state
        try:
            calendar = load_many(self.paths)
            if not calendar.meetings:
                raise InputError(
                    "the data holds no meetings",
                    path=", ".join(self.paths) or None,
                    expected="[[meetings]]: an empty feed would delete every subscriber's meetings",
                )
            built = {base: self._build(calendar, base) for base in bases}
        except Exception as exc:
            if self._stat() == stamps:  # else judge the newer version at the next check
                self._stamps = stamps
                self._fail(exc)
            return
        if _changed_in_place(stamps, self._stat()):
            return
        self._stamps = stamps
        if state.error is not None:
            log.warning("data readable again, serving it")
        sites = {base: self._commit(base, site) for base, site in built.items()}
        self._state = _State(calendar, None, MappingProxyType(sites))

    def _fail(self, exc: Exception) -> None:
        state = self._state
        message = _one_line(exc)
        if message != state.error:
            what = (
                "data not reloaded, still serving the last good feeds"
                if state.calendar is not None
                else "no feeds to serve"
            )
            # Bad input is one line; anything else is a bug and its traceback helps.
            unexpected = not isinstance(exc, KdnetCalendarError | OSError)
            log.error("%s: %s", what, message, exc_info=exc if unexpected else None)
        self._state = attrs.evolve(state, error=message)

    def _build(self, calendar: Calendar, base: str) -> dict[str, tuple[bytes, str]]:
        files = build_site(calendar, base, self.settings)
        return {name: (body, _etag(body)) for name, body in files.items()}

    def _commit(self, base: str, built: dict[str, tuple[bytes, str]]) -> _Site:
        """The site's files with their Last-Modified; records it. Lock held.

        Bytes already served keep their date. New bytes get now, but always at least a
        second after the date they replace: HTTP dates count whole seconds, and a client
        holding the old date must not be told ``304`` for new bytes. (Reloads are a
        ``check_interval`` apart, so with the default of 1 s this is never in the future.)
        """
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        files = {}
        for name, (body, etag) in built.items():
            key = (base, name)
            known = self._dates.get(key)
            if known is not None and known[0] == etag:
                modified = known[1]
            elif known is not None:
                modified = max(now, known[1] + dt.timedelta(seconds=1))
            else:
                modified = now
            self._dates[key] = (etag, modified)
            suffix = name[name.rfind(".") :]
            files[name] = _File(
                body=body,
                content_type=_CONTENT_TYPES.get(suffix, "application/octet-stream"),
                etag=etag,
                last_modified=modified,
                http_date=email.utils.format_datetime(modified, usegmt=True),
            )
        for key in [k for k in self._dates if k[0] == base and k[1] not in built]:
            del self._dates[key]
        return MappingProxyType(files)

    def _site(self, base: str) -> _Site:
        state = self._state
        site = state.sites.get(base)
        if site is not None:
            return site
        if state.calendar is None:
            raise _UnavailableError(state.error or _NOT_YET)
        with self._lock:
            state = self._state  # it may have been built (or reloaded) while we waited
            site = state.sites.get(base)
            if site is not None:
                return site
            if state.calendar is None:
                raise _UnavailableError(state.error or _NOT_YET)
            try:
                site = self._commit(base, self._build(state.calendar, base))
            except Exception as exc:
                log.exception("cannot build the site for %s", base)
                raise _UnavailableError(_one_line(exc)) from None
            sites = dict(state.sites)
            sites[base] = site
            while len(sites) > MAX_SITES:
                evicted = next(iter(sites))  # the oldest; a Host nobody asks for any more
                del sites[evicted]
                for key in [k for k in self._dates if k[0] == evicted]:
                    del self._dates[key]
            self._state = attrs.evolve(state, sites=MappingProxyType(sites))
            return site

    def _health(self, start_response: StartResponse, head: bool) -> Iterable[bytes]:
        state = self._state
        if state.error is not None or state.calendar is None:
            message = state.error or _NOT_YET
            return _text(start_response, "503 Service Unavailable", f"{message}\n", head)
        return _text(start_response, "200 OK", "ok\n", head)


def _changed_in_place(before: tuple[_Stamp, ...], after: tuple[_Stamp, ...]) -> bool:
    """Whether a file changed other than by being replaced with a new one."""
    return any(
        b != a and (b is None or a is None or b[2] == a[2])
        for b, a in zip(before, after, strict=True)
    )


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if isinstance(exc, KdnetCalendarError):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _request_base(environ: WSGIEnvironment) -> str:
    """``scheme://host[:port]/script`` of the request, with only what a host can hold.

    The Host header is the client's to choose; it ends up in links and in the feeds, so
    anything that is not a plain host name or address is replaced by the server's name.
    """
    scheme = environ.get("wsgi.url_scheme", "http")
    if scheme not in ("http", "https"):
        scheme = "http"
    host = str(environ.get("HTTP_HOST", "")).strip().lower()
    if not _HOST.fullmatch(host):
        host = str(environ.get("SERVER_NAME", "")).lower()
        port = str(environ.get("SERVER_PORT", ""))
        if port.isdigit():
            host = f"{host}:{port}"
        if not _HOST.fullmatch(host):
            host = "localhost"
    host = host.removesuffix(":443" if scheme == "https" else ":80")
    script = str(environ.get("SCRIPT_NAME", "")).encode("latin-1", "replace")
    return f"{scheme}://{host}{quote(script, safe='/').rstrip('/')}"


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


def serve(
    paths: Sequence[str],
    host: str = "127.0.0.1",
    port: int = 8080,
    base_url: str | None = None,
    threads: int = 8,
    settings: Settings | None = None,
) -> None:
    """Serve the feeds with waitress until interrupted (pure Python, so Windows too).

    Put it behind the municipality's https web server and pass that public address as
    ``base_url``: Outlook on the web subscribes to https only, and a fixed base URL keeps
    clients' Host headers out of the links.
    """
    import waitress

    app = FeedApp(paths, base_url, settings=settings)
    waitress.serve(app, host=host, port=port, threads=threads)
