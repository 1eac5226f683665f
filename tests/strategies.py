"""Hypothesis strategies for valid cases: a purchase, a defect and a history of events.

Every strategy here builds input that ``parse_case`` accepts: each date is on or after
the contract date and on or before ``as_of``, delivery never precedes the contract, and
events only use the fields and values the models allow. Dates are chained forward
(contract → delivery → defect → events → as_of) so validity holds by construction,
never by filtering.

``cases`` leaves every fact the legal-conformity rules read *known*, so every conclusion
is settled and properties compare real values; ``cases_with_unknowns`` then blanks a random
selection of optional fields, to exercise undetermined verdicts and their questions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

# Contract dates straddle every regime boundary: before the GLC (2005-02-19), the 2005
# regime, the Hamon presumption (2016-03-18), the renumbering (2016-07-01), the 2021
# ordonnance (2022-01-01) and contracts after the EU right-to-repair date (2026-07-31).
FIRST_CONTRACT = dt.date(2003, 1, 1)
LAST_CONTRACT = dt.date(2030, 12, 31)

BOUNDARIES = (
    dt.date(2005, 2, 18), dt.date(2005, 2, 19), dt.date(2016, 3, 17), dt.date(2016, 3, 18),
    dt.date(2016, 6, 30), dt.date(2016, 7, 1), dt.date(2021, 12, 31), dt.date(2022, 1, 1),
    dt.date(2026, 7, 30), dt.date(2026, 7, 31),
)


def _plus(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


def _mostly(usual: Any, others: list[Any]) -> st.SearchStrategy[Any]:
    """``usual`` about four times in five, else one of ``others``: exclusions are combined
    in each case, so drawing each uniformly would exclude almost every case."""
    return st.sampled_from([usual] * 4 * len(others) + others)


def contract_dates() -> st.SearchStrategy[dt.date]:
    """A contract date between 2003 and 2030, with the regime boundary days drawn often."""
    return st.one_of(st.sampled_from(BOUNDARIES), st.dates(FIRST_CONTRACT, LAST_CONTRACT))


@st.composite
def products(draw: st.DrawFn) -> dict[str, Any]:
    """A product: condition and nature always known; a digital supply length (0-300
    months, often around the 24-month threshold) only for goods with digital elements."""
    nature = draw(st.one_of(
        st.sampled_from(["goods", "goods_with_digital_elements"]),
        st.sampled_from(["goods", "goods_with_digital_elements", "domestic_animal", "electricity",
                         "electricity_packaged", "water_or_gas_packaged", "water_or_gas_unpackaged"])))
    product: dict[str, Any] = {
        "condition": draw(st.sampled_from(["new", "used", "refurbished"])),
        "nature": nature,
    }
    if nature == "goods_with_digital_elements":
        product["digital_supply_months"] = draw(st.one_of(st.sampled_from([23, 24, 25]),
                                                          st.integers(0, 300)))
    return product


@st.composite
def purchases(draw: st.DrawFn, contract: dt.date | None = None) -> dict[str, Any]:
    """A purchase with every scope fact known. Delivery is 0-60 days after the contract.

    Seller and buyer kinds, sale mode and auction attendance range over all their
    values, so exclusions and their exceptions are all reachable; the typical case
    (professional seller, consumer, ordinary sale, plain goods) is weighted up so that
    most generated cases reach the date arithmetic.
    """
    contract = contract if contract is not None else draw(contract_dates())
    delivery = _plus(contract, draw(st.integers(0, 60)))
    return {
        "contract_date": contract,
        "delivery_date": delivery,
        "sale_mode": draw(_mostly("ordinary", ["public_auction", "judicial_sale"])),
        "auction_open_to_in_person_attendance": draw(st.booleans()),
        "seller": {"kind": draw(_mostly("professional", ["private", "private_acting_as_professional"]))},
        "buyer": {"kind": draw(_mostly("consumer", ["non_professional", "professional"]))},
        "product": draw(products()),
    }


@st.composite
def defects(draw: st.DrawFn, delivery: dt.date) -> dict[str, Any]:
    """A defect appearing 0-1200 days after delivery (so before, near and after the
    24-month end), learned of 0-400 days after it appeared. Cause, accepted deviation
    and knowledge at purchase range over all their values, the non-excluding one
    weighted up."""
    appeared = _plus(delivery, draw(st.integers(0, 1200)))
    return {
        "appeared_on": appeared,
        "known_on": _plus(appeared, draw(st.integers(0, 400))),
        "cause": draw(_mostly("unknown", ["alleged_misuse", "proven_external_cause"])),
        "accepted_deviation": draw(_mostly(False, [True])),
        "known_at_purchase": draw(_mostly(False, [True])),
    }


@st.composite
def episodes(draw: st.DrawFn, start: dt.date) -> tuple[list[dict[str, Any]], dt.date]:
    """One immobilisation for the legal warranty, starting 0-200 days after ``start``:
    a claim and a hand-over (either first, as in real life both happen), then the goods
    come back repaired or replaced (by the consumer's or the seller's choice), or are
    still with the seller. Returns the events and the last date used."""
    claim_day = _plus(start, draw(st.integers(0, 200)))
    handover_day = _plus(claim_day, draw(st.integers(-5, 10)))
    handover_day = max(handover_day, start)
    remedy = draw(st.sampled_from(["repair", "repair", "replacement"]))
    events: list[dict[str, Any]] = [
        {"type": "claim", "date": claim_day, "remedy": remedy, "warranty": "legal_conformity"},
        {"type": "handed_over", "date": handover_day, "purpose": remedy, "warranty": "legal_conformity"},
    ]
    last = max(claim_day, handover_day)
    ending = draw(st.sampled_from(["repaired", "replaced", "ongoing"]))
    if ending == "ongoing":
        return events, last
    end_day = _plus(last, draw(st.integers(1, 60)))
    if ending == "repaired":
        events.append({"type": "repair_returned", "date": end_day, "warranty": "legal_conformity"})
    else:
        events.append({"type": "replacement_delivered", "date": end_day, "warranty": "legal_conformity",
                       "chosen_by": draw(st.sampled_from(["consumer", "seller"]))})
    return events, end_day


@st.composite
def histories(draw: st.DrawFn, start: dt.date) -> tuple[list[dict[str, Any]], dt.date]:
    """Zero to three immobilisations one after the other, possibly followed by an
    amicable negotiation (ended or still under way), all on or after ``start``.
    Returns the events in a shuffled order (order must not matter) and the last date."""
    events: list[dict[str, Any]] = []
    last = start
    for _ in range(draw(st.integers(0, 3))):
        more, last = draw(episodes(last))
        if more[-1]["type"] not in ("repair_returned", "replacement_delivered"):
            events += more  # an ongoing immobilisation ends the history
            break
        events += more
    else:
        if draw(st.booleans()):
            began = _plus(last, draw(st.integers(0, 100)))
            events.append({"type": "negotiation_started", "date": began})
            last = began
            if draw(st.booleans()):
                last = _plus(began, draw(st.integers(1, 90)))
                events.append({"type": "negotiation_ended", "date": last})
    return draw(st.permutations(events)) if events else [], last


@st.composite
def cases(draw: st.DrawFn, *, with_history: bool = True) -> dict[str, Any]:
    """A complete, valid case as a mapping (the shape ``evaluate`` accepts).

    as_of is 0-2500 days after the last dated fact, so it falls on both sides of the
    two-year and five-year time bars.
    """
    purchase = draw(purchases())
    delivery = purchase["delivery_date"]
    defect = draw(defects(delivery))
    events: list[dict[str, Any]] = []
    last = max(defect["appeared_on"], defect["known_on"])
    if with_history:
        events, history_end = draw(histories(defect["appeared_on"]))
        last = max(last, history_end)
    return {"purchase": purchase, "defect": defect, "history": events,
            "as_of": _plus(last, draw(st.integers(0, 2500)))}


# Fields a case may leave unknown (None); contract_date and as_of are never blanked.
BLANKABLE = (
    ("purchase", "delivery_date"), ("purchase", "sale_mode"), ("purchase", "seller", "kind"),
    ("purchase", "buyer", "kind"), ("purchase", "product", "condition"), ("purchase", "product", "nature"),
    ("defect", "appeared_on"), ("defect", "known_on"), ("defect", "cause"), ("defect", "accepted_deviation"),
    ("defect", "known_at_purchase"),
)


@st.composite
def cases_with_unknowns(draw: st.DrawFn) -> dict[str, Any]:
    """A valid case from ``cases`` with some of the BLANKABLE fields set to None (unknown)."""
    case = draw(cases())
    for path in draw(st.sets(st.sampled_from(BLANKABLE), min_size=1, max_size=4)):
        target = case
        for part in path[:-1]:
            target = target.get(part) or {}
        if path[-1] in target:
            target[path[-1]] = None
    if case["purchase"].get("delivery_date") is None:
        case["history"] = []  # events need a delivered good to make sense
    return case


# --- remedy ladder -------------------------------------------------------------

# Contract dates on both sides of the 2022 reform, all under the legal conformity warranty.
remedy_contract_dates = st.dates(min_value=dt.date(2005, 2, 19), max_value=dt.date(2026, 6, 30))
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
def remedy_cases(draw: st.DrawFn, contract: st.SearchStrategy[dt.date] = remedy_contract_dates,
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


# --- delivery and withdrawal -----------------------------------------------------

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


# --- commercial warranties, hidden defects, cross-border, payment --------------------

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
def basis_cases(draw: st.DrawFn, seller_kind: st.SearchStrategy[str] = SELLER_KINDS,
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
            "buyer": {"kind": draw(maybe(BUYER_KINDS)),
                      "habitual_residence": draw(maybe(st.sampled_from(["FR", "BE"])))},
            "product": {"condition": draw(maybe(st.sampled_from(["new", "used", "refurbished"]))),
                        "nature": draw(maybe(st.sampled_from(["goods", "goods_with_digital_elements",
                                                              "domestic_animal", "electricity",
                                                              "electricity_packaged"]))),
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
