from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kdnet_calendar import __version__
from kdnet_calendar.cli import main
from kdnet_calendar.datafile import embedded_path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def test_show_kd_net_2023_as_json() -> None:
    code, out = run("show", "--body", "kd-net", "--year", "2023", "--format", "json")
    assert code == 0
    meetings = json.loads(out)
    assert [m["date"] for m in meetings] == [
        "2023-01-27", "2023-04-14", "2023-06-02", "2023-08-25", "2023-11-10"
    ]  # fmt: skip
    for m in meetings:
        assert m["body"] == "kd-net"
        assert (m["start"], m["end"]) == ("10:00", "12:00")
        assert m["location"] == "Scandic Silkeborg, Udgårdsvej 2, 8600 Silkeborg"
        assert m["kind"] == "ordinary"
        assert m["status"] == "confirmed"
        assert m["virtual"] is False
        assert m["id"].startswith("kd-net-2023-")


def test_show_json_of_kkr_names_the_preparing_meeting() -> None:
    code, out = run("show", "--body", "kkr-midtjylland", "--year", "2023", "--format", "json")
    assert code == 0
    by_date = {m["date"]: m for m in json.loads(out)}
    assert by_date["2023-04-26"]["preparing_meeting"] == "kd-net-2023-2"
    assert by_date["2023-04-26"]["start"] is None


def test_show_text_pairs_kkr_with_kd_net() -> None:
    code, out = run("show", "--body", "kkr-midtjylland", "--year", "2023")
    assert code == 0
    assert "KKR Midtjylland 2023 (5 møder + 1 frist)" in out
    assert "forberedes af KD-Net fre 14.04 (12 dage før)" in out
    code, out = run("show", "--body", "kkr-midtjylland", "--year", "2023", "--lang", "en")
    assert "prepared by KD-Net Fri 14.04 (12 days before)" in out


def test_show_danish_is_agenda_notation() -> None:
    code, out = run("show", "--body", "kd-net", "--year", "2026", "--format", "danish")
    assert code == 0
    assert out == (
        "Mødekalender for KD-Net 2026\n\n"
        "- Fredag den 6. februar 2026, kl. 10.00 – 12.00 (konstituerende møde i KD-Net)\n"
    )


def test_show_of_an_empty_selection() -> None:
    assert run("show", "--body", "kd-net", "--year", "2030") == (0, "Ingen møder.\n")
    assert run("show", "--body", "kd-net", "--year", "2030", "--format", "json") == (0, "[]\n")


def test_periods_2026() -> None:
    code, out = run("periods", "--year", "2026")
    assert code == 0
    assert out.splitlines()[0] == "Valgperiode 2026–2029"
    assert "tirsdag den 18. november 2025" in out
    assert "senest lørdag den 31. januar 2026" in out
    code, out = run("periods", "--year", "2027", "--format", "json")
    (period,) = json.loads(out)
    assert period["election"] == "2025-11-18"
    assert period["next_election"] == "2029-11-20"
    assert period["kkr_constituting_deadline"] == "2026-01-31"


