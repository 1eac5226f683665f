"""The one home for date arithmetic.

Policy (reference §0, same logic as art. 641 al. 2 of the Code de procédure civile):

* "N months (or years) from X" ends on the same day-number N months later; when that
  day does not exist, on the last day of that month. So a delivery on 29 February
  plus 2 years ends on 28 February.
* "N days from X" ends N calendar days after X: the day of X itself is not counted.
* Substantive warranty windows are never moved to the next working day. Only
  procedural and withdrawal deadlines are (:func:`next_working_day`), and only where
  a rule says so.

>>> from datetime import date
>>> add_months(date(2024, 2, 29), 24)
datetime.date(2026, 2, 28)
>>> add_years(date(2024, 2, 29), 4)
datetime.date(2028, 2, 29)
>>> add_months(date(2021, 1, 31), 1)
datetime.date(2021, 2, 28)
>>> add_days(date(2024, 10, 5), 30)
datetime.date(2024, 11, 4)
>>> days_between(date(2024, 10, 5), date(2024, 11, 20))
46
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, timedelta

from dateutil.easter import easter

__all__ = [
    "add_days",
    "add_months",
    "add_years",
    "days_between",
    "is_french_public_holiday",
    "months_between",
    "next_working_day",
    "union_days",
]


def add_months(start: date, months: int) -> date:
    """``start`` plus whole months, clamped to the month's last day.

    >>> add_months(date(2024, 8, 31), 6)
    datetime.date(2025, 2, 28)
    >>> add_months(date(2024, 3, 12), -1)
    datetime.date(2024, 2, 12)
    >>> add_months(date(2024, 1, 31), -11)
    datetime.date(2023, 2, 28)

    Plain year/month/day arithmetic: the same result as ``dateutil``'s ``relativedelta(months=…)``
    (a test checks every day of 1900-2200 and every offset from -240 to 240), about 17 times faster.
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    day = start.day
    if day > 28:
        last = _MONTH_DAYS[month] if month != 2 else (29 if _leap(year) else 28)
        day = min(day, last)
    return date(year, month, day)


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def add_years(start: date, years: int) -> date:
    """``start`` plus whole years (12 months each, same clamping).

    >>> add_years(date(2023, 2, 28), 1)
    datetime.date(2024, 2, 28)
    """
    return add_months(start, 12 * years)


def add_days(start: date, days: int) -> date:
    """``start`` plus calendar days.

    >>> add_days(date(2025, 1, 13), 30)
    datetime.date(2025, 2, 12)
    """
    return start + timedelta(days=days)


def days_between(first: date, last: date) -> int:
    """Calendar days from ``first`` to ``last`` (negative if ``last`` is earlier).

    >>> days_between(date(2025, 3, 19), date(2025, 4, 10))
    22
    """
    return (last - first).days


def union_days(periods: Iterable[tuple[date, date]]) -> int:
    """Calendar days covered by at least one of ``periods``, each day counted once.

    Each period runs from its first day to its last as :func:`days_between` counts it (the
    first day is not counted, the last is); empty or reversed periods count nothing. Two
    causes that overlap (an immobilisation and a negotiation) therefore suspend once. Sorts
    once: linear after the sort, however many periods.

    >>> union_days([(date(2024, 5, 2), date(2024, 6, 15)), (date(2024, 5, 10), date(2024, 6, 10))])
    44
    >>> union_days([(date(2024, 1, 1), date(2024, 1, 11)), (date(2024, 1, 11), date(2024, 1, 21))])
    20
    >>> union_days([(date(2024, 1, 1), date(2024, 1, 11)), (date(2024, 2, 1), date(2024, 2, 3))])
    12
    >>> union_days([(date(2024, 1, 5), date(2024, 1, 1))])
    0
    """
    total = 0
    current: tuple[date, date] | None = None
    for first, last in sorted(p for p in periods if p[1] > p[0]):
        if current is not None and first <= current[1]:
            current = (current[0], max(current[1], last))
            continue
        if current is not None:
            total += days_between(*current)
        current = (first, last)
    if current is not None:
        total += days_between(*current)
    return total


def months_between(first: date, last: date) -> int:
    """Whole calendar months from ``first`` to ``last`` (0 when ``last`` is not later).

    A month is complete when :func:`add_months` of that many months is on or before ``last``.

    >>> months_between(date(2025, 1, 31), date(2025, 2, 28))
    1
    >>> months_between(date(2025, 1, 31), date(2025, 2, 27))
    0
    >>> months_between(date(2025, 3, 10), date(2026, 3, 9))
    11
    >>> months_between(date(2025, 3, 10), date(2025, 1, 1))
    0
    """
    if last <= first:
        return 0
    months = (last.year - first.year) * 12 + last.month - first.month
    while months > 0 and add_months(first, months) > last:
        months -= 1
    return months


def is_french_public_holiday(day: date) -> bool:
    """Whether ``day`` is one of the 11 national public holidays of metropolitan France.

    >>> is_french_public_holiday(date(2025, 4, 21))  # Easter Monday
    True
    >>> is_french_public_holiday(date(2025, 4, 22))
    False
    """
    fixed = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}
    if (day.month, day.day) in fixed:
        return True
    sunday = easter(day.year)
    return day in {sunday + timedelta(days=1), sunday + timedelta(days=39), sunday + timedelta(days=50)}



@functools.lru_cache(maxsize=4096)
def next_working_day(day: date) -> date:
    """``day`` itself, or the next day that is neither a weekend day nor a public holiday.

    >>> next_working_day(date(2025, 3, 15))  # a Saturday
    datetime.date(2025, 3, 17)
    >>> next_working_day(date(2025, 3, 19))
    datetime.date(2025, 3, 19)
    """
    while day.weekday() >= 5 or is_french_public_holiday(day):
        day += timedelta(days=1)
    return day
