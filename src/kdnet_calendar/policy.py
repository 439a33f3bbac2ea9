"""The policy numbers: every day count, week and weight the rules and proposals use.

This is their one home. :class:`~kdnet_calendar.rules.Settings` starts from these
defaults and a rules file overrides them; validation, fixes, proposals and pages all ask
the settings, never a copy. The module sits at the bottom of the house (it imports
nothing) so the model's own defaults can come from here too.
"""

from __future__ import annotations

from typing import Final

__all__ = ["PARAMETERS", "PREFERENCES", "Number"]

#: A parameter's value: a count of days, a flag (0/1), a list of ISO weeks, or a list
#: of ISO week ranges.
Number = int | tuple[int, ...] | tuple[tuple[int, int], ...]

#: What each rule takes, by rule code, with the rule book's defaults (docs/rules.md).
PARAMETERS: Final[dict[str, dict[str, Number]]] = {
    # KD-Net meets 5–28 days before the KKR meeting it prepares…
    "missing-preparation": {"min-days": 5, "max-days": 28},
    # …and 7–21 days is what the secretariats find comfortable.
    "preparation-lead": {"min-days": 7, "max-days": 21},
    # Two meetings of one body are at least four weeks apart.
    "spacing": {"min-days": 28},
    "yearly-count": {"expected": 5},
    "school-holiday": {
        "winter-weeks": (7,),
        "autumn-weeks": (42,),
        "summer-weeks": (27, 28, 29, 30, 31),
        "easter": 1,
    },
    "day-off": {
        "friday-after-ascension": 1,
        "christmas-from": 21,
        "christmas-until": 2,
    },
}

#: What a proposal prefers, and what each departure costs in points (docs/propose.md).
#: These are preferences, never walls: a calendar that departs from them is still
#: proposed when nothing better keeps the rules.
PREFERENCES: Final[dict[str, Number]] = {
    # The ISO weeks KKRs meet in, one range per meeting of the year.
    "kkr-weeks": ((5, 6), (14, 17), (24, 25), (36, 36), (46, 47)),
    # In an election year the autumn meeting comes before the election.
    "election-year-autumn-weeks": ((41, 43),),
    "week-points": 100,
    # KD-Net's ideal lead: time to send KKR's agenda after KD-Net has discussed it.
    "lead-ideal": 12,
    "lead-points": 5,
    # Per weekday away from the middle of the body's usual weekdays (KKR: Wednesday).
    "weekday-points": 3,
    # Per meeting and per warning-severity rule it breaks (a school-holiday week, …).
    "warning-points": 1000,
    # Per meeting on a day the user asked to avoid (--avoid).
    "avoid-points": 500,
    # Per meeting moved from the previous plan (--previous).
    "moved-points": 10_000,
    # KKR constitutes about 19 January (2022 and 2026); KD-Net about three weeks later.
    "constituting-day": 19,
    "constituting-lag": 21,
    "constituting-points": 1,
    # A feeding body (DASSOS) meets these many days before the KD-Net meeting it feeds,
    # in order of preference; each step down the list costs a point.
    "feeder-leads": (2, 3, 1, 4, 5, 6, 7),
}
