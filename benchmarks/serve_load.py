"""The feed server under load while its data file is rewritten: throughput and latency.

Run on demand: ``python benchmarks/serve_load.py [--clients 100] [--requests 50]
[--seconds 30]``. Starts waitress on a loopback ephemeral port; each client keeps one
connection alive and sends a fixed number of requests (GET, conditional GET with the ETag
it last got, HEAD) over several feeds, with no pause between them, while another thread
rewrites the data file atomically every ``--rewrite`` seconds, alternating two versions.
Stops after the requests or ``--seconds``, whichever comes first. Prints requests per
second, p50/p99 latency and the status counts; exits 1 if any request failed or got a 5xx.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import http.client
import logging
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import attrs

from kdnet_calendar import Calendar, dump, load_embedded
from kdnet_calendar.web import FeedApp

FEEDS = ("alle.ics", "kkr-midtjylland.ics", "kd-net.ics", "person-erik-hattens.ics", "index.html")


def other_version(calendar: Calendar) -> Calendar:
    """One meeting a week later with its SEQUENCE up, and one meeting fewer."""
    first, *rest = calendar.meetings
    moved = attrs.evolve(first, date=first.date + dt.timedelta(days=7), sequence=first.sequence + 1)
    return attrs.evolve(calendar, meetings=(moved, *rest[:-1]))


@attrs.define
class Tally:
    latencies: list[float] = attrs.Factory(list)
    statuses: collections.Counter[int] = attrs.Factory(collections.Counter)
    etags: set[str] = attrs.Factory(set)
    errors: list[str] = attrs.Factory(list)


def client(port: int, index: int, requests: int, deadline: float, start: threading.Barrier, tally: Tally) -> None:  # fmt: skip
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    etags: dict[str, str] = {}
    try:
        start.wait(30)
        for i in range(requests):
            if time.monotonic() > deadline:
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
    except Exception as exc:
        tally.errors.append(f"client {index}: {type(exc).__name__}: {exc}")
    finally:
        conn.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--requests", type=int, default=50, help="per client")
    parser.add_argument("--seconds", type=float, default=30, help="hard stop")
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    parser.add_argument("--rewrite", type=float, default=0.05, help="seconds between rewrites; 0: none")  # fmt: skip
    args = parser.parse_args()

    import waitress
    from waitress import wasyncore

    # With every client sending flat out the queue is deep by design; say it once, at the end.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    versions = [load_embedded()]
    versions.append(other_version(versions[0]))
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "kalender.toml"
        dump(versions[0], data)
        app = FeedApp([data])
        server: Any = waitress.create_server(
            app, host="127.0.0.1", port=0, threads=args.threads,
            connection_limit=args.clients + 50,
        )  # fmt: skip
        serving = threading.Thread(target=server.run, daemon=True)
        serving.start()
        done = threading.Event()
        rewrites = 0

        def writer() -> None:
            nonlocal rewrites
            while args.rewrite > 0 and not done.wait(args.rewrite):
                rewrites += 1
                dump(versions[rewrites % 2], data)

        tallies = [Tally() for _ in range(args.clients)]
        barrier = threading.Barrier(args.clients + 1)
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=client,
                args=(server.effective_port, i, args.requests, deadline, barrier, tallies[i]),
                daemon=True,
            )
            for i in range(args.clients)
        ]
        for t in threads:
            t.start()
        rewriting = threading.Thread(target=writer, daemon=True)
        rewriting.start()
        barrier.wait(30)
        began = time.perf_counter()
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()) + 5)
        elapsed = time.perf_counter() - began
        done.set()
        rewriting.join(10)

        def shutdown() -> None:
            server.close()
            wasyncore.close_all(server._map)

        server.trigger.pull_trigger(shutdown)  # closed in its own loop thread
        serving.join(10)
        server.task_dispatcher.shutdown()

    latencies = [x for t in tallies for x in t.latencies]
    statuses: collections.Counter[int] = sum((t.statuses for t in tallies), collections.Counter())
    errors = [e for t in tallies for e in t.errors]
    hung = sum(t.is_alive() for t in threads)
    total = len(latencies)
    print(f"clients {args.clients}, {args.requests} requests each, waitress threads {args.threads}")
    print(f"requests      {total} in {elapsed:.2f} s = {total / elapsed:,.0f} requests/s")
    if latencies:
        print(
            f"latency       p50 {percentile(latencies, 50) * 1000:.1f} ms, "
            f"p99 {percentile(latencies, 99) * 1000:.1f} ms, "
            f"max {max(latencies) * 1000:.1f} ms, mean {statistics.fmean(latencies) * 1000:.1f} ms"
        )
    print("statuses      " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    print(f"data rewrites {rewrites}; versions of alle.ics served: {len(set().union(*(t.etags for t in tallies)))}")  # fmt: skip
    for error in errors[:10]:
        print("error        ", error)
    if hung:
        print(f"clients still running at the deadline: {hung}")
    failed = bool(errors) or hung > 0 or any(s >= 500 for s in statuses)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
