"""Shared Hypothesis strategies: whole cases as plain mappings, as ``evaluate()`` accepts them.

Each strategy draws every field either with a value or as ``None`` (unknown), so that
properties also exercise the questions path. Dates stay in a bounded window so the
examples run fast.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

__all__ = ["sale_cases"]

_SELLERS = st.sampled_from(["professional", "private", "private_acting_as_professional", None])
_BUYERS = st.sampled_from(["consumer", "non_professional", "professional", None])
_CHANNELS = st.sampled_from(["in_store", "distance", "off_premises", None])
_EXCEPTIONS = st.sampled_from(["none", "custom_made", "perishable", "sealed_media_unsealed", None])
_INFORMATION = st.sampled_from(["before_contract", "later", "never", None])


@st.composite
def sale_cases(draw: st.DrawFn, *, first: dt.date = dt.date(2014, 6, 14),
               last: dt.date = dt.date(2025, 12, 31)) -> dict[str, Any]:
    """A purchase (delivered or not) with optional withdrawal and delivery events, and its as_of."""
    contract = draw(st.dates(first, last))
    delivered = draw(st.booleans())
    delivery = contract + dt.timedelta(days=draw(st.integers(0, 40))) if delivered else None
    start = delivery or contract
    info = draw(_INFORMATION)
    purchase: dict[str, Any] = {
        "contract_date": contract,
        "delivery_date": delivery,
        "delivered": delivered if draw(st.booleans()) or not delivered else None,
        "delivery_date_indicated": draw(st.sampled_from([True, False, None])),
        "agreed_delivery_date": contract + dt.timedelta(days=draw(st.integers(0, 60))),
        "delivery_date_essential": draw(st.sampled_from([True, False, None])),
        "channel": draw(_CHANNELS),
        "withdrawal_information": info,
        "withdrawal_information_given_on": (
            start + dt.timedelta(days=draw(st.integers(0, 500))) if info == "later" else None),
        "seller": {"kind": draw(_SELLERS)},
        "buyer": {"kind": draw(_BUYERS)},
        "product": {"condition": "new", "nature": "goods", "withdrawal_exception": draw(_EXCEPTIONS)},
    }
    history: list[dict[str, Any]] = []
    if draw(st.booleans()):
        notice = start + dt.timedelta(days=draw(st.integers(0, 40)))
        history.append({"type": "withdrawal_notified", "date": notice})
        if draw(st.booleans()):
            history.append({"type": "goods_returned", "date": notice + dt.timedelta(days=draw(st.integers(0, 20)))})
    if not delivered and draw(st.booleans()):
        history.append({"type": "delivery_refused", "date": contract + dt.timedelta(days=draw(st.integers(0, 40)))})
    latest = max([start, *(e["date"] for e in history),
                  *([purchase["withdrawal_information_given_on"]] if purchase["withdrawal_information_given_on"]
                    else [])])
    as_of = latest + dt.timedelta(days=draw(st.integers(0, 500)))
    return {"purchase": purchase, "history": history, "as_of": as_of}
