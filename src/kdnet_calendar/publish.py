"""Publishing: every feed plus an index page of subscribe links, written atomically.

The same bytes are written by ``feeds build`` and served by ``serve``, so what a
municipality tests on disk is what its subscribers get.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .datafile import write_atomic
from .exceptions import KdnetCalendarError
from .feeds import build_feeds, feeds_for
from .model import Calendar
from .pages import INDEX, Links, links, render_index

if TYPE_CHECKING:
    from .rules.settings import Settings

__all__ = ["INDEX", "Links", "build_site", "links", "render_index", "write_site"]


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
