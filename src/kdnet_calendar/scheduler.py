"""Propose a calendar that passes the rule book, for a year or a whole election period.

The problem is a chain. Each **slot** is one KKR meeting and the KD-Net meeting that
prepares it; slots follow each other through the year, and the only rules that bind two
slots together (28 days between a body's meetings, KD-Net meeting after the previous KKR
meeting) bind *neighbouring* slots. Everything else — weekdays, holidays, school weeks,
the preparation window, the constituting deadline, the election, the user's external
events — is a property of one slot's pair of dates. So dynamic programming over the chain,
with the pair of dates as the state, finds the cheapest calendar exactly: the result is
optimal for the objective below, not a heuristic's best effort, and it is deterministic
(ties go to the earlier dates).

The objective, in points (weights are settings, :class:`Weights`):

* a KKR meeting outside its usual ISO weeks (5–6, 14–17, 24–25, 36, 46–47): per week away;
* KD-Net's lead time: per day away from the ideal 12 days, and much more per day outside
  the comfortable 7–21 days (5–28 is the hard limit);
* a KKR meeting on a Monday or Friday rather than mid-week: a little;
* a meeting moved from the previous plan (re-planning around a changed fixed meeting):
  a lot, so that as few meetings as possible move.

Hard rules are never traded for points: if no calendar satisfies them, :class:`InfeasibleError`
says which rules and which meetings make it impossible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

import attrs

from .danish import long_date
from .days import DayCalendar
from .exceptions import KdnetCalendarError
from .model import Body, Calendar, Meeting, MeetingKind
from .periods import period_of
from .rules.check import Check
from .rules.findings import Text
from .rules.fixes import day_problems
from .rules.settings import Settings

__all__ = ["InfeasibleError", "Proposal", "Slot", "Weights", "propose"]

#: The ISO weeks KKRs meet in (docs/propose.md), one range per meeting of the year.
KKR_WEEKS: tuple[tuple[int, int], ...] = ((5, 6), (14, 17), (24, 25), (36, 36), (46, 47))
#: In an election year the autumn meeting comes before the election: weeks 41–43 (2025: 20 October).
ELECTION_YEAR_AUTUMN = (41, 43)
#: How far outside its usual weeks a KKR meeting may be put, in weeks.
SEARCH_WEEKS = 3


@attrs.frozen
class Weights:
    """The objective's weights, in points."""

    week_outside: int = 100
    lead_ideal: int = 12
    lead_per_day: int = 5
    lead_uncomfortable_per_day: int = 200
    edge_weekday: int = 3
    moved: int = 10_000
    #: Days KD-Net's constituting meeting should follow KKR's (it mirrors KKR's presidency).
    constitute_after: tuple[int, int] = (7, 35)
    #: The January day KKR's constituting meeting is best held on.
    constituting_day: int = 19
    #: Days before election day that the last ordinary meetings must be held.
    election_margin: int = 14


@attrs.frozen
class Slot:
    """One KKR meeting of a year and, with it, the KD-Net meeting that prepares it."""

    year: int
    index: int
    weeks: tuple[int, int]
    constituting: bool = False


@attrs.frozen
class Proposal:
    """A proposed calendar, its cost in objective points and what moved from the previous plan."""

    calendar: Calendar
    meetings: tuple[Meeting, ...]
    cost: int
    #: Meetings that differ from the previous plan: (id, previous date, new date).
    moved: tuple[tuple[str, dt.date, dt.date], ...] = ()
    #: What the proposal could not do, for the user to hear (a DASSOS meeting no day fits).
    notes: tuple[Text, ...] = ()


class InfeasibleError(KdnetCalendarError):
    """No calendar satisfies the hard rules; ``reasons`` say which rules and meetings.

    ``reasons`` are in English; :meth:`localized` gives the whole message in Danish or
    English, as the command line prints it.
    """

    def __init__(self, reasons: Sequence[Text | str]) -> None:
        self.texts = tuple(r if isinstance(r, Text) else Text(r, r) for r in reasons)
        self.reasons = tuple(t.en for t in self.texts)
        super().__init__(self.localized("en"))

    def localized(self, lang: str) -> str:
        head = Text("ingen kalender overholder reglerne", "no calendar satisfies the rules")
        return f"{head(lang)}: " + "; ".join(t(lang) for t in self.texts)


