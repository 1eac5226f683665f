"""``check_policy``: read a policy text, flag the clauses the law overrides and the mentions it lacks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from garantie._schema import Texts
from garantie.errors import GarantieError
from garantie.policy._loader import ClauseSet, Pattern, load_clauses
from garantie.policy._text import sentences
from garantie.policy.report import Clause, Finding, LocalText, MentionCheck, PolicyReport
from garantie.ruleset import Citation
from garantie.verdict import CitationRef, Language

__all__ = ["MAX_CHARACTERS", "PolicyInputError", "check_policy", "run_check"]

# An after-sales policy or a full set of T&Cs runs to tens of thousands of characters; a million is far beyond
# any, and keeps a check under a few seconds (bench/bench_policy.py measures it).
MAX_CHARACTERS = 1_000_000


class PolicyInputError(GarantieError, ValueError):
    """The policy text cannot be read: empty, binary, too long, or not text."""


def check_policy(text: str, *, contract_date: dt.date | str, lang: Language = "fr",
                 rules: str | Path | None = None) -> PolicyReport:
    """Flag every clause of ``text`` the law overrides, for a contract concluded on ``contract_date``.

    >>> report = check_policy("Le vendeur choisit librement entre la réparation et le remplacement du produit.",
    ...                       contract_date="2024-03-10")
    >>> [(f.rule_id, f.category) for f in report.findings if f.clause]
    [('policy.remedy.seller_chooses', 'unlawful')]
    >>> [c.label for c in report.findings[0].citations]
    ['C. conso., art. L217-9', 'C. conso., art. L217-12']
    """
    return run_check(text, _date(contract_date), lang, load_clauses(rules))


def run_check(text: str, day: dt.date, lang: Language, clauses: ClauseSet) -> PolicyReport:
    """``check_policy`` with the date parsed and the clause set loaded."""
    _check_text(text)
    found = sentences(text)
    if not found:
        raise PolicyInputError("the policy text has no words to read")
    hits = [clauses.language.hits(s.tokens) for s in found]
    where: dict[int, list[int]] = {}  # term -> sentences holding it, so a pattern only tests its candidates
    for index, sentence_hits in enumerate(hits):
        for term in sentence_hits.at:
            where.setdefault(term, []).append(index)
    findings: list[tuple[int, str, Finding]] = []
    for pattern in clauses.patterns.values():
        if not pattern.applies_to(day):
            continue
        if pattern.document_lacks is not None and any(term in where for term in pattern.document_lacks):
            continue
        for index in _candidates(pattern.condition.needs(), where, len(found)):
            if pattern.condition.test(hits[index]):
                sentence = found[index]
                clause = Clause(text=text[sentence.start:sentence.end], start=sentence.start, end=sentence.end)
                findings.append((sentence.start, pattern.id, _finding(clauses, pattern, clause, day)))
    findings.sort(key=lambda item: (item[0], item[1]))
    mentions: list[MentionCheck] = []
    missing: list[Finding] = []
    for mention in clauses.mentions.values():
        if not mention.applies_to(day):
            continue
        spans = [next((found[i] for i in _candidates(element.needs(), where, len(found)) if element.test(hits[i])),
                      None) for element in mention.elements]
        first = spans[0]
        ok = first is not None and all(spans)
        citations = _citations(clauses, mention.doc.citations, day)
        mentions.append(MentionCheck(
            rule_id=mention.id, title=_local(mention.doc.title), found=ok, citations=citations,
            clause=Clause(text=text[first.start:first.end], start=first.start, end=first.end)
            if ok and first is not None else None))
        if not ok:
            doc = mention.doc
            missing.append(Finding(
                rule_id=mention.id, category="missing_information", title=_local(doc.title), clause=None,
                problem=_local(doc.problem), rewording=_local(doc.rewording) if doc.rewording else None,
                citations=citations, confidence=doc.confidence, caveat=_local(doc.caveat) if doc.caveat else None))
    warnings = []
    if missing:
        warnings.append(LocalText(
            fr="Les mentions obligatoires sont cherchées dans le texte fourni : s'il n'est qu'un extrait des "
               "conditions générales, elles peuvent figurer ailleurs.",
            en="Mandatory mentions are looked for in the text given: if it is only an excerpt of the terms, they "
               "may appear elsewhere."))
    if not any(p.applies_to(day) for p in clauses.patterns.values()):
        warnings.append(LocalText(
            fr="Aucun modèle de clause ne couvre un contrat conclu à cette date : rien n'a pu être vérifié.",
            en="No clause pattern covers a contract concluded on that date: nothing could be checked."))
    return PolicyReport(contract_date=day, lang=lang, characters=len(text), sentences=len(found),
                        findings=tuple(f for _, _, f in findings) + tuple(missing), mentions=tuple(mentions),
                        warnings=tuple(warnings))


def _candidates(needs: frozenset[int] | None, where: dict[int, list[int]], count: int) -> Sequence[int]:
    """The sentences that hold one of the terms a condition needs, in order (every sentence if it needs none)."""
    return range(count) if needs is None else sorted({i for term in needs for i in where.get(term, ())})


def _finding(clauses: ClauseSet, pattern: Pattern, clause: Clause, day: dt.date) -> Finding:
    doc = pattern.doc
    return Finding(rule_id=pattern.id, category=doc.category, title=_local(doc.title), clause=clause,
                   problem=_local(doc.problem), rewording=_local(doc.rewording) if doc.rewording else None,
                   citations=_citations(clauses, doc.citations, day), confidence=doc.confidence,
                   caveat=_local(doc.caveat) if doc.caveat else None)


def _citations(clauses: ClauseSet, ids: list[str], day: dt.date) -> tuple[CitationRef, ...]:
    found = [clauses.ruleset.citations[c] for c in ids]
    return tuple(citation_ref(c) for c in found if c.governs_contracts.contains(day))


def citation_ref(c: Citation) -> CitationRef:
    return CitationRef(id=c.id, code=c.code, article=c.article, version=c.version, legifrance_id=c.legifrance_id,
                       url=c.url, in_force_from=c.in_force.start, in_force_to=c.in_force.end, label=c.label)


def _local(texts: Texts) -> LocalText:
    return LocalText(fr=texts.fr, en=texts.en)


def _date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise PolicyInputError(f"contract_date must be a date (YYYY-MM-DD), not {value!r}") from exc


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise PolicyInputError(f"the policy must be text (str), not {type(text).__name__}")
    if len(text) > MAX_CHARACTERS:
        raise PolicyInputError(f"the policy text has {len(text):,} characters; at most {MAX_CHARACTERS:,} are read "
                               "(an after-sales policy is far shorter: pass only the relevant section)")
    if "\x00" in text:
        raise PolicyInputError("the policy text contains NUL characters: it looks like a binary file, not text")
    if not text.strip():
        raise PolicyInputError("the policy text is empty")
