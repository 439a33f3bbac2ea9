"""Every message the command line prints is Danish by default and English with --lang en.

Secretariats read Danish; a CI log or a bug report is often English. An error is one line
either way, and exits with status 2.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import kdnet_calendar
from kdnet_calendar.cli import main
from kdnet_calendar.exceptions import KdnetCalendarError

SRC = Path(kdnet_calendar.__file__).parent

#: Words an English message has and a Danish one does not (as whole words).
_ENGLISH = re.compile(
    r"\b(expected|error|cannot|unknown|does not|no such|is not|outside|read no|the file)\b",
    re.IGNORECASE,
)

_BAD_DATE = (
    'format = 1\n\n[[bodies]]\nid = "kd-net"\nname = "KD-Net"\n\n'
    '[[meetings]]\nid = "kd-net-2027-1"\nbody = "kd-net"\ndate = 2027-02-30\n'
)

#: (name, files to write, argv, a word the Danish message has, one the English has)
CASES: list[tuple[str, dict[str, str], list[str], str, str]] = [
    ("bad-date", {"kalender.toml": _BAD_DATE}, ["show", "--data", "kalender.toml"],
     "findes ikke", "does not exist"),
    ("missing-file", {}, ["show", "--data", "mangler.toml"], "findes ikke", "no such file"),
    ("nothing-readable", {"dagsorden.txt": "Referat\n\nIntet at bemærke.\n"},
     ["validate", "dagsorden.txt"], "ikke læst noget møde", "read no meeting"),
    ("bad-rules", {"regler.toml": '[rules.usual-weekdays]\nseverity = "error"\n',
                   "dagsorden.txt": "Møder i KD-Net 2027\n\n- 5. februar 2027\n"},
     ["validate", "dagsorden.txt", "--rules", "regler.toml"], "ukendt regel", "unknown rule"),
    ("propose-9999", {}, ["propose", "9999"], "uden for de understøttede år",
     "outside the supported years"),
    ("periods-1800", {}, ["periods", "--year", "1800"], "uden for de understøttede år",
     "outside the supported years"),
    ("periods-2005", {}, ["periods", "--year", "2005"], "fandtes der ingen KKR",
     "there were no KKRs"),
    ("diff-missing", {"ny.toml": _BAD_DATE}, ["diff", "gammel.toml", "ny.toml"], "findes ikke",
     "no such file"),
    ("bad-ics", {"kalender.ics": "Hej\n"}, ["validate", "kalender.ics"],
     "ikke en iCalendar-fil", "not an iCalendar file"),
    ("bad-year-word", {}, ["show", "--year", "tyve"], "er ikke et årstal", "is not a year"),
    ("bad-period", {}, ["propose", "--period", "2029-2026"], "slutter, før den begynder",
     "ends before it starts"),
    ("unknown-body", {}, ["show", "--body", "kd-nte"], "ukendt organ", "unknown body"),
    ("required", {}, ["validate"], "mangler", "required"),
    ("empty-feeds", {"tom.toml": 'format = 1\ndomain = "example.dk"\n'},
     ["feeds", "build", "site", "--data", "tom.toml"], "ingen møder", "no meetings"),
]  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    assert captured.out == ""
    # argparse prints its usage first; the message is the last line.
    lines = captured.err.splitlines()
    assert lines, "no message"
    if not lines[0].startswith("usage:"):
        assert len(lines) == 1, captured.err
    return code, lines[-1]


@pytest.mark.parametrize(
    ("files", "argv", "danish", "english"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_errors_are_danish_by_default_and_english_when_asked(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, str],
    argv: list[str],
    danish: str,
    english: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # relative names: the message holds no English path
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")

    code, line = _run(capsys, argv)
    assert code == 2
    assert ": fejl: " in line
    assert danish in line
    assert not _ENGLISH.search(line.split(": fejl: ", 1)[1]), line

    code, line = _run(capsys, [*argv, "--lang", "en"])
    assert code == 2
    assert ": error: " in line
    assert english in line
    assert danish not in line


def test_lang_may_be_written_with_an_equals_sign(capsys: pytest.CaptureFixture[str]) -> None:
    code, line = _run(capsys, ["periods", "--lang=en", "--year", "1800"])
    assert code == 2
    assert "outside the supported years" in line


def test_str_of_an_error_stays_english_and_localized_gives_danish(tmp_path: Path) -> None:
    from kdnet_calendar import datafile

    bad = tmp_path / "kalender.toml"
    bad.write_text(_BAD_DATE, encoding="utf-8")
    with pytest.raises(KdnetCalendarError) as info:
        datafile.load(bad)
    assert "does not exist (expected" in str(info.value)
    assert info.value.localized("en") == str(info.value)
    danish = info.value.localized("da")
    assert danish.startswith(f"{bad}:10: datoen 2027-02-30 findes ikke (forventet ")
    assert "\n" not in danish


def test_a_long_value_is_shortened_in_danish_too(tmp_path: Path) -> None:
    from kdnet_calendar import datafile
    from kdnet_calendar.limits import MAX_ECHO

    bad = tmp_path / "kalender.toml"
    bad.write_text(f"format = 1\n{'x' * 5000} = 1\n", encoding="utf-8")
    with pytest.raises(KdnetCalendarError) as info:
        datafile.load(bad)
    for lang in ("da", "en"):
        text = info.value.localized(lang)
        assert "\n" not in text
        assert len(text) < len(str(bad)) + 8 * MAX_ECHO


def test_plurals_agree_with_the_count() -> None:
    from kdnet_calendar.danish import count

    assert count(1, "dag", "dage") == "1 dag"
    assert count(2, "dag", "dage") == "2 dage"
    assert count(0, "møde", "møder") == "0 møder"
    assert count(1, "day", "days") == "1 day"


# -- every raise site has its Danish text ------------------------------------------------

#: Classes whose message the class itself puts in Danish from what it is given (mypy
#: checks that the Danish parts it needs are passed).
_SELF_TRANSLATED = {
    "UnknownReferenceError",
    "TimeOrderError",
    "DuplicateIdError",
    "UnknownBodyError",
    "UnknownMeetingError",
    "UnknownPersonError",
    "NothingReadError",
}
#: The Danish keyword each class needs, and the English one it goes with (None: always).
_NEEDS: dict[str, list[tuple[str, str | None]]] = {
    "KdnetCalendarError": [("da", None)],
    "PublishError": [("da", None)],
    "InputError": [("problem_da", None), ("expected_da", "expected")],
    "FieldError": [("problem_da", None), ("expected_da", "expected")],
    "OutOfRangeError": [("reason_da", None)],
    "NonexistentDateError": [("expected_da", "expected")],
    "UnsupportedDateError": [("what_da", "what")],
}
#: Files others own and that translate their messages themselves, with the reason.
_EXEMPT_FILES = {
    # The web server is being reworked on its own; its one error is a startup refusal.
    "web.py",
}


def _error_classes() -> set[str]:
    import kdnet_calendar.publish
    import kdnet_calendar.scheduler  # noqa: F401 - raises InfeasibleError

    def walk(cls: type[Exception]) -> Iterator[type[Exception]]:
        yield cls
        sub: type[Exception]
        for sub in cls.__subclasses__():
            yield from walk(sub)

    return {c.__name__ for c in walk(KdnetCalendarError)}


def _missing_danish() -> list[str]:
    classes = _error_classes()
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name in _EXEMPT_FILES or path.name == "exceptions.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name not in classes or name in _SELF_TRANSLATED:
                continue
            where = f"{path.relative_to(SRC)}:{node.lineno} {name}"
            keywords = {k.arg for k in node.keywords}
            if name == "InfeasibleError":
                arg = node.args[0] if node.args else None
                if isinstance(arg, ast.List | ast.Tuple) and not all(
                    isinstance(e, ast.Call) and getattr(e.func, "id", "") == "Text"
                    for e in arg.elts
                ):
                    problems.append(f"{where}: a reason that is not a Text")
                continue
            needs = _NEEDS.get(name)
            if needs is None:
                problems.append(f"{where}: a class the test does not know")
                continue
            for danish, english in needs:
                if danish not in keywords and (english is None or english in keywords):
                    problems.append(f"{where}: no {danish}=")
    return problems


def test_every_raise_site_gives_its_danish_text() -> None:
    assert _missing_danish() == []


def test_the_scan_finds_a_raise_site_without_danish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bad.py").write_text(
        'raise InputError("no", path="x", expected="y", problem_da="nej")\n'
        'raise KdnetCalendarError("no")\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(f"{__name__}.SRC", tmp_path)
    assert _missing_danish() == [
        "bad.py:1 InputError: no expected_da=",
        "bad.py:2 KdnetCalendarError: no da=",
    ]


def test_a_spacing_of_one_day_says_one_day() -> None:
    """The rule book once said "1 days apart" and "1 dage imellem"."""
    import datetime as dt

    import kdnet_calendar as kc
    from kdnet_calendar.rules import validate

    cal = kc.load_embedded()
    kd = cal.meeting("kd-net-2024-3")
    close = kc.Meeting("kd-net-extra", "kd-net", kd.date + dt.timedelta(days=1))
    report = validate(cal.with_meetings([*cal.meetings, close]), rules=["spacing"])
    (finding,) = [f for f in report if "kd-net-extra" in f.meetings]
    assert "1 day apart" in finding.message("en")
    assert "1 dag imellem" in finding.message("da")
