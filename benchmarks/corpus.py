"""How much of the real published calendars in tests/data/real/ the reader reads.

Run on demand: ``python benchmarks/corpus.py [--missed]``.

Each document is read as a user would read it, without ``--body``, and compared with its
hand-checked truth file (``tests/corpus.py``). Per document: the meeting dates read of
those the text gives, dates invented (a meeting or reference the text does not give on
that line), dates read as meetings that the truth file calls something else, wrong
weekdays in the text found by validation, and whether the document was refused as
holding no meeting. Documents marked ``heldout`` in their truth file were added after the
reader was written, to measure it on text it was not built from.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.corpus import documents, score, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missed", action="store_true", help="list what was missed")
    args = parser.parse_args()
    totals = {"all": [0, 0, 0, 0], "held out": [0, 0, 0, 0]}
    started = time.perf_counter()
    print(f"{'document':<52} {'read':>9} {'invented':>8} {'misread':>7} {'weekday':>7}")
    for name in documents():
        source, _ = truth(name)
        s = score(name)
        mark = " (refused: nothing read)" if s.nothing_read else ""
        print(
            f"{name:<52} {s.read:>4}/{s.meetings:<4} {len(s.invented):>8} {len(s.misread):>7} "
            f"{s.mismatches_found:>3}/{s.mismatches:<3}{mark}"
        )
        if args.missed:
            for line in s.missed:
                print(f"    missed {line}")
        for key in ("all", "held out") if source.get("heldout") else ("all",):
            t = totals[key]
            t[0] += s.read
            t[1] += s.meetings
            t[2] += len(s.invented)
            t[3] += len(s.misread)
    elapsed = time.perf_counter() - started
    for key, (read, meetings, invented, misread) in totals.items():
        print(
            f"{key}: {read}/{meetings} meeting dates read ({read / max(meetings, 1):.1%}), "
            f"{invented} invented, {misread} read as meetings that are something else"
        )
    print(f"{len(documents())} documents in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
