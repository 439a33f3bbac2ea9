"""The overview page in a real browser: Debian's chromium, driven by Playwright.

A waitress server on loopback serves the embedded data (``FeedApp([])``) exactly as
``kdnet-calendar serve`` does; chromium loads ``/oversigt`` from it and is used as a person
would: reading, clicking a day, tabbing, hovering, on a desktop and on a phone. The page
works out today and what comes next in the browser, so every test freezes the browser's
clock (``Date.now``) at a day of its choosing. Full-page screenshots go to
``$KDNET_SCREENSHOTS`` (or the test's temporary directory) for a human to look at.

``playwright install`` cannot download its browsers here, so Playwright is pointed at
``/usr/bin/chromium``; ``bash .ci/install-browser`` installs it. These tests never skip:
a missing browser fails them, so that CI cannot pass without having looked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import os
import re
import struct
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest

import kdnet_calendar as kc
from kdnet_calendar.feeds import feeds_for
from kdnet_calendar.model import Status
from kdnet_calendar.overview import render_overview
from kdnet_calendar.rules import validate
from kdnet_calendar.web import FeedApp

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HINT = "run bash .ci/install-browser (and pip install -e '.[test]' for playwright)"
#: Every wait is bounded; the whole module takes a few seconds.
TIMEOUT_MS = 5_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
YEARS = ["2022", "2023", "2024", "2025", "2026"]
#: The day the browser's clock is frozen at, unless a test says otherwise: between KD-Net's
#: meeting of 14 April 2023 and the KKR meeting it prepares, on 26 April.
TODAY = dt.date(2023, 4, 20)
#: What the page measured at a phone's width when it showed every year at once.
PHONE_HEIGHT_BEFORE = 17_516


def frozen(day: dt.date) -> str:
    """A script that stops the browser's clock at noon of ``day`` in Denmark."""
    noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    return f"Date.now = () => {int(noon.timestamp() * 1000)};"


# -- the server ---------------------------------------------------------------------------------


def _shutdown(server: Any) -> None:
    """Close the listener and any connection left open, ending ``run()``."""
    from waitress import wasyncore

    server.close()
    wasyncore.close_all(server._map)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """A waitress server with the embedded data on a loopback ephemeral port."""
    import waitress

    server = waitress.create_server(FeedApp([]), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        # Closed from the server's own loop thread (see tests/test_web.py).
        server.trigger.pull_trigger(lambda: _shutdown(server))
        thread.join(10)
        server.task_dispatcher.shutdown()
        assert not thread.is_alive()


# -- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if importlib.util.find_spec("playwright") is None:
        pytest.fail(f"the playwright package is not installed: {HINT}", pytrace=False)
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: {HINT}", pytrace=False)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=ARGS, headless=True, timeout=15_000
    )
    try:
        yield browser
    finally:
        browser.close()


@contextlib.contextmanager
def opened(
    browser: Browser,
    url: str,
    *,
    today: dt.date | None = TODAY,
    html: str | None = None,
    **options: Any,
) -> Iterator[Page]:
    """A fresh context and page at ``url``; fails on any request off the server or error.

    ``today`` is where the browser's clock stands (None: the real one); ``html``, when
    given, is served at ``url`` in place of what the server has there.
    """
    context: BrowserContext = browser.new_context(locale="da-DK", **options)
    if today is not None:
        context.add_init_script(frozen(today))
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(2 * TIMEOUT_MS)
    outside: list[str] = []
    errors: list[str] = []
    origin = url.split("/", 3)[:3]
    local = re.compile(re.escape("/".join(origin)) + r"(/.*)?")

    def block(route: Any) -> None:
        outside.append(route.request.url)
        route.abort()

    context.route(lambda u: not local.fullmatch(u), block)
    try:
        page = context.new_page()
        if html is not None:
            page.route(
                url,
                lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"),
            )
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        def dialog(d: Any) -> None:
            errors.append(f"a dialog opened: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        response = page.goto(url)
        assert response is not None
        assert response.status == 200
        yield page
        assert outside == [], "the page fetched something from elsewhere"
        assert errors == []
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    with opened(browser, f"{base_url}/oversigt", viewport=DESKTOP) as page:
        yield page


# -- helpers ------------------------------------------------------------------------------------


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: list[float], bg: list[float]) -> float:
    """WCAG 2 contrast ratio of two opaque sRGB colours."""
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


