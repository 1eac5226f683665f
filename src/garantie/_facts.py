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
from garantie._episodes import episodes, negotiation_periods, termination_day
from garantie._escalation_events import ESCALATION_FACTS, ESCALATION_UNKNOWN_PATHS, escalation_facts
from garantie._expr import BOOL, DATE, NUMBER, TEXT, Unknown, ValueType
from garantie._facts_beyond import BEYOND_FACTS, BEYOND_UNKNOWN_PATHS, Param, beyond_facts
from garantie._prescription_events import PRESCRIPTION_FACTS, PRESCRIPTION_UNKNOWN_PATHS, prescription_facts
from garantie._remedy_facts import REMEDY_FACTS, REMEDY_UNKNOWN_PATHS, remedy_facts
from garantie._repair_facts import REPAIR_FACTS, REPAIR_UNKNOWN_PATHS, repair_facts
from garantie._sale_events import SALE_EVENT_FACTS, SALE_EVENT_UNKNOWN_PATHS, sale_event_facts
from garantie.case import Case
from garantie.history import Claim, RepairReturned, ReplacementDelivered

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
    if origin is tuple:  # a set of tags (commercial-warranty coverage): rules test it with 'includes'
        member = _type_of_annotation(args[0]) if args else None
        if isinstance(member, ValueType) and member.kind in ("enum", "text"):
            return ValueType("tags", member.values)
        return None
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
        NUMBER, "Days the goods were immobilised (handed over, or recorded as immobilised) for a repair or "
        "replacement under the legal conformity warranty, counted from the consumer's request to the return, "
        "refusal, abandonment or termination (or to as_of while still immobilised); only days after the latest "
        "renewal of the warranty count."),
    "history.immobilisation_days_from_handover": DerivedFact(
        NUMBER, "The same immobilisation, counted from the day the goods were handed over."),
    "history.immobilisation_days_from_first_step": DerivedFact(
        NUMBER, "The same immobilisation, each period counted from the earlier of its request and its "
        "hand-over."),
    "history.immobilisation_ongoing": DerivedFact(
        BOOL, "Whether the goods are still immobilised for a legal-warranty repair or replacement on as_of."),
    "history.negotiation_days": DerivedFact(
        NUMBER, "Days spent in amicable negotiation (to as_of while still under way; never after termination)."),
    "history.suspension_days": DerivedFact(
        NUMBER, "Days on which the legal-warranty immobilisation (each period from the earlier of its request "
        "and its hand-over) or an amicable negotiation was under way, each day counted once however many causes "
        "overlap; only after the latest renewal and before termination."),
    "history.suspension_ongoing": DerivedFact(
        BOOL, "Whether a legal-warranty immobilisation or an amicable negotiation is still under way on as_of."),
    "history.replacement_after_unperformed_repair": DerivedFact(
        BOOL, "Whether replacement goods were delivered under the legal warranty, on or after delivery, while "
        "a legal-warranty repair the consumer had asked for had not been carried out (whoever chose the "
        "replacement)."),
    "history.replacement_after_unperformed_repair_on": DerivedFact(
        DATE, "The day that replacement was delivered (the latest one)."),
    "history.replacement_after_failed_repair": DerivedFact(
        BOOL, "Whether replacement goods were delivered under the legal warranty after a legal-warranty repair "
        "came back with the defect still there, with no new repair request pending."),
    "history.replacement_without_repair_request": DerivedFact(
        BOOL, "Whether replacement goods were delivered under the legal warranty with no repair request "
        "pending."),
    **{path: DerivedFact(kind, doc) for path, (kind, doc) in REMEDY_FACTS.items()},
    **{path: DerivedFact(kind, doc) for path, (kind, doc) in SALE_EVENT_FACTS.items()},
    **{path: DerivedFact(kind, doc) for path, (kind, doc) in BEYOND_FACTS.items()},
    **{path: DerivedFact(kind, doc) for path, (kind, doc) in PRESCRIPTION_FACTS.items()},
    **{path: DerivedFact(kind, doc) for path, (kind, doc) in ESCALATION_FACTS.items()},
    **{path: DerivedFact(kind, doc) for path, (kind, doc) in REPAIR_FACTS.items()},
}

# Input facts that are never unknown: required by the model, or filled by parse_case.
ALWAYS_KNOWN: frozenset[str] = frozenset({"purchase.contract_date", "as_of"})

