"""The overview page (``oversigt.html``), read as HTML without a browser.

The page is parsed with the standard library's ``html.parser`` into a small tree, so the
tests ask what a reader (or a screen reader) gets: headings, the KKR/KD-Net pairs, a cell
for every day with its classes and tooltip, and the findings with the links to them. The
embedded data set is the real case; hand-made calendars cover the edges.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser

import attrs
import pytest
from attrs import Factory
from hypothesis import given, settings
from hypothesis import strategies as st

from kdnet_calendar import Body, BodyKind, Calendar, Meeting, MeetingKind, Status, load_embedded
from kdnet_calendar.danish import RULE_NAMES
from kdnet_calendar.feeds import feeds_for
from kdnet_calendar.overview import OVERVIEW, render_overview
from kdnet_calendar.publish import INDEX, build_site, links
from kdnet_calendar.rules import Finding, Report, Severity, Text, validate

KKR = "kkr-midtjylland"
NET = "kd-net"
YEARS = ["2022", "2023", "2024", "2025", "2026"]
#: Elements without an end tag.
VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
)  # fmt: skip


# -- a small DOM -------------------------------------------------------------------------------


@attrs.define(eq=False, repr=False)
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = Factory(list)

    def __repr__(self) -> str:
        shown = "".join(
            f" {k}={v!r}" for k, v in self.attrs.items() if k in ("id", "class", "href")
        )
        return f"<{self.tag}{shown}>"

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        """The text content, whitespace collapsed (what a reader sees)."""
        parts: list[str] = []

        def walk(node: Node) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self)
        return " ".join("".join(parts).split())

    def iter(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
        ]

    def by_id(self, ident: str) -> Node:
        found = [n for n in self.iter() if n.attrs.get("id") == ident]
        assert len(found) == 1, f"{len(found)} elements with id={ident!r}"
        return found[0]

    def has_id(self, ident: str) -> bool:
        return any(n.attrs.get("id") == ident for n in self.iter())


class _TreeBuilder(HTMLParser):
    """Builds the tree and insists that every element is closed, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs_}
        assert len(attributes) == len(attrs_), f"<{tag}> repeats an attribute: {attrs_}"
        node = Node(tag, attributes, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        assert tag in VOID, f"<{tag}/> is not a void element"
        self.handle_starttag(tag, attrs_)

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"</{tag}> closes a void element"
        open_tag = self.stack[-1].tag
        assert open_tag == tag, f"</{tag}> closes <{open_tag}> at line {self.getpos()[0]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.stack == [builder.root], f"unclosed: {[n.tag for n in builder.stack[1:]]}"
    assert builder.doctype.lower() == "doctype html"
    return builder.root


def cell(doc: Node, day: dt.date) -> Node:
    """The month grid's cell for ``day`` (found by its number, also for days without an id)."""
    for table in doc.find_all("table", "month"):
        caption = table.find_all("caption")[0].text
        if caption != f"{MONTH_NAMES[day.month - 1]} {day.year}":
            continue
        cells = [td for td in table.find_all("td") if td.text == str(day.day)]
        assert len(cells) == 1, f"{len(cells)} cells for {day}"
        return cells[0]
    raise AssertionError(f"no month grid for {day:%Y-%m}")


def tooltip(td: Node) -> str:
    """What hovering the cell shows: its own title or its link's."""
    titled = [td, *td.find_all("a")]
    return " ".join(n.attrs["title"] for n in titled if "title" in n.attrs)


MONTH_NAMES = [
    "Januar", "Februar", "Marts", "April", "Maj", "Juni",
    "Juli", "August", "September", "Oktober", "November", "December",
]  # fmt: skip


# -- the embedded data ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def calendar(embedded: Calendar) -> Calendar:
    return embedded


@pytest.fixture(scope="module")
def report(calendar: Calendar) -> Report:
    return validate(calendar)


@pytest.fixture(scope="module")
def page(calendar: Calendar, report: Report) -> str:
    feeds = feeds_for(calendar)
    subscribe = {f.id: links("https://example.dk/kalender", f).webcal for f in feeds}
    return render_overview(calendar, report, feeds, links=subscribe)


@pytest.fixture(scope="module")
def doc(page: str) -> Node:
    return parse(page)


def regular(calendar: Calendar, body: str, year: int | None = None) -> list[Meeting]:
    return [
        m
        for m in calendar.meetings_of(body, year=year, include_cancelled=False)
        if m.kind.is_regular
    ]


def short(day: dt.date) -> str:
    """``ons 26. apr``, written out here rather than borrowed from the page's code."""
    weekdays = ["man", "tir", "ons", "tor", "fre", "lør", "søn"]
    months = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    return f"{weekdays[day.weekday()]} {day.day}. {months[day.month - 1]}"


def section(doc: Node, year: int) -> Node:
    return next(n for n in doc.find_all("section") if n.attrs.get("aria-labelledby") == f"y{year}")


def h2s(doc: Node) -> list[str]:
    """The main part's second-level headings: a year each, then the sections after them."""
    (main,) = doc.find_all("main")
    return [h.text for h in main.find_all("h2")]


def scripts(doc: Node) -> tuple[Node, Node]:
    """The page's two scripts: its data (JSON, inert) and the code that reads it."""
    data, code = doc.find_all("script")
    assert data.attrs == {"type": "application/json", "id": "kalender-data"}
    assert code.attrs == {}
    return data, code


def pair_lines(doc: Node, year: int) -> list[str]:
    return [li.text for ul in section(doc, year).find_all("ul", "pairs") for li in ul.children if isinstance(li, Node)]  # fmt: skip


def test_the_page_is_well_formed_danish_html(doc: Node, page: str) -> None:
    (html_,) = doc.find_all("html")
    assert html_.attrs["lang"] == "da"
    metas = {m.attrs.get("name"): m.attrs for m in doc.find_all("meta")}
    assert metas["viewport"]["content"] == "width=device-width, initial-scale=1"
    assert any(m.attrs.get("charset") == "utf-8" for m in doc.find_all("meta"))
    assert [h.text for h in doc.find_all("h1")] == ["KKR Midtjylland og KD-Net"]
    assert doc.find_all("title")[0].text == "KKR Midtjylland og KD-Net – oversigt"
    # The only script is the page's own: what comes next, and one year at a time. Without
    # it the page still has everything: every year's section, none of them hidden.
    scripts(doc)
    assert "hidden" in doc.by_id("naeste").attrs
    assert [s.attrs["data-year"] for s in doc.find_all("section", "year")] == YEARS
    assert not [s for s in doc.find_all("section", "year") if "hidden" in s.attrs]
    ids = [n.attrs["id"] for n in doc.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    # Every in-page link lands somewhere.
    for a in doc.find_all("a"):
        href = a.attrs.get("href", "")
        if href.startswith("#"):
            assert doc.has_id(href[1:]), f"dangling link {href}"
    # Headings are not skipped: h1, then h2 per section, h3 within.
    levels = [int(n.tag[1]) for n in doc.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert page.count("<main>") == 1


def test_one_heading_per_year_then_the_subscribe_section(doc: Node) -> None:
    assert h2s(doc) == [*YEARS, "Abonnér i din kalender"]
    assert doc.find_all("h2")[0].text == "Det næste"
    for year in YEARS:
        assert doc.by_id(f"y{year}").tag == "h2"
        # Twelve month grids per year, each a table with a caption and weekday headers.
        tables = section(doc, int(year)).find_all("table", "month")
        assert [t.find_all("caption")[0].text for t in tables] == [f"{m} {year}" for m in MONTH_NAMES]  # fmt: skip
        days = [th.attrs["abbr"] for th in tables[0].find_all("thead")[0].find_all("th")]
        assert days[:3] == ["uge", "mandag", "tirsdag"]  # ISO week numbers first


def test_the_pairs_of_2023(doc: Node) -> None:
    assert pair_lines(doc, 2023) == [
        "KKR Midtjylland fre 10. feb ← KD-Net fre 27. jan (14 dage før)",
        "KKR Midtjylland ons 26. apr ← KD-Net fre 14. apr (12 dage før)",
        "KKR Midtjylland ons 21. jun ← KD-Net fre 2. jun (19 dage før)",
        "KKR Midtjylland ons 6. sep ← KD-Net fre 25. aug (12 dage før)",
        "KKR Midtjylland tir 21. nov ← KD-Net fre 10. nov (11 dage før)",
    ]
    first = next(li for ul in section(doc, 2023).find_all("ul", "pairs") for li in ul.find_all("li"))  # fmt: skip
    assert [a.attrs["href"] for a in first.find_all("a")] == ["#d2023-02-10", "#d2023-01-27"]


def test_every_ordinary_kkr_meeting_is_paired_with_the_meeting_that_prepares_it(
    calendar: Calendar, doc: Node
) -> None:
    # The preparing meeting worked out here independently: KD-Net's last regular meeting
    # 5–28 days before (DOMAIN rule missing-preparation).
    net = regular(calendar, NET)
    for year in range(2022, 2027):
        lines = pair_lines(doc, year)
        kkr = regular(calendar, KKR, year)
        assert len(lines) == len(kkr)
        for line, meeting in zip(lines, kkr, strict=True):
            assert line.startswith(f"KKR Midtjylland {short(meeting.date)}")
            if meeting.kind is MeetingKind.CONSTITUTING:
                continue
            window = [m for m in net if 5 <= (meeting.date - m.date).days <= 28]
            assert window, f"the data has no preparing meeting for {meeting.id}"
            prep = window[-1]
            lead = (meeting.date - prep.date).days
            assert line.endswith(f"← KD-Net {short(prep.date)} ({lead} dage før)"), line


def test_a_constituting_kkr_meeting_is_prepared_by_no_one(doc: Node) -> None:
    for year in (2022, 2026):
        assert pair_lines(doc, year)[0] == (
            f"KKR Midtjylland {short(dt.date(year, 1, 19))} (konstituerende) "
            "– KD-Net konstituerer sig bagefter"
        )


def test_every_meeting_day_has_a_marked_cell(calendar: Calendar, doc: Node) -> None:
    shown = 0
    for m in calendar.meetings:
        if m.cancelled or m.kind is MeetingKind.DEADLINE:
            continue
        day = m.date
        while day <= m.last_date:
            td = doc.by_id(f"d{day.isoformat()}")
            assert td.tag == "td"
            assert td.text == str(day.day)
            assert "meeting" in td.classes
            bodies = {x.body for x in calendar.meetings if x.date <= day <= x.last_date and not x.cancelled and x.kind is not MeetingKind.DEADLINE}  # fmt: skip
            expected = "kkr" if KKR in bodies else "net" if NET in bodies else "other"
            assert expected in td.classes, (day, td.classes)
            # Hover (or a screen reader) names the body.
            assert calendar.body(m.body).name in tooltip(td)
            assert td.find_all("a")[0].attrs["aria-label"] == td.find_all("a")[0].attrs["title"]
            shown += 1
            day += dt.timedelta(days=1)
    assert shown == 50  # 48 one-day meetings and a two-day study trip
    # A timed meeting says when, a titled one what.
    assert "KD-Net 10.00" in tooltip(doc.by_id("d2023-04-14"))
    assert "Studietur til Bruxelles" in tooltip(doc.by_id("d2022-05-19"))


def test_days_without_meetings_have_no_meeting_class(doc: Node) -> None:
    meeting_cells = {td.attrs.get("id") for td in doc.find_all("td", "meeting")}
    assert len(meeting_cells) == 50
    assert all(i and i.startswith("d") for i in meeting_cells)


@pytest.mark.parametrize(
    ("day", "note"),
    [
        (dt.date(2023, 5, 5), "store bededag"),
        (dt.date(2022, 4, 15), "langfredag"),
        (dt.date(2022, 4, 18), "2. påskedag"),
        (dt.date(2024, 5, 9), "Kristi himmelfartsdag"),
        (dt.date(2025, 12, 24), "juleaftensdag"),
        (dt.date(2023, 12, 27), "mellem jul og nytår"),
    ],
)
def test_holidays_and_days_off_are_shaded(doc: Node, day: dt.date, note: str) -> None:
    td = cell(doc, day)
    assert "holiday" in td.classes
    assert note in tooltip(td)


def test_store_bededag_is_a_working_day_from_2024(doc: Node) -> None:
    td = cell(doc, dt.date(2024, 4, 26))  # the Friday that would have been store bededag
    assert td.classes == set()


def test_school_holiday_weeks_are_shaded(doc: Node) -> None:
    for day in (dt.date(2023, 2, 13) + dt.timedelta(days=i) for i in range(7)):  # week 7
        td = cell(doc, day)
        assert "school" in td.classes
        assert "vinterferie (uge 7)" in tooltip(td)
    assert "efterårsferie (uge 42)" in tooltip(cell(doc, dt.date(2023, 10, 18)))
    assert "sommerferie (uge 28)" in tooltip(cell(doc, dt.date(2023, 7, 12)))
    # The weeks around are not.
    for day in (dt.date(2023, 2, 10), dt.date(2023, 2, 20)):
        assert "school" not in cell(doc, day).classes
    # Weekends are shaded as days off, too.
    assert cell(doc, dt.date(2023, 3, 11)).classes == {"holiday"}
    assert cell(doc, dt.date(2023, 3, 8)).classes == set()


def test_every_finding_is_listed_with_its_code_and_danish_message(
    report: Report, doc: Node
) -> None:
    assert len(report) == 7
    severity_da = {Severity.ERROR: "Fejl", Severity.WARNING: "Advarsel", Severity.INFO: "Info"}
    for n, f in enumerate(report.findings, start=1):
        li = doc.by_id(f"fund-{n}")
        assert li.tag == "li"
        assert li.parent is not None
        assert "findings" in li.parent.classes
        assert li.find_all("code")[0].text == f.code
        # The rule by its Danish name, and its code to look it up in the rule book.
        assert li.text.startswith(f"{severity_da[f.severity]} {RULE_NAMES[f.code]} {f.code}: ")
        assert " ".join(f.message("da").split()) in li.text
        if f.suggestion:
            assert f"Forslag: {f.suggestion.text('da')}" in li.text
        # Listed under the year it happens in.
        assert f"fund-{n}" in [x.attrs.get("id") for x in section(doc, f.dates[0].year).iter()]
    lead = doc.find_all("p", "lead")[0].text
    assert "2 fejl, 2 advarsler, 3 til orientering" in lead


def test_the_january_2025_findings(doc: Node) -> None:
    items = [li.text for li in section(doc, 2025).find_all("li") if li.attrs.get("id", "").startswith("fund-")]  # fmt: skip
    assert len(items) == 2
    assert "source-disagreement" in items[0]
    assert "kilderne er uenige om KD-Nets møde" in items[0]
    assert "stated-weekday-mismatch" in items[1]
    assert "25. januar 2025 er en lørdag, ikke en fredag" in items[1]


def _finding_days(calendar: Calendar, f: Finding) -> set[dt.date]:
    return set(f.dates) | {calendar.meeting(m).date for m in f.meetings}


def test_each_day_with_a_finding_is_marked_and_links_to_one_of_its_findings(
    calendar: Calendar, report: Report, doc: Node
) -> None:
    on: dict[dt.date, list[tuple[int, Finding]]] = {}
    for n, f in enumerate(report.findings, start=1):
        for day in _finding_days(calendar, f):
            on.setdefault(day, []).append((n, f))
    assert len(on) == 8
    for day, found in on.items():
        td = doc.by_id(f"d{day.isoformat()}")
        worst = min(f.severity.rank for _, f in found)
        assert {"finding", ("error", "warning", "info")[worst]} <= td.classes
        (a,) = td.find_all("a")
        assert a.attrs["href"] in {f"#fund-{n}" for n, _ in found}
        # Hovering names every finding of the day.
        for _, f in found:
            assert f.code in a.attrs["title"]
    # The cell of 24 January 2025 (KD-Net, stated by one source as the 25th).
    a = doc.by_id("d2025-01-24").find_all("a")[0]
    assert a.attrs["href"] == "#fund-1"
    assert "Fejl: Kilderne er uenige (source-disagreement)" in a.attrs["title"]
    assert "class" not in doc.by_id("fund-1").attrs


def test_every_finding_is_linked_from_a_day_cell(
    calendar: Calendar, report: Report, doc: Node
) -> None:
    linked = {a.attrs.get("href") for td in doc.find_all("td", "finding") for a in td.find_all("a")}  # fmt: skip
    unlinked = [
        f"fund-{n} {f.code}"
        for n, f in enumerate(report.findings, start=1)
        if f"#fund-{n}" not in linked
    ]
    assert unlinked == []


def test_subscribe_links_for_each_feed_but_the_personal_ones(calendar: Calendar, doc: Node) -> None:
    section_ = next(n for n in doc.find_all("section") if n.attrs.get("aria-labelledby") == "abonner")  # fmt: skip
    hrefs = [(a.text, a.attrs["href"]) for a in section_.find_all("ul", "subscribe")[0].find_all("a")]  # fmt: skip
    feeds = [f for f in feeds_for(calendar) if f.kind != "person"]
    assert hrefs == [(f.name, f"webcal://example.dk/kalender/{f.filename}") for f in feeds]
    assert hrefs[0] == ("KKR Midtjylland og KD-Net", "webcal://example.dk/kalender/alle.ics")
    assert any(a.attrs["href"] == "index.html" for a in section_.find_all("a"))


def test_without_links_the_feeds_are_linked_by_file_name(
    calendar: Calendar, report: Report
) -> None:
    doc = parse(render_overview(calendar, report, feeds_for(calendar)))
    hrefs = [a.attrs["href"] for a in doc.find_all("ul", "subscribe")[0].find_all("a")]
    assert hrefs[:3] == ["alle.ics", "kkr-midtjylland.ics", "kd-net.ics"]


def test_without_feeds_there_is_no_subscribe_section(calendar: Calendar, report: Report) -> None:
    doc = parse(render_overview(calendar, report))
    assert h2s(doc) == YEARS
    assert not doc.find_all("ul", "subscribe")


def test_the_published_site_has_the_page_and_the_index_links_to_it(calendar: Calendar) -> None:
    site = build_site(calendar, "https://example.dk/kalender")
    assert OVERVIEW == "oversigt.html"
    doc = parse(site[OVERVIEW].decode())
    assert doc.find_all("ul", "subscribe")[0].find_all("a")[0].attrs["href"] == (
        "webcal://example.dk/kalender/alle.ics"
    )
    index = parse(site[INDEX].decode())
    (link,) = [a for a in index.find_all("a") if a.attrs["href"] == OVERVIEW]
    assert link.text.startswith("Oversigt")


# -- hand-made calendars ------------------------------------------------------------------------


def two_bodies(*meetings: Meeting, name: str = "Test") -> Calendar:
    return Calendar(
        bodies=(
            Body("kkr", "KKR Test", kind=BodyKind.POLITICAL),
            Body("net", "Netværket", prepares="kkr"),
            Body("other", "Andre"),
        ),
        meetings=meetings,
        name=name,
    )


def test_a_kkr_meeting_without_a_preparing_meeting() -> None:
    cal = two_bodies(
        Meeting("kkr-1", "kkr", dt.date(2023, 3, 1)),
        Meeting("net-1", "net", dt.date(2023, 1, 6)),  # 54 days before: too early to count
        Meeting("kkr-2", "kkr", dt.date(2023, 6, 1)),
        Meeting("net-2", "net", dt.date(2023, 5, 19)),
    )
    doc = parse(render_overview(cal, Report(())))
    assert [h.text for h in doc.find_all("h3")] == ["KKR Test og Netværket"]
    lines = pair_lines(doc, 2023)
    assert lines == [
        "KKR Test ons 1. mar – intet forberedende Netværket-møde",
        "KKR Test tor 1. jun ← Netværket fre 19. maj (13 dage før)",
    ]
    assert "bad" in doc.find_all("ul", "pairs")[0].find_all("li")[0].find_all("span")[-1].classes


def test_an_empty_report_has_no_findings() -> None:
    cal = two_bodies(
        Meeting("kkr-1", "kkr", dt.date(2023, 3, 1)),
        Meeting("net-1", "net", dt.date(2023, 2, 17), start=dt.time(10)),
    )
    page = render_overview(cal, Report(()))
    doc = parse(page)
    assert not doc.find_all("ol", "findings")
    assert not doc.find_all("td", "finding")
    assert "fund-" not in page
    assert h2s(doc) == ["2023"]
    assert "0 fejl, 0 advarsler, 0 til orientering" in doc.find_all("p", "lead")[0].text
    assert doc.by_id("d2023-03-01").classes == {"meeting", "kkr"}
    assert doc.by_id("d2023-02-17").classes == {"meeting", "net", "school"}


def test_a_cancelled_meeting_and_a_deadline_get_no_meeting_cell() -> None:
    cal = two_bodies(
        Meeting("kkr-1", "kkr", dt.date(2023, 3, 1)),
        Meeting("kkr-x", "kkr", dt.date(2023, 3, 8), status=Status.CANCELLED),
        Meeting("frist", "kkr", dt.date(2023, 3, 15), kind=MeetingKind.DEADLINE, title="Frist"),
    )
    doc = parse(render_overview(cal, Report(())))
    assert "meeting" not in cell(doc, dt.date(2023, 3, 8)).classes
    assert "meeting" not in cell(doc, dt.date(2023, 3, 15)).classes
    assert pair_lines(doc, 2023) == ["KKR Test ons 1. mar – intet forberedende Netværket-møde"]


def test_a_finding_outside_the_years_shown_is_listed_under_other_findings() -> None:
    cal = two_bodies(Meeting("kkr-1", "kkr", dt.date(2023, 3, 1)))
    late = Finding("spacing", Severity.WARNING, Text("sent", "late"), dates=(dt.date(2031, 1, 2),))
    doc = parse(render_overview(cal, Report((late,)), years=[2023]))
    assert h2s(doc) == ["2023", "Andre fund"]
    assert doc.by_id("fund-1").text == "Advarsel For kort tid mellem to møder spacing: sent"


def test_a_finding_without_dates_is_still_listed() -> None:
    cal = two_bodies(Meeting("kkr-1", "kkr", dt.date(2023, 3, 1)))
    dateless = Finding("overlap", Severity.ERROR, Text("overlapper", "overlaps"), meetings=("kkr-1",))  # fmt: skip
    doc = parse(render_overview(cal, Report((dateless,))))
    assert doc.by_id("d2023-03-01").find_all("a")[0].attrs["href"] == "#fund-1"
    assert doc.has_id("fund-1")


def test_a_year_before_the_first_election_period_does_not_break_the_page() -> None:
    cal = two_bodies(
        Meeting("kkr-typo", "kkr", dt.date(2005, 3, 1)),
        Meeting("kkr-1", "kkr", dt.date(2025, 3, 5)),
    )
    assert len(build_site(cal)) > 2  # the feeds are built, with or without the overview
    doc = parse(render_overview(cal, Report(())))
    assert h2s(doc) == ["2005", "2025"]


def test_text_is_escaped() -> None:
    nasty = '<script>alert("x")</script>'
    cal = attrs.evolve(
        two_bodies(
            Meeting("kkr-1", "kkr", dt.date(2023, 3, 1), title=nasty),
            Meeting("net-1", "net", dt.date(2023, 2, 17)),
        ),
        bodies=(
            Body("kkr", "KKR <b>&amp;</b>", kind=BodyKind.POLITICAL),
            Body("net", 'Net "x"', prepares="kkr"),
        ),
        name="<i>Navn</i> & co",
    )
    finding = Finding("spacing", Severity.ERROR, Text(nasty, nasty), dates=(dt.date(2023, 3, 1),))
    page = render_overview(cal, Report((finding,)))
    doc = parse(page)
    assert "<script>alert" not in page
    data, _ = scripts(doc)
    # As JSON that a browser never runs, with < and > written as \u escapes.
    assert nasty in [m["title"] for m in json.loads(data.text)["meetings"]][1]
    assert not doc.find_all("b")
    assert not doc.find_all("i")
    assert doc.find_all("h1")[0].text == "<i>Navn</i> & co"
    assert nasty in doc.by_id("d2023-03-01").find_all("a")[0].attrs["title"]
    assert doc.by_id("fund-1").text == f"Fejl For kort tid mellem to møder spacing: {nasty}"
    assert pair_lines(doc, 2023)[0].startswith('KKR <b>&amp;</b> ons 1. mar ← Net "x"')


# -- any subset of the real meetings ------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_subset_of_the_meetings_renders(calendar: Calendar, data: st.DataObject) -> None:
    chosen: Sequence[Meeting] = data.draw(
        st.lists(st.sampled_from(calendar.meetings), unique_by=lambda m: m.id, max_size=20)
    )
    cal = calendar.with_meetings(chosen)
    report = validate(cal)
    doc = parse(render_overview(cal, report, feeds_for(cal)))
    shown = {m.date.year for m in chosen if m.kind.is_regular}
    assert h2s(doc)[: len(shown)] == [str(y) for y in sorted(shown)]
    for m in chosen:
        if m.date.year in shown and not m.cancelled and m.kind is not MeetingKind.DEADLINE:
            assert "meeting" in doc.by_id(f"d{m.date.isoformat()}").classes
    for a in doc.find_all("a"):
        href = a.attrs["href"]
        if href.startswith("#d"):
            assert doc.has_id(href[1:])
    numbered = [n for n in doc.iter() if re.fullmatch(r"fund-\d{1,3}", n.attrs.get("id", ""))]
    assert len(numbered) == sum(1 for f in report.findings if f.dates)


def test_every_meeting_and_deadline_is_listed_and_reached_from_its_day() -> None:
    calendar = load_embedded()
    page = render_overview(calendar, validate(calendar))
    for m in calendar.meetings:
        assert f'<li id="m-{m.id}">' in page, m.id
    # Deadlines, which are not meetings, still show on their day and in the list.
    assert 'id="d2023-06-20" class="deadline"' in page
    assert "Frist: Midtjyllands bidrag" in page
    # A trip of several days is told apart from an ordinary meeting.
    assert 'id="d2022-05-18" class="meeting net trip"' in page
    assert '<a href="#m-kkr-midtjylland-2023-2"' in page
