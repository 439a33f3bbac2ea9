"""Publishing: every feed plus an index page of subscribe links, written atomically.

The same bytes are written by ``feeds build`` and served by ``serve``, so what a
municipality tests on disk is what its subscribers get. Every build is versioned against
what was published before (:mod:`kdnet_calendar.tracking`), so a moved or cancelled
meeting reaches subscribers with a higher ``SEQUENCE`` without anyone setting it, and a
site is swapped in whole: a reader sees the last build or the new one, never a mixture.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import attrs

from .exceptions import KdnetCalendarError
from .model import Calendar
from .pages import INDEX, Links, links, render_index
from .tracking import STATE_NAME, Publication, State, Update, load_state, publish_feeds

if TYPE_CHECKING:
    from .rules.settings import Settings

__all__ = [
    "INDEX",
    "Links",
    "PublishError",
    "SiteWritten",
    "build_site",
    "check_publishable",
    "links",
    "publish_site",
    "render_index",
    "write_site",
]


class PublishError(KdnetCalendarError):
    """Publishing would break subscriptions; the message says what to change."""


def check_publishable(
    calendar: Calendar,
    base_url: str | None,
    data: str | os.PathLike[str] | None = None,
    *,
    lang: str = "da",
) -> list[str]:
    """Refuse what would break subscriptions; the warnings worth printing, in ``lang``.

    ``data`` names the data file in the advice to add ``domain``.
    """
    if not calendar.meetings:
        # An empty feed deletes every meeting from every subscriber's calendar.
        raise PublishError(
            "the data has no meetings; refusing to publish empty feeds",
            da="dataene indeholder ingen møder; tomme feeds udgives ikke",
        )
    if not calendar.domain:
        name = Path(data).name if data else ""
        raise PublishError(
            "the data has no domain: every meeting's UID is built from it, and adding it "
            "later would show every meeting twice to every subscriber; add a line such as "
            'domain = "kkr-midtjylland.dk"' + (f" at the top of {name}" if name else ""),
            da="dataene har intet domain: hvert mødes UID bygges af det, og tilføjes det "
            "senere, ser alle abonnenter hvert møde to gange; tilføj en linje som "
            'domain = "kkr-midtjylland.dk"' + (f" øverst i {name}" if name else ""),
        )
    warnings = []
    if base_url is not None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PublishError(
                f"--base-url {base_url!r} is not an absolute address; expected e.g. "
                "https://kalender.example.dk/kkr (the subscribe links are built from it)",
                da=f"--base-url {base_url!r} er ikke en fuld adresse; forventet f.eks. "
                "https://kalender.example.dk/kkr (abonnementslinkene bygges af den)",
            )
        if parts.query or parts.fragment:
            raise PublishError(
                f"--base-url {base_url!r} has a query or fragment; leave it off",
                da=f"--base-url {base_url!r} har en forespørgsel (?) eller et anker (#); "
                "udelad dem",
            )
        if parts.scheme == "http":
            warnings.append(
                "advarsel: --base-url bruger http; Outlook på nettet abonnerer kun på https"
                if lang == "da"
                else "warning: --base-url uses http; Outlook on the web subscribes to https only"
            )
    else:
        warnings.append(
            "advarsel: uden --base-url giver forsiden kun links til at hente filerne; en hentet "
            "fil er en kopi, der aldrig opdateres – angiv den adresse, filerne udgives på"
            if lang == "da"
            else "warning: without --base-url the pages only offer links to download the "
            "files; a downloaded file is a copy that is never updated – give the address "
            "they are published at"
        )
    return warnings


def publish_site(
    calendar: Calendar,
    base_url: str | None = None,
    settings: Settings | None = None,
    *,
    state: State | None = None,
    now: dt.datetime | None = None,
    public: bool = False,
) -> Publication:
    """Every file of the site, versioned against ``state``, and what subscribers will see.

    ``settings`` are the rule settings the overview judges and shades days by (a
    municipality with winter holiday in week 8 marks week 8). A ``public`` site leaves the
    rules' findings off its pages: they show the meetings only.
    """
    from .overview import OVERVIEW, render_overview
    from .rules import Report, Settings, validate

    settings = settings or Settings()
    publication = publish_feeds(calendar, state, now=now, base_url=base_url)
    feeds = list(publication.feeds)
    files = dict(publication.files)
    files[INDEX] = render_index(calendar, feeds, base_url, public=public).encode("utf-8")
    subscribe = {f.id: links(base_url, f).webcal for f in feeds} if base_url else None
    report = Report(()) if public else validate(calendar, settings)
    files[OVERVIEW] = render_overview(
        calendar, report, feeds, links=subscribe, days=settings.days, public=public
    ).encode("utf-8")
    return attrs.evolve(publication, files=files)


def build_site(
    calendar: Calendar,
    base_url: str | None = None,
    settings: Settings | None = None,
    *,
    state: State | None = None,
    now: dt.datetime | None = None,
    public: bool = False,
) -> dict[str, bytes]:
    """Every file of the published site: the feeds, the index page and the overview.

    A ``public`` site leaves the rules' findings off its pages.
    """
    return publish_site(calendar, base_url, settings, state=state, now=now, public=public).files


@attrs.frozen
class SiteWritten:
    """What a build wrote: the folder, its files, what subscribers will see, and warnings."""

    folder: Path
    files: tuple[Path, ...]
    updates: tuple[Update, ...]
    first: bool
    changed: bool
    warnings: tuple[str, ...] = ()


#: Files a published folder may hold: those a build writes.
_OURS = (".ics", ".html", ".json")


def write_site(
    calendar: Calendar,
    outdir: str | os.PathLike[str],
    base_url: str | None = None,
    settings: Settings | None = None,
    *,
    now: dt.datetime | None = None,
    data: str | os.PathLike[str] | None = None,
    public: bool = False,
    lang: str = "da",
) -> SiteWritten:
    """Build the site into a new folder and swap it in whole.

    ``outdir`` becomes a symbolic link to the newest build, kept beside it in
    ``.<name>.builds/`` with the one before; a link is replaced in one step, so a web
    server sees the old site or the new, never a mixture. What a killed build left
    behind is cleared by the next. An unchanged build writes nothing.
    """
    if not os.fspath(outdir).strip():
        raise PublishError(
            "the output folder is empty; name a folder, e.g. site/",
            da="uddatamappen er tom; angiv en mappe, f.eks. site/",
        )
    warnings = check_publishable(calendar, base_url, data, lang=lang)
    root = Path(outdir)
    if root.exists() and not root.is_dir():
        raise PublishError(f"{root} is not a folder", da=f"{root} er ikke en mappe")
    state = load_state(root / STATE_NAME)
    publication = publish_site(calendar, base_url, settings, state=state, now=now, public=public)
    files = {**publication.files, STATE_NAME: publication.state.to_json()}
    changed = _swap_in(root, files)
    return SiteWritten(
        root,
        tuple(root / name for name in sorted(files) if name != STATE_NAME),
        publication.updates,
        first=not state.meetings,
        changed=changed,
        warnings=tuple(warnings),
    )


def _swap_in(root: Path, files: dict[str, bytes]) -> bool:
    """Put ``files`` in place as ``root``; False when it already held exactly them."""
    builds = root.parent / f".{root.name}.builds"
    if root.is_dir() and _same(root, files):
        _clear(builds, keep=None)
        return False
    builds.mkdir(parents=True, exist_ok=True)
    if root.exists() and not root.is_symlink():
        _adopt(root, builds)
    previous = root.resolve() if root.is_symlink() else None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    building = builds / f"{stamp}-{os.getpid()}.tmp"
    building.mkdir()
    try:
        for name, data in files.items():
            with open(building / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(building / name, 0o644)
        done = builds / stamp
        os.replace(building, done)
        link = root.parent / f".{root.name}.link-{os.getpid()}.tmp"
        link.unlink(missing_ok=True)
        link.symlink_to(os.path.relpath(done, root.parent))
        os.replace(link, root)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    _clear(builds, keep={done.resolve(), *([previous] if previous else [])})
    return True


def _same(root: Path, files: dict[str, bytes]) -> bool:
    present = {p.name for p in root.iterdir() if p.is_file()}
    if present != set(files):
        return False
    return all((root / name).read_bytes() == data for name, data in files.items())


def _adopt(root: Path, builds: Path) -> None:
    """Make a plain folder of an earlier version the first build, if it holds only ours."""
    strangers = [
        p.name
        for p in root.iterdir()
        if not (p.is_file() and (p.suffix in _OURS or p.name.endswith(".tmp")))
    ]
    if strangers:
        shown = ", ".join(sorted(strangers)[:3])
        raise PublishError(
            f"{root} holds files the build did not write ({shown}); "
            "publish into a folder of its own",
            da=f"{root} indeholder filer, som udgivelsen ikke har skrevet ({shown}); "
            "udgiv i en mappe for sig selv",
        )
    os.replace(root, builds / "adopted")


def _clear(builds: Path, keep: set[Path] | None) -> None:
    """Remove every build but those kept (None: keep the builds), and whatever a killed
    build left behind."""
    if not builds.is_dir():
        return
    for p in builds.iterdir():
        if (keep is None and p.name.endswith(".tmp")) or (
            keep is not None and p.resolve() not in keep
        ):
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    for p in builds.parent.glob(f".{builds.name.removesuffix('.builds').lstrip('.')}.link-*.tmp"):
        p.unlink(missing_ok=True)
