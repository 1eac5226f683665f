"""Company overlays (issue 14): load_rules(extra=[dir]) layers rule files on the bundled set with the same
strictness; contract terms are cited as a contract, never as law; coverage tags are readable by rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import garantie
from garantie.__main__ import main
from garantie.testing import check_case, load_cases

ROOT = Path(__file__).resolve().parents[1]
OVERLAY = ROOT / "examples" / "overlay"
CASES = ROOT / "examples" / "overlay-cases"
CASE = {"purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-12",
                     "seller": {"kind": "professional", "country": "FR"}, "buyer": {"kind": "consumer"},
                     "product": {"condition": "new", "nature": "goods"},
                     "commercial_warranty": {"guarantor": "producer", "duration_months": 36,
                                             "covered_parts": ["battery"], "exclusions": []}},
        "as_of": "2024-10-01"}


def test_the_example_overlay_adds_its_rules_to_the_bundled_ones() -> None:
    bundled = garantie.load_rules()
    layered = garantie.load_rules(extra=[OVERLAY])
    assert set(layered.rules) == set(bundled.rules) | layered.overlay_rules
    assert layered.overlay_rules == {"acme.battery.covered", "acme.battery.not_listed", "acme.battery.wear_excluded",
                                     "acme.battery.cover_end"}
    assert set(layered.parameters) == set(bundled.parameters) | {"acme.battery_cover_months"}
    assert garantie.load_rules() is bundled  # the bundled set is not changed by an overlay


def test_the_example_overlay_cases_pass() -> None:
    rules = garantie.load_rules(extra=[OVERLAY])
    results = [check_case(case, rules) for case in load_cases(CASES)]
    assert len(results) == 4 and all(r.outcome == "passed" for r in results), [r.failures for r in results]


def test_contract_terms_are_rendered_as_a_contract_never_as_law() -> None:
    verdict = garantie.evaluate(CASE, rules=garantie.load_rules(extra=[OVERLAY]))
    (reason,) = [r for r in verdict.reasons if r.rule_id == "acme.battery.covered"]
    (citation,) = reason.citations
    assert citation.kind == "contract_terms" and citation.legifrance_id is None
    assert citation.label == "ACME SAS, conditions de garantie v3, art. 4"
    assert "ACME SAS, conditions de garantie v3, art. 4 — clause contractuelle, pas une règle de droit" in \
        verdict.explain("fr")
    assert "art. 4 — contract terms, not law" in verdict.explain("en")
    assert "C. conso." not in citation.label


def test_an_overlay_parameter_dates_the_cover() -> None:
    case = {**CASE, "purchase": {**CASE["purchase"], "commercial_warranty": {
        **CASE["purchase"]["commercial_warranty"], "starts_on": "2024-03-12"}}}
    verdict = garantie.evaluate(case, rules=garantie.load_rules(extra=[OVERLAY]))
    (reason,) = [r for r in verdict.reasons if r.rule_id == "acme.battery.cover_end"]
    assert str(reason.value) == "2026-03-12"
    assert "couverte 24 mois" in reason.fr and "12 mars 2026" in reason.fr


def test_a_contradiction_with_a_legal_rule_is_a_conflict(tmp_path: Path) -> None:
    """An overlay rule concluding a bundled conclusion is checked as usual: a contradiction raises."""
    overlay = _copy(tmp_path)
    (overlay / "clash.yaml").write_text("""rules:
  acme.guarantor.always_seller:
    title: {fr: "ACME se dit garant", en: "ACME says it is the guarantor"}
    citations: [acme.conditions-garantie.v3-art4]
    periods: [{from: 2024-01-01}]
    conclude: {commercial.guarantor: seller}
    explain: {fr: "ACME se dit garant.", en: "ACME says it is the guarantor."}
    confidence: high
    verified_on: 2026-12-02
