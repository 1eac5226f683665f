"""Rules as the engines see them (Rule, Segment, lazily compiled expressions), built and checked one by one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from garantie import _dated, _expr
from garantie._expr import DATE, ExprError, ValueType
from garantie._facts import FACT_TYPES
from garantie._schema import PeriodDoc, RuleDoc, Texts
from garantie.errors import EvaluationError, GarantieError, RuleSetError, short_repr

if TYPE_CHECKING:
    from garantie.ruleset import RuleSet

__all__ = ["Rule", "Segment", "build_rule", "rebuild_rule"]

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Segment:
    """The rules in force for contracts of one stretch of dates, arranged for evaluation."""

    rules: dict[str, tuple[Rule, ...]]  # by conclusion
    roots: dict[str, tuple[Rule, ...]]  # by conclusion: rules that are nobody's (active) exception
    below: dict[str, tuple[Rule, ...]]  # by rule id: its active exceptions


@dataclass(frozen=True, eq=False)
class Rule:
    """A loaded, checked and compiled rule. Compared and hashed by identity: ids are unique."""

    id: str
    source: str
    order: int
    title: Texts
    citations: tuple[str, ...]
    periods: tuple[PeriodDoc, ...]
    conclusion: str
    exception_to: tuple[str, ...]
    explain: Texts
    caveat: Texts | None
    confidence: str
    verified_on: dt.date
    depends_on: frozenset[str]
    params: frozenset[str]
    placeholders: frozenset[str]
    condition: _expr.Compiled | None
    value: _expr.Compiled
    value_node: _expr.Node
    condition_node: _expr.Node | None
    # The date fact its periods name instead of the purchase's date (garantie._dated); its condition tests it.
    dated_by: str | None = None

    def __post_init__(self) -> None:
        for compiled in (self.condition, self.value):
            if isinstance(compiled, _Lazy):
                compiled.rule = self

    def applies_to(self, contract_date: dt.date) -> bool:
        return self.dated_by is not None or any(period.contains(contract_date) for period in self.periods)


class _Lazy:
    """A rule's condition or value, compiled to a closure on its first call (then the rule holds the closure).

    The generated engine does not call them: most are never needed in a process, and compiling all 458 rules
    up front was a tenth of loading the rule set."""

    __slots__ = ("compiled", "field", "node", "rule")

    def __init__(self, node: _expr.Node, field: str) -> None:
        self.node, self.field = node, field
        self.compiled: _expr.Compiled | None = None
        self.rule: Rule | None = None

    def __call__(self, ctx: _expr.Context) -> Any:
        compiled = self.compiled
        if compiled is None:
            rule = self.rule
            assert rule is not None  # bound by Rule.__post_init__
            build = _expr.compile_condition if self.field == "condition" else _expr.compile_value
            compiled = self.compiled = _guarded(build(self.node), rule.id, rule.conclusion)
            object.__setattr__(rule, self.field, compiled)  # later calls skip this wrapper
        return compiled(ctx)


def build_rule(rs: RuleSet, source: str, rule_id: str, order: int, doc: RuleDoc) -> Rule:
    """The rule ``doc`` describes, checked against ``rs`` (whose files are read): its citations, conclusion,
    condition and value types, parameters, placeholders and coverage of its periods."""
    def fail(message: str, key: str) -> RuleSetError:
        return RuleSetError(message, file=source, item=rule_id, key=key)

    for citation in doc.citations:
        if citation not in rs.citations:
            raise fail(f"unknown citation '{citation}'; declare it under rules/citations", "citations")
    (conclusion, raw_value), = doc.conclude.items()
    wanted = rs.conclusion_type(conclusion)
    if wanted is None:
        raise fail(f"unknown conclusion '{conclusion}'; declared ones: {', '.join(sorted(rs.conclusions))}",
                   "conclude")
    try:
        condition_node = _expr.parse_condition(doc.when) if doc.when is not None else None
        if condition_node is not None:
            _expr.check_condition(condition_node, rs)
        value_node = _expr.parse_value(raw_value, f"conclude.{conclusion}")
        _check_value(rs, value_node, wanted, conclusion)
        dated_by = _dated.dated_fact(doc.dated_by, rs) if doc.dated_by is not None else None
    except ExprError as exc:
        raise fail(str(exc), exc.key) from exc
    if dated_by is not None:  # the periods become a test on that date, ahead of the rule's own condition
        condition_node = _dated.with_period_test(dated_by, doc.periods, condition_node)
    refs = list(_expr.references(value_node))
    if condition_node is not None:
        refs += list(_expr.references(condition_node))
    params = frozenset(r.name for r in refs if isinstance(r, _expr.Param))
    for ref in refs:
        if isinstance(ref, _expr.Param):
            if dated_by is not None and rs.parameters[ref.name].selector == "contract_date":
                raise fail(f"parameter '{ref.name}' is selected by the purchase's contract date, but this rule "
                           f"is dated by {dated_by}: use a parameter selected by an event date, with 'at'",
                           "dated_by")
            _check_param_use(rs, ref, doc.periods, fail)
    names = {r.path for r in refs if isinstance(r, _expr.Fact)} | {
        r.key for r in refs if isinstance(r, _expr.Conclusion)}
    placeholders = _check_placeholders(rs, doc, names, params, fail)
    _check_coverage(rs, doc, fail)
    return Rule(
        id=rule_id, source=source, order=order, title=doc.title, citations=tuple(doc.citations),
        periods=tuple(doc.periods), conclusion=conclusion, exception_to=tuple(doc.exception_to),
        explain=doc.explain, caveat=doc.caveat, confidence=doc.confidence, verified_on=doc.verified_on,
        depends_on=frozenset(r.key for r in refs if isinstance(r, _expr.Conclusion)), params=params,
        placeholders=placeholders,
        condition=_Lazy(condition_node, "condition") if condition_node is not None else None,
        value=_Lazy(value_node, "value"),
        value_node=value_node, condition_node=condition_node, dated_by=dated_by)


def rebuild_rule(rs: RuleSet, source: str, rule_id: str, order: int, doc: RuleDoc,
                  known: tuple[list[str], list[str], list[str]]) -> Rule:
    """A rule :func:`build_rule` accepted before, from the same document: parsed, not checked again."""
    (conclusion, raw_value), = doc.conclude.items()
    condition_node = _expr.parse_condition(doc.when) if doc.when is not None else None
    value_node = _expr.parse_value(raw_value, f"conclude.{conclusion}")
    dated_by = _dated.dated_fact(doc.dated_by, rs) if doc.dated_by is not None else None
    if dated_by is not None:  # as build_rule does
        condition_node = _dated.with_period_test(dated_by, doc.periods, condition_node)
    depends_on, params, placeholders = known
    return Rule(
        id=rule_id, source=source, order=order, title=doc.title, citations=tuple(doc.citations),
        periods=tuple(doc.periods), conclusion=conclusion, exception_to=tuple(doc.exception_to),
        explain=doc.explain, caveat=doc.caveat, confidence=doc.confidence, verified_on=doc.verified_on,
        depends_on=frozenset(depends_on), params=frozenset(params), placeholders=frozenset(placeholders),
        condition=_Lazy(condition_node, "condition") if condition_node is not None else None,
        value=_Lazy(value_node, "value"),
        value_node=value_node, condition_node=condition_node, dated_by=dated_by)


def _check_value(rs: RuleSet, node: _expr.Node, wanted: ValueType, conclusion: str) -> None:
    key = f"conclude.{conclusion}"
    if wanted.kind == "enum" and isinstance(node, _expr.Literal):
        if node.value not in wanted.values:
            raise ExprError(f"'{node.value}' is not a value of {conclusion}; accepted: "
                            f"{', '.join(sorted(wanted.values))}", key)
        return
    found = _expr.type_of(node, rs, key)
    if found.kind != wanted.kind:
        raise ExprError(f"{conclusion} is a {wanted.describe()}, but this value is a {found.describe()}", key)


def _check_param_use(rs: RuleSet, ref: _expr.Param, periods: Iterable[PeriodDoc], fail: Any) -> None:
    doc = rs.parameters[ref.name]
    if doc.selector == "event_date" and ref.at is None:
        raise fail(f"parameter '{ref.name}' is selected by an event date: say which with 'at'", "conclude")
    if doc.selector == "contract_date":
        if ref.at is not None:
            raise fail(f"parameter '{ref.name}' is selected by the contract date; drop 'at'", "conclude")
        for period in periods:
            if not _covered(period, [v.period() for v in doc.values]):
                raise fail(f"parameter '{ref.name}' has no value for every contract date of the period "
                           f"{_show(period)}", "periods")


def _check_coverage(rs: RuleSet, doc: RuleDoc, fail: Any) -> None:
    intervals = [rs.citations[c].governs_contracts for c in doc.citations]
    for period in doc.periods:
        if not _covered(period, intervals):
            raise fail(f"for some contracts of the period {_show(period)} none of the cited article versions "
                       "governs; cite the version in force for every contract date", "citations")


def _check_placeholders(rs: RuleSet, doc: RuleDoc, names: set[str], params: frozenset[str],
                        fail: Any) -> frozenset[str]:
    found: set[str] = set()
    for lang in ("fr", "en"):
        texts = [getattr(doc.explain, lang)] + ([getattr(doc.caveat, lang)] if doc.caveat else [])
        for part, text in zip(("explain", "caveat"), texts, strict=False):
            stray = _PLACEHOLDER.sub("", text)
            if "{" in stray or "}" in stray:
                # '{value' or '{{value}}' would show stray braces to the reader (L5).
                raise fail("unbalanced or doubled brace: placeholders are written {name}, and braces "
                           "appear nowhere else", f"{part}.{lang}")
            for name in _PLACEHOLDER.findall(text):
                if name == "value":
                    pass
                elif name.startswith("param:"):
                    if name[6:] not in params:
                        raise fail(f"placeholder {{{name}}}: the rule does not use parameter '{name[6:]}'",
                                   f"explain.{lang}")
                elif name not in names:
                    raise fail(f"placeholder {{{name}}} cannot be filled: only {{value}}, a parameter the rule "
                               "uses ({param:name}) or a fact or conclusion its condition or value reads "
                               f"can be shown; this rule reads: {', '.join(sorted(names)) or 'nothing'}",
                               f"explain.{lang}")
                elif (FACT_TYPES.get(name) or rs.conclusion_type(name) or DATE).kind == "enum":
                    labels = rs.conclusions.get(name)
                    if labels is None or labels.value_labels is None:
                        raise fail(f"placeholder {{{name}}} is an enum without value_labels to show it",
                                   f"explain.{lang}")
                found.add(name)
    return frozenset(found)


def _guarded(compiled: _expr.Compiled, rule_id: str, conclusion: str) -> _expr.Compiled:
    """``compiled``, with any arithmetic failure (a date past the calendar, a decimal overflow) turned
    into an :class:`EvaluationError` naming the rule. Input bounds keep valid cases far from these."""
    def run(ctx: _expr.Context) -> Any:
        try:
            return compiled(ctx)
        except (ArithmeticError, ValueError) as exc:
            if isinstance(exc, GarantieError):
                raise
            raise EvaluationError(f"{type(exc).__name__}: {short_repr(str(exc), 200)}", rule=rule_id,
                                  conclusion=conclusion) from exc
    return run



def _covered(period: PeriodDoc, intervals: list[PeriodDoc]) -> bool:
    """Whether the union of ``intervals`` covers every day of ``period``."""
    cursor = period.start or dt.date.min
    last = period.end or dt.date.max
    for interval in sorted(intervals, key=lambda p: p.start or dt.date.min):
        if (interval.start or dt.date.min) > cursor:
            continue
        end = interval.end or dt.date.max
        if end >= last:
            return True
        if end >= cursor:
            cursor = end + dt.timedelta(days=1)
    return False


def _show(period: PeriodDoc) -> str:
    return f"{period.start or '…'} to {period.end or '…'}"
