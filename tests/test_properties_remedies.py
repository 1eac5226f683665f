"""Properties of the remedy ladder over generated cases (strategies in tests/strategies.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import remedy_cases

import garantie

SETTINGS = settings(max_examples=60, deadline=None)
FROM_2022 = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 6, 30))


def statuses(case: dict[str, Any]) -> dict[str, str]:
    return {r.remedy: r.status for r in garantie.evaluate(case).remedies}


@SETTINGS
@given(remedy_cases(severity=st.just("minor")))
def test_no_termination_for_a_minor_defect(case: dict[str, Any]) -> None:
    """Termination is never available when the defect is minor (L217-14 al. 3; L211-10)."""
    assert statuses(case)["termination"] != "available"


def _has_l217_14_ground(case: dict[str, Any]) -> bool:
    """Whether the history shows one of the L217-14 cases, judged directly from the events."""
    events = case["history"]
    if case["defect"]["severity"] == "serious":
        return True
    refused = {e["refused"] for e in events if e["type"] == "refusal"}
    if "any_conformity" in refused or {"repair", "replacement"} <= refused:
        return True
    if any(e["type"] == "major_inconvenience" for e in events):
        return True
    if any(e["type"] == "costs_borne" and e["cost"] in ("removal", "installation") and e["definitive"]
           for e in events):
        return True
    if any(e["type"] in ("repair_returned", "replacement_delivered") and e["defect_persists"] for e in events):
        return True
    claims = [e for e in events if e["type"] == "claim"]
    if claims:
        latest = max(claims, key=lambda e: e["date"])["date"]
        deadline = latest + dt.timedelta(days=30)
        done = sorted(e["date"] for e in events if e["type"] in ("repair_returned", "replacement_delivered")
                      and e["date"] >= latest and not e["defect_persists"])
        if (done and done[0] > deadline) or (not done and case["as_of"] > deadline):
            return True
    return False


@SETTINGS
@given(remedy_cases(contract=FROM_2022))
def test_no_price_reduction_or_termination_without_a_ground(case: dict[str, Any]) -> None:
    """Under the 2022 rules, price reduction and termination are never available without an L217-14 case."""
    found = statuses(case)
    if not _has_l217_14_ground(case):
        assert found["price_reduction"] != "available"
        assert found["termination"] != "available"


@SETTINGS
@given(remedy_cases())
def test_a_later_failed_repair_never_closes_a_remedy(case: dict[str, Any]) -> None:
    """Adding a later failed legal-warranty repair never closes a remedy that was open."""
    before = statuses(case)
    # dated as_of, after every event; as_of itself is kept so only the new event differs
    failed = {"type": "repair_returned", "date": case["as_of"], "warranty": "legal_conformity",
              "defect_persists": True}
    after = statuses({**case, "history": [*case["history"], failed]})
    for remedy, status in before.items():
        if status == "available":
            assert after[remedy] == "available", (remedy, before, after)


@SETTINGS
@given(remedy_cases())
def test_every_remedy_status_cites_an_article(case: dict[str, Any]) -> None:
    """Every settled remedy status rests on at least one reason, and each of its reasons cites an article."""
    for remedy in garantie.evaluate(case).remedies:
        if remedy.status != "undetermined":
            status_reasons = [r for r in remedy.reasons if r.conclusion.endswith(".status")]
            assert status_reasons, remedy.remedy
            assert all(r.citations for r in status_reasons), remedy.remedy
