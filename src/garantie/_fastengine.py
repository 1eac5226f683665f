"""The generated engine at run time: the helpers generated code calls, segment programs, ``FastEvaluation``.

``_codegen`` writes each segment's source; this module compiles it (or reads its code from the rule-set
cache), runs it, and finishes each conclusion exactly as ``Evaluation._decide`` would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from garantie import _dates
from garantie._codegen import Step, generate_source
from garantie._engine import Evaluation, Outcome
from garantie._expr import Unknown, merge_unknown
from garantie.case import Case
from garantie.errors import EvaluationError, GarantieError, RuleConflictError, short_repr
from garantie.ruleset import Rule, RuleSet

__all__ = ["FastEvaluation", "Program", "program"]

_NOTHING: frozenset[Any] = frozenset()
_new = object.__new__


def _outcome(key: str, determined: bool, value: Any, rules: tuple[Rule, ...], overridden: tuple[Rule, ...],
             missing: frozenset[str], possible: frozenset[Any] | None) -> Outcome:
    """An :class:`Outcome` without the frozen dataclass's ``__init__`` (seven ``object.__setattr__``). An
    undetermined one also carries, outside its fields, the ``Unknown`` that reading it gives: generated code
    reads a conclusion many times, and this makes that Unknown once."""
    made = _new(Outcome)
    if determined:
        made.__dict__.update(key=key, determined=True, value=value, rules=rules, overridden=overridden,
                             missing=missing, possible=possible)
    else:
        unknown = _new(Unknown)
        unknown.paths = missing
        made.__dict__.update(key=key, determined=False, value=value, rules=rules, overridden=overridden,
                             missing=missing, possible=possible, _u=unknown)
    return made


def _unknown(paths: frozenset[str]) -> Unknown:
    """``Unknown(paths)`` for paths that already are a frozenset (no copy)."""
    made = object.__new__(Unknown)
    made.paths = paths
    return made


def _m2(first: Any, second: Any) -> Unknown:
    """``merge_unknown((first, second))``; an unknown alone is returned as is (same missing facts)."""
    if type(second) is not Unknown:
        return first  # type: ignore[no-any-return]
    if type(first) is not Unknown:
        return second
    return _unknown(first.paths | second.paths)


def _merge(values: Any) -> Unknown:
    """``merge_unknown(values)``: the union of the unknowns' paths, without an intermediate set."""
    paths = None
    for value in values:
        if type(value) is Unknown:
            paths = value.paths if paths is None else paths | value.paths
    return _unknown(_NOTHING if paths is None else paths)


def _could(value: Any) -> frozenset[Any] | None:
    """What a lone rule that might fire could conclude: its value, or None when that is unknown."""
    return None if type(value) is Unknown else frozenset((value,))


def _fail(exc: BaseException, rule_id: str, conclusion: str) -> BaseException:
    if isinstance(exc, GarantieError):
        return exc
    return EvaluationError(f"{type(exc).__name__}: {short_repr(str(exc), 200)}", rule=rule_id, conclusion=conclusion)


def _finish(ev: Evaluation, facts: dict[str, Any], outcomes: dict[str, Outcome], key: str,
            fired: tuple[Rule, ...], overridden: tuple[Rule, ...]) -> Outcome:
    """The end of ``Evaluation._decide`` when no condition was unknown: values, conflicts, the outcome."""
    if len(fired) == 1 and not overridden:  # the commonest shape: one rule, nothing overridden
        rule = fired[0]
        value = ev.ruleset_values[rule.id](ev, facts, outcomes)  # type: ignore[attr-defined]
        if type(value) is Unknown:
            return _outcome(key, False, None, (), (), value.paths, None)
        return _outcome(key, True, value, fired, (), _NOTHING, _NOTHING)
    if len(fired) > 1:
        fired = tuple(dict.fromkeys(fired))
    if overridden:
        overridden = tuple(r for r in dict.fromkeys(overridden) if r not in fired)
    if not fired:
        return _outcome(key, False, None, (), overridden, _NOTHING, _NOTHING)
    values: list[tuple[Rule, Any]] = []
    unknowns: list[Unknown] = []
    compute = ev.ruleset_values  # type: ignore[attr-defined]
    for rule in fired:
        value = compute[rule.id](ev, facts, outcomes)
        if type(value) is Unknown:
            unknowns.append(value)
        else:
            values.append((rule, value))
    for (first, a), (second, b) in itertools.pairwise(values):
        if a != b:
            raise RuleConflictError(key, (first.id, a, ev._labels(first)), (second.id, b, ev._labels(second)))
    if unknowns or not values:
        return _outcome(key, False, None, (), overridden, merge_unknown(unknowns).paths,
                        None if unknowns else frozenset(v for _, v in values))
    return _outcome(key, True, values[0][1], tuple(r for r, _ in values), overridden, _NOTHING, _NOTHING)


