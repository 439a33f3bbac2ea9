"""The feed server under load while its data file is rewritten, against a floor.

Run on demand: ``python benchmarks/serve_load.py [--clients 150] [--requests 200]
[--rewrite 0.05] [--processes 6]``. Three phases, each on a fresh waitress server on a
loopback ephemeral port, with the same waitress settings and the same clients:

``floor``
    waitress serving the same files from memory with a trivial WSGI application (a dict
    lookup, ETag and HEAD): what waitress itself costs on this machine, now.
``atomic``
    ``FeedApp`` while another process rewrites the data file every ``--rewrite`` seconds
    with ``os.replace``, alternating two versions (one meeting a week later).
``in-place``
    the same, but the writer rewrites the file in place, in pieces ending at line
    boundaries with short pauses between them, as a writer that is not atomic does.

The clients run in processes of their own (``--processes``, threads in each), so that
they do not share the server's interpreter lock. Each client keeps one connection alive
and sends its requests back to back (GET, conditional GET with the ETag it last got, HEAD)
over several feeds and the index page. Prints requests per second, p50/p99/max latency,
the status counts and the versions served per phase, and p99 against the floor's.
Exits 1 on any error, any answer that is not 200 or 304, or a p99 above ``--target``
times the floor's.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import http.client
import logging
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs

from kdnet_calendar import Calendar, dumps, load_embedded
from kdnet_calendar.publish import build_site
from kdnet_calendar.web import FeedApp, bind

FEEDS = ("alle.ics", "kkr-midtjylland.ics", "kd-net.ics", "person-erik-hattens.ics", "index.html")


def other_version(calendar: Calendar) -> Calendar:
    """One meeting a week later with its SEQUENCE up (none dropped: that would be held)."""
    first, *rest = calendar.meetings
    moved = attrs.evolve(first, date=first.date + dt.timedelta(days=7), sequence=first.sequence + 1)
    return attrs.evolve(calendar, meetings=(moved, *rest))


# -- the floor -----------------------------------------------------------------------------------


def floor_app(files: dict[str, bytes]) -> Callable[..., Iterable[bytes]]:
    """The least a WSGI application serving these files can do."""
    etags = {f"/{name}": '"' + hashlib.sha256(body).hexdigest()[:32] + '"' for name, body in files.items()}  # fmt: skip
    bodies = {f"/{name}": body for name, body in files.items()}

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ["PATH_INFO"]
        body = bodies.get(path)
        if body is None:
            start_response("404 Not Found", [("Content-Length", "0")])
            return []
        etag = etags[path]
        if environ.get("HTTP_IF_NONE_MATCH") == etag:
            start_response("304 Not Modified", [("ETag", etag)])
            return []
        start_response(
            "200 OK",
            [("Content-Type", "text/calendar"), ("Content-Length", str(len(body))), ("ETag", etag)],
        )
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    return app


# -- the writer ----------------------------------------------------------------------------------


def writer(path: str, versions: list[bytes], interval: float, mode: str, stop: Any, count: Any) -> None:  # fmt: skip
    """Rewrite ``path`` every ``interval`` seconds, alternating ``versions``, until ``stop``."""
    rnd = random.Random(50)
    i = 0
    while not stop.wait(interval):
        i += 1
        data = versions[i % 2]
        if mode == "atomic":
            tmp = f"{path}.{os.getpid()}.tmp"
            with open(tmp, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        else:
            lines = data.splitlines(keepends=True)
            cuts = sorted({rnd.randrange(1, len(lines)) for _ in range(3)} | {len(lines)})
            with open(path, "wb") as fh:
                start = 0
                for end in cuts:
                    fh.write(b"".join(lines[start:end]))
                    fh.flush()
                    start = end
                    time.sleep(0.003)
        count.value = i


# -- the clients ---------------------------------------------------------------------------------


@attrs.define
class Tally:
    latencies: list[float] = attrs.Factory(list)
    statuses: collections.Counter[int] = attrs.Factory(collections.Counter)
    etags: set[str] = attrs.Factory(set)
    errors: list[str] = attrs.Factory(list)


def client(port: int, index: int, requests: int, begin: float, deadline: float, tally: Tally) -> None:  # fmt: skip
    time.sleep(max(0.0, begin - time.time()))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    etags: dict[str, str] = {}
    try:
        for i in range(requests):
            if time.time() > deadline:
                tally.errors.append(f"client {index}: deadline after {i} requests")
                break
            name = FEEDS[(index + i) % len(FEEDS)]
            kind = i % 3
            headers = {"If-None-Match": etags[name]} if kind == 1 and name in etags else {}
            began = time.perf_counter()
            conn.request("HEAD" if kind == 2 else "GET", "/" + name, headers=headers)
            resp = conn.getresponse()
            resp.read()
            tally.latencies.append(time.perf_counter() - began)
            tally.statuses[resp.status] += 1
            etag = resp.getheader("ETag")
            if etag:
                etags[name] = etag
                if name == "alle.ics":
                    tally.etags.add(etag)
    except Exception as exc:  # noqa: BLE001 - every failure of a client is a counted error
        tally.errors.append(f"client {index}: {type(exc).__name__}: {exc}")
    finally:
        conn.close()


def client_process(port: int, indexes: list[int], requests: int, begin: float, deadline: float, out: Any) -> None:  # fmt: skip
    tallies = [Tally() for _ in indexes]
    threads = [
        threading.Thread(target=client, args=(port, i, requests, begin, deadline, t), daemon=True)
        for i, t in zip(indexes, tallies, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - time.time()) + 10)
    hung = sum(t.is_alive() for t in threads)
    merged = Tally()
    for t in tallies:
        merged.latencies += t.latencies
        merged.statuses.update(t.statuses)
        merged.etags |= t.etags
        merged.errors += t.errors
    if hung:
        merged.errors.append(f"{hung} clients still running at the deadline")
    out.put((merged.latencies, dict(merged.statuses), sorted(merged.etags), merged.errors))


# -- a phase -------------------------------------------------------------------------------------


@attrs.frozen
class Result:
    name: str
    requests: int
    seconds: float
    latencies: list[float]
    statuses: dict[int, int]
    versions: int
    errors: list[str]
    rewrites: int = 0
    builds: int = 0

    def p(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def run_phase(name: str, app: Any, args: argparse.Namespace, write: tuple[str, list[bytes], str] | None = None) -> Result:  # fmt: skip
    from waitress import wasyncore

    server = bind(app, "127.0.0.1", 0, threads=args.threads, connection_limit=args.connection_limit)
    port = int(server.effective_port)
    serving = threading.Thread(target=server.run, daemon=True)
    serving.start()
    ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
    stop, count = ctx.Event(), ctx.Value("i", 0)
    rewriting = None
    if write is not None:
        path, versions, mode = write
        rewriting = ctx.Process(
            target=writer, args=(path, versions, args.rewrite, mode, stop, count)
        )
        rewriting.start()
        time.sleep(1.0)  # the rewriting has reached the server before the clients start
    out = ctx.Queue()
    begin = time.time() + 2.0
    deadline = begin + args.seconds
    groups = [list(range(args.clients))[p :: args.processes] for p in range(args.processes)]
    procs = [
        ctx.Process(target=client_process, args=(port, g, args.requests, begin, deadline, out))
        for g in groups
    ]
    for p in procs:
        p.start()
    parts = [out.get(timeout=args.seconds + 60) for _ in procs]
    elapsed = time.time() - begin
    for p in procs:
        p.join(10)
    stop.set()
    if rewriting is not None:
        rewriting.join(10)

    def shutdown() -> None:
        server.close()
        wasyncore.close_all(server._map)

    server.trigger.pull_trigger(shutdown)  # closed in its own loop thread
    serving.join(10)
    server.task_dispatcher.shutdown()
    statuses: collections.Counter[int] = collections.Counter()
    for _, s, _, _ in parts:
        statuses.update(s)
    return Result(
        name,
        sum(len(lat) for lat, _, _, _ in parts),
        elapsed,
        [x for lat, _, _, _ in parts for x in lat],
        dict(statuses),
        len({e for _, _, etags, _ in parts for e in etags}),
        [e for _, _, _, errs in parts for e in errs],
        rewrites=int(count.value),
        builds=len(getattr(app, "published", [])),
    )


class CountingApp(FeedApp):
    """FeedApp, counting the sites it published."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.published: list[int] = []
        super().__init__(*args, **kwargs)

    def _commit(self, files: Any) -> Any:
        self.published.append(len(files))
        return super()._commit(files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--clients", type=int, default=150)
    parser.add_argument("--requests", type=int, default=200, help="per client")
    parser.add_argument("--processes", type=int, default=6, help="client processes")
    parser.add_argument("--seconds", type=float, default=120, help="hard stop per phase")
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    parser.add_argument("--connection-limit", type=int, default=500)
    parser.add_argument("--rewrite", type=float, default=0.05, help="seconds between rewrites")
    parser.add_argument("--target", type=float, default=1.5, help="p99 allowed, times the floor's")
    args = parser.parse_args()

    # With every client sending flat out the queue is deep by design; say it once, at the end.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    logging.getLogger("kdnet_calendar.web").setLevel(logging.CRITICAL)

    calendar = load_embedded()
    versions = [dumps(calendar).encode(), dumps(other_version(calendar)).encode()]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "kalender.toml"
        data.write_bytes(versions[0])
        results.append(run_phase("floor", floor_app(build_site(calendar)), args))
        for mode in ("atomic", "in-place"):
            data.write_bytes(versions[0])
            state = Path(tmp) / f"state-{mode}.json"
            with CountingApp([data], state_path=state) as app:
                results.append(run_phase(mode, app, args, (str(data), versions, mode)))

    print(
        f"clients {args.clients} in {args.processes} processes, {args.requests} requests each; "
        f"waitress threads {args.threads}, connection limit {args.connection_limit}; "
        f"rewrite every {args.rewrite * 1000:.0f} ms"
    )
    floor = results[0].p(99)
    failed = False
    for r in results:
        bad = {s: n for s, n in r.statuses.items() if s not in (200, 304)}
        ratio = r.p(99) / floor
        print(
            f"{r.name:9} {r.requests:6} requests in {r.seconds:5.1f} s = "
            f"{r.requests / r.seconds:6,.0f}/s; p50 {r.p(50) * 1000:6.1f} ms, "
            f"p99 {r.p(99) * 1000:6.1f} ms ({ratio:.2f}× floor), max {max(r.latencies) * 1000:6.1f} ms, "
            f"mean {statistics.fmean(r.latencies) * 1000:6.1f} ms"
        )
        print(
            f"{'':9} statuses {dict(sorted(r.statuses.items()))}; errors {len(r.errors)}"
            + (
                f"; rewrites {r.rewrites}, builds {r.builds}, versions of alle.ics served {r.versions}"
                if r.name != "floor"
                else ""
            )
        )
        for error in r.errors[:5]:
            print(f"{'':9} error: {error}")
        expected = args.clients * args.requests
        if r.errors or bad or r.requests != expected or ratio > args.target:
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
