"""Rules dated by another contract than the purchase (``dated_by``, issue 16): the loader checks the key strictly,
and the reference engine, the generated one and the durable backend read such a rule's periods at that date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import garantie
from garantie import RuleSet, RuleSetError
from garantie.backends import durable

FILE = "repair_service/deadline.yaml"
RULE = "repair_service.delay.on_time"


def _edit_rule(root: Path, old: str, new: str) -> RuleSetError:
    path = root / FILE
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  {RULE}:")
    end = text.index("\n\n", start)
    changed = text[:start] + text[start:end].replace(old, new, 1) + text[end:]
    assert changed != text, "the test's edit did not apply"
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(RuleSetError) as raised:
        RuleSet(root)
    assert (raised.value.file, raised.value.item) == (FILE, RULE)
    return raised.value


DATED = "    dated_by: {fact: repair_service.handed_over_on}"


@pytest.mark.parametrize(("replacement", "key", "message"), [
    ("    dated_by: {fact: repair_service.category}", "dated_by", "not a date"),
    ("    dated_by: {fact: repair_service.handed_over_at}", "dated_by", "unknown fact 'repair_service.handed_over_at'"),
    ("    dated_by: repair_service.handed_over_on", "dated_by", "{fact: <path of a date>}"),
    ("    dated_by: {fact: repair_service.handed_over_on, at: 2024-01-01}", "dated_by", "{fact: <path of a date>}"),
])
def test_a_bad_dated_by_is_refused_naming_file_rule_and_key(rules_copy: Path, replacement: str, key: str,
                                                             message: str) -> None:
    error = _edit_rule(rules_copy, DATED, replacement)
    assert error.key == key and message in str(error)


def test_a_dated_rule_may_not_read_a_purchase_dated_parameter(rules_copy: Path) -> None:
    """A parameter chosen by the purchase's date would mix two laws in one rule: the loader says so."""
    error = _edit_rule(rules_copy, "        - {conclusion: repair_service.warranty_matter, is: none}",
                       "        - {conclusion: repair_service.warranty_matter, is: none}\n"
                       "        - {param: escalation.formal_notice_days, at_least: 1}")
    assert error.key == "dated_by" and "escalation.formal_notice_days" in str(error)


def _old_purchase_recent_repair() -> dict[str, Any]:
    # Every fact given (the durable backend carries no unknown): a 2014 purchase, a repair contract of May 2024.
    return {
        "purchase": {"contract_date": "2014-06-01", "delivery_date": "2014-06-01", "channel": "in_store",
                     "sale_mode": "ordinary", "as_is_clause": False, "price": 600,
                     "seller": {"kind": "professional", "country": "FR"}, "buyer": {"kind": "consumer"},
                     "product": {"condition": "new", "nature": "goods"}},
        "defect": {"appeared_on": "2024-05-02", "known_on": "2024-05-02", "discovered_on": "2024-05-02",
                   "severity": "ordinary", "cause": "unknown", "accepted_deviation": False,
                   "known_at_purchase": False, "seller_knew": False},
        "repair_service": {"repairer": "independent", "category": "household_appliance",
                           "handed_over_on": "2024-05-10", "date_agreed": True, "promised_by": "2024-05-31",
                           "quote_given": True, "quote_amount": 150, "quote_accepted": True, "goods_value": 400,
                           "state": "not_returned"},
        "as_of": "2024-07-01",
    }


@pytest.mark.parametrize("engine", ["default", "builtin", "durable"])
def test_every_engine_reads_the_repair_rules_at_the_repair_contract_date(engine: str) -> None:
    """The purchase (2014) predates the repair rules (contracts from 1 Oct. 2016), the repair contract (2024) does
    not: each engine settles the repair basis, late and awaiting a formal notice, citing L216-6 in its 2021 wording
    (a repair contract of 2024), and the same verdict as the reference engine."""
    if engine == "durable" and (why := durable.available()) is not None:
        pytest.skip(f"durable-rules cross-check not run: {why}")
    case = _old_purchase_recent_repair()
    verdict = garantie.evaluate(case, engine=engine)
    basis = next(b for b in verdict.bases if b.basis == "repair_service")
    assert (basis.status, basis.facts["delay"], basis.dates["deadline"].isoformat()) == (
        "applies", "late_no_notice", "2024-05-31")
    late = next(r for r in verdict.reasons if r.rule_id == "repair_service.delay.late_no_notice")
    assert "C. conso., art. L216-6" in [c.label for c in late.citations]
    assert "C. conso., art. L216-2" not in [c.label for c in late.citations]
    assert verdict == garantie.evaluate(case, engine="builtin")


def test_the_same_repair_two_years_earlier_cites_the_2016_wording() -> None:
    """Moving only the repair contract to 2020 moves the version cited (L216-2, contracts until 2021)."""
    case = _old_purchase_recent_repair()
    case["repair_service"] = {**case["repair_service"], "handed_over_on": "2020-05-10", "promised_by": "2020-05-31"}
    case["defect"] = {**case["defect"], "appeared_on": "2020-05-02", "known_on": "2020-05-02",
                      "discovered_on": "2020-05-02"}
    case["as_of"] = "2020-07-01"
    verdict = garantie.evaluate(case)
    late = next(r for r in verdict.reasons if r.rule_id == "repair_service.delay.late_no_notice")
    labels = [c.label for c in late.citations]
    assert "C. conso., art. L216-2" in labels and "C. conso., art. L216-6" not in labels
