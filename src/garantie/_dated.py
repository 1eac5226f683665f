"""Rules dated by another contract than the purchase (a rule's ``dated_by``).

A rule's periods normally name purchase contract dates: the segment of rules in force is chosen by
``purchase.contract_date``. A paid repair is a contract of its own, concluded when the goods were handed to
the repairer; the law that governs it is the law in force on that day, whatever the purchase's date. A rule
declaring ``dated_by: {fact: <a date fact>}`` has its periods (and the versions of its citations) read at that
date instead. The engine core is untouched: such a rule is in force for every purchase date, and its periods
become a test on the date fact, put in front of its condition (so an unknown date leaves it unknown, and the
generated engine and the durable backend, which compile conditions, see the same test).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from garantie import _expr
from garantie._expr import DATE, ExprError
from garantie._schema import PeriodDoc

__all__ = ["dated_fact", "law_date", "period_test", "with_period_test"]


def dated_fact(raw: Any, env: _expr.Env) -> str:
    """The date fact a ``dated_by`` entry names, checked: exactly ``{fact: <path>}`` of a known date fact."""
    if not isinstance(raw, Mapping) or set(raw) != {"fact"} or not isinstance(raw["fact"], str):
        raise ExprError("dated_by names the date the rule's periods are read at, as {fact: <path of a date>}",
                        "dated_by")
    path = raw["fact"]
    found = env.fact_type(path)
    if found is None:
        raise ExprError(f"dated_by: unknown fact '{path}'", "dated_by")
    if found != DATE:
        raise ExprError(f"dated_by: '{path}' is a {found.describe()}, not a date", "dated_by")
    return path


def period_test(path: str, periods: Iterable[PeriodDoc]) -> _expr.Node | None:
    """The condition "the date ``path`` falls in one of ``periods``" (inclusive bounds; an open bound is absent),
    or None when a period is open at both ends (then the date does not matter). Parsed from the same YAML form a
    rule file would use, so every engine compiles it like any other test."""
    alternatives: list[dict[str, Any]] = []
    for period in periods:
        bounds = ([{"fact": path, "on_or_after": period.start}] if period.start is not None else []) + (
            [{"fact": path, "on_or_before": period.end}] if period.end is not None else [])
        if not bounds:
            return None
        alternatives.append(bounds[0] if len(bounds) == 1 else {"all": bounds})
    return _expr.parse_condition(alternatives[0] if len(alternatives) == 1 else {"any": alternatives}, "dated_by")


def with_period_test(path: str, periods: Iterable[PeriodDoc], condition: _expr.Node | None) -> _expr.Node | None:
    """A rule's condition with its periods' test on the date ``path`` put in front of it (see :func:`period_test`)."""
    guard = period_test(path, periods)
    if guard is None:
        return condition
    return guard if condition is None else _expr.All((guard, condition))


def law_date(dated_by: str | None, facts: Mapping[str, Any], contract_date: dt.date) -> dt.date:
    """The date a rule's citations are read at: its ``dated_by`` fact when known, else the purchase's date."""
    if dated_by is not None:
        day = facts.get(dated_by)
        if isinstance(day, dt.date):
            return day
    return contract_date
