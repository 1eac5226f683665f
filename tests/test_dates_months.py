"""``_dates.add_months`` (plain arithmetic) against dateutil's ``relativedelta``.

The suite checks every day from 1900 to 2200, each with a month offset cycling through -240..240 (so every
day and every offset is covered), plus every offset for each day that can be clamped (the 28th to the 31st)
in years that matter for February (1900, 2000, 2024, 2100, 2200). ``bench/months_exhaustive.py`` checks
the whole product, every day × every offset (53 million pairs), and is run before a release.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from garantie._dates import add_months, add_years, months_between

OFFSETS = range(-240, 241)


def test_every_day_of_three_centuries_with_a_cycling_offset() -> None:
    """Property: add_months(d, k) == d + relativedelta(months=k) for every day d of 1900..2200."""
    day, last, one = dt.date(1900, 1, 1), dt.date(2200, 12, 31), dt.timedelta(days=1)
    index = 0
    while day <= last:
        months = OFFSETS[index % len(OFFSETS)]
        assert add_months(day, months) == day + relativedelta(months=months), (day, months)
        day += one
        index += 1


def test_every_offset_for_days_that_clamp() -> None:
    """Property: for every end-of-month day (28th-31st) of leap, common and century years, every offset agrees."""
    for year in (1900, 1999, 2000, 2023, 2024, 2100, 2200):
        for month in range(1, 13):
            for day_number in (1, 28, 29, 30, 31):
                try:
                    day = dt.date(year, month, day_number)
                except ValueError:
                    continue
                for months in OFFSETS:
                    assert add_months(day, months) == day + relativedelta(months=months), (day, months)


def test_years_and_between_follow_months() -> None:
    """Property: add_years is 12 months, and months_between inverts add_months."""
    start = dt.date(2024, 2, 29)
    assert add_years(start, 1) == dt.date(2025, 2, 28)
    for months in range(0, 49):
        assert months_between(start, add_months(start, months)) == months
