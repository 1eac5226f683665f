"""The ``PolicyReport`` model: the findings on a seller's policy, and its French or English text."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from garantie._text import format_value
from garantie.verdict import CitationRef, Language

__all__ = ["POLICY_SCHEMA_VERSION", "Category", "Clause", "Finding", "LocalText", "MentionCheck", "PolicyReport"]

POLICY_SCHEMA_VERSION = "1.0"
Category = Literal["unlawful", "unfair", "misleading", "missing_information"]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LocalText(_Out):
    """The same text in French (authoritative) and English."""

    fr: str
    en: str

    def get(self, lang: Language) -> str:
        return self.fr if lang == "fr" else self.en


class Clause(_Out):
    """The quoted sentence: ``text == policy[start:end]``."""

    text: str
    start: int = Field(ge=0, description="Offset of its first character in the policy text.")
    end: int = Field(ge=0, description="Offset just after its last character.")


class Finding(_Out):
    """One clause the law overrides, or one mandatory mention that is missing."""

    rule_id: str
    category: Category = Field(description="unlawful: contradicts a mandatory rule; unfair: black- or grey-listed; "
                               "misleading: wrong or outdated legal information; missing_information: a "
                               "mandatory mention is absent.")
    title: LocalText
    clause: Clause | None = Field(description="The flagged sentence (none for a missing mention).")
    problem: LocalText = Field(description="What is wrong, in one plain sentence.")
    rewording: LocalText | None = Field(description="A lawful wording, where one exists.")
    citations: tuple[CitationRef, ...] = Field(description="The article versions governing this contract.")
    confidence: Literal["high", "medium", "unverified"]
    caveat: LocalText | None = None


class MentionCheck(_Out):
    """Whether a mandatory mention was found, and where."""

    rule_id: str
    title: LocalText
    found: bool
    clause: Clause | None = Field(description="Where it was found.")
    citations: tuple[CitationRef, ...]


class PolicyReport(_Out):
    """What a seller's after-sales policy says that the law overrides, for a contract of a given date."""

    schema_version: str = POLICY_SCHEMA_VERSION
    contract_date: dt.date = Field(description="Selects the law, as for a verdict.")
    lang: Language = Field(description="The language explain() uses by default.")
    characters: int = Field(description="Length of the policy text read.")
    sentences: int = Field(description="How many sentences it was split into.")
    findings: tuple[Finding, ...]
    mentions: tuple[MentionCheck, ...] = Field(description="The mandatory mentions checked, found or not.")
    warnings: tuple[LocalText, ...] = ()

    def explain(self, lang: Language | None = None) -> str:
        """The report as text: each finding with its quote, articles and lawful rewording."""
        lang = lang or self.lang
        fr = lang == "fr"
        words = _WORDS[lang]
        lines = [words["head"].format(date=format_value(self.contract_date, lang))]
        clauses = [f for f in self.findings if f.clause is not None]
        missing = [f for f in self.findings if f.clause is None]
        lines.append(words["count"].format(clauses=len(clauses), missing=len(missing)) if self.findings
                     else words["none"])
        for number, finding in enumerate(self.findings, start=1):
            lines += ["", f"{number}. {words[finding.category]} — {finding.title.get(lang)}"]
            if finding.clause is not None:
                quote = " ".join(finding.clause.text.split())
                lines.append(f"   {words['clause']} ({words['chars']} {finding.clause.start}–{finding.clause.end}) : "
                             f"« {quote} »" if fr else
                             f"   {words['clause']} ({words['chars']} {finding.clause.start}–{finding.clause.end}): "
                             f"\"{quote}\"")
            lines.append(f"   {words['problem']}{finding.problem.get(lang)}")
            articles = _articles(finding.citations, fr)
            lines.append(f"   {words['rule']}{finding.rule_id} — {articles} — "
                         f"{words['confidence']}{words[finding.confidence]}")
            if finding.rewording is not None:
                lines.append(f"   {words['rewording']}{finding.rewording.get(lang)}")
            if finding.caveat is not None:
                lines.append(f"   {words['caveat']}{finding.caveat.get(lang)}")
        if self.mentions:
            lines += ["", words["mentions"]]
            for mention in self.mentions:
                state = words["found"] if mention.found else words["absent"]
                lines.append(f"  - {mention.title.get(lang)}{' :' if fr else ':'} {state}")
        for warning in self.warnings:
            lines += ["", f"{words['warning']}{warning.get(lang)}"]
        return "\n".join(lines)


def _articles(citations: tuple[CitationRef, ...], fr: bool) -> str:
    """``Code de la consommation, art. L217-9, L217-12`` — one entry per code, in citation order."""
    by_code: dict[str, list[str]] = {}
    for citation in citations:
        by_code.setdefault(citation.code, []).append(citation.article)
    return (" ; " if fr else "; ").join(f"{code}, art. {', '.join(articles)}" for code, articles in by_code.items())


_WORDS: dict[str, dict[str, str]] = {
    "fr": {"head": "Contrôle des conditions du vendeur — contrat conclu le {date}",
           "count": "Clauses signalées : {clauses} ; mentions obligatoires absentes : {missing}.",
           "none": "Aucune clause signalée, et toutes les mentions obligatoires vérifiées sont présentes.",
           "unlawful": "Clause illicite", "unfair": "Clause abusive", "misleading": "Information trompeuse",
           "missing_information": "Mention obligatoire absente", "clause": "Clause", "chars": "caractères",
           "problem": "Problème : ", "rule": "Règle : ", "confidence": "fiabilité : ", "high": "élevée",
           "medium": "moyenne", "unverified": "non vérifiée", "rewording": "Formulation licite : ",
           "caveat": "Réserve : ", "mentions": "Mentions obligatoires trouvées dans le texte :", "found": "oui",
           "absent": "non", "warning": "Avertissement : "},
    "en": {"head": "Check of the seller's terms — contract concluded on {date}",
           "count": "Clauses flagged: {clauses}; mandatory mentions missing: {missing}.",
           "none": "No clause flagged, and every mandatory mention checked is present.",
           "unlawful": "Unlawful clause", "unfair": "Unfair term", "misleading": "Misleading information",
           "missing_information": "Mandatory mention missing", "clause": "Clause", "chars": "characters",
           "problem": "Problem: ", "rule": "Rule: ", "confidence": "confidence: ", "high": "high",
           "medium": "medium", "unverified": "unverified", "rewording": "Lawful wording: ", "caveat": "Caveat: ",
           "mentions": "Mandatory mentions found in the text:", "found": "yes", "absent": "no",
           "warning": "Warning: "},
}