def _finish3(ev: Evaluation, facts: dict[str, Any], outcomes: dict[str, Outcome], key: str,
             fired: tuple[Rule, ...], overridden: tuple[Rule, ...],
             pending: tuple[tuple[frozenset[str] | None, tuple[Callable[..., set[Any] | None], tuple[Any, ...]]], ...],
             ) -> Outcome:
    """The end of ``Evaluation._decide``: values, conflicts, and the roots that might still fire. A pending
    root's unknown is the frozenset of its missing paths (the generated tree unites paths, not ``Unknown``s)."""
    if len(fired) > 1:
        fired = tuple(dict.fromkeys(fired))
    if overridden:
        overridden = tuple(r for r in dict.fromkeys(overridden) if r not in fired)
    values: list[tuple[Rule, Any]] = []
    unknowns: list[frozenset[str]] = []
    possible: set[Any] | None = set()
    compute = ev.ruleset_values  # type: ignore[attr-defined]
    for rule in fired:
        value = compute[rule.id](ev, facts, outcomes)
        if type(value) is Unknown:
            unknowns.append(value.paths)
            possible = None
        else:
            values.append((rule, value))
    for (first, a), (second, b) in itertools.pairwise(values):
        if a != b:
            raise RuleConflictError(key, (first.id, a, ev._labels(first)), (second.id, b, ev._labels(second)))
    if possible is not None:
        possible |= {value for _, value in values}
    for unknown, (function, args) in pending:
        if unknown is None:
            continue
        could = function(ev, facts, outcomes, *args)
        if not values or could is None or could - {values[0][1]}:
            unknowns.append(unknown)
            possible = None if could is None or possible is None else possible | could
    if unknowns or not values:
        missing = unknowns[0] if len(unknowns) == 1 else _NOTHING.union(*unknowns)
        return _outcome(key, False, None, (), overridden, missing,
                        frozenset(possible) if possible is not None else None)
    return _outcome(key, True, values[0][1], tuple(r for r, _ in values), overridden, _NOTHING, _NOTHING)


_NAMESPACE: dict[str, Any] = {
    "_U": Unknown, "_merge": _merge, "_Outcome": Outcome, "_finish": _finish, "_finish3": _finish3,
    "_m2": _m2, "_could": _could, "_unknown": _unknown, "_outcome": _outcome, "_NOTHING": _NOTHING, "_fail": _fail,
    "_date": dt.date, "_Decimal": Decimal, "_add_days": _dates.add_days, "_add_months": _dates.add_months,
    "_add_years": _dates.add_years, "_days_between": _dates.days_between, "_months_between": _dates.months_between,
    "_next_working_day": _dates.next_working_day,
}


class Program:
    """One segment's compiled steps, and every rule's generated value function."""

    def __init__(self, ruleset: RuleSet, code: Any) -> None:
        namespace = dict(_NAMESPACE, _R=ruleset.rules)
        exec(code, namespace)
        self.steps: tuple[tuple[str, Step], ...] = namespace["STEPS"]
        self.values: dict[str, Step] = namespace["VALUES"]


def source_key(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


def program(ruleset: RuleSet, contract_date: dt.date) -> Program:
    """The generated program for contracts of that date: generated and compiled once per segment, shared."""
    index = ruleset.segment_index(contract_date)
    programs: dict[int, Program] = ruleset.__dict__.setdefault("_programs", {})
    found = programs.get(index)
    if found is None:
        segment = ruleset.segment(contract_date)
        code = None
        if ruleset.cache_key is not None:
            # The cached rule set's key covers the rules and these sources: the segment index names the source.
            from garantie import _rscache

            code = _rscache.load_code(ruleset.cache_key, f"segment-{index}")
            if code is None:
                code = compile(generate_source(segment, ruleset.order), f"<garantie segment {index}>", "exec")
                _rscache.store_code(ruleset.cache_key, f"segment-{index}", code)
        if code is None:
            source = generate_source(segment, ruleset.order)
            digest = source_key(source)  # rule sets with the same rules in a segment share its code
            code = ruleset.code_cache.get(digest)
            if code is None:
                code = ruleset.code_cache[digest] = compile(source, f"<garantie segment {index}>", "exec")
        found = programs[index] = Program(ruleset, code)  # a benign race: same value either way
    return found


class FastEvaluation(Evaluation):
    """An :class:`Evaluation` whose conclusions are settled by the generated program (same outcomes)."""

    def __init__(self, ruleset: RuleSet, case: Case) -> None:
        self._start(ruleset, case)
        found = program(ruleset, self.contract_date)
        self.ruleset_values = found.values
        facts, outcomes = self.facts, self.outcomes
        for key, step in found.steps:
            outcomes[key] = step(self, facts, outcomes)

    def param(self, name: str, at: dt.date | None) -> Any:
        day = at or self.contract_date
        memo = self.ruleset.parameter_memo
        try:
            found = memo[name, day]
        except KeyError:
            if len(memo) > 100_000:
                memo.clear()  # bounded: event-dated look-ups may use many days
            found = memo[name, day] = self.ruleset.parameter_value(name, day)
        if found is None:
            return Unknown()
        self.params_used[name] = found
        return found.value
