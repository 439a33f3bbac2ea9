"""Tests for edges that a mutation tester showed no test would notice being changed."""

from __future__ import annotations

import datetime as dt

import pytest

from kdnet_calendar import Body, BodyKind, Calendar, Meeting
from kdnet_calendar.rules import validate

D = dt.date
KKR = Body("kkr", "KKR", kind=BodyKind.POLITICAL, weekdays=(0, 1, 2, 3, 4))
NET = Body("net", "Net", weekdays=(0, 1, 2, 3, 4), prepares="kkr")


@pytest.mark.parametrize(
    ("lead", "prepared"), [(4, False), (5, True), (12, True), (28, True), (29, False)]
)
def test_the_preparation_window_is_inclusive_at_both_ends(lead: int, prepared: bool) -> None:
    """Flipping ``bisect_right`` to ``bisect_left`` in ``Calendar.preparing`` once left
    every test passing: a meeting exactly five days before must prepare, four must not."""
    kkr = Meeting("kkr-1", "kkr", D(2027, 3, 3))
    net = Meeting("net-1", "net", kkr.date - dt.timedelta(days=lead))
    cal = Calendar(bodies=(KKR, NET), meetings=(kkr, net))
    assert (cal.preparing(kkr) == net) is prepared
    assert (cal.prepared_by(net) == kkr) is prepared


def test_a_fix_at_equal_distance_either_way_is_the_earlier_day() -> None:
    """The tie-break of the fix search was caught only by a doctest."""
    body = Body("group", "Gruppe", weekdays=(1, 3))  # Tuesdays and Thursdays
    wednesday = Meeting("group-1", "group", D(2027, 3, 3))
    report = validate(Calendar(bodies=(body,), meetings=(wednesday,)))
    (finding,) = [f for f in report if f.code == "usual-weekday"]
    assert finding.suggestion is not None
    assert finding.suggestion.to == D(2027, 3, 2)  # Tuesday, not Thursday
