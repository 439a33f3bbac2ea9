"""Wall time of starting the command line and importing the package.

Run on demand: ``python benchmarks/startup.py [--runs N]``. Prints the median of N runs
of each command, each in a fresh interpreter, against a bare ``python -c pass``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -c 'import kdnet_calendar'": [sys.executable, "-c", "import kdnet_calendar"],
    "kdnet-calendar --version": [sys.executable, "-m", "kdnet_calendar", "--version"],
    "kdnet-calendar show": [sys.executable, "-m", "kdnet_calendar", "show"],
    "kdnet-calendar show --format json": [
        sys.executable,
        "-m",
        "kdnet_calendar",
        "show",
        "--format",
        "json",
    ],
    "kdnet-calendar periods": [sys.executable, "-m", "kdnet_calendar", "periods"],
}


def median_seconds(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if shutil.which("kdnet-calendar") is None:
        print("note: kdnet-calendar is not on PATH; timing `python -m kdnet_calendar`")
    base = median_seconds(COMMANDS["python -c pass"], args.runs)
    print(f"{'command':<40} {'median':>9} {'over bare python':>17}")
    for name, argv in COMMANDS.items():
        t = median_seconds(argv, args.runs)
        print(f"{name:<40} {t * 1000:7.1f} ms {(t - base) * 1000:+14.1f} ms")


if __name__ == "__main__":
    main()
