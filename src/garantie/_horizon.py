"""``verdict.valid_until`` and ``verdict.from_as_of``: what the calendar alone does to a decision.

Derived from the rules, not from a list: time enters a decision only where a rule reads ``as_of``. Every
expression that reads it (directly or through a conclusion) has one of three *forms* on a given evaluation:

* **relative**, ``as_of + k`` with ``k`` the same on every day (``{fact: as_of}``, ``date_plus`` of days to
  it, a conclusion settled by such a rule): "a notice sent today gives until …", "a claim not yet filed is
  judged under today's rules". Such a value is not a decision that changes: the verdict records it in
  ``from_as_of`` (rule id -> ``k``), the compact JSON writes it relative to ``as_of``, and its absolute date
  is rendered when read. Comparing it with a date D that does not move can only change its answer on the
  days ``as_of + k`` reaches D: those days are candidates (like ``as_of`` itself, ``k = 0``).
* **stepped**: a dated parameter read ``at`` a relative date (the procedural rules of a claim still to file)
  keeps its value until its next dated boundary: that boundary is the candidate, not ``as_of + 1``.
* **moving**: anything else that reads ``as_of`` (``days_between`` to it, month arithmetic on it, a running
  count): while it computes, the decision may move every day, so ``as_of + 1``. A derived fact counted up to
  ``as_of`` (a running immobilisation or negotiation) moves every day too: the facts are derived again for
  ``as_of + 1`` and compared.

A test comparing ``as_of + k`` with D changes its answer on D - k (``before``, ``on_or_after``), on D - k + 1
(``on_or_before``, ``after``), or on either (``is``, ``in`` …). The engine also compares the values of one
conclusion's rules (conflicts, exceptions that would say the same): a relative and a fixed value there give
the same two candidates. A test whose other side is unknown stays unknown, with the same missing facts, on
every day: it sets no candidate. The result is a safe bound: the decision (the compact JSON) is the same on
every day strictly before it (``tests/test_valid_until.py`` checks that property). ``None``: time alone never
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
from garantie.ruleset import Rule, RuleSet, Segment

__all__ = ["from_as_of", "valid_until"]

_AS_OF = _expr.Fact("as_of")
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class _Relative:
    """The form of a value that is ``as_of + days`` on every day."""

    days: int


class _Moving:
    """The form of a value that may differ every day."""


_MOVING = _Moving()
_FIXED = None  # the form of a value that does not follow as_of
_Form = _Relative | _Moving | None


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


@dataclass(frozen=True)
class _Side:
    """One side of a test, compiled; ``kind``: 0 never reads time, 1 is as_of itself, 2 reads it otherwise."""

    node: _expr.Node
    value: _expr.Compiled
    kind: int


@dataclass(frozen=True)
class _TestPlan:
    subject: _Side
    operands: tuple[_Side, ...]
    subject_flips: tuple[int, ...]  # the days after D it may flip on when the subject follows as_of
    operand_flips: tuple[int, ...]  # … when an operand does


@dataclass(frozen=True)
class _RulePlan:
    rule: Rule
    value_timed: bool  # its value reads as_of, directly or not
    tests: tuple[_TestPlan, ...]  # its tests that read as_of


class _Static:
    """What the rule set alone tells about time (computed once per rule set)."""

    def __init__(self, ruleset: RuleSet) -> None:
        self._reads: dict[int, bool] = {}
        self.timed: set[str] = set()  # conclusions some rule computes from as_of, directly or not
        for key in ruleset.order:  # every conclusion after those it reads
            if any(self._refers(rule.value_node) for rule in ruleset.by_conclusion[key]):
                self.timed.add(key)
        self.compiled: dict[int, _expr.Compiled] = {}
        self.plans: dict[str, _RulePlan] = {}
        for rule in ruleset.rules.values():
            tests = tuple(self._test_plan(test) for test in _tests(rule.condition_node)
                          if test.comparator != "known" and self.reads(test))  # as_of is always known
            if tests or self.reads(rule.value_node):
                self.plans[rule.id] = _RulePlan(rule, self.reads(rule.value_node), tests)
        # Conclusions whose rules' values the engine compares with one another, one of them following as_of.
        self.compared = frozenset(key for key in self.timed if len(ruleset.by_conclusion[key]) > 1)
        self.periods = {name: sorted({day for v in doc.values for day in (
            v.start, v.end + _DAY if v.end is not None and v.end < dt.date.max else None) if day is not None})
            for name, doc in ruleset.parameters.items()}
        self._segments: dict[int, _SegmentPlan] = {}

    def reads(self, node: _expr.Node) -> bool:
        """Whether ``node`` reads as_of, directly or through a conclusion (memoised once ``timed`` is known)."""
        found = self._reads.get(id(node))
        if found is None:
            found = self._reads[id(node)] = self._refers(node)
        return found

    def _refers(self, node: _expr.Node) -> bool:
        return any(ref == _AS_OF or (isinstance(ref, _expr.Conclusion) and ref.key in self.timed)
                   for ref in _expr.references(node))

    def value(self, node: _expr.Node) -> _expr.Compiled:
        found = self.compiled.get(id(node))  # nodes live as long as the rule set: their ids are stable
        if found is None:
            found = self.compiled[id(node)] = _expr.compile_value(node)
        return found

    def _side(self, node: _expr.Node) -> _Side:
        return _Side(node, self.value(node), 1 if node == _AS_OF else 2 if self.reads(node) else 0)

    def _test_plan(self, test: _expr.Test) -> _TestPlan:
        operands = test.operand if isinstance(test.operand, tuple) else (test.operand,)
        return _TestPlan(self._side(test.subject), tuple(self._side(side) for side in operands),
                         _flips(test.comparator, True), _flips(test.comparator, False))

    def segment(self, segment: Segment) -> _SegmentPlan:
        """What reads time among a segment's rules (segments are shared, so this is made once per segment)."""
        found = self._segments.get(id(segment))
        if found is None:
            found = self._segments[id(segment)] = self._segment_plan(segment)
        return found

    def _segment_plan(self, segment: Segment) -> _SegmentPlan:
        # The common test, as_of against a date that never reads time, is one threshold per distinct date
        # expression (many rules compare as_of with the same deadline); the others are read one by one.
        thresholds: dict[_expr.Node, set[int]] = {}
        compiled: dict[_expr.Node, _expr.Compiled] = {}
        rules: list[_RulePlan] = []
        for group in segment.rules.values():
            for rule in group:
                plan = self.plans.get(rule.id)
                if plan is None:
                    continue
                others: list[_TestPlan] = []
                for test in plan.tests:
                    pairs = ([(side, test.subject_flips) for side in test.operands]
                             if test.subject.kind == 1 and all(side.kind == 0 for side in test.operands)
                             else [(test.subject, test.operand_flips)]
                             if test.subject.kind == 0 and [side.kind for side in test.operands] == [1] else None)
                    if pairs is None:
                        others.append(test)
                    for side, flips in pairs or ():
                        thresholds.setdefault(side.node, set()).update(flips)
                        compiled[side.node] = side.value
                if plan.value_timed or others:
                    rules.append(_RulePlan(rule, plan.value_timed, tuple(others)))
        return _SegmentPlan(tuple((compiled[node], tuple(sorted(flips))) for node, flips in thresholds.items()),
                            tuple(rules), tuple(key for key in segment.rules if key in self.compared))


