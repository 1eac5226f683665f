"""Properties of the liability period's suspension and renewal (L217-28, L217-13), and of the
interval union that counts suspension days. Each test states its property in its docstring."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import cases

import garantie
from garantie import _dates
from garantie._facts import _renewals
from garantie.case import Case

RULES = garantie.load_rules()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DAY = dt.timedelta(days=1)
CLOSING = ("repair_returned", "replacement_delivered", "refusal", "termination_notified", "claim_abandoned")


@st.composite
def claims_without_hand_over(draw: st.DrawFn) -> dict[str, Any]:
    """A 2022+ contract whose history holds repair or replacement claims (under any warranty) and what may
    follow them (refusals, returns, replacements, abandonment), but no hand-over, no claim recording the
    goods as immobilised, and no negotiation."""
    contract = draw(st.dates(dt.date(2022, 1, 1), dt.date(2027, 12, 31)))
    delivery = contract + draw(st.integers(0, 30)) * DAY
    events: list[dict[str, Any]] = []
    day = delivery
    for _ in range(draw(st.integers(1, 8))):
        day += draw(st.integers(0, 200)) * DAY
        kind = draw(st.sampled_from(["claim", "claim", "refusal", "repair_returned", "replacement_delivered",
                                     "claim_abandoned"]))
        warranty = draw(st.sampled_from(["legal_conformity", "commercial", None]))
        if kind == "claim":
            events.append({"type": "claim", "date": day, "remedy": draw(st.sampled_from(["repair", "replacement"])),
                           "warranty": warranty, "goods_immobilised": draw(st.sampled_from([False, None]))})
        elif kind == "refusal":
            events.append({"type": "refusal", "date": day,
                           "refused": draw(st.sampled_from(["repair", "replacement", "any_conformity"]))})
        elif kind == "claim_abandoned":
            events.append({"type": kind, "date": day})
        else:
            events.append({"type": kind, "date": day, "warranty": warranty})
    return {"purchase": {"contract_date": contract, "delivery_date": delivery, "channel": "in_store",
                         "sale_mode": "ordinary", "seller": {"kind": "professional", "country": "FR"},
                         "buyer": {"kind": "consumer"}, "product": {"condition": "new", "nature": "goods"}},
            "defect": {"appeared_on": delivery, "known_on": delivery, "cause": "unknown",
                       "accepted_deviation": False},
            "history": draw(st.permutations(events)), "as_of": day + draw(st.integers(0, 900)) * DAY}


@SETTINGS
@given(claims_without_hand_over())
def test_a_claim_without_a_hand_over_never_suspends_the_period(case: dict[str, Any]) -> None:
    """A claim alone never suspends the legal warranty: without a hand-over (or a claim recording the goods
    as immobilised) the suspension is 0 days, and the period's end is never a moving floor."""
    period = garantie.evaluate(case, rules=RULES).legal_conformity.liability
    assert period.suspension_days in (0, None)
    assert period.end_moving is not True


@SETTINGS
@given(cases())
def test_suspension_never_exceeds_the_span_of_its_episodes(case: dict[str, Any]) -> None:
    """Suspension days never exceed the days between the first episode bound (the earliest request,
    hand-over or start of negotiation) and the last (the latest return or end of negotiation, or as_of
    while one is still under way): overlapping causes are counted once, never added."""
    verdict = garantie.evaluate(case, rules=RULES)
    days = verdict.legal_conformity.liability.suspension_days or 0
    events = case["history"]
    opening = [e["date"] for e in events if e["type"] in ("claim", "handed_over", "negotiation_started")]
    if not opening:
        assert days == 0
        return
    kinds = [e["type"] for e in events]
    still_open = (kinds.count("handed_over") > kinds.count("repair_returned") + kinds.count("replacement_delivered")
                  or kinds.count("negotiation_started") > kinds.count("negotiation_ended"))
    closing = [e["date"] for e in events if e["type"] in (*CLOSING, "negotiation_ended")]
    last = case["as_of"] if still_open or not closing else max(closing)
    assert days <= max(0, _dates.days_between(min(opening), last))


