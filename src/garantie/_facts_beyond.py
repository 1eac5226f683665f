"""Derived facts for the bases beyond the legal conformity warranty.

They describe what the history shows about a commercial-warranty immobilisation,
a card opposition, a payment-dispute refund and a referral to the manufacturer.
Which immobilisations the law counts (the 7-day floor before 2022, the more
favourable starting point from 2022) is decided by the rules, not here: each
episode is measured both from its earlier and from its later starting point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from garantie import _dates
from garantie._episodes import episodes, negotiation_periods, termination_day
from garantie._expr import BOOL, NUMBER, Unknown, ValueType
from garantie.case import Case
from garantie.history import (
    CardOppositionConsidered,
    PaymentDisputeRefund,
    RedirectedToManufacturer,
)

__all__ = ["BEYOND_FACTS", "BEYOND_UNKNOWN_PATHS", "Param", "beyond_facts"]

CARD_REASONS = ValueType(
    "enum", frozenset({"lost", "stolen", "misappropriated", "unauthorised", "payee_insolvency", "commercial_dispute"}))

_IMMO = ("Commercial-warranty repairs or replacements (episodes from the request or hand-over to the return, "
         "or to as_of")
BEYOND_FACTS: dict[str, tuple[ValueType, str]] = {
    "history.commercial_immobilisations": (
        NUMBER, "Number of episodes in which the goods were immobilised under a commercial warranty."),
    "history.commercial_immobilisation_days_from_earlier_start": (
        NUMBER, f"{_IMMO} while still immobilised): total days, each episode counted from the earlier of the "
        "request and the hand-over."),
    "history.commercial_immobilisation_days_from_later_start": (
        NUMBER, f"{_IMMO}): total days, each episode counted from the later of "
        "the request and the hand-over."),
    "history.commercial_immobilisation_longest_from_later_start": (
        NUMBER, "The longest single commercial-warranty immobilisation, counted from its later "
        "starting point "
        "(0 when there was none)."),
    "history.commercial_immobilisation_days_long_enough": (
        NUMBER, "Total days of the commercial-warranty immobilisations that each lasted at least the minimum "
        "of the contract's regime (parameter commercial.old_immobilisation_min_days), each counted from its later "
        "starting point; the shorter ones left out."),
    "history.commercial_suspension_days": (
        NUMBER, "Days on which a commercial-warranty immobilisation (each from the earlier of its request and "
        "its hand-over) or an amicable negotiation was under way, each day counted once; never after "
        "termination."),
    "history.commercial_suspension_ongoing": (
        BOOL, "Whether a commercial-warranty immobilisation or an amicable negotiation is still under way on "
        "as_of (neither closed nor ended by termination), so that the warranty's end still moves."),
    "history.commercial_immobilisation_shortest_from_later_start": (
        NUMBER, "The shortest single commercial-warranty immobilisation, counted from its later "
        "starting point "
        "(0 when there was none)."),
    "history.card_opposition_considered": (BOOL, "Whether the consumer considers or made a card opposition."),
    "history.card_opposition_reason": (
        CARD_REASONS, "The reason given for the latest card opposition considered."),
    "history.payment_dispute_refunded": (
        BOOL, "Whether money came back through a payment dispute (chargeback, PayPal claim)."),
    "history.payment_dispute_refund_total": (
        NUMBER, "Total euros refunded through payment disputes."),
    "history.redirected_to_manufacturer": (
        BOOL, "Whether the seller told the consumer to go to the manufacturer."),
}

# Event fields these facts may need and find missing (each has a question).
BEYOND_UNKNOWN_PATHS: tuple[str, ...] = (
    "history[card_opposition_considered].reason", "history[payment_dispute_refund].amount")


Param = Callable[[str, dt.date | None], Any]
MIN_DAYS = "commercial.old_immobilisation_min_days"


def beyond_facts(case: Case, param: Param | None = None) -> dict[str, Any]:
    """The facts above; ``param`` gives a parameter's value for the contract (the 7-day floor of the
    old regime stays a dated parameter, never a literal here)."""
    as_of = case.as_of
    assert as_of is not None
    facts: dict[str, Any] = {}
    ended = termination_day(case)
    closing = min(as_of, ended) if ended is not None else as_of
    earlier_total = later_total = 0
    lengths: list[int] = []
    periods: list[tuple[dt.date, dt.date]] = []
    unsure: list[str] = []
    ongoing = False
    for episode in episodes(case):
        if episode.warranty is None:
            unsure += episode.warranty_paths
            continue
        if episode.warranty != "commercial":
            continue
        first, last = episode.bounds(as_of, from_first_step=True)
        last = min(last, closing)
        ongoing = ongoing or (episode.end is None and last == as_of)
        earlier_total += max(0, _dates.days_between(first, last))
        later = max(0, _dates.days_between(episode.start(from_first_step=False), last))
        later_total += later
        lengths.append(later)
        periods.append((first, last))
    floor = param(MIN_DAYS, None) if param is not None and lengths else 0
    negotiations, negotiating = negotiation_periods(case, closing)
    if unsure:
        for name in ("commercial_immobilisations", "commercial_immobilisation_days_from_earlier_start",
                     "commercial_immobilisation_days_from_later_start",
                     "commercial_immobilisation_longest_from_later_start",
                     "commercial_immobilisation_shortest_from_later_start",
                     "commercial_immobilisation_days_long_enough", "commercial_suspension_days",
                     "commercial_suspension_ongoing"):
            facts[f"history.{name}"] = Unknown(unsure)
    else:
        facts["history.commercial_immobilisation_days_long_enough"] = (
            floor if isinstance(floor, Unknown) else sum(days for days in lengths if days >= floor))
        facts["history.commercial_suspension_days"] = _dates.union_days(periods + negotiations)
        facts["history.commercial_suspension_ongoing"] = ongoing or bool(negotiating)
        facts["history.commercial_immobilisations"] = len(lengths)
        facts["history.commercial_immobilisation_days_from_earlier_start"] = earlier_total
        facts["history.commercial_immobilisation_days_from_later_start"] = later_total
        facts["history.commercial_immobilisation_longest_from_later_start"] = max(lengths, default=0)
        facts["history.commercial_immobilisation_shortest_from_later_start"] = min(lengths, default=0)

    ordered = sorted(enumerate(case.history), key=lambda pair: pair[1].date)
    oppositions = [(i, e) for i, e in ordered if isinstance(e, CardOppositionConsidered)]
    facts["history.card_opposition_considered"] = bool(oppositions)
    if oppositions:
        index, latest = oppositions[-1]
        facts["history.card_opposition_reason"] = (
            latest.reason if latest.reason is not None else Unknown([f"history[{index}].reason"]))
    else:
        facts["history.card_opposition_reason"] = Unknown()

    refunds = [(i, e) for i, e in ordered if isinstance(e, PaymentDisputeRefund)]
    facts["history.payment_dispute_refunded"] = bool(refunds)
    missing = [f"history[{i}].amount" for i, e in refunds if e.amount is None]
    facts["history.payment_dispute_refund_total"] = (
        Unknown(missing) if missing
        else sum((e.amount for _, e in refunds if e.amount is not None), Decimal(0)))
    facts["history.redirected_to_manufacturer"] = any(
        isinstance(e, RedirectedToManufacturer) for _, e in ordered)
    return facts
