"""The rule language's ``next_working_day`` and ``months_between`` operations: parse, type-check, compile."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from garantie import _expr
from garantie._expr import DATE, NUMBER, ExprError, Unknown, ValueType


class Env:
    def fact_type(self, path: str) -> ValueType | None:
        return {"d": DATE, "e": DATE, "n": NUMBER}.get(path)

    def param_type(self, name: str) -> ValueType | None:
        return None

    def conclusion_type(self, key: str) -> ValueType | None:
        return None


class Ctx:
    def __init__(self, **facts: Any) -> None:
        self.facts = facts

    def fact(self, path: str) -> Any:
        return self.facts.get(path, Unknown([path]))

    def param(self, name: str, at: dt.date | None) -> Any:
        raise AssertionError("no parameters here")

    def conclusion(self, key: str) -> Any:
        raise AssertionError("no conclusions here")


def run(raw: Any, **facts: Any) -> Any:
    node = _expr.parse_value(raw)
    _expr.type_of(node, Env())
    return _expr.compile_value(node)(Ctx(**facts))


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2025, 3, 19), dt.date(2025, 3, 19)),   # a Wednesday stays
    (dt.date(2025, 3, 22), dt.date(2025, 3, 24)),   # Saturday -> Monday
    (dt.date(2025, 4, 20), dt.date(2025, 4, 22)),   # Easter Sunday, then Easter Monday -> Tuesday
    (dt.date(2025, 12, 25), dt.date(2025, 12, 26)),  # Christmas (Thursday) -> Friday
])
def test_next_working_day(day: dt.date, expected: dt.date) -> None:
    assert run({"next_working_day": {"fact": "d"}}, d=day) == expected


def test_next_working_day_of_a_computed_date() -> None:
    # 2025-03-08 (Saturday) + 14 days = 2025-03-22, a Saturday -> Monday 2025-03-24
    raw = {"next_working_day": {"date_plus": {"date": {"fact": "d"}, "days": 14}}}
    assert run(raw, d=dt.date(2025, 3, 8)) == dt.date(2025, 3, 24)


@pytest.mark.parametrize(("start", "end", "expected"), [
    (dt.date(2025, 1, 31), dt.date(2025, 2, 28), 1),
    (dt.date(2025, 1, 31), dt.date(2025, 2, 27), 0),
    (dt.date(2025, 3, 10), dt.date(2025, 4, 9), 0),
    (dt.date(2025, 3, 10), dt.date(2025, 4, 10), 1),
    (dt.date(2025, 3, 10), dt.date(2026, 3, 10), 12),
    (dt.date(2025, 3, 10), dt.date(2025, 3, 1), 0),
])
def test_months_between(start: dt.date, end: dt.date, expected: int) -> None:
    assert run({"months_between": {"from": {"fact": "d"}, "to": {"fact": "e"}}}, d=start, e=end) == expected


def test_unknown_propagates_with_its_paths() -> None:
    result = run({"next_working_day": {"fact": "d"}})
    assert isinstance(result, Unknown) and result.paths == {"d"}
    result = run({"months_between": {"from": {"fact": "d"}, "to": {"fact": "e"}}}, d=dt.date(2025, 1, 1))
    assert isinstance(result, Unknown) and result.paths == {"e"}


@pytest.mark.parametrize("raw", [
    {"next_working_day": {"fact": "n"}},                       # a number is not a date
    {"months_between": {"from": {"fact": "d"}, "to": {"fact": "n"}}},
])
def test_type_errors(raw: Any) -> None:
    with pytest.raises(ExprError):
        _expr.type_of(_expr.parse_value(raw), Env())


@pytest.mark.parametrize("raw", [
    {"months_between": {"from": {"fact": "d"}}},
    {"months_between": [{"fact": "d"}, {"fact": "e"}]},
])
def test_shape_errors(raw: Any) -> None:
    with pytest.raises(ExprError):
        _expr.parse_value(raw)


def test_references_reach_inside() -> None:
    node = _expr.parse_value({"next_working_day": {"months_between": {"from": {"fact": "d"}, "to": {"fact": "e"}}}})
    assert [ref.path for ref in _expr.references(node) if isinstance(ref, _expr.Fact)] == ["d", "e"]
