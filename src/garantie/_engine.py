"""Stratified forward chaining over the compiled rules, with Catala-style exceptions.

Conclusions are settled one at a time, in the order ``RuleSet.order`` fixed at load
(every conclusion after those its rules read). For one conclusion:

* a rule's *exceptions* are tried first; if one fires, it wins over the rule, even
  when the rule's own condition does not hold (default logic, as in Catala);
* rules that are nobody's exception are *roots*; if two roots fire with different
  values, that is a :class:`~garantie.errors.RuleConflictError`, never a silent pick;
* if no rule fires and nothing was unknown, **no rule applies**; if a rule might fire
  but a fact is missing, the conclusion is **unknown** and names the missing facts.

Evaluation holds no shared mutable state: one ``Evaluation`` per call.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from garantie._dated import law_date
from garantie._expr import Unknown, merge_unknown
from garantie._facts import build_facts
from garantie.case import Case
from garantie.errors import RuleConflictError
from garantie.ruleset import Rule, RuleSet

__all__ = ["Evaluation", "Outcome"]


@dataclass(frozen=True)
class Outcome:
    """How one conclusion was settled."""

    key: str
    determined: bool
    value: Any = None
    rules: tuple[Rule, ...] = ()
    overridden: tuple[Rule, ...] = ()
    missing: frozenset[str] = frozenset()
    # When undetermined: the values it could still take once the missing facts are known
    # (None: any value, e.g. a computed date that is itself unknown).
    possible: frozenset[Any] | None = frozenset()

    @property
    def undetermined_reason(self) -> str | None:
        if self.determined:
            return None
        return "missing_facts" if self.missing else "no_rule_applies"


@dataclass
class _State:
    """A rule tree's result: fires (with the rules that decide), empty, or unknown."""

    fires: list[Rule] = field(default_factory=list)
    unknown: Unknown | None = None
    overridden: list[Rule] = field(default_factory=list)