@dataclass(frozen=True)
class _SegmentPlan:
    thresholds: tuple[tuple[_expr.Compiled, tuple[int, ...]], ...]  # dates as_of is compared with, flips
    rules: tuple[_RulePlan, ...]  # rules whose value, or a test of another shape, reads time
    compared: tuple[str, ...]  # conclusions whose rule values the engine compares, one following as_of


def _static(ruleset: RuleSet) -> _Static:
    found: _Static | None = ruleset.__dict__.get("_horizon_static")
    if found is None:
        found = ruleset.__dict__["_horizon_static"] = _Static(ruleset)  # a benign race: all compute the same
    return found


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


def _flips(comparator: str, time_is_subject: bool) -> tuple[int, ...]:
    op = _expr.COMPARATORS[comparator]
    if not time_is_subject:
        op = _MIRROR.get(op, op)
    return _FLIPS.get(op, (0, 1))


class _Clock:
    """The forms of one evaluation's expressions, and the candidate days found while computing them."""

    def __init__(self, evaluation: Evaluation) -> None:
        as_of = evaluation.case.as_of
        assert as_of is not None
        self.ev, self.as_of = evaluation, as_of
        self.static = _static(evaluation.ruleset)
        self.reader = _Reader(evaluation)
        self.candidates: set[dt.date] = set()
        self._conclusions: dict[str, _Form] = {}

    def value(self, node: _expr.Node) -> Any:
        return self.static.value(node)(self.reader)

    def form(self, node: _expr.Node) -> _Form:
        if not self.static.reads(node):
            return _FIXED
        if node == _AS_OF:
            return _Relative(0)
        if isinstance(node, _expr.Conclusion):
            return self.conclusion(node.key)
        if isinstance(node, _expr.Param):
            assert node.at is not None  # a parameter without 'at' never reads time
            at = self.form(node.at)
            if isinstance(at, _Relative):  # the version in force at as_of + k: same until its next boundary
                self.boundary(node.name, at.days)
                return _FIXED
            return at
        if isinstance(node, _expr.DatePlus):
            date, amount = self.form(node.date), self.form(node.amount)
            if amount is not _FIXED or isinstance(date, _Moving):
                return _MOVING
            if date is _FIXED:
                return _FIXED
            count = self.value(node.amount)
            if isinstance(count, Unknown):
                return _FIXED  # unknown on every day
            # Month arithmetic is not a shift (31 Jan + 1 month): only days keep as_of + k relative.
            return _Relative(date.days + int(count)) if node.unit == "days" else _MOVING
        if isinstance(node, _expr.DaysBetween):
            start, end = self.form(node.start), self.form(node.end)
            if isinstance(start, _Relative) and isinstance(end, _Relative):
                return _FIXED  # (as_of + b) - (as_of + a): the same every day
            return _MOVING
        return _MOVING  # months_between, next_working_day, max/min/sum over a date that follows as_of

    def conclusion(self, key: str) -> _Form:
        if key not in self.static.timed:
            return _FIXED
        if key in self._conclusions:
            return self._conclusions[key]
        outcome = self.ev.outcomes[key]
        form: _Form = _FIXED
        if outcome.determined:  # an unknown conclusion stays unknown until some test flips
            forms = [self.form(rule.value_node) for rule in outcome.rules]
            form = forms[0] if all(f == forms[0] for f in forms) else _MOVING
        self._conclusions[key] = form
        return form

    def boundary(self, name: str, days: int) -> None:
        """The first day after as_of on which the parameter read at as_of + days changes version."""
        day = self.as_of + dt.timedelta(days=days)
        for start in self.static.periods.get(name, ()):
            if start > day:
                self.candidates.add(start - dt.timedelta(days=days))
                return

    def crossing(self, relative: _Relative, other: Any, shifts: tuple[int, ...]) -> None:
        """``as_of + k`` against a date D that does not move: candidates D - k (+ 1)."""
        if isinstance(other, dt.date):
            day = other - dt.timedelta(days=relative.days)
            for shift in shifts:
                if day < dt.date.max:
                    self.candidates.add(day + _DAY * shift)

    def moving_value(self, node: _expr.Node) -> bool:
        """Whether ``node`` may differ tomorrow: it moves, and it is computed today (unknown stays unknown)."""
        return isinstance(self.form(node), _Moving) and not isinstance(self.value(node), Unknown)

    def side(self, side: _Side) -> _Form:
        return _FIXED if side.kind == 0 else _Relative(0) if side.kind == 1 else self.form(side.node)

    def test(self, plan: _TestPlan) -> bool:
        """Collect the days a test may flip on; True if it may flip any day."""
        reader = self.reader
        subject = self.side(plan.subject)
        if isinstance(subject, _Moving) and not isinstance(plan.subject.value(reader), Unknown):
            return True
        forms = [self.side(side) for side in plan.operands]
        if any(isinstance(f, _Moving) and not isinstance(side.value(reader), Unknown)
               for f, side in zip(forms, plan.operands, strict=True)):
            return True
        for form, side in zip(forms, plan.operands, strict=True):
            if isinstance(subject, _Relative) and form is _FIXED:
                self.crossing(subject, side.value(reader), plan.subject_flips)
            elif subject is _FIXED and isinstance(form, _Relative):
                self.crossing(form, plan.subject.value(reader), plan.operand_flips)
            # relative against relative: (as_of + a) OP (as_of + b) is the same every day
        return False

    def compared(self, key: str) -> bool:
        """The engine compares the values of a conclusion's rules that may fire: a relative against a fixed
        date is equal on one day only. True if they may compare differently any day."""
        values: list[tuple[_Form, Any]] = []
        for rule in self.ev._segment.rules.get(key, ()):
            if rule.condition is not None and rule.condition(self.reader) is False:
                continue
            form, value = self.form(rule.value_node), self.value(rule.value_node)
            if isinstance(value, Unknown):
                continue
            if isinstance(form, _Moving):
                return True
            values.append((form, value))
        for form, _ in values:
            if isinstance(form, _Relative):
                for other, value in values:
                    if other is _FIXED:
                        self.crossing(form, value, (0, 1))
        return False


