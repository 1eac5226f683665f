"""The strict loader of ``rules/clauses/*.yaml``: clause patterns, mandatory mentions and keyword groups.

Each file has one top-level key: ``groups`` (keyword groups), ``clauses`` (patterns that flag a sentence)
or ``mentions`` (statements a policy must contain). Citations are those of the main rule set
(``rules/citations``), and every contract date of a pattern's periods must be governed by one of them.
Each pattern's examples are run at load: a must-match sentence that does not match, or a must-not-match
sentence that does, is a :class:`~garantie.errors.RuleSetError` naming the file, the id and the key.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from garantie._schema import Confidence, PeriodDoc, Texts, valid_id
from garantie._yaml import load_yaml
from garantie.errors import RuleSetError
from garantie.policy._lang import Condition, Language, PatternError
from garantie.policy._text import sentences
from garantie.ruleset import RuleSet, _covered, _validate, default_rules_dir, load_rules

__all__ = ["ClauseSet", "Mention", "Pattern", "load_clauses"]

Category = Literal["unlawful", "unfair", "misleading"]
Concern = Literal["glc", "repair", "replacement", "price_reduction", "termination"]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _ClauseExamples(_Doc):
    match: list[str] = Field(min_length=3, description="Sentences the pattern must flag.")
    no_match: list[str] = Field(min_length=3, description="Close sentences it must not flag.")


class _MentionExamples(_Doc):
    present: list[str] = Field(min_length=3, description="Texts in which the mention is found.")
    absent: list[str] = Field(min_length=3, description="Close texts in which it is not.")


class _Common(_Doc):
    title: Texts
    citations: list[str] = Field(min_length=1)
    periods: list[PeriodDoc] = Field(min_length=1)
    confidence: Confidence
    verified_on: dt.date
    problem: Texts = Field(description="What is wrong, in one plain sentence.")
    rewording: Texts | None = Field(default=None, description="A lawful wording, where one exists.")
    caveat: Texts | None = None
    note: str | None = None


class ClauseDoc(_Common):
    category: Category
    match: dict[str, Any]
    document_lacks: list[str] | None = Field(
        default=None, description="The pattern only flags when the whole text contains none of these terms.")
    concerns: list[Concern] = Field(default_factory=list,
                                    description="What part of a verdict the clause bears on (verdict topics).")
    in_verdict: Texts | None = Field(default=None, description="The sentence a verdict shows; {clause} and {articles}.")
    examples: _ClauseExamples


class MentionDoc(_Common):
    elements: list[dict[str, Any]] = Field(min_length=1, description="Each must match some sentence.")
    examples: _MentionExamples


@dataclass(frozen=True)
class Pattern:
    """A loaded clause pattern."""

    id: str
    source: str
    doc: ClauseDoc
    condition: Condition
    document_lacks: frozenset[int] | None

    def applies_to(self, contract_date: dt.date) -> bool:
        return any(p.contains(contract_date) for p in self.doc.periods)


@dataclass(frozen=True)
class Mention:
    """A loaded mandatory mention."""

    id: str
    source: str
    doc: MentionDoc
    elements: tuple[Condition, ...]

    def applies_to(self, contract_date: dt.date) -> bool:
        return any(p.contains(contract_date) for p in self.doc.periods)


class ClauseSet:
    """Every clause pattern and mention, compiled against the main rule set's citations."""

    def __init__(self, directory: Path, ruleset: RuleSet) -> None:
        self.directory = directory
        self.ruleset = ruleset
        raw: dict[str, dict[str, tuple[str, Any]]] = {"groups": {}, "clauses": {}, "mentions": {}}
        files = sorted(directory.glob("*.yaml"))
        if not files:
            raise RuleSetError(f"no clause file under {directory}")
        for path in files:
            name = f"clauses/{path.name}"
            data = load_yaml(path)
            if not isinstance(data, dict) or len(data) != 1 or next(iter(data)) not in raw:
                raise RuleSetError("a clause file holds exactly one top-level key among groups, clauses, mentions",
                                   file=name)
            (kind, body), = data.items()
            if not isinstance(body, dict):
                raise RuleSetError(f"'{kind}' must map ids to entries", file=name, key=kind)
            for item_id, entry in body.items():
                if any(str(item_id) in table for table in raw.values()):
                    raise RuleSetError("duplicate id (ids are unique across clause files)", file=name,
                                       item=str(item_id))
                raw[kind][str(item_id)] = (name, entry)
        groups = {gid: entry for gid, (_, entry) in raw["groups"].items()}
        try:
            self.language = Language(groups)
        except PatternError as exc:
            source = raw["groups"].get(exc.key, ("clauses",))[0]
            raise RuleSetError(str(exc), file=source, item=exc.key, key="groups") from exc
        self.patterns: dict[str, Pattern] = {}
        self.mentions: dict[str, Mention] = {}
        for item_id, (source, entry) in raw["clauses"].items():
            self.patterns[item_id] = self._pattern(source, item_id, entry)
        for item_id, (source, entry) in raw["mentions"].items():
            self.mentions[item_id] = self._mention(source, item_id, entry)

    def _check_common(self, source: str, item_id: str, doc: _Common) -> None:
        if not valid_id(item_id) or not item_id.startswith("policy."):
            raise RuleSetError("clause ids are lowercase dotted names starting with policy.", file=source,
                               item=item_id)
        for citation in doc.citations:
            if citation not in self.ruleset.citations:
                raise RuleSetError(f"unknown citation '{citation}'; declare it under rules/citations",
                                   file=source, item=item_id, key="citations")
        governs = [self.ruleset.citations[c].governs_contracts for c in doc.citations]
        for period in doc.periods:
            if not _covered(period, governs):
                raise RuleSetError(f"for some contracts of the period {period.start or '…'} to {period.end or '…'} "
                                   "none of the cited article versions governs", file=source, item=item_id,
                                   key="citations")

    def _pattern(self, source: str, item_id: str, entry: Any) -> Pattern:
        doc: ClauseDoc = _validate(ClauseDoc, entry, source, item_id)
        self._check_common(source, item_id, doc)
        try:
            condition = self.language.compile(doc.match, "match")
            lacks = self.language.terms_of(doc.document_lacks, "document_lacks") if doc.document_lacks else None
        except PatternError as exc:
            raise RuleSetError(str(exc), file=source, item=item_id, key=exc.key) from exc
        pattern = Pattern(item_id, source, doc, condition, lacks)
        for key, texts, wanted in (("match", doc.examples.match, True), ("no_match", doc.examples.no_match, False)):
            for index, text in enumerate(texts):
                if bool(self.flagged(pattern, text)) != wanted:
                    raise RuleSetError(f"example {'not flagged' if wanted else 'flagged'}: {text!r}", file=source,
                                       item=item_id, key=f"examples.{key}[{index}]")
        return pattern

    def _mention(self, source: str, item_id: str, entry: Any) -> Mention:
        doc: MentionDoc = _validate(MentionDoc, entry, source, item_id)
        self._check_common(source, item_id, doc)
        try:
            elements = tuple(self.language.compile(e, f"elements[{i}]") for i, e in enumerate(doc.elements))
        except PatternError as exc:
            raise RuleSetError(str(exc), file=source, item=item_id, key=exc.key) from exc
        mention = Mention(item_id, source, doc, elements)
        for key, texts, wanted in (("present", doc.examples.present, True), ("absent", doc.examples.absent, False)):
            for index, text in enumerate(texts):
                if (self.found(mention, text) is not None) != wanted:
                    raise RuleSetError(f"example {'not found' if wanted else 'found'}: {text!r}", file=source,
                                       item=item_id, key=f"examples.{key}[{index}]")
        return mention

    # ------------------------------------------------------------------ matching plain texts (examples)

    def flagged(self, pattern: Pattern, text: str) -> list[tuple[int, int]]:
        """The spans of the sentences of ``text`` the pattern flags."""
        found = sentences(text)
        if pattern.document_lacks is not None and any(
                i in self.language.hits(s.tokens).at for s in found for i in pattern.document_lacks):
            return []
        return [(s.start, s.end) for s in found if pattern.condition.test(self.language.hits(s.tokens))]

    def found(self, mention: Mention, text: str) -> tuple[int, int] | None:
        """The span of the sentence holding the mention's first element, when every element is present."""
        hits = [(s, self.language.hits(s.tokens)) for s in sentences(text)]
        spans = [next(((s.start, s.end) for s, h in hits if element.test(h)), None) for element in mention.elements]
        return spans[0] if all(spans) else None



_lock = threading.Lock()
_cache: dict[Path, ClauseSet] = {}


def load_clauses(rules_dir: str | Path | None = None) -> ClauseSet:
    """Load (once per directory, thread-safely) ``<rules>/clauses`` against ``<rules>``'s citations."""
    base = Path(rules_dir if rules_dir is not None else default_rules_dir()).resolve()
    with _lock:
        found = _cache.get(base)
        if found is None:
            found = _cache[base] = ClauseSet(base / "clauses", load_rules(base if rules_dir is not None else None))
        return found