Pair = tuple[dt.date, dt.date]  # (KKR date, KD-Net date)


def _slots(years: Iterable[int]) -> list[Slot]:
    slots = []
    for year in years:
        period = period_of(year)
        weeks = list(KKR_WEEKS)
        if period.election_year == year:
            weeks[-1] = ELECTION_YEAR_AUTUMN
        for i, w in enumerate(weeks, start=1):
            constituting = i == 1 and period.first_year == year
            slots.append(Slot(year, i, (1, 5) if constituting else w, constituting))
    return slots


@attrs.define
class _Planner:
    calendar: Calendar
    kkr: Body
    net: Body
    settings: Settings
    weights: Weights
    fixed: dict[str, Meeting]
    external: Sequence[Meeting]
    previous: dict[str, Meeting]
    reasons: dict[tuple[str, dt.date], Text] = attrs.Factory(dict)
    #: A fixed meeting's slot id → the id the user gave it, for messages.
    user_ids: dict[str, str] = attrs.Factory(dict)
    #: The last KKR and KD-Net meetings held before the first planned year, if known.
    before: Pair | None = None
    days: DayCalendar = attrs.field(init=False)

    check: Check = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.days = self.settings.days
        self.check = Check(self.calendar, self.settings)

    # -- one date --------------------------------------------------------------------

    def day_problem(self, body: Body, day: dt.date, start: dt.time | None) -> Text | None:
        """Why a regular meeting of ``body`` cannot be on ``day``, or None.

        The rules a day breaks by itself are asked of the rule book's own condition
        (:func:`~kdnet_calendar.rules.fixes.day_problems`), so a proposal and its
        validation never disagree: 1 May is off only in the afternoon, for both.
        """
        end = body.end if start else None
        for code in day_problems(self.check, body.id, MeetingKind.ORDINARY, end, day):
            if self.settings.severity(code) is None or code == "after-election":
                continue  # switched off; the election is the slots' own business
            note = {
                "public-holiday": self.days.public_holiday,
                "day-off": self.days.day_off,
                "school-holiday": self.days.school_holiday,
            }.get(code, lambda _: None)(day)
            return Text(f"{code} ({note.da})", f"{code} ({note.en})") if note else Text(code, code)
        probe = Meeting("probe", body.id, day, start=start, end=body.end if start else None)
        for e in self.external:
            if e.date <= day <= e.last_date and probe.overlaps(e):
                what = e.title or str(e.origin)
                return Text(f"external-conflict ({what})", f"external-conflict ({what})")
        for f in self.fixed.values():
            if f.date == day and f.body == body.id:
                continue
            if f.date <= day <= f.last_date and f.body in (self.kkr.id, self.net.id):
                name = self.user_ids.get(f.id, f.id)
                return Text(
                    f"overlap med det faste møde {name}", f"overlap with the fixed meeting {name}"
                )
        return None

    def ok(self, body: Body, day: dt.date) -> bool:
        problem = self.day_problem(body, day, body.start)
        if problem is not None:
            self.reasons[(body.id, day)] = problem
        return problem is None

    # -- one slot --------------------------------------------------------------------

    def kkr_dates(self, slot: Slot) -> list[dt.date]:
        fixed = self.fixed.get(f"{self.kkr.id}-{slot.year}-{slot.index}")
        if fixed is not None:
            return [fixed.date]
        if slot.constituting:
            first, last = dt.date(slot.year, 1, 2), period_of(slot.year).kkr_constituting_deadline
            assert last is not None
        else:
            lo, hi = slot.weeks
            first = _monday(slot.year, max(1, lo - SEARCH_WEEKS))
            last = _monday(slot.year, min(52, hi + SEARCH_WEEKS)) + dt.timedelta(days=6)
            period = period_of(slot.year)
            if period.election_year == slot.year:
                last = min(
                    last, period.next_election - dt.timedelta(days=self.weights.election_margin)
                )
        days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
        return [d for d in days if d.year == slot.year and self.ok(self.kkr, d)]

    def net_dates(self, slot: Slot, kkr_day: dt.date) -> list[dt.date]:
        fixed = self.fixed.get(f"{self.net.id}-{slot.year}-{slot.index}")
        if slot.constituting:
            lo, hi = self.weights.constitute_after
            window = [kkr_day + dt.timedelta(days=n) for n in range(lo, hi + 1)]
        else:
            lo, hi = self.settings.window.min_days, self.settings.window.max_days
            window = [kkr_day - dt.timedelta(days=n) for n in range(hi, lo - 1, -1)]
        if fixed is not None:
            return [fixed.date] if fixed.date in window else []
        return [d for d in window if self.ok(self.net, d)]

    def pair_cost(self, slot: Slot, kkr_day: dt.date, net_day: dt.date) -> int:
        w = self.weights
        cost = 0
        lo, hi = slot.weeks
        week = kkr_day.isocalendar().week
        if not slot.constituting:
            cost += w.week_outside * max(lo - week, week - hi, 0)
            lead = (kkr_day - net_day).days
            cost += w.lead_per_day * abs(lead - w.lead_ideal)
            clo, chi = self.settings.comfortable.min_days, self.settings.comfortable.max_days
            cost += w.lead_uncomfortable_per_day * max(clo - lead, lead - chi, 0)
        else:
            # KKR constitutes once the councils have appointed its members: the seeds show
            # 19 January in 2022 and 2026; KD-Net follows about three weeks later.
            cost += abs(kkr_day.day - w.constituting_day) + abs((net_day - kkr_day).days - 21)
        if kkr_day.weekday() in (0, 4):
            cost += w.edge_weekday
        for mid, day in (
            (f"{self.kkr.id}-{slot.year}-{slot.index}", kkr_day),
            (f"{self.net.id}-{slot.year}-{slot.index}", net_day),
        ):
            was = self.previous.get(mid)
            if was is not None and was.date != day:
                cost += w.moved
        return cost

    def pairs(self, slot: Slot) -> list[tuple[int, Pair]]:
        out = []
        for k in self.kkr_dates(slot):
            for n in self.net_dates(slot, k):
                out.append((self.pair_cost(slot, k, n), (k, n)))
        return out

    def compatible(self, before: Pair, after: Pair) -> bool:
        gap = self.settings.number("spacing", "min-days")
        (k1, n1), (k2, n2) = before, after
        return (k2 - k1).days >= gap and (n2 - n1).days >= gap and n2 > k1

    # -- the chain --------------------------------------------------------------------

    def solve(self, slots: Sequence[Slot]) -> tuple[int, list[Pair]]:
        layers: list[list[tuple[int, Pair]]] = []
        for slot in slots:
            pairs = self.pairs(slot)
            if not pairs:
                raise InfeasibleError(self.explain_slot(slot))
            layers.append(sorted(pairs, key=lambda cp: (cp[1], cp[0])))
        if self.before is not None:
            # The meetings already held before the first year bind its first slot too.
            start = [cp for cp in layers[0] if self.compatible(self.before, cp[1])]
            if not start:
                k, n = self.before
                gap = self.settings.number("spacing", "min-days")
                raise InfeasibleError(
                    [
                        Text(
                            f"spacing: {self.kkr.name}s første møde i {slots[0].year} kan ikke "
                            f"ligge {gap} dage efter det sidste før det ({long_date(k, 'da')}; "
                            f"{self.net.name}: {long_date(n, 'da')})",
                            f"spacing: {self.kkr.name}'s first meeting of {slots[0].year} cannot "
                            f"be {gap} days after the last one before it ({long_date(k, 'en')}; "
                            f"{self.net.name}: {long_date(n, 'en')})",
                        )
                    ]
                )
            layers[0] = start
        # best[i][j]: cheapest cost of slots 0..i ending in layer i's pair j, and its parent.
        best: list[list[tuple[int, int]]] = [[(c, -1) for c, _ in layers[0]]]
        for i in range(1, len(layers)):
            row: list[tuple[int, int]] = []
            prev = best[i - 1]
            # Order the previous layer by cost once; the first compatible pair is the best.
            order = sorted(range(len(prev)), key=lambda j: (prev[j][0], layers[i - 1][j][1]))
            for cost, pair in layers[i]:
                parent = next(
                    (
                        j
                        for j in order
                        if prev[j][0] < _INF and self.compatible(layers[i - 1][j][1], pair)
                    ),
                    -1,
                )
                row.append((cost + prev[parent][0], parent) if parent >= 0 else (_INF, -1))
            if all(c >= _INF for c, _ in row):
                raise InfeasibleError(
                    self.explain_chain(slots[i - 1], slots[i], layers[i - 1], layers[i])
                )
            best.append(row)
        last = best[-1]
        j = min(range(len(last)), key=lambda j: (last[j][0], layers[-1][j][1]))
        total = last[j][0]
        chosen: list[Pair] = []
        for i in range(len(layers) - 1, -1, -1):
            chosen.append(layers[i][j][1])
            j = best[i][j][1]
        return total, chosen[::-1]

    # -- explanations ----------------------------------------------------------------

    def explain_slot(self, slot: Slot) -> list[Text]:
        what = Text(
            f"{self.kkr.name}s møde {slot.index} i {slot.year}",
            f"{self.kkr.name}'s meeting {slot.index} of {slot.year}",
        )
        slot_id = f"{self.kkr.id}-{slot.year}-{slot.index}"
        kkr_fixed = self.fixed.get(slot_id)
        kkr_days = self.kkr_dates(slot)
        if not kkr_days:
            rejected = sorted(
                ((d, r) for (b, d), r in self.reasons.items() if b == self.kkr.id),
                key=lambda x: x[0],
            )
            more = ", …" if len(rejected) > 4 else ""
            return [
                Text(
                    f"{what.da} har ingen mulig dato ("
                    + ", ".join(f"{long_date(d, 'da')}: {r.da}" for d, r in rejected[:4])
                    + more
                    + ")",
                    f"{what.en} has no possible date ("
                    + ", ".join(f"{long_date(d, 'en')}: {r.en}" for d, r in rejected[:4])
                    + more
                    + ")",
                )
            ]
        net_fixed = self.fixed.get(f"{self.net.id}-{slot.year}-{slot.index}")
        reasons = []
        lo, hi = self.settings.window.min_days, self.settings.window.max_days
        for k in kkr_days[:3]:
            window = [k - dt.timedelta(days=n) for n in range(hi, lo - 1, -1)]
            days = [d for d in window if not self.net.weekdays or d.weekday() in self.net.weekdays]
            why: list[tuple[dt.date, Text]] = []
            for d in days:
                problem = self.day_problem(self.net, d, self.net.start)
                if problem is None and net_fixed is not None:
                    name = self.user_ids.get(net_fixed.id, net_fixed.id)
                    problem = Text(
                        f"fri, men {self.net.name}s møde er fastlagt til {long_date(net_fixed.date, 'da')} ({name})",
                        f"free, but {self.net.name}'s meeting is fixed on {long_date(net_fixed.date, 'en')} ({name})",
                    )
                if problem is not None:
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
        first: list[tuple[int, Pair]],
        second: list[tuple[int, Pair]],
    ) -> list[Text]:
        gap = self.settings.number("spacing", "min-days")
        da = sorted({p[0] for _, p in first})
        db = sorted({p[0] for _, p in second})
        span = {
            lang: (
                f"({long_date(da[0], lang)}…{long_date(da[-1], lang)})",
                f"({long_date(db[0], lang)}…{long_date(db[-1], lang)})",
            )
            for lang in ("da", "en")
        }
        return [
            Text(
                f"spacing: {self.kkr.name}s møder {a.index}/{a.year} {span['da'][0]} og "
                f"{b.index}/{b.year} {span['da'][1]} kan ikke ligge {gap} dage fra hinanden "
                f"med et møde i {self.net.name} imellem",
                f"spacing: {self.kkr.name}'s meetings {a.index}/{a.year} {span['en'][0]} and "
                f"{b.index}/{b.year} {span['en'][1]} cannot be {gap} days apart "
                f"with {self.net.name} meeting between them",
            )
        ]