periods = st.lists(st.tuples(st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)), st.integers(-5, 400)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(periods)
def test_union_of_periods_is_between_the_longest_and_the_sum(raw: list[tuple[dt.date, int]]) -> None:
    """The union of periods counts at least the longest period, at most their sum and at most the span from
    the first start to the last end; it does not depend on the order of the periods."""
    spans = [(start, start + length * DAY) for start, length in raw]
    lengths = [max(0, length) for _, length in raw]
    union = _dates.union_days(spans)
    assert max(lengths, default=0) <= union <= sum(lengths)
    real = [(a, b) for a, b in spans if b > a]
    if real:
        assert union <= _dates.days_between(min(a for a, _ in real), max(b for _, b in real))
    assert union == _dates.union_days(list(reversed(spans)))


def _case(history: list[dict[str, Any]], delivery: dt.date = dt.date(2023, 1, 10)) -> Case:
    # model_validate skips parse_case's date-order checks: the facts must hold on their own
    return Case.model_validate({"purchase": {"contract_date": dt.date(2023, 1, 2), "delivery_date": delivery},
                                "history": history, "as_of": dt.date(2026, 1, 1)})


def test_a_replacement_dated_before_delivery_renews_nothing() -> None:
    """A legal-warranty replacement dated before delivery never renews the warranty (reliability D4)."""
    assert _renewals(_case([
        {"type": "claim", "date": dt.date(2023, 1, 3), "remedy": "repair", "warranty": "legal_conformity"},
        {"type": "replacement_delivered", "date": dt.date(2023, 1, 5), "warranty": "legal_conformity"},
    ])) == ([], [], [], [])


def test_a_repair_made_before_the_replacement_means_no_renewal() -> None:
    """Only a repair that was not carried out makes the later replacement renew the warranty (L217-13 al. 2)."""
    renewed, after_failed, without_request, _ = _renewals(_case([
        {"type": "claim", "date": dt.date(2023, 3, 1), "remedy": "repair", "warranty": "legal_conformity"},
        {"type": "repair_returned", "date": dt.date(2023, 3, 10), "warranty": "legal_conformity"},
        {"type": "replacement_delivered", "date": dt.date(2023, 6, 1), "warranty": "legal_conformity"},
    ]))
    assert renewed == after_failed == [] and without_request == [dt.date(2023, 6, 1)]


def test_a_repair_claim_of_unknown_warranty_is_asked_only_when_a_replacement_follows() -> None:
    """The warranty of a repair request matters for the renewal only if a legal replacement follows it."""
    claim = {"type": "claim", "date": dt.date(2023, 3, 1), "remedy": "repair"}
    assert _renewals(_case([claim])) == ([], [], [], [])
    replaced = {"type": "replacement_delivered", "date": dt.date(2023, 6, 1), "warranty": "legal_conformity"}
    assert _renewals(_case([claim, replaced]))[3] == ["history[0].warranty"]


def test_renewal_matching_is_linear_in_the_number_of_events() -> None:
    """Matching replacements with earlier repair claims sorts once: 40,000 events (replacements dated
    before the claims, the reliability report's quadratic case D8) take well under a second."""
    history: list[dict[str, Any]] = [
        {"type": "replacement_delivered", "date": dt.date(2023, 2, 1), "warranty": "legal_conformity",
         "chosen_by": "seller"} for _ in range(20_000)]
    history += [{"type": "claim", "date": dt.date(2023, 3, 1), "remedy": "repair", "warranty": "legal_conformity"}
                for _ in range(20_000)]
    case = _case(history)
    began = time.perf_counter()
    renewed, _, without_request, _ = _renewals(case)
    assert time.perf_counter() - began < 2.0
    assert renewed == [] and len(without_request) == 20_000
