"""How validation time grows with the calendar: synthetic national calendars.

Run on demand: ``python benchmarks/validate.py [--sizes 1000 10000 100000] [--runs 3]``.

Each calendar holds the five KKRs, each prepared by its directors' network on Fridays
about twelve days before, and as many working groups as it takes to reach the size, each
meeting about monthly on its own weekday, with people sitting in several groups. A few
per cent of meetings are deliberately wrong (weekends, holidays, missing preparation,
double bookings), so the fixer's search is measured too, as it is on real proposals.
The figure to watch is time per meeting: it should stay flat (O(n log n) overall).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

from kdnet_calendar import Body, BodyKind, Calendar, Meeting, Membership, Person
from kdnet_calendar.rules import validate

REGIONS = ("hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland")
KKR_WEEKS = (5, 15, 24, 36, 47)


def _weekday_of_week(year: int, week: int, weekday: int) -> dt.date:
    return dt.date.fromisocalendar(year, week, weekday + 1)


def national_calendar(size: int, seed: int = 7) -> Calendar:
    rng = random.Random(seed)
    bodies: list[Body] = []
    meetings: list[Meeting] = []
    years = range(2027, 2027 + max(1, size // 2000))
    for region in REGIONS:
        kkr = Body(f"kkr-{region}", f"KKR {region}", kind=BodyKind.POLITICAL,
                   weekdays=(0, 1, 2, 3, 4), meetings_per_year=5)  # fmt: skip
        net = Body(f"net-{region}", f"KD-Net {region}", weekdays=(4,), start=dt.time(10),
                   end=dt.time(12), meetings_per_year=5, prepares=kkr.id)  # fmt: skip
        bodies += [kkr, net]
        for year in years:
            for i, week in enumerate(KKR_WEEKS):
                day = _weekday_of_week(year, week, 2)
                meetings.append(Meeting(f"{kkr.id}-{year}-{i}", kkr.id, day))
                prep = day - dt.timedelta(days=12)
                if rng.random() < 0.03:
                    prep += dt.timedelta(days=rng.choice([1, 8, 14]))  # a Saturday, too late…
                meetings.append(Meeting(f"{net.id}-{year}-{i}", net.id, prep,
                                        start=dt.time(10), end=dt.time(12)))  # fmt: skip
    groups = max(1, (size - len(meetings)) // (10 * len(years)))
    # Each group meets every five weeks on its own weekday (neighbouring groups on
    # different days), and each person sits in two neighbouring groups: as in life, most
    # meetings are fine and a few clash with holidays.
    people = []
    for g in range(groups):
        weekday = g % 5
        body = Body(f"group-{g}", f"Group {g}", weekdays=(weekday,))
        bodies.append(body)
        people.append(
            Person(
                f"p{g}",
                f"Person {g}",
                memberships=(
                    Membership(body.id),
                    Membership(f"group-{(g + 1) % groups}"),
                ),
            )
        )
        hour = rng.choice([9, 10, 13, 14])
        day = _weekday_of_week(years[0], 1 + rng.randrange(5), weekday)
        while day.year in years:
            meetings.append(Meeting(f"{body.id}-{day.isoformat()}", body.id, day,
                                    start=dt.time(hour), end=dt.time(hour + 2)))  # fmt: skip
            day += dt.timedelta(weeks=5)
    return Calendar(bodies=tuple(bodies), meetings=tuple(meetings[:size]), people=tuple(people))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    # CPU time beside wall time: on a shared machine the wall clock also counts the time
    # other processes had the processor.
    print(
        f"{'meetings':>9} {'findings':>9} {'median':>10} {'cpu':>9} "
        f"{'per meeting':>12} {'growth':>8} {'cpu growth':>10}"
    )
    previous: tuple[float, float] | None = None
    for size in args.sizes:
        calendar = national_calendar(size)
        times = []
        cpus = []
        findings = 0
        for _ in range(args.runs):
            start, cpu = time.perf_counter(), time.process_time()
            findings = len(validate(calendar))
            times.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        median, median_cpu = statistics.median(times), statistics.median(cpus)
        growth = cpu_growth = ""
        if previous is not None:
            growth = f"×{median / previous[0]:.1f}"
            cpu_growth = f"×{median_cpu / previous[1]:.1f}"
        print(
            f"{len(calendar.meetings):>9} {findings:>9} {median:>9.3f}s {median_cpu:>8.3f}s "
            f"{median / len(calendar.meetings) * 1e6:>9.1f} µs {growth:>8} {cpu_growth:>10}"
        )
        previous = (median, median_cpu)


if __name__ == "__main__":
    main()
