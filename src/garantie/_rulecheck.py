"""Load-time checks across the whole rule set: exceptions, questions, depends_on, conclusion strata."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from garantie import _depends, _expr
from garantie._ask import check_question
from garantie._expr import BOOL
from garantie._facts import ALWAYS_KNOWN, DERIVED_UNKNOWN_PATHS, FACT_TYPES
from garantie._schema import QuestionDoc
from garantie.errors import RuleSetError

if TYPE_CHECKING:
    from garantie._rulebuild import Rule
    from garantie.ruleset import RuleSet

__all__ = ["check_exceptions", "check_param_citations", "check_questions", "merge_depends_on", "stratify"]


def check_param_citations(rs: RuleSet) -> None:
    for name, doc in rs.parameters.items():
        for value in doc.values:
            for citation in value.citations:
                if citation not in rs.citations:
                    raise RuleSetError(f"unknown citation '{citation}'", file=rs._sources["parameters", name],
                                       item=name, key="values.citations")


def check_exceptions(rs: RuleSet) -> None:
    for rule in rs.rules.values():
        for target in rule.exception_to:
            other = rs.rules.get(target)
            if other is None:
                raise RuleSetError(f"exception_to names unknown rule '{target}'", file=rule.source,
                                   item=rule.id, key="exception_to")
            if rule.id in rs.overlay_rules and target not in rs.overlay_rules:
                # A company's terms add to the law; they never set a legal rule aside.
                raise RuleSetError(f"an overlay rule cannot be an exception to the bundled rule '{target}': "
                                   "an overlay adds rules, exceptions to its own rules and parameters, but "
                                   "never overrides the law", file=rule.source, item=rule.id, key="exception_to")
            if other.conclusion != rule.conclusion or target == rule.id:
                raise RuleSetError(f"an exception must conclude the same thing as the rule it overrides "
                                   f"('{target}' concludes {other.conclusion})", file=rule.source,
                                   item=rule.id, key="exception_to")


def check_questions(rs: RuleSet) -> None:
    for key in rs.questions:
        if key not in FACT_TYPES and key not in DERIVED_UNKNOWN_PATHS:
            raise RuleSetError("question for a path that is not an input fact (docs/facts.md lists them)",
                               file=rs._sources["questions", key], item=key, key="questions")
        _check_absent_proof(key, rs.questions[key], rs._sources["questions", key])
        check_question(key, rs.questions[key], rs._sources["questions", key], rs.questions)
    merge_depends_on(rs)
    read = {path for rule in rs.rules.values() for path in _fact_paths(rule)}
    needed = {p for p in read if p in FACT_TYPES and not p.startswith("history.")} - ALWAYS_KNOWN
    needed |= set(DERIVED_UNKNOWN_PATHS)
    missing = sorted(needed - set(rs.questions))
    if missing:
        readers = sorted({r.id for r in rs.rules.values() if set(_fact_paths(r)) & set(missing)})
        first = rs.rules[readers[0]] if readers else None
        raise RuleSetError(f"facts rules read but no question asks for: {', '.join(missing)} (read by "
                           f"{', '.join(readers) or 'derived facts'}); add them to a questions file",
                           file=first.source if first else None, item=first.id if first else None,
                           key="when" if first else "questions")


def merge_depends_on(rs: RuleSet) -> None:
    """Each question's depends_on: derived from the rules' conditions (garantie._depends), the questions
    files' declarations adding to it or overriding it fact by fact; the whole graph is acyclic."""
    derived = _depends.derive(rs.rules.values(), rs.questions)
    merged, _ = _depends.merge(derived, rs.questions)
    found = _depends.cycle(merged)
    if found:
        raise RuleSetError(f"questions wait for each other in a cycle: {' -> '.join(found)}",
                           file=rs._sources["questions", found[0]], item=found[0], key="depends_on")
    rs._apply_depends_on(derived, merged)


def _check_absent_proof(key: str, doc: QuestionDoc, source: str) -> None:
    """The value assumed absent the seller's proof must be a value the fact can take, on a case field."""
    if doc.absent_proof is None:
        return
    kind = FACT_TYPES.get(key)
    if kind is None or key.startswith("history"):
        raise RuleSetError("absent_proof is only for a field of the case (not an event field)",
                           file=source, item=key, key="absent_proof")
    value = doc.absent_proof
    fits = (isinstance(value, bool) if kind == BOOL
            else kind.kind == "enum" and isinstance(value, str) and value in kind.values)
    if not fits:
        raise RuleSetError(f"absent_proof {value!r} is not a value of {key} ({kind.describe()})",
                           file=source, item=key, key="absent_proof")


def stratify(rs: RuleSet) -> tuple[str, ...]:
    """Order conclusions so that each comes after every conclusion its rules read.

    A conclusion never depends on itself, directly or not: that also rules out a
    rule negating a conclusion of its own stratum.
    """
    deps: dict[str, set[str]] = {key: set() for key in rs.conclusions}
    for rule in rs.rules.values():
        deps[rule.conclusion] |= rule.depends_on
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(key: str, chain: list[str]) -> None:
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            cycle = [*chain[chain.index(key):], key]
            culprits = sorted((r for r in rs.rules.values()
                               if r.conclusion in cycle and r.depends_on & set(cycle)), key=lambda r: r.id)
            raise RuleSetError(f"conclusions depend on each other in a cycle: {' -> '.join(cycle)} "
                               f"(rules {', '.join(r.id for r in culprits)})",
                               file=culprits[0].source if culprits else None,
                               item=culprits[0].id if culprits else None, key="when")
        state[key] = 1
        for dep in sorted(deps[key]):
            visit(dep, [*chain, key])
        state[key] = 2
        order.append(key)

    for key in rs.conclusions:  # declaration order keeps the result stable
        visit(key, [])
    return tuple(order)



def _fact_paths(rule: Rule) -> Iterable[str]:
    nodes = [rule.value_node] + ([rule.condition_node] if rule.condition_node is not None else [])
    for node in nodes:
        for ref in _expr.references(node):
            if isinstance(ref, _expr.Fact):
                yield ref.path
