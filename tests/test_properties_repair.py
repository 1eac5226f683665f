"""Properties of the paid-repair basis (repair_service, issue 16)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import cases

import garantie

# Values of repair_service.* conclusions that would have the consumer pay for (or weigh paying for) the repair.
PAYING = {
    "repair_service.price": {"quote_binds", "extra_agreed", "extra_not_owed", "quote_refused", "to_be_justified"},
    "repair_service.cost_advice": {"cost_exceeds_value", "cost_within_value"},
    "repair_service.repair_bonus": {"may_apply"},
    "repair_service.circular_parts": {"offer_owed"},
}
STATES = ["not_returned", "ready_not_collected", "returned_repaired", "returned_defect_persists",
          "returned_unrepaired", "returned_damaged", "lost"]
CATEGORIES = ["household_appliance", "small_it_telecom", "screen", "bicycle_or_personal_mobility",
              "diy_garden_tool", "motor_vehicle", "other"]


def _day(draw: st.DrawFn, start: dt.date, end: dt.date) -> dt.date:
    return draw(st.dates(start, max(start, end)))


@st.composite
def repair_sections(draw: st.DrawFn, start: dt.date, as_of: dt.date) -> dict[str, Any]:
    """A repair section whose dates lie between ``start`` and ``as_of`` in the order things happen; every
    field is sometimes left out (unknown, or for event records: did not happen)."""
    handed = _day(draw, start, as_of)
    notice = _day(draw, handed, as_of)
    section: dict[str, Any] = {
        "repairer": draw(st.sampled_from(["seller_after_sales", "manufacturer_service", "independent"])),
        "category": draw(st.sampled_from(CATEGORIES)),
        "handed_over_on": handed,
        "date_agreed": draw(st.booleans()),
        "promised_by": _day(draw, handed, as_of + dt.timedelta(days=60)),
        "quote_given": draw(st.booleans()),
        "quote_amount": draw(st.integers(0, 2000)),
        "quote_accepted": draw(st.booleans()),
        "invoiced_amount": draw(st.integers(0, 3000)),
        "extra_agreed": draw(st.booleans()),
        "goods_value": draw(st.integers(0, 3000)),
        "state": draw(st.sampled_from(STATES)),
        "ready_on": _day(draw, handed, as_of),
        "returned_on": _day(draw, handed, as_of),
        "formal_notice_on": notice,
        "formal_notice_deadline": _day(draw, notice, as_of + dt.timedelta(days=60)),
        "sale_threatened_on": _day(draw, handed, as_of),
        "repairer_proves_no_fault": draw(st.booleans()),
    }
    kept = draw(st.sets(st.sampled_from(sorted(section))))
    return {key: value for key, value in section.items() if key in kept or key == "handed_over_on"}


@st.composite
def warranty_cases(draw: st.DrawFn) -> dict[str, Any]:
    """A professional sale to a consumer of new goods from 2016-10-01, delivered at once, whose defect appears
    within 20 months of delivery and is looked at within a year: the legal warranty runs, except when the
    drawn scope facts exclude it."""
    contract = draw(st.dates(dt.date(2016, 10, 1), dt.date(2030, 12, 31)))
    appeared = contract + dt.timedelta(days=draw(st.integers(0, 600)))
    as_of = appeared + dt.timedelta(days=draw(st.integers(0, 365)))
    case: dict[str, Any] = {
        "purchase": {"contract_date": contract, "delivery_date": contract, "channel": "in_store",
                     "sale_mode": "ordinary", "seller": {"kind": "professional", "country": "FR"},
                     "buyer": {"kind": "consumer"}, "product": {"condition": "new", "nature": "goods"}},
        "defect": {"appeared_on": appeared, "known_on": appeared, "cause": "unknown", "accepted_deviation": False,
                   "known_at_purchase": False, "severity": draw(st.sampled_from(["ordinary", "minor"]))},
        "as_of": as_of,
    }
    case["repair_service"] = draw(repair_sections(appeared, as_of))
    return case


def _never_pay(verdict: garantie.Verdict) -> None:
    basis = next(b for b in verdict.bases if b.basis == "repair_service")
    assert basis.status == "does_not_apply", basis.status
    assert basis.facts.get("price") == "free_legal_warranty", basis.facts
    for reason in verdict.reasons:
        assert reason.value not in PAYING.get(reason.conclusion, set()), (reason.rule_id, reason.value)
    # Nor do the next steps or the letter: no step toward the repairer, and its letter is refused for the seller's.
    for step in verdict.next_steps:
        if step.step.startswith("repair_"):
            assert step.status == "not_applicable", (step.step, step.status)
    with pytest.raises(garantie.LetterError, match=r"warranty matter .*'conformity_notice'"):
        garantie.letter(verdict, "repairer_notice")


@settings(max_examples=150, deadline=None)
@given(warranty_cases())
def test_running_legal_warranty_never_has_the_consumer_pay(case: dict[str, Any]) -> None:
    """A defect inside a running legal warranty (its status 'applies') never yields a verdict telling the consumer
    to pay for the repair: the repair basis says it is a warranty matter, the price is 'nothing to pay', no
    reason states a price, a quote, an extra, a cost comparison or a bonus to weigh, every step toward the repairer
    is not applicable, and the repairer letter is refused, naming the warranty letter to the seller."""
    verdict = garantie.evaluate(case)
    assume(verdict.legal_conformity.status == "applies")
    _never_pay(verdict)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_same_property_over_any_case(data: st.DataObject) -> None:
    """Over the general case generator (any regime, scope, history): whenever the legal warranty applies and the
    case describes a repair, the verdict never tells the consumer to pay for it."""
    case = data.draw(cases())
    start = max(case["defect"]["appeared_on"], case["purchase"]["contract_date"])
    case["repair_service"] = data.draw(repair_sections(min(start, case["as_of"]), case["as_of"]))
    verdict = garantie.evaluate(case)
    if verdict.legal_conformity.status == "applies":
        _never_pay(verdict)


@settings(max_examples=60, deadline=None)
@given(cases())
def test_no_repair_section_no_repair_basis(case: dict[str, Any]) -> None:
    """A case that describes no repair shows no repair basis and no repair reason."""
    verdict = garantie.evaluate(case)
    assert all(b.basis != "repair_service" for b in verdict.bases)
    assert not [r.rule_id for r in verdict.reasons if r.rule_id.startswith("repair_service.")]


def test_repair_heading_names_the_repairer_as_the_one_who_must_prove() -> None:
    """When the repair basis applies only absent the repairer's proof, its heading says the repairer (not the
    seller) may prove otherwise, in both languages; and the cost-above-value advice is printed in the text."""
    case: dict[str, Any] = {
        "purchase": {"contract_date": "2019-03-01", "delivery_date": "2019-03-01", "channel": "in_store",
                     "sale_mode": "ordinary", "seller": {"kind": "professional", "country": "FR"},
                     "buyer": {"kind": "consumer"}, "product": {"condition": "new", "nature": "goods"}},
        "defect": {"appeared_on": "2024-05-02", "known_on": "2024-05-02", "cause": "unknown",
                   "accepted_deviation": False, "known_at_purchase": False},
        "repair_service": {"category": "other", "handed_over_on": "2024-05-10", "date_agreed": True,
                           "promised_by": "2024-05-31", "quote_given": True, "quote_amount": 400,
                           "quote_accepted": True, "invoiced_amount": 480, "goods_value": 600,
                           "state": "returned_repaired", "returned_on": "2024-05-28"},
        "as_of": "2024-07-01",
    }
    verdict = garantie.evaluate(case)
    fr, en = verdict.explain("fr"), verdict.explain("en")
    assert "vous avez un recours contre le réparateur, sauf preuve contraire du réparateur" in fr
    assert "unless the repairer proves otherwise" in en
    # A quote above the goods' value that is not accepted yet: the text advises before any payment.
    case["repair_service"] = {**case["repair_service"], "quote_accepted": False, "goods_value": 300,
                              "state": "returned_unrepaired"}
    del case["repair_service"]["invoiced_amount"]
    assert "Rien ne vous oblige à accepter le devis" in garantie.evaluate(case).explain("fr")