def test_periods_without_a_year_gives_the_current_and_next(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from kdnet_calendar import writers

    monkeypatch.setattr(writers, "today", lambda: dt.date(2027, 5, 1))
    _, out = run("periods", "--format", "json")
    assert [p["label"] for p in json.loads(out)] == ["2026–2029", "2030–2033"]


def cli(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kdnet_calendar", *argv],
        capture_output=True, text=True, check=False, cwd=cwd,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ('format = 1\n[[meetings]]\nid = "x"\nbody = "nope"\ndate = 2025-01-01\n', ":4:"),
        (
            (
                'format = 1\n[[bodies]]\nid = "b"\nname = "B"\n[[meetings]]\nid = "x"\n'
                'body = "b"\ndate = 2023-02-30\n'
            ),
            ":8:",
        ),
        ('format = "one"\n', ":1:"),
    ],
)  # fmt: skip
def test_bad_data_is_one_line_and_exit_2(tmp_path: Path, content: str, where: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    result = cli("show", "--data", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert f"bad.toml{where}" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_command_lines_exit_2_without_traceback() -> None:
    for argv in (["show", "--year", "twenty"], ["show", "--format", "pdf"], ["frobnicate"]):
        result = cli(*argv)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert "fejl:" in result.stderr
        result = cli(*argv, "--lang", "en")
        assert result.returncode == 2
        assert "error:" in result.stderr


def test_unknown_body_exit_2() -> None:
    result = cli("show", "--body", "kd-nte")
    assert result.returncode == 2
    assert "ukendt organ 'kd-nte'" in result.stderr
    result = cli("show", "--body", "kd-nte", "--lang", "en")
    assert "unknown body 'kd-nte'" in result.stderr


def test_version_and_help() -> None:
    assert cli("--version").stdout.strip() == f"kdnet-calendar {__version__}"
    help_text = cli("--help").stdout
    for command in ("show", "periods"):
        assert command in help_text
    assert "exit status" in help_text


def test_importing_the_package_loads_no_heavy_dependency() -> None:
    code = (
        "import sys, kdnet_calendar; "
        "print(sorted(m for m in ('icalendar', 'holidays', 'dateutil', 'json', 'argparse') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_show_as_ics_keeps_crlf_and_the_uids() -> None:
    code, out = run("show", "--body", "kd-net", "--year", "2023", "--format", "ics")
    assert code == 0
    assert out.startswith("BEGIN:VCALENDAR\r\n")
    assert out.count("BEGIN:VEVENT") == 5
    assert "UID:kd-net-2023-2@kkr-midtjylland.dk" in out
    assert "\n" not in out.replace("\r\n", "")


def test_feeds_build_writes_every_feed_and_the_index(tmp_path: Path) -> None:
    outdir = tmp_path / "site"
    code, _ = run("feeds", "build", str(outdir), "--base-url", "https://k.example.dk/f")
    assert code == 0
    names = {p.name for p in outdir.iterdir()}
    assert {"index.html", "alle.ics", "kd-net.ics", "kkr-midtjylland.ics"} <= names
    assert "person-jesper-kaas-schmidt.ics" in names
    index = (outdir / "index.html").read_text(encoding="utf-8")
    assert "webcal://k.example.dk/f/kd-net.ics" in index
    before = {p.name: p.stat().st_mtime_ns for p in outdir.iterdir()}
    assert run("feeds", "build", str(outdir), "--base-url", "https://k.example.dk/f")[0] == 0
    assert {p.name: p.stat().st_mtime_ns for p in outdir.iterdir()} == before


def test_validate_the_embedded_data_file_finds_the_seed_errors() -> None:
    from kdnet_calendar.datafile import embedded_path

    code, out = run("validate", str(embedded_path()), "--format", "json")
    assert code == 1
    report = json.loads(out)
    codes = sorted({f["code"] for f in report["findings"] if f["severity"] == "error"})
    assert codes == ["source-disagreement", "stated-weekday-mismatch"]
    assert report["summary"] == {"error": 2, "warning": 2, "info": 3}


def test_show_reads_an_agenda_text_too() -> None:
    from .conftest import AGENDAS

    code, out = run(
        "show", "--data", str(AGENDAS / "kd-net-2023-04-14.txt"), "--body", "kd-net",
        "--year", "2025", "--format", "danish",
    )  # fmt: skip
    assert code == 0
    # What the agenda says, and no more: it gives no time, so none is shown.
    assert "- Lørdag den 25. januar 2025\n" in out


def test_a_date_that_does_not_exist_in_agenda_text_is_explained_in_its_notation(
    tmp_path: Path,
) -> None:
    agenda = tmp_path / "dagsorden.txt"
    agenda.write_text("Mødekalender for KD-Net 2027\n\n- 31. februar\n", encoding="utf-8")
    result = cli("validate", str(agenda), "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        "dagsorden.txt:3: the date 31. februar does not exist "
        "(expected a date that exists, such as '28. februar' or 'Fredag den 2. juni')"
    )


def test_os_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("", encoding="utf-8")
    result = cli("feeds", "build", str(blocker / "site"))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_the_port_must_be_a_port() -> None:
    result = cli("serve", "--port", "99999")
    assert result.returncode == 2
    assert "'99999' er ikke et portnummer" in result.stderr
    result = cli("serve", "--port", "99999", "--lang", "en")
    assert "'99999' is not a port" in result.stderr


def test_propose_says_when_a_fixed_meeting_breaks_a_rule(tmp_path: Path) -> None:
    fixed = tmp_path / "kl.toml"
    fixed.write_text(
        'format = 1\n\n[[bodies]]\nid = "kkr-midtjylland"\nname = "KKR Midtjylland"\n'
        'kind = "political"\n\n[[meetings]]\nid = "kl-1"\nbody = "kkr-midtjylland"\n'
        "date = 2027-06-26\n",
        encoding="utf-8",
    )
    result = cli("propose", "2027", "--fixed", str(fixed), "--lang", "en")
    assert result.returncode == 0
    assert (
        "a fixed meeting breaks weekend (error): KKR Midtjylland, Saturday 26 June 2027"
        in result.stderr
    )


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    "argv",
    [["show"], ["show", "--format", "ics"], ["periods", "--year", "2026"], ["--help"]],
    ids=["show", "show-ics", "periods", "help"],
)
def test_broken_pipe_when_the_reader_leaves_exits_0_without_error_text(
    argv: list[str], buffered: bool
) -> None:
    """`kdnet-calendar show | head` exited 2 with "error: Broken pipe", and once that was
    caught, 120 with "Exception ignored" from the flush at exit, when stdout is buffered
    (as it is unless PYTHONUNBUFFERED is set). The reader here is gone before the first
    write, so the pipe is broken every time, not only when the output outgrows its buffer."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "kdnet_calendar", *argv],
            stdout=write_end, stderr=subprocess.PIPE, text=True, env=env, check=False,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (0, "")


def test_broken_pipe_show_into_head_exits_0_without_error_text() -> None:
    """The way a user meets it: a reader that takes one line and closes."""
    reader = subprocess.Popen(["head", "-1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert reader.stdin is not None
    writer = subprocess.run(
        [sys.executable, "-m", "kdnet_calendar", "show", "--format", "ics"],
        stdout=reader.stdin, stderr=subprocess.PIPE, text=True, check=False,
    )  # fmt: skip
    first, _ = reader.communicate()  # closes our end of its stdin too
    assert first == b"BEGIN:VCALENDAR\r\n"
    assert (writer.returncode, writer.stderr) == (0, "")


# -- options in any order ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["feeds", "build", "--data", "cal.toml", "out/"], {"outdir": "out/", "data": ["cal.toml"]}),
        (["feeds", "build", "out/", "--data", "cal.toml"], {"outdir": "out/", "data": ["cal.toml"]}),
        (["feeds", "build", "--data", "a.toml", "--data", "b.toml", "out/"],
         {"outdir": "out/", "data": ["a.toml", "b.toml"]}),
        (["validate", "--against", "kl.ics", "forslag.txt"],
         {"files": ["forslag.txt"], "against": ["kl.ics"]}),
        (["validate", "forslag.txt", "b.toml", "--against", "kl.ics", "--against", "fm.ics"],
         {"files": ["forslag.txt", "b.toml"], "against": ["kl.ics", "fm.ics"]}),
        (["propose", "--fixed", "kl.toml", "2027"], {"year": 2027, "fixed": ["kl.toml"]}),
        (["propose", "--data", "b.toml", "--against", "x.ics", "2027", "--fixed", "kl.toml"],
         {"year": 2027, "data": ["b.toml"], "against": ["x.ics"], "fixed": ["kl.toml"]}),
        (["show", "--data", "a.toml", "--data", "b.txt"], {"data": ["a.toml", "b.txt"]}),
        (["serve", "--data", "a.toml", "--port", "8081"], {"data": ["a.toml"], "port": 8081}),
    ],
)  # fmt: skip
def test_option_order_files_options_leave_positionals_alone(
    argv: list[str], expected: dict[str, object]
) -> None:
    """--data, --fixed and --against took every word after them, so `feeds build --data
    cal.toml out/` failed with "OUTDIR required". Each takes one file, and repeats."""
    from kdnet_calendar.cli import _parser

    args = vars(_parser().parse_args(argv))
    assert {key: args[key] for key in expected} == expected


def test_option_order_feeds_build_data_before_outdir_builds(tmp_path: Path) -> None:
    data = tmp_path / "cal.toml"
    data.write_bytes(embedded_path().read_bytes())
    result = cli("feeds", "build", "--data", str(data), str(tmp_path / "out"), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "kd-net.ics").is_file()


def test_option_order_several_files_after_one_flag_is_an_error_naming_the_second() -> None:
    result = cli("show", "--data", "a.toml", "b.toml")
    assert result.returncode == 2
    assert "ukendte argumenter: b.toml" in result.stderr
    result = cli("show", "--data", "a.toml", "b.toml", "--lang", "en")
    assert "unrecognized arguments: b.toml" in result.stderr


def _options() -> list[tuple[str, argparse.Action]]:
    from kdnet_calendar.cli import _parser

    found: list[tuple[str, argparse.Action]] = []

    def walk(parser: argparse.ArgumentParser, name: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, subparser in action.choices.items():
                    walk(subparser, f"{name} {sub}")
            elif action.help is not argparse.SUPPRESS:
                found.append((f"{name} {'/'.join(action.option_strings) or action.dest}", action))

    walk(_parser(), "kdnet-calendar")
    return found


def test_help_every_option_has_help_and_says_its_default() -> None:
    """`serve --host/--port`, `propose --against` and several --format options had no help
    text or no default in --help."""
    missing = [name for name, action in _options() if not action.help]
    assert missing == []
    unsaid = [
        name
        for name, action in _options()
        if action.default not in (None, False, [], argparse.SUPPRESS)
        and "%(default)s" not in (action.help or "")
    ]
    assert unsaid == []
    repeatable = [
        name
        for name, action in _options()
        if isinstance(action, argparse._AppendAction) and "default:" not in (action.help or "")
    ]
    assert repeatable == []


def test_help_shows_serve_defaults() -> None:
    text = cli("serve", "--help").stdout
    assert "(default: 127.0.0.1)" in text
    assert "(default: 8080)" in text


# -- a data file to start from -------------------------------------------------------------


def test_no_starting_data_file_init_writes_the_embedded_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's `serve --data kalender.toml` assumed a file the reader did not have,
    and after pip install the embedded one lies deep in site-packages."""
    monkeypatch.chdir(tmp_path)
    code, out = run("init", "kalender.toml")
    assert code == 0
    assert (tmp_path / "kalender.toml").read_bytes() == embedded_path().read_bytes()
    assert out == "Skrev kalender.toml: den indbyggede kalender (KKR Midtjylland og KD-Net), 51 møder 2022–2026\n"  # fmt: skip
    assert [p.name for p in tmp_path.iterdir()] == ["kalender.toml"]  # no temporary left
    code, out = run("init", "ny/kalender.toml", "--lang", "en")
    assert code == 0
    assert out.startswith("Wrote ny/kalender.toml: the embedded calendar")


def test_no_starting_data_file_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    mine = tmp_path / "kalender.toml"
    mine.write_text("# min egen kalender\n", encoding="utf-8")
    result = cli("init", "kalender.toml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "kdnet-calendar: fejl: kalender.toml: findes allerede; brug --force for at erstatte den\n"
    )
    result = cli("init", "kalender.toml", "--lang", "en", cwd=tmp_path)
    assert result.stderr.endswith("error: kalender.toml: already exists; give --force to replace it\n")  # fmt: skip
    assert mine.read_text(encoding="utf-8") == "# min egen kalender\n"
    result = cli("init", "kalender.toml", "--force", cwd=tmp_path)
    assert result.returncode == 0
    assert mine.read_bytes() == embedded_path().read_bytes()


def test_no_starting_data_file_show_format_toml_is_the_embedded_file_byte_for_byte() -> None:
    code, out = run("show", "--format", "toml")
    assert code == 0
    assert out.encode("utf-8") == embedded_path().read_bytes()


def test_show_format_toml_of_a_selection_loads_back_with_only_its_meetings(tmp_path: Path) -> None:
    from kdnet_calendar import datafile

    code, out = run("show", "--body", "kd-net", "--year", "2023", "--format", "toml")
    assert code == 0
    calendar = datafile.loads(out, "udtræk.toml")
    assert [m.id for m in calendar.meetings] == [f"kd-net-2023-{n}" for n in range(1, 6)]
    assert calendar.bodies == datafile.load_embedded().bodies


def test_show_format_toml_of_an_agenda_loads_back() -> None:
    """A reader cites the agenda as a source without a document for it: one is added."""
    from kdnet_calendar import datafile

    agenda = Path(__file__).parents[1] / "examples" / "agendas" / "kd-net-2023-04-14.txt"
    result = cli("show", "--data", str(agenda), "--format", "toml")
    assert result.returncode == 0, result.stderr
    calendar = datafile.loads(result.stdout, "dagsorden.toml")
    assert len(calendar.meetings_of("kd-net", year=2024)) == 5
    assert datafile.dumps(calendar) == result.stdout


# -- the command line parses and prints ----------------------------------------------------


def test_cli_only_parses_and_prints_propose_plans_in_the_library() -> None:
    """cli.py said "argument parsing and exit codes, nothing else", yet `_propose` chose the
    feeding bodies, validated the fixed meetings, trimmed the calendar and built the JSON."""
    import ast

    import kdnet_calendar.cli as cli_module

    tree = ast.parse(Path(cli_module.__file__).read_text(encoding="utf-8"))
    propose = next(
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "_propose"
    )
    called = {
        n.func.id if isinstance(n.func, ast.Name) else getattr(n.func, "attr", "")
        for n in ast.walk(propose)
        if isinstance(n, ast.Call)
    }
    assert not called & {"propose", "validate", "evolve"}
    imported = {
        alias.name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for alias in n.names
    }
    assert not imported & {"attrs", "json"}


def test_cli_propose_json_is_the_library_plan_as_written() -> None:
    from kdnet_calendar import datafile, writers
    from kdnet_calendar.scheduler import plan

    code, out = run("propose", "2027", "--format", "json", "--no-dassos")
    assert code == 0
    expected = writers.render_proposal_json(plan(datafile.load_embedded(), [2027], dassos=False))
    assert out == expected
    record = json.loads(out)
    assert record["years"] == [2027]
    assert {m["body"] for m in record["meetings"]} == {"kkr-midtjylland", "kd-net"}