#: For each element matching the selector: its text colour and the colour it is painted on
#: (the first ancestor-or-self with an opaque background; the canvas is white).
_COLOURS_JS = """
sel => Array.from(document.querySelectorAll(sel)).filter(e => e.textContent.trim()).map(e => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  let bg = null;
  for (let n = e; n; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length < 4 || c[3] === 1) { bg = c; break; }
    if (c[3] !== 0) throw new Error('translucent background on ' + n.outerHTML.slice(0, 80));
  }
  return {text: e.textContent.trim(), fg: rgb(getComputedStyle(e).color), bg: bg || [255, 255, 255]};
})
"""

_FOCUSED_JS = """
() => {
  const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {tag: e.tagName, href: e.getAttribute('href'), outline: s.outlineStyle,
          width: parseFloat(s.outlineWidth), focusVisible: e.matches(':focus-visible'),
          inView: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth};
}
"""


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# -- the tests ----------------------------------------------------------------------------------


def test_title_and_headings(page: Page) -> None:
    from playwright.sync_api import expect

    expect(page).to_have_title("KKR Midtjylland og KD-Net – oversigt")
    assert page.locator("html").get_attribute("lang") == "da"
    expect(page.locator("h1")).to_have_text("KKR Midtjylland og KD-Net")
    # What comes next, today's year, and the subscribe links: the other years wait.
    expect(page.get_by_role("heading", level=2)).to_have_text(
        ["Det næste", "2023", "Abonnér i din kalender"]
    )
    expect(page.locator("table.month")).to_have_count(60)
    expect(page.locator("table.month:visible")).to_have_count(12)
    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("navigation", name="År")).to_be_visible()


def test_the_pairs_of_2023(page: Page) -> None:
    lines = page.locator("section[aria-labelledby=y2023] ul.pairs li").all_inner_texts()
    assert len(lines) == 5
    assert all("dage før" in line for line in lines), lines
    assert any(
        "ons 26. apr" in line and "fre 14. apr" in line and "(12 dage før)" in line
        for line in lines
    ), lines


def test_meetings_are_marked_in_the_grid(page: Page) -> None:
    from playwright.sync_api import expect

    expect(page.locator("td.meeting")).to_have_count(50)
    expect(page.locator("td.meeting.kkr")).to_have_count(21)  # 5 a year, 1 in 2026
    expect(page.locator("td.meeting.net")).to_have_count(23)  # likewise, and a 2-day trip
    expect(page.locator("td.meeting.other")).to_have_count(6)
    expect(page.locator("#d2023-04-26")).to_have_class(re.compile(r"\bmeeting\b.*\bkkr\b"))
    expect(page.locator("#d2023-04-14")).to_have_class(re.compile(r"\bmeeting\b.*\bnet\b"))


