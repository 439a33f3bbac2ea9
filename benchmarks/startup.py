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
from pathlib import Path

AGENDAS = Path(__file__).resolve().parents[1] / "examples" / "agendas"
AGENDA = AGENDAS / "kd-net-2023-04-14.txt"
AGENDA_2022 = AGENDAS / "kd-net-2022-02-11.txt"

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
    "kdnet-calendar validate <2023 agenda>": [
        sys.executable,
        "-m",
        "kdnet_calendar",
        "validate",
        str(AGENDA),
    ],
    "kdnet-calendar validate <both agendas>": [
        sys.executable,
        "-m",
        "kdnet_calendar",
        "validate",
        str(AGENDA),
        str(AGENDA_2022),
    ],
}


def median_seconds(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        # validate exits 1 when it finds errors, as it does on the real agendas.
        subprocess.run(argv, check=False, stdout=subprocess.DEVNULL)
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
