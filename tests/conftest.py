from __future__ import annotations

from pathlib import Path

import pytest

from kdnet_calendar import Calendar, load_embedded

ROOT = Path(__file__).resolve().parents[1]
#: The two real agendas the embedded data set was read from.
AGENDAS = ROOT / "examples" / "agendas"


#: Test modules that need the outside parsers or the browser, by marker.
_NEEDS = {"test_feeds_clients": "clients", "test_browser": "browser"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that need what ``.ci/install-clients`` and ``.ci/install-browser``
    install (as root), so ``pytest -m "not clients and not browser"`` runs the rest
    anywhere."""
    for item in items:
        marker = _NEEDS.get(item.path.stem)
        if marker is not None:
            item.add_marker(getattr(pytest.mark, marker))


@pytest.fixture(scope="session")
def embedded() -> Calendar:
    return load_embedded()
