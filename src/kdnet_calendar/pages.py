"""The published pages: the index of subscribe links, and what every page shares.

Pages are Jinja2 templates (``templates/``) with autoescaping on, so every value from the
data reaches a reader as text, never as markup. The environment is made on first use:
importing the package (or this module) does not import Jinja2.

Pages are built from values, never from file paths, so nothing of the server's file
system reaches a reader: a source is shown as its document's name and line
(:func:`public_source`), and a message that quotes a file's path quotes its name only
(:func:`without_paths`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import attrs

from .danish import WEEKDAYS_DA, long_date
from .feeds import Feed
from .model import Calendar, Source

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "INDEX",
    "Links",
    "links",
    "public_source",
    "render_index",
    "render_page",
    "without_paths",
]

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


# -- templates ----------------------------------------------------------------------------------


@functools.cache
def _environment() -> jinja2.Environment:
    """The one template environment, made when the first page is rendered."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kdnet_calendar", "templates"),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "j2"), default_for_string=True, default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # ``tojson`` still writes <, >, & and ' as \u escapes: safe inside a <script> element.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "separators": (",", ":")}
    env.filters["long_date"] = long_date
    env.globals["weekdays"] = WEEKDAYS_DA
    return env


def render_page(template: str, **context: Any) -> str:
    """Render one of the package's templates (autoescaped) with ``context``."""
    return _environment().get_template(template).render(**context)


# -- no paths on a page -------------------------------------------------------------------------

_SEPARATOR = re.compile(r"[\\/]")
#: A run of directories ending in a separator, not inside a word, a number or a URL:
#: ``/srv/kkr/`` of ``/srv/kkr/kalender.toml``, ``C:\data\`` of ``C:\data\kalender.toml``.
_DIRECTORIES = re.compile(
    r"(?<![\w.:/\\~])(?:~|[A-Za-z]:|\.{1,2})?(?:[\\/][^\s\\/:;,()«»\"']+)+[\\/]"
)


def _name(document: str) -> str:
    return _SEPARATOR.split(document)[-1] or document


def public_source(source: Source) -> str:
    """A source as a page shows it: the document's name and the line, never a directory.

    >>> public_source(Source("/srv/kkr/kalender.toml", 1141))
    'kalender.toml:1141'
    >>> public_source(Source("kd-net-2023-04-14", 462))
    'kd-net-2023-04-14:462'
    """
    return str(Source(_name(source.document), source.line))


def without_paths(text: str, documents: Iterable[str] = ()) -> str:
    """``text`` with every file path cut to the file's name.

    ``documents`` are paths known to occur (the sources of the data); anything else that
    looks like an absolute or relative path with directories loses them too.

    >>> without_paths("uenige: /srv/kkr/kalender.toml:1188: 24. januar 2025")
    'uenige: kalender.toml:1188: 24. januar 2025'
    >>> without_paths("se https://kl.dk/a/b og 24/12/2025")
    'se https://kl.dk/a/b og 24/12/2025'
    """
    for document in sorted({d for d in documents if _SEPARATOR.search(d)}, key=len, reverse=True):
        text = text.replace(document, _name(document))
    return _DIRECTORIES.sub("", text)


# -- the index page -----------------------------------------------------------------------------

_GROUPS = (
    ("all", "Hele kalenderen"),
    ("body", "Pr. råd, netværk og gruppe"),
    ("person", "Pr. person"),
)


def render_index(
    calendar: Calendar,
    feeds: Sequence[Feed],
    base_url: str | None = None,
    *,
    public: bool = False,
) -> str:
    """A page of subscribe links in Danish; relative links when no base URL is known.

    ``public`` pages say nothing about the rules' findings (the overview leaves them off).
    """
    groups = []
    for kind, heading in _GROUPS:
        items = [
            {
                "feed": feed,
                "count": len(feed.meetings),
                "links": links(base_url, feed) if base_url else None,
            }
            for feed in feeds
            if feed.kind == kind
        ]
        if items:
            groups.append({"heading": heading, "items": items})
    return render_page(
        "index.html",
        title=calendar.name or "Mødekalender",
        groups=groups,
        public=public,
    )
