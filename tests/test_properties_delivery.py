"""Properties of the delivery and withdrawal bases over generated purchases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from strategies import sale_cases

import garantie
from garantie._dates import add_days, add_months

RULES = garantie.load_rules()
BOUNDED = settings(max_examples=100, deadline=None)


def _basis(verdict: garantie.Verdict, name: str) -> Any:
    return next(b for b in verdict.bases if b.basis == name)


@BOUNDED
@given(sale_cases())
def test_no_withdrawal_from_a_private_seller_or_in_store(case: dict[str, Any]) -> None:
    """A purchase from a private seller, or made in a shop, never yields the right of withdrawal."""
    purchase = case["purchase"]
    verdict = garantie.evaluate(case)
    if purchase["seller"]["kind"] == "private" or purchase["channel"] == "in_store":
        assert _basis(verdict, "withdrawal").status == "does_not_apply"


@BOUNDED
@given(sale_cases())
def test_withdrawal_deadline_never_before_delivery_plus_14_days(case: dict[str, Any]) -> None:
    """For contracts under the loi Hamon and after, the last day to withdraw, when settled, is never
    earlier than delivery + 14 days."""
    verdict = garantie.evaluate(case)
    deadline = _basis(verdict, "withdrawal").dates.get("deadline")
    delivery = case["purchase"]["delivery_date"]
    if deadline is not None:
        assert delivery is not None
        assert deadline >= add_days(delivery, 14)


@BOUNDED
@given(sale_cases(first=dt.date(2001, 8, 25)))
def test_every_settled_basis_cites_an_article_governing_the_contract(case: dict[str, Any]) -> None:
    """Every basis whose status is settled gives, for that status, at least one citation, and every
    citation shown is a version that governs the contract date."""
    verdict = garantie.evaluate(case)
    contract = case["purchase"]["contract_date"]
    for basis in verdict.bases:
        if basis.status == "undetermined":
            continue
        status_reasons = [r for r in basis.reasons if r.conclusion.endswith(".status")]
        assert status_reasons, f"{basis.basis}: no reason for its status"
        for reason in status_reasons:
            assert reason.citations, f"{reason.rule_id} cites nothing for a {contract} contract"
            for cited in reason.citations:
                assert RULES.citations[cited.id].governs_contracts.contains(contract)


@BOUNDED
@given(sale_cases())
def test_late_withdrawal_information_never_gives_less_than_14_days(case: dict[str, Any]) -> None:
    """When the withdrawal information came after the contract but before the 12-month extension could
    have ended, neither the last day to withdraw nor the safe last day is earlier than 14 days after
    the day the consumer received it (L221-20, directive 2011/83 art. 10; WO-8)."""
    purchase = case["purchase"]
    given_on = purchase["withdrawal_information_given_on"]
    delivery = purchase["delivery_date"]
    if purchase["withdrawal_information"] != "later" or delivery is None:
        return
    if given_on > add_months(add_days(delivery, 14), 12):
        return
    dates = _basis(garantie.evaluate(case), "withdrawal").dates
    for name in ("deadline", "safe_deadline"):
        if name in dates:
            assert dates[name] >= add_days(given_on, 14), name
