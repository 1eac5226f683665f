"""Facts: the names rules may read, with their types, and their values for one case.

Two kinds of fact:

* **input facts**, one per leaf field of the input models (``purchase.seller.kind``,
  ``defect.appeared_on``, ``as_of`` …), found by walking the Pydantic models;
* **derived facts** (``history.*``), read off the event list. They only *describe*
  what happened (days of immobilisation counted from the request and from the
  hand-over, repairs made under the legal warranty …). Which of them the law counts,
  and how, is decided by the rules, not here.

A missing input fact, or an event field a derived fact needs, becomes an
:class:`~garantie._expr.Unknown` naming its path, so the verdict can ask for it.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from garantie import _dates
from garantie._episodes import episodes
from garantie._expr import BOOL, DATE, NUMBER, TEXT, Unknown, ValueType
from garantie._facts_beyond import BEYOND_FACTS, BEYOND_UNKNOWN_PATHS, beyond_facts
from garantie._remedy_facts import REMEDY_FACTS, REMEDY_UNKNOWN_PATHS, remedy_facts
from garantie._sale_events import SALE_EVENT_FACTS, SALE_EVENT_UNKNOWN_PATHS, sale_event_facts
from garantie.case import Case
from garantie.history import (
    Claim,
    NegotiationEnded,
    NegotiationStarted,
    RepairReturned,
    ReplacementDelivered,
)

__all__ = [
    "ALWAYS_KNOWN",
    "DERIVED_FACTS",
    "DERIVED_UNKNOWN_PATHS",
    "FACT_TYPES",
    "build_facts",
    "facts_markdown",
    "question_key",
]


def _type_of_annotation(annotation: Any) -> ValueType | type[BaseModel] | None:
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:  # bounded types such as Months and Amount
        return _type_of_annotation(args[0])
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return _type_of_annotation(args[0])
    if origin is typing.Literal:
        return ValueType("enum", frozenset(str(arg) for arg in typing.get_args(annotation)))
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return annotation
        if issubclass(annotation, bool):
            return BOOL
        if issubclass(annotation, int | Decimal):
            return NUMBER
        if issubclass(annotation, dt.date):
            return DATE
        if issubclass(annotation, str):
            return TEXT
    return None


def _walk(model: type[BaseModel], prefix: str) -> Iterator[tuple[str, ValueType]]:
    for name, info in model.model_fields.items():
        if prefix == "" and name == "history":
            continue  # read through derived facts only
        kind = _type_of_annotation(info.annotation)
        path = f"{prefix}{name}"
        if isinstance(kind, ValueType):
            yield path, kind
        elif kind is not None:
            yield from _walk(kind, f"{path}.")


@dataclass(frozen=True)
class DerivedFact:
    """A fact read off the history: its type and what it means (listed in docs/facts.md)."""

    type: ValueType
    doc: str


DERIVED_FACTS: dict[str, DerivedFact] = {
    "history.glc_repairs": DerivedFact(
        NUMBER, "Number of times the goods came back repaired under the legal conformity warranty."),
    "history.last_glc_repair_on": DerivedFact(
        DATE, "Date the goods last came back repaired under the legal conformity warranty."),
    "history.immobilisation_days_from_request": DerivedFact(
        NUMBER, "Days the goods were immobilised for a repair or replacement under the legal conformity "
        "warranty, counted from the consumer's request to the return of the goods (or to as_of while "
        "still immobilised); only periods ending after the latest renewal of the warranty count."),
    "history.immobilisation_days_from_handover": DerivedFact(
        NUMBER, "The same immobilisation, counted from the day the goods were handed over."),
    "history.immobilisation_days_from_first_step": DerivedFact(
        NUMBER, "The same immobilisation, each period counted from the earlier of its request and its "
        "hand-over."),
    "history.immobilisation_ongoing": DerivedFact(
        BOOL, "Whether the goods are still with the seller for a legal-warranty repair or replacement."),
    "history.negotiation_days": DerivedFact(
        NUMBER, "Days spent in amicable negotiation (to as_of while still under way)."),
    "history.replacement_imposed_after_repair": DerivedFact(
        BOOL, "Whether the seller delivered a replacement of its own choice after the consumer asked for "
        "repair."),
    "history.replacement_imposed_after_repair_on": DerivedFact(
        DATE, "The day that replacement was delivered (the latest one)."),
    "history.replacement_at_consumer_choice": DerivedFact(
        BOOL, "Whether a replacement was delivered because the consumer chose replacement."),
    **{path: DerivedFact(kind, doc) for path, (kind, doc) in REMEDY_FACTS.items()},
    **{path: DerivedFact(kind, doc) for path, (kind, doc) in SALE_EVENT_FACTS.items()},
    **{path: DerivedFact(kind, doc) for path, (kind, doc) in BEYOND_FACTS.items()},
}

# Input facts that are never unknown: required by the model, or filled by parse_case.
ALWAYS_KNOWN: frozenset[str] = frozenset({"purchase.contract_date", "as_of"})

# Event fields a derived fact may need and find missing; each needs a question.
DERIVED_UNKNOWN_PATHS: tuple[str, ...] = (
    "history[].warranty", "history[].chosen_by",
    *SALE_EVENT_UNKNOWN_PATHS, *REMEDY_UNKNOWN_PATHS, *BEYOND_UNKNOWN_PATHS,
)

FACT_TYPES: dict[str, ValueType] = {
    **dict(_walk(Case, "")),
    **{path: fact.type for path, fact in DERIVED_FACTS.items()},
}


def question_key(path: str) -> str:
    """The questions-file key of a path: list indexes are dropped (``history[2].x`` → ``history[].x``)."""
    out, depth = [], 0
    for char in path:
        if char == "[":
            depth += 1
            out.append("[")
        elif char == "]":
            depth -= 1
            out.append("]")
        elif depth == 0:
            out.append(char)
    return "".join(out)


def _flatten(model: BaseModel | None, prefix: str, wanted: dict[str, ValueType], out: dict[str, Any]) -> None:
    for name in type(model).model_fields if model is not None else ():
        path = f"{prefix}{name}"
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            _flatten(value, f"{path}.", wanted, out)
        elif path in wanted:
            out[path] = Unknown([path]) if value is None else value
    # a missing sub-model leaves its leaves unknown
    for path in wanted:
        if path.startswith(prefix) and path not in out:
            out[path] = Unknown([path])


def _history_facts(case: Case) -> dict[str, Any]:
    as_of = case.as_of
    assert as_of is not None
    facts: dict[str, Any] = {}
    events = list(enumerate(case.history))

    repairs = [(i, e) for i, e in events if isinstance(e, RepairReturned)]
    unsure = [f"history[{i}].warranty" for i, e in repairs if e.warranty is None]
    glc = [e.date for _, e in repairs if e.warranty == "legal_conformity"]
    facts["history.glc_repairs"] = Unknown(unsure) if unsure else len(glc)
    facts["history.last_glc_repair_on"] = max(glc) if glc and not unsure else Unknown(unsure)

    found_episodes = episodes(case)
    repair_claims = [e.date for _, e in events if isinstance(e, Claim) and e.remedy == "repair"]
    replacements = [(i, e) for i, e in events if isinstance(e, ReplacementDelivered)]
    imposed: list[dt.date] = []
    unsure_choice: list[str] = []
    for i, event in replacements:
        asked_repair_before = any(day <= event.date for day in repair_claims)
        if not asked_repair_before:
            continue
        if event.chosen_by is None:
            unsure_choice.append(f"history[{i}].chosen_by")
        elif event.chosen_by == "seller":
            imposed.append(event.date)
    facts["history.replacement_imposed_after_repair"] = (
        True if imposed else Unknown(unsure_choice) if unsure_choice else False)
    facts["history.replacement_imposed_after_repair_on"] = max(imposed) if imposed else Unknown()
    facts["history.replacement_at_consumer_choice"] = any(
        e.chosen_by == "consumer" for _, e in replacements)

    renewed_on = max(imposed) if imposed else None
    from_request = from_handover = from_first = 0
    unsure_warranty: list[str] = []
    ongoing = False
    for episode in found_episodes:
        end = episode.end or as_of
        if renewed_on is not None and end <= renewed_on:
            continue  # suspended the warranty that the renewal replaced
        if episode.warranty is None:
            unsure_warranty += episode.warranty_paths
            continue
        if episode.warranty != "legal_conformity":
            continue
        ongoing = ongoing or episode.end is None
        if episode.requested is not None:
            from_request += _dates.days_between(episode.requested, end)
        if episode.handed_over is not None:
            from_handover += _dates.days_between(episode.handed_over, end)
        from_first += episode.days(as_of, from_first_step=True)
    facts["history.immobilisation_days_from_request"] = (
        Unknown(unsure_warranty) if unsure_warranty else from_request)
    facts["history.immobilisation_days_from_handover"] = (
        Unknown(unsure_warranty) if unsure_warranty else from_handover)
    facts["history.immobilisation_days_from_first_step"] = (
        Unknown(unsure_warranty) if unsure_warranty else from_first)
    facts["history.immobilisation_ongoing"] = Unknown(unsure_warranty) if unsure_warranty else ongoing

    negotiation = 0
    started: dt.date | None = None
    for _, step in sorted(events, key=lambda pair: pair[1].date):
        if isinstance(step, NegotiationStarted) and started is None:
            started = step.date
        elif isinstance(step, NegotiationEnded) and started is not None:
            negotiation += _dates.days_between(started, step.date)
            started = None
    if started is not None:
        negotiation += _dates.days_between(started, as_of)
    facts["history.negotiation_days"] = negotiation
    return facts


_INPUT_TYPES = {path: kind for path, kind in FACT_TYPES.items() if path not in DERIVED_FACTS}
_DERIVERS: list[Callable[[Case], dict[str, Any]]] = [_history_facts, remedy_facts, sale_event_facts, beyond_facts]


def build_facts(case: Case) -> dict[str, Any]:
    """Every fact of ``case``, by path: a value, or an ``Unknown`` naming what is missing."""
    out: dict[str, Any] = {}
    _flatten(case, "", _INPUT_TYPES, out)
    for derive in _DERIVERS:
        out.update(derive(case))
    missing = set(DERIVED_FACTS) - set(out)
    assert not missing, f"derived facts without a value: {sorted(missing)}"
    return out


def facts_markdown() -> str:
    """The table of every fact rules may read, as kept in docs/facts.md."""
    lines = ["# Facts rules can read", "",
             "Generated by `python -m garantie --facts`; a test keeps it current.", "",
             "## Input facts (leaf fields of the case)", "", "| path | type |", "| --- | --- |"]
    lines += [f"| `{path}` | {kind.describe()} |" for path, kind in FACT_TYPES.items() if path not in DERIVED_FACTS]
    lines += ["", "## Derived facts (read off `history`)", "", "| path | type | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{path}` | {fact.type.describe()} | {fact.doc} |" for path, fact in DERIVED_FACTS.items()]
    return "\n".join(lines) + "\n"
