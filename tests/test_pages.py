"""The published pages as a stranger may read them: no markup from the data, no paths.

Each defect found in the published pages has a test here named after it: markup in the
data reached the pages as markup, the server's paths reached the pages as sources, and a
public site could not leave the rules' findings off. The browser's side of the overview
is in ``tests/test_browser.py``, its content in ``tests/test_overview.py``.
"""

from __future__ import annotations

import importlib.resources
import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import attrs
import icalendar
import pytest

import kdnet_calendar as kc
from kdnet_calendar.danish import RULE_NAMES
from kdnet_calendar.feeds import build_feeds
from kdnet_calendar.model import Source
from kdnet_calendar.overview import OVERVIEW
from kdnet_calendar.pages import INDEX, public_source, without_paths
from kdnet_calendar.publish import build_site
from kdnet_calendar.rules import validate
from kdnet_calendar.rules.settings import CODES

#: A script, an attribute breaking out of its quotes, and an entity that must stay text.
MARKUP = '<script>alert(1)</script> "><img src=x onerror=alert(1)> &amp; </script><!--'
BASE = "https://kalender.example.dk/kkr"
DATA = Path(kc.__file__).parent / "data" / "midtjylland.toml"


class _Elements(HTMLParser):
    """Every element with its attributes, every script's text, and the text of ``<h1>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.h1 = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs_}))
        if tag in ("script", "h1"):
            self._in = tag
            if tag == "script":
                self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "h1":
            self.h1 += data


def elements(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser


def marked_up(calendar: kc.Calendar) -> kc.Calendar:
    """``calendar`` with the markup in every text field a page or a feed shows."""
    return attrs.evolve(
        calendar,
        name=f"Kalender {MARKUP}",
        description=f"Beskrivelse {MARKUP}",
        bodies=tuple(
            attrs.evolve(
                b,
                name=f"{b.name} {MARKUP}",
                full_name=f"{b.full_name} {MARKUP}",
                note=MARKUP,
                location=f"Sted {MARKUP}",
            )
            for b in calendar.bodies
        ),
        meetings=tuple(
            attrs.evolve(
                m,
                id=f"{m.id}{MARKUP}",
                title=f"Titel {MARKUP}",
                note=f"Note {MARKUP}",
                location=f"Lokale {MARKUP}",
            )
            for m in calendar.meetings
        ),
        people=tuple(attrs.evolve(p, name=f"{p.name} {MARKUP}") for p in calendar.people),
        documents=tuple(attrs.evolve(d, title=f"{d.title} {MARKUP}") for d in calendar.documents),
    )


# -- markup in the data -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def attacked() -> kc.Calendar:
    return marked_up(kc.load_embedded())


@pytest.fixture(scope="module")
def attacked_site(attacked: kc.Calendar) -> dict[str, bytes]:
    return build_site(attacked, BASE)


def _no_active_markup(page: str, scripts: int) -> _Elements:
    found = elements(page)
    tags = {tag for tag, _ in found.elements}
    assert "img" not in tags
    handlers = [(tag, a) for tag, attributes in found.elements for a in attributes if a.startswith("on")]  # fmt: skip
    assert handlers == []
    assert [tag for tag, _ in found.elements].count("script") == scripts
    for _, attributes in found.elements:
        for value in attributes.values():
            assert not value.strip().lower().startswith("javascript:")
    assert "<script>alert" not in page
    assert "<img" not in page
    assert "<!--" not in page
    return found


def test_a_meeting_id_with_markup_ended_up_verbatim_in_the_overview(
    attacked: kc.Calendar, attacked_site: dict[str, bytes]
) -> None:
    page = attacked_site[OVERVIEW].decode()
    found = _no_active_markup(page, scripts=2)
    # The text reaches the reader as the data has it, entity and all.
    assert found.h1 == f"Kalender {MARKUP}"
    ids = {a["id"] for _, a in found.elements if "id" in a}
    for m in attacked.meetings:
        assert f"m-{m.id}" in ids
    hrefs = {a["href"] for tag, a in found.elements if tag == "a"}
    assert f"#m-{attacked.meetings[0].id}" in hrefs
    # The data the page's script reads is JSON that never leaves its <script> element,
    # whatever the titles hold, and it gives the titles back as they were.
    data_script, code = found.scripts
    data = json.loads(data_script)
    assert {m["title"] for m in data["meetings"]} == {f"Titel {MARKUP}"}
    assert "innerHTML" not in code
    assert "insertAdjacentHTML" not in code


def test_markup_in_the_data_ended_up_verbatim_in_the_index(
    attacked: kc.Calendar, attacked_site: dict[str, bytes]
) -> None:
    page = attacked_site[INDEX].decode()
    found = _no_active_markup(page, scripts=0)
    assert found.h1 == f"Kalender {MARKUP}"
    # Person names and body names are feed names on the index: text there too.
    assert sum(1 for tag, a in found.elements if tag == "ul" and MARKUP in a.get("aria-label", "")) > 20  # fmt: skip


def test_the_feeds_carry_markup_as_inert_text(attacked: kc.Calendar) -> None:
    feeds = build_feeds(attacked, base_url=BASE)
    seen = 0
    for name, data in feeds.items():
        assert b"X-ALT-DESC" not in data, name  # no HTML description for a client to render
        cal = icalendar.Calendar.from_ical(data)
        for event in cal.walk("VEVENT"):
            summary = str(event["SUMMARY"])
            assert MARKUP in summary, summary
            assert str(event["UID"]).split("@")[0].endswith(MARKUP)
            assert MARKUP in str(event.get("DESCRIPTION", ""))
            seen += 1
    assert seen > 100


# -- paths --------------------------------------------------------------------------------------


def test_server_paths_ended_up_on_the_public_pages(tmp_path: Path) -> None:
    where = tmp_path / "srv" / "kkr" / "data"
    where.mkdir(parents=True)
    shutil.copy(DATA, where / "kalender.toml")
    calendar = kc.load(where / "kalender.toml")
    assert str(tmp_path) in " ".join(str(s) for f in validate(calendar) for s in f.sources)
    site = build_site(calendar, BASE)
    for name, data in site.items():
        assert str(tmp_path).encode() not in data, name
        assert b"/srv/kkr/" not in data, name
    # Sources show as the document's name and line.
    page = site[OVERVIEW].decode()
    assert "kalender.toml:1188" in page
    assert "Kilde: kd-net-2023-04-14:462, kalender.toml:1188, kd-net-2022-02-11:453" in page


def test_a_source_shows_its_document_name_and_line_only() -> None:
    assert public_source(Source("/srv/kkr/kalender.toml", 1141)) == "kalender.toml:1141"
    assert public_source(Source(r"C:\Data\KKR\kalender.toml", 7)) == "kalender.toml:7"
    assert public_source(Source("kalender.toml")) == "kalender.toml"
    assert public_source(Source("embedded:midtjylland.toml", 3)) == "embedded:midtjylland.toml:3"
    assert without_paths(r"se C:\Data\KKR\kalender.toml:7 og ~/kkr/a.toml") == (
        "se kalender.toml:7 og a.toml"
    )
    # A relative path is cut where the data names it.
    assert (
        without_paths("ret examples/agendas/x.txt:4", ["examples/agendas/x.txt"]) == "ret x.txt:4"
    )
    # Dates, URLs and words with slashes are not paths.
    text = "KKR/KD-Net 24/12/2025 https://kl.dk/kkr/midt/ og/eller"
    assert without_paths(text) == text


# -- public pages -------------------------------------------------------------------------------


def test_a_public_site_showed_the_rules_findings() -> None:
    calendar = kc.load_embedded()
    assert len(validate(calendar)) > 0
    site = build_site(calendar, BASE, public=True)
    page = site[OVERVIEW].decode()
    found = elements(page)
    classes = {c for _, a in found.elements for c in a.get("class", "").split()}
    assert not classes & {"finding", "findings", "sev-error", "sev-warning", "sev-info", "rule"}
    assert not any(a.get("id", "").startswith("fund") for _, a in found.elements)
    for code in CODES:
        assert f"<code>{code}</code>" not in page
        assert f"({code})" not in page
        assert RULE_NAMES[code] not in page
    assert " fejl" not in page
    assert "advarsel" not in page.lower()
    assert "Fund " not in page
    # The meetings are all there.
    assert page.count('class="meeting ') == 50
    assert "og fund" not in site[INDEX].decode()
    # Without public, the same site shows them.
    full = build_site(calendar, BASE)[OVERVIEW].decode()
    assert "sev-error" in full
    assert "og fund" in build_site(calendar, BASE)[INDEX].decode()


# -- the rule names and the templates -----------------------------------------------------------


def test_every_rule_code_has_one_danish_name() -> None:
    assert list(RULE_NAMES) == list(CODES)
    assert len(set(RULE_NAMES.values())) == len(CODES)


def test_the_templates_ship_with_the_package() -> None:
    templates = importlib.resources.files("kdnet_calendar") / "templates"
    names = {t.name for t in templates.iterdir()}
    assert {"index.html", "oversigt.html", "oversigt.css", "oversigt.js"} <= names


def test_importing_the_pages_does_not_import_jinja2() -> None:
    code = (
        "import sys, kdnet_calendar, kdnet_calendar.pages, kdnet_calendar.overview, "
        "kdnet_calendar.publish; print('jinja2' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # fmt: skip
    assert result.stdout.strip() == "False"


def test_the_template_environment_is_made_once() -> None:
    from kdnet_calendar.pages import _environment

    env = _environment()
    assert env is _environment()
    assert callable(env.autoescape)
    assert env.autoescape("oversigt.html")
    assert env.autoescape("index.html")
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
