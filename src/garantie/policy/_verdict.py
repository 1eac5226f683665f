"""Within a verdict: the seller's policy clauses that matter for the case, as the ``seller_policy`` topic."""

from __future__ import annotations

from garantie.case import Case
from garantie.errors import InputError, InputIssue
from garantie.policy._check import PolicyInputError, run_check
from garantie.policy._loader import load_clauses
from garantie.ruleset import RuleSet
from garantie.verdict import Reason, Topic, Verdict

__all__ = ["with_policy_topic"]

_OPEN = ("applies", "undetermined")
_REMEDY_OPEN = ("available", "not_yet", "undetermined")


def with_policy_topic(verdict: Verdict, case: Case, ruleset: RuleSet) -> Verdict:
    """The verdict with a ``seller_policy`` topic quoting each flagged clause that bears on this case.

    A clause matters when what it bears on is still open: the legal conformity warranty applies or may apply
    and, for a clause about remedies, one of those remedies is available, not yet open or undetermined.
    """
    text = case.purchase.seller_policy_text
    if not text or not text.strip():
        return verdict
    clauses = load_clauses(ruleset.directory)  # the clause patterns beside the rules that decided the verdict
    try:
        report = run_check(text, case.purchase.contract_date, "fr", clauses)
    except PolicyInputError as error:  # e.g. no words at all: a problem of the case, located by its path
        raise InputError([InputIssue(("purchase", "seller_policy_text"), str(error))]) from error
    remedies = {r.remedy: r.status for r in verdict.remedies}
    reasons: list[Reason] = []
    for finding in report.findings:
        pattern = clauses.patterns.get(finding.rule_id)
        if finding.clause is None or pattern is None or pattern.doc.in_verdict is None:
            continue
        concerns = pattern.doc.concerns
        if verdict.legal_conformity.status not in _OPEN:
            continue
        remedy_concerns = [c for c in concerns if c != "glc"]
        if remedy_concerns and not any(remedies.get(c) in _REMEDY_OPEN for c in remedy_concerns):
            continue
        quote = " ".join(finding.clause.text.split())
        texts = {lang: getattr(pattern.doc.in_verdict, lang).format(
            clause=quote, articles=", ".join(f"art. {c.article}" for c in finding.citations)) for lang in ("fr", "en")}
        reasons.append(Reason(rule_id=finding.rule_id, conclusion="seller_policy.clause", value=finding.category,
                              citations=finding.citations, confidence=finding.confidence, **texts))
    if not reasons:
        return verdict
    topic = Topic(topic="seller_policy", conclusions={"clauses_flagged": len(reasons)}, reasons=tuple(reasons))
    return verdict.model_copy(update={"topics": (*verdict.topics, topic)})
