from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kdnet_calendar as kc
from kdnet_calendar import Calendar, Meeting, MeetingKind, Source
from kdnet_calendar.cli import main
from kdnet_calendar.rules import Settings, validate
from kdnet_calendar.scheduler import (
    InfeasibleError,
    Slot,
    Weights,
    _Planner,
    _slots,
    propose,
)

D = dt.date


REGISTRY = kc.load_embedded().with_meetings(())


@pytest.fixture(scope="module")
def registry() -> Calendar:
    return REGISTRY


def planner(registry: Calendar, external: list[Meeting] | None = None) -> _Planner:
    return _Planner(
        calendar=registry,
        kkr=registry.body("kkr-midtjylland"),
        net=registry.body("kd-net"),
        settings=Settings(),
        weights=Weights(),
        fixed={},
        external=external or [],
        previous={},
    )


def brute_force(p: _Planner, slots: list[Slot]) -> int | None:
    """The cheapest compatible choice, by trying every combination."""
    layers = [p.pairs(s) for s in slots]
    best = None
    for combo in itertools.product(*layers):
        if all(p.compatible(a[1], b[1]) for a, b in itertools.pairwise(combo)):
            cost = sum(c for c, _ in combo)
            best = cost if best is None else min(best, cost)
    return best


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    year=st.integers(2026, 2040),
    start=st.integers(0, 3),
    blocked=st.lists(st.integers(0, 364), max_size=40),
)
def test_the_dynamic_programme_finds_the_exhaustive_optimum(
    year: int, start: int, blocked: list[int]
) -> None:
    registry = REGISTRY
    # Small instances: two consecutive slots of a year, with random days blocked by
    # external events so the optimum is not always the obvious one.
    external = [
        Meeting(f"x{i}", "kd-net", D(year, 1, 1) + dt.timedelta(days=n), title="busy")
        for i, n in enumerate(blocked)
    ]
    p = planner(registry, external)
    slots = _slots([year])[start : start + 2]
    expected = brute_force(p, slots)
    if expected is None:
        with pytest.raises(InfeasibleError):
            p.solve(slots)
        return
    cost, pairs = p.solve(slots)
    assert cost == expected
    assert sum(p.pair_cost(s, *pair) for s, pair in zip(slots, pairs, strict=True)) == cost


@pytest.mark.parametrize("year", range(2026, 2041))
def test_every_year_validates_without_findings(registry: Calendar, year: int) -> None:
    proposal = propose(registry, [year], feeders=["dassos"])
    report = validate(proposal.calendar)
    assert [f.message("en") for f in report if f.severity.value != "info"] == []
    kkr = [m for m in proposal.meetings if m.body == "kkr-midtjylland"]
    assert len(kkr) == 5
    period = kc.period_of(year)
    if period.first_year == year:
        assert kkr[0].kind is MeetingKind.CONSTITUTING
        assert kkr[0].date <= D(year, 1, 31)
    if period.election_year == year:
        assert kkr[-1].date < period.next_election


@pytest.mark.parametrize("first", [2026, 2030, 2034])
def test_whole_periods_validate_and_are_deterministic(registry: Calendar, first: int) -> None:
    years = list(range(first, first + 4))
    a = propose(registry, years, feeders=["dassos"])
    b = propose(registry, years, feeders=["dassos"])
    assert a.meetings == b.meetings
    assert not validate(a.calendar).has_errors
    assert not [f for f in validate(a.calendar) if f.severity.value == "warning"]


@settings(max_examples=40, deadline=None)
@given(year=st.integers(2026, 2040), slot=st.integers(1, 5), shift=st.integers(-10, 10))
def test_random_fixed_meetings_stay_and_the_rest_still_validates(
    year: int, slot: int, shift: int
) -> None:
    registry = REGISTRY
    base = propose(registry, [year])
    target = base.calendar.meeting(f"kkr-midtjylland-{year}-{slot}")
    day = target.date + dt.timedelta(days=shift)
    fixed = attrs.evolve(target, date=day, origin=Source("fixed.toml", 1))
    if day.year != year:
        # Outside the planned year: left out, and the year is planned as if it were not there.
        assert propose(registry, [year], fixed=[fixed]).meetings == base.meetings
        return
    try:
        proposal = propose(registry, [year], fixed=[fixed])
    except InfeasibleError as error:
        reasons = error.reasons
    else:
        reasons = ()
    if reasons:
        # Allowed only with a reason a secretary can act on.
        codes = ("missing-preparation", "spacing", "no possible date")
        assert all(any(code in r for code in codes) for r in reasons)
        return
    assert proposal.calendar.meeting(fixed.id).date == day
    report = validate(proposal.calendar)
    errors = [f for f in report if f.severity.value == "error"]
    # A fixed date can itself break a rule (a holiday chosen by KL); nothing else may.
    assert all(fixed.id in f.meetings for f in errors), [f.message("en") for f in errors]


