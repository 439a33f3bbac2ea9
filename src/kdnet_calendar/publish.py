"""Publishing: every feed plus an index page of subscribe links, written atomically.

The same bytes are written by ``feeds build`` and served by ``serve``, so what a
municipality tests on disk is what its subscribers get.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import attrs

from .datafile import write_atomic
from .exceptions import KdnetCalendarError
from .feeds import Feed, build_feeds, feeds_for
from .model import Calendar

if TYPE_CHECKING:
    from .rules.settings import Settings

__all__ = ["Links", "build_site", "links", "render_index", "write_site"]

INDEX = "index.html"


@attrs.frozen
class Links:
    """The ways to subscribe to one feed, one per client family."""

    https: str
    webcal: str
    outlook_web: str
    outlook_365: str
    google: str


def links(base_url: str, feed: Feed) -> Links:
    """Subscribe links for a feed published under ``base_url`` (an absolute https URL)."""
    url = f"{base_url.rstrip('/')}/{feed.filename}"
    parts = urlsplit(url)
    webcal = "webcal://" + url.split("://", 1)[1] if parts.scheme else url
    name = quote(feed.name)
    return Links(
        https=url,
        webcal=webcal,
        outlook_web=f"https://outlook.live.com/calendar/0/addfromweb?url={quote(url, safe='')}&name={name}",
        outlook_365=f"https://outlook.office.com/calendar/0/addfromweb?url={quote(url, safe='')}&name={name}",
        google=f"https://calendar.google.com/calendar/r?cid={quote(webcal, safe='')}",
    )


_CSS = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --line: #d0d0d0; --accent: #00558c; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
       margin: 0 auto; padding: 1rem; max-width: 60rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
p.lead { color: var(--muted); }
ul.feeds { list-style: none; padding: 0; }
ul.feeds > li { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin: .75rem 0; }
.feed-name { font-weight: 600; }
.feed-desc { color: var(--muted); margin: .2rem 0 .5rem; }
.subscribe { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; list-style: none; }
.subscribe a { display: inline-block; padding: .35rem .7rem; border: 1px solid var(--accent);
               border-radius: 4px; color: var(--accent); text-decoration: none; }
.subscribe a:hover, .subscribe a:focus { background: var(--accent); color: #fff; }
a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
code { word-break: break-all; }
"""


def render_index(calendar: Calendar, feeds: Sequence[Feed], base_url: str | None = None) -> str:
    """A page of subscribe links in Danish; relative links when no base URL is known."""
    title = html.escape(calendar.name or "Mødekalender")
    groups = (
        ("all", "Hele kalenderen"),
        ("body", "Pr. råd, netværk og gruppe"),
        ("person", "Pr. person"),
    )
    sections = []
    for kind, heading in groups:
        items = []
        for feed in (f for f in feeds if f.kind == kind):
            name = html.escape(feed.name)
            desc = html.escape(feed.description)
            count = len(feed.meetings)
            if base_url:
                ln = links(base_url, feed)
                buttons = (
                    f'<li><a href="{html.escape(ln.webcal)}">Outlook og Apple (webcal)</a></li>'
                    f'<li><a href="{html.escape(ln.outlook_365)}">Outlook på nettet (arbejde)</a></li>'
                    f'<li><a href="{html.escape(ln.outlook_web)}">Outlook.com</a></li>'
                    f'<li><a href="{html.escape(ln.google)}">Google Kalender</a></li>'
                    f'<li><a href="{html.escape(ln.https)}">Adresse (https)</a></li>'
                )
                address = f"<p>Adresse til abonnement: <code>{html.escape(ln.https)}</code></p>"
            else:
                buttons = f'<li><a href="{html.escape(feed.filename)}">Hent {html.escape(feed.filename)}</a></li>'
                address = ""
            items.append(
                f'<li id="{html.escape(feed.id)}"><div class="feed-name">{name}</div>'
                f'<p class="feed-desc">{desc} ({count} {"møde" if count == 1 else "møder"})</p>'
                f'{address}<ul class="subscribe" aria-label="Abonnér på {name}">{buttons}</ul></li>'
            )
        if items:
            sections.append(
                f'<section><h2>{heading}</h2><ul class="feeds">{"".join(items)}</ul></section>'
            )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="da"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} – abonnér på kalendere</title><style>{_CSS}</style></head>"
        f"<body><main><h1>{title}</h1>"
        '<p><a href="oversigt.html">Oversigt over valgperioden, med møder og fund</a></p>'
        '<p class="lead">Abonnér én gang, så flytter og aflyses møderne af sig selv i din '
        "kalender. Outlook henter ændringer efter nogle timer, Google efter 8–24 timer.</p>"
        f"{''.join(sections)}</main></body></html>\n"
    )


def build_site(
    calendar: Calendar, base_url: str | None = None, settings: Settings | None = None
) -> dict[str, bytes]:
    """Every file of the published site: the feeds, the index page and the overview.

    ``settings`` are the rule settings the overview judges and shades days by (a
    municipality with winter holiday in week 8 marks week 8).
    """
    from .overview import OVERVIEW, render_overview
    from .rules import Settings, validate

    settings = settings or Settings()
    feeds = feeds_for(calendar)
    files = build_feeds(calendar, base_url=base_url, feeds=feeds)
    files[INDEX] = render_index(calendar, feeds, base_url).encode("utf-8")
    subscribe = {f.id: links(base_url, f).webcal for f in feeds} if base_url else None
    files[OVERVIEW] = render_overview(
        calendar, validate(calendar, settings), feeds, links=subscribe, days=settings.days
    ).encode("utf-8")
    return files


def write_site(
    calendar: Calendar,
    outdir: str | os.PathLike[str],
    base_url: str | None = None,
    settings: Settings | None = None,
) -> list[Path]:
    """Write the site; each file replaced atomically, so a client never reads half a feed."""
    if not calendar.meetings:
        # An empty feed deletes every meeting from every subscriber's calendar.
        raise KdnetCalendarError("the data has no meetings; refusing to publish empty feeds")
    root = Path(outdir)
    written = []
    for name, data in build_site(calendar, base_url, settings).items():
        target = root / name
        if target.exists() and target.read_bytes() == data:
            written.append(target)  # unchanged: keep the file (and its mtime) as it is
            continue
        write_atomic(target, data)
        written.append(target)
    return written
