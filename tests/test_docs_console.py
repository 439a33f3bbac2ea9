"""The ```console blocks of README.md and docs/*.md, run: what the docs show is what you get.

Each block runs in a fresh folder holding a copy of ``examples/``, with ``kdnet-calendar``
on PATH, as a reader who has a clone would type it: each ``$`` line in one bash, its
standard error with its output, and the lines under it compared with what it printed. A
block that needs what only a reader has (their own agenda, a proposal they wrote, a
server they run) is listed in :data:`SKIPPED` with the reason; every other block runs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(
    r"^(?P<indent> *)```console\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.MULTILINE | re.DOTALL
)


@attrs.frozen
class Block:
    id: str
    #: (command, the output the doc shows under it)
    steps: tuple[tuple[str, tuple[str, ...]], ...]


def _blocks() -> list[Block]:
    found: list[Block] = []
    for path in DOCS:
        name = path.relative_to(ROOT).as_posix()
        seen: dict[str, int] = {}
        for match in _FENCE.finditer(path.read_text(encoding="utf-8")):
            indent = len(match["indent"])
            lines = [line[indent:] for line in match["body"].splitlines()]
            steps: list[tuple[str, list[str]]] = []
            for line in lines:
                if line.startswith("$ "):
                    steps.append((line[2:], []))
                elif steps:
                    steps[-1][1].append(line.rstrip())
                else:  # a block of commands to copy, without prompts (the README's set-up)
                    steps.append((line, []))
            first = re.sub(r"\s+#.*", "", steps[0][0]).strip() if steps else ""
            seen[first] = seen.get(first, 0) + 1
            block_id = f"{name}: {first}" + (f" #{seen[first]}" if seen[first] > 1 else "")
            found.append(Block(block_id, tuple((c, tuple(out)) for c, out in steps)))
    return found


_OWN_AGENDA = (
    "needs {} of the reader's own, shown in the page above the block, not in the repository"
)
_KALENDER_OLD = "needs the reader's kalender-gammel.toml, an earlier version of their data file"

#: Blocks that are not run, each with the reason.
SKIPPED: dict[str, str] = {
    # Installing is the reader's step, not the test's: it needs the network or a clone.
    "README.md: python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/kdnet-calendar show --body kkr-midtjylland": "installs into a new virtual environment (tested from a fresh clone, not here)",
    "README.md: bash .ci/install-clients && bash .ci/install-browser && python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest": "the whole test suite, as root",
    "README.md: .venv/bin/pip install -q -e '.[docs]' && bash .ci/build-docs": "installs the docs extra and builds the site (.ci/run does)",
    "README.md: .venv/bin/kdnet-calendar init kalender.toml": "runs the set-up's .venv; the same command is run from docs/cli.md",
    "docs/tutorial.md: python3 -m venv .venv": "installs from the reader's own copy of the repository",
    "docs/tutorial.md: cd kdnet-calendar": "installs from the reader's own clone",
    # An overview of commands without output, on the reader's files.
    "README.md: kdnet-calendar init kalender.toml": "an overview without output; it starts serve, which runs until stopped",
    "docs/rules.md: kdnet-calendar validate mødekalender-2027.toml": "an overview without output, on the reader's mødekalender-2027.toml",
    "docs/version-control.md: git show main:kalender.toml > published.toml": "needs the reader's git repository with kalender.toml on main",
    "docs/version-control.md: kdnet-calendar init kalender.toml": "commits to the reader's git repository",
    # A server: started by the reader, stopped with Ctrl+C.
    "docs/cli.md: kdnet-calendar serve --data kalender.toml --port 8080 --base-url https://kalender.example.dk/kkr/": "serve runs until stopped (tests/test_web.py serves)",
    "docs/subscribe.md: kdnet-calendar serve --data kalender.toml --host 0.0.0.0 --port 8080 --base-url https://kalender.example.dk/kkr/": "serve runs until stopped (tests/test_web.py serves)",
    "docs/subscribe.md: curl -s http://127.0.0.1:8080/health": "asks a running server, in states the page describes",
    # Files of the reader's own.
    "docs/cli.md: kdnet-calendar show --data forslag-2027.toml": _OWN_AGENDA.format("forslag-2027.toml"),
    "docs/cli.md: kdnet-calendar show --data kd-net-2023-04-14.txt --body kd-net --year 2025": "reads the agenda from the current folder; validate.md runs it from examples/agendas",
    "docs/cli.md: kdnet-calendar show --data forslag-2027.toml --format ics | grep -E '^(SUMMARY|UID|STATUS|TRANSP)'": _OWN_AGENDA.format("forslag-2027.toml"),
    "docs/cli.md: kdnet-calendar propose 2027 --format toml > plan-2027.toml": _OWN_AGENDA.format("kl-datoer.toml"),
    "docs/cli.md: kdnet-calendar propose 2027 --fixed kommende-moeder.txt --no-dassos --lang en": _OWN_AGENDA.format("kommende-moeder.txt"),
    "docs/cli.md: kdnet-calendar propose 2027 --fixed kl-datoer.toml --previous plan-2027.toml --format json | jq '{years, cost, moved}'": _OWN_AGENDA.format("kl-datoer.toml"),
    "docs/cli.md: kdnet-calendar feeds build site/ --data tom.toml --lang en": _OWN_AGENDA.format("tom.toml"),
    "docs/cli.md: kdnet-calendar diff kalender-gammel.toml kalender.toml": _KALENDER_OLD,
    "docs/cli.md: kdnet-calendar diff kalender-gammel.toml kalender.toml --format json": _KALENDER_OLD,
    "docs/cli.md: kdnet-calendar show --data kd-net-2027.toml": _OWN_AGENDA.format("kd-net-2027.toml, with a mistake"),
    "docs/cli.md: kdnet-calendar show --data kd-net-2027.toml --lang en": _OWN_AGENDA.format("kd-net-2027.toml, with a mistake"),
    "docs/data-format.md: kdnet-calendar show --data kd-net-2027.toml": _OWN_AGENDA.format("kd-net-2027.toml"),
    **{
        f"docs/data-format.md: kdnet-calendar show --data kd-net-2027.toml --lang en{n}": _OWN_AGENDA.format("kd-net-2027.toml, with each mistake in turn")
        for n in ("", " #2", " #3", " #4", " #5", " #6")
    },
    "docs/propose.md: kdnet-calendar propose 2027 --fixed kl-datoer.toml": _OWN_AGENDA.format("kl-datoer.toml"),
    "docs/rules.md: kdnet-calendar validate dagsorden.txt": _OWN_AGENDA.format("dagsorden.txt"),
    "docs/rules.md: kdnet-calendar validate dagsorden.txt --rules strengt.toml": _OWN_AGENDA.format("dagsorden.txt"),
    "docs/rules.md: kdnet-calendar validate midtjylland.toml --rules rules.toml --lang en": _OWN_AGENDA.format("rules.toml"),
    "docs/rules.md: kdnet-calendar validate midtjylland.toml --rules rules.toml --lang en #2": _OWN_AGENDA.format("rules.toml, with each mistake in turn"),
    "docs/subscribe.md: kdnet-calendar feeds build site/ --data tom.toml --lang en": _OWN_AGENDA.format("tom.toml"),
    "docs/subscribe.md: kdnet-calendar diff kalender-gammel.toml kalender.toml": _KALENDER_OLD,
    "docs/subscribe.md: kdnet-calendar diff kalender-gammel.toml kalender.toml #2": _KALENDER_OLD,
    "docs/subscribe.md: kdnet-calendar diff kalender-gammel.toml kalender.toml #3": _KALENDER_OLD,
    "docs/subscribe.md: kdnet-calendar diff kalender-gammel.toml kalender.toml --format json": _KALENDER_OLD,
    "docs/subscribe.md: grep 'DTSTART;TZID' site/kd-net.ics | head -3": "looks at a site built after the data was edited as the page describes",
    **{
        f"docs/validate.md: kdnet-calendar validate {name}": _OWN_AGENDA.format(name.split()[0])
        for name in (
            "kommende-moeder.txt --lang en", "kommende-moeder.txt --body kd-net",
            "silkeborg-2027.txt", "silkeborg.toml silkeborg-2027.txt",
            "forslag-2027.txt --lang en", "forslag-2027.txt", "forslag-2027.txt #2",
            "forslag-2027.txt #3", "hoering.txt --lang en", "tom.toml --lang en",
            "kalender-2027.toml forslag-2027.txt outlook-kd-net.ics",
            "forslag-2027.txt --against andre-2027.ics",
            "forslag-2027.txt --against andre-2027.ics --rules regler.toml",
            "forslag-2027.txt --lang en #2", "forslag-2027.txt --format json | jq .summary",
            "forslag-2027.txt --format json --lang en | jq -r '.findings[] | select(.severity == \"error\") | \"\\(.source)  \\(.code)  \\(.suggestion.text)\"'",
            "forslag-2027.txt --lang en #3", "forslag-2027.txt --lang en #4",
            "uden-aar.txt --body kd-net --lang en", "nord.txt --lang en", "stor.txt --lang en",
            "aar-2300.txt --lang en", "forslag-2027.txt --rules nosuch.toml --lang en",
        )
    },
}  # fmt: skip

#: Shell lines run before a block, for the files a reader has made by then.
SETUP: dict[str, str] = {
    # "kalender.toml here is a copy of the built-in Midtjylland data": init makes it.
    "docs/cli.md: kdnet-calendar feeds build --data kalender.toml site/": "kdnet-calendar init kalender.toml",
    "docs/cli.md: kdnet-calendar feeds build site/ --data kalender.toml --base-url https://kalender.example.dk/kkr/": "kdnet-calendar init kalender.toml",
    "docs/subscribe.md: kdnet-calendar feeds build site/ --data kalender.toml --base-url https://kalender.example.dk/kkr/": "kdnet-calendar init kalender.toml",
    "docs/version-control.md: kdnet-calendar feeds build site/ --data kalender.toml --base-url https://kalender.example.dk/kkr/": "kdnet-calendar init kalender.toml",
    # The tutorial's last step follows its build of the embedded data and its init.
    "docs/tutorial.md: kdnet-calendar feeds build site/ --data kalender.toml --base-url https://kalender.example.dk/kkr/": "kdnet-calendar feeds build site/ --base-url https://kalender.example.dk/kkr/ && kdnet-calendar init kalender.toml",
    # Blocks that go on in the folder an earlier block moved to.
    "docs/cli.md: kdnet-calendar validate kd-net-2022-02-11.txt kd-net-2023-04-14.txt --format json --lang en | jq '.findings[] | select(.code == \"usual-weekday\")'": "cd examples/agendas",
    "docs/validate.md: kdnet-calendar validate kd-net-2022-02-11.txt kd-net-2023-04-14.txt --format json | jq '.read[1]'": "cd examples/agendas",
    "docs/validate.md: kdnet-calendar validate kd-net-2022-02-11.txt kd-net-2023-04-14.txt --format json | jq -r '.read[] | \"\\(.input) \\(.meetings[\"kd-net\"][\"2025\"]) \\(.unread)\"'": "cd examples/agendas",
}  # fmt: skip

#: Blocks whose shown output is out of date, in pages this change does not edit: they run,
#: and are expected to fail until the page is corrected (then this entry must go).
STALE: dict[str, str] = {
}  # fmt: skip

BLOCKS = _blocks()
_BY_ID = {b.id: b for b in BLOCKS}


def test_every_console_block_is_run_or_skipped_with_a_reason() -> None:
    """No block is left out silently, and no reason outlives its block."""
    assert len(_BY_ID) == len(BLOCKS), "two blocks with one id"
    assert sorted(set(SKIPPED) - set(_BY_ID)) == [], "skipped blocks that no longer exist"
    assert sorted(set(SETUP) - set(_BY_ID)) == [], "set-up for blocks that no longer exist"
    assert sorted(set(STALE) - set(_BY_ID)) == [], "stale blocks that no longer exist"
    assert set(STALE).isdisjoint(SKIPPED)
    assert all(reason.strip() for reason in SKIPPED.values())
    assert len(BLOCKS) - len(SKIPPED) >= 30, "most blocks are run"


def _script(block: Block, bin_dir: Path) -> str:
    lines = [f'export PATH="{bin_dir}:$PATH"', "__s=0"]
    if SETUP.get(block.id):
        lines.append(f"{SETUP[block.id]} >/dev/null 2>&1")
    for i, (command, _) in enumerate(block.steps):
        lines.append(f"echo '@@step {i}@@'")
        lines.append(f"(exit $__s); {{ {command}\n}} 2>&1; __s=$?")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "block_id",
    [
        pytest.param(b.id, marks=pytest.mark.xfail(reason=STALE[b.id], strict=True))
        if b.id in STALE
        else b.id
        for b in BLOCKS
        if b.id not in SKIPPED
    ],
    ids=lambda s: s[:90],
)
def test_console_block_prints_what_the_doc_shows(block_id: str, tmp_path: Path) -> None:
    block = _BY_ID[block_id]
    needs = {
        word for command, _ in block.steps for word in ("jq", "curl") if f"| {word}" in command
    }
    for tool in needs:
        if shutil.which(tool) is None:
            pytest.skip(f"{block_id}: needs {tool}, which is not installed")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    bin_dir = tmp_path / ".bin"
    bin_dir.mkdir()
    shim = bin_dir / "kdnet-calendar"
    shim.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -m kdnet_calendar "$@"\n', encoding="utf-8"
    )
    shim.chmod(0o755)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "80"}
    result = subprocess.run(
        ["bash", "-c", _script(block, bin_dir)], cwd=tmp_path, env=env, capture_output=True,
        text=True, check=False, timeout=300,
    )  # fmt: skip
    got = re.split(r"^@@step \d+@@\n", result.stdout, flags=re.MULTILINE)[1:]
    assert len(got) == len(block.steps), result.stderr
    for (command, shown), printed in zip(block.steps, got, strict=True):
        if not any(shown):
            continue  # the doc shows no output: the command only has to run
        want = list(shown)
        while want and not want[-1]:
            want.pop()
        lines = [line.rstrip() for line in printed.splitlines()]
        while lines and not lines[-1]:
            lines.pop()
        assert lines == want, f"$ {command}"


def test_ci_run_runs_the_readme_test_command_with_one_python() -> None:
    """.ci/run installed with $PYTHON and then tested with python3."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = next(
        line for line in readme.splitlines() if line.startswith("bash .ci/install-clients")
    )
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in run.splitlines()
    assert "$PYTHON" not in run.replace("PYTHON=.venv/bin/python bash .ci/build-docs", "")