""", encoding="utf-8")
    rules = garantie.load_rules(extra=[overlay])
    with pytest.raises(garantie.RuleConflictError, match=r"acme\.guarantor\.always_seller"):
        garantie.evaluate(CASE, rules=rules)  # the case says the producer gives it


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "overlay"
    shutil.copytree(OVERLAY, target)
    return target


def test_an_overlay_cannot_override_a_legal_rule(tmp_path: Path) -> None:
    overlay = _copy(tmp_path)
    text = (overlay / "rules.yaml").read_text(encoding="utf-8")
    (overlay / "rules.yaml").write_text(text.replace("    exception_to: [acme.battery.covered]",
                                                     "    exception_to: [acme.battery.covered, glc.scope.professional_to_consumer]"),
                                        encoding="utf-8")
    with pytest.raises(garantie.RuleSetError, match="cannot be an exception to the bundled rule"):
        garantie.load_rules(extra=[overlay])


def test_an_overlay_cannot_reuse_a_bundled_id(tmp_path: Path) -> None:
    overlay = _copy(tmp_path)
    text = (overlay / "rules.yaml").read_text(encoding="utf-8")
    (overlay / "rules.yaml").write_text(text.replace("  acme.battery.not_listed:", "  glc.scope.professional_to_consumer:"),
                                        encoding="utf-8")
    with pytest.raises(garantie.RuleSetError, match="duplicate rule id"):
        garantie.load_rules(extra=[overlay])


def test_unknown_references_in_an_overlay_fail(tmp_path: Path) -> None:
    overlay = _copy(tmp_path)
    text = (overlay / "rules.yaml").read_text(encoding="utf-8")
    (overlay / "rules.yaml").write_text(text.replace("includes: battery}", "includes: battery}\n    # x", 1)
                                        .replace("citations: [acme.conditions-garantie.v3-art4]",
                                                 "citations: [acme.nowhere.v1]", 1), encoding="utf-8")
    with pytest.raises(garantie.RuleSetError, match=r"unknown citation 'acme\.nowhere\.v1'") as raised:
        garantie.load_rules(extra=[overlay])
    assert "overlay" in str(raised.value)


def test_contract_terms_cannot_carry_a_legifrance_id(tmp_path: Path) -> None:
    overlay = _copy(tmp_path)
    text = (overlay / "citations.yaml").read_text(encoding="utf-8")
    (overlay / "citations.yaml").write_text(text.replace("    confidence: high", "    confidence: high\n"
                                                         "    legifrance_id: LEGIARTI000044142579"), encoding="utf-8")
    with pytest.raises(garantie.RuleSetError, match="not law"):
        garantie.load_rules(extra=[overlay])


def test_includes_reads_tags_and_only_tags(tmp_path: Path) -> None:
    overlay = _copy(tmp_path)
    text = (overlay / "rules.yaml").read_text(encoding="utf-8")
    (overlay / "rules.yaml").write_text(text.replace("{fact: purchase.commercial_warranty.covered_parts, includes: battery}",
                                                     "{fact: purchase.commercial_warranty.duration_months, includes: battery}", 1),
                                        encoding="utf-8")
    with pytest.raises(garantie.RuleSetError, match="'includes' tests a set of tags"):
        garantie.load_rules(extra=[overlay])
    (overlay / "rules.yaml").write_text(text.replace("{fact: purchase.commercial_warranty.covered_parts, includes: battery}",
                                                     "{fact: purchase.commercial_warranty.conditions, includes: registred}", 1),
                                        encoding="utf-8")
    with pytest.raises(garantie.RuleSetError, match="accepted: first_owner_only"):
        garantie.load_rules(extra=[overlay])


def test_coverage_tags_are_checked_on_input() -> None:
    case = {**CASE, "purchase": {**CASE["purchase"], "commercial_warranty": {"conditions": ["registred"],
                                                                            "covered_parts": ["Battery pack"]}}}
    with pytest.raises(garantie.InputError) as raised:
        garantie.evaluate(case)
    assert sorted(raised.value.paths) == ["purchase.commercial_warranty.conditions[0]",
                                          "purchase.commercial_warranty.covered_parts[0]"]


def test_the_command_line_takes_overlays(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "--rules", str(OVERLAY), str(CASES)]) == 0
    assert "4 réussi(s), 0 échec(s) sur 4 cas" in capsys.readouterr().out
    assert main(["test", str(CASES)]) == 1  # without the overlay its rules are unknown: the cases fail
    assert "ÉCHEC" in capsys.readouterr().out
