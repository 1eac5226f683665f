"""Which question waits for which, derived from the rules' conditions (issue 13).

A fact matters only where a rule reads it. When every place that reads fact B sits in an ``all`` beside a
test ``fact A is|in|is_not|not_in …`` (or, for a rule's value, in a condition that is such an ``all``), B
can change nothing unless A takes one of the values those tests accept: B *depends on* A with the union of
those values. ``product.nature is domestic_animal`` guards every rule that reads an animal's disease, so the
disease waits for the nature; ``sale_mode is public_auction`` guards the auction's attendance.

Only question facts of type bool or enum can guard; a test of a conclusion is not a guard (what a conclusion
needs is asked for it). ``depends_on`` in a questions file adds to the derived dependencies or overrides them
fact by fact; the merged graph must be acyclic (a declaration that closes a cycle is an error). When two
derived dependencies would close a cycle (two facts only ever read together, each beside a test of the other),
the one met last in a stable order (by the priority of the question waited for, then by name) is left out:
either order is sound.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from garantie import _expr
from garantie._ask import IMPLIED
from garantie._expr import ValueType
from garantie._facts import FACT_TYPES
from garantie._schema import QuestionDoc

__all__ = ["cycle", "derive", "merge"]

# What knowing a fact implies, from the case model (garantie._ask: a known delivery date means delivered).
_IMPLIED_BY: dict[str, tuple[str, Any]] = {source: (path, value) for path, (source, value) in IMPLIED.items()}
Guards = dict[str, frozenset[Any]]  # guarding fact -> the values under which the guarded read counts
Graph = dict[str, dict[str, tuple[Any, ...]]]  # question -> {fact it waits for: values under which it matters}


def _domain(kind: ValueType) -> frozenset[Any]:
    return frozenset({True, False}) if kind.kind == "bool" else frozenset(kind.values)


class _Guards:
    """What must hold for a test, a rule or a read to count, over one rule set."""

    def __init__(self, rules: Iterable[Any], questions: Mapping[str, QuestionDoc]) -> None:
        self.questions = questions
        self.rules = list(rules)
        self.by_conclusion: dict[str, list[Any]] = {}
        for rule in self.rules:
            self.by_conclusion.setdefault(rule.conclusion, []).append(rule)
        self.memo: dict[str, Guards] = {}
        self.busy: set[str] = set()
        self.tests: dict[int, Guards | None] = {}  # by node id: rules share no node, but a test is asked twice
        self.givers: dict[tuple[str, frozenset[Any], bool], Guards | None] = {}

    def test(self, node: _expr.Node) -> Guards | None:
        key = id(node)
        if key not in self.tests:
            self.tests[key] = self._test(node)
        return self.tests[key]

    def _test(self, node: _expr.Node) -> Guards | None:
        """What a test needs to be true: a guard fact's values, or the guards of every rule that can give a
        conclusion a value the test accepts; None when nothing can be said (or the test can never hold)."""
        if not isinstance(node, _expr.Test):
            return None
        if node.comparator in _expr.ORDERED or (node.comparator == "known" and node.operand == _expr.Literal(True)):
            # Comparing a date, or requiring it known, needs it known: what the case model implies then holds
            # (a known delivery date: delivered).
            implied: Guards = {}
            for fact in _facts_in(node):
                if fact in _IMPLIED_BY:
                    path, value = _IMPLIED_BY[fact]
                    _both(implied, {path: frozenset({value})})
            return implied or None
        if node.comparator not in ("is", "in", "is_not", "not_in"):
            return None
        operands = node.operand if isinstance(node.operand, tuple) else (node.operand,)
        if not all(isinstance(o, _expr.Literal) for o in operands):
            return None
        named = frozenset(o.value for o in operands if isinstance(o, _expr.Literal))
        positive = node.comparator in ("is", "in")
        if isinstance(node.subject, _expr.Fact):
            path = node.subject.path
            kind = FACT_TYPES.get(path)
            if path not in self.questions or kind is None or kind.kind not in ("bool", "enum"):
                return None
            domain = _domain(kind)
            return {path: named & domain if positive else domain - named}
        if isinstance(node.subject, _expr.Conclusion):
            return self.conclusion(node.subject.key, named, positive)
        return None

    def conclusion(self, key: str, named: frozenset[Any], positive: bool) -> Guards | None:
        if (key, named, positive) not in self.givers:
            self.givers[key, named, positive] = self._conclusion(key, named, positive)
        return self.givers[key, named, positive]

    def _conclusion(self, key: str, named: frozenset[Any], positive: bool) -> Guards | None:
        givers = self.by_conclusion.get(key, [])
        if any(not isinstance(r.value_node, _expr.Literal) for r in givers):
            return None  # a computed value could be anything
        wanted = [r for r in givers if (r.value_node.value in named) == positive]
        if not wanted:
            return None
        return _common(self.rule(r) for r in wanted)

    def rule(self, rule: Any) -> Guards:
        """What must hold for ``rule`` to fire: the guards of the tests in its condition's top-level ``all``."""
        found = self.memo.get(rule.id)
        if found is not None:
            return found
        if rule.id in self.busy:
            return {}  # a cycle through conclusions (the loader refuses them): no guard
        self.busy.add(rule.id)
        out: Guards = {}
        if rule.condition_node is not None:
            items = rule.condition_node.items if isinstance(rule.condition_node, _expr.All) else (
                rule.condition_node,)
            for item in items:
                _both(out, self.test(item) or {})
        self.busy.discard(rule.id)
        self.memo[rule.id] = out
        return out

    def reads(self, node: _expr.Node, guards: Guards, out: list[tuple[str, Guards]]) -> None:
        """Each fact ``node`` reads, with the guards in force where it is read."""
        if isinstance(node, _expr.All):
            found = [self.test(item) for item in node.items]
            for index, item in enumerate(node.items):
                inner = dict(guards)
                for other, guard in enumerate(found):
                    if guard is not None and other != index:
                        _both(inner, guard)
                self.reads(item, inner, out)
        elif isinstance(node, _expr.Any_):
            for item in node.items:
                self.reads(item, guards, out)
        elif isinstance(node, _expr.Not):
            self.reads(node.item, guards, out)
        else:
            out.extend((path, guards) for path in _facts_in(node))


