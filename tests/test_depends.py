"""Issue 13: which question waits for which is derived from the rules' conditions at load (garantie._depends);
a questions file's depends_on only adds to it or overrides it, and the graph has no cycle."""

from __future__ import annotations

from pathlib import Path

import pytest

import garantie
from garantie import RuleSet, RuleSetError
from garantie._depends import cycle, derive
from garantie.ruleset import default_rules_dir
from garantie.verdict import Verdict

RULES = garantie.load_rules()


def _waits(verdict: Verdict, path: str) -> bool:
    return path not in [q.path for q in verdict.to_ask]


def test_derived_graph_holds_the_issue_examples_and_is_acyclic() -> None:
    derived = RULES.derived_depends_on
    assert derived["purchase.auction_open_to_in_person_attendance"]["purchase.sale_mode"] == ("public_auction",)
    assert derived["defect.animal_disease"]["purchase.product.nature"] == ("domestic_animal",)
    assert derived["purchase.delivery_date"]["purchase.delivered"] == (True,)
    # Read only beside a test of the disease: the diagnosis date waits for it too (the six diseases that have one).
    assert set(derived["defect.suspicion_diagnosis_on"]["defect.animal_disease"]) == {
        "distemper", "canine_hepatitis", "canine_parvovirus", "feline_panleukopenia",
        "feline_infectious_peritonitis", "feline_leukaemia"}
    assert cycle(derived) is None
    effective = {key: dict(doc.depends_on) for key, doc in RULES.questions.items() if doc.depends_on}
    assert cycle(effective) is None
    for key, deps in derived.items():  # every derived dependency is in force, none declared over it here
        assert effective[key] == {**deps, **effective[key]}, key
    # Declared, not derivable (defect dates are read without a delivery test): kept as an addition.
    assert effective["defect.appeared_on"] == {"purchase.delivered": (True,)}
    assert "defect.appeared_on" not in derived


def test_questions_files_no_longer_declare_what_is_derived() -> None:
    declared: dict[str, dict[str, object]] = {}
    import yaml

    for path in default_rules_dir().rglob("*.yaml"):
        if path.parts[-2] == "clauses":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, doc in (data.get("questions") or {}).items():
            if doc.get("depends_on"):
                declared[key] = doc["depends_on"]
    for key, deps in declared.items():
        for dep in deps:
            assert dep not in RULES.derived_depends_on.get(key, {}), f"{key} declares {dep}, which is derived"


def test_the_dependencies_shape_what_is_asked() -> None:
    """An auction's attendance waits for the sale mode; an animal's disease for the product's nature; a
    delivery date for whether the goods were delivered — each is asked only once the other says it matters."""
    base = {"purchase": {"contract_date": "2024-03-10", "seller": {"kind": "professional"},
                         "buyer": {"kind": "consumer"}, "product": {"condition": "used"}},
            "defect": {}, "as_of": "2024-11-20"}
    verdict = garantie.evaluate(base, rules=RULES)
    for waiting in ("purchase.auction_open_to_in_person_attendance", "defect.animal_disease",
                    "purchase.delivery_date"):
        assert _waits(verdict, waiting), waiting
    auction = garantie.evaluate({**base, "purchase": {**base["purchase"], "sale_mode": "public_auction"}},
                                rules=RULES)
    assert not _waits(auction, "purchase.auction_open_to_in_person_attendance")
    ordinary = garantie.evaluate({**base, "purchase": {**base["purchase"], "sale_mode": "ordinary"}}, rules=RULES)
    assert _waits(ordinary, "purchase.auction_open_to_in_person_attendance")


def _declare(root: Path, question: str, dependency: str) -> None:
    """Add ``depends_on: {dependency}`` under ``question`` in the copied rules' questions.yaml."""
    path = root / "questions.yaml"
    anchor = f"  {question}:\n"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(anchor, f"{anchor}    depends_on:\n      {dependency}\n"), encoding="utf-8")


def test_a_declared_dependency_overrides_the_derived_one(rules_copy: Path) -> None:
    _declare(rules_copy, "purchase.auction_open_to_in_person_attendance",
             "purchase.sale_mode: [public_auction, judicial_sale]")
    rules = RuleSet(rules_copy)
    deps = rules.questions["purchase.auction_open_to_in_person_attendance"].depends_on or {}
    assert deps["purchase.sale_mode"] == ("public_auction", "judicial_sale")  # declared wins
    assert deps["purchase.product.condition"] == ("refurbished", "used")  # derived kept beside it


def test_a_declared_cycle_is_refused(rules_copy: Path) -> None:
    _declare(rules_copy, "purchase.sale_mode", "purchase.auction_open_to_in_person_attendance: [true]")
    with pytest.raises(RuleSetError, match="cycle") as raised:
        RuleSet(rules_copy)
    assert raised.value.key == "depends_on"


def test_derivation_reads_guards_through_conclusions() -> None:
    """defect.animal_disease is read beside ``hidden_defects.regime is code_rural``; every rule concluding
    code_rural tests the nature: the guard passes through the conclusion."""
    rules = [r for r in RULES.rules.values()
             if r.conclusion == "hidden_defects.status" or r.conclusion == "hidden_defects.regime"]
    graph = derive(rules, RULES.questions)
    assert graph["defect.animal_disease"]["purchase.product.nature"] == ("domestic_animal",)
