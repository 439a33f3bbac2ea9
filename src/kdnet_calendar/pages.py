"""The published pages: the index of subscribe links (and the overview's links to it).

Pages are built from values, never from file paths, so nothing of the server's file
system reaches a reader.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

import attrs

from .feeds import Feed
from .model import Calendar

__all__ = ["INDEX", "Links", "links", "render_index"]

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
