"""Facts the seller must prove (assumptions) and the French text of verdicts (issue 7: proof burden, MT-6, MT-7).

Each test states its property in its docstring.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from casefiles import load_cases
from hypothesis import HealthCheck, given, settings
from strategies import cases_with_unknowns
from test_loader import edit, load_error

import garantie
from garantie._facts import FACT_TYPES

RULES = garantie.load_rules()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SELLER_PROVES = {path for path, doc in RULES.questions.items() if doc.proof_by == "seller"}

# ---------------------------------------------------------------- the loader


def test_the_seller_bears_the_proof_of_its_own_defences() -> None:
    """The seller's defences (acceptance of a deviation, knowledge at purchase, an external cause, the withdrawal
    information) are declared as the seller's to prove, each with the value that holds absent that proof."""
    wanted = {"defect.accepted_deviation": False, "defect.known_at_purchase": False, "defect.cause": "unknown",
              "purchase.withdrawal_information": "never", "purchase.carrier_chosen_by_consumer": False,
              "purchase.product.withdrawal_exception": "none"}
    assert {path: RULES.questions[path].absent_proof for path in wanted if path in SELLER_PROVES} == wanted
    for path in ("defect.appeared_on", "defect.apparent_at_purchase", "defect.discovered_on"):
        assert RULES.questions[path].proof_by == "consumer", path


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    proof_by: seller\n    absent_proof: false\n", "    proof_by: seller\n",
     "absent_proof, assumption and proof_confidence"),
    ("    absent_proof: unknown", "    absent_proof: maybe", "not a value of defect.cause"),
    ("    proof_by: consumer\n", "    proof_by: consumer\n    absent_proof: true\n", "only for proof_by: seller"),
    ("    proof_by: none\n", "\n", "who bears the proof of its fact: proof_by: consumer | seller | none"),
])
def test_loader_checks_the_proof_burden_strictly(rules_copy: Path, old: str, new: str, message: str) -> None:
    """A question without proof_by, a seller-borne fact without its absent-proof value, a value the fact cannot
    take, or an absent-proof value for a fact the consumer proves: each fails at load, naming the key."""
    edit(rules_copy, "questions.yaml", lambda text: text.replace(old, new, 1))
    assert message in str(load_error(rules_copy))


# ---------------------------------------------------------------- the verdict


def _blank(case: dict[str, Any], path: str) -> dict[str, Any] | None:
    """``case`` with the field at ``path`` set to ``value`` (None: unknown); None when its object is absent."""
    out = copy.deepcopy(case)
    target = out
    *parents, name = path.split(".")
    for part in parents:
        target = target.get(part)
        if not isinstance(target, dict):
            return None
    target[name] = None
    return out


def _statuses(verdict: garantie.Verdict) -> list[tuple[str, str]]:
    return [("glc", verdict.legal_conformity.status)] + [(b.basis, b.status) for b in verdict.bases]


@SETTINGS
@given(cases_with_unknowns())
def test_assumptions_are_exactly_the_absent_proof_value(case: dict[str, Any]) -> None:
    """Every assumption is a fact the case left unknown whose proof lies on the seller; writing its absent-proof
    value into the case gives the same statuses; and no question asks the consumer for what the seller must
    prove."""
    verdict = garantie.evaluate(case, rules=RULES)
    filled = copy.deepcopy(case)
    for assumption in verdict.assumptions:
        assert assumption.path in SELLER_PROVES
        assert assumption.value == RULES.questions[assumption.path].absent_proof
        *parents, name = assumption.path.split(".")
        target = filled
        for part in parents:
            target = target[part]
        assert target.get(name) is None, f"{assumption.path} was known, yet assumed"
        target[name] = assumption.value
    assert _statuses(garantie.evaluate(filled, rules=RULES)) == _statuses(verdict)
    asked = [q.path for q in verdict.questions] + [q.path for b in verdict.bases for q in b.questions]
    assert not SELLER_PROVES & set(asked)


