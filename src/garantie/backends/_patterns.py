"""Compile one contract-date segment of a RuleSet into a durable-rules ruleset definition."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from garantie import _expr as ex
from garantie.backends._values import encode
from garantie.ruleset import Rule, Segment

__all__ = ["Compiled", "Stratum", "compile_segment"]

Pattern = dict[str, Any] | bool  # True: always matches, False: never
_NEGATE = {"eq": "ne", "ne": "eq", "lt": "ge", "ge": "lt", "le": "gt", "gt": "le"}
_FLIP = {"eq": "eq", "ne": "ne", "lt": "gt", "gt": "lt", "le": "ge", "ge": "le"}
_DURABLE_OP = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
_counter = itertools.count()


@dataclass(frozen=True)
class Stratum:
    """One conclusion's rules (``c<j>`` in the guard fact) and the value nodes of its condition fact."""

    index: int
    key: str
    rules: tuple[Rule, ...]
    slots: tuple[ex.Node, ...]


@dataclass(frozen=True)
class Compiled:
    """A segment compiled for durable: the ruleset name and definition, and what each durable rule means."""

    name: str
    definition: dict[str, dict[str, Any]]  # durable rule name -> {"all": [...]} (actions added by the host)
    meaning: dict[str, tuple[str, Rule]]  # durable rule name -> (t | f | y | n, rule)
    strata: tuple[Stratum, ...]


def compile_segment(segment: Segment, order: Iterable[str]) -> Compiled:
    """The durable ruleset for a segment: per stratum, condition rules then guard rules.

    Each conclusion is a *stratum* (``RuleSet.order``), run in two phases, each one durable fact:

    1. *conditions* (``st`` = 2 × stratum): the fact carries the values the stratum's conditions compare,
       its *slots*: field ``v<i>`` holds the encoded value, ``k<i>`` is 1 when it is known. Each rule gets
       durable rules ``t`` (its condition is true) and ``f`` (false). Negation is pushed down to the
       comparisons (De Morgan, ``before`` ↔ ``on_or_after`` …) and every comparison also requires its
       operands' known flags, so an unknown value makes a comparison neither true nor false: three-valued
       logic, in patterns. Patterns are split into disjuncts, one durable rule each, because durable allows
       at most 31 expressions per rule.
    2. *guards* (``st`` = 2 × stratum + 1): the fact carries each rule's condition as phase 1 found it
       (``c<j>``: 1 true, 0 false, -1 open). The exceptions are explicit guards over it: a rule fires (``y``)
       when its condition holds and no exception below it, at any depth, holds; it cannot fire (``n``) when its
       condition is false or one of those exceptions holds. The guard reads a fact asserted from the phase
       before, never durable's negation (``none``) over facts other actions asserted (reported unreliable).
    """
    definition: dict[str, dict[str, Any]] = {}
    meaning: dict[str, tuple[str, Rule]] = {}

    def add(kind: str, rule: Rule, phase: int, pattern: Pattern) -> None:
        for conjunct in _dnf(pattern):
            name = f"{kind}{len(definition)}"
            leaves = [{"st": phase}, *conjunct]
            definition[name] = {"all": [{"m": leaves[0] if len(leaves) == 1 else {"$and": leaves}}]}
            meaning[name] = (kind, rule)

    strata: list[Stratum] = []
    for index, key in enumerate(order):
        rules = segment.rules[key]
        slots: dict[ex.Node, int] = {}
        field = {rule.id: f"c{j}" for j, rule in enumerate(rules)}
        for rule in rules:
            true, false = (True, False) if rule.condition_node is None else _condition(rule.condition_node, slots)
            add("t", rule, 2 * index, true)
            add("f", rule, 2 * index, false)
            below = [field[e.id] for e in _descendants(segment, rule)]
            add("y", rule, 2 * index + 1, _all([{field[rule.id]: 1}, *({c: 0} for c in below)]))
            add("n", rule, 2 * index + 1, _any([{field[rule.id]: 0}, *({c: 1} for c in below)]))
        strata.append(Stratum(index, key, rules, tuple(slots)))
    return Compiled(f"garantie{next(_counter)}", definition, meaning, tuple(strata))


def _descendants(segment: Segment, rule: Rule) -> list[Rule]:
    """Every active exception below ``rule``, at any depth (an exception of an exception wins too)."""
    found: dict[Rule, None] = {}
    stack = list(segment.below[rule.id])
    while stack:
        current = stack.pop()
        if current not in found:
            found[current] = None
            stack += segment.below[current.id]
    return list(found)