def test_the_2025_findings(page: Page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("link", name="2025", exact=True).click()
    findings = page.locator("section[aria-labelledby=y2025] ol.findings li")
    expect(findings.first).to_be_visible()
    items = findings.all_inner_texts()
    assert any(
        "Kilderne er uenige" in t
        and "source-disagreement" in t
        and "kilderne er uenige om KD-Nets møde" in t
        for t in items
    ), items
    assert any(
        "Ugedagen passer ikke til datoen" in t
        and "stated-weekday-mismatch" in t
        and "25. januar 2025 er en lørdag, ikke en fredag" in t
        for t in items
    ), items


def test_clicking_a_day_with_a_finding_scrolls_to_its_explanation(page: Page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("link", name="2025", exact=True).click()
    day = page.locator("#d2025-01-24 a")
    assert "source-disagreement" in (day.get_attribute("title") or "")
    day.click()
    expect(page).to_have_url(re.compile(r"/oversigt#fund-\d+$"))
    fragment = page.url.rsplit("#", 1)[1]
    target = page.locator(f"#{fragment}")
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text("source-disagreement")
    assert page.evaluate("document.querySelector(':target').id") == fragment


#: Everything the keyboard reaches, in order, that the reader can see.
_FOCUSABLE_JS = """
n => Array.from(document.querySelectorAll('a[href], summary, button, input, [tabindex]'))
  .filter(e => e.checkVisibility()).slice(0, n)
  .map(e => e.getAttribute('href') || e.textContent.trim())
"""


def test_the_keyboard_reaches_the_links_in_order_and_shows_where_it_is(page: Page) -> None:
    expected = page.evaluate(_FOCUSABLE_JS, 20)
    # What comes next, then the years, then the year's pairs and its month grids.
    assert expected[:3] == ["#m-kkr-midtjylland-2023-2", "#m-kd-net-2023-2", "#d2025-11-18"]
    assert expected[3:9] == [*(f"#y{y}" for y in YEARS), "Alle år"]
    assert expected[9:11] == ["#d2023-02-10", "#d2023-01-27"]
    assert "#m-kd-net-2023-1" in expected[14:]  # the grid's first meeting day
    for want in expected:
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED_JS)
        assert (focused["href"] or page.evaluate("document.activeElement.textContent")) == want
        assert focused["focusVisible"], focused
        assert focused["outline"] != "none", focused
        assert focused["width"] >= 2, focused
        assert focused["inView"], focused
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(_FOCUSED_JS)["href"] == expected[-2]
    # Enter on a year shows that year; on a day with a finding goes to the finding.
    from playwright.sync_api import expect

    page.locator("nav a[href='#y2025']").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#d2025-01-24 a")).to_be_visible()
    page.locator("#d2025-01-24 a").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#fund-1$"))


def test_hovering_a_meeting_names_it(page: Page) -> None:
    link = page.locator("#d2023-04-26 a")
    link.hover()
    box = link.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    hovered = page.evaluate(
        "([x, y]) => { const e = document.elementFromPoint(x, y);"
        " return {hover: e.matches(':hover'), title: e.closest('[title]')?.title}; }",
        [x, y],
    )
    assert hovered["hover"]
    assert hovered["title"] == "onsdag den 26. april 2023: KKR Midtjylland"
    # A KD-Net meeting gives its time; a holiday says which.
    assert page.locator("#d2023-04-14 a").get_attribute("title") == (
        "fredag den 14. april 2023: KD-Net 10.00"
    )
    assert "store bededag" in (page.locator("td[title*='5. maj 2023']").get_attribute("title") or "")  # fmt: skip


def test_meeting_cells_and_other_text_have_enough_contrast(page: Page) -> None:
    meeting_cells = page.evaluate(_COLOURS_JS, "td.meeting a")
    assert len(meeting_cells) == 50
    others = page.evaluate(
        _COLOURS_JS,
        "td.holiday, td.school, td.today, th, .lead, .lead-days, .tag, .bad, .sev-error, "
        ".sev-warning, .sev-info, .rule, .pairs a, .subscribe a, .legend li, caption, small, "
        ".next dt, .next dd a, .next .when, nav.years a, nav.years button, .marks li",
    )
    low = [
        (x["text"][:30], x["fg"], x["bg"], round(contrast(x["fg"], x["bg"]), 2))
        for x in meeting_cells + others
        if contrast(x["fg"], x["bg"]) < 4.5
    ]
    assert low == []


def test_on_a_phone_nothing_scrolls_sideways(browser: Browser, base_url: str) -> None:
    with opened(
        browser, f"{base_url}/oversigt", viewport=PHONE, is_mobile=True, has_touch=True
    ) as phone:
        sizes = phone.evaluate(
            "({scroll: document.documentElement.scrollWidth, inner: innerWidth,"
            " widest: Math.max(...Array.from(document.querySelectorAll('body *'),"
            " e => e.getBoundingClientRect().right))})"
        )
        assert sizes["inner"] == 390
        assert sizes["scroll"] <= sizes["inner"], sizes
        assert sizes["widest"] <= sizes["inner"], sizes
        smallest = phone.evaluate(
            "Math.min(...Array.from(document.querySelectorAll('body *'))"
            ".filter(e => e.checkVisibility() && [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))"
            ".map(e => parseFloat(getComputedStyle(e).fontSize)))"
        )
        assert smallest >= 12


# -- the page people plan by --------------------------------------------------------------------


def _next(page: Page) -> dict[str, str]:
    """The box of what comes next, row by row, as a reader sees it."""
    rows = page.locator("#naeste dl > div:visible")
    return {
        row.locator("dt").inner_text(): row.locator("dd").inner_text()
        for row in (rows.nth(i) for i in range(rows.count()))
    }


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_overview_was_an_archive_today_and_the_next_meetings_are_shown(
    browser: Browser, base_url: str, viewport: str
) -> None:
    from playwright.sync_api import expect

    options: dict[str, Any] = (
        {"viewport": DESKTOP}
        if viewport == "desktop"
        else {"viewport": PHONE, "is_mobile": True, "has_touch": True}
    )
    with opened(browser, f"{base_url}/oversigt", **options) as page:
        box = page.locator("#naeste")
        expect(box).to_be_visible()
        expect(box).to_be_in_viewport()  # at the top, before the year
        expect(box).to_contain_text("I dag er torsdag den 20. april 2023.")
        assert _next(page) == {
            "Næste møde i KKR Midtjylland": "onsdag den 26. april 2023 (om 6 dage)",
            "Forberedes af KD-Net": "fredag den 14. april 2023 kl. 10.00 (for 6 dage siden)",
            "Næste vigtige dato": "tirsdag den 18. november 2025 (om 943 dage): kommunalvalg",
        }
        # Today in the month grid: one cell, the 20th of April 2023, told to a screen reader.
        today = page.locator("td.today")
        expect(today).to_have_count(1)
        expect(today).to_have_text("20")
        expect(today).to_have_attribute("aria-current", "date")
        assert today.evaluate("e => e.closest('table').dataset.month") == "2023-04"
        assert today.evaluate("e => getComputedStyle(e).boxShadow") != "none"
        # The box's links lead to the meetings in the year's list.
        box.get_by_role("link", name="onsdag den 26. april 2023").click()
        expect(page.locator("#m-kkr-midtjylland-2023-2")).to_be_visible()


def test_the_page_stays_right_tomorrow_without_a_rebuild(browser: Browser, base_url: str) -> None:
    """The same bytes, read a week later, tell the next meeting of that day."""
    with opened(browser, f"{base_url}/oversigt", today=dt.date(2023, 4, 27)) as page:
        assert (
            _next(page)["Næste møde i KKR Midtjylland"] == "onsdag den 21. juni 2023 (om 55 dage)"
        )
        assert (
            _next(page)["Forberedes af KD-Net"] == "fredag den 2. juni 2023 kl. 10.00 (om 36 dage)"
        )
        assert (
            page.locator("td.today").evaluate("e => e.closest('table').dataset.month") == "2023-04"
        )
    # Past the last KKR meeting of the data, and in a year the data does not reach.
    with opened(browser, f"{base_url}/oversigt", today=dt.date(2027, 3, 1)) as page:
        assert _next(page) == {
            "Næste møde i KKR Midtjylland": "ingen flere møder i kalenderen",
            "Næste vigtige dato": "tirsdag den 20. november 2029 (om 995 dage): kommunalvalg",
        }
        from playwright.sync_api import expect

        expect(page.locator("td.today")).to_have_count(0)
        expect(page.get_by_role("heading", level=2, name="2026")).to_be_visible()  # the last year


def test_the_year_navigation_shows_one_year_at_a_time(browser: Browser, base_url: str) -> None:
    from playwright.sync_api import expect

    for options in (
        {"viewport": DESKTOP},
        {"viewport": PHONE, "is_mobile": True, "has_touch": True},
    ):
        with opened(browser, f"{base_url}/oversigt", **options) as page:
            nav = page.get_by_role("navigation", name="År")
            expect(nav.get_by_role("link")).to_have_text(YEARS)
            expect(nav.locator("[aria-current]")).to_have_text("2023")
            for year in ("2025", "2022"):
                nav.get_by_role("link", name=year, exact=True).click()
                expect(page).to_have_url(re.compile(f"#y{year}$"))
                expect(page.locator("section.year:visible")).to_have_count(1)
                expect(page.locator("section.year:visible h2")).to_have_text(year)
                expect(page.get_by_role("heading", level=2, name=year)).to_be_in_viewport()
                expect(nav.locator("[aria-current]")).to_have_text(year)
            # A link into another year shows that year (the pairs of 2022 → a 2022 day).
            page.evaluate("location.hash = '#d2024-01-26'")
            expect(page.locator("section.year:visible h2")).to_have_text("2024")
            expect(page.locator("#d2024-01-26")).to_be_in_viewport()
            # And every year at once, for reading it all or printing it.
            nav.get_by_role("button", name="Alle år").click()
            expect(page.locator("section.year:visible")).to_have_count(5)
    # A link from elsewhere to a day opens on that day's year.
    with opened(browser, f"{base_url}/oversigt#d2025-01-24", viewport=DESKTOP) as page:
        expect(page.locator("section.year:visible h2")).to_have_text("2025")
        expect(page.locator("#d2025-01-24")).to_be_in_viewport()


def test_a_phone_scrolled_17000_px_through_every_year(browser: Browser, base_url: str) -> None:
    with opened(
        browser, f"{base_url}/oversigt", viewport=PHONE, is_mobile=True, has_touch=True
    ) as phone:
        height = phone.evaluate("document.documentElement.scrollHeight")
        assert height < 6000, f"{height} px (every year at once was {PHONE_HEIGHT_BEFORE} px)"
        print(f"phone page height: {height} px (before: {PHONE_HEIGHT_BEFORE} px)")


def test_without_javascript_the_page_shows_everything(browser: Browser, base_url: str) -> None:
    from playwright.sync_api import expect

    with opened(
        browser, f"{base_url}/oversigt", viewport=DESKTOP, java_script_enabled=False
    ) as page:
        expect(page.get_by_role("heading", level=2)).to_have_text(
            [*YEARS, "Abonnér i din kalender"]
        )
        expect(page.locator("#naeste")).to_be_hidden()  # it would be empty
        expect(page.locator("nav.years button")).to_be_hidden()
        # The year links still jump to their year.
        page.get_by_role("link", name="2025", exact=True).click()
        expect(page.get_by_role("heading", level=2, name="2025")).to_be_in_viewport()


def test_election_day_and_the_constituting_deadline_are_marked(
    browser: Browser, base_url: str
) -> None:
    from playwright.sync_api import expect

    with opened(browser, f"{base_url}/oversigt#y2025", viewport=DESKTOP) as page:
        election = page.locator("#d2025-11-18")
        expect(election).to_be_visible()
        expect(election).to_have_class(re.compile(r"\belection\b"))
        assert "Kommunalvalg" in (election.locator("a").get_attribute("title") or "")
        assert election.evaluate("e => getComputedStyle(e).boxShadow") != "none"
        star = election.locator("a").evaluate("e => getComputedStyle(e, '::before').content")
        assert star == '"★"'
        expect(page.locator("#dato-2025-11-18")).to_have_text(
            "tirsdag den 18. november 2025: kommunalvalg"
        )
        election.locator("a").click()
        expect(page.locator("#dato-2025-11-18")).to_be_in_viewport()
    with opened(browser, f"{base_url}/oversigt#y2026", viewport=DESKTOP) as page:
        deadline = page.locator("#d2026-01-31")
        expect(deadline).to_have_class(re.compile(r"\bdeadline\b"))
        expect(page.locator("#dato-2026-01-31")).to_have_text(
            "lørdag den 31. januar 2026: sidste frist for KKR Midtjyllands konstituerende møde"
        )


def test_a_cancelled_meeting_was_hidden_now_it_is_struck_through(
    browser: Browser, base_url: str
) -> None:
    from playwright.sync_api import expect

    calendar = kc.load_embedded()
    cancelled = calendar.meeting("kkr-midtjylland-2023-2")  # 26 April 2023
    calendar = calendar.with_meetings(
        [
            attrs.evolve(m, status=Status.CANCELLED) if m is cancelled else m
            for m in calendar.meetings
        ]
    )
    html = render_overview(calendar, validate(calendar), feeds_for(calendar))
    with opened(browser, f"{base_url}/aflyst.html", html=html, viewport=DESKTOP) as page:
        cell = page.locator("#d2023-04-26")
        expect(cell).to_be_visible()
        expect(cell).to_have_class(re.compile(r"\bcancelled\b"))
        assert "AFLYST: KKR Midtjylland" in (cell.locator("a").get_attribute("title") or "")
        struck = cell.locator("s")
        expect(struck).to_have_text("26")
        assert "line-through" in struck.evaluate("e => getComputedStyle(e).textDecorationLine")
        page.locator("details.meeting-list:visible summary").click()
        item = page.locator("#m-kkr-midtjylland-2023-2")
        expect(item).to_be_visible()
        expect(item).to_contain_text("AFLYST")
        assert "line-through" in item.locator("s").evaluate(
            "e => getComputedStyle(e).textDecorationLine"
        )
        # The next meeting is the one after it: a cancelled meeting is not coming up.
        assert _next(page)["Næste møde i KKR Midtjylland"].startswith("onsdag den 21. juni 2023")


def test_markup_in_the_data_runs_nothing_in_the_browser(browser: Browser, base_url: str) -> None:
    from playwright.sync_api import expect

    attack = '"><img src=x onerror=alert(1)></script><script>alert(2)</script>'
    calendar = kc.load_embedded()
    calendar = attrs.evolve(
        calendar,
        name=f"Navn {attack}",
        meetings=tuple(
            attrs.evolve(m, id=f"{m.id}{attack}", title=f"Titel {attack}", note=attack)
            for m in calendar.meetings
        ),
    )
    html = render_overview(calendar, validate(calendar), feeds_for(calendar))
    with opened(browser, f"{base_url}/angreb.html", html=html, viewport=DESKTOP) as page:
        # The `opened` helper fails the test on any dialog, page error or request elsewhere.
        expect(page.locator("h1")).to_have_text(f"Navn {attack}")
        expect(page.locator("img")).to_have_count(0)
        expect(page.locator("script")).to_have_count(2)
        assert "Titel " + attack in page.locator("#naeste").inner_text()


def test_the_index_page_leads_to_the_overview(browser: Browser, base_url: str) -> None:
    from playwright.sync_api import expect

    with opened(browser, f"{base_url}/", viewport=DESKTOP, today=None) as page:
        page.get_by_role("link", name=re.compile(r"^Oversigt")).click()
        expect(page).to_have_url(f"{base_url}/oversigt.html")
        expect(page.locator("h1")).to_have_text("KKR Midtjylland og KD-Net")
        expect(page.get_by_role("heading", level=2).first).to_have_text("Det næste")
        # The server has no --base-url, so the feeds are linked by file name (links are
        # never made from the request's Host header).
        first = page.locator("ul.subscribe a").first
        assert first.get_attribute("href") == "alle.ics"
        # And back: the page's own link to every calendar.
        page.get_by_role("link", name="Alle kalendere, også personlige").click()
        expect(page).to_have_url(f"{base_url}/index.html")


def test_screenshots(browser: Browser, base_url: str, tmp_path: Path) -> None:
    directory = Path(os.environ.get("KDNET_SCREENSHOTS") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    shots: dict[str, dict[str, Any]] = {
        "oversigt-desktop.png": {"viewport": DESKTOP},
        "oversigt-phone.png": {"viewport": PHONE, "is_mobile": True, "has_touch": True},
    }
    for name, options in shots.items():
        with opened(browser, f"{base_url}/oversigt", **options) as page:
            page.screenshot(path=directory / name, full_page=True, timeout=2 * TIMEOUT_MS)
        with opened(browser, f"{base_url}/oversigt", **options) as page:
            page.emulate_media(media="print")
            page.screenshot(
                path=directory / f"print-{name}", full_page=True, timeout=2 * TIMEOUT_MS
            )
    for name, options in shots.items():
        path = directory / name
        width, height = png_size(path)
        assert width == options["viewport"]["width"]
        assert height > 1.5 * options["viewport"]["height"]
        assert path.stat().st_size > 100_000, "a screenshot of a blank page?"
