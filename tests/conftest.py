from __future__ import annotations

from pathlib import Path

import pytest

from kdnet_calendar import Calendar, load_embedded

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="session")
def embedded() -> Calendar:
    return load_embedded()
