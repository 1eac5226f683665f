"""The letter to a paid repairer (``repairer_notice``, issue 16): what it demands follows the repair basis, with the
input dates and amounts and the articles the verdict cites; a warranty matter is refused and sent to the seller."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import garantie
from garantie.letters import letter, parties_of

BASE: dict[str, Any] = {
    "purchase": {"contract_date": "2019-03-01", "delivery_date": "2019-03-01", "channel": "in_store",
                 "sale_mode": "ordinary", "seller": {"kind": "professional", "country": "FR"},
                 "buyer": {"kind": "consumer"}, "product": {"condition": "new", "nature": "goods"}},
    "defect": {"appeared_on": "2024-05-02", "known_on": "2024-05-02", "severity": "ordinary", "cause": "unknown",
               "accepted_deviation": False, "known_at_purchase": False},
    "repair_service": {"repairer": "independent", "category": "household_appliance", "handed_over_on": "2024-05-10",
                       "date_agreed": True, "promised_by": "2024-05-31", "quote_given": True, "quote_amount": 150,
                       "quote_accepted": True, "state": "not_returned"},
    "parties": {"consumer": {"name": "Camille Martin", "address": "12 rue des Lilas\n69003 Lyon"},
                "repairer": {"name": "Répar'Électro SARL", "address": "4 rue Garibaldi\n69006 Lyon"},
                "order_number": "R-2024-0412", "place": "Lyon"},
    "as_of": "2024-07-01",
}


def _case(as_of: str = "2024-07-01", **repair: Any) -> dict[str, Any]:
    case = copy.deepcopy(BASE)
    case["repair_service"].update(repair)
    case["as_of"] = as_of
    return case


def _letter(case: dict[str, Any], lang: str = "fr") -> tuple[garantie.Verdict, garantie.Letter]:
    verdict = garantie.evaluate(case)
    return verdict, letter(verdict, "repairer_notice", lang, parties=parties_of(garantie.Case.model_validate(case)))


def _cited(verdict: garantie.Verdict, written: garantie.Letter, *articles: str) -> None:
    text = " ".join(written.text().split())
    assert set(written.citations) <= set(verdict.cited_articles())
    for article in articles:
        assert f"art. {article} :" in text, article
    assert not re.search(r"\[[^\]]*\]", text), "every party field is given: no blank marker"


# (situation, repair fields, as_of, demand, phrases the letter must hold, articles it must cite)
SITUATIONS = [
    ("late, no notice yet: finish the repair by the deadline it gives", {}, "2024-07-01", "complete_repair",
     ["terminer la réparation", "au plus tard le 16 juillet 2024", "10 mai 2024", "31 mai 2024", "150 €"],
     ["1344", "1226", "L216-6"]),
    ("late after an unheeded notice: termination, goods back, refund",
     {"formal_notice_on": "2024-06-20", "formal_notice_deadline": "2024-07-15"}, "2024-08-01", "terminate",
     ["Résolution du contrat de réparation", "mise en demeure du 20 juin 2024", "expiré le 15 juillet 2024",
      "restituer le bien immédiatement"], ["1224", "1226"]),
    ("extra above the accepted quote: pay the quote only",
     {"state": "returned_repaired", "returned_on": "2024-05-28", "invoiced_amount": 230, "extra_agreed": False},
     "2024-07-01", "refuse_extra", ["facture de 230 €", "dépasse de 80 €", "je ne vous dois que 150 €"],
     ["1103", "1193"]),
    ("ready but held for an extra: refuse it and demand the goods against the quote",
     {"state": "ready_not_collected", "ready_on": "2024-05-30", "invoiced_amount": 200, "extra_agreed": False},
     "2024-07-01", "return_goods", ["restituer le bien au plus tard le 16 juillet 2024", "seul prix convenu (150 €)",
                                    "dépasse de 50 €", "10 mai 2025"], ["1932", "1193"]),
    ("sale announced as 'abandoned' too early: the goods back, still mine",
     {"sale_threatened_on": "2024-05-25"}, "2024-05-28", "return_goods",
     ["restituer le bien au plus tard le 12 juin 2024", "reste ma propriété", "10 mai 2025", "autorisation du juge"],
     ["1"]),
    ("returned damaged: restore or compensate",
     {"state": "returned_damaged", "returned_on": "2024-05-28", "repairer_proves_no_fault": False}, "2024-07-01",
     "restore_or_compensate", ["rendu endommagé", "remettre en état à vos frais"], ["1789", "1231-1"]),
    ("lost: compensate its value",
     {"state": "lost", "repairer_proves_no_fault": False}, "2024-07-01", "compensate_loss",
     ["pas en mesure de me restituer", "m'indemniser de sa valeur"], ["1789", "1790"]),
    ("fault persists: redo or refund",
     {"state": "returned_defect_persists", "returned_on": "2024-05-25", "invoiced_amount": 150,
      "repairer_proves_no_fault": False}, "2024-07-01", "redo_or_refund",
     ["La panne persiste", "reprendre la réparation sans frais"], ["1231-1"]),
]


@pytest.mark.parametrize(("situation", "repair", "as_of", "demand", "phrases", "articles"), SITUATIONS,
                         ids=[s[0] for s in SITUATIONS])
def test_each_situation_demands_its_own_performance(situation: str, repair: dict[str, Any], as_of: str, demand: str,
                                                    phrases: list[str], articles: list[str]) -> None:
    verdict, written = _letter(_case(as_of, **repair))
    assert written.demand == demand, situation
    text = " ".join(written.text().split())
    for phrase in phrases:
        assert phrase in text, phrase
    assert written.recipient[0] == "Répar'Électro SARL" and written.registered
    _cited(verdict, written, *articles)
    english = _letter(_case(as_of, **repair), "en")[1]
    assert english.demand == demand and "{{" not in english.text() and "Dear Sir or Madam" in english.text()


def test_the_deadline_is_the_one_the_repair_step_gives() -> None:
    verdict, written = _letter(_case())
    step = next(s for s in verdict.next_steps if s.step == "repair_notice")
    assert (step.status, step.dates["deadline"].isoformat()) == ("due_now", "2024-07-16")
    assert written.deadline == "16 juillet 2024"


WARRANTY = {"purchase": {**BASE["purchase"], "contract_date": "2024-01-10", "delivery_date": "2024-01-10"},
            "defect": {**BASE["defect"], "appeared_on": "2024-09-01", "known_on": "2024-09-01"},
            "repair_service": {**BASE["repair_service"], "repairer": "seller_after_sales",
                               "handed_over_on": "2024-09-05", "promised_by": "2024-09-20", "invoiced_amount": 120},
            "parties": BASE["parties"], "as_of": "2024-10-01"}


def test_a_warranty_matter_is_refused_and_sent_to_the_seller() -> None:
    verdict = garantie.evaluate(WARRANTY)
    assert verdict.legal_conformity.status == "applies"
    with pytest.raises(garantie.LetterError, match=r"warranty matter .*'conformity_notice'"):
        letter(verdict, "repairer_notice")
    # the warranty letter to the seller applies instead, and demands a free remedy
    notice = letter(verdict, "conformity_notice", parties=WARRANTY["parties"])
    assert notice.demand in ("repair", "replacement")


def test_a_commercial_warranty_matter_names_the_commercial_letter() -> None:
    case = copy.deepcopy(BASE)
    case["purchase"].update(contract_date="2021-06-01", delivery_date="2021-06-01", commercial_warranty={
        "guarantor": "producer", "starts_on": "2021-06-01", "duration_months": 36, "advertised_duration_months": 36})
    case["defect"].update(appeared_on="2024-02-01", known_on="2024-02-01")
    case["repair_service"].update(repairer="manufacturer_service", handed_over_on="2024-02-05",
                                  promised_by="2024-02-20")
    case["as_of"] = "2024-02-15"
    with pytest.raises(garantie.LetterError, match="'commercial_warranty_claim'"):
        letter(garantie.evaluate(case), "repairer_notice")


@pytest.mark.parametrize(("case", "why"), [
    ({k: v for k, v in BASE.items() if k != "repair_service"}, "describes no paid repair"),
    (_case("2024-05-20"), "nothing to claim from the repairer"),
    (_case(state="returned_repaired", returned_on="2024-05-28", invoiced_amount=150), "nothing to claim"),
])
def test_a_repair_letter_that_does_not_fit_is_refused_with_why(case: dict[str, Any], why: str) -> None:
    with pytest.raises(garantie.LetterError, match=why):
        letter(garantie.evaluate(case), "repairer_notice")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed (.ci/run installs it)")
def test_the_termination_letter_pdf_carries_dates_amounts_and_articles(tmp_path: Path) -> None:
    _, written = _letter(_case("2024-08-01", formal_notice_on="2024-06-20", formal_notice_deadline="2024-07-15"))
    pdf = tmp_path / "repair.pdf"
    pdf.write_bytes(written.pdf())
    layer = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                    text=True).stdout.split())
    for needed in ("Résolution du contrat de réparation", "20 juin 2024", "15 juillet 2024", "150 €",
                   "Lettre recommandée avec accusé de réception", written.place_date):
        assert needed in layer, needed
    for label in written.citations:
        assert " ".join(label.split()) in layer, label