class Evaluation:
    """One evaluation of one case. Implements the context compiled closures read."""

    def __init__(self, ruleset: RuleSet, case: Case) -> None:
        self._start(ruleset, case)
        for key in ruleset.order:
            self.outcomes[key] = self._settle(key)

    def _start(self, ruleset: RuleSet, case: Case) -> None:
        """What every engine sets up before settling conclusions: the case's facts and the rules in force."""
        assert case.as_of is not None
        self.ruleset = ruleset
        self.case = case
        self.contract_date = case.purchase.contract_date
        self.params_used: dict[str, Any] = {}
        self.facts = build_facts(case, self.param)  # a fact may be measured against a dated parameter
        self.outcomes: dict[str, Outcome] = {}
        self._segment = ruleset.segment(self.contract_date)

    # -- context for compiled closures

    def fact(self, path: str) -> Any:
        return self.facts[path]

    def param(self, name: str, at: dt.date | None) -> Any:
        found = self.ruleset.parameter_value(name, at or self.contract_date)
        if found is None:
            return Unknown()
        self.params_used[name] = found
        return found.value

    def conclusion(self, key: str) -> Any:
        outcome = self.outcomes[key]
        return outcome.value if outcome.determined else Unknown(outcome.missing)

    # -- settling one conclusion
    def _settle(self, key: str) -> Outcome:
        rules = self._segment.rules[key]
        if not rules:
            return Outcome(key, determined=False)
        conditions: dict[str, Any] = {}
        for rule in rules:
            conditions[rule.id] = True if rule.condition is None else rule.condition(self)
        return self._decide(key, conditions)

    def _decide(self, key: str, conditions: dict[str, Any]) -> Outcome:
        """Default logic over the rules' evaluated conditions (also the generated engine's three-valued path)."""
        trees: dict[str, _State] = {}  # a shared exception is settled once per conclusion
        fired: list[Rule] = []
        overridden: list[Rule] = []
        pending: list[tuple[Rule, Unknown]] = []
        for root in self._segment.roots[key]:
            state = self._tree(root, conditions, trees)
            fired += state.fires
            overridden += state.overridden
            if state.unknown is not None:
                pending.append((root, state.unknown))
        # A shared exception is reached once per rule it overrides: keep each rule once.
        fired = list(dict.fromkeys(fired))
        overridden = [r for r in dict.fromkeys(overridden) if r not in fired]
        values: list[tuple[Rule, Any]] = []
        unknowns: list[Unknown] = []
        possible: set[Any] | None = set()
        for rule in fired:
            value = rule.value(self)
            if isinstance(value, Unknown):
                unknowns.append(value)
                possible = None  # it fires, but what it concludes is itself unknown
            else:
                values.append((rule, value))
        for (first, a), (second, b) in itertools.pairwise(values):
            if a != b:
                raise RuleConflictError(
                    key, (first.id, a, self._labels(first)), (second.id, b, self._labels(second)))
        if possible is not None:
            possible |= {value for _, value in values}
        for root, unknown in pending:
            # A root that might still fire blocks the answer, unless all it could say is that answer.
            could = self._possible(root, conditions)
            if not values or could is None or could - {values[0][1]}:
                unknowns.append(unknown)
                possible = None if could is None or possible is None else possible | could
        if unknowns or not values:
            return Outcome(key, determined=False, missing=merge_unknown(unknowns).paths,
                           overridden=tuple(overridden),
                           possible=frozenset(possible) if possible is not None else None)
        return Outcome(key, determined=True, value=values[0][1], rules=tuple(r for r, _ in values),
                       overridden=tuple(overridden))

    def _tree(self, rule: Rule, conditions: dict[str, Any], trees: dict[str, _State]) -> _State:
        """Catala's default logic for one rule: its exceptions first, then its own condition."""
        done = trees.get(rule.id)
        if done is not None:
            return done
        state = _State()
        for exception in self._segment.below[rule.id]:
            sub = self._tree(exception, conditions, trees)
            state.fires += sub.fires
            state.overridden += sub.overridden
            if sub.unknown is not None:
                state.unknown = (merge_unknown((state.unknown, sub.unknown)) if state.unknown is not None
                                 else sub.unknown)
        condition = conditions[rule.id]
        if state.fires:
            if condition is True:
                state.overridden.append(rule)
            state.unknown = None  # an exception fired: whatever was unknown below no longer matters
        elif isinstance(condition, Unknown):
            state.unknown = (merge_unknown((state.unknown, condition)) if state.unknown is not None
                             else condition)
        elif condition is True and (state.unknown is None or self._same_values(rule, conditions)):
            state.unknown = None  # any exception that might still fire would say the same
            state.fires.append(rule)
        trees[rule.id] = state
        return state

    def _same_values(self, rule: Rule, conditions: dict[str, Any]) -> bool:
        """Whether every exception below ``rule`` that could still fire would conclude what ``rule`` does."""
        mine = rule.value(self)
        if isinstance(mine, Unknown):
            return False
        for exception in self._segment.below[rule.id]:
            could = self._possible(exception, conditions)
            if could is None or could - {mine}:
                return False
        return True

    def _possible(self, rule: Rule, conditions: dict[str, Any]) -> set[Any] | None:
        """The values ``rule`` and its exceptions could conclude: those whose condition is not known to be
        false (an exception may fire even when its parent cannot). None when one of them is unknown."""
        found: set[Any] = set()
        stack = [rule]
        while stack:
            current = stack.pop()
            below = self._segment.below[current.id]
            # An exception whose condition holds always wins (itself or one of its own exceptions).
            beaten = any(conditions[e.id] is True for e in below)
            if conditions[current.id] is not False and not beaten:
                value = current.value(self)
                if isinstance(value, Unknown):
                    return None
                found.add(value)
            stack += below
        return found

    def _labels(self, rule: Rule) -> list[str]:
        day = law_date(rule.dated_by, self.facts, self.contract_date)
        return [c.label for c in self.ruleset.citations_for(rule, day)]
