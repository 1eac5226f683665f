"""Runs every case in tests/cases/*.yaml against the bundled rule set."""

from __future__ import annotations

import builtins

import pytest
from casefiles import SPECIAL, CaseFile, load_cases, lookup, plain

import garantie

CASES = load_cases()


def _param(case: CaseFile) -> object:
    if case.known_bug is None:
        return pytest.param(case, id=case.id)
    raises = getattr(builtins, case.known_bug["raises"])
    return pytest.param(case, id=case.id, marks=pytest.mark.xfail(
        strict=True, raises=raises, reason=f"known engine bug: {case.known_bug['issue']}"))


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(case: CaseFile) -> None:
    if case.error is not None:
        with pytest.raises(garantie.InputError) as raised:
            garantie.evaluate(case.input)
        assert sorted(raised.value.paths) == sorted(case.error), str(raised.value)
        return
    verdict = garantie.evaluate(case.input)
    document = verdict.model_dump(mode="json", include_texts=True)  # case files may assert sentences
    assert case.expect is not None
    retained = {r.rule_id for r in verdict.reasons}
    failures: list[str] = []
    for key, wanted in case.expect.items():
        if key in SPECIAL:
            continue
        got = lookup(document, key)
        if got != plain(wanted):
            failures.append(f"{key}: expected {plain(wanted)!r}, got {got!r}")
    for rule_id in case.expect.get("reasons", []):
        if rule_id not in garantie.load_rules().rules:
            failures.append(f"reasons: no rule {rule_id!r} in the rule set")
        elif rule_id not in retained:
            failures.append(f"reasons: rule {rule_id} did not decide")
    for rule_id in case.expect.get("not_reasons", []):
        if rule_id in retained:
            failures.append(f"not_reasons: rule {rule_id} decided")
    cited = {c.article for r in verdict.reasons for c in r.citations}
    for article in case.expect.get("articles", []):
        if str(article) not in cited:
            failures.append(f"articles: {article} not cited (cited: {sorted(cited)})")
    if "questions" in case.expect:
        asked = sorted(q.path for q in verdict.questions)
        if asked != sorted(case.expect["questions"]):
            failures.append(f"questions: expected {sorted(case.expect['questions'])}, got {asked}")
    if "assumptions" in case.expect:
        assumed = sorted(a.path for a in verdict.assumptions)
        if assumed != sorted(case.expect["assumptions"]):
            failures.append(f"assumptions: expected {sorted(case.expect['assumptions'])}, got {assumed}")
    warning_tags = {w.code for w in verdict.warnings} | {w.rule_id for w in verdict.warnings if w.rule_id}
    for tag in case.expect.get("warnings", []):
        if tag not in warning_tags:
            failures.append(f"warnings: {tag} missing (got {sorted(warning_tags)})")
    if case.expect.get("no_warnings") and verdict.warnings:
        failures.append(f"no_warnings: got {[w.en for w in verdict.warnings]}")
    assert not failures, "\n".join(failures) + "\n\n" + verdict.explain("en")


def test_every_rule_fires_in_some_case() -> None:
    """Each rule must decide (or be overridden after firing) in at least one case file."""
    fired: set[str] = set()
    for case in CASES:
        if case.error is None and case.known_bug is None:
            fired |= {step.rule_id for step in garantie.evaluate(case.input).trace}
    never = sorted(set(garantie.load_rules().rules) - fired)
    assert not never, f"rules that never fire over tests/cases: {never}"
