"""How long building every feed takes, against serializing each meeting once with icalendar.

Run on demand: ``python benchmarks/feeds.py [--sizes 51 500 10000 100000] [--runs 3]``.

A build writes each meeting into several feeds (the combined one, its body's, each member's),
so the floor is what icalendar needs to serialize every meeting once; everything else (the
feeds' headers, the VTIMEZONE, choosing each subscriber's meetings, joining bytes) should
cost little on top. Times are the best of ``--runs`` CPU times of this process, so other work on the machine does
not move them much. The figure to watch is the ratio: it should stay near 1 at every size.
51 meetings is the embedded Midtjylland data; the larger calendars are the synthetic
national calendars of ``benchmarks/validate.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import kdnet_calendar as kc
from kdnet_calendar.feeds import _event, build_feeds, feeds_for

sys.path.insert(0, str(Path(__file__).resolve().parent))
from validate import national_calendar


def calendar_of(size: int) -> kc.Calendar:
    if size == 51:
        return kc.load_embedded()
    return national_calendar(size)


def floor(calendar: kc.Calendar) -> float:
    """icalendar serializing each meeting once: the least any build must spend."""
    start = time.process_time()
    for m in calendar.meetings:
        _event(calendar, m).to_ical()
    return time.process_time() - start


def build(calendar: kc.Calendar) -> float:
    start = time.process_time()
    build_feeds(calendar)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[51, 500, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"{'meetings':>9} {'feeds':>6} {'floor':>9} {'build':>9} {'ratio':>6}")
    for size in args.sizes:
        calendar = calendar_of(size)
        feeds = len(feeds_for(calendar))
        build(calendar)  # warm imports and the VTIMEZONE
        floors = [floor(calendar) for _ in range(args.runs)]
        builds = [build(calendar) for _ in range(args.runs)]
        f, b = min(floors), min(builds)
        print(f"{len(calendar.meetings):>9} {feeds:>6} {f:>8.3f}s {b:>8.3f}s {b / f:>5.2f}×")


if __name__ == "__main__":
    main()
