"""Which meetings the overlap rule and the fix search compare: only those that share a
body or a person. Hundreds of unrelated groups meeting at the same hour are never set
against each other, so the work does not grow with their square.

No timings here: speed is measured by ``benchmarks/validate.py``, never in a test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kdnet_calendar import Body, Calendar, Meeting, Membership, Person
from kdnet_calendar.rules import Settings, book, fixes, validate
from kdnet_calendar.rules.check import Check

DAY = dt.date(2027, 3, 3)  # a Wednesday with no holiday
GROUPS = 400


def group(g: int, participants: tuple[str, ...] = ()) -> Meeting:
    return Meeting(
        f"g{g}-m", f"g{g}", DAY, start=dt.time(10), end=dt.time(12), participants=participants
    )


def crowd(*extra: Person, participants: dict[int, tuple[str, ...]] | None = None) -> Calendar:
    """Four hundred groups, each meeting at ten on the same day, each with a member of its
    own; ``extra`` people and taking-part bodies are what may relate them."""
    participants = participants or {}
    bodies = tuple(Body(f"g{g}", f"Group {g}") for g in range(GROUPS))
    people = tuple(
        Person(f"p{g}", f"Person {g}", memberships=(Membership(f"g{g}"),)) for g in range(GROUPS)
    )
    meetings = tuple(group(g, participants=participants.get(g, ())) for g in range(GROUPS))
    return Calendar(bodies=bodies, meetings=meetings, people=people + extra)


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every pair of meetings whose hours the overlap rule sets against each other."""
    seen: list[tuple[str, str]] = []
    test = book._hours_clash

    def counting(a: Meeting, b: Meeting) -> bool:
        seen.append((a.id, b.id))
        return test(a, b)

    monkeypatch.setattr(book, "_hours_clash", counting)
    return seen


def test_unrelated_groups_at_the_same_hour_are_neither_compared_nor_reported(
    compared: list[tuple[str, str]],
) -> None:
    assert list(validate(crowd(), rules=["overlap"])) == []
    assert compared == []


def test_a_person_in_two_groups_relates_exactly_those_two(
    compared: list[tuple[str, str]],
) -> None:
    both = Person("both", "Both", memberships=(Membership("g7"), Membership("g300")))
    (finding,) = validate(crowd(both), rules=["overlap"])
    assert set(finding.meetings) == {"g7-m", "g300-m"}
    assert finding.numbers == {"shared_people": 1, "shared_bodies": 0}
    assert {frozenset(pair) for pair in compared} == {frozenset({"g7-m", "g300-m"})}


def test_a_body_taking_part_relates_its_own_meeting(compared: list[tuple[str, str]]) -> None:
    (finding,) = validate(crowd(participants={12: ("g13",)}), rules=["overlap"])
    assert set(finding.meetings) == {"g12-m", "g13-m"}
    # The taking-part body's member sits in both, too.
    assert finding.numbers == {"shared_people": 1, "shared_bodies": 1}
    assert {frozenset(pair) for pair in compared} == {frozenset({"g12-m", "g13-m"})}


def test_the_fix_search_looks_only_at_meetings_that_share_something() -> None:
    both = Person("both", "Both", memberships=(Membership("g7"), Membership("g300")))
    check = Check(crowd(both), Settings())
    g7, g8 = check.calendar.meeting("g7-m"), check.calendar.meeting("g8-m")
    assert {m.id for m in check.sharing(g7, DAY, DAY)} == {"g7-m", "g300-m"}
    assert [m.id for m in check.sharing(g8, DAY, DAY)] == ["g8-m"]
    assert "overlap" in fixes.problems(check, g7)
    assert "overlap" not in fixes.problems(check, g8)