def test_a_missing_seller_defence_settles_the_warranty_and_keeps_the_question() -> None:
    """Leaving out accepted_deviation (2022 and later) settles the legal warranty as applying, with the assumption,
    its FR/EN text and its question; giving it as true turns the warranty off (the assumption mattered)."""
    case = {"purchase": {"contract_date": "2023-04-03", "delivery_date": "2023-04-05", "channel": "in_store",
                         "sale_mode": "ordinary", "seller": {"kind": "professional", "country": "FR"},
                         "buyer": {"kind": "consumer"}, "product": {"condition": "new", "nature": "goods"}},
            "defect": {"appeared_on": "2023-10-02", "known_on": "2023-10-02", "severity": "ordinary",
                       "cause": "unknown"},
            "as_of": "2023-10-10"}
    verdict = garantie.evaluate(case)
    assert verdict.status == "actionable" and verdict.legal_conformity.status == "applies"
    (assumed,) = verdict.assumptions
    assert (assumed.path, assumed.value, assumed.proof_by) == ("defect.accepted_deviation", False, "seller")
    assert assumed.question.fr == RULES.questions["defect.accepted_deviation"].fr
    assert "glc.status" in assumed.question.needed_for
    assert "sauf si le vendeur prouve" in assumed.fr and "unless the seller proves" in assumed.en
    fr, en = verdict.explain("fr"), verdict.explain("en")
    assert "Garantie légale de conformité : s'applique, sauf preuve contraire du vendeur" in fr
    assert "Hypothèses retenues faute de preuve contraire :" in fr and assumed.fr in fr and assumed.question.fr in fr
    assert "applies, unless the seller proves otherwise" in en and assumed.en in en
    assert "Assumed absent proof to the contrary:\n" in en
    case["defect"]["accepted_deviation"] = True
    assert garantie.evaluate(case).legal_conformity.status == "does_not_apply"


# ---------------------------------------------------------------- French text

_ENUM_WORDS = {value for doc in RULES.conclusions.values() for value in doc.values or ()}
_ENUM_WORDS |= {value for kind in FACT_TYPES.values() if kind.kind == "enum" for value in kind.values}
_ENUM_WORDS |= {"undetermined", "applies", "available", "not_yet", "excluded", "exhausted", "actionable",
                "not_actionable", "does_not_apply", "time_barred", "seller", "consumer", "unknown", "none"}
# Enum values that are also French words.
_FRENCH = {"distance", "impossible", "apparent"}
_ENGLISH = _ENUM_WORDS - _FRENCH


def _english_words(text: str) -> set[str]:
    text = re.sub(r"\{[^{}]*\}", "", text)  # placeholders name facts and conclusions
    text = re.sub(r"\((?:history\[[^\]]*\]|[a-z_]+)(?:\.[a-z_]+)+\)", "", text)  # a question's field path
    return set(re.findall(r"[A-Za-z_]+", text)) & _ENGLISH


def _rule_set_french_texts() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for rule in RULES.rules.values():
        out += [(rule.id, rule.title.fr), (rule.id, rule.explain.fr)]
        out += [(rule.id, rule.caveat.fr)] if rule.caveat else []
    for key, doc in RULES.conclusions.items():
        out.append((key, doc.label.fr))
        out += [(f"{key}={value}", label.fr) for value, label in (doc.value_labels or {}).items()]
    for key, question in RULES.questions.items():
        out.append((key, question.fr))
        out += [(key, question.assumption.fr)] if question.assumption else []
    out += [(name, doc.label.fr) for name, doc in RULES.parameters.items()]
    return out


def test_no_french_text_of_the_rule_set_holds_an_english_status_word() -> None:
    """No French text of the rule set (explanations, caveats, titles, labels, value labels, questions,
    assumptions) holds an English status or enum value such as 'undetermined' or 'proven_external_cause'."""
    found = {item: sorted(_english_words(text)) for item, text in _rule_set_french_texts() if _english_words(text)}
    assert not found, found
    assert _english_words("Réparation : undetermined") == {"undetermined"}  # the check itself can fail


VERDICTS = [(case.id, garantie.evaluate(case.input)) for case in load_cases()
            if case.error is None and case.known_bug is None]


def _verdict(name: str) -> garantie.Verdict:
    """The verdict of the case of review_assumptions_text.yaml whose name starts with ``name``."""
    (found,) = [verdict for case_id, verdict in VERDICTS
                if case_id.startswith(f"review_assumptions_text.yaml::{name}")]
    return found


