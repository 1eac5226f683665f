"""``verdict.valid_until``: the decision is the same on every day strictly before it.

The decision is exactly what a back-office stores and what ``bench/bench_speed.py --only nightly`` compares: the
compact JSON (statuses, dates, values, rule ids, citations, questions, assumptions and warning codes; no
sentence; dates counted from as_of written relative to it) without ``as_of`` and ``valid_until`` themselves.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import strategies
from casefiles import load_cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import garantie
from garantie._yaml import load_case_yaml

TODAY = dt.date(2026, 11, 22)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "smartphone.yaml"


def decision(verdict: garantie.Verdict) -> Any:
    document = json.loads(verdict.model_dump_json())
    document.pop("as_of"), document.pop("valid_until")
    return document


def at(data: dict[str, Any], day: dt.date) -> garantie.Verdict:
    return garantie.evaluate({**data, "as_of": day.isoformat()})


def check(data: dict[str, Any], offsets: list[float]) -> None:
    try:
        first = garantie.evaluate(data, today=TODAY)
    except garantie.GarantieError:
        return
    if first.valid_until is None:
        days = [first.as_of + dt.timedelta(days=d) for d in (1, 400, 4000)]
    else:
        span = (first.valid_until - first.as_of).days
        assert span >= 1
        days = sorted({first.as_of + dt.timedelta(days=max(1, min(span - 1, round(f * (span - 1))))) for f in offsets}
                      | {first.valid_until - dt.timedelta(days=1)})
        days = [d for d in days if first.as_of < d < first.valid_until]
    expected = decision(first)
    base = {**data, "as_of": first.as_of.isoformat()}
    for day in days:
        if day > dt.date(2200, 1, 1):
            continue
        assert decision(at(base, day)) == expected, (first.as_of, day, first.valid_until)


@pytest.mark.parametrize("case", [c for c in load_cases() if c.expect is not None and c.known_bug is None],
                         ids=lambda c: c.id)
def test_case_files_keep_their_decision_until_valid_until(case: Any) -> None:
    """Property: for every case file, the decision on as_of+1, the day before valid_until and a day between
    is the decision on as_of."""
    check(case.input, [0.5])


@SETTINGS
@given(st.one_of(strategies.cases_with_unknowns(), strategies.remedy_cases(), strategies.sale_cases()),
       st.floats(min_value=0, max_value=1))
def test_generated_cases_keep_their_decision_until_valid_until(data: dict[str, Any], where: float) -> None:
    """Property: on generated cases (unknowns, remedy and sale histories), any day strictly before
    valid_until gives the same decision as as_of."""
    check(data, [where])


def test_valid_until_is_after_as_of_and_moves_with_deadlines() -> None:
    """The example's legal warranty: valid_until is a day after as_of, and never before it."""
    verdict = garantie.evaluate({
        "purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-12", "channel": "in_store",
                     "sale_mode": "ordinary", "seller": {"kind": "professional", "country": "FR"},
                     "buyer": {"kind": "consumer"}, "product": {"condition": "new", "nature": "goods"}},
        "defect": {"appeared_on": "2024-09-15", "known_on": "2024-09-15", "severity": "ordinary",
                   "cause": "unknown", "accepted_deviation": False},
        "as_of": "2024-10-01"})
    assert verdict.valid_until is not None and verdict.valid_until > verdict.as_of
    later = garantie.evaluate({**verdict_input(), "as_of": verdict.valid_until.isoformat()})
    assert later.as_of == verdict.valid_until


def verdict_input() -> dict[str, Any]:
    return {
        "purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-12", "channel": "in_store",
                     "sale_mode": "ordinary", "seller": {"kind": "professional", "country": "FR"},
                     "buyer": {"kind": "consumer"}, "product": {"condition": "new", "nature": "goods"}},
        "defect": {"appeared_on": "2024-09-15", "known_on": "2024-09-15", "severity": "ordinary",
                   "cause": "unknown", "accepted_deviation": False}}
