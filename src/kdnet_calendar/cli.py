"""The ``kdnet-calendar`` command: argument parsing and exit codes, nothing else.

Exit status: 0 all well, 1 the input has errors (``validate``), 2 the input or the command
line could not be read. Errors are one line on stderr, never a traceback. Each command
imports what it needs when it runs, so ``--help`` and ``periods`` start fast.
"""

from __future__ import annotations

import argparse
import contextvars
import datetime as dt
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn, TextIO

from ._version import __version__

if TYPE_CHECKING:
    from .model import Calendar
from .exceptions import KdnetCalendarError, os_problem

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
  kdnet-calendar validate dagsorden.txt --lang en
  kdnet-calendar propose 2027 --format danish
  kdnet-calendar feeds build out/ --base-url https://kalender.example.dk/feeds
  kdnet-calendar diff kalender-gammel.toml kalender.toml
  kdnet-calendar periods --year 2026

exit status: 0 ok, 1 errors found, 2 input or command line could not be read.
documentation: the docs/ folder of the kdnet-calendar repository (docs/cli.md: every command)"""


#: The language of messages while the command line is parsed. argparse reads --lang in
#: the same pass as the values it converts, so :func:`main` looks for it first.
_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("kdnet_calendar_lang", default="da")

#: "error" as each language says it, after the program's name.
_ERROR = {"da": "fejl", "en": "error"}


def _lang_of(argv: Sequence[str]) -> str:
    """The language ``argv`` asks for (``--lang en``, ``--lang=en``, ``--la en``), else da."""
    lang = "da"
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        name, eq, value = arg.partition("=")
        if len(name) >= 3 and "--lang".startswith(name):
            if not eq:
                value = argv[i + 1] if i + 1 < len(argv) else ""
            if value in ("da", "en"):
                lang = value
    return lang


def _say(da: str, en: str) -> str:
    """The message in the language being parsed for."""
    return en if _LANG.get() == "en" else da


#: argparse's own messages, as Danish says them: matched on the English text it prints
#: (no argparse internals); anything else it says stays English.
_ARGPARSE_DA = (
    (re.compile(r"the following arguments are required: (.*)"), r"følgende argumenter mangler: \1"),
    (re.compile(r"one of the arguments (.*) is required"), r"et af argumenterne \1 skal angives"),
    (re.compile(r"unrecognized arguments: (.*)"), r"ukendte argumenter: \1"),
    (
        re.compile(r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)"),
        r"argument \1: ugyldigt valg: \2 (vælg mellem \3)",
    ),
    (re.compile(r"argument (\S+): expected one argument"), r"argument \1: kræver en værdi"),
    (
        re.compile(r"argument (\S+): expected at least one argument"),
        r"argument \1: kræver mindst én værdi",
    ),
    (
        re.compile(r"argument (\S+): not allowed with argument (\S+)"),
        r"argument \1: kan ikke bruges sammen med \2",
    ),
)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are Danish unless ``--lang en`` was given."""

    def error(self, message: str) -> NoReturn:
        lang = _LANG.get()
        if lang == "da":
            for pattern, danish in _ARGPARSE_DA:
                if pattern.fullmatch(message):
                    message = pattern.sub(danish, message)
                    break
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"{self.prog}: {_ERROR[lang]}: {message}\n")


def _year(text: str) -> int:
    from .limits import FIRST_YEAR, LAST_YEAR

    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _say(
                f"{text!r} er ikke et årstal; forventet f.eks. 2026",
                f"{text!r} is not a year, expected e.g. 2026",
            )
        ) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            _say(
                f"{year} ligger uden for de understøttede år {FIRST_YEAR}–{LAST_YEAR}",
                f"{year} is outside the supported years {FIRST_YEAR}–{LAST_YEAR}",
            )
        )
    return year


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(
            _say(
                f"{text!r} er ikke et portnummer; forventet 1–65535",
                f"{text!r} is not a port, expected 1–65535",
            )
        )
    return int(text)


