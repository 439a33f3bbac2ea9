"""Time of starting the command line and importing the package, against a floor.

Run on demand: ``python benchmarks/startup.py [--runs N]``. Prints the median of N runs
of each command, each in a fresh interpreter, against a bare ``python -c pass``; then,
side by side, the CPU time (user + system, from ``getrusage(RUSAGE_CHILDREN)``) and wall
time of validating an agenda and of the floor: importing what the package depends on
(icalendar, holidays, attrs, dateutil) and asking ``holidays`` for one Danish year. A
command that reads and judges an agenda should cost no more than that floor: the ratio
printed last is the figure to watch (at most 1.0).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AGENDAS = Path(__file__).resolve().parents[1] / "examples" / "agendas"
AGENDA = AGENDAS / "kd-net-2023-04-14.txt"
AGENDA_2022 = AGENDAS / "kd-net-2022-02-11.txt"

CLI = [sys.executable, "-m", "kdnet_calendar"]
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -c 'import kdnet_calendar'": [sys.executable, "-c", "import kdnet_calendar"],
    "kdnet-calendar --version": [*CLI, "--version"],
    "kdnet-calendar show": [*CLI, "show"],
    "kdnet-calendar show --format json": [*CLI, "show", "--format", "json"],
    "kdnet-calendar periods": [*CLI, "periods"],
    "kdnet-calendar validate <2023 agenda>": [*CLI, "validate", str(AGENDA)],
    "kdnet-calendar validate <both agendas>": [*CLI, "validate", str(AGENDA), str(AGENDA_2022)],
}

#: What any run costs before it does anything of its own: the dependencies' imports.
FLOOR = [
    sys.executable,
    "-c",
    "import icalendar, holidays, attrs, dateutil.rrule; holidays.country_holidays('DK', years=2023)",
]
VALIDATE = COMMANDS["kdnet-calendar validate <2023 agenda>"]


#: As an installed package runs: with its bytecode cached. Where the environment forbids
#: writing bytecode (PYTHONDONTWRITEBYTECODE), every run would compile the package's
#: sources afresh while the dependencies' bytecode was made at install, so the children
#: write theirs to a cache of their own instead.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="kdnet-startup-")


def run(argv: list[str]) -> tuple[float, float]:
    """CPU seconds (user + system of the child) and wall seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # validate exits 1 when it finds errors, as it does on the real agendas.
    subprocess.run(argv, check=False, stdout=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def medians(argv: list[str], runs: int) -> tuple[float, float]:
    """Median CPU and median wall seconds of ``runs`` runs."""
    results = [run(argv) for _ in range(runs)]
    return (
        statistics.median(cpu for cpu, _ in results),
        statistics.median(wall for _, wall in results),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if shutil.which("kdnet-calendar") is None:
        print("note: kdnet-calendar is not on PATH; timing `python -m kdnet_calendar`")
    for argv in (*COMMANDS.values(), FLOOR):
        run(argv)  # fill the bytecode cache
    _, base = medians(COMMANDS["python -c pass"], args.runs)
    print(f"{'command':<40} {'median':>9} {'over bare python':>17}")
    for name, argv in COMMANDS.items():
        _, t = medians(argv, args.runs)
        print(f"{name:<40} {t * 1000:7.1f} ms {(t - base) * 1000:+14.1f} ms")
    print()
    # Interleaved, so that a busy moment on the machine weighs on both alike.
    floor: list[tuple[float, float]] = []
    validate: list[tuple[float, float]] = []
    for _ in range(args.runs):
        floor.append(run(FLOOR))
        validate.append(run(VALIDATE))
    print(f"{'':<46} {'cpu':>9} {'wall':>9}")
    rows = {
        "floor (icalendar, holidays, attrs, dateutil)": floor,
        "validate <2023 agenda>": validate,
    }
    for name, results in rows.items():
        cpu = statistics.median(c for c, _ in results)
        wall = statistics.median(w for _, w in results)
        print(f"{name:<46} {cpu * 1000:6.1f} ms {wall * 1000:6.1f} ms")
    ratio_cpu = statistics.median(c for c, _ in validate) / statistics.median(c for c, _ in floor)
    ratio_wall = statistics.median(w for _, w in validate) / statistics.median(w for _, w in floor)
    print(f"{'validate / floor':<46} {ratio_cpu:8.2f}× {ratio_wall:8.2f}×")


if __name__ == "__main__":
    main()