# Event fields a derived fact may need and find missing; each needs a question.
DERIVED_UNKNOWN_PATHS: tuple[str, ...] = (
    "history[].warranty",
    *SALE_EVENT_UNKNOWN_PATHS, *REMEDY_UNKNOWN_PATHS, *BEYOND_UNKNOWN_PATHS, *PRESCRIPTION_UNKNOWN_PATHS,
    *ESCALATION_UNKNOWN_PATHS,
    *REPAIR_UNKNOWN_PATHS,
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


def _renewals(case: Case) -> tuple[list[dt.date], list[dt.date], list[dt.date], list[str]]:
    """Legal-warranty replacements delivered while a legal-warranty repair the consumer asked for had
    not been carried out (L217-13 al. 2); those delivered after such a repair came back with the
    defect still there; those with no repair request before them; and the event fields that would
    settle the rest. Commercial-warranty events never renew the legal warranty, nor does a
    replacement dated before delivery. One pass over the events in date order (no search per
    replacement)."""
    delivery = case.purchase.delivery_date
    renewed: list[dt.date] = []
    after_failed: list[dt.date] = []
    without_request: list[dt.date] = []
    unsure: list[str] = []
    repair_pending = failed = False
    maybe_pending: list[str] = []  # repair requests whose warranty is not known
    for index, event in sorted(enumerate(case.history), key=lambda pair: pair[1].date):
        if isinstance(event, Claim) and event.remedy == "repair":
            if event.warranty == "legal_conformity":
                repair_pending, failed = True, False
            elif event.warranty is None:
                maybe_pending.append(f"history[{index}].warranty")
        elif isinstance(event, RepairReturned) and event.warranty == "legal_conformity":
            repair_pending, maybe_pending = False, []  # the repair was carried out
            failed = event.defect_persists is True
        elif isinstance(event, ReplacementDelivered) and (delivery is None or event.date >= delivery):
            if event.warranty is None and (repair_pending or maybe_pending):
                unsure += [f"history[{index}].warranty", *maybe_pending]
            elif event.warranty == "legal_conformity":
                if repair_pending:
                    renewed.append(event.date)
                elif maybe_pending:
                    unsure += maybe_pending
                else:
                    (after_failed if failed else without_request).append(event.date)
            elif event.warranty is not None:
                continue  # another warranty's replacement leaves the legal one as it was
            repair_pending = failed = False
            maybe_pending = []
    return renewed, after_failed, without_request, unsure


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

    renewed, after_failed, without_request, unsure_renewal = _renewals(case)
    facts["history.replacement_after_unperformed_repair"] = (
        True if renewed else Unknown(unsure_renewal) if unsure_renewal else False)
    facts["history.replacement_after_unperformed_repair_on"] = max(renewed) if renewed else Unknown()
    facts["history.replacement_after_failed_repair"] = bool(after_failed)
    facts["history.replacement_without_repair_request"] = bool(without_request)

    # Periods after the latest renewal suspend the new warranty; earlier ones suspended the one it replaced.
    renewed_on = max(renewed) if renewed else None
    ended = termination_day(case)
    closing = min(as_of, ended) if ended is not None else as_of
    from_request = from_handover = from_first = 0
    periods: list[tuple[dt.date, dt.date]] = []
    unsure_warranty: list[str] = []
    ongoing = False
    for episode in episodes(case):
        if episode.warranty is None:
            unsure_warranty += episode.warranty_paths
            continue
        if episode.warranty != "legal_conformity":
            continue
        end = min(episode.end or as_of, closing)
        if renewed_on is not None and end <= renewed_on:
            continue
        ongoing = ongoing or (episode.end is None and end == as_of)
        floor = renewed_on or dt.date.min
        if episode.requested is not None:
            from_request += max(0, _dates.days_between(max(episode.requested, floor), end))
        if episode.handed_over is not None:
            from_handover += max(0, _dates.days_between(max(episode.handed_over, floor), end))
        first = max(episode.start(from_first_step=True), floor)
        from_first += max(0, _dates.days_between(first, end))
        periods.append((first, end))
    negotiations, negotiating = negotiation_periods(case, closing)
    floor = renewed_on or dt.date.min
    union = _dates.union_days(periods + [(max(a, floor), b) for a, b in negotiations])
    for name, value in (("immobilisation_days_from_request", from_request),
                        ("immobilisation_days_from_handover", from_handover),
                        ("immobilisation_days_from_first_step", from_first),
                        ("immobilisation_ongoing", ongoing),
                        ("suspension_days", union),
                        ("suspension_ongoing", ongoing or negotiating)):
        facts[f"history.{name}"] = Unknown(unsure_warranty) if unsure_warranty else value
    facts["history.negotiation_days"] = _dates.union_days(negotiations)
    return facts


_INPUT_TYPES = {path: kind for path, kind in FACT_TYPES.items() if path not in DERIVED_FACTS}
_DERIVERS: list[Callable[[Case], dict[str, Any]]] = [
    _history_facts, remedy_facts, sale_event_facts, prescription_facts, escalation_facts, repair_facts]


def build_facts(case: Case, param: Param | None = None) -> dict[str, Any]:
    """Every fact of ``case``, by path: a value, or an ``Unknown`` naming what is missing.
    ``param`` (name, date) gives the parameters a fact is measured against."""
    out: dict[str, Any] = {}
    _flatten(case, "", _INPUT_TYPES, out)
    for derive in _DERIVERS:
        out.update(derive(case))
    out.update(beyond_facts(case, param))
    missing = set(DERIVED_FACTS) - set(out)
    assert not missing, f"derived facts without a value: {sorted(missing)}"
    return out


def unmeasured(case: Case, facts: dict[str, Any]) -> dict[str, Any]:
    """``build_facts(case)`` (no parameter) from ``facts`` built for ``case`` with one: only the facts a
    parameter can measure (``beyond_facts``) are computed again, the rest is the same walk of the same case."""
    return {**facts, **beyond_facts(case)}


def facts_markdown() -> str:
    """The table of every fact rules may read, as kept in docs/facts.md."""
    lines = ["# Facts rules can read", "",
             "Generated by `python -m garantie facts`; a test keeps it current.", "",
             "## Input facts (leaf fields of the case)", "", "| path | type |", "| --- | --- |"]
    lines += [f"| `{path}` | {kind.describe()} |" for path, kind in FACT_TYPES.items() if path not in DERIVED_FACTS]
    lines += ["", "## Derived facts (read off `history`)", "", "| path | type | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{path}` | {fact.type.describe()} | {fact.doc} |" for path, fact in DERIVED_FACTS.items()]
    return "\n".join(lines) + "\n"
