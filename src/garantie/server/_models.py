"""The API's own response models (the case and the verdict are ``garantie.Case`` and ``garantie.Verdict``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from garantie.ruleset import Rule, RuleSet
from garantie.verdict import CitationRef

__all__ = ["CatalogueCitation", "Health", "Period", "Problem", "RuleDetail", "RuleSummary", "Texts", "catalogue"]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Texts(_Out):
    fr: str
    en: str


class Period(_Out):
    """Inclusive contract dates; a missing bound is open."""

    start: dt.date | None
    end: dt.date | None


class CatalogueCitation(CitationRef):
    """A cited article version, and the contracts it governs."""

    governs_contracts: Period


class RuleSummary(_Out):
    id: str
    title: Texts
    conclusion: str
    citations: tuple[CatalogueCitation, ...]
    periods: tuple[Period, ...] = Field(description="The contract dates the rule applies to.")
    confidence: Literal["high", "medium", "unverified"]
    verified_on: dt.date


class RuleDetail(RuleSummary):
    explain: Texts
    caveat: Texts | None
    exception_to: tuple[str, ...] = Field(description="The rules this one overrides when it fires.")
    exceptions: tuple[str, ...] = Field(description="The rules that override this one when they fire.")
    source: str = Field(description="Its file under rules/.")


class Health(_Out):
    status: Literal["ok"] = "ok"


class Problem(BaseModel):
    """An RFC 9457 problem document (``application/problem+json``)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="urn:garantie:problem:<kind>, e.g. invalid-case, rule-conflict, internal-error.")
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = Field(
        default=None,
        description="invalid-case: every problem, with its field path ('path', 'loc') and what is accepted.")
    problem_id: str | None = Field(default=None, description="rule-conflict, internal-error: quote it to the operator.")


def _citation(rules: RuleSet, citation_id: str) -> CatalogueCitation:
    c = rules.citations[citation_id]
    return CatalogueCitation(id=c.id, kind=c.kind, code=c.code, article=c.article, version=c.version,
                             legifrance_id=c.legifrance_id, url=c.url, in_force_from=c.in_force.start,
                             in_force_to=c.in_force.end, label=c.label,
                             governs_contracts=Period(start=c.governs_contracts.start, end=c.governs_contracts.end))


def _detail(rules: RuleSet, rule: Rule) -> RuleDetail:
    return RuleDetail(
        id=rule.id, title=Texts(fr=rule.title.fr, en=rule.title.en), conclusion=rule.conclusion,
        citations=tuple(_citation(rules, c) for c in rule.citations),
        periods=tuple(Period(start=p.start, end=p.end) for p in rule.periods),
        confidence=rule.confidence,
        verified_on=rule.verified_on, explain=Texts(fr=rule.explain.fr, en=rule.explain.en),
        caveat=Texts(fr=rule.caveat.fr, en=rule.caveat.en) if rule.caveat else None,
        exception_to=rule.exception_to, exceptions=rules.exceptions.get(rule.id, ()), source=rule.source)


def catalogue(rules: RuleSet) -> dict[str, RuleDetail]:
    """Every rule, by id, in the order the rule files declare them."""
    return {rule.id: _detail(rules, rule) for rule in sorted(rules.rules.values(), key=lambda r: r.order)}
