from __future__ import annotations

from pathlib import Path

import pytest

from kdnet_calendar import Calendar, load_embedded

ROOT = Path(__file__).resolve().parents[1]
#: The two real agendas the embedded data set was read from.
AGENDAS = ROOT / "examples" / "agendas"


@pytest.fixture(scope="session")
def embedded() -> Calendar:
    return load_embedded()
