"""Exhaustive check: ``_dates.add_months`` equals ``relativedelta`` on every day 1900..2200 × every offset -240..240.

53 million comparisons; several minutes on one core. Run: ``python bench/months_exhaustive.py``.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

from dateutil.relativedelta import relativedelta

from garantie._dates import add_months


def main() -> int:
    started = time.perf_counter()
    day, last, one = dt.date(1900, 1, 1), dt.date(2200, 12, 31), dt.timedelta(days=1)
    deltas = [(months, relativedelta(months=months)) for months in range(-240, 241)]
    checked = mismatches = 0
    while day <= last:
        for months, delta in deltas:
            if add_months(day, months) != day + delta:
                mismatches += 1
                print("mismatch", day, months, file=sys.stderr)
        checked += len(deltas)
        day += one
    print(f"months exhaustive: {checked:,} checks (1900-01-01..2200-12-31 x -240..240), {mismatches} mismatches, "
          f"{time.perf_counter() - started:.0f} s")
    return 1 if mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
