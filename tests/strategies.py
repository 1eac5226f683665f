"""Shared Hypothesis strategies: well-formed cases (dates ordered as parse_case requires).

Every optional field is sometimes left unknown (None), so properties also cover the
verdicts that ask questions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

CONTRACTS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2026, 6, 30))
SELLER_KINDS = st.sampled_from(["professional", "private", "private_acting_as_professional"])
BUYER_KINDS = st.sampled_from(["consumer", "non_professional", "professional"])
COUNTRIES = st.sampled_from(["FR", "DE", "US", "CN", "GB", "NO"])


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def commercial_warranties(draw: st.DrawFn, contract: dt.date) -> dict[str, Any]:
    """Terms of a commercial warranty starting on or after the contract."""
    months = draw(st.integers(min_value=0, max_value=120))
    return {
        "guarantor": draw(st.sampled_from(["seller", "producer"])),
        "starts_on": contract + dt.timedelta(days=draw(st.integers(0, 60))),
        "duration_months": months,
        "advertised_duration_months": draw(st.integers(min_value=months, max_value=months + 24)),
        "durability": draw(maybe(st.booleans())),
        "paid": draw(maybe(st.booleans())),
    }


@st.composite
def cases(draw: st.DrawFn, seller_kind: st.SearchStrategy[str] = SELLER_KINDS,
          with_commercial_repairs: bool = True) -> dict[str, Any]:
    """A case as a plain mapping; as_of falls after every date in it."""
    contract = draw(CONTRACTS)
    delivery = contract + dt.timedelta(days=draw(st.integers(0, 30)))
    appeared = delivery + dt.timedelta(days=draw(st.integers(0, 4000)))
    known = appeared + dt.timedelta(days=draw(st.integers(0, 60)))
    discovered = known + dt.timedelta(days=draw(st.integers(0, 400)))
    history: list[dict[str, Any]] = []
    last = discovered
    if with_commercial_repairs and draw(st.booleans()):
        claim = appeared + dt.timedelta(days=draw(st.integers(0, 30)))
        handed = claim + dt.timedelta(days=draw(st.integers(0, 5)))
        back = handed + dt.timedelta(days=draw(st.integers(0, 20)))
        history = [
            {"type": "claim", "date": claim, "remedy": "repair", "warranty": "commercial"},
            {"type": "handed_over", "date": handed, "purpose": "repair", "warranty": "commercial"},
            {"type": "repair_returned", "date": back, "warranty": "commercial"},
        ]
        last = max(last, back)
    as_of = last + dt.timedelta(days=draw(st.integers(0, 3000)))
    return {
        "purchase": {
            "contract_date": contract,
            "delivery_date": delivery,
            "channel": draw(maybe(st.sampled_from(["in_store", "distance", "off_premises"]))),
            "sale_mode": draw(maybe(st.sampled_from(["ordinary", "public_auction", "judicial_sale"]))),
            "seller": {"kind": draw(seller_kind), "country": draw(maybe(COUNTRIES)),
                       "targets_france": draw(maybe(st.booleans()))},
            "buyer": {"kind": draw(maybe(BUYER_KINDS))},
            "product": {"condition": draw(maybe(st.sampled_from(["new", "used", "refurbished"]))),
                        "nature": draw(maybe(st.sampled_from(["goods", "goods_with_digital_elements",
                                                              "domestic_animal"]))),
                        "animal_species": draw(maybe(st.sampled_from(["dog", "cat", "other"])))},
            "as_is_clause": draw(maybe(st.booleans())),
        },
        "defect": {
            "appeared_on": appeared, "known_on": known, "discovered_on": draw(maybe(st.just(discovered))),
            "severity": draw(maybe(st.sampled_from(["minor", "ordinary", "serious"]))),
            "cause": draw(maybe(st.sampled_from(["unknown", "alleged_misuse", "proven_external_cause"]))),
            "accepted_deviation": draw(maybe(st.booleans())), "known_at_purchase": draw(maybe(st.booleans())),
            "apparent_at_purchase": draw(maybe(st.booleans())), "seller_knew": draw(maybe(st.booleans())),
        },
        "history": history,
        "as_of": as_of,
    }
