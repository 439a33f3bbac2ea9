"""How reading an agenda text grows with its length: synthetic agendas of several bodies.

Run on demand: ``python benchmarks/read_agenda.py [--lines 1000 4000 16000] [--runs 5]``.

Each agenda is what a secretariat writes over a few years: agenda items with case
numbers, recommendations and decisions in prose that cite other bodies' meetings and
deadlines, and meeting calendars (bulleted, with weekdays and times) under headings for
KD-Net, the KKRs, DASSOS and a body the registry does not know. The figure timed is
``readers.read`` plus ``rules.validate``, best of N; the target is under half a second
at 4,000 lines, growing about linearly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from kdnet_calendar import load_embedded, readers, rules
from kdnet_calendar.danish import MONTHS, WEEKDAYS_DA
from kdnet_calendar.readers.dates import scan
from kdnet_calendar.readers.names import _index, named_bodies
from kdnet_calendar.readers.text import _clean

BODIES = ("KD-Net", "KKR Midtjylland", "DASSOS", "KKR Syddanmark", "Byrådet")
TARGET = 0.5


def _day(d: dt.date) -> str:
    return f"{WEEKDAYS_DA[d.weekday()].capitalize()} den {d.day}. {MONTHS[d.month - 1]} {d.year}"


def _calendar(rng: random.Random, body: str, year: int) -> list[str]:
    lines = [f"Mødekalender for {body} {year}", ""]
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(20))
    for _ in range(rng.randint(4, 8)):
        while day.weekday() != 4:
            day += dt.timedelta(days=1)
        lines.append(f"- {_day(day)}, kl. 10.00 – 12.00")
        day += dt.timedelta(weeks=rng.randint(5, 8))
        if day.year != year:
            break
    return [*lines, ""]


def _item(rng: random.Random, number: int, year: int) -> list[str]:
    body = rng.choice(BODIES[:3])
    day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    deadline = day + dt.timedelta(days=rng.randint(10, 60))
    return [
        f"{number}. Orientering om {rng.choice(['erhvervsstrategi', 'budget', 'klimaplan'])}",
        "",
        f"Sagsnr.: {rng.randint(10, 29)}/{rng.randint(10000, 99999)}",
        "",
        "Resumé",
        "",
        (
            f"{body} godkendte på mødet den {day.day}. {MONTHS[day.month - 1]} {day.year} "
            f"indstillingen, som forelægges KKR d. {day.day}. {MONTHS[day.month - 1]}."
        ),
        (
            f"Bemærkninger sendes senest den {deadline.day}. {MONTHS[deadline.month - 1]} "
            f"{deadline.year} til sekretariatet (tlf. 12 34 56 78)."
        ),
        "",
        "Indstilling",
        "",
        f"Det indstilles, at {body} tager orienteringen til efterretning.",
        "",
    ]


def agenda(lines: int, seed: int = 7) -> str:
    """An agenda of about ``lines`` lines: a header, items, and calendars for each year."""
    rng = random.Random(seed)
    out = [
        "Møde: KD-Net",
        "Tid og sted: Fredag den 14. april 2023, kl. 10.00 – 12.00.",
        "Mødested: Scandic Silkeborg",
        "",
    ]
    number, year = 1, 2023
    while len(out) < lines:
        out += _item(rng, number, year)
        number += 1
        if number % 8 == 0:
            out += _calendar(rng, rng.choice(BODIES), year)
        if number % 40 == 0:
            year = 2023 + (year - 2022) % 12
    return "\n".join(out[:lines]) + "\n"


def best_of(path: Path, runs: int) -> tuple[float, int, int]:
    registry = load_embedded().with_meetings(())
    times = []
    meetings = findings = 0
    for _ in range(runs):
        # Each run starts cold: the reader's per-line caches would otherwise make every
        # run after the first a measure of dictionary look-ups.
        scan.cache_clear()
        named_bodies.cache_clear()
        _index.cache_clear()
        _clean.cache_clear()
        start = time.perf_counter()
        reading = readers.read([path], registry)
        report = rules.validate(reading.calendar, unread=reading.unread)
        times.append(time.perf_counter() - start)
        meetings, findings = len(reading.calendar.meetings), len(report)
    return min(times), meetings, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, nargs="+", default=[1_000, 4_000, 16_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(
        f"{'lines':>7} {'meetings':>9} {'findings':>9} {'best':>9} {'per line':>10} {'growth':>8}"
    )
    previous: tuple[int, float] | None = None
    at_4000: float | None = None
    with tempfile.TemporaryDirectory() as folder:
        for size in args.lines:
            path = Path(folder) / f"agenda-{size}.txt"
            path.write_text(agenda(size), encoding="utf-8")
            best, meetings, findings = best_of(path, args.runs)
            growth = ""
            if previous is not None:
                growth = f"×{best / previous[1]:.1f}/×{size / previous[0]:.0f}"
            print(
                f"{size:>7} {meetings:>9} {findings:>9} {best:>8.3f}s "
                f"{best / size * 1e6:>7.1f} µs {growth:>8}"
            )
            if size == 4_000:
                at_4000 = best
            previous = (size, best)
    if at_4000 is not None:
        verdict = "within" if at_4000 < TARGET else "MISSES"
        print(f"4,000 lines: {at_4000:.3f} s, {verdict} the {TARGET} s target")


if __name__ == "__main__":
    main()