def _rule_moves(clock: _Clock, plan: _RulePlan) -> bool:
    rule = plan.rule
    if plan.value_timed and clock.moving_value(rule.value_node) and (
            rule.condition is None or rule.condition(clock.reader) is not False):
        return True
    return any(clock.test(test) for test in plan.tests)


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
    clock = _Clock(evaluation)
    plan = clock.static.segment(evaluation._segment)
    reader, found = clock.reader, clock.candidates
    for value, flips in plan.thresholds:
        day = value(reader)
        if isinstance(day, dt.date):
            for shift in flips:
                if shift == 0 or day < dt.date.max:
                    found.add(day + _DAY * shift)
    if any(clock.compared(key) for key in plan.compared) or any(_rule_moves(clock, rule) for rule in plan.rules):
        return tomorrow
    later = [day for day in clock.candidates if day > as_of]
    return min(later) if later else None


def from_as_of(evaluation: Evaluation) -> dict[str, int]:
    """Rules of the verdict (retained or overridden) whose value is ``as_of + days`` whatever the day: rule id ->
    days. The compact JSON writes their dates relative to ``as_of``, so that they are not a daily change."""
    static = _static(evaluation.ruleset)
    clock: _Clock | None = None
    found: dict[str, int] = {}
    for outcome in evaluation.outcomes.values():
        for rule in (*outcome.rules, *outcome.overridden):
            plan = static.plans.get(rule.id)
            if plan is not None and plan.value_timed:
                clock = clock or _Clock(evaluation)
                form = clock.form(rule.value_node)
                if isinstance(form, _Relative) and isinstance(clock.value(rule.value_node), dt.date):
                    found[rule.id] = form.days
    return found