def test_french_verdicts_render_every_value_in_french() -> None:
    """Over every case file, the French verdict holds no untranslated status or enum value,
    no "€ EUR", no plural after 0 or 1 ("1 jours") and no status label that disagrees with its heading; the
    English one no "1 days"."""
    bad: dict[str, list[str]] = {}
    for name, verdict in VERDICTS:
        fr, en = verdict.explain("fr"), verdict.explain("en")
        problems = sorted(_english_words(fr))
        problems += re.findall(r"€ EUR|€ euros|\b[01] (?:jours|ans)\b", fr)
        problems += re.findall(r"(?:: |\+)\b1 (?:days|months|years)\b", en)
        problems += re.findall(r"Garantie[^:\n]*: (?:indéterminé|exclu|épuisé)\b", fr)
        if problems:
            bad[name] = problems
    assert not bad, bad


def test_the_undetermined_heading_only_when_a_right_waits_for_an_answer() -> None:
    """A case without a defect (review c07: withdrawal only) never reads "Impossible de conclure sans les réponses
    ci-dessous": questions about a defect that nobody reported are side questions."""
    verdict = _verdict("c07 ")
    text = verdict.explain("fr")
    assert not verdict.defect_reported and verdict.status != "undetermined"
    assert "Impossible de conclure" not in text and "Aucun défaut du bien n'est signalé" in text
    assert "Ce que vous pouvez demander" not in text


def test_a_status_an_unverified_rule_decides_never_sounds_settled() -> None:
    """Review c28 (association buyer, rule glc.scope.non_professional_buyer unverified): the heading says
    "s'applique (probablement, à confirmer)", never a bare "s'applique"; a verdict resting only on verified rules
    keeps the bare heading."""
    verdict = _verdict("c28 ")
    assert verdict.legal_conformity.status_confidence == "unverified"
    assert "Garantie légale de conformité : s'applique (probablement, à confirmer)\n" in verdict.explain("fr")
    assert "applies (probably; to be confirmed)" in verdict.explain("en")
    assert "\nVoie la plus solide (probablement, à confirmer) : " in verdict.explain("fr")
    assert "\nStrongest route (probably; to be confirmed): " in verdict.explain("en")
    settled = _verdict("proven external cause given")
    assert settled.legal_conformity.status_confidence != "unverified"
    assert "Garantie légale de conformité : ne s'applique pas\n" in settled.explain("fr")
    for name, checked in VERDICTS:
        glc = checked.legal_conformity
        if glc.status != "undetermined" and glc.status_confidence == "unverified":
            assert "(probablement, à confirmer)" in checked.explain("fr").split("\n", 4)[3], name


def test_day_counts_agree_with_their_number() -> None:
    """A one-day suspension reads "+1 jour" / "+1 day", a two-day one "+2 jours" / "+2 days"."""
    verdict = _verdict("c28 ")
    for days, fr, en in ((1, "+1 jour)", "+1 day)"), (2, "+2 jours)", "+2 days)")):
        glc = verdict.legal_conformity
        changed = verdict.model_copy(update={"legal_conformity": glc.model_copy(
            update={"liability": glc.liability.model_copy(update={"suspension_days": days})})})
        assert fr in changed.explain("fr") and en in changed.explain("en")


def test_every_enum_a_text_shows_goes_through_its_labels() -> None:
    """A rule text (explanation or caveat) only shows an enum value through value labels: each placeholder naming
    an enum conclusion (or {value} of one) has value_labels, and none names a raw enum or text fact."""
    bad = []
    for rule in RULES.rules.values():
        texts = [rule.explain.fr, rule.explain.en] + ([rule.caveat.fr, rule.caveat.en] if rule.caveat else [])
        for name in {name for text in texts for name in re.findall(r"\{([^{}]*)\}", text)}:
            key = rule.conclusion if name == "value" else name
            doc = RULES.conclusions.get(key)
            unlabelled = doc.type == "enum" and not doc.value_labels if doc is not None else (
                key in FACT_TYPES and FACT_TYPES[key].kind in ("enum", "text"))
            if unlabelled:
                bad.append((rule.id, key))
    assert not bad, bad