def _days(text: str) -> tuple[str | None, tuple[dt.date, ...]]:
    """``[BODY:]DATE[,DATE|,FIRST..LAST]…`` → the body (None: every planned body) and days."""
    from .limits import RANGE, supported

    body, sep, rest = text.rpartition(":")
    if not sep:
        body, rest = "", text
    days: list[dt.date] = []
    for part in rest.split(","):
        first, dots, last = part.strip().partition("..")
        try:
            a = dt.date.fromisoformat(first)
            b = dt.date.fromisoformat(last) if dots else a
        except ValueError:
            raise argparse.ArgumentTypeError(
                _say(
                    f"{part!r} er ikke en dato eller en periode; forventet f.eks. 2027-03-18 "
                    "eller 2027-05-26..2027-05-28",
                    f"{part!r} is not a date or a range, expected e.g. 2027-03-18 or "
                    "2027-05-26..2027-05-28",
                )
            ) from None
        if b < a:
            raise argparse.ArgumentTypeError(
                _say(f"{part!r} slutter, før det begynder", f"{part!r} ends before it starts")
            )
        if not (supported(a) and supported(b)):
            raise argparse.ArgumentTypeError(
                _say(
                    f"{part!r} ligger uden for de understøttede datoer {RANGE}",
                    f"{part!r} is outside the supported dates {RANGE}",
                )
            )
        days.extend(a + dt.timedelta(days=n) for n in range((b - a).days + 1))
    return body or None, tuple(days)


def _period(text: str) -> tuple[int, int]:
    first, sep, last = text.partition("-")
    if not sep or not first.isdigit() or not last.isdigit():
        raise argparse.ArgumentTypeError(
            _say(
                f"{text!r} er ikke en valgperiode; forventet f.eks. 2026-2029",
                f"{text!r} is not a period, expected e.g. 2026-2029",
            )
        )
    if int(last) < int(first):
        raise argparse.ArgumentTypeError(
            _say(f"{text!r} slutter, før den begynder", f"{text!r} ends before it starts")
        )
    return int(first), int(last)


def _public(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--public", action="store_true",
        help="leave the rules' findings off the published pages (index and overview)",
    )  # fmt: skip


def _lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", choices=("da", "en"), default="da",
        help="language of text output and messages (default: %(default)s)",
    )  # fmt: skip


#: Options that take files take one file each time they are given (``--data a.toml --data
#: b.toml``), never "every word up to the next option": that swallowed the positional
#: argument after them (``feeds build --data cal.toml out/`` said OUTDIR was missing), and
#: a user cannot be expected to know which options are greedy. One file per flag lets
#: options and positionals come in any order; ``--data a.toml b.toml`` is an error that
#: names b.toml, not a silent misreading. (``action="extend"`` with ``nargs="+"`` would
#: keep the old form working but keep the swallowing too.)
def _files(parser: argparse.ArgumentParser, flag: str, metavar: str, help: str) -> None:
    parser.add_argument(flag, action="append", default=[], metavar=metavar, help=help)


def _data(parser: argparse.ArgumentParser, help: str = "a data file") -> None:
    _files(parser, "--data", "FILE", f"{help}; once per file (default: the embedded data)")


