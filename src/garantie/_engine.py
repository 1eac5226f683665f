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
from dataclasses import dataclass, field
from typing import Any

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
        assert case.as_of is not None
        self.ruleset = ruleset
        self.case = case
        self.contract_date = case.purchase.contract_date
        self.facts = build_facts(case)
        self.outcomes: dict[str, Outcome] = {}
        self.params_used: dict[str, Any] = {}
        self._active = ruleset.rules_for(self.contract_date)
        for key in ruleset.order:
            self.outcomes[key] = self._settle(key)

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
        rules = self._active[key]
        if not rules:
            return Outcome(key, determined=False)
        active = {rule.id for rule in rules}
        conditions: dict[str, Any] = {}
        for rule in rules:
            conditions[rule.id] = True if rule.condition is None else rule.condition(self)
        roots = [r for r in rules if not any(target in active for target in r.exception_to)]
        fired: list[Rule] = []
        overridden: list[Rule] = []
        pending: list[tuple[Rule, Unknown]] = []
        for root in roots:
            state = self._tree(root, active, conditions)
            fired += state.fires
            overridden += state.overridden
            if state.unknown is not None:
                pending.append((root, state.unknown))
        # A shared exception is reached once per rule it overrides: keep each rule once.
        fired = list(dict.fromkeys(fired))
        overridden = [r for r in dict.fromkeys(overridden) if r not in fired]
        values: list[tuple[Rule, Any]] = []
        unknowns: list[Unknown] = []
        for rule in fired:
            value = rule.value(self)
            if isinstance(value, Unknown):
                unknowns.append(value)
            else:
                values.append((rule, value))
        for (first, a), (second, b) in zip(values, values[1:], strict=False):
            if a != b:
                raise RuleConflictError(
                    key, (first.id, a, self._labels(first)), (second.id, b, self._labels(second)))
        for root, unknown in pending:
            # A root that might still fire blocks the answer, unless all it could say is that answer.
            if not values or not self._tree_says_only(root, active, values[0][1]):
                unknowns.append(unknown)
        if unknowns or not values:
            return Outcome(key, determined=False, missing=merge_unknown(unknowns).paths,
                           overridden=tuple(overridden))
        return Outcome(key, determined=True, value=values[0][1], rules=tuple(r for r, _ in values),
                       overridden=tuple(overridden))

    def _tree(self, rule: Rule, active: set[str], conditions: dict[str, Any]) -> _State:
        state = _State()
        for exception_id in self.ruleset.exceptions[rule.id]:
            if exception_id in active:
                sub = self._tree(self.ruleset.rules[exception_id], active, conditions)
                state.fires += sub.fires
                state.overridden += sub.overridden
                if sub.unknown is not None:
                    state.unknown = (sub.unknown if state.unknown is None
                                     else merge_unknown((state.unknown, sub.unknown)))
        condition = conditions[rule.id]
        if state.fires:
            if condition is True:
                state.overridden.append(rule)
            state.unknown = None  # an exception fired: whatever was unknown below no longer matters
            return state
        if isinstance(condition, Unknown):
            state.unknown = condition if state.unknown is None else merge_unknown((state.unknown, condition))
            return state
        if condition is True:
            if state.unknown is not None and not self._same_values(rule, active):
                return state  # an exception might still apply and change the answer
            state.unknown = None
            state.fires.append(rule)
        return state

    def _same_values(self, rule: Rule, active: set[str]) -> bool:
        """Whether every exception below ``rule`` would conclude what ``rule`` concludes."""
        mine = rule.value(self)
        if isinstance(mine, Unknown):
            return False
        return all(self._tree_says_only(self.ruleset.rules[e], active, mine)
                   for e in self.ruleset.exceptions[rule.id] if e in active)

    def _tree_says_only(self, rule: Rule, active: set[str], value: Any) -> bool:
        """Whether ``rule`` and every exception below it can only conclude ``value``."""
        stack = [rule]
        while stack:
            current = stack.pop()
            theirs = current.value(self)
            if isinstance(theirs, Unknown) or theirs != value:
                return False
            stack += [self.ruleset.rules[e] for e in self.ruleset.exceptions[current.id] if e in active]
        return True

    def _labels(self, rule: Rule) -> list[str]:
        return [c.label for c in self.ruleset.citations_for(rule, self.contract_date)]
