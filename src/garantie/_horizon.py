"""``verdict.valid_until``: the first day after ``as_of`` on which the decision could change, no new fact arriving.

Derived from the rules, not from a list: time enters a decision only where a rule reads ``as_of``.

* A test comparing ``as_of`` with a date D that does not itself move (a deadline, a presumption or warranty
  end, a fixed day) can only change its answer on D (``before``, ``on_or_after``), on D + 1
  (``on_or_before``, ``after``), or on either (``is``, ``in`` …): those days are candidates.
* A test or a rule value that reads ``as_of`` any other way (``days_between`` to ``as_of``, a conclusion
  equal to ``as_of`` or counted from it) moves every day while it is computed: ``as_of + 1``.
* A derived fact counted up to ``as_of`` (a running immobilisation or negotiation) moves every day too: the
  facts are derived again for ``as_of + 1`` and compared.

A test whose other side is unknown stays unknown, with the same missing facts, on every day: it sets no
candidate (the case itself must change first). The result is a safe bound: the decision is the same on every
day strictly before it (``tests/test_valid_until.py`` checks that property). ``None``: time alone never
changes the decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from garantie import _expr
from garantie._engine import Evaluation
from garantie._expr import Unknown
from garantie._facts import _DERIVERS, DERIVED_FACTS
from garantie._facts_beyond import beyond_facts
from garantie.ruleset import Rule, RuleSet

__all__ = ["valid_until"]

_AS_OF = _expr.Fact("as_of")
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class _Plan:
    """What one rule tells about time: the dates ``as_of`` is compared with, and what moves daily."""

    # The other side D of each ``as_of`` comparison, and the days after D (0 or 1) on which it can flip.
    thresholds: tuple[tuple[_expr.Compiled, tuple[int, ...]], ...]
    moving: tuple[_expr.Compiled, ...]  # other uses of as_of: while they compute, the decision moves daily
    moving_value: bool  # the rule's value itself follows as_of


class _Reader:
    """An evaluation context that reads what the engine settled without recording parameter use."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.ev = evaluation

    def fact(self, path: str) -> Any:
        return self.ev.facts[path]

    def param(self, name: str, at: dt.date | None) -> Any:
        found = self.ev.ruleset.parameter_value(name, at or self.ev.contract_date)
        return Unknown() if found is None else found.value

    def conclusion(self, key: str) -> Any:
        return self.ev.conclusion(key)


def _moving_conclusions(ruleset: RuleSet) -> frozenset[str]:
    """Conclusions some rule computes from ``as_of``, directly or through another such conclusion."""
    moving: set[str] = set()
    for key in ruleset.order:  # every conclusion after those it reads
        for rule in ruleset.by_conclusion[key]:
            if _reads_time(rule.value_node, moving):
                moving.add(key)
    return frozenset(moving)


def _reads_time(node: _expr.Node, moving: set[str] | frozenset[str]) -> bool:
    return any(ref == _AS_OF or (isinstance(ref, _expr.Conclusion) and ref.key in moving)
               for ref in _expr.references(node))


def _tests(node: _expr.Node | None) -> list[_expr.Test]:
    if node is None:
        return []
    if isinstance(node, _expr.All | _expr.Any_):
        return [test for item in node.items for test in _tests(item)]
    if isinstance(node, _expr.Not):
        return _tests(node.item)
    return [node] if isinstance(node, _expr.Test) else []


# as_of OP D changes its answer on D (lt, ge), on D + 1 (le, gt), or on both (eq, ne, in, not_in).
_FLIPS = {"lt": (0,), "ge": (0,), "le": (1,), "gt": (1,)}
_MIRROR = {"lt": "gt", "gt": "lt", "le": "ge", "ge": "le"}  # D OP as_of is as_of MIRROR(OP) D


def _flips(test: _expr.Test) -> tuple[int, ...]:
    op = _expr.COMPARATORS[test.comparator]
    if test.subject != _AS_OF:
        op = _MIRROR.get(op, op)
    return _FLIPS.get(op, (0, 1))


def _plan(rule: Rule, moving: frozenset[str]) -> _Plan:
    thresholds: list[tuple[_expr.Compiled, tuple[int, ...]]] = []
    daily: list[_expr.Compiled] = []
    for test in _tests(rule.condition_node):
        operands = test.operand if isinstance(test.operand, tuple) else (test.operand,)
        sides = [test.subject, *operands]
        if not any(_reads_time(side, moving) for side in sides):
            continue
        others = [side for side in sides if side != _AS_OF]
        if len(others) == len(sides) - 1 and not any(_reads_time(side, moving) for side in others) \
                and test.comparator != "known":
            thresholds += [(_expr.compile_value(side), _flips(test)) for side in others]
        elif test.comparator != "known":  # as_of is known on every day: 'known' never moves
            daily += [_expr.compile_value(side) for side in sides if _reads_time(side, moving)]
    return _Plan(tuple(thresholds), tuple(daily), _reads_time(rule.value_node, moving))


def _plans(ruleset: RuleSet) -> dict[str, _Plan]:
    found: dict[str, _Plan] | None = ruleset.__dict__.get("_horizon_plans")
    if found is None:
        moving = _moving_conclusions(ruleset)
        plans = {rule.id: _plan(rule, moving) for rule in ruleset.rules.values()}
        found = {rule_id: plan for rule_id, plan in plans.items()
                 if plan.thresholds or plan.moving or plan.moving_value}
        ruleset.__dict__["_horizon_plans"] = found  # a benign race: every thread computes the same
    return found


def _facts_move(evaluation: Evaluation) -> bool:
    """Whether a fact derived from the history is different on the next day (a count running to as_of)."""
    case = evaluation.case
    assert case.as_of is not None
    if not case.history:
        return False  # derived facts are read off the history (docs/facts.md): without events, none moves
    tomorrow = case.model_copy(update={"as_of": case.as_of + _DAY})
    reader = _Reader(evaluation)
    derived: dict[str, Any] = {}
    for derive in _DERIVERS:
        derived.update(derive(tomorrow))
    derived.update(beyond_facts(tomorrow, reader.param))
    for path in DERIVED_FACTS:
        now, then = evaluation.facts.get(path), derived.get(path)
        if isinstance(now, Unknown) and isinstance(then, Unknown):
            if now.paths != then.paths:
                return True
        elif isinstance(now, Unknown) or isinstance(then, Unknown) or now != then:
            return True
    return False


def valid_until(evaluation: Evaluation) -> dt.date | None:
    """The first day after ``as_of`` on which the decision could differ; None if time alone never changes it."""
    as_of = evaluation.case.as_of
    assert as_of is not None
    if as_of == dt.date.max:
        return None
    tomorrow = as_of + _DAY
    if _facts_move(evaluation):
        return tomorrow
    plans = _plans(evaluation.ruleset)
    reader = _Reader(evaluation)
    best: dt.date | None = None
    for rules in evaluation._segment.rules.values():
        for rule in rules:
            plan = plans.get(rule.id)
            if plan is None:
                continue  # the rule never reads as_of
            if plan.moving_value and not isinstance(rule.value(reader), Unknown) and (
                    rule.condition is None or rule.condition(reader) is not False):
                return tomorrow
            for side in plan.moving:
                if not isinstance(side(reader), Unknown):
                    return tomorrow
            for side, flips in plan.thresholds:
                day = side(reader)
                if isinstance(day, Unknown) or not isinstance(day, dt.date):
                    continue
                for shift in flips:
                    candidate = day + _DAY if shift and day < dt.date.max else day
                    if candidate > as_of and (best is None or candidate < best):
                        best = candidate
    return best