def test_a_fixed_date_that_leaves_kd_net_no_friday_is_explained(registry: Calendar) -> None:
    kkr = Meeting("kkr-midtjylland-2027-2", "kkr-midtjylland", D(2027, 4, 14))
    busy = [
        Meeting(f"x{n}", "kd-net", D(2027, 3, 17) + dt.timedelta(days=n), title="Topmøde")
        for n in range(0, 25)
    ]
    with pytest.raises(InfeasibleError) as info:
        propose(registry, [2027], fixed=[kkr], external=busy)
    (reason,) = info.value.reasons
    assert reason.startswith("missing-preparation: KKR Midtjylland's meeting 2 of 2027")
    assert "Friday 2 April 2027: external-conflict (Topmøde)" in reason
    assert "fixed: kkr-midtjylland-2027-2" in reason


def test_replanning_moves_as_little_as_possible(registry: Calendar) -> None:
    first = propose(registry, [2027])
    moved_kkr = attrs.evolve(first.calendar.meeting("kkr-midtjylland-2027-3"), date=D(2027, 6, 23))
    second = propose(registry, [2027], fixed=[moved_kkr], previous=first.meetings)
    assert {mid for mid, _, _ in second.moved} <= {"kkr-midtjylland-2027-3", "kd-net-2027-3"}
    assert ("kkr-midtjylland-2027-3", D(2027, 6, 16), D(2027, 6, 23)) in second.moved
    unchanged = [m for m in second.meetings if m.id not in {mid for mid, _, _ in second.moved}]
    assert len(unchanged) == len(second.meetings) - len(second.moved)
    assert not validate(second.calendar).has_errors


def test_external_events_are_avoided(registry: Calendar) -> None:
    plain = propose(registry, [2027])
    kd = plain.calendar.meeting("kd-net-2027-2")
    summit = Meeting("x", "kd-net", kd.date, title="Topmøde", origin=Source("kl.ics", 3))
    avoided = propose(registry, [2027], external=[summit])
    assert avoided.calendar.meeting("kd-net-2027-2").date != kd.date
    assert not validate(avoided.calendar, external=[summit]).has_errors


def test_propose_command_formats(tmp_path: object) -> None:
    out = io.StringIO()
    assert main(["propose", "2027", "--format", "json"], out) == 0
    record = json.loads(out.getvalue())
    assert record["years"] == [2027]
    assert len([m for m in record["meetings"] if m["body"] == "kd-net"]) == 5
    out = io.StringIO()
    assert main(["propose", "2027", "--format", "danish"], out) == 0
    assert out.getvalue().startswith("Mødekalender for KKR Midtjylland 2027\n\n- Onsdag den ")
    out = io.StringIO()
    assert main(["propose", "--period", "2026-2029", "--format", "toml"], out) == 0
    calendar = kc.loads(out.getvalue())
    assert not validate(calendar).has_errors
    out = io.StringIO()
    assert main(["propose", "2027", "--format", "ics"], out) == 0
    assert out.getvalue().count("BEGIN:VEVENT") == 15


