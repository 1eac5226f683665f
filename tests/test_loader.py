"""The loader rejects a malformed rule set at load, naming the file, the id and the key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from garantie import RuleSet, RuleSetError
from garantie.ruleset import default_rules_dir

SCOPE = "conformity/scope.yaml"
RULE = "glc.scope.private_seller"


def edit(root: Path, name: str, change: Callable[[str], str]) -> None:
    path = root / name
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, "the test's edit did not apply"
    path.write_text(after, encoding="utf-8")


def load_error(root: Path) -> RuleSetError:
    with pytest.raises(RuleSetError) as raised:
        RuleSet(root)
    return raised.value


def in_rule(text: str, old: str, new: str, rule: str = RULE) -> str:
    start = text.index(f"  {rule}:")
    end = text.find("\n  glc.", start + 1)
    end = len(text) if end == -1 else end
    return text[:start] + text[start:end].replace(old, new, 1) + text[end:]


def test_bundled_rules_load() -> None:
    rules = RuleSet(default_rules_dir())
    assert len(rules.rules) >= 60
    assert rules.order.index("glc.scope") < rules.order.index("glc.status")


def test_unknown_key(rules_copy: Path) -> None:
    edit(rules_copy, SCOPE, lambda t: in_rule(t, "    confidence: high", "    confidence: high\n    priority: 3"))
    error = load_error(rules_copy)
    assert (error.file, error.item, error.key) == (SCOPE, RULE, "priority")
    assert "accepted keys: caveat, citations, conclude" in str(error)


def test_duplicate_key(rules_copy: Path) -> None:
    edit(rules_copy, SCOPE, lambda t: in_rule(t, "    confidence: high", "    confidence: high\n    confidence: medium"))
    error = load_error(rules_copy)
    assert error.file is not None and error.file.endswith("scope.yaml")
    assert "duplicate key 'confidence'" in str(error) and "line" in str(error)


def test_duplicate_rule_id_across_files(rules_copy: Path) -> None:
    text = (rules_copy / SCOPE).read_text(encoding="utf-8")
    start = text.index(f"  {RULE}:")
    end = text.index("\n  glc.", start + 1)
    (rules_copy / "conformity" / "copy.yaml").write_text("rules:\n" + text[start:end] + "\n", encoding="utf-8")
    error = load_error(rules_copy)
    assert error.item == RULE and "duplicate rule id" in str(error)


def test_impossible_date(rules_copy: Path) -> None:
    edit(rules_copy, SCOPE, lambda t: in_rule(t, "verified_on: 2026-02-12", "verified_on: 2026-02-30"))
    error = load_error(rules_copy)
    assert error.file is not None and error.file.endswith("scope.yaml")
    assert "date" in str(error)


def test_date_written_as_text(rules_copy: Path) -> None:
    edit(rules_copy, SCOPE, lambda t: in_rule(t, "periods: [{from: 2005-02-19}]", "periods: [{from: '19/02/2005'}]"))
    error = load_error(rules_copy)
    assert (error.item, error.key) == (RULE, "periods.0.from")
    assert "YYYY-MM-DD" in str(error)


def test_condition_naming_a_field_the_models_do_not_have(rules_copy: Path) -> None:
    edit(rules_copy, SCOPE, lambda t: in_rule(t, "purchase.seller.kind", "purchase.seller.category"))
    error = load_error(rules_copy)
    assert (error.item, error.key) == (RULE, "when")
    assert "no fact 'purchase.seller.category'" in str(error)


def test_enum_value_that_does_not_exist(rules_copy: Path) -> None:
    edit(rules_copy, SCOPE, lambda t: in_rule(t, "is: private}", "is: privat}"))
    error = load_error(rules_copy)
    assert error.item == RULE
    assert "'privat' is not a value of fact purchase.seller.kind" in str(error)
    assert "accepted: private, private_acting_as_professional, professional" in str(error)


def test_unknown_conclusion(rules_copy: Path) -> None:
    edit(rules_copy, SCOPE, lambda t: in_rule(t, "conclude: {glc.scope: excluded}", "conclude: {glc.scop: excluded}"))
    error = load_error(rules_copy)
    assert (error.item, error.key) == (RULE, "conclude")
    assert "unknown conclusion 'glc.scop'" in str(error)


def test_unknown_parameter(rules_copy: Path) -> None:
    edit(rules_copy, "conformity/presumption.yaml",
         lambda t: t.replace("{param: glc.presumption_months_used}", "{param: glc.presumption_months_usd}", 1))
    error = load_error(rules_copy)
    assert error.item == "glc.presumption.used_goods"
    assert "no parameter 'glc.presumption_months_usd'" in str(error)


def test_dangling_citation(rules_copy: Path) -> None:
    edit(rules_copy, SCOPE, lambda t: in_rule(t, "cconso.L217-1.2021]", "cconso.L217-99.2021]"))
    error = load_error(rules_copy)
    assert (error.item, error.key) == (RULE, "citations")
    assert "unknown citation 'cconso.L217-99.2021'" in str(error)


def test_dangling_exception(rules_copy: Path) -> None:
    edit(rules_copy, SCOPE, lambda t: in_rule(t, "exception_to: [glc.scope.professional_to_consumer,",
                                              "exception_to: [glc.scope.nobody,", rule="glc.scope.judicial_sale"))
    error = load_error(rules_copy)
    assert (error.item, error.key) == ("glc.scope.judicial_sale", "exception_to")


def test_placeholder_that_cannot_be_filled(rules_copy: Path) -> None:
    edit(rules_copy, SCOPE, lambda t: in_rule(t, "Le vendeur est un particulier", "Le vendeur {purchase.price} est un particulier"))
    error = load_error(rules_copy)
    assert (error.item, error.key) == (RULE, "explain.fr")
    assert "{purchase.price} cannot be filled" in str(error)


def test_period_not_governed_by_a_cited_version(rules_copy: Path) -> None:
    edit(rules_copy, SCOPE, lambda t: in_rule(t, "citations: [cconso.L211-3.2005, cconso.L217-3.2016, cconso.L217-1.2021]",
                                              "citations: [cconso.L217-1.2021]"))
    error = load_error(rules_copy)
    assert (error.item, error.key) == (RULE, "citations")
    assert "2005-02-19" in str(error)


def test_parameter_without_value_for_the_period(rules_copy: Path) -> None:
    edit(rules_copy, "conformity/presumption.yaml",
         lambda t: t.replace("periods: [{from: 2005-02-19}]\n    conclude:\n      glc.presumption_end:\n"
                             "        date_plus: {date: {conclusion: glc.liability_start}, months: {param: glc.presumption_months_used}}",
                             "periods: [{from: 2000-01-01}]\n    conclude:\n      glc.presumption_end:\n"
                             "        date_plus: {date: {conclusion: glc.liability_start}, months: {param: glc.presumption_months_used}}", 1))
    error = load_error(rules_copy)
    assert error.item == "glc.presumption.used_goods"


def test_type_mismatch(rules_copy: Path) -> None:
    edit(rules_copy, "conformity/period.yaml",
         lambda t: t.replace("conclude: {glc.liability_start: {fact: purchase.delivery_date}}",
                             "conclude: {glc.liability_start: {fact: purchase.price}}", 1))
    error = load_error(rules_copy)
    assert error.item == "glc.start.delivery" and "date" in str(error)


def test_cycle_between_conclusions(rules_copy: Path) -> None:
    # glc.status reads glc.scope; making a scope rule read glc.status closes a cycle.
    edit(rules_copy, SCOPE, lambda t: in_rule(t, "when: {fact: purchase.seller.kind, is: private}",
                                              "when: {all: [{fact: purchase.seller.kind, is: private},"
                                              " {conclusion: glc.status, known: true}]}"))
    error = load_error(rules_copy)
    assert "cycle" in str(error) and "glc.scope" in str(error) and RULE in str(error)


def test_missing_question_for_a_fact_a_rule_reads(rules_copy: Path) -> None:
    edit(rules_copy, "questions.yaml", lambda t: t.replace("  defect.known_on:", "  defect.description:", 1))
    error = load_error(rules_copy)
    assert "defect.known_on" in str(error)


def test_top_level_kind_must_be_known(rules_copy: Path) -> None:
    (rules_copy / "extra.yaml").write_text("rulez: {}\n", encoding="utf-8")
    error = load_error(rules_copy)
    assert error.file == "extra.yaml" and "rules, citations, parameters" in str(error)


# ---------------------------------------------------------------- citations

GOOD_ARTICLE = """\
citations:
  test.A1.2000:
    code: Code civil
    article: "1641"
    version: loi du 6 mars 1804
    legifrance_id: LEGIARTI000006441924
    url: https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006441924
    in_force: {from: 1804-03-16, to: null}
    governs_contracts: {from: null, to: null}
    confidence: high
