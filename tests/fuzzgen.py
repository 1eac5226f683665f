"""Generated cases for the fuzz tests: valid ones by model introspection, and malformed mutations.

Both the bounded Hypothesis test (tests/test_fuzz.py) and the big run (tests/fuzz/run.py) use
this module, so they share the generators and the invariants. Generation reads the models, so
a field or an event type added later is fuzzed without touching this file.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import types
import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

import garantie
from garantie._base import MAX_DATE, MIN_DATE
from garantie.case import _EVENT_CLASSES

__all__ = ["Outcome", "check_invariants", "evaluate_one", "malformed_case", "run_one", "valid_case"]

_AFTER_DELIVERY = {"handed_over", "repair_returned", "replacement_delivered"}


def _members(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _members(arg)]
    return [annotation]


def _day(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    if high <= low:
        return low
    span = (high - low).days
    # Edges and near-edges often: boundaries are where off-by-one errors live.
    pick = rng.random()
    offset = 0 if pick < 0.1 else span if pick < 0.2 else rng.randint(0, min(span, 60)) if pick < 0.5 else \
        rng.randint(0, span)
    return low + dt.timedelta(days=offset)


def _value(rng: random.Random, annotation: Any, low: dt.date, high: dt.date, nulls: float) -> Any:
    members = _members(annotation)
    if type(None) in members and rng.random() < nulls:
        return None
    members = [m for m in members if m is not type(None)]
    kind = members[0] if members else str
    if typing.get_origin(kind) is typing.Literal:
        return rng.choice(typing.get_args(kind))
    if kind is bool:
        return rng.random() < 0.5
    if kind is dt.date:
        return _day(rng, low, high).isoformat()
    if kind is int:
        return rng.choice([0, 1, 6, 12, 24, 36, rng.randint(0, 1200)])
    if kind is Decimal:
        return rng.choice([0, 1, 49.99, "600", "1234.56", rng.randint(0, 10**6)])
    if kind is str:
        return rng.choice(["FR", "DE", "x", "téléphone", "Acme SARL"])
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return _model(rng, kind, low, high, nulls)
    return None


def _model(rng: random.Random, model: type[BaseModel], low: dt.date, high: dt.date, nulls: float,
           skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name in skip or (not field.is_required() and rng.random() < nulls / 2):
            continue  # omitted keys, as well as explicit nulls
        value = _value(rng, field.annotation, low, high, nulls)
        if name == "country" and value is not None:
            value = rng.choice(["FR", "DE", "US", "NO", "BE"])
        out[name] = value
    return out


def valid_case(rng: random.Random) -> dict[str, Any]:
    """A case whose dates are chained so that it is valid (most of the time: unknown fields stay unknown)."""
    nulls = rng.choice([0.0, 0.1, 0.3, 0.6, 1.0])
    if rng.random() < 0.85:
        contract = _day(rng, dt.date(2003, 1, 1), dt.date(2031, 12, 31))
    else:
        contract = _day(rng, MIN_DATE, MAX_DATE)
    as_of = min(contract + dt.timedelta(days=rng.choice([0, 1, 30, 400, 800, 2000, 8000, rng.randint(0, 12000)])),
                MAX_DATE)
    purchase = _model(rng, garantie.Purchase, contract, as_of, nulls)
    purchase["contract_date"] = contract.isoformat()
    delivery = _day(rng, contract, as_of) if rng.random() > nulls / 2 else None
    purchase["delivery_date"] = delivery.isoformat() if delivery else None
    if rng.random() < 0.5:
        purchase.pop("commercial_warranty", None)
    case: dict[str, Any] = {"purchase": purchase, "as_of": as_of.isoformat()}
    if rng.random() < 0.8:
        case["defect"] = _model(rng, garantie.Defect, delivery or contract, as_of, nulls)
    history = []
    for _ in range(rng.choice([0, 0, 1, 2, 3, 5, 8, rng.randint(0, 50)])):
        cls = rng.choice(_EVENT_CLASSES)
        tag = cls.model_fields["type"].default
        start = delivery if delivery is not None and tag in _AFTER_DELIVERY else contract
        event = _model(rng, cls, start, as_of, nulls, skip=frozenset({"type"}))
        event["type"] = tag
        event["date"] = _day(rng, start, as_of).isoformat()
        for name in ("received_on", "deadline"):
            if event.get(name) is not None:
                event[name] = _day(rng, dt.date.fromisoformat(event["date"]),
                                   as_of if name == "received_on" else MAX_DATE).isoformat()
        history.append(event)
    if rng.random() < 0.4:
        _consumer_sale(rng, case, contract, delivery or contract, as_of)
    if history or rng.random() < 0.5:
        rng.shuffle(history)
        case["history"] = history
    if rng.random() < 0.05 and history:
        case["history"] = [*history, dict(rng.choice(history))]  # an exact duplicate
    return case


def _consumer_sale(rng: random.Random, case: dict[str, Any], contract: dt.date, delivery: dt.date,
                   as_of: dt.date) -> None:
    """Bias towards the cases where the legal warranty applies, so that remedies are exercised too."""
    purchase = case["purchase"]
    purchase["delivery_date"] = delivery.isoformat()
    purchase["sale_mode"] = "ordinary"
    purchase["seller"] = {**(purchase.get("seller") or {}), "kind": "professional", "country": "FR"}
    purchase["buyer"] = {**(purchase.get("buyer") or {}), "kind": "consumer"}
    purchase["product"] = {**(purchase.get("product") or {}), "nature": "goods",
                           "condition": rng.choice(["new", "used", "refurbished"])}
    appeared = _day(rng, delivery, min(as_of, delivery + dt.timedelta(days=700)))
    case["defect"] = {**case.get("defect", {}), "appeared_on": appeared.isoformat(), "known_on": appeared.isoformat(),
                      "cause": "unknown", "accepted_deviation": False, "known_at_purchase": False}
    for name in ("discovered_on", "suspicion_diagnosis_on"):
        case["defect"].pop(name, None)


def _bomb(levels: int) -> Any:
    value: Any = ["lol"] * 9
    for _ in range(levels - 1):
        value = [value] * 9
    return value


def _deep(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = {"a": value}
    return value


_WEIRD: list[Any] = [
    None, True, False, 0, -1, 1.5, float("nan"), float("inf"), -float("inf"), 10**30, -(10**30), 2**63,
    "", " ", "yes", "no", "NO", "2024-02-30", "2024-13-01", "0001-01-01", "9999-12-31", "1E+999999",
    "x" * 10_001, b"bytes", [], {}, [1, 2], {"k": "v"}, 1_700_000_000, "2024-03-10T10:00:00", Decimal("1E+1000"),
    dt.datetime(2024, 3, 10, 12), dt.date(9999, 12, 31), dt.date(1, 1, 1), object(),
]


def malformed_case(rng: random.Random) -> Any:
    """A valid case with 1 to 3 mutations at random places; or not a mapping at all."""
    if rng.random() < 0.02:
        return rng.choice([None, [], "case", 42, [{"purchase": {}}]])
    case = valid_case(rng)
    for _ in range(rng.randint(1, 3)):
        _mutate(rng, case)
    return case


def _containers(node: Any, out: list[Any], depth: int = 0) -> list[Any]:
    """The mappings and lists of the case proper (not inside an inserted bomb or deep value)."""
    if depth > 4:
        return out
    if isinstance(node, dict):
        out.append(node)
        for value in list(node.values()):
            _containers(value, out, depth + 1)
    elif isinstance(node, list):
        out.append(node)
        for value in node:
            _containers(value, out, depth + 1)
    return out


def _mutate(rng: random.Random, case: dict[str, Any]) -> None:
    target = rng.choice(_containers(case, []))
    if isinstance(target, list):
        if target and rng.random() < 0.5:
            target[rng.randrange(len(target))] = _weird(rng)
        else:
            target.append(_weird(rng))
        return
    roll = rng.random()
    if roll < 0.15 and target:
        del target[rng.choice(list(target))]  # a required field may go
    elif roll < 0.3:
        target[rng.choice(["typo", "Purchase", "date ", "type", "x" * 100])] = _weird(rng)
    elif target:
        target[rng.choice(list(target))] = _weird(rng)


def _weird(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.05:
        return _bomb(rng.randint(2, 9))
    if roll < 0.1:
        return _deep(rng.choice([10, 40, 990, 5000]))
    return rng.choice(_WEIRD)


Outcome = str  # "verdict", an exception class name, or "violation: ..."


def check_invariants(case: Any, verdict: garantie.Verdict) -> list[str]:
    """The invariants every verdict keeps; an empty list when all hold."""
    broken: list[str] = []
    parsed = garantie.parse_case(case)
    delivery = parsed.purchase.delivery_date
    liability = verdict.legal_conformity.liability
    if delivery is not None and liability.end is not None and liability.end < delivery:
        broken.append(f"liability ends {liability.end} before delivery {delivery}")
    for basis in verdict.bases:
        if basis.basis == "commercial_warranty":
            early = {k: v for k, v in basis.dates.items() if v < verdict.contract_date}
            if early:
                broken.append(f"commercial-warranty dates before the contract: {early}")
    if verdict.legal_conformity.status in ("does_not_apply", "time_barred"):
        available = [r.remedy for r in verdict.remedies if r.status == "available"]
        if available:
            broken.append(f"remedies {available} available while the legal warranty "
                          f"{verdict.legal_conformity.status}")
    text = verdict.model_dump_json()
    if garantie.Verdict.model_validate_json(text) != verdict or \
            json.loads(garantie.Verdict.model_validate_json(text).model_dump_json()) != json.loads(text):
        broken.append("the JSON does not round-trip")
    return broken


def run_one(case: Any) -> tuple[Outcome, list[str]]:
    """Evaluate ``case``: ("verdict (legal warranty <status>)", violations) or (the error's class name, []).

    Any other exception propagates: it is a crash.
    """
    kind, broken, _ = evaluate_one(case)
    return kind, broken


def evaluate_one(case: Any) -> tuple[Outcome, list[str], garantie.Verdict | None]:
    """As :func:`run_one`, with the verdict itself."""
    try:
        verdict = garantie.evaluate(case)
    except (garantie.InputError, garantie.EvaluationError, garantie.RuleConflictError) as error:
        return type(error).__name__, [], None
    return f"verdict (legal warranty {verdict.legal_conformity.status})", check_invariants(case, verdict), verdict
