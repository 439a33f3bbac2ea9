"""The ``kdnet-calendar`` command: argument parsing and exit codes, nothing else.

Exit status: 0 all well, 1 the input has errors (``validate``), 2 the input or the command
line could not be read. Errors are one line on stderr, never a traceback. Each command
imports what it needs when it runs, so ``--help`` and ``periods`` start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from ._version import __version__
from .exceptions import KdnetCalendarError

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2

_DESCRIPTION = """\
Mødekalendere for KKR og kommunaldirektørnetværket (KD-Net).
Meeting calendars of KKR and the municipal directors' network (KD-Net).

Uden --data bruges den indbyggede Midtjylland-kalender (2022–2026).
Without --data the embedded Midtjylland calendar (2022–2026) is used."""

_EPILOG = """\
examples:
  kdnet-calendar show --body kd-net --year 2023
  kdnet-calendar show --body kkr-midtjylland --format json
  kdnet-calendar periods --year 2026

exit status: 0 ok, 1 errors found, 2 input or command line could not be read.
documentation: docs/ in the project, or https://github.com/kkr-midtjylland/kdnet-calendar"""


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year, expected e.g. 2026") from None
    if not 1900 <= year <= 9999:
        raise argparse.ArgumentTypeError(f"{year} is not a plausible year")
    return year


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kdnet-calendar",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    show = commands.add_parser(
        "show",
        help="list meetings / vis møder",
        description="List meetings, by body and year. / Vis møder, pr. organ og år.",
    )
    show.add_argument(
        "--data", nargs="+", metavar="FILE", default=[],
        help="data file(s) to read (default: the embedded Midtjylland data)",
    )  # fmt: skip
    show.add_argument("--body", metavar="ID", help="only this body, e.g. kd-net, kkr-midtjylland")
    show.add_argument("--year", type=_year, metavar="Y", help="only this year")
    show.add_argument(
        "--format", choices=("text", "json", "danish"), default="text",
        help="text (for people, default), json (for scripts), danish (agenda notation)",
    )  # fmt: skip
    show.add_argument("--lang", choices=("da", "en"), default="da", help="language of text output")
    show.set_defaults(run=_show)

    periods = commands.add_parser(
        "periods",
        help="election periods / valgperioder",
        description="Election periods: election day, KKR's constituting deadline. "
        "/ Valgperioder: valgdag og frist for KKR's konstituerende møde.",
    )
    periods.add_argument(
        "--year", type=_year, metavar="Y",
        help="the period containing this year (default: the current and the next period)",
    )  # fmt: skip
    periods.add_argument("--format", choices=("text", "json"), default="text")
    periods.add_argument("--lang", choices=("da", "en"), default="da")
    periods.set_defaults(run=_periods)
    return parser


def _show(args: argparse.Namespace, out: TextIO) -> int:
    from . import datafile, writers

    calendar = datafile.load_many(args.data)
    meetings = calendar.meetings_of(args.body, year=args.year)
    if args.format == "json":
        out.write(writers.render_json(calendar, meetings))
    elif args.format == "danish":
        out.write(writers.render_danish(calendar, meetings))
    else:
        out.write(writers.render_text(calendar, meetings, args.lang))
    return EXIT_OK


def _periods(args: argparse.Namespace, out: TextIO) -> int:
    import json

    from . import periods, writers

    if args.year is not None:
        chosen = [periods.period_of(args.year)]
    else:
        current = periods.period_of(writers.today())
        chosen = [current, periods.period_starting(current.end.year + 1)]
    if args.format == "json":
        out.write(
            json.dumps([writers.period_record(p) for p in chosen], ensure_ascii=False, indent=2)
            + "\n"
        )
    else:
        out.write(writers.render_periods(chosen, args.lang))
    return EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    out = out or sys.stdout
    parser = _parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    try:
        return run(args, out)
    except KdnetCalendarError as exc:
        print(f"kdnet-calendar: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        # `kdnet-calendar show | head`: the reader left; that is not an error of ours.
        sys.stderr.close()
        return EXIT_OK


def entry() -> None:
    sys.exit(main())