def _dnf(pattern: Pattern) -> list[list[dict[str, Any]]]:
    """A pattern as a disjunction of conjunctions of comparisons (no disjunct for False)."""
    if pattern is True:
        return [[]]
    if pattern is False:
        return []
    assert isinstance(pattern, dict)
    if set(pattern) == {"$or"}:
        return [conjunct for part in pattern["$or"] for conjunct in _dnf(part)]
    if set(pattern) == {"$and"}:
        out: list[list[dict[str, Any]]] = [[]]
        for part in pattern["$and"]:
            out = [left + right for left in out for right in _dnf(part)]
        return out
    return [[pattern]]


# --------------------------------------------------------------------------- conditions


def _condition(node: ex.Node, slots: dict[ex.Node, int]) -> tuple[Pattern, Pattern]:
    """(true pattern, false pattern) of a condition: Kleene logic with negation pushed to the leaves."""
    if isinstance(node, ex.All | ex.Any_):
        parts = [_condition(item, slots) for item in node.items]
        trues, falses = [p[0] for p in parts], [p[1] for p in parts]
        return (_all(trues), _any(falses)) if isinstance(node, ex.All) else (_any(trues), _all(falses))
    if isinstance(node, ex.Not):
        true, false = _condition(node.item, slots)
        return false, true
    assert isinstance(node, ex.Test)
    op = ex.COMPARATORS[node.comparator]
    subject = _side(node.subject, slots)
    if op == "known":
        assert isinstance(node.operand, ex.Literal)
        wanted = bool(node.operand.value)
        if subject[0] == "const":
            return wanted, not wanted
        return {f"k{subject[1]}": int(wanted)}, {f"k{subject[1]}": int(not wanted)}
    if op in ("in", "not_in"):
        assert isinstance(node.operand, tuple)
        options = [_side(item, slots) for item in node.operand]
        inside = _any([_compare("eq", subject, o) for o in options])
        outside = _all([_compare("ne", subject, o) for o in options])
        return (inside, outside) if op == "in" else (outside, inside)
    assert not isinstance(node.operand, tuple)
    operand = _side(node.operand, slots)
    return _compare(op, subject, operand), _compare(_NEGATE[op], subject, operand)


Side = tuple[str, Any]  # ("const", encoded value) or ("slot", index)


def _side(node: ex.Node, slots: dict[ex.Node, int]) -> Side:
    if isinstance(node, ex.Literal):
        return "const", encode(node.value)
    return "slot", slots.setdefault(node, len(slots))


def _compare(op: str, left: Side, right: Side) -> Pattern:
    """Both sides known, and the comparison holds."""
    if left[0] == "const" and right[0] == "const":
        return bool(_PYTHON[op](left[1], right[1]))
    if left[0] == "const":
        return _compare(_FLIP[op], right, left)
    field = f"v{left[1]}"
    target: Any = right[1] if right[0] == "const" else {"$m": f"v{right[1]}"}
    test = {field: target} if op == "eq" else {_DURABLE_OP[op]: {field: target}}
    known: list[Pattern] = [{f"k{left[1]}": 1}]
    if right[0] == "slot":
        known.append({f"k{right[1]}": 1})
    return _all([*known, test])


_PYTHON: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: bool(a == b), "ne": lambda a, b: bool(a != b), "lt": lambda a, b: bool(a < b),
    "le": lambda a, b: bool(a <= b), "gt": lambda a, b: bool(a > b), "ge": lambda a, b: bool(a >= b)}


def _all(parts: Iterable[Pattern]) -> Pattern:
    return _join("$and", parts, absorbing=False)


def _any(parts: Iterable[Pattern]) -> Pattern:
    return _join("$or", parts, absorbing=True)


def _join(op: str, parts: Iterable[Pattern], absorbing: bool) -> Pattern:
    """Flatten nested joins of the same kind and fold constants (True absorbs $or, False absorbs $and)."""
    kept: list[dict[str, Any]] = []
    for part in parts:
        if part is absorbing:
            return absorbing
        if part is (not absorbing):
            continue
        assert isinstance(part, dict)
        kept += part[op] if set(part) == {op} else [part]
    if not kept:
        return not absorbing
    return kept[0] if len(kept) == 1 else {op: kept}
