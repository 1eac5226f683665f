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


def _smartphone_waiting_for_an_answer() -> dict[str, Any]:
    """examples/smartphone.yaml at its as_of (20 Nov 2024), the consumer's written claim of 5 Oct 2024 sent but
    the phone not handed over: an open ticket waiting for the seller's answer, with no count running."""
    case = dict(load_case_yaml(EXAMPLE))
    case["history"] = [event for event in case["history"] if event["type"] == "claim"]
    return case


def test_a_quiet_open_ticket_is_not_rejudged_before_its_next_deadline() -> None:
    """The smartphone ticket waiting for an answer on 20 Nov 2024: nothing in its decision follows the calendar
    before 10 Apr 2025. The formal notice it may send should give until as_of + 15 days (written relative to
    as_of, not a daily change) and a court claim not yet filed is judged under today's procedural rules (art.
    750-1 CPC, unchanged until the 1 Sep 2025 version of the amicable-attempt parameter). The first day the
    decision can change is the withdrawal's: delivered 12 Mar 2024, the 14-day period ended 26 Mar 2024;
    even extended by 12 months (art. L221-20) and 14 days after late information, it ends 9 Apr 2025 (a
    Wednesday, a working day), so from 10 Apr 2025 the time bar rests on "over whatever the facts"."""
    case = _smartphone_waiting_for_an_answer()
    verdict = garantie.evaluate(case)
    assert verdict.as_of == dt.date(2024, 11, 20)
    assert verdict.valid_until == dt.date(2025, 4, 10)  # it was as_of + 1 (21 Nov 2024) before from_as_of
    assert verdict.from_as_of == {"escalation.filing_date.today": 0, "escalation.formal_notice.deadline.to_give": 15}
    notice = next(step for step in verdict.next_steps if step.step == "formal_notice")
    assert notice.dates["deadline"] == dt.date(2024, 12, 5)  # the Python attribute keeps the date
    to_give = next(r for r in notice.reasons if r.rule_id == "escalation.formal_notice.deadline.to_give")
    assert "15 jours, soit jusqu'au 5 décembre 2024" in to_give.fr  # the date is rendered when read
    assert "5 décembre 2024" in verdict.explain("fr")
    compact = json.loads(verdict.model_dump_json())
    assert next(s for s in compact["next_steps"] if s["step"] == "formal_notice")["dates"]["deadline"] == {
        "as_of_plus": 15}
    assert next(r for r in compact["reasons"] if r["rule_id"] == "escalation.filing_date.today")["value"] == {
        "as_of_plus": 0}
    assert garantie.Verdict.model_validate_json(verdict.model_dump_json()) == verdict
    eve = garantie.evaluate({**case, "as_of": "2025-04-09"})
    assert decision(eve) == decision(verdict)
    assert [s.dates["deadline"] for s in eve.next_steps if s.step == "formal_notice"] == [dt.date(2025, 4, 24)]
    day = garantie.evaluate({**case, "as_of": "2025-04-10"})
    withdrawal = {b.basis: b for b in day.bases}["withdrawal"]
    assert withdrawal.status == "time_barred"
    assert "withdrawal.status.over_whatever_the_facts" in {r.rule_id for r in withdrawal.reasons}
    assert decision(day) != decision(verdict)


def test_the_example_moves_daily_while_the_phone_is_at_the_repairer() -> None:
    """examples/smartphone.yaml as it is: the phone handed over for repair on 5 Oct 2024 is not back, and each day
    of immobilisation extends the legal warranty (art. L217-16): a legitimate daily change, as_of + 1."""
    verdict = garantie.evaluate(load_case_yaml(EXAMPLE))
    assert verdict.valid_until == dt.date(2024, 11, 21)
    tomorrow = garantie.evaluate({**load_case_yaml(EXAMPLE), "as_of": "2024-11-21"})
    assert tomorrow.legal_conformity.liability.suspension_days == verdict.legal_conformity.liability.suspension_days + 1


def test_a_claim_not_yet_filed_waits_for_the_next_version_of_the_procedural_rules() -> None:
    """A dispute of 800 euros on 15 Sep 2023, no court claim filed: the claim is judged under the rules of the day
    it would be filed. Art. 750-1 CPC was annulled (CE 22 Sep 2022) and restored from 1 Oct 2023: the prior
    amicable attempt is optional until 30 Sep 2023 and required from 1 Oct 2023, so valid_until is that
    parameter boundary, not as_of + 1, and the filing date is not itself a daily change."""
    case = {
        "purchase": {"contract_date": "2023-03-01", "delivery_date": "2023-03-03", "price": 800, "channel": "distance",
                     "sale_mode": "ordinary", "withdrawal_information": "before_contract",
                     "seller": {"kind": "professional", "country": "FR"}, "buyer": {"kind": "consumer"},
                     "product": {"condition": "new", "nature": "goods"}},
        "defect": {"appeared_on": "2023-06-01", "known_on": "2023-06-01", "severity": "ordinary", "cause": "unknown",
                   "accepted_deviation": False},
        "parties": {"amount": 800},
        "history": [{"type": "claim", "date": "2023-06-05", "remedy": "repair", "in_writing": True,
                     "warranty": "legal_conformity"},
                    {"type": "refusal", "date": "2023-06-10", "refused": "any_conformity", "ground": "none"}],
        "as_of": "2023-09-15"}
    verdict = garantie.evaluate(case)
    assert verdict.valid_until == dt.date(2023, 10, 1)
    steps = {step.step: step.status for step in verdict.next_steps}
    assert steps["amicable_attempt"] == "open"
    assert verdict.from_as_of["escalation.filing_date.today"] == 0
    assert decision(garantie.evaluate({**case, "as_of": "2023-09-30"})) == decision(verdict)
    then = garantie.evaluate({**case, "as_of": "2023-10-01"})
    assert {step.step: step.status for step in then.next_steps}["amicable_attempt"] == "due_now"
    assert "escalation.amicable_attempt.required" in {r.rule_id for r in then.reasons}
    assert any("750-1" in label for label in then.cited_articles())
