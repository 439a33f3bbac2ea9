"""The embedded KD-Net feed, byte for byte: any change to the output shows as a readable diff.

When a change to the feeds is intended, write the new file and review its diff in git:
``python -m tests.test_golden`` (from the repository's root).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

import kdnet_calendar as kc
from kdnet_calendar.feeds import build_feeds

GOLDEN = Path(__file__).resolve().parent / "data" / "golden" / "kd-net.ics"
BASE_URL = "https://kalender.example.dk/kkr"


def built() -> bytes:
    return build_feeds(kc.load_embedded(), base_url=BASE_URL)["kd-net.ics"]


def test_the_embedded_kd_net_feed_is_its_golden_file() -> None:
    expected, actual = GOLDEN.read_bytes(), built()
    if actual != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8").splitlines(keepends=True),
            actual.decode("utf-8").splitlines(keepends=True),
            "golden/kd-net.ics",
            "built",
        )
        pytest.fail(
            "the KD-Net feed changed:\n"
            + "".join(diff).replace("\r", "␍")
            + "\nIf intended, run `python -m tests.test_golden` and review the diff."
        )


def test_the_golden_file_keeps_its_crlf_line_ends() -> None:
    """A checkout that turned CRLF into LF would make the comparison meaningless."""
    data = GOLDEN.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") > 300


if __name__ == "__main__":
    GOLDEN.write_bytes(built())
    print(f"wrote {GOLDEN}")