_INF = 1 << 60


def _monday(year: int, week: int) -> dt.date:
    return dt.date.fromisocalendar(year, week, 1)


def propose(
    calendar: Calendar,
    years: Sequence[int],
    *,
    kkr: str | None = None,
    fixed: Iterable[Meeting] = (),
    external: Sequence[Meeting] = (),
    previous: Iterable[Meeting] = (),
    weights: Weights | None = None,
    settings: Settings | None = None,
    feeders: Sequence[str] = (),
    held: Iterable[Meeting] = (),
) -> Proposal:
    """The optimal calendar of ``kkr`` and the body that prepares it for ``years``.

    ``fixed`` meetings keep their dates (match them by id ``<body>-<year>-<n>``, or by
    nearest slot); ``previous`` is the plan being revised, whose dates are kept wherever
    possible. ``held`` are meetings already published before the first year (a data
    file's): the first year keeps its spacing and preparation across New Year from them.
    Each body in ``feeders`` (DASSOS) gets a meeting a few days before each
    preparing KD-Net meeting, so its chair can report to KD-Net. ``settings`` are the rule
    settings the proposal must pass (the preparation window, spacing, the day calendar).
    """
    weights = weights or Weights()
    kkr_body = calendar.body(kkr) if kkr else _default_kkr(calendar)
    preparer = calendar.preparer_of(kkr_body.id)
    if preparer is None:
        raise InfeasibleError([f"no body prepares {kkr_body.name}'s meetings (set prepares = …)"])
    net_body = calendar.body(preparer)
    first_year = min(years)
    held = [m for m in held if m.date.year < first_year and m.kind.is_regular and not m.cancelled]
    last_kkr = max((m.date for m in held if m.body == kkr_body.id), default=None)
    last_net = max((m.date for m in held if m.body == net_body.id), default=None)
    user_ids: dict[str, str] = {}
    slots = _slots(sorted(set(years)))
    planner = _Planner(
        calendar=calendar,
        kkr=kkr_body,
        net=net_body,
        settings=settings or Settings(),
        weights=weights,
        fixed=_match_fixed(list(fixed), slots, kkr_body.id, net_body.id, user_ids),
        external=external,
        # A previous plan read from an agenda or an export has the reader's ids, not the
        # slots': it is matched to the slots as fixed meetings are, or it would be ignored.
        previous=_match_fixed(list(previous), slots, kkr_body.id, net_body.id, {}),
        user_ids=user_ids,
        before=(last_kkr, last_net) if last_kkr and last_net else None,
    )
    cost, pairs = planner.solve(slots)
    meetings = list(_meetings(slots, pairs, kkr_body, net_body, planner.fixed))
    others = [m for m in planner.fixed.values() if m.body not in (kkr_body.id, net_body.id)]
    meetings.extend(others)
    notes: list[Text] = []
    for feeder in feeders:
        meetings.extend(
            _feeder_meetings(planner, calendar.body(feeder), meetings, [*others, *held], notes)
        )
    moved = tuple(
        (m.id, planner.previous[m.id].date, m.date)
        for m in meetings
        if m.id in planner.previous and planner.previous[m.id].date != m.date
    )
    proposed = calendar.with_meetings(meetings)
    return Proposal(proposed, proposed.meetings, cost, moved, tuple(notes))


