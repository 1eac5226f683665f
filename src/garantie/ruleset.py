"""The rule set: every file under ``rules/``, checked strictly and compiled once.

>>> rules = load_rules()
>>> rules.rule("glc.scope.professional_to_consumer").conclusion
'glc.scope'

Loading fails with a :class:`~garantie.errors.RuleSetError` naming the file, the id
and the key when anything is off: an unknown or duplicate key, a bad date, a
condition naming a fact the models do not have, a dangling citation, parameter or
conclusion, a citation without its official id (or an explicit ``unknown`` and why),
a placeholder that cannot be filled, a rule whose periods its cited articles do not
cover, or a cycle between conclusions.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import os
import re
import threading
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from garantie import _dated, _depends, _expr
from garantie._ask import check_question
from garantie._citations import Citation, build_citation
from garantie._expr import BOOL, DATE, NUMBER, ExprError, ValueType
from garantie._facts import ALWAYS_KNOWN, DERIVED_UNKNOWN_PATHS, FACT_TYPES, question_key
from garantie._schema import (
    CitationDoc,
    ConclusionDoc,
    ParameterDoc,
    ParameterValueDoc,
    PeriodDoc,
    QuestionDoc,
    RuleDoc,
    Texts,
    valid_id,
)
from garantie._shape import shape_issue
from garantie._startup import gc_paused
from garantie.errors import EvaluationError, GarantieError, RuleSetError, short_repr

__all__ = ["Citation", "Rule", "RuleSet", "Segment", "default_rules_dir", "load_rules", "rule_files",
           "rules_digest"]

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_MAX_ITEM_VALUES = 20_000  # values in one entry once YAML aliases are expanded; the largest rule has ~300
_MAX_ITEM_DEPTH = 40  # nesting of one entry; the deepest rule nests ~15
_EVENT_FIELD = re.compile(r"^history\[(\d+)\](\..+)$")
_KINDS = ("rules", "citations", "parameters", "conclusions", "questions")
_OWN_LOADERS = ("clauses",)  # rules/clauses/ holds seller-policy patterns, read by garantie.policy


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


def default_rules_dir() -> Path:
    """Where the bundled rules are: inside the installed package, else the checkout's ``rules/``."""
    packaged = Path(__file__).resolve().parent / "rules"  # importlib.resources' answer for an installed package
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if checkout.is_dir():
        return checkout
    raise RuleSetError("the rule set was not found: neither garantie/rules in the installed package nor "
                       f"{checkout} in a checkout")


