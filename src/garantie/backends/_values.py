"""Values for the durable backend: computed in Python, encoded as JSON fields for durable patterns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol

from garantie import _dates
from garantie import _expr as ex
from garantie._expr import Unknown, merge_unknown

__all__ = ["Reader", "blame", "encode", "value_of"]


class Reader(Protocol):
    """Where names are read: facts, dated parameters, conclusions settled in an earlier stratum."""

    def fact(self, path: str) -> Any: ...
    def param(self, name: str, at: dt.date | None) -> Any: ...
    def conclusion(self, key: str) -> Any: ...


_SHIFT: dict[str, Callable[[dt.date, int], dt.date]] = {
    "days": _dates.add_days, "months": _dates.add_months, "years": _dates.add_years}
_REDUCE: dict[str, Callable[[list[Any]], Any]] = {"max": max, "min": min, "sum": sum}


def value_of(node: ex.Node, env: Reader) -> Any:
    """A value node's value, or an Unknown naming the missing facts (walked, not compiled: an independent
    reading of the rule language, so the cross-check does not share the default engine's closures)."""
    if isinstance(node, ex.Literal):
        return node.value
    if isinstance(node, ex.Fact):
        return env.fact(node.path)
    if isinstance(node, ex.Conclusion):
        return env.conclusion(node.key)
    if isinstance(node, ex.Param):
        at = value_of(node.at, env) if node.at is not None else None
        return at if isinstance(at, Unknown) else env.param(node.name, at)
    if isinstance(node, ex.DatePlus):
        base, count = value_of(node.date, env), value_of(node.amount, env)
        if isinstance(base, Unknown) or isinstance(count, Unknown):
            return merge_unknown((base, count))
        return _SHIFT[node.unit](base, int(count))
    if isinstance(node, ex.DaysBetween | ex.MonthsBetween):
        first, last = value_of(node.start, env), value_of(node.end, env)
        if isinstance(first, Unknown) or isinstance(last, Unknown):
            return merge_unknown((first, last))
        measure = _dates.days_between if isinstance(node, ex.DaysBetween) else _dates.months_between
        return measure(first, last)
    if isinstance(node, ex.NextWorkingDay):
        day = value_of(node.date, env)
        return day if isinstance(day, Unknown) else _dates.next_working_day(day)
    if isinstance(node, ex.Aggregate):
        items = [value_of(item, env) for item in node.items]
        if any(isinstance(item, Unknown) for item in items):
            return merge_unknown(items)
        return _REDUCE[node.op](items)
    raise TypeError(f"not a value node: {node!r}")


def encode(value: Any) -> Any:
    """A value as durable compares it: dates as day ordinals, decimals as floats, the rest as is.

    durable-rules only compares JSON scalars. A value that cannot be computed is not encoded: the
    stratum fact carries a *known* flag of 0 and a dummy instead, because durable treats a comparison
    against a missing field as true.
    """
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, Decimal):
        return float(value)
    return value


def blame(node: ex.Node, read: Callable[[ex.Node], Any]) -> tuple[bool | None, frozenset[str]]:
    """Three-valued reading of a condition durable could decide neither way, to name the missing facts
    that leave it open (Kleene: a false part of ``all`` or a true part of ``any`` settles it)."""
    if isinstance(node, ex.All | ex.Any_):
        decisive = isinstance(node, ex.Any_)
        paths: set[str] = set()
        undecided = False
        for item in node.items:
            result, missing = blame(item, read)
            if result is decisive:
                return decisive, frozenset()
            if result is None:
                undecided = True
                paths |= missing
        return (None, frozenset(paths)) if undecided else (not decisive, frozenset())
    if isinstance(node, ex.Not):
        result, missing = blame(node.item, read)
        return (None if result is None else not result), missing
    assert isinstance(node, ex.Test)
    subject = read(node.subject)
    if node.comparator == "known":
        assert isinstance(node.operand, ex.Literal)
        return (not isinstance(subject, Unknown)) is node.operand.value, frozenset()
    operands = node.operand if isinstance(node.operand, tuple) else (node.operand,)
    values = [read(operand) for operand in operands]
    if node.comparator not in ("in", "not_in") and (isinstance(subject, Unknown) or isinstance(values[0], Unknown)):
        return None, merge_unknown((subject, values[0])).paths  # a comparison names both sides' missing facts
    if isinstance(subject, Unknown):
        return None, subject.paths
    if node.comparator in ("in", "not_in"):
        inside = node.comparator == "in"
        if subject in [v for v in values if not isinstance(v, Unknown)]:
            return inside, frozenset()
        if any(isinstance(v, Unknown) for v in values):
            return None, merge_unknown(values).paths
        return not inside, frozenset()
    return _COMPARE[ex.COMPARATORS[node.comparator]](subject, values[0]), frozenset()


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: bool(a == b), "ne": lambda a, b: bool(a != b), "lt": lambda a, b: bool(a < b),
    "le": lambda a, b: bool(a <= b), "gt": lambda a, b: bool(a > b), "ge": lambda a, b: bool(a >= b)}