def _default_kkr(calendar: Calendar) -> Body:
    for body in calendar.bodies:
        if calendar.preparer_of(body.id):
            return body
    raise InfeasibleError(["the data has no body that another body prepares (KD-Net → KKR)"])


def _match_fixed(
    fixed: list[Meeting], slots: Sequence[Slot], kkr: str, net: str, user_ids: dict[str, str]
) -> dict[str, Meeting]:
    """Give each fixed KKR/KD-Net meeting the id of the slot it belongs to.

    Fixed meetings outside the planned years are left out: a data file of decided
    meetings may well span several years.
    """
    out: dict[str, Meeting] = {}
    by_id = {f"{s.year}-{s.index}": s for s in slots}
    years = {s.year for s in slots}
    # Each body's fixed meetings take slots in date order, each the nearest slot after the
    # one before it: two fixed meetings never share a slot (one would silently vanish).
    last: dict[tuple[str, int], int] = {}
    for m in sorted(fixed, key=lambda m: (m.date, m.id)):
        if m.date.year not in years:
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
            raise InfeasibleError(
                [
                    f"{m.id} ({m.date.isoformat()}): {m.body} has {len(taken)} fixed meetings "
                    f"in {m.date.year} ({', '.join(taken)}), more than the year's "
                    f"{sum(1 for s in slots if s.year == m.date.year)} meetings can hold in order"
                ]
            )
        target = m.date + dt.timedelta(days=12) if m.body == net else m.date
        slot = min(candidates, key=lambda s: (_week_distance(target, s), s.index))
        last[(m.body, m.date.year)] = slot.index
        user_ids[f"{m.body}-{slot.year}-{slot.index}"] = m.id
        out[f"{m.body}-{slot.year}-{slot.index}"] = attrs.evolve(
            m, id=f"{m.body}-{slot.year}-{slot.index}"
        )
    return out


