"""Every clause pattern's own examples, and the strict loader of rules/clauses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from garantie import RuleSetError, load_rules
from garantie.policy import ClauseSet, load_clauses
from garantie.ruleset import default_rules_dir

CLAUSES = load_clauses()
EXAMPLES = [(pid, text, True) for pid, p in CLAUSES.patterns.items() for text in p.doc.examples.match] + [
    (pid, text, False) for pid, p in CLAUSES.patterns.items() for text in p.doc.examples.no_match]
MENTION_EXAMPLES = [(mid, text, True) for mid, m in CLAUSES.mentions.items() for text in m.doc.examples.present] + [
    (mid, text, False) for mid, m in CLAUSES.mentions.items() for text in m.doc.examples.absent]


@pytest.mark.parametrize(("pattern_id", "text", "flagged"), EXAMPLES)
def test_pattern_example(pattern_id: str, text: str, flagged: bool) -> None:
    assert bool(CLAUSES.flagged(CLAUSES.patterns[pattern_id], text)) == flagged


@pytest.mark.parametrize(("mention_id", "text", "present"), MENTION_EXAMPLES)
def test_mention_example(mention_id: str, text: str, present: bool) -> None:
    assert (CLAUSES.found(CLAUSES.mentions[mention_id], text) is not None) == present


def test_every_pattern_has_three_examples_each_way() -> None:
    for pattern in CLAUSES.patterns.values():
        assert len(pattern.doc.examples.match) >= 3 and len(pattern.doc.examples.no_match) >= 3, pattern.id
    for mention in CLAUSES.mentions.values():
        assert len(mention.doc.examples.present) >= 3 and len(mention.doc.examples.absent) >= 3, mention.id


def test_every_clause_kind_of_issue_9_is_covered() -> None:
    assert set(CLAUSES.patterns) >= {
        "policy.remedy.seller_chooses", "policy.replacement.never_used_only", "policy.repair.imposed_after_use",
        "policy.payment_dispute.no_aftersales", "policy.costs.return_charged", "policy.duration.legal_under_two_years",
        "policy.duration.short_without_legal", "policy.manufacturer.only", "policy.void.opening_or_third_party",
        "policy.conditions.packaging_or_registration", "policy.commercial.replaces_legal", "policy.refund.voucher_only",
        "policy.articles.renumbered_l211", "policy.articles.rewritten_2022", "policy.unfair.seller_alone_decides_conformity",
        "policy.unfair.no_compensation", "policy.unfair.original_receipt_only", "policy.notice.short_deadline"}
    assert {p.doc.category for p in CLAUSES.patterns.values()} == {"unlawful", "unfair", "misleading"}
    assert set(CLAUSES.mentions) == {"policy.mention.legal_warranty_box", "policy.mention.mediator"}


def test_new_rules_are_dated() -> None:
    for item in [*CLAUSES.patterns.values(), *CLAUSES.mentions.values()]:
        assert str(item.doc.verified_on) == "2026-12-02", item.id


def test_main_loader_leaves_clauses_to_the_policy_loader() -> None:
    rules = load_rules()
    assert not any(rule.source.startswith("clauses") for rule in rules.rules.values())
    assert "cconso.R212-1.2016" in rules.citations


# ---------------------------------------------------------------------- strict loading

def _load_with(tmp_path: Path, name: str, text: str) -> ClauseSet:
    target = tmp_path / "clauses"
    shutil.copytree(default_rules_dir() / "clauses", target)
    (target / name).write_text(text, encoding="utf-8")
    return ClauseSet(target, load_rules())


GOOD = """
clauses:
  policy.test.sample:
    title: {fr: Essai, en: Test}
    category: unlawful
    citations: [cconso.L217-9.2021]
    periods: [{from: 2022-01-01}]
    confidence: high
    verified_on: 2026-12-02
    match: {near: {within: 5, of: [["@seller"], [choisit]]}}
    problem: {fr: Problème., en: Problem.}
    examples:
      match: [Le vendeur choisit., Nous choisissons tout. Le vendeur choisit., Le vendeur le choisit.]
      no_match: [Le client choisit., Le vendeur répare., Rien.]
"""


def test_a_valid_extra_file_loads(tmp_path: Path) -> None:
    assert "policy.test.sample" in _load_with(tmp_path, "zz.yaml", GOOD).patterns


@pytest.mark.parametrize(("change", "key", "message"), [
    (("    confidence: high\n", "    confidence: high\n    colour: red\n"), "colour", "Extra inputs"),
    (("[\"@seller\"]", "[\"@sellers\"]"), "match.near.of[0]", "unknown keyword group"),
    (("[choisit]", "[\"choisi(t|r)\"]"), "match.near.of[1]", "not regular"),
    (("within: 5", "within: 500"), "match.near.within", "1 to 60"),
    (("cconso.L217-9.2021]", "cconso.L217-9.2099]"), "citations", "unknown citation"),
    (("{from: 2022-01-01}", "{from: 2020-01-01}"), "citations", "none of the cited article versions"),
    (("Le client choisit.", "Le vendeur choisit toujours."), "examples.no_match[0]", "example flagged"),
    (("Rien.]\n", "Rien.]\n      extra: []\n"), "examples.extra", "Extra inputs"),
    (("match: [Le vendeur choisit., ", "match: ["), "examples.match", "at least 3"),
])
def test_loader_errors_name_file_id_and_key(tmp_path: Path, change: tuple[str, str], key: str, message: str) -> None:
    assert change[0] in GOOD
    with pytest.raises(RuleSetError) as error:
        _load_with(tmp_path, "zz.yaml", GOOD.replace(*change, 1))
    assert error.value.file == "clauses/zz.yaml"
    assert error.value.item == "policy.test.sample"
    assert error.value.key == key
    assert message in str(error.value)


def test_duplicate_ids_and_bad_top_level_keys_fail(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match="duplicate id"):
        _load_with(tmp_path, "zz.yaml", GOOD.replace("policy.test.sample", "policy.remedy.seller_chooses"))
    with pytest.raises(RuleSetError, match="one top-level key"):
        _load_with(tmp_path / "b", "zz.yaml", GOOD.replace("clauses:", "rules:"))