def _rules(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules", metavar="FILE",
        help="rule settings (TOML, see docs/rules.md): the overview judges and shades by them",
    )  # fmt: skip


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kdnet-calendar",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    init = commands.add_parser(
        "init",
        help="write the embedded data file, to start your own from / skriv den indbyggede datafil",
        description="Write the embedded Midtjylland data file to FILE, to start your own "
        "calendar from; FILE is replaced in one step, and only with --force if it exists. "
        "/ Skriv den indbyggede datafil til FILE som udgangspunkt for din egen kalender.",
    )
    init.add_argument("path", metavar="FILE", help="the file to write, e.g. kalender.toml")
    init.add_argument(
        "--force", action="store_true", help="replace FILE if it exists (default: refuse)"
    )
    _lang(init)
    init.set_defaults(run=_init)

    show = commands.add_parser(
        "show",
        help="list meetings / vis møder",
        description="List meetings, by body and year. / Vis møder, pr. organ og år.",
    )
    _data(show, "a data file to read, or an agenda text or .ics export")
    show.add_argument(
        "--body", metavar="ID",
        help="only this body, e.g. kd-net; also the body of agenda texts and .ics "
        "exports that do not name one (an id, or a name such as 'Silkeborg Byråd')",
    )  # fmt: skip
    show.add_argument("--year", type=_year, metavar="Y", help="only this year")
    show.add_argument(
        "--format", choices=("text", "json", "danish", "ics", "toml"), default="text",
        help="text (for people), json (for scripts), danish (agenda notation), "
        "ics (iCalendar, as the feeds publish it), toml (a data file) (default: %(default)s)",
    )  # fmt: skip
    _lang(show)
    show.set_defaults(run=_show)

    validate = commands.add_parser(
        "validate",
        help="check a proposed calendar against the rule book / tjek en mødekalender",
        description="Check meetings against the rule book: agenda text (.txt/.md), "
        "data files (.toml) and calendar exports (.ics), read together. "
        "/ Tjek møderne mod regelsættet.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="inputs to read together")
    validate.add_argument("--rules", metavar="FILE", help="rule settings (TOML), see docs/rules.md")
    _files(
        validate, "--against", "EXTERNAL.ics",
        "other people's events to avoid (KL's summit, Folkemødet); once per file "
        "(default: none)",
    )  # fmt: skip
    validate.add_argument(
        "--body", metavar="ID",
        help="the body of inputs that do not name one: an id (kd-net, or one a data file "
        "on the command line defines) or a name such as 'Silkeborg Byråd'",
    )  # fmt: skip
    validate.add_argument(
        "--format", choices=("text", "json"), default="text",
        help="text (for people) or json (for scripts) (default: %(default)s)",
    )  # fmt: skip
    _lang(validate)
    validate.set_defaults(run=_validate)

    propose = commands.add_parser(
        "propose",
        help="propose a calendar that passes the rule book / foreslå en mødekalender",
        description="Propose KKR's meetings and the KD-Net meetings that prepare them for a "
        "year or an election period: optimal for the objective in docs/propose.md, "
        "deterministic, and passing every rule. / Foreslå møder for et år eller en valgperiode.",
    )
    when = propose.add_mutually_exclusive_group(required=True)
    when.add_argument("year", nargs="?", type=_year, metavar="YEAR", help="the year to plan")
    when.add_argument("--period", type=_period, metavar="YYYY-YYYY", help="an election period")
    _files(
        propose, "--fixed", "FILE",
        "meetings already decided (data file, agenda text or .ics): they stay put; "
        "once per file (default: none)",
    )  # fmt: skip
    propose.add_argument(
        "--previous", metavar="FILE",
        help="the plan being revised: as few of its meetings as possible move",
    )  # fmt: skip
    _files(
        propose, "--against", "EXTERNAL.ics",
        "another calendar (.ics): a meeting clashing with an event breaks "
        "external-conflict; once per file (default: none)",
    )  # fmt: skip
    propose.add_argument(
        "--blocked", type=_days, action="append", default=[], metavar="[BODY:]DAYS",
        help="days no meeting may be planned on, e.g. 2027-03-18,2027-05-26..2027-05-28; "
        "kd-net:2027-03-19 for one body (repeatable; default: none)",
    )  # fmt: skip
    propose.add_argument(
        "--avoid", type=_days, action="append", default=[], metavar="[BODY:]DAYS",
        help="days to avoid if possible (KL's summit): each meeting on one costs "
        "avoid-points; written as --blocked (repeatable; default: none)",
    )  # fmt: skip
    propose.add_argument(
        "--rules", metavar="FILE",
        help="rule settings (TOML, see docs/rules.md): the proposal passes these rules",
    )  # fmt: skip
    _data(propose, "a data file with the bodies")
    propose.add_argument(
        "--kkr", metavar="ID", help="the KKR to plan (default: the one KD-Net prepares)"
    )
    propose.add_argument(
        "--body", metavar="ID",
        help="the body of --fixed and --previous inputs that do not name one",
    )  # fmt: skip
    propose.add_argument(
        "--no-dassos", action="store_true",
        help="do not propose DASSOS meetings before KD-Net's",
    )  # fmt: skip
    propose.add_argument(
        "--format", choices=("text", "json", "toml", "danish", "ics"), default="text",
        help="text (for people), json (for scripts), toml (a data file), danish (agenda "
        "notation) or ics (iCalendar) (default: %(default)s)",
    )  # fmt: skip
    _lang(propose)
    propose.set_defaults(run=_propose)

    feeds = commands.add_parser(
        "feeds",
        help="publish iCalendar feeds / udgiv kalender-feeds",
        description="Build every feed (combined, per body, per person) and an index page.",
    )
    feed_commands = feeds.add_subparsers(dest="feeds_command", metavar="COMMAND", required=True)
    build = feed_commands.add_parser(
        "build",
        help="write every feed and index.html into OUTDIR, each file replaced atomically",
        description="Write every feed and index.html into OUTDIR, each file replaced "
        "atomically: a client fetching during a build gets the old file or the new one.",
    )
    build.add_argument("outdir", metavar="OUTDIR", help="the folder to write into; made if missing")
    _data(build)
    build.add_argument(
        "--base-url", metavar="URL",
        help="the https address the files will be published at (for subscribe links)",
    )  # fmt: skip
    _rules(build)
    _public(build)
    _lang(build)
    build.set_defaults(run=_feeds_build)

    serve = commands.add_parser(
        "serve",
        help="serve the feeds over HTTP / server feeds over HTTP",
        description="Serve the feeds and the pages with waitress, built in memory. The data "
        "files are watched and a version is published once it has settled; if it cannot be "
        "read, or it drops published meetings, the last good site is kept.",
    )
    _data(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    serve.add_argument(
        "--port", type=_port, default=8080, help="port to listen on (default: %(default)s)"
    )
    serve.add_argument(
        "--base-url", metavar="URL",
        help="the public https address (needed in production: Outlook on the web requires "
        "https); without it the pages offer download links only",
    )  # fmt: skip
    serve.add_argument(
        "--threads",
        type=_at_least_one,
        default=8,
        metavar="N",
        help="worker threads (default: %(default)s)",
    )
    serve.add_argument(
        "--connection-limit", type=_at_least_one, default=500, metavar="N",
        help="open connections accepted at once; more clients wait (default: %(default)s)",
    )  # fmt: skip
    serve.add_argument(
        "--state", metavar="FILE",
        help="what subscribers were last sent, kept across restarts (default: "
        ".kdnet-calendar-state.json beside the first data file, or in the current folder)",
    )  # fmt: skip
    _public(serve)
    _rules(serve)
    _lang(serve)
    serve.set_defaults(run=_serve)

    changes = commands.add_parser(
        "diff",
        help="what a data change does to subscribers / hvad en ændring betyder for abonnenter",
        description="Compare two data files as subscribers will see it: added, moved, "
        "cancelled and changed meetings, and whether each change raised its sequence.",
    )
    changes.add_argument("old", metavar="OLD", help="the data file as subscribers have it")
    changes.add_argument("new", metavar="NEW", help="the data file as it is to be published")
    changes.add_argument(
        "--format", choices=("text", "json"), default="text",
        help="text (for people) or json (for scripts) (default: %(default)s)",
    )  # fmt: skip
    _lang(changes)
    changes.set_defaults(run=_diff)

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
    periods.add_argument(
        "--format", choices=("text", "json"), default="text",
        help="text (for people) or json (for scripts) (default: %(default)s)",
    )  # fmt: skip
    _lang(periods)
    periods.set_defaults(run=_periods)
    return parser


def _show(args: argparse.Namespace, out: TextIO) -> int:
    from . import datafile, writers
    from .account import Reading
    from .report import render_tally

    body = args.body
    if all(str(p).lower().endswith(".toml") for p in args.data):
        calendar = datafile.load_many(args.data)
        if args.data:
            sys.stderr.write(render_tally(Reading.of_data(calendar, args.data), args.lang))
    else:
        # Agenda text and .ics exports show what they say, against the known bodies;
        # what was read, set aside and not read goes to stderr, beside the listing.
        from .readers import read

        reading = read(args.data, datafile.load_embedded().with_meetings(()), body=args.body)
        calendar = reading.calendar
        sys.stderr.write(render_tally(reading, args.lang))
        body = _body_id(calendar, args.body)
    meetings = calendar.meetings_of(body, year=args.year)
    if args.format == "json":
        out.write(writers.render_json(calendar, meetings))
    elif args.format == "ics":
        from .feeds import Feed, render_feed

        subject = calendar.body(body).name if body else calendar.name
        title = f"{subject} {args.year}" if args.year else subject
        feed = Feed("udtræk", title or "Møder", f"Møder: {title}", meetings, "all")
        _write_bytes(out, render_feed(calendar, feed))
    elif args.format == "danish":
        out.write(writers.render_danish(calendar, meetings))
    elif args.format == "toml":
        # The whole calendar as it was read (dumps gives the embedded file byte for byte),
        # or its bodies and people with only the meetings shown.
        chosen = (
            calendar if body is None and args.year is None else calendar.with_meetings(meetings)
        )
        out.write(writers.render_toml(chosen))
    else:
        out.write(writers.render_text(calendar, meetings, args.lang))
    return EXIT_OK


def _init(args: argparse.Namespace, out: TextIO) -> int:
    import os

    from . import datafile
    from .danish import count

    if os.path.lexists(args.path) and not args.force:
        raise KdnetCalendarError(
            f"{args.path}: already exists; give --force to replace it",
            da=f"{args.path}: findes allerede; brug --force for at erstatte den",
        )
    data = datafile.embedded_path().read_bytes()
    calendar = datafile.loads(data.decode("utf-8"), datafile.EMBEDDED_NAME)
    years = calendar.years()
    span = f"{years[0]}–{years[-1]}" if years else ""
    n = len(calendar.meetings)
    datafile.write_atomic(args.path, data)
    if args.lang == "da":
        said = f"den indbyggede kalender ({calendar.name}), {count(n, 'møde', 'møder')} {span}"
        out.write(f"Skrev {args.path}: {said}\n")
    else:
        said = f"the embedded calendar ({calendar.name}), {count(n, 'meeting', 'meetings')} {span}"
        out.write(f"Wrote {args.path}: {said}\n")
    return EXIT_OK


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from . import datafile, report
    from .readers import read, read_external
    from .rules import Settings, load_settings, validate

    settings = load_settings(args.rules) if args.rules else Settings()
    registry = datafile.load_embedded().with_meetings(())
    reading = read(args.files, registry, body=args.body)
    calendar = reading.calendar
    external = [e for path in args.against for e in read_external(path)]
    result = validate(calendar, settings, external=external, unread=reading.unread)
    if args.format == "json":
        out.write(report.render_report_json(result, args.lang, reading))
    else:
        out.write(report.render_report_text(result, calendar, args.lang, reading))
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


_NOTE = {"da": "bemærk", "en": "note"}
_FIXED_BREAKS = {
    "da": "et fastlagt møde bryder {code} ({severity})",
    "en": "a fixed meeting breaks {code} ({severity})",
}
_SEVERITY = {
    "da": {"error": "fejl", "warning": "advarsel", "info": "til orientering"},
    "en": {},
}


def _propose(args: argparse.Namespace, out: TextIO) -> int:
    from . import datafile, writers
    from .readers import read_external, read_inputs
    from .rules import Settings, load_settings
    from .scheduler import plan

    data = datafile.load_many(args.data)
    registry = data.with_meetings(())
    fixed = read_inputs(args.fixed, registry, body=args.body).meetings if args.fixed else ()
    previous = (
        read_inputs([args.previous], registry, body=args.body).meetings if args.previous else ()
    )
    result = plan(
        data, [args.year] if args.year else list(range(args.period[0], args.period[1] + 1)),
        kkr=args.kkr, fixed=fixed, previous=previous,
        external=[e for path in args.against for e in read_external(path)],
        settings=load_settings(args.rules) if args.rules else Settings(),
        dassos=not args.no_dassos, blocked=args.blocked, avoid=args.avoid,
    )  # fmt: skip
    note = _NOTE[args.lang]
    for f in result.fixed_findings:
        severity = _SEVERITY[args.lang].get(f.severity.value, f.severity.value)
        breaks = _FIXED_BREAKS[args.lang].format(code=f.code, severity=severity)
        print(f"kdnet-calendar: {note}: {breaks}: {f.message(args.lang)}", file=sys.stderr)
    for said in result.proposal.notes:
        print(f"kdnet-calendar: {note}: {said(args.lang)}", file=sys.stderr)
    calendar, meetings = result.calendar, result.calendar.meetings
    if args.format == "json":
        out.write(writers.render_proposal_json(result))
    elif args.format == "toml":
        out.write(datafile.dumps(calendar))
    elif args.format == "danish":
        out.write(writers.render_danish(calendar, meetings))
    elif args.format == "ics":
        from .feeds import Feed, render_feed

        title = writers.proposal_title(result)
        _write_bytes(out, render_feed(calendar, Feed("forslag", title, title, meetings, "all")))
    else:
        out.write(writers.render_text(calendar, meetings, args.lang))
        out.write(writers.render_moved(result, args.lang))
    return EXIT_OK


def _body_id(calendar: Calendar, body: str | None) -> str | None:
    """The id ``--body`` means: an id, or the id the readers gave the name it names."""
    if body is None or body in {b.id for b in calendar.bodies}:
        return body
    from .readers.names import body_id

    return body_id(body)


def _write_bytes(out: TextIO, data: bytes) -> None:
    """iCalendar needs CRLF as it is: write bytes, never through newline translation."""
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        buffer.write(data)
        buffer.flush()
    else:
        out.write(data.decode("utf-8"))


def _feeds_build(args: argparse.Namespace, out: TextIO) -> int:
    from . import datafile, publish
    from .danish import count
    from .rules import load_settings
    from .tracking import render_updates

    calendar = datafile.load_many(args.data)
    settings = load_settings(args.rules) if args.rules else None
    data = args.data[0] if args.data else None
    written = publish.write_site(
        calendar, args.outdir, args.base_url, settings, data=data, public=args.public,
        lang=args.lang,
    )  # fmt: skip
    for warning in written.warnings:
        print(f"kdnet-calendar: {warning}", file=sys.stderr)
    n, files = len(calendar.meetings), len(written.files)
    if args.lang == "da":
        head = f"{count(files, 'fil', 'filer')} i {args.outdir} ({count(n, 'møde', 'møder')})"
        tail = "" if written.changed else " – uændret"
    else:
        head = f"{count(files, 'file', 'files')} in {args.outdir} "
        head += f"({count(n, 'meeting', 'meetings')})"
        tail = "" if written.changed else " – unchanged"
    out.write(f"{head}{tail}\n")
    out.write(render_updates(written.updates, args.lang, first=written.first))
    return EXIT_OK


def _at_least_one(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            _say(
                f"{text!r} er ikke et antal; forventet 1 eller flere",
                f"{text!r} is not a count, expected 1 or more",
            )
        )
    return int(text)


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    import logging

    from . import web
    from .rules import load_settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    settings = load_settings(args.rules) if args.rules else None

    def announce(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    web.serve(
        args.data, host=args.host, port=args.port, base_url=args.base_url, threads=args.threads,
        settings=settings, connection_limit=args.connection_limit, state_path=args.state,
        lang=args.lang, announce=announce, public=args.public,
    )  # fmt: skip
    return EXIT_OK


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    from . import datafile
    from .diff import diff, render_diff_json, render_diff_text

    old, new = datafile.load(args.old), datafile.load(args.new)
    changes = diff(old, new)
    if args.format == "json":
        out.write(render_diff_json(changes))
    else:
        out.write(render_diff_text(changes, new, old, args.lang))
    return EXIT_FINDINGS if any(c.problem for c in changes) else EXIT_OK


def _periods(args: argparse.Namespace, out: TextIO) -> int:
    from . import periods, writers

    if args.year is not None:
        chosen = [periods.period_of(args.year)]
    else:
        current = periods.period_of(writers.today())
        chosen = [current, periods.period_starting(current.end.year + 1)]
    if args.format == "json":
        out.write(writers.render_periods_json(chosen))
    else:
        out.write(writers.render_periods(chosen, args.lang))
    return EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    out = out or sys.stdout
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv, out)
    except BrokenPipeError:
        # `kdnet-calendar show | head`: the reader left; that is not an error of ours.
        _reader_left(out)
        return EXIT_OK


def _main(argv: list[str], out: TextIO) -> int:
    # Danish unless told otherwise, from the first message on: argparse's own included.
    asked = _LANG.set(_lang_of(argv))
    try:
        args = _parser().parse_args(argv)
    except SystemExit:
        # --help and --version: what argparse printed must reach the reader (or find it
        # gone) here, where a broken pipe is handled, not at the interpreter's exit.
        sys.stdout.flush()
        raise
    finally:
        _LANG.reset(asked)
    lang = getattr(args, "lang", None) or _lang_of(argv)
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    try:
        code = run(args, out)
        # Buffered output is written here, not at exit, so a reader that left is seen
        # by the handler in main() (at exit Python would print a warning and exit 120).
        out.flush()
        return code
    except KdnetCalendarError as exc:
        print(f"kdnet-calendar: {_ERROR[lang]}: {exc.localized(lang)}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        raise  # an OSError, but not an error of ours: main() handles it
    except OSError as exc:
        # A port in use, an output folder that cannot be made: the user's to fix, in a line.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"kdnet-calendar: {_ERROR[lang]}: {where}{os_problem(exc, lang)}", file=sys.stderr)
        return EXIT_INPUT


def _reader_left(out: TextIO) -> None:
    """Make the standard output that lost its reader a sink, so that the flush at exit
    neither fails nor complains (the recipe of Python's documentation on SIGPIPE)."""
    import os

    for stream in {id(s): s for s in (out, sys.stdout)}.values():
        try:
            fileno = stream.fileno()
        except (AttributeError, OSError, ValueError):
            continue  # not a file (a StringIO in tests): nothing to flush at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fileno)
        finally:
            os.close(devnull)


def entry() -> None:
    sys.exit(main())
