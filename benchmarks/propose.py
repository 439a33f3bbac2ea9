"""Proposal times: every year 2026–2040 and every election period in it.

Run on demand: ``python benchmarks/propose.py [--runs 5]``. Each proposal is optimal for
the objective (dynamic programming over the chain of KKR/KD-Net slots, every day of each
year searched). Each step of the chain answers "the cheapest way here" by a lookup in a
table of running minima, so the time grows linearly with the number of slots times the
candidate pairs per slot (about 4,000 for a year's slot: ~260 KKR days × ~17 KD-Net days).
A first pass over the pairs cheaper than a warning usually settles it; a heavily blocked
year needs the second, full pass, measured too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

import kdnet_calendar as kc
from kdnet_calendar.scheduler import propose


def timed(registry: kc.Calendar, years: list[int], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        propose(registry, years, feeders=["dassos"])
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    registry = kc.load_embedded().with_meetings(())
    propose(registry, [2027])  # warm the holiday tables, as a long-running process has them
    years = [timed(registry, [y], args.runs) for y in range(2026, 2041)]
    print(f"one year (2026–2040): median {statistics.median(years) * 1000:.0f} ms, "
          f"max {max(years) * 1000:.0f} ms")  # fmt: skip
    for first in (2026, 2030, 2034, 2038):
        t = timed(registry, list(range(first, first + 4)), args.runs)
        print(f"period {first}–{first + 3}: {t * 1000:.0f} ms")
    t = timed(registry, list(range(2026, 2042)), 1)
    print(f"sixteen years 2026–2041 in one chain: {t * 1000:.0f} ms")
    # Every Friday blocked: KD-Net's usual day is gone, so every KD-Net meeting costs a
    # warning and the first pass cannot settle the year.
    fridays = {
        dt.date(2027, 1, 1) + dt.timedelta(days=n)
        for n in range(365)
        if (dt.date(2027, 1, 1) + dt.timedelta(days=n)).weekday() == 4
    }
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        propose(registry, [2027], feeders=["dassos"], blocked=fridays)
        times.append(time.perf_counter() - start)
    print(f"2027 with every Friday blocked: {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
