"""Properties of the escalation path and of letters over generated cases (strategies in tests/strategies.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import remedy_cases, sale_cases

import garantie
from garantie.letters import KINDS

SETTINGS = settings(max_examples=60, deadline=None)
FROM_2016 = st.dates(min_value=dt.date(2016, 7, 1), max_value=dt.date(2026, 6, 30))


@st.composite
def escalation_cases(draw: st.DrawFn) -> dict[str, Any]:
    """A remedy case whose claims may be written, with amicable steps, a sum at stake and an as_of up to two
    years later (so that the mediation year may have run out)."""
    case = draw(remedy_cases(contract=FROM_2016))
    for event in case["history"]:
        if event["type"] == "claim":
            event["in_writing"] = draw(st.sampled_from([True, False, None]))
    last = max([case["defect"]["appeared_on"], *(e["date"] for e in case["history"])])
    for kind in draw(st.lists(st.sampled_from(["mediation_requested", "formal_notice", "court_claim_filed"]),
                              max_size=2)):
        event: dict[str, Any] = {"type": kind, "date": last + dt.timedelta(days=draw(st.integers(0, 500)))}
        if kind == "mediation_requested":
            event["by"] = draw(st.sampled_from(["consumer_mediator", "conciliator", None]))
        case["history"].append(event)
    last = max(e["date"] for e in case["history"]) if case["history"] else last
    case["as_of"] = last + dt.timedelta(days=draw(st.integers(0, 730)))
    amount = draw(st.one_of(st.none(), st.decimals(0, 20000, places=2)))
    if amount is not None:
        case["parties"] = {"amount": amount}
    return case


@SETTINGS
@given(escalation_cases())
def test_no_step_is_due_now_after_its_last_day(case: dict[str, Any]) -> None:
    """A step whose last day has passed on as_of is never 'due_now' (it is closed, done or not applicable)."""
    verdict = garantie.evaluate(case)
    for step in verdict.next_steps:
        if step.last_day is not None and verdict.as_of > step.last_day:
            assert step.status != "due_now", (step.step, step.last_day, verdict.as_of)


def _demands_only_what_is_available(verdict: garantie.Verdict) -> None:
    available = {r.remedy for r in verdict.remedies if r.status == "available"}
    for kind in KINDS:
        try:
            written = garantie.letter(verdict, kind)
        except garantie.LetterError:
            continue
        if written.demand in {"repair", "replacement", "price_reduction", "termination"}:
            assert written.demand in available, (kind, written.demand, available)
        assert set(written.citations) <= set(verdict.cited_articles())


@SETTINGS
@given(escalation_cases())
def test_a_letter_never_demands_a_remedy_the_verdict_does_not_make_available(case: dict[str, Any]) -> None:
    """Whatever the kind, a letter the verdict allows demands one of its available remedies (or what another
    basis gives), and cites only what the verdict cites."""
    _demands_only_what_is_available(garantie.evaluate(case))


@SETTINGS
@given(sale_cases())
def test_delivery_and_withdrawal_letters_stay_within_the_verdict(case: dict[str, Any]) -> None:
    """The same for sales with delivery and withdrawal events (non-delivery, withdrawal, late refund letters)."""
    case.setdefault("parties", {"amount": Decimal("100")})
    _demands_only_what_is_available(garantie.evaluate(case))
