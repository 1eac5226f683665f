"""Properties of the bases beyond the legal conformity warranty."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import basis_cases, commercial_warranties

import garantie

RULES = garantie.load_rules()


def _legal_rights(verdict: garantie.Verdict) -> dict[str, Any]:
    glc = verdict.legal_conformity
    return {"status": glc.status, "liability": glc.liability.model_dump(), "presumption_end": glc.presumption_end,
            "burden": glc.burden_of_proof, "deadline": glc.action_deadline, "anteriority": glc.anteriority,
            "hidden_defects": [b.model_dump(exclude={"reasons"}) for b in verdict.bases if b.basis == "hidden_defects"]}


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_commercial_warranty_never_removes_a_legal_right(data: st.DataObject) -> None:
    """Adding a commercial warranty (any terms) to a case leaves the legal conformity warranty's status and
    dates, and the hidden-defects basis, exactly as they were: it only adds to legal rights."""
    case = data.draw(basis_cases())
    with_warranty = copy.deepcopy(case)
    with_warranty["purchase"]["commercial_warranty"] = data.draw(
        commercial_warranties(case["purchase"]["contract_date"]))
    assert _legal_rights(garantie.evaluate(with_warranty)) == _legal_rights(garantie.evaluate(case))


@settings(max_examples=100, deadline=None)
@given(basis_cases(seller_kind=st.just("private")))
def test_private_seller_never_owes_the_legal_warranty(case: dict[str, Any]) -> None:
    """A private seller (not behaving as a professional) never yields the legal conformity warranty, nor a
    withdrawal right if the rule set has a 'withdrawal' basis."""
    verdict = garantie.evaluate(case)
    # "undetermined" is possible (other facts unknown) but never "applies".
    assert verdict.legal_conformity.status != "applies"
    assert all(b.status != "applies" for b in verdict.bases if b.basis == "withdrawal")


@settings(max_examples=100, deadline=None)
@given(basis_cases())
def test_every_settled_status_cites_a_governing_version(case: dict[str, Any]) -> None:
    """Every basis whose status is settled (not undetermined) is supported by at least one citation of an
    article version that governs contracts of the case's contract date."""
    verdict = garantie.evaluate(case)
    contract = verdict.contract_date
    statuses = [("glc", verdict.legal_conformity.status, verdict.legal_conformity.reasons)]
    statuses += [(b.basis, b.status, b.reasons) for b in verdict.bases]
    for name, status, reasons in statuses:
        if status == "undetermined":
            continue
        cited = [c.id for r in reasons if r.conclusion.endswith(".status") for c in r.citations]
        assert cited, f"{name}: status {status} without citation"
        assert any(RULES.citations[c].governs_contracts.contains(contract) for c in cited), name
