"""Engine semantics on tiny rule sets: exceptions, conflicts, unknowns, 'no rule applies'."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

import garantie
from garantie import RuleConflictError, RuleSet
from garantie._engine import Evaluation
from garantie._facts import DERIVED_UNKNOWN_PATHS

CITATIONS = """
citations:
  test.A1.2000:
    code: Code de test
    article: A1
    version: v1
    legifrance_id: unknown
    legifrance_id_reason: a code invented for the tests
    in_force: {from: 2000-01-01, to: null}
    governs_contracts: {from: 2000-01-01, to: null}
    confidence: high
"""
CONCLUSIONS = """
conclusions:
  glc.scope:
    type: enum
    values: [covered, excluded]
    label: {fr: Champ, en: Scope}
  glc.status:
    type: enum
    values: [applies, does_not_apply, time_barred]
    label: {fr: Statut, en: Status}
"""
QUESTIONS = """
questions:
  purchase.seller.kind: {fr: Vendeur ?, en: Seller?, proof_by: consumer}
  purchase.buyer.kind: {fr: Acheteur ?, en: Buyer?, proof_by: consumer}
  purchase.sale_mode: {fr: Mode ?, en: Mode?, proof_by: none}
""" + "".join(f"  {path}: {{fr: q, en: q, proof_by: none}}\n" for path in DERIVED_UNKNOWN_PATHS)


def rule(rule_id: str, conclude: str, when: str | None = None, exception_to: str | None = None) -> str:
    lines = [f"  {rule_id}:",
             "    title: {fr: t, en: t}",
             "    citations: [test.A1.2000]",
             "    periods: [{from: 2000-01-01}]",
             f"    conclude: {conclude}",
             "    explain: {fr: x, en: x}",
             "    confidence: high",
             "    verified_on: 2026-02-12"]
    if when:
        lines.append(f"    when: {when}")
    if exception_to:
        lines.append(f"    exception_to: [{exception_to}]")
    return "\n".join(lines)


def ruleset(tmp_path: Path, *rules: str) -> RuleSet:
    for name, text in (("citations.yaml", CITATIONS), ("conclusions.yaml", CONCLUSIONS),
                       ("questions.yaml", QUESTIONS)):
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("rules:\n" + "\n".join(rules) + "\n", encoding="utf-8")
    return RuleSet(tmp_path)


def run(rs: RuleSet, **purchase: Any) -> Evaluation:
    data = {"purchase": {"contract_date": "2024-01-01", **purchase}, "as_of": "2024-06-01"}
    return Evaluation(rs, garantie.parse_case(data))


BASE = rule("t.base", "{glc.scope: covered}",
            "{all: [{fact: purchase.seller.kind, is: professional}, {fact: purchase.buyer.kind, is: consumer}]}")
EXCLUSION = rule("t.judicial", "{glc.scope: excluded}", "{fact: purchase.sale_mode, is: judicial_sale}",
                 exception_to="t.base")


def test_exception_wins_when_it_fires(tmp_path: Path) -> None:
    rs = ruleset(tmp_path, BASE, EXCLUSION)
    outcome = run(rs, seller={"kind": "professional"}, buyer={"kind": "consumer"},
                  sale_mode="judicial_sale").outcomes["glc.scope"]
    assert (outcome.value, [r.id for r in outcome.rules], [r.id for r in outcome.overridden]) == (
        "excluded", ["t.judicial"], ["t.base"])


def test_exception_fires_even_when_the_base_does_not(tmp_path: Path) -> None:
    # Catala's default logic: exceptions are tried first, whatever the base rule's condition.
    rs = ruleset(tmp_path, BASE, EXCLUSION)
    outcome = run(rs, seller={"kind": "private"}, buyer={"kind": "consumer"},
                  sale_mode="judicial_sale").outcomes["glc.scope"]
    assert outcome.value == "excluded" and outcome.overridden == ()


def test_unknown_exception_blocks_the_base_and_asks(tmp_path: Path) -> None:
    rs = ruleset(tmp_path, BASE, EXCLUSION)
    outcome = run(rs, seller={"kind": "professional"}, buyer={"kind": "consumer"}).outcomes["glc.scope"]
    assert not outcome.determined
    assert outcome.missing == {"purchase.sale_mode"}
    assert outcome.undetermined_reason == "missing_facts"


def test_false_part_settles_all_despite_unknowns(tmp_path: Path) -> None:
    rs = ruleset(tmp_path, BASE, EXCLUSION)
    outcome = run(rs, seller={"kind": "private"}, sale_mode="ordinary").outcomes["glc.scope"]
    # base: private seller is false, so the unknown buyer does not matter; nothing fires
    assert not outcome.determined and outcome.undetermined_reason == "no_rule_applies"


def test_true_part_settles_any_despite_unknowns(tmp_path: Path) -> None:
    either = rule("t.either", "{glc.scope: covered}",
                  "{any: [{fact: purchase.seller.kind, is: professional}, {fact: purchase.buyer.kind, is: consumer}]}")
    rs = ruleset(tmp_path, either)
    assert run(rs, seller={"kind": "professional"}).outcomes["glc.scope"].value == "covered"


def test_two_unrelated_rules_disagreeing_is_a_conflict(tmp_path: Path) -> None:
    clash = rule("t.clash", "{glc.scope: excluded}", "{fact: purchase.sale_mode, is: ordinary}")
    rs = ruleset(tmp_path, BASE, clash)
    with pytest.raises(RuleConflictError) as raised:
        run(rs, seller={"kind": "professional"}, buyer={"kind": "consumer"}, sale_mode="ordinary")
    assert set(raised.value.rules) == {"t.base", "t.clash"}
    assert "Code de test, art. A1" in str(raised.value)


def test_two_rules_agreeing_both_give_reasons(tmp_path: Path) -> None:
    same = rule("t.same", "{glc.scope: covered}", "{fact: purchase.sale_mode, is: ordinary}")
    rs = ruleset(tmp_path, BASE, same)
    outcome = run(rs, seller={"kind": "professional"}, buyer={"kind": "consumer"},
                  sale_mode="ordinary").outcomes["glc.scope"]
    assert outcome.value == "covered" and [r.id for r in outcome.rules] == ["t.base", "t.same"]


def test_unknown_root_saying_the_same_does_not_block(tmp_path: Path) -> None:
    same = rule("t.same", "{glc.scope: covered}", "{fact: purchase.sale_mode, is: ordinary}")
    rs = ruleset(tmp_path, BASE, same)
    outcome = run(rs, seller={"kind": "professional"}, buyer={"kind": "consumer"}).outcomes["glc.scope"]
    assert outcome.value == "covered"


def test_unknown_conclusion_propagates_its_questions(tmp_path: Path) -> None:
    status = rule("t.status", "{glc.status: applies}", "{conclusion: glc.scope, is: covered}")
    rs = ruleset(tmp_path, BASE, status)
    outcome = run(rs, seller={"kind": "professional"}).outcomes["glc.status"]
    assert outcome.missing == {"purchase.buyer.kind"}


def test_rules_outside_their_period_do_not_exist_for_the_case(tmp_path: Path) -> None:
    later = rule("t.base", "{glc.scope: covered}").replace("periods: [{from: 2000-01-01}]",
                                                           "periods: [{from: 2025-01-01}]")
    rs = ruleset(tmp_path, later)
    assert run(rs).outcomes["glc.scope"].undetermined_reason == "no_rule_applies"


def test_evaluation_is_deterministic_and_trace_ordered() -> None:
    case = {"purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-12", "sale_mode": "ordinary",
                         "seller": {"kind": "professional"}, "buyer": {"kind": "consumer"},
                         "product": {"condition": "new", "nature": "goods"}},
            "defect": {"appeared_on": "2024-09-15", "known_on": "2024-09-15", "cause": "unknown",
                       "accepted_deviation": False},
            "as_of": "2024-10-01"}
    first, second = garantie.evaluate(case), garantie.evaluate(case)
    assert first == second
    orders = [garantie.load_rules().rule(step.rule_id).order for step in first.trace
              if step.conclusion == "glc.scope"]
    assert orders == sorted(orders)