def _facts_in(node: _expr.Node) -> list[str]:
    """The facts a test or value reads (what _expr.references finds, without a generator per node)."""
    found: list[str] = []
    stack: list[Any] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, _expr.Fact):
            found.append(current.path)
        elif isinstance(current, tuple):
            stack.extend(current)
        elif not isinstance(current, _expr.Literal | _expr.Conclusion) and current is not None:
            stack.extend(getattr(current, name) for name in current.__dataclass_fields__ if name not in (
                "unit", "op", "comparator", "key", "name"))
    return found


def _both(into: Guards, more: Guards) -> None:
    """``into`` and ``more`` must both hold: values of a fact they share intersect."""
    for path, values in more.items():
        into[path] = into[path] & values if path in into else values


def _common(many: Iterable[Guards]) -> Guards:
    """One of ``many`` holds: only facts every one guards remain, with the values any accepts."""
    out: Guards | None = None
    for guards in many:
        out = dict(guards) if out is None else {p: out[p] | guards[p] for p in out.keys() & guards.keys()}
    return out or {}


def derive(rules: Iterable[Any], questions: Mapping[str, QuestionDoc]) -> Graph:
    """For every question, the facts that guard each of its reads, with the union of the values accepted."""
    guards = _Guards(rules, questions)
    reads: list[tuple[str, Guards]] = []
    for rule in guards.rules:
        if rule.condition_node is not None:
            guards.reads(rule.condition_node, {}, reads)
        guards.reads(rule.value_node, guards.rule(rule), reads)
    by_fact: dict[str, list[Guards]] = {}
    for path, found in reads:
        if path in questions:
            by_fact.setdefault(path, []).append({dep: v for dep, v in found.items() if dep != path})
    # What the case model implies: a known delivery date means delivered, so it is asked only then.
    graph: Graph = {source: {path: (value,)} for source, (path, value) in _IMPLIED_BY.items()
                    if source in questions and path in questions}
    for path, all_reads in by_fact.items():
        # A dependency holds only if every read is guarded by it; its values are those any read accepts.
        deps = {dep: tuple(sorted(values, key=str)) for dep, values in _common(all_reads).items()
                if values and values != _domain(FACT_TYPES[dep])}
        if deps:
            graph.setdefault(path, {}).update(deps)
    return graph


def merge(derived: Graph, questions: Mapping[str, QuestionDoc]) -> tuple[Graph, list[str]]:
    """Derived dependencies, then the declared ones over them fact by fact; and the derived edges left out
    because they would close a cycle among derived edges (a cycle a declaration closes is left for
    :func:`cycle` to report)."""
    declared = {key: dict(doc.depends_on) for key, doc in questions.items() if doc.depends_on}
    merged: Graph = {}
    dropped: list[str] = []

    def reaches(start: str, goal: str) -> bool:
        stack, seen = [start], {start}
        while stack:
            current = stack.pop()
            if current == goal:
                return True
            for nxt in merged.get(current, {}):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    edges = sorted(((key, dep, values) for key, deps in derived.items() for dep, values in deps.items()
                    if dep not in declared.get(key, {})),
                   key=lambda e: (-questions[e[1]].priority, e[1], e[0]))
    for key, dep, values in edges:
        if reaches(dep, key):
            dropped.append(f"{key} -> {dep}")
            continue
        merged.setdefault(key, {})[dep] = values
    for key, deps in declared.items():
        merged.setdefault(key, {}).update(deps)
    return merged, dropped


def cycle(graph: Graph) -> list[str] | None:
    """A dependency cycle of ``graph`` (its facts in order, the first repeated at the end), or None."""
    state: dict[str, int] = {}

    def visit(key: str, chain: list[str]) -> list[str] | None:
        if state.get(key) == 2:
            return None
        if state.get(key) == 1:
            return [*chain[chain.index(key):], key]
        state[key] = 1
        for dep in sorted(graph.get(key, {})):
            found = visit(dep, [*chain, key])
            if found:
                return found
        state[key] = 2
        return None

    for key in sorted(graph):
        found = visit(key, [])
        if found:
            return found
    return None
