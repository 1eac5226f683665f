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

The work is done in private modules: ``_ruleread`` reads the files, ``_rulebuild`` builds and checks
each rule, ``_rulecheck`` checks the set as a whole; this module assembles them and answers look-ups.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from garantie import _depends, _rulecheck
from garantie._citations import Citation
from garantie._expr import BOOL, DATE, NUMBER, ExprError, ValueType
from garantie._facts import FACT_TYPES, question_key
from garantie._rulebuild import Rule, Segment, build_rule, rebuild_rule
from garantie._rulebuild import _covered as _covered  # re-exported: garantie.policy checks clause periods with it
from garantie._ruleread import _validate as _validate  # re-exported: garantie.policy reads its clauses with it
from garantie._ruleread import read, rule_files
from garantie._schema import ConclusionDoc, ParameterDoc, ParameterValueDoc, QuestionDoc, RuleDoc
from garantie._startup import gc_paused
from garantie.errors import GarantieError, RuleSetError

__all__ = ["Citation", "Rule", "RuleSet", "Segment", "default_rules_dir", "load_rules", "rule_files",
           "rules_digest"]

_EVENT_FIELD = re.compile(r"^history\[(\d+)\](\..+)$")


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
        read(self, directory, documents)
        for overlay in self.overlays:  # a company's files, layered on the bundled ones (same strictness)
            read(self, overlay, overlay=overlay)
        self.rules: dict[str, Rule] = {}
        if trusted and derived is not None:
            self.digest: str = derived["digest"]
            known = derived["rules"]
            for order, (source, rule_id, doc) in enumerate(self._rule_docs):
                self.rules[rule_id] = rebuild_rule(self, source, rule_id, order, doc, known[rule_id])
            self.order: tuple[str, ...] = tuple(derived["order"])
            self._apply_depends_on(derived["depends_on"], derived["depends_on_merged"])
        else:
            _rulecheck.check_param_citations(self)
            # Provenance, once per load: which exact rule files produced a verdict, and when the law was last checked.
            self.digest = rules_digest(directory)
            for order, (source, rule_id, doc) in enumerate(self._rule_docs):
                self.rules[rule_id] = build_rule(self, source, rule_id, order, doc)
            _rulecheck.check_exceptions(self)
            _rulecheck.check_questions(self)
            self.order = _rulecheck.stratify(self)
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

    # ------------------------------------------------------------------ derived on load or from the cache

    def _apply_depends_on(self, derived: _depends.Graph, merged: _depends.Graph) -> None:
        """Set the derived graph and each question's merged depends_on (after the checks, or from the cache,
        which keeps both beside the files: a cache hit must ask questions in the same order as a full load)."""
        self.derived_depends_on = {key: {dep: tuple(values) for dep, values in deps.items()}
                                   for key, deps in derived.items()}
        self._merged_depends_on = merged
        for key, deps in merged.items():
            self.questions[key] = self.questions[key].model_copy(
                update={"depends_on": {dep: tuple(values) for dep, values in deps.items()}})


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
