"""Checking one case against the verdict: the differences, in the order a reader needs them."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from typing import Literal

from garantie import errors
from garantie._evaluate import evaluate
from garantie.ruleset import RuleSet, load_rules
from garantie.testing._casefiles import SPECIAL, CaseFile, lookup, plain

__all__ = ["CaseResult", "check_case"]

Outcome = Literal["passed", "failed", "known_bug"]


@dataclass(frozen=True)
class CaseResult:
    """What running one case gave: ``passed``, ``failed`` (with each difference) or ``known_bug`` (failed
    with the exception its marker announces)."""

    case: CaseFile
    outcome: Outcome
    failures: tuple[str, ...] = field(default=())
    explanation: str = ""  # the verdict in English, to read beside a failure

    @property
    def ok(self) -> bool:
        return self.outcome != "failed"


def check_case(case: CaseFile, rules: RuleSet | None = None) -> CaseResult:
    """Evaluate the case (with ``rules``, default the bundled set) and compare with what it expects."""
    ruleset = rules if rules is not None else load_rules()
    if case.known_bug is None:
        return _check(case, ruleset)
    wanted = case.known_bug["raises"]
    kind = getattr(builtins, wanted, None) or getattr(errors, wanted, None)
    try:
        result = _check(case, ruleset)
    except Exception as error:
        if isinstance(kind, type) and isinstance(error, kind):
            return CaseResult(case, "known_bug", (f"known bug: {case.known_bug['issue']}",))
        return CaseResult(case, "failed", (f"known_bug expects {wanted}, got {type(error).__name__}: {error}",))
    if result.outcome == "failed" and wanted == "AssertionError":
        return CaseResult(case, "known_bug", (f"known bug: {case.known_bug['issue']}",))
    return CaseResult(case, "failed", ("known_bug: the case now passes (or fails otherwise); remove the marker",
                                       *result.failures))


def _check(case: CaseFile, ruleset: RuleSet) -> CaseResult:
    if case.error is not None:
        try:
            evaluate(case.input, rules=ruleset)
        except errors.InputError as error:
            if sorted(error.paths) == sorted(case.error):
                return CaseResult(case, "passed")
            return CaseResult(case, "failed", (f"error: expected paths {sorted(case.error)}, "
                                               f"got {sorted(error.paths)} ({error})",))
        return CaseResult(case, "failed", (f"error: expected an input error on {sorted(case.error)}, got a verdict",))
    verdict = evaluate(case.input, rules=ruleset)
    document = verdict.model_dump(mode="json", include_texts=True)  # case files may assert sentences
    expect = case.expect or {}
    retained = {r.rule_id for r in verdict.reasons}
    failures: list[str] = []
    for key, wanted in expect.items():
        if key in SPECIAL:
            continue
        try:
            got = lookup(document, key)
        except KeyError as error:
            failures.append(str(error.args[0]))
            continue
        if got != plain(wanted):
            failures.append(f"{key}: expected {plain(wanted)!r}, got {got!r}")
    for rule_id in expect.get("reasons", []):
        if rule_id not in ruleset.rules:
            failures.append(f"reasons: no rule {rule_id!r} in the rule set")
        elif rule_id not in retained:
            failures.append(f"reasons: rule {rule_id} did not decide")
    failures += [f"not_reasons: rule {r} decided" for r in expect.get("not_reasons", []) if r in retained]
    cited = {c.article for r in verdict.reasons for c in r.citations}
    failures += [f"articles: {a} not cited (cited: {sorted(cited)})"
                 for a in expect.get("articles", []) if str(a) not in cited]
    if "questions" in expect:
        asked = sorted(q.path for q in verdict.questions)
        if asked != sorted(expect["questions"]):
            failures.append(f"questions: expected {sorted(expect['questions'])}, got {asked}")
    if "assumptions" in expect:
        assumed = sorted(a.path for a in verdict.assumptions)
        if assumed != sorted(expect["assumptions"]):
            failures.append(f"assumptions: expected {sorted(expect['assumptions'])}, got {assumed}")
    tags = {w.code for w in verdict.warnings} | {w.rule_id for w in verdict.warnings if w.rule_id}
    failures += [f"warnings: {t} missing (got {sorted(tags)})" for t in expect.get("warnings", []) if t not in tags]
    if expect.get("no_warnings") and verdict.warnings:
        failures.append(f"no_warnings: got {[w.en for w in verdict.warnings]}")
    if failures:
        return CaseResult(case, "failed", tuple(failures), verdict.explain("en"))
    return CaseResult(case, "passed")
