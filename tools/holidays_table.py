"""Write src/kdnet_calendar/data/holidays-dk.tsv from the ``holidays`` package.

Run after upgrading ``holidays``: ``python tools/holidays_table.py``. The table keeps the
package the source of truth (tests/test_days.py compares the two) while the library loads
the days in a millisecond instead of the quarter second the package takes to import.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from kdnet_calendar.days import TABLE, holiday_table


def main() -> None:
    TABLE.write_text(holiday_table(), encoding="utf-8", newline="\n")
    print(f"wrote {TABLE}")


if __name__ == "__main__":
    main()
