"""The overview page in a real browser: Debian's chromium, driven by Playwright.

A waitress server on loopback serves the embedded data (``FeedApp([])``) exactly as
``kdnet-calendar serve`` does; chromium loads ``/oversigt`` from it and is used as a person
would: reading, clicking a day, tabbing, hovering, on a desktop and on a phone. Full-page
screenshots go to ``$KDNET_SCREENSHOTS`` (or the test's temporary directory) for a human
to look at.

``playwright install`` cannot download its browsers here, so Playwright is pointed at
``/usr/bin/chromium``; ``bash .ci/install-browser`` installs it. These tests never skip:
a missing browser fails them, so that CI cannot pass without having looked.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import struct
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

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
def opened(browser: Browser, url: str, **options: Any) -> Iterator[Page]:
    """A fresh context and page at ``url``; fails on any request off the server or error."""
    context: BrowserContext = browser.new_context(locale="da-DK", **options)
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
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
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
    expect(page.get_by_role("heading", level=2)).to_have_text([*YEARS, "Abonnér i din kalender"])
    expect(page.locator("table.month")).to_have_count(60)


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
    items = page.locator("section[aria-labelledby=y2025] ol.findings li").all_inner_texts()
    assert any("source-disagreement" in t and "kilderne er uenige om KD-Nets møde" in t for t in items)  # fmt: skip
    assert any(
        "stated-weekday-mismatch" in t and "25. januar 2025 er en lørdag, ikke en fredag" in t
        for t in items
    ), items


def test_clicking_a_day_with_a_finding_scrolls_to_its_explanation(page: Page) -> None:
    from playwright.sync_api import expect

    day = page.locator("#d2025-01-24 a")
    assert "source-disagreement" in (day.get_attribute("title") or "")
    day.click()
    expect(page).to_have_url(re.compile(r"/oversigt#fund-\d+$"))
    fragment = page.url.rsplit("#", 1)[1]
    target = page.locator(f"#{fragment}")
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text("source-disagreement")
    assert page.evaluate("document.querySelector(':target').id") == fragment


def test_the_keyboard_reaches_the_links_in_order_and_shows_where_it_is(page: Page) -> None:
    expected = page.evaluate(
        "Array.from(document.querySelectorAll('a[href], summary, button, input, [tabindex]'))"
        ".slice(0, 14).map(e => e.getAttribute('href'))"
    )
    assert expected[:2] == ["#d2022-01-19", "#d2022-03-23"]  # the 2022 pairs come first
    assert "#m-kkr-midtjylland-2022-1" in expected[9:]  # then the grid's first meeting day
    for want in expected:
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED_JS)
        assert focused["href"] == want
        assert focused["focusVisible"], focused
        assert focused["outline"] != "none", focused
        assert focused["width"] >= 2, focused
        assert focused["inView"], focused
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(_FOCUSED_JS)["href"] == expected[-2]
    # Enter on a day with a finding goes to the finding, as a click does.
    page.locator("#d2025-01-24 a").focus()
    page.keyboard.press("Enter")
    from playwright.sync_api import expect

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
        "td.holiday, td.school, th, .lead, .lead-days, .tag, .bad, .sev-error, .sev-warning, "
        ".sev-info, .pairs a, .subscribe a, .legend li, caption, small",
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
            ".filter(e => e.childNodes.length && [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))"
            ".map(e => parseFloat(getComputedStyle(e).fontSize)))"
        )
        assert smallest >= 12


def test_the_index_page_leads_to_the_overview(browser: Browser, base_url: str) -> None:
    from playwright.sync_api import expect

    with opened(browser, f"{base_url}/", viewport=DESKTOP) as page:
        page.get_by_role("link", name=re.compile(r"^Oversigt")).click()
        expect(page).to_have_url(f"{base_url}/oversigt.html")
        expect(page.locator("h1")).to_have_text("KKR Midtjylland og KD-Net")
        expect(page.get_by_role("heading", level=2).first).to_have_text("2022")
        first = page.locator("ul.subscribe a").first
        assert (first.get_attribute("href") or "").startswith("webcal://127.0.0.1:")
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
    for name, options in shots.items():
        path = directory / name
        width, height = png_size(path)
        assert width == options["viewport"]["width"]
        assert height > 4 * options["viewport"]["height"]
        assert path.stat().st_size > 100_000, "a screenshot of a blank page?"