class RuleSet:
    """All rules, citations, parameters, conclusions and questions, cross-checked."""

    def __init__(self, directory: Path, extra: Sequence[Path] = (), *,
                 documents: list[tuple[str, Any]] | None = None, derived: dict[str, Any] | None = None) -> None:
        """Read and check the rule set under ``directory`` and its overlays ``extra``; ``documents`` are the
        files of ``directory`` already parsed (name, data) — the on-disk cache gives them — and are checked
        exactly as if read, unless ``derived`` is given too: what :attr:`derived` said of these very documents
        when they were last fully checked (the on-disk cache keeps both under a key that covers the rule files
        and the package's sources, so the checks would find what they found then). The rule set is then built
        without re-running the cross-checks."""
        self.directory = directory
        self.documents: list[tuple[str, Any]] = []  # each file of ``directory`` as parsed, for the cache
        self.cache_key: str | None = None  # set when the rule set is cached on disk (garantie._rscache)
        self.overlays: tuple[Path, ...] = tuple(extra)
        self.overlay_rules: set[str] = set()  # ids of rules read from an overlay
        self.citations: dict[str, Citation] = {}
        self.parameters: dict[str, ParameterDoc] = {}
        self.conclusions: dict[str, ConclusionDoc] = {}
        self.questions: dict[str, QuestionDoc] = {}
        self._sources: dict[tuple[str, str], str] = {}  # (kind, id) -> file, for errors found after reading
        self._rule_docs: list[tuple[str, str, RuleDoc]] = []
        self._overlay_files: set[str] = set()
        trusted = derived is not None and documents is not None and not self.overlays
        self._read(directory, documents)
        for overlay in self.overlays:  # a company's files, layered on the bundled ones (same strictness)
            self._read(overlay, overlay=overlay)
        self.rules: dict[str, Rule] = {}
        if trusted and derived is not None:
            self.digest: str = derived["digest"]
            known = derived["rules"]
            for order, (source, rule_id, doc) in enumerate(self._rule_docs):
                self.rules[rule_id] = self._rebuild_rule(source, rule_id, order, doc, known[rule_id])
            self.order: tuple[str, ...] = tuple(derived["order"])
            self._apply_depends_on(derived["depends_on"], derived["depends_on_merged"])
        else:
            self._check_param_citations()
            # Provenance, once per load: which exact rule files produced a verdict, and when the law was last checked.
            self.digest = rules_digest(directory)
            for order, (source, rule_id, doc) in enumerate(self._rule_docs):
                self.rules[rule_id] = self._build_rule(source, rule_id, order, doc)
            self._check_exceptions()
            self._check_questions()
            self.order = self._stratify()
        grouped: dict[str, list[Rule]] = {key: [] for key in self.order}
        for rule in self.rules.values():  # one pass, in file order (L6)
            grouped[rule.conclusion].append(rule)
        self.by_conclusion: dict[str, tuple[Rule, ...]] = {key: tuple(rules) for key, rules in grouped.items()}
        self._param_periods = {
            name: [(v.start or dt.date.min, v.end or dt.date.max, v) for v in doc.values]
            for name, doc in self.parameters.items()}
        self._boundaries = sorted({d for r in self.rules.values() if r.dated_by is None for p in r.periods
                                   for d in (p.start, p.end + dt.timedelta(days=1) if p.end else None) if d})
        self._segments: dict[int, Segment] = {}
        # Generated engine code by source hash (garantie._codegen), filled from the on-disk cache when there is one.
        self.code_cache: dict[str, Any] = {}
        self.parameter_memo: dict[tuple[str, dt.date], ParameterValueDoc | None] = {}  # (name, day) -> value
        below: dict[str, list[str]] = {rid: [] for rid in self.rules}  # one pass: linear in the rules (L6)
        for other in self.rules.values():
            for target in dict.fromkeys(other.exception_to):
                below[target].append(other.id)
        self.exceptions: dict[str, tuple[str, ...]] = {rid: tuple(ids) for rid, ids in below.items()}
        self.verified_on: dt.date | None = max((rule.verified_on for rule in self.rules.values()), default=None)

    @property
    def derived(self) -> dict[str, Any]:
        """What the checks derived from the files, as plain data (the on-disk cache keeps it beside them)."""
        return {"digest": self.digest, "order": list(self.order), "depends_on": self.derived_depends_on,
                "depends_on_merged": self._merged_depends_on,
                "rules": {rid: (sorted(r.depends_on), sorted(r.params), sorted(r.placeholders))
                          for rid, r in self.rules.items()}}

    # ------------------------------------------------------------------ lookups

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def rules_for(self, contract_date: dt.date) -> dict[str, tuple[Rule, ...]]:
        """The rules of each conclusion that apply to a contract of that date."""
        return self.segment(contract_date).rules

    def segment(self, contract_date: dt.date) -> Segment:
        """The rules in force for a contract of that date, with their roots and active exceptions.

        The answer only changes at period boundaries, so it is computed once per stretch between
        two boundaries and shared (read-only) by every evaluation.
        """
        index = bisect.bisect_right(self._boundaries, contract_date)
        found = self._segments.get(index)
        if found is None:
            rules = {key: tuple(r for r in rules if r.applies_to(contract_date))
                     for key, rules in self.by_conclusion.items()}
            active = {r.id for group in rules.values() for r in group}
            found = Segment(
                rules=rules,
                roots={key: tuple(r for r in group if not any(t in active for t in r.exception_to))
                       for key, group in rules.items()},
                below={rid: tuple(self.rules[e] for e in self.exceptions[rid] if e in active) for rid in active})
            self._segments[index] = found  # a benign race: every thread computes the same value
        return found

    def segment_index(self, contract_date: dt.date) -> int:
        """Which stretch between two period boundaries a contract date falls in (same index, same segment)."""
        return bisect.bisect_right(self._boundaries, contract_date)

    def parameter_value(self, name: str, day: dt.date) -> ParameterValueDoc | None:
        for start, end, value in self._param_periods[name]:
            if start <= day <= end:
                return value
        return None

    def citations_for(self, rule: Rule, contract_date: dt.date) -> list[Citation]:
        """The rule's citations whose version governs a contract of that date."""
        return [self.citations[c] for c in rule.citations
                if self.citations[c].governs_contracts.contains(contract_date)]

    # ------------------------------------------------------------------ type environment

    def fact_type(self, path: str) -> ValueType | None:
        return FACT_TYPES.get(path)

    def param_type(self, name: str) -> ValueType | None:
        doc = self.parameters.get(name)
        if doc is None:
            return None
        return BOOL if doc.unit == "bool" else NUMBER

    def conclusion_type(self, key: str) -> ValueType | None:
        doc = self.conclusions.get(key)
        if doc is None:
            return None
        if doc.type == "enum":
            return ValueType("enum", frozenset(doc.values or ()))
        return {"date": DATE, "number": NUMBER, "bool": BOOL}[doc.type]

    # ------------------------------------------------------------------ reading

    def _read(self, directory: Path, documents: list[tuple[str, Any]] | None = None,
              overlay: Path | None = None) -> None:
        checked = documents is not None  # cached documents passed the shape checks when first read
        if documents is None:
            from garantie._yaml import load_yaml  # PyYAML only when rule files are parsed, not on a cache hit

            if overlay is not None and not directory.is_dir():
                raise RuleSetError(f"overlay {directory}: not a directory of rule files")
            files = [p for p in rule_files(directory) if p.relative_to(directory).parts[0] not in _OWN_LOADERS]
            if not files:
                raise RuleSetError(f"no .yaml file under {directory}")
            documents = []
            for path in files:
                name = str(path.relative_to(directory))
                if overlay is not None:  # errors name the overlay, so a company sees its own file
                    name = f"{overlay.name}/{name} (overlay {overlay})"
                    self._overlay_files.add(name)
                documents.append((name, load_yaml(path, name=name)))
        if overlay is None:
            self.documents = documents
        for name, data in documents:
            if not isinstance(data, dict) or len(data) != 1 or next(iter(data)) not in _KINDS:
                raise RuleSetError(f"a rule-set file holds exactly one top-level key among {', '.join(_KINDS)}",
                                   file=name, key=",".join(map(str, data)) if isinstance(data, dict) else None)
            (kind, body), = data.items()
            if not isinstance(body, dict):
                raise RuleSetError(f"'{kind}' must map ids to entries", file=name, key=kind)
            for item_id, raw in body.items():
                self._read_item(name, kind, str(item_id), raw, checked)

    def _read_item(self, name: str, kind: str, item_id: str, raw: Any, checked: bool = False) -> None:
        # Before any recursive reading: a rule's YAML aliases may expand a 1 KB file to gigabytes (L1),
        # and a condition 990 levels deep would overflow the stack (L3).
        shape = None if checked else shape_issue(raw, max_values=_MAX_ITEM_VALUES, max_depth=_MAX_ITEM_DEPTH,
                                                 what="an entry")
        if shape is not None:
            key = ".".join(str(part) for part in shape.path)
            raise RuleSetError(shape.message, file=name, item=item_id,
                               key=(key if len(key) <= 60 else key[:57] + "...") or None)
        if kind == "questions":
            if isinstance(raw, dict) and "proof_by" not in raw:
                raise RuleSetError("a question says who bears the proof of its fact: proof_by: consumer | seller | "
                                   "none (seller: add absent_proof, assumption and proof_confidence)",
                                   file=name, item=item_id, key="proof_by")
            self._add(self.questions, name, item_id, _validate(QuestionDoc, raw, name, item_id))
            self._sources["questions", item_id] = name
            return
        if not valid_id(item_id, article=kind == "citations"):
            raise RuleSetError("ids are lowercase dotted names such as glc.scope.private_seller "
                               "(citations: code.article.version, e.g. cconso.L217-7.2022)",
                               file=name, item=item_id)
        if kind == "citations":
            doc = _validate(CitationDoc, raw, name, item_id)
            self._add(self.citations, name, item_id, build_citation(doc, name, item_id))
        elif kind == "parameters":
            self._add(self.parameters, name, item_id, _validate(ParameterDoc, raw, name, item_id))
            self._sources["parameters", item_id] = name
        elif kind == "conclusions":
            self._add(self.conclusions, name, item_id, _validate(ConclusionDoc, raw, name, item_id))
        else:
            if ("rules", item_id) in self._sources:
                raise RuleSetError(f"duplicate rule id (ids are unique across all files; first in "
                                   f"{self._sources['rules', item_id]})", file=name, item=item_id)
            self._sources["rules", item_id] = name
            if name in self._overlay_files:
                self.overlay_rules.add(item_id)
            self._rule_docs.append((name, item_id, _validate(RuleDoc, raw, name, item_id)))

    @staticmethod
    def _add(table: dict[str, Any], name: str, item_id: str, value: Any) -> None:
        if item_id in table:
            raise RuleSetError("duplicate id (ids are unique across all files)", file=name, item=item_id)
        table[item_id] = value

    # ------------------------------------------------------------------ checking

    def _build_rule(self, source: str, rule_id: str, order: int, doc: RuleDoc) -> Rule:
        def fail(message: str, key: str) -> RuleSetError:
            return RuleSetError(message, file=source, item=rule_id, key=key)

        for citation in doc.citations:
            if citation not in self.citations:
                raise fail(f"unknown citation '{citation}'; declare it under rules/citations", "citations")
        (conclusion, raw_value), = doc.conclude.items()
        wanted = self.conclusion_type(conclusion)
        if wanted is None:
            raise fail(f"unknown conclusion '{conclusion}'; declared ones: {', '.join(sorted(self.conclusions))}",
                       "conclude")
        try:
            condition_node = _expr.parse_condition(doc.when) if doc.when is not None else None
            if condition_node is not None:
                _expr.check_condition(condition_node, self)
            value_node = _expr.parse_value(raw_value, f"conclude.{conclusion}")
            self._check_value(value_node, wanted, conclusion)
            dated_by = _dated.dated_fact(doc.dated_by, self) if doc.dated_by is not None else None
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
                if dated_by is not None and self.parameters[ref.name].selector == "contract_date":
                    raise fail(f"parameter '{ref.name}' is selected by the purchase's contract date, but this rule "
                               f"is dated by {dated_by}: use a parameter selected by an event date, with 'at'",
                               "dated_by")
                self._check_param_use(ref, doc.periods, fail)
        names = {r.path for r in refs if isinstance(r, _expr.Fact)} | {
            r.key for r in refs if isinstance(r, _expr.Conclusion)}
        placeholders = self._check_placeholders(doc, names, params, fail)
        self._check_coverage(doc, fail)
        return Rule(
            id=rule_id, source=source, order=order, title=doc.title, citations=tuple(doc.citations),
            periods=tuple(doc.periods), conclusion=conclusion, exception_to=tuple(doc.exception_to),
            explain=doc.explain, caveat=doc.caveat, confidence=doc.confidence, verified_on=doc.verified_on,
            depends_on=frozenset(r.key for r in refs if isinstance(r, _expr.Conclusion)), params=params,
            placeholders=placeholders,
            condition=_Lazy(condition_node, "condition") if condition_node is not None else None,
            value=_Lazy(value_node, "value"),
            value_node=value_node, condition_node=condition_node, dated_by=dated_by)

    def _rebuild_rule(self, source: str, rule_id: str, order: int, doc: RuleDoc,
                      known: tuple[list[str], list[str], list[str]]) -> Rule:
        """A rule :meth:`_build_rule` accepted before, from the same document: parsed, not checked again."""
        (conclusion, raw_value), = doc.conclude.items()
        condition_node = _expr.parse_condition(doc.when) if doc.when is not None else None
        value_node = _expr.parse_value(raw_value, f"conclude.{conclusion}")
        dated_by = _dated.dated_fact(doc.dated_by, self) if doc.dated_by is not None else None
        if dated_by is not None:  # as _build_rule does
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

    def _check_value(self, node: _expr.Node, wanted: ValueType, conclusion: str) -> None:
        key = f"conclude.{conclusion}"
        if wanted.kind == "enum" and isinstance(node, _expr.Literal):
            if node.value not in wanted.values:
                raise ExprError(f"'{node.value}' is not a value of {conclusion}; accepted: "
                                f"{', '.join(sorted(wanted.values))}", key)
            return
        found = _expr.type_of(node, self, key)
        if found.kind != wanted.kind:
            raise ExprError(f"{conclusion} is a {wanted.describe()}, but this value is a {found.describe()}", key)

    def _check_param_use(self, ref: _expr.Param, periods: Iterable[PeriodDoc], fail: Any) -> None:
        doc = self.parameters[ref.name]
        if doc.selector == "event_date" and ref.at is None:
            raise fail(f"parameter '{ref.name}' is selected by an event date: say which with 'at'", "conclude")
        if doc.selector == "contract_date":
            if ref.at is not None:
                raise fail(f"parameter '{ref.name}' is selected by the contract date; drop 'at'", "conclude")
            for period in periods:
                if not _covered(period, [v.period() for v in doc.values]):
                    raise fail(f"parameter '{ref.name}' has no value for every contract date of the period "
                               f"{_show(period)}", "periods")

    def _check_param_citations(self) -> None:
        for name, doc in self.parameters.items():
            for value in doc.values:
                for citation in value.citations:
                    if citation not in self.citations:
                        raise RuleSetError(f"unknown citation '{citation}'", file=self._sources["parameters", name],
                                           item=name, key="values.citations")

    def _check_coverage(self, doc: RuleDoc, fail: Any) -> None:
        intervals = [self.citations[c].governs_contracts for c in doc.citations]
        for period in doc.periods:
            if not _covered(period, intervals):
                raise fail(f"for some contracts of the period {_show(period)} none of the cited article versions "
                           "governs; cite the version in force for every contract date", "citations")

    def _check_placeholders(self, doc: RuleDoc, names: set[str], params: frozenset[str],
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
                    elif (FACT_TYPES.get(name) or self.conclusion_type(name) or DATE).kind == "enum":
                        labels = self.conclusions.get(name)
                        if labels is None or labels.value_labels is None:
                            raise fail(f"placeholder {{{name}}} is an enum without value_labels to show it",
                                       f"explain.{lang}")
                    found.add(name)
        return frozenset(found)

    def _check_exceptions(self) -> None:
        for rule in self.rules.values():
            for target in rule.exception_to:
                other = self.rules.get(target)
                if other is None:
                    raise RuleSetError(f"exception_to names unknown rule '{target}'", file=rule.source,
                                       item=rule.id, key="exception_to")
                if rule.id in self.overlay_rules and target not in self.overlay_rules:
                    # A company's terms add to the law; they never set a legal rule aside.
                    raise RuleSetError(f"an overlay rule cannot be an exception to the bundled rule '{target}': "
                                       "an overlay adds rules, exceptions to its own rules and parameters, but "
                                       "never overrides the law", file=rule.source, item=rule.id, key="exception_to")
                if other.conclusion != rule.conclusion or target == rule.id:
                    raise RuleSetError(f"an exception must conclude the same thing as the rule it overrides "
                                       f"('{target}' concludes {other.conclusion})", file=rule.source,
                                       item=rule.id, key="exception_to")

    def _check_questions(self) -> None:
        for key in self.questions:
            if key not in FACT_TYPES and key not in DERIVED_UNKNOWN_PATHS:
                raise RuleSetError("question for a path that is not an input fact (docs/facts.md lists them)",
                                   file=self._sources["questions", key], item=key, key="questions")
            self._check_absent_proof(key, self.questions[key], self._sources["questions", key])
            check_question(key, self.questions[key], self._sources["questions", key], self.questions)
        self._merge_depends_on()
        read = {path for rule in self.rules.values() for path in _fact_paths(rule)}
        needed = {p for p in read if p in FACT_TYPES and not p.startswith("history.")} - ALWAYS_KNOWN
        needed |= set(DERIVED_UNKNOWN_PATHS)
        missing = sorted(needed - set(self.questions))
        if missing:
            readers = sorted({r.id for r in self.rules.values() if set(_fact_paths(r)) & set(missing)})
            first = self.rules[readers[0]] if readers else None
            raise RuleSetError(f"facts rules read but no question asks for: {', '.join(missing)} (read by "
                               f"{', '.join(readers) or 'derived facts'}); add them to a questions file",
                               file=first.source if first else None, item=first.id if first else None,
                               key="when" if first else "questions")

    def _merge_depends_on(self) -> None:
        """Each question's depends_on: derived from the rules' conditions (garantie._depends), the questions
        files' declarations adding to it or overriding it fact by fact; the whole graph is acyclic."""
        derived = _depends.derive(self.rules.values(), self.questions)
        merged, _ = _depends.merge(derived, self.questions)
        found = _depends.cycle(merged)
        if found:
            raise RuleSetError(f"questions wait for each other in a cycle: {' -> '.join(found)}",
                               file=self._sources["questions", found[0]], item=found[0], key="depends_on")
        self._apply_depends_on(derived, merged)

    def _apply_depends_on(self, derived: _depends.Graph, merged: _depends.Graph) -> None:
        """Set the derived graph and each question's merged depends_on (after the checks, or from the cache,
        which keeps both beside the files: a cache hit must ask questions in the same order as a full load)."""
        self.derived_depends_on = {key: {dep: tuple(values) for dep, values in deps.items()}
                                   for key, deps in derived.items()}
        self._merged_depends_on = merged
        for key, deps in merged.items():
            self.questions[key] = self.questions[key].model_copy(
                update={"depends_on": {dep: tuple(values) for dep, values in deps.items()}})

    @staticmethod
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

    def _stratify(self) -> tuple[str, ...]:
        """Order conclusions so that each comes after every conclusion its rules read.

        A conclusion never depends on itself, directly or not: that also rules out a
        rule negating a conclusion of its own stratum.
        """
        deps: dict[str, set[str]] = {key: set() for key in self.conclusions}
        for rule in self.rules.values():
            deps[rule.conclusion] |= rule.depends_on
        order: list[str] = []
        state: dict[str, int] = {}

        def visit(key: str, chain: list[str]) -> None:
            if state.get(key) == 2:
                return
            if state.get(key) == 1:
                cycle = [*chain[chain.index(key):], key]
                culprits = sorted((r for r in self.rules.values()
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

        for key in self.conclusions:  # declaration order keeps the result stable
            visit(key, [])
        return tuple(order)


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


def _fact_paths(rule: Rule) -> Iterable[str]:
    nodes = [rule.value_node] + ([rule.condition_node] if rule.condition_node is not None else [])
    for node in nodes:
        for ref in _expr.references(node):
            if isinstance(ref, _expr.Fact):
                yield ref.path


def _validate(model: type[BaseModel], raw: Any, name: str, item_id: str) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or None
        message = first["msg"]
        if first["type"] == "extra_forbidden":
            accepted = sorted(f.alias or n for n, f in _model_at(model, first["loc"][:-1]).model_fields.items())
            message += f"; accepted keys: {', '.join(accepted)}"
        more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        raise RuleSetError(message + more, file=name, item=item_id, key=key) from exc


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The (nested) model a validation location points into, to list its accepted keys."""
    current = model
    for part in loc:
        field = current.model_fields.get(str(part)) if isinstance(part, str) else None
        if field is None:
            continue
        candidates = [field.annotation, *typing.get_args(field.annotation)]
        nested = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        if nested:
            current = nested[0]
    return current


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


def rule_files(directory: Path) -> list[Path]:
    """The rule-set files under ``directory``, sorted; hidden files and editor lock or backup files
    (``.#scope.yaml``, ``#scope.yaml``, anything under a hidden directory) are not rule files."""
    found = []
    # os.walk rather than Path.rglob: the same files, in a fraction of the time (this runs at every start).
    for folder, subfolders, names in os.walk(directory):
        subfolders[:] = [d for d in subfolders if not d.startswith((".", "#"))]
        for name in names:
            if name.endswith((".yaml", ".yml")) and not name.startswith((".", "#")):
                path = Path(folder, name)
                if path.is_file():
                    found.append(path)
    return sorted(found)


def _fingerprint(directory: Path, files: list[Path] | None = None) -> tuple[tuple[str, int, int], ...]:
    """What a change to the rule set changes: each file's name, modification time and size."""
    out = []
    for path in rule_files(directory) if files is None else files:
        try:
            stat = path.stat()
        except OSError:
            continue  # deleted meanwhile: the fingerprint differs anyway
        out.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


_lock = threading.Lock()
_cache: dict[tuple[Path, tuple[Path, ...]], tuple[tuple[tuple[tuple[str, int, int], ...], ...], RuleSet]] = {}
_bundled: list[RuleSet] = []


def load_rules(directory: str | Path | None = None, *, reload: bool = False,
               extra: Sequence[str | Path] = ()) -> RuleSet:
    """Load (thread-safely) and return the rule set; by default the bundled one.

    ``extra`` names overlay directories (a company's own rules, parameters, citations of
    ``kind: contract_terms``, conclusions and questions) layered on the rule set with the same
    strictness: unknown references fail, an id already used is an error (an overlay never replaces
    a rule), an overlay rule may be an exception only to another overlay rule, and contradictions
    between rules raise :class:`~garantie.errors.RuleConflictError` as usual.

    The bundled rule set is read once per process. A directory you name is re-read when one of
    its files was added, removed, modified (time or size) or when ``reload=True``; otherwise the
    loaded rule set is reused. A directory that became unreadable or broken raises
    :class:`~garantie.errors.RuleSetError` rather than serving stale rules.
    """
    if directory is None and not reload and not extra and _bundled:
        return _bundled[0]  # the common path: no file-system look-up per call
    path = Path(directory).resolve() if directory is not None else default_rules_dir()
    overlays = tuple(Path(d).resolve() for d in extra)
    key = (path, overlays)
    with _lock:
        listed = {p: rule_files(p) for p in (path, *overlays) if p.is_dir()}  # listed once, used twice
        stamp = tuple(_fingerprint(p, listed[p]) if p in listed else () for p in (path, *overlays))
        cached = _cache.get(key)
        if cached is not None and cached[0] == stamp and not reload:
            found = cached[1]
        else:
            _cache.pop(key, None)
            cacheable = path == default_rules_dir() and not overlays and not reload
            with gc_paused():  # thousands of objects, all kept with the rule set
                found = _cached_build(path, listed.get(path)) if cacheable else RuleSet(path, overlays)
            _cache[key] = (stamp, found)
        if not overlays and (directory is None or path == default_rules_dir()):
            _bundled[:] = [found]  # even when first loaded by its explicit path
        return found


def _cached_build(path: Path, files: list[Path] | None = None) -> RuleSet:
    """The bundled rule set, from the on-disk cache when its key matches (see ``garantie._rscache``);
    ``files`` are its rule files when already listed."""
    from garantie import _rscache

    try:
        key = _rscache.cache_key(path, rule_files(path) if files is None else files)
    except OSError:
        return RuleSet(path)
    hit = _rscache.load_all(key)
    if hit is not None:
        try:
            found = RuleSet(path, documents=hit[0], derived=hit[1])
            found.cache_key = key
            return found
        except (GarantieError, LookupError, TypeError, ValueError, ExprError):
            pass  # a cache that no longer fits: rebuild from the files
    found = RuleSet(path)
    found.cache_key = key
    _rscache.store(key, found.documents, found.derived)
    return found


def rules_digest(directory: Path) -> str:
    """SHA-256 over the rule files (``*.yaml``/``*.yml``, clause patterns included; see :func:`rule_files`):
    each file's path relative to ``directory`` (with ``/``) and its bytes, in the order of those paths. It does
    not depend on where the directory is, on the file system's listing order or on CRLF line ends (a Windows
    checkout hashes like a Unix one).

    >>> len(rules_digest(default_rules_dir()))
    71
    """
    files = sorted((p.relative_to(directory).as_posix(), p) for p in rule_files(directory))
    digest = hashlib.sha256()
    for name, path in files:
        data = path.read_bytes().replace(b"\r\n", b"\n")
        for part in (name.encode("utf-8"), data):
            digest.update(len(part).to_bytes(8, "big"))  # length-prefixed: no two file sets hash alike
            digest.update(part)
    return "sha256:" + digest.hexdigest()


def questions_for(ruleset: RuleSet, path: str, event_types: Sequence[str] = ()) -> QuestionDoc | None:
    """The question that asks for ``path``. For an event field (``history[3].reason``) the question of
    that event type (``history[refund_paid].reason``) comes first, then the generic one (``history[].reason``)."""
    match = _EVENT_FIELD.match(path)
    if match and int(match.group(1)) < len(event_types):
        typed = ruleset.questions.get(f"history[{event_types[int(match.group(1))]}]{match.group(2)}")
        if typed is not None:
            return typed
    return ruleset.questions.get(question_key(path))