"""


def citation_error(root: Path, text: str) -> RuleSetError:
    (root / "citations" / "extra.yaml").write_text(text, encoding="utf-8")
    return load_error(root)


def test_a_well_formed_extra_citation_loads(rules_copy: Path) -> None:
    (rules_copy / "citations" / "extra.yaml").write_text(GOOD_ARTICLE, encoding="utf-8")
    assert RuleSet(rules_copy).citations["test.A1.2000"].label == "C. civ., art. 1641"


def test_article_without_official_id_is_rejected(rules_copy: Path) -> None:
    text = GOOD_ARTICLE.replace("    legifrance_id: LEGIARTI000006441924\n", "").replace(
        "article_lc/LEGIARTI000006441924", "texte_lc/LEGITEXT000006070721")
    error = citation_error(rules_copy, text)
    assert (error.file, error.item, error.key) == ("citations/extra.yaml", "test.A1.2000", "legifrance_id")


def test_unknown_id_needs_a_reason(rules_copy: Path) -> None:
    text = GOOD_ARTICLE.replace("legifrance_id: LEGIARTI000006441924", "legifrance_id: unknown").replace(
        "article_lc/LEGIARTI000006441924", "texte_lc/LEGITEXT000006070721")
    error = citation_error(rules_copy, text)
    assert (error.item, error.key) == ("test.A1.2000", "legifrance_id_reason")
    blank = text.replace("legifrance_id: unknown\n", "legifrance_id: unknown\n    legifrance_id_reason: \"  \"\n")
    assert citation_error(rules_copy, blank).key == "legifrance_id_reason"
    reasoned = text.replace("legifrance_id: unknown\n", "legifrance_id: unknown\n    legifrance_id_reason: not found\n")
    (rules_copy / "citations" / "extra.yaml").write_text(reasoned, encoding="utf-8")
    assert RuleSet(rules_copy).citations["test.A1.2000"].legifrance_id == "unknown"


def test_a_reason_without_unknown_is_rejected(rules_copy: Path) -> None:
    text = GOOD_ARTICLE.replace("    url:", "    legifrance_id_reason: why\n    url:")
    assert citation_error(rules_copy, text).key == "legifrance_id_reason"


def test_malformed_id_is_rejected(rules_copy: Path) -> None:
    text = GOOD_ARTICLE.replace("legifrance_id: LEGIARTI000006441924", "legifrance_id: LEGIARTI6441924")
    assert citation_error(rules_copy, text).key == "legifrance_id"


def test_url_must_be_the_one_of_the_id(rules_copy: Path) -> None:
    # The review found a URL pointing at another article's id (ord2021-1247.art21 -> L217-9).
    text = GOOD_ARTICLE.replace("url: https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006441924",
                                "url: https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044152553")
    error = citation_error(rules_copy, text)
    assert (error.item, error.key) == ("test.A1.2000", "url")
    assert "LEGIARTI000006441924" in str(error)


def test_url_naming_an_id_needs_that_id(rules_copy: Path) -> None:
    text = GOOD_ARTICLE.replace("legifrance_id: LEGIARTI000006441924",
                                "legifrance_id: unknown\n    legifrance_id_reason: not found")
    error = citation_error(rules_copy, text)
    assert error.key == "url" and "names LEGIARTI000006441924" in str(error)


def test_article_on_a_secondary_site_is_rejected(rules_copy: Path) -> None:
    text = GOOD_ARTICLE.replace("legifrance_id: LEGIARTI000006441924",
                                "legifrance_id: unknown\n    legifrance_id_reason: not found").replace(
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006441924",
        "https://manualslib.fr/manual/849426/Auriol.html?page=60")
    error = citation_error(rules_copy, text)
    assert error.key == "url" and "Légifrance" in str(error)


@pytest.mark.parametrize("number", ["21 juillet 2023, n° 21-15.809", "Régler un litige : mode d'emploi",
                                    "titre Ier du livre II, article « d'ordre public »"])
def test_article_kind_needs_an_article_number(rules_copy: Path, number: str) -> None:
    text = GOOD_ARTICLE.replace('article: "1641"', f'article: "{number}"')
    error = citation_error(rules_copy, text)
    assert (error.item, error.key) == ("test.A1.2000", "article")


def test_judgment_needs_its_numbers(rules_copy: Path) -> None:
    text = """\
citations:
  test.cass.2023:
    kind: judgment
    court: Cour de cassation, chambre mixte
    court_short: Cass. ch. mixte
    date: 2023-07-21
    legifrance_id: unknown
    legifrance_id_reason: not found
    url: https://www.courdecassation.fr/
    in_force: {from: 2023-07-21, to: null}
    governs_contracts: {from: null, to: null}
    confidence: high
"""
    error = citation_error(rules_copy, text)
    assert (error.item, error.key) == ("test.cass.2023", "numbers")


def test_unidentified_provision_needs_a_real_id(rules_copy: Path) -> None:
    text = """\
citations:
  test.ordre-public.2021:
    kind: unidentified_provision
    code: Code de la consommation
    description: disposition d'ordre public
    version: ordonnance n° 2021-1247 du 29 septembre 2021
    legifrance_id: unknown
    legifrance_id_reason: not found
    in_force: {from: 2021-10-01, to: null}
    governs_contracts: {from: 2022-01-01, to: null}
    confidence: medium
"""
    error = citation_error(rules_copy, text)
    assert (error.item, error.key) == ("test.ordre-public.2021", "legifrance_id")