def test_a_bare_file_of_kls_dates_is_enough_for_fixed(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    dates = tmp_path / "kl.toml"
    dates.write_text(
        'format = 1\n\n[[meetings]]\nid = "kl-1"\nbody = "kkr-midtjylland"\ndate = 2027-06-23\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    assert main(["propose", "2027", "--fixed", str(dates), "--format", "json"], out) == 0
    dates_of_kkr = [
        m["date"] for m in json.loads(out.getvalue())["meetings"] if m["body"] == "kkr-midtjylland"
    ]
    assert "2027-06-23" in dates_of_kkr


# -- fixed and previous meetings, as users give them -----------------------------------


def _kkr_dates(capsys: pytest.CaptureFixture[str]) -> list[str]:
    record = json.loads(capsys.readouterr().out)
    return [m["date"] for m in record["meetings"] if m["body"] == "kkr-midtjylland"]


def test_two_fixed_kkr_meetings_whose_ids_are_not_slot_ids_are_both_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixed = tmp_path / "fast.txt"
    fixed.write_text("Mødekalender for KKR Midtjylland 2027\n- 7. april 2027\n- 12. maj 2027\n")
    assert main(["propose", "2027", "--fixed", str(fixed), "--format", "json"]) == 0
    dates = _kkr_dates(capsys)
    assert {"2027-04-07", "2027-05-12"} <= set(dates)
    assert len(dates) == 5


def test_ten_fixed_meetings_in_one_week_fail_naming_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixed = tmp_path / "fast.txt"
    fixed.write_text(
        "Mødekalender for KKR Midtjylland 2027\n"
        + "".join(f"- {d}. marts 2027\n" for d in range(1, 11)),
        encoding="utf-8",
    )
    assert main(["propose", "2027", "--fixed", str(fixed)]) == 2
    err = capsys.readouterr().err
    assert "10 fixed meetings in 2027" in err
    assert "kkr-midtjylland-2027-03-10" in err


def test_previous_given_as_agenda_text_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["propose", "2027", "--format", "danish"]) == 0
    plan = capsys.readouterr().out.replace("3. februar 2027", "10. februar 2027")
    previous = tmp_path / "plan.txt"
    previous.write_text(plan, encoding="utf-8")
    assert main(["propose", "2027", "--previous", str(previous), "--format", "json"]) == 0
    assert _kkr_dates(capsys)[0] == "2027-02-10"


def test_a_fixed_meeting_in_the_summer_holiday_gets_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixed = tmp_path / "fast.txt"
    fixed.write_text("Mødekalender for KKR Midtjylland 2027\n- 21. juli 2027\n", encoding="utf-8")
    assert main(["propose", "2027", "--fixed", str(fixed)]) == 0
    err = capsys.readouterr().err
    assert "a fixed meeting breaks school-holiday (warning)" in err


def test_a_dassos_meeting_no_day_fits_is_reported_not_dropped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    busy = tmp_path / "travlt.ics"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//da"]
    day = dt.date(2027, 1, 1)
    while day.year == 2027:
        if day.weekday() < 4:  # Monday to Thursday taken, all year
            lines += ["BEGIN:VEVENT", f"UID:x{day}", f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                      "SUMMARY:Travlt", "END:VEVENT"]  # fmt: skip
        day += dt.timedelta(days=1)
    busy.write_text("\r\n".join([*lines, "END:VCALENDAR", ""]), encoding="utf-8")
    assert main(["propose", "2027", "--against", str(busy)]) == 0
    err = capsys.readouterr().err
    assert "kdnet-calendar: note: intet møde i DASSOS før KD-Nets møde" in err


def test_1_may_and_grundlovsdag_block_only_the_afternoon_in_proposals(registry: Calendar) -> None:
    """The proposer asks the rule book's own condition: KD-Net's 10–12 meeting fits."""
    p = planner(registry)
    friday_1_may = dt.date(2026, 5, 1)
    assert p.day_problem(p.net, friday_1_may, dt.time(10)) is None
    problem = p.day_problem(p.kkr, friday_1_may, None)
    assert problem is not None
    assert problem.en == "day-off (1 May (afternoon))"
    assert p.day_problem(p.net, dt.date(2026, 6, 5), dt.time(10)) is None  # Grundlovsdag


def test_infeasibility_speaks_the_user_s_language_and_names_the_user_s_meetings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixed = tmp_path / "fast.txt"
    fixed.write_text(
        "Mødekalender for KKR Midtjylland 2027\n- 14. april 2027\n\n"
        "Mødekalender for KD-Net 2027\n- 5. marts 2027\n",
        encoding="utf-8",
    )
    assert main(["propose", "2027", "--fixed", str(fixed)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kdnet-calendar: error: ingen kalender overholder reglerne: ")
    assert "(fast: kkr-midtjylland-2027-04-14)" in err
    assert (
        "fri, men KD-Nets møde er fastlagt til fredag den 5. marts 2027 (kd-net-2027-03-05)" in err
    )
    assert "taken" not in err
    assert main(["propose", "2027", "--fixed", str(fixed), "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith(
        "kdnet-calendar: error: no calendar satisfies the rules: missing-preparation: "
    )


def test_propose_keeps_spacing_across_new_year_from_the_published_meetings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``propose 2027`` once ignored the 2026 meetings a data file held."""
    data = tmp_path / "kalender.toml"
    cal = kc.load_embedded()
    late = [
        Meeting("kkr-midtjylland-2026-5", "kkr-midtjylland", dt.date(2026, 12, 22)),
        Meeting("kd-net-2026-5", "kd-net", dt.date(2026, 12, 30)),
    ]
    kc.dump(cal.with_meetings([*cal.meetings, *late]), data)
    assert main(["propose", "2027", "--data", str(data), "--format", "json"]) == 0
    meetings = json.loads(capsys.readouterr().out)["meetings"]
    first_kkr = min(m["date"] for m in meetings if m["body"] == "kkr-midtjylland")
    first_net = min(m["date"] for m in meetings if m["body"] == "kd-net")
    assert dt.date.fromisoformat(first_kkr) >= dt.date(2026, 12, 22) + dt.timedelta(days=28)
    assert dt.date.fromisoformat(first_net) >= dt.date(2026, 12, 30) + dt.timedelta(days=28)
