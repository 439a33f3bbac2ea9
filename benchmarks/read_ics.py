"""How reading a large ``.ics`` grows with its events, and what else ``validate`` spends.

Run on demand: ``python benchmarks/read_ics.py [--sizes 1000 5000 20000] [--runs 3]``.

Each file holds N plain events, one a day from 2025: DTSTART and DTEND with
``TZID=Europe/Copenhagen``, SUMMARY "KD-Net", a UID and a DTSTAMP, as a calendar export
writes them. The reader is timed in-process (best of the runs); the figure to watch is
the growth per ×4 events, which should stay near ×4. Then the whole command line,
``kdnet-calendar validate FILE.ics --body kd-net``, is timed on the largest file in a fresh
interpreter, and profiled in-process to say which stage the time goes to: reading the
``.ics``, assembling meetings, the rules (with the fixer's search for better dates), or
the report. Profiled shares are indicative: the profiler slows small calls the most.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import math
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kdnet_calendar import Body, Calendar
from kdnet_calendar.cli import main as cli_main
from kdnet_calendar.readers.ics import read_ics

#: Stages of ``validate``: (label, file the function is in, function name prefix).
STAGES = (
    ("reading the .ics (read_ics)", "readers/ics.py", "read_ics"),
    ("assembling meetings (readers.assemble)", "readers/__init__.py", "assemble"),
    ("rules (rules.validate)", "rules/__init__.py", "validate"),
    ("  of which the fixer's search (fixes.nearest)", "fixes.py", "nearest"),
    ("report (report.render_report_*)", "report.py", "render_report"),
)


def ics_events(count: int) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kdnet-calendar//benchmark//DA"]
    for i in range(count):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=i)
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{i}@example.org",
            "DTSTAMP:20250101T000000Z",
            f"DTSTART;TZID=Europe/Copenhagen:{day:%Y%m%d}T100000",
            f"DTEND;TZID=Europe/Copenhagen:{day:%Y%m%d}T120000",
            "SUMMARY:KD-Net",
            "END:VEVENT",
        ]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def best_read(data: bytes, calendar: Calendar, runs: int) -> tuple[float, int]:
    best = math.inf
    found = 0
    for _ in range(runs):
        start = time.perf_counter()
        found = len(read_ics(data, "bench.ics", calendar))
        best = min(best, time.perf_counter() - start)
    return best, found


def time_command(path: Path, runs: int) -> float:
    argv = [sys.executable, "-m", "kdnet_calendar", "validate", str(path), "--body", "kd-net"]
    best = math.inf
    for _ in range(runs):
        start = time.perf_counter()
        # validate exits 1 when it finds errors: a meeting every day breaks weekday rules.
        done = subprocess.run(argv, check=False, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"validate failed with exit status {done.returncode}")
    return best


def profile_command(path: Path) -> None:
    profile = cProfile.Profile()
    profile.enable()
    cli_main(["validate", str(path), "--body", "kd-net"], out=io.StringIO())
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = next(
        ct for (file, _, name), (_, _, _, ct, _) in stats.items()
        if file.endswith("cli.py") and name == "_validate"
    )  # fmt: skip
    print(f"\nwhere validate's time goes (profiled, {total:.2f} s in all):")
    shares = []
    for label, file, prefix in STAGES:
        spent = sum(
            ct for (f, _, name), (_, _, _, ct, _) in stats.items()
            if f.replace("\\", "/").endswith(file) and name.startswith(prefix)
        )  # fmt: skip
        shares.append((spent, label))
        print(f"  {label:<48} {spent:>7.2f} s {spent / total:>6.0%}")
    top = max((s for s in shares if not s[1].startswith(" ")), key=lambda s: s[0])
    print(f"  most time: {top[1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 5_000, 20_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-command", action="store_true", help="time the reader only")
    args = parser.parse_args()
    calendar = Calendar(bodies=(Body("kd-net", "KD-Net"),))
    print(f"{'events':>7} {'best':>9} {'per event':>10} {'growth':>8} {'per ×4':>7}")
    previous: tuple[int, float] | None = None
    for size in args.sizes:
        seconds, found = best_read(ics_events(size), calendar, args.runs)
        assert found == size, (found, size)
        growth = per_four = ""
        if previous is not None:
            ratio = seconds / previous[1]
            growth = f"×{ratio:.1f}"
            per_four = f"×{ratio ** (math.log(4) / math.log(size / previous[0])):.1f}"
        print(
            f"{size:>7} {seconds:>8.3f}s {seconds / size * 1e6:>7.1f} µs {growth:>8} {per_four:>7}"
        )
        previous = (size, seconds)
    if args.no_command:
        return
    largest = max(args.sizes)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"events-{largest}.ics"
        path.write_bytes(ics_events(largest))
        seconds = time_command(path, args.runs)
        print(f"\nkdnet-calendar validate <{largest} events>.ics --body kd-net: {seconds:.2f} s")
        profile_command(path)


if __name__ == "__main__":
    main()
