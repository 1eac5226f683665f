"""Shared Hypothesis strategies: cases as plain mappings, the shape ``evaluate()`` accepts.

Dates are drawn as offsets from the contract date, so every generated case passes the
input checks (nothing before the contract, nothing after ``as_of``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

# Contract dates on both sides of the 2022 reform, all under the legal conformity warranty.
contract_dates = st.dates(min_value=dt.date(2005, 2, 19), max_value=dt.date(2026, 6, 30))
severities = st.sampled_from(["minor", "ordinary", "serious"])


@st.composite
def remedy_events(draw: st.DrawFn, start: dt.date, days: int) -> list[dict[str, Any]]:
    """A history of up to six remedy events between ``start`` and ``start + days``."""
    def day() -> dt.date:
        return start + dt.timedelta(days=draw(st.integers(0, days)))

    kinds = st.sampled_from(["claim", "refusal", "repair_returned", "replacement_delivered",
                             "major_inconvenience", "costs_borne"])
    events: list[dict[str, Any]] = []
    for kind in draw(st.lists(kinds, max_size=6)):
        if kind == "claim":
            events.append({"type": "claim", "date": day(), "warranty": "legal_conformity",
                           "remedy": draw(st.sampled_from(["repair", "replacement"]))})
        elif kind == "refusal":
            events.append({"type": "refusal", "date": day(),
                           "refused": draw(st.sampled_from(["repair", "replacement", "any_conformity"])),
                           "ground": draw(st.sampled_from(["impossible", "disproportionate", "other", "none"])),
                           "reasoned_in_writing": draw(st.booleans())})
        elif kind in ("repair_returned", "replacement_delivered"):
            event = {"type": kind, "date": day(), "warranty": "legal_conformity",
                     "defect_persists": draw(st.booleans())}
            if kind == "replacement_delivered":
                event["chosen_by"] = draw(st.sampled_from(["consumer", "seller"]))
            events.append(event)
        elif kind == "major_inconvenience":
            events.append({"type": "major_inconvenience", "date": day()})
        else:
            events.append({"type": "costs_borne", "date": day(),
                           "cost": draw(st.sampled_from(["removal", "installation", "postage"])),
                           "definitive": draw(st.booleans())})
    return events


@st.composite
def remedy_cases(draw: st.DrawFn, contract: st.SearchStrategy[dt.date] = contract_dates,
                 severity: st.SearchStrategy[str] = severities) -> dict[str, Any]:
    """A B2C sale of new goods whose defect appears within a year, with a remedy history."""
    signed = draw(contract)
    delivered = signed + dt.timedelta(days=draw(st.integers(0, 10)))
    appeared = delivered + dt.timedelta(days=draw(st.integers(1, 360)))
    history = draw(remedy_events(appeared, 120))
    last = max([appeared, *(e["date"] for e in history)])
    as_of = last + dt.timedelta(days=draw(st.integers(0, 90)))
    return {
        "purchase": {"contract_date": signed, "delivery_date": delivered, "sale_mode": "ordinary",
                     "channel": "in_store", "seller": {"kind": "professional"}, "buyer": {"kind": "consumer"},
                     "product": {"condition": "new", "nature": "goods"}},
        "defect": {"appeared_on": appeared, "known_on": appeared, "severity": draw(severity), "cause": "unknown",
                   "accepted_deviation": False, "known_at_purchase": False},
        "history": history,
        "as_of": as_of,
    }