def _week_distance(day: dt.date, slot: Slot) -> int:
    week = day.isocalendar().week
    lo, hi = slot.weeks
    return max(lo - week, week - hi, 0)


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


#: Days before KD-Net a feeding body meets, in order of preference (Wednesday first).
FEEDER_LEADS = (2, 3, 1, 4, 5, 6, 7)


def _feeder_meetings(
    planner: _Planner,
    body: Body,
    planned: Sequence[Meeting],
    fixed: Sequence[Meeting],
    notes: list[Text],
) -> Iterator[Meeting]:
    """A meeting of ``body`` before each preparing KD-Net meeting, 28 days apart or more.

    Each placement only depends on the one before it, so walking forward and taking the
    most preferred lead that keeps the spacing is optimal for this order of preference.
    """
    taken = sorted(m.date for m in fixed if m.body == body.id and m.kind.is_regular)
    last: dt.date | None = taken[-1] if taken else None
    for net in sorted(
        (m for m in planned if m.body == planner.net.id and m.kind is MeetingKind.ORDINARY),
        key=lambda m: m.date,
    ):
        if any(0 < (net.date - d).days <= max(FEEDER_LEADS) for d in taken):
            continue  # a fixed meeting of the body already feeds this one
        for lead in FEEDER_LEADS:
            day = net.date - dt.timedelta(days=lead)
            if last is not None and (day - last).days < planner.settings.number(
                "spacing", "min-days"
            ):
                continue
            if planner.day_problem(body, day, body.start) is None:
                last = day
                yield Meeting(
                    f"{body.id}-{day.year}-{net.id.rsplit('-', 1)[-1]}",
                    body.id,
                    day,
                    start=body.start,
                    end=body.end,
                    location=body.location,
                )
                break
        else:
            lo, hi = min(FEEDER_LEADS), max(FEEDER_LEADS)
            notes.append(
                Text(
                    f"intet møde i {body.name} før {planner.net.name}s møde "
                    f"{long_date(net.date, 'da')}: hver dag {lo}–{hi} dage før bryder en regel",
                    f"no {body.name} meeting before {planner.net.name}'s meeting of "
                    f"{long_date(net.date, 'en')}: every day {lo}–{hi} days before breaks a rule",
                )
            )
