"""Propose a calendar that keeps the rule book, for a year or a whole election period.

The problem is a chain. Each **slot** is one KKR meeting and the KD-Net meeting that
prepares it; slots follow each other through the years, and the only rules that bind two
slots together (order, and the spacing between two meetings of one body) bind
*neighbouring* slots. Everything else — the day calendar, the body's weekdays, the
preparation window, the constituting order and deadline, the election, the user's events
and blocked days — is a property of one slot's pair of dates. So dynamic programming over
the chain, with the pair of dates as the state, finds the cheapest calendar exactly, over
every day of every planned year: not a heuristic's best effort, and deterministic (ties go
to the earlier dates).

What is a wall and what costs points is set out in docs/propose.md, and every number
comes from :class:`~kdnet_calendar.rules.Settings`: a rule of severity error is a wall, a
warning costs ``warning-points``, and the preferences (usual weeks, weekday, lead time)
cost their own points. The rule conditions themselves are asked of the rule book
(:func:`~kdnet_calendar.rules.fixes.day_problems`), so a proposal and its validation never
disagree.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence

import attrs

from . import limits
from .danish import count, genitive, long_date
from .days import DayCalendar
from .exceptions import InfeasibleError, KdnetCalendarError, OutOfRangeError
from .model import Body, Calendar, Meeting, MeetingKind
from .periods import period_of
from .rules.check import Check
from .rules.findings import Finding, Severity, Text
from .rules.fixes import day_problems
from .rules.settings import Settings

# InfeasibleError lives with the other errors (exceptions.py) and is importable from here,
# as it always was.
__all__ = ["Days", "InfeasibleError", "Plan", "Proposal", "Slot", "plan", "propose"]

#: Days given for every planned body, or per body id (``--blocked``, ``--avoid``).
Days = Collection[dt.date] | Mapping[str, Collection[dt.date]]


@attrs.frozen
class Slot:
    """One KKR meeting of a year and, with it, the KD-Net meeting that prepares it."""

    year: int
    index: int
    #: The ISO weeks KKR prefers for it (``kkr-weeks``); unused for the constituting slot.
    weeks: tuple[int, int]
    constituting: bool = False


@attrs.frozen
class Proposal:
    """A proposed calendar, its cost in points and what moved from the previous plan."""

    calendar: Calendar
    meetings: tuple[Meeting, ...]
    #: The objective's points for KKR, KD-Net and any feeding body (docs/propose.md).
    cost: int
    #: Meetings that differ from the previous plan: (id, previous date, new date).
    moved: tuple[tuple[str, dt.date, dt.date], ...] = ()
    #: What the proposal could not do, for the user to hear (a DASSOS meeting no day fits).
    notes: tuple[Text, ...] = ()


Pair = tuple[dt.date, dt.date]  # (KKR date, KD-Net date)
Ordinals = tuple[int, int]  # the same as day ordinals, as the chain works with them

#: Encoded values are ``points * _SCALE + index``: the minimum is the cheapest, and among
#: equally cheap ones the earliest pair, whose index it carries for the way back.
_SCALE = 1 << 24
_INF = 1 << 62


def _slots(years: Iterable[int], settings: Settings) -> list[Slot]:
    slots = []
    for year in years:
        period = period_of(year)
        weeks = list(settings.week_ranges("kkr-weeks"))
        if period.election_year == year:
            weeks[-1] = settings.week_ranges("election-year-autumn-weeks")[0]
        for i, w in enumerate(weeks, start=1):
            constituting = i == 1 and period.first_year == year
            slots.append(Slot(year, i, (1, 5) if constituting else w, constituting))
    return slots


class _Reach:
    """The cheapest way to reach one slot, asked as "KKR on or before day A and KD-Net on
    or before day B" (days as ordinals).

    A slot's pairs lie on a band: KD-Net's date is KKR's plus an offset within a small
    range (−28…−5 days for an ordinary slot). Rows of KKR days whose whole band is on or
    before B are answered by one running minimum over the rows; the few rows the line
    n = B cuts through form a strip, whose running minima are built once per B. Either
    way an answer is a lookup, so a whole year of candidates costs little more than the
    candidates themselves.
    """

    def __init__(self, pairs: Sequence[tuple[int, int]], values: Sequence[int]) -> None:
        rows: dict[int, list[tuple[int, int]]] = {}
        for (k, n), v in zip(pairs, values, strict=True):
            if v < _INF:
                rows.setdefault(k, []).append((n, v))
        self.ks = sorted(rows)
        self.row_ns: dict[int, list[int]] = {}
        self.row_min: dict[int, list[int]] = {}
        offsets = [n - k for k, row in rows.items() for n, _ in row]
        self.low = min(offsets, default=0)
        self.high = max(offsets, default=0)
        full: list[int] = []
        best = _INF
        for k in self.ks:
            row = sorted(rows[k])
            running, m = [], _INF
            for _, v in row:
                m = min(m, v)
                running.append(m)
            self.row_ns[k] = [n for n, _ in row]
            self.row_min[k] = running
            best = min(best, m)
            full.append(best)
        self.full = full
        self.strips: dict[int, tuple[list[int], list[int]]] = {}

    def _strip(self, b: int) -> tuple[list[int], list[int]]:
        found = self.strips.get(b)
        if found is None:
            lo = bisect.bisect_right(self.ks, b - self.high)
            hi = bisect.bisect_right(self.ks, b - self.low)
            ks = self.ks[lo:hi]
            running, m = [], _INF
            for k in ks:
                i = bisect.bisect_right(self.row_ns[k], b) - 1
                if i >= 0:
                    m = min(m, self.row_min[k][i])
                running.append(m)
            found = self.strips[b] = (ks, running)
        return found

    def ask(self, a: int, b: int) -> int:
        """The least encoded value with KKR ≤ a and KD-Net ≤ b, or ``_INF``."""
        best = _INF
        i = bisect.bisect_right(self.ks, min(a, b - self.high)) - 1
        if i >= 0:
            best = self.full[i]
        if min(a, b - self.low) > b - self.high:
            ks, running = self._strip(b)
            j = bisect.bisect_right(ks, a) - 1
            if j >= 0 and running[j] < best:
                best = running[j]
        return best


@attrs.define
class _Planner:
    calendar: Calendar
    kkr: Body
    net: Body
    settings: Settings
    fixed: dict[str, Meeting]
    external: Sequence[Meeting]
    previous: dict[str, Meeting]
    blocked: Mapping[str, frozenset[dt.date]] = attrs.Factory(dict)
    avoid: Mapping[str, frozenset[dt.date]] = attrs.Factory(dict)
    #: A fixed meeting's slot id → the id the user gave it, for messages.
    user_ids: dict[str, str] = attrs.Factory(dict)
    #: The last KKR and KD-Net meetings held before the first planned year, if known.
    before: Pair | None = None
    #: The years planned.
    years: frozenset[int] = frozenset()
    days: DayCalendar = attrs.field(init=False)
    check: Check = attrs.field(init=False)
    verdicts: dict[tuple[str, MeetingKind, dt.date], tuple[Text | None, int]] = attrs.Factory(dict)

    gap: int = attrs.field(init=False)
    spacing_points: int | None = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.days = self.settings.days
        self.check = Check(self.calendar, self.settings)
        self.gap, self.spacing_points = self.spacing()

    # -- one date --------------------------------------------------------------------

    def verdict(self, body: Body, kind: MeetingKind, day: dt.date) -> tuple[Text | None, int]:
        """What a planned meeting of ``body`` on ``day`` meets: the wall it hits (a rule of
        severity error, a blocked day), or None, and the points it costs by its day alone.

        The rules a day breaks by itself are asked of the rule book's own condition
        (:func:`~kdnet_calendar.rules.fixes.day_problems`), so a proposal and its
        validation never disagree: 1 May is off only in the afternoon, for both.
        """
        key = (body.id, kind, day)
        found = self.verdicts.get(key)
        if found is not None:
            return found
        s = self.settings
        wall: Text | None = None
        points = 0
        codes = list(day_problems(self.check, body.id, kind, body.end if body.start else None, day))
        probe = Meeting(
            "probe", body.id, day, start=body.start, end=body.end if body.start else None
        )
        clash = next(
            (e for e in self.external if e.date <= day <= e.last_date and probe.overlaps(e)), None
        )
        if clash is not None:
            codes.append("external-conflict")
        for code in codes:
            severity = s.severity(code)
            if severity is Severity.ERROR:
                wall = wall or self._why(code, day, clash)
            elif severity is Severity.WARNING:
                points += s.preference("warning-points")
        if day in self.blocked.get(body.id, ()):
            wall = wall or Text("spærret (--blocked)", "blocked (--blocked)")
        if day in self.avoid.get(body.id, ()):
            points += s.preference("avoid-points")
        middle = _middle_weekday(body)
        if middle is not None:
            points += s.preference("weekday-points") * abs(day.weekday() - middle)
        found = self.verdicts[key] = (wall, points)
        return found

    def _why(self, code: str, day: dt.date, clash: Meeting | None) -> Text:
        if code == "external-conflict" and clash is not None:
            what = clash.title or str(clash.origin)
            return Text(f"{code} ({what})", f"{code} ({what})")
        note = {
            "public-holiday": self.days.public_holiday,
            "day-off": self.days.day_off,
            "school-holiday": self.days.school_holiday,
        }.get(code, lambda _: None)(day)
        return Text(f"{code} ({note.da})", f"{code} ({note.en})") if note else Text(code, code)

    def day_problem(
        self, body: Body, day: dt.date, kind: MeetingKind = MeetingKind.ORDINARY
    ) -> Text | None:
        return self.verdict(body, kind, day)[0]

    # -- one slot --------------------------------------------------------------------

    def slot_id(self, body: Body, slot: Slot) -> str:
        return f"{body.id}-{slot.year}-{slot.index}"

    def kind(self, slot: Slot) -> MeetingKind:
        return MeetingKind.CONSTITUTING if slot.constituting else MeetingKind.ORDINARY

    def kkr_dates(self, slot: Slot) -> list[dt.date]:
        fixed = self.fixed.get(self.slot_id(self.kkr, slot))
        if fixed is not None:
            return [fixed.date]
        first = max(dt.date(slot.year, 1, 1), limits.FIRST_DATE)
        last = min(dt.date(slot.year, 12, 31), limits.LAST_DATE)
        kind = self.kind(slot)
        days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
        return [d for d in days if self.verdict(self.kkr, kind, d)[0] is None]

    def net_window(self, slot: Slot, kkr_day: dt.date) -> list[dt.date]:
        """The days the slot's KD-Net meeting may take, by the chain's own walls."""
        if slot.constituting:
            last = min(dt.date(slot.year, 12, 31), limits.LAST_DATE)
            return [kkr_day + dt.timedelta(days=n) for n in range(1, (last - kkr_day).days + 1)]
        window = self.settings.window
        days = [
            kkr_day - dt.timedelta(days=n) for n in range(window.max_days, window.min_days - 1, -1)
        ]
        return [d for d in days if d >= limits.FIRST_DATE]

    def net_dates(self, slot: Slot, kkr_day: dt.date) -> list[dt.date]:
        window = self.net_window(slot, kkr_day)
        fixed = self.fixed.get(self.slot_id(self.net, slot))
        if fixed is not None:
            return [fixed.date] if fixed.date in window else []
        kind = self.kind(slot)
        return [d for d in window if self.verdict(self.net, kind, d)[0] is None]

    def pairs(self, slot: Slot, limit: int = _INF) -> list[tuple[int, Ordinals]]:
        """The slot's candidate pairs (as day ordinals) with their points, up to ``limit``.

        A pair's points are what its KKR day, its KD-Net day and the lead between them
        cost, so each of those is worked out once per slot, not once per pair.
        """
        s = self.settings
        kind = self.kind(slot)
        kkr_days = self.kkr_dates(slot)
        if not kkr_days:
            return []
        net_id = self.slot_id(self.net, slot)
        fixed_net = self.fixed.get(net_id)
        was_kkr = self.previous.get(self.slot_id(self.kkr, slot))
        was_net = self.previous.get(net_id)
        moved = s.preference("moved-points")
        window = s.window
        if slot.constituting:
            first = kkr_days[0] + dt.timedelta(days=1)
            last = min(dt.date(slot.year, 12, 31), limits.LAST_DATE)
        else:
            first = max(kkr_days[0] - dt.timedelta(days=window.max_days), limits.FIRST_DATE)
            last = kkr_days[-1] - dt.timedelta(days=window.min_days)
            if self.opens_period(slot.year - 1) and fixed_net is None:
                # A period's first year opens with KD-Net's constituting meeting; a year
                # the proposal does not plan cannot get an ordinary one of it.
                first = max(first, dt.date(slot.year, 1, 1))
        net_costs: dict[int, int] = {}
        for ordinal in range(first.toordinal(), last.toordinal() + 1):
            day = dt.date.fromordinal(ordinal)
            if fixed_net is not None:
                if day != fixed_net.date:
                    continue
                points = self.verdict(self.net, kind, day)[1]
            else:
                wall, points = self.verdict(self.net, kind, day)
                if wall is not None:
                    continue
            if was_net is not None and was_net.date != day:
                points += moved
            net_costs[ordinal] = points
        lead_costs: dict[int, int | None] = {
            lead: self.lead_cost(
                lead, fixed_net is not None and self.slot_id(self.kkr, slot) in self.fixed
            )
            for lead in range(window.min_days, window.max_days + 1)
        }
        ideal = dt.date(slot.year, 1, s.preference("constituting-day"))
        lag, per_day = s.preference("constituting-lag"), s.preference("constituting-points")
        out = []
        for k in kkr_days:
            kkr_cost = self.verdict(self.kkr, kind, k)[1]
            if was_kkr is not None and was_kkr.date != k:
                kkr_cost += moved
            ko = k.toordinal()
            if slot.constituting:
                kkr_cost += per_day * abs((k - ideal).days)
                for n, net_cost in net_costs.items():
                    cost = kkr_cost + net_cost + per_day * abs(n - ko - lag)
                    if n > ko and cost <= limit:
                        out.append((cost, (ko, n)))
                continue
            kkr_cost += s.preference("week-points") * _weeks_away(k, slot)
            if kkr_cost > limit:
                continue
            for lead, extra in lead_costs.items():
                found = net_costs.get(ko - lead)
                if found is not None and extra is not None:
                    cost = kkr_cost + found + extra
                    if cost <= limit:
                        out.append((cost, (ko, ko - lead)))
        return out

    def opens_period(self, year: int) -> bool:
        """Whether ``year`` is an election period's first year the proposal does not plan."""
        try:
            return year not in self.years and period_of(year).first_year == year
        except OutOfRangeError:
            return False

    def lead_cost(self, lead: int, fixed: bool) -> int | None:
        """Points for KD-Net meeting ``lead`` days before KKR, or None where that is a wall
        (a lead outside ``preparation-lead``'s range when that rule is an error, unless
        both meetings are ``fixed``)."""
        s = self.settings
        cost = s.preference("lead-points") * abs(lead - s.preference("lead-ideal"))
        comfortable = s.comfortable
        if not comfortable.min_days <= lead <= comfortable.max_days:
            severity = s.severity("preparation-lead")
            if severity is Severity.ERROR and not fixed:
                return None
            if severity is Severity.WARNING:
                cost += s.preference("warning-points")
        return cost

    def spacing(self) -> tuple[int, int | None]:
        """The spacing rule as the chain keeps it: (days, points per break), where points
        None means a wall and 0 means the rule is off."""
        gap = self.settings.number("spacing", "min-days")
        severity = self.settings.severity("spacing")
        if severity is Severity.ERROR:
            return gap, None
        if severity is Severity.WARNING:
            return gap, self.settings.preference("warning-points")
        return gap, 0

    # -- the chain --------------------------------------------------------------------

    def reach(self, before: _Reach, pair: Ordinals) -> int:
        """The least encoded value of a predecessor of ``pair``, spacing points included."""
        k, n = pair
        gap, points = self.gap, self.spacing_points
        # Order: after the previous slot's KKR and KD-Net meetings, and KD-Net after the
        # previous KKR meeting (else it would prepare that one).
        a, b = min(k, n) - 1, n - 1
        ak, bn = min(a, k - gap), min(b, n - gap)
        if points is None:
            return before.ask(ak, bn)
        if points == 0:
            return before.ask(a, b)
        kept = before.ask(ak, bn)
        loosest = before.ask(a, b)
        step = points * _SCALE
        if loosest >= _INF or loosest + step >= kept:
            return kept  # no break of spacing can beat keeping it
        return min(
            kept,
            before.ask(a, bn) + step,
            before.ask(ak, b) + step,
            loosest + 2 * step,
        )

    def solve(self, slots: Sequence[Slot]) -> tuple[int, list[Pair]]:
        """The cheapest chain of pairs, and its points.

        Most pairs cost more than a whole good calendar (a KD-Net meeting on a Tuesday
        costs a warning's points). So the chain is first solved over the pairs that cost
        less than ``warning-points``: a calendar found there costing less than that is
        optimal over all pairs, since no pair it left out can be part of a cheaper one.
        Otherwise the calendar found bounds the pairs worth a second, full look.
        """
        limit = self.settings.preference("warning-points") - 1
        cheap = [sorted(self.pairs(slot, limit), key=lambda cp: cp[1]) for slot in slots]
        found = self.chain(cheap) if all(cheap) else None
        if found is not None and found[0] <= limit:
            return found
        layers: list[list[tuple[int, Ordinals]]] = []
        for slot in slots:
            pairs = self.pairs(slot, found[0] if found is not None else _INF)
            if not pairs:
                raise InfeasibleError(self.explain_slot(slot))
            layers.append(sorted(pairs, key=lambda cp: cp[1]))
        if found is not None:
            again = self.chain(layers)
            assert again is not None  # the bound's own calendar is among them
            return again
        found = self.chain(layers)
        if found is not None:
            return found
        # Explain with the first link the full chain cannot make.
        for i in range(len(layers)):
            if self.chain(layers[: i + 1]) is None:
                if i == 0:
                    raise InfeasibleError(self.explain_held(slots[0]))
                raise InfeasibleError(
                    self.explain_chain(slots[i - 1], slots[i], layers[i - 1], layers[i])
                )
        raise AssertionError("a chain with no broken link")  # pragma: no cover

    def chain(
        self, layers: Sequence[Sequence[tuple[int, Ordinals]]]
    ) -> tuple[int, list[Pair]] | None:
        """Dynamic programming over the slots' pairs: the cheapest chain, or None."""
        before: _Reach | None = None
        if self.before is not None:
            k, n = self.before
            before = _Reach([(k.toordinal(), n.toordinal())], [0])
        values: list[list[int]] = []
        parents: list[list[int]] = []
        for layer in layers:
            row, up = [], []
            for j, (cost, pair) in enumerate(layer):
                got = 0 if before is None else self.reach(before, pair)
                if got >= _INF:
                    row.append(_INF)
                    up.append(-1)
                else:
                    row.append((got // _SCALE + cost) * _SCALE + j)
                    up.append(got % _SCALE if before is not None else -1)
            if all(v >= _INF for v in row):
                return None
            values.append(row)
            parents.append(up)
            before = _Reach([pair for _, pair in layer], row)
        best = min(values[-1])
        j = best % _SCALE
        chosen: list[Pair] = []
        for i in range(len(layers) - 1, -1, -1):
            ko, no = layers[i][j][1]
            chosen.append((dt.date.fromordinal(ko), dt.date.fromordinal(no)))
            j = parents[i][j]
        return best // _SCALE, chosen[::-1]

    # -- explanations ----------------------------------------------------------------

    def explain_held(self, slot: Slot) -> list[Text]:
        assert self.before is not None
        k, n = self.before
        gap = self.settings.number("spacing", "min-days")
        return [
            Text(
                f"spacing: {genitive(self.kkr.name)} første møde i {slot.year} kan ikke "
                f"ligge {count(gap, 'dag', 'dage')} efter det sidste før det "
                f"({long_date(k, 'da')}; {self.net.name}: {long_date(n, 'da')})",
                f"spacing: {self.kkr.name}'s first meeting of {slot.year} cannot "
                f"be {count(gap, 'day', 'days')} after the last one before it ({long_date(k, 'en')}; "
                f"{self.net.name}: {long_date(n, 'en')})",
            )
        ]

    def explain_slot(self, slot: Slot) -> list[Text]:
        what = Text(
            f"{genitive(self.kkr.name)} møde {slot.index} i {slot.year}",
            f"{self.kkr.name}'s meeting {slot.index} of {slot.year}",
        )
        slot_id = self.slot_id(self.kkr, slot)
        kkr_fixed = self.fixed.get(slot_id)
        kkr_days = self.kkr_dates(slot)
        kind = self.kind(slot)
        if not kkr_days:
            first = dt.date(slot.year, 1, 1)
            rejected = [
                (d, self.verdict(self.kkr, kind, d)[0])
                for d in (first + dt.timedelta(days=n) for n in range(366))
                if d.year == slot.year and d.weekday() < 5
            ]
            shown = [(d, r) for d, r in rejected if r is not None][:4]
            more = ", …" if len(rejected) > 4 else ""
            return [
                Text(
                    f"{what.da} har ingen mulig dato ("
                    + ", ".join(f"{long_date(d, 'da')}: {r.da}" for d, r in shown)
                    + more
                    + ")",
                    f"{what.en} has no possible date ("
                    + ", ".join(f"{long_date(d, 'en')}: {r.en}" for d, r in shown)
                    + more
                    + ")",
                )
            ]
        net_fixed = self.fixed.get(self.slot_id(self.net, slot))
        reasons = []
        lo, hi = self.settings.window.min_days, self.settings.window.max_days
        # The KKR days the user is most likely to have meant: the fixed one, or the
        # cheapest few by the slot's own preferences.
        likely = sorted(kkr_days, key=lambda d: (_weeks_away(d, slot), d))[:3]
        for k in likely:
            why: list[tuple[dt.date, Text]] = []
            for d in self.net_window(slot, k):
                if self.net.weekdays and d.weekday() not in self.net.weekdays:
                    continue
                problem = self.verdict(self.net, kind, d)[0]
                if problem is None and net_fixed is not None:
                    name = self.user_ids.get(net_fixed.id, net_fixed.id)
                    problem = Text(
                        f"fri, men {genitive(self.net.name)} møde er fastlagt til "
                        f"{long_date(net_fixed.date, 'da')} ({name})",
                        f"free, but {self.net.name}'s meeting is fixed on "
                        f"{long_date(net_fixed.date, 'en')} ({name})",
                    )
                if problem is None:
                    problem = Text(
                        "ledig, men ventetiden bryder preparation-lead",
                        "free, but the lead breaks preparation-lead",
                    )
                why.append((d, problem))
            name = self.user_ids.get(slot_id, slot_id)
            fixed_da = f" (fast: {name})" if kkr_fixed else ""
            fixed_en = f" (fixed: {name})" if kkr_fixed else ""
            reasons.append(
                Text(
                    f"missing-preparation: {what.da} {long_date(k, 'da')}{fixed_da} giver "
                    f"{self.net.name} ingen dag {lo}–{hi} dage før ("
                    + ", ".join(f"{long_date(d, 'da')}: {p.da}" for d, p in why)
                    + ")",
                    f"missing-preparation: {what.en} on {long_date(k, 'en')}{fixed_en} leaves "
                    f"{self.net.name} no day {lo}–{hi} days before it ("
                    + ", ".join(f"{long_date(d, 'en')}: {p.en}" for d, p in why)
                    + ")",
                )
            )
        return reasons

    def explain_chain(
        self,
        a: Slot,
        b: Slot,
        first: list[tuple[int, Ordinals]],
        second: list[tuple[int, Ordinals]],
    ) -> list[Text]:
        gap = self.settings.number("spacing", "min-days")
        da = sorted({dt.date.fromordinal(p[0]) for _, p in first})
        db = sorted({dt.date.fromordinal(p[0]) for _, p in second})
        span = {
            lang: (
                f"({long_date(da[0], lang)}…{long_date(da[-1], lang)})",
                f"({long_date(db[0], lang)}…{long_date(db[-1], lang)})",
            )
            for lang in ("da", "en")
        }
        fixed = [
            self.user_ids.get(sid, sid)
            for slot in (a, b)
            for body in (self.kkr, self.net)
            if (sid := self.slot_id(body, slot)) in self.fixed
        ]
        named_da = f" (faste møder: {', '.join(fixed)})" if fixed else ""
        named_en = f" (fixed meetings: {', '.join(fixed)})" if fixed else ""
        return [
            Text(
                f"spacing: {genitive(self.kkr.name)} møder {a.index}/{a.year} {span['da'][0]} og "
                f"{b.index}/{b.year} {span['da'][1]} kan ikke ligge "
                f"{count(gap, 'dag', 'dage')} fra hinanden "
                f"med et møde i {self.net.name} imellem{named_da}",
                f"spacing: {self.kkr.name}'s meetings {a.index}/{a.year} {span['en'][0]} and "
                f"{b.index}/{b.year} {span['en'][1]} cannot be {count(gap, 'day', 'days')} apart "
                f"with {self.net.name} meeting between them{named_en}",
            )
        ]


def _middle_weekday(body: Body) -> int | None:
    """The weekday a body prefers: the median of its usual ones (KKR's Mon–Fri → Wednesday)."""
    if not body.weekdays:
        return None
    ordered = sorted(body.weekdays)
    return ordered[(len(ordered) - 1) // 2]


def _weeks_away(day: dt.date, slot: Slot) -> int:
    """Started weeks between ``day`` and the slot's usual ISO weeks in its year."""
    last_week = dt.date(slot.year, 12, 28).isocalendar().week
    lo, hi = (min(w, last_week) for w in slot.weeks)
    first = dt.date.fromisocalendar(slot.year, lo, 1)
    last = dt.date.fromisocalendar(slot.year, hi, 7)
    days = max((first - day).days, (day - last).days, 0)
    return -(-days // 7)


def propose(
    calendar: Calendar,
    years: Sequence[int],
    *,
    kkr: str | None = None,
    fixed: Iterable[Meeting] = (),
    external: Sequence[Meeting] = (),
    previous: Iterable[Meeting] = (),
    settings: Settings | None = None,
    feeders: Sequence[str] = (),
    held: Iterable[Meeting] = (),
    blocked: Days = (),
    avoid: Days = (),
) -> Proposal:
    """The best calendar of ``kkr`` and the body that prepares it for ``years``.

    ``fixed`` meetings keep their dates (matched by id ``<body>-<year>-<n>``, or in date
    order to the nearest slot); ``previous`` is the plan being revised: moving one of its
    meetings costs ``moved-points``. ``held`` are meetings already published before the
    first year (a data file's): the first year keeps order and spacing across New Year
    from them. Each body in ``feeders`` (DASSOS) gets a meeting a few days before each
    preparing KD-Net meeting. ``blocked`` days are walls and ``avoid`` days cost points,
    for every planned body or per body id. ``settings`` are the rule settings the
    proposal keeps and the points it minimises (docs/propose.md).
    """
    settings = settings or Settings()
    kkr_body = calendar.body(kkr) if kkr else _default_kkr(calendar)
    preparer = calendar.preparer_of(kkr_body.id)
    if preparer is None:
        raise InfeasibleError(
            [
                Text(
                    f"intet organ forbereder {genitive(kkr_body.name)} møder (angiv prepares = …)",
                    f"no body prepares {kkr_body.name}'s meetings (set prepares = …)",
                )
            ]
        )
    net_body = calendar.body(preparer)
    wanted = sorted(set(years))
    if not wanted:
        raise KdnetCalendarError("no year to plan", da="intet år at planlægge")
    unsupported = [y for y in wanted if not limits.FIRST_YEAR <= y <= limits.LAST_YEAR]
    if unsupported:
        supported = f"{limits.FIRST_YEAR}–{limits.LAST_YEAR}"
        raise KdnetCalendarError(
            f"cannot plan {unsupported[0]}: the supported years are {supported}",
            da=f"{unsupported[0]} kan ikke planlægges: de understøttede år er {supported}",
        )
    first_year = wanted[0]
    held = [m for m in held if m.date.year < first_year and m.kind.is_regular and not m.cancelled]
    last_kkr = max((m.date for m in held if m.body == kkr_body.id), default=None)
    last_net = max((m.date for m in held if m.body == net_body.id), default=None)
    user_ids: dict[str, str] = {}
    slots = _slots(wanted, settings)
    planned = [kkr_body.id, net_body.id, *feeders]
    lead = settings.preference("lead-ideal")
    outside: list[Meeting] = []
    planner = _Planner(
        calendar=calendar,
        kkr=kkr_body,
        net=net_body,
        settings=settings,
        fixed=_match_fixed(
            list(fixed), slots, kkr_body.id, net_body.id, user_ids, lead=lead, outside=outside
        ),
        external=external,
        # A previous plan read from an agenda or an export has the reader's ids, not the
        # slots': it is matched to the slots as fixed meetings are, or it would be ignored.
        previous=_match_fixed(list(previous), slots, kkr_body.id, net_body.id, {}, lead=lead),
        blocked=_per_body(blocked, planned),
        avoid=_per_body(avoid, planned),
        user_ids=user_ids,
        before=(last_kkr, last_net) if last_kkr and last_net else None,
        years=frozenset(wanted),
    )
    cost, pairs = planner.solve(slots)
    meetings = list(_meetings(slots, pairs, kkr_body, net_body, planner.fixed))
    others = [m for m in planner.fixed.values() if m.body not in (kkr_body.id, net_body.id)]
    meetings.extend(others)
    notes = [
        Text(
            f"det faste møde {m.id} ({long_date(m.date, 'da')}) ligger uden for de planlagte "
            "år og er ikke med i forslaget",
            f"the fixed meeting {m.id} ({long_date(m.date, 'en')}) is outside the planned "
            "years and is not part of the proposal",
        )
        for m in outside
    ]
    for feeder in feeders:
        placed, points = _feeder_meetings(
            planner, calendar.body(feeder), meetings, [*others, *held], notes
        )
        meetings.extend(placed)
        cost += points
    moved = tuple(
        (m.id, planner.previous[m.id].date, m.date)
        for m in meetings
        if m.id in planner.previous and planner.previous[m.id].date != m.date
    )
    proposed = calendar.with_meetings(meetings)
    return Proposal(proposed, proposed.meetings, cost, moved, tuple(notes))


@attrs.frozen
class Plan:
    """What ``kdnet-calendar propose`` proposes: the proposal and what to publish of it."""

    years: tuple[int, ...]
    proposal: Proposal
    #: The proposal's meetings with only the bodies they are held by: no people, no
    #: documents, so a data file written from it holds the plan and nothing else.
    calendar: Calendar
    #: Every finding on a fixed meeting, warnings too: it stays, so the user must hear of it.
    fixed_findings: tuple[Finding, ...] = ()


def plan(
    data: Calendar,
    years: Sequence[int],
    *,
    kkr: str | None = None,
    fixed: Sequence[Meeting] = (),
    previous: Sequence[Meeting] = (),
    external: Sequence[Meeting] = (),
    settings: Settings | None = None,
    dassos: bool = True,
    blocked: Iterable[tuple[str | None, Iterable[dt.date]]] = (),
    avoid: Iterable[tuple[str | None, Iterable[dt.date]]] = (),
) -> Plan:
    """:func:`propose` as the command line asks it, for ``data`` (a data file's calendar).

    The bodies come from ``data`` and its meetings are the ones already held; DASSOS is
    planned when ``dassos`` is true and the data has a body ``dassos``. ``blocked`` and
    ``avoid`` are ``(body id, days)`` pairs, ``None`` for every planned body. The fixed
    meetings' findings are judged on the whole proposed calendar, before it is trimmed.
    """
    from .rules import validate

    settings = settings or Settings()
    registry = data.with_meetings(())
    feeders = ["dassos"] if dassos and "dassos" in {b.id for b in registry.bodies} else []
    proposal = propose(
        registry, years, kkr=kkr, fixed=fixed, external=external, previous=previous,
        feeders=feeders, settings=settings, held=data.meetings,
        blocked=_days_per_body(registry, blocked), avoid=_days_per_body(registry, avoid),
    )  # fmt: skip
    found: tuple[Finding, ...] = ()
    if fixed:
        # A fixed meeting stays even where it breaks a rule (KL chose a Saturday).
        fixed_ids = {m.id for m in proposal.meetings if m.origin is not None}  # read, not planned
        found = tuple(
            f for f in validate(proposal.calendar, settings) if set(f.meetings) & fixed_ids
        )
    used = {m.body for m in proposal.calendar.meetings}
    trimmed = attrs.evolve(
        proposal.calendar,
        bodies=tuple(b for b in proposal.calendar.bodies if b.id in used),
        people=(),
        documents=(),
    )
    return Plan(tuple(sorted(set(years))), proposal, trimmed, found)


def _days_per_body(
    calendar: Calendar, given: Iterable[tuple[str | None, Iterable[dt.date]]]
) -> dict[str, set[dt.date]]:
    """Days given per body, as days per body id; days without a body go to every body."""
    out: dict[str, set[dt.date]] = {b.id: set() for b in calendar.bodies}
    for body, days in given:
        chosen = list(days)
        for b in [calendar.body(body).id] if body else list(out):
            out[b].update(chosen)
    return out


def _per_body(days: Days, bodies: Sequence[str]) -> dict[str, frozenset[dt.date]]:
    if isinstance(days, Mapping):
        return {body: frozenset(ds) for body, ds in days.items()}
    every = frozenset(days)
    return dict.fromkeys(bodies, every)


def _default_kkr(calendar: Calendar) -> Body:
    for body in calendar.bodies:
        if calendar.preparer_of(body.id):
            return body
    raise InfeasibleError(
        [
            Text(
                "dataene har intet organ, som et andet organ forbereder (KD-Net → KKR)",
                "the data has no body that another body prepares (KD-Net → KKR)",
            )
        ]
    )


def _match_fixed(
    fixed: list[Meeting],
    slots: Sequence[Slot],
    kkr: str,
    net: str,
    user_ids: dict[str, str],
    *,
    lead: int,
    outside: list[Meeting] | None = None,
) -> dict[str, Meeting]:
    """Give each fixed KKR/KD-Net meeting the id of the slot it belongs to.

    Fixed meetings outside the planned years go to ``outside``, for the caller to
    mention: a data file of decided meetings may well span several years.
    """
    out: dict[str, Meeting] = {}
    by_id = {f"{s.year}-{s.index}": s for s in slots}
    years = {s.year for s in slots}
    # Each body's fixed meetings take slots in date order, each the nearest slot after the
    # one before it: two fixed meetings never share a slot (one would silently vanish).
    last: dict[tuple[str, int], int] = {}
    for m in sorted(fixed, key=lambda m: (m.date, m.id)):
        if m.date.year not in years:
            if outside is not None:
                outside.append(m)
            continue
        if m.body not in (kkr, net) or not m.kind.is_regular:
            out[m.id] = m
            continue
        prefix = f"{m.body}-"
        slot_key = m.id[len(prefix) :] if m.id.startswith(prefix) else ""
        after = last.get((m.body, m.date.year), 0)
        if (
            slot_key in by_id
            and by_id[slot_key].year == m.date.year
            and by_id[slot_key].index > after
        ):
            out[m.id] = m
            last[(m.body, m.date.year)] = by_id[slot_key].index
            continue
        candidates = [s for s in slots if s.year == m.date.year and s.index > after]
        if not candidates:
            taken = [f.id for f in fixed if f.body == m.body and f.date.year == m.date.year]
            room = sum(1 for s in slots if s.year == m.date.year)
            raise InfeasibleError(
                [
                    Text(
                        f"{m.id} ({long_date(m.date, 'da')}): {m.body} har "
                        f"{count(len(taken), 'fast møde', 'faste møder')} i {m.date.year} "
                        f"({', '.join(taken)}), flere end årets "
                        f"{count(room, 'møde', 'møder')} kan rumme i rækkefølge",
                        f"{m.id} ({long_date(m.date, 'en')}): {m.body} has "
                        f"{count(len(taken), 'fixed meeting', 'fixed meetings')} in "
                        f"{m.date.year} ({', '.join(taken)}), more than the year's "
                        f"{count(room, 'meeting', 'meetings')} can hold in order",
                    )
                ]
            )
        # A KD-Net meeting belongs to the KKR meeting it would prepare, about a lead later.
        target = m.date + dt.timedelta(days=lead) if m.body == net else m.date
        slot = min(candidates, key=lambda s: (_weeks_away(target, s), s.index))
        last[(m.body, m.date.year)] = slot.index
        user_ids[f"{m.body}-{slot.year}-{slot.index}"] = m.id
        out[f"{m.body}-{slot.year}-{slot.index}"] = attrs.evolve(
            m, id=f"{m.body}-{slot.year}-{slot.index}"
        )
    return out


def _meetings(
    slots: Sequence[Slot], pairs: Sequence[Pair], kkr: Body, net: Body, fixed: dict[str, Meeting]
) -> Iterator[Meeting]:
    for slot, (k, n) in zip(slots, pairs, strict=True):
        kind = MeetingKind.CONSTITUTING if slot.constituting else MeetingKind.ORDINARY
        kid, nid = f"{kkr.id}-{slot.year}-{slot.index}", f"{net.id}-{slot.year}-{slot.index}"
        yield fixed.get(kid) or Meeting(
            kid, kkr.id, k, start=kkr.start, end=kkr.end, kind=kind, location=kkr.location
        )
        yield fixed.get(nid) or Meeting(
            nid, net.id, n, start=net.start, end=net.end, kind=kind, location=net.location
        )


def _feeder_meetings(
    planner: _Planner,
    body: Body,
    planned: Sequence[Meeting],
    fixed: Sequence[Meeting],
    notes: list[Text],
) -> tuple[list[Meeting], int]:
    """A meeting of ``body`` before each preparing KD-Net meeting, and their points.

    A chain again, one link per KD-Net meeting, each with the ``feeder-leads`` days as
    candidates; dynamic programming over it keeps spacing between the feeding body's
    meetings at the least cost. KD-Net's dates are settled first and never move for it.
    """
    s = planner.settings
    leads = s.preferred("feeder-leads")
    taken = sorted(m.date for m in fixed if m.body == body.id and m.kind.is_regular)
    gap, points = planner.spacing()
    nets = sorted(
        (m for m in planned if m.body == planner.net.id and m.kind is MeetingKind.ORDINARY),
        key=lambda m: m.date,
    )
    links: list[tuple[Meeting, list[tuple[int, dt.date]]]] = []
    for net in nets:
        if any(0 < (net.date - d).days <= max(leads) for d in taken):
            continue  # a fixed meeting of the body already feeds this one
        suffix = net.id.removeprefix(f"{planner.net.id}-")
        was = planner.previous.get(f"{body.id}-{suffix}")
        options = []
        for rank, lead in enumerate(leads):
            day = net.date - dt.timedelta(days=lead)
            wall, cost = planner.verdict(body, MeetingKind.ORDINARY, day)
            if wall is not None or not limits.supported(day):
                continue
            if was is not None and was.date != day:
                cost += s.preference("moved-points")
            options.append((cost + rank, day))
        if not options:
            lo, hi = min(leads), max(leads)
            notes.append(
                Text(
                    f"intet møde i {body.name} før {genitive(planner.net.name)} møde "
                    f"{long_date(net.date, 'da')}: hver dag {lo}–{hi} dage før bryder en regel",
                    f"no {body.name} meeting before {planner.net.name}'s meeting of "
                    f"{long_date(net.date, 'en')}: every day {lo}–{hi} days before breaks a rule",
                )
            )
            continue
        links.append((net, options))

    def step(a: dt.date | None, b: dt.date) -> int | None:
        """Points for meeting on ``b`` after ``a``; None when spacing is a wall."""
        if a is None or (b - a).days >= gap or points == 0:
            return 0 if a is None or b > a else None
        return None if points is None else points

    # best[i][j]: least points for links 0..i with link i on its option j, and the parent.
    last_fixed = taken[-1] if taken else None
    best: list[list[tuple[int, int]]] = []
    for i, (_, options) in enumerate(links):
        row = []
        for cost, day in options:
            if i == 0:
                extra = step(last_fixed if last_fixed and last_fixed < day else None, day)
                row.append((cost + extra, -1) if extra is not None else (_INF, -1))
                continue
            choices = [
                (best[i - 1][p][0] + extra + cost, p)
                for p, (_, prev) in enumerate(links[i - 1][1])
                if best[i - 1][p][0] < _INF and (extra := step(prev, day)) is not None
            ]
            row.append(min(choices) if choices else (_INF, -1))
        if all(c >= _INF for c, _ in row):
            # Spacing leaves this link no day after the previous one: plan it anew from here.
            net = links[i][0]
            notes.append(
                Text(
                    f"{genitive(body.name)} møde før {genitive(planner.net.name)} møde "
                    f"{long_date(net.date, 'da')} ligger under {count(gap, 'dag', 'dage')} "
                    "efter det forrige",
                    f"{body.name}'s meeting before {planner.net.name}'s meeting of "
                    f"{long_date(net.date, 'en')} is less than {count(gap, 'day', 'days')} "
                    "after the one before",
                )
            )
            row = [(cost, -1) for cost, _ in options]
        best.append(row)
    out: list[Meeting] = []
    total = 0
    if best:
        j = min(range(len(best[-1])), key=lambda j: (best[-1][j][0], j))
        total = best[-1][j][0]
        i = len(best) - 1
        while i >= 0:
            net, options = links[i]
            day = options[j][1]
            suffix = net.id.removeprefix(f"{planner.net.id}-")
            out.append(
                Meeting(
                    f"{body.id}-{suffix}",
                    body.id,
                    day,
                    start=body.start,
                    end=body.end,
                    location=body.location,
                )
            )
            parent = best[i][j][1]
            if parent < 0 and i > 0:
                # A link planned anew: the chain before it is solved on its own.
                total += min(c for c, _ in best[i - 1])
                j = min(range(len(best[i - 1])), key=lambda j: (best[i - 1][j][0], j))
            else:
                j = parent
            i -= 1
    return out[::-1], total
