"""Derived facts about remedies: what the consumer asked, what the seller did, and when.

They only *describe* the history (the latest request for repair or replacement, whether
and when the goods came back conforming, refusals and their stated grounds, costs the
consumer bore, the termination and the refunds). Which of these open price reduction or
termination, and from when, is decided by ``rules/remedies/*.yaml``.

A value that depends on an event field the case leaves empty is an ``Unknown`` naming
that field (``history[<i>].<field>``), so the verdict can ask for it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from garantie._expr import BOOL, DATE, Unknown, ValueType
from garantie.case import Case
from garantie.history import (
    Claim,
    CostsBorne,
    GoodsReturned,
    MajorInconvenience,
    RefundPaid,
    Refusal,
    RepairReturned,
    ReplacementDelivered,
    TakenInCharge,
    TerminationNotified,
)

__all__ = ["REMEDY_FACTS", "REMEDY_UNKNOWN_PATHS", "remedy_facts"]

_REMEDY = ValueType("enum", frozenset({"repair", "replacement"}))
_GROUND = ValueType(
    "enum", frozenset({"impossible", "disproportionate", "not_a_conformity_defect", "other", "none"}))

REMEDY_FACTS: dict[str, tuple[ValueType, str]] = {
    "history.conformity_requested": (
        BOOL, "Whether the consumer asked for repair or replacement under the legal conformity warranty."),
    "history.conformity_requested_on": (DATE, "Date of the latest such request."),
    "history.requested_remedy": (_REMEDY, "What that latest request asked for: repair or replacement."),
    "history.conformity_done": (
        BOOL, "Whether, after the latest request, the goods came back repaired without the defect or a "
        "replacement without the defect was delivered."),
    "history.conformity_done_on": (DATE, "The day that first happened."),
    "history.failed_attempt": (
        BOOL, "Whether goods came back from a legal-warranty repair, or were replaced, with the defect still "
        "there."),
    "history.failed_attempt_on": (DATE, "The day of the first such failed attempt."),
    "history.major_inconvenience": (
        BOOL, "Whether bringing the goods into conformity caused the consumer a major inconvenience."),
    "history.major_inconvenience_on": (DATE, "The day that inconvenience was recorded (the first one)."),
    "history.install_costs_borne": (
        BOOL, "Whether the consumer definitively bore costs of removing or taking back the goods, or of "
        "installing the repaired or replacement goods."),
    "history.install_costs_borne_on": (DATE, "The day of the first such cost."),
    "history.any_conformity_refused": (
        BOOL, "Whether the seller refused both repair and replacement (in one refusal or two)."),
    "history.any_conformity_refused_on": (DATE, "The day the seller had refused both."),
    "history.repair_refused": (BOOL, "Whether the seller refused repair (alone or with replacement)."),
    "history.repair_refused_on": (DATE, "The day of the latest refusal covering repair."),
    "history.repair_refusal_ground": (_GROUND, "The ground that refusal gave."),
    "history.repair_refusal_reasoned": (
        BOOL, "Whether that refusal was reasoned in writing or on a durable medium."),
    "history.replacement_refused": (BOOL, "Whether the seller refused replacement (alone or with repair)."),
    "history.replacement_refused_on": (DATE, "The day of the latest refusal covering replacement."),
    "history.replacement_refusal_ground": (_GROUND, "The ground that refusal gave."),
    "history.replacement_refusal_reasoned": (
        BOOL, "Whether that refusal was reasoned in writing or on a durable medium."),
    "history.termination_notified": (
        BOOL, "Whether the consumer told the seller the contract is terminated."),
    "history.termination_notified_on": (DATE, "The day of that notice (the first one)."),
    "history.goods_returned_after_termination": (
        BOOL, "Whether, after the termination notice, the goods reached the seller or the consumer gave "
        "proof "
        "of sending them back."),
    "history.goods_returned_after_termination_on": (DATE, "The day of that receipt or proof (the first one)."),
    "history.termination_refunded": (BOOL, "Whether the seller paid back the price after the termination."),
    "history.termination_refunded_on": (DATE, "The day of that refund (the first one)."),
    "history.postage_paid": (
        BOOL, "Whether the consumer paid postage to send the goods for repair or replacement."),
    "history.taken_in_charge": (
        BOOL, "Whether the seller told the consumer the goods are taken in charge under the legal warranty."),
    "history.taken_in_charge_on": (DATE, "The day the consumer was so told (the first time)."),
    "history.postage_refunded": (BOOL, "Whether the seller paid the postage back."),
    "history.postage_refunded_on": (DATE, "The day of that refund (the first one)."),
    "history.written_claim": (
        BOOL, "Whether the consumer made a claim to the seller in writing (under any warranty)."),
    "history.written_claim_on": (DATE, "The day of the first written claim: the consumer mediator must be seized "
                                       "within a year of the written complaint."),
}

# Event fields these facts may need and find empty; each has a question in rules/remedies/questions.yaml.
REMEDY_UNKNOWN_PATHS: tuple[str, ...] = (
    "history[].defect_persists", "history[].definitive", "history[].ground", "history[].reasoned_in_writing",
    "history[].in_writing")


def _first(days: list[dt.date]) -> Any:
    return min(days) if days else Unknown()


def _flag(found: bool, unsure: list[str]) -> Any:
    """True when an event settles it; else unknown if an event might, else false."""
    return True if found else Unknown(unsure) if unsure else False


def remedy_facts(case: Case) -> dict[str, Any]:
    """The ``REMEDY_FACTS`` of ``case``."""
    out: dict[str, Any] = {}
    events = sorted(enumerate(case.history), key=lambda pair: pair[1].date)
    out.update(_request_facts(events))
    out.update(_refusal_facts(events))

    failed: list[dt.date] = []
    unsure_failed: list[str] = []
    inconvenience: list[dt.date] = []
    costs: list[dt.date] = []
    unsure_costs: list[str] = []
    for i, event in events:
        if isinstance(event, RepairReturned | ReplacementDelivered):
            # A return under another warranty is not the seller's legal-warranty attempt.
            if event.warranty not in (None, "legal_conformity"):
                continue
            if event.defect_persists is True:
                if event.warranty is None:
                    unsure_failed.append(f"history[{i}].warranty")
                else:
                    failed.append(event.date)
            elif event.defect_persists is None:
                unsure_failed.append(f"history[{i}].defect_persists")
        elif isinstance(event, MajorInconvenience):
            inconvenience.append(event.date)
        elif isinstance(event, CostsBorne) and event.cost in ("removal", "installation"):
            if event.definitive is None:
                unsure_costs.append(f"history[{i}].definitive")
            elif event.definitive:
                costs.append(event.date)
    out["history.failed_attempt"] = _flag(bool(failed), unsure_failed)
    out["history.failed_attempt_on"] = _first(failed)
    out["history.major_inconvenience"] = bool(inconvenience)
    out["history.major_inconvenience_on"] = _first(inconvenience)
    out["history.install_costs_borne"] = _flag(bool(costs), unsure_costs)
    out["history.install_costs_borne_on"] = _first(costs)
    out.update(_money_facts(events))
    out.update(_written_claim_facts(events))
    return out


def _written_claim_facts(events: list[tuple[int, Any]]) -> dict[str, Any]:
    # The first written claim, as the mediation year is counted from the written complaint; a claim
    # whose form is unknown and that comes earlier might be that first one.
    unsure: list[str] = []
    for i, event in events:
        if not isinstance(event, Claim):
            continue
        # in_writing decides; without it, a letter, e-mail or form is writing and a call or a visit is not.
        written = event.in_writing if event.in_writing is not None else (
            None if event.medium is None else event.medium in ("letter", "registered_letter", "email", "online_form"))
        if written is None:
            unsure.append(f"history[{i}].in_writing")
        elif written:
            on: Any = Unknown(unsure) if unsure else event.date
            return {"history.written_claim": True, "history.written_claim_on": on}
    return {"history.written_claim": Unknown(unsure) if unsure else False, "history.written_claim_on": Unknown(unsure)}


def _request_facts(events: list[tuple[int, Any]]) -> dict[str, Any]:
    claims = [(i, e) for i, e in events if isinstance(e, Claim) and e.remedy in ("repair", "replacement")
              and e.warranty in (None, "legal_conformity")]
    if not claims:
        return {"history.conformity_requested": False, "history.conformity_requested_on": Unknown(),
                "history.requested_remedy": Unknown(), "history.conformity_done": False,
                "history.conformity_done_on": Unknown()}
    index, latest = claims[-1]
    if latest.warranty is None:
        unknown = Unknown([f"history[{index}].warranty"])
        return dict.fromkeys(("history.conformity_requested", "history.conformity_requested_on",
                              "history.requested_remedy", "history.conformity_done",
                              "history.conformity_done_on"), unknown)
    done_on: dt.date | None = None
    unsure: list[str] = []
    for i, event in events:
        if event.date < latest.date or not isinstance(event, RepairReturned | ReplacementDelivered):
            continue
        if event.defect_persists is False:
            done_on = event.date
            break
        if event.defect_persists is None:
            unsure.append(f"history[{i}].defect_persists")
    return {
        "history.conformity_requested": True,
        "history.conformity_requested_on": latest.date,
        "history.requested_remedy": latest.remedy,
        "history.conformity_done": True if done_on is not None else Unknown(unsure) if unsure else False,
        # an earlier return whose outcome is unknown may have been the conforming one
        "history.conformity_done_on": Unknown(unsure) if unsure or done_on is None else done_on,
    }


def _refusal_facts(events: list[tuple[int, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    refusals = [(i, e) for i, e in events if isinstance(e, Refusal)]
    covering: dict[str, list[tuple[int, Refusal]]] = {
        name: [(i, e) for i, e in refusals if e.refused in (name, "any_conformity")]
        for name in ("repair", "replacement")}
    for name, found in covering.items():
        out[f"history.{name}_refused"] = bool(found)
        if found:
            index, latest = found[-1]
            out[f"history.{name}_refused_on"] = latest.date
            out[f"history.{name}_refusal_ground"] = (
                latest.ground if latest.ground is not None else Unknown([f"history[{index}].ground"]))
            out[f"history.{name}_refusal_reasoned"] = (
                latest.reasoned_in_writing if latest.reasoned_in_writing is not None
                else Unknown([f"history[{index}].reasoned_in_writing"]))
        else:
            for suffix in ("refused_on", "refusal_ground", "refusal_reasoned"):
                out[f"history.{name}_{suffix}"] = Unknown()
    both = covering["repair"] and covering["replacement"]
    out["history.any_conformity_refused"] = bool(both)
    out["history.any_conformity_refused_on"] = (
        max(covering["repair"][0][1].date, covering["replacement"][0][1].date) if both else Unknown())
    return out


def _money_facts(events: list[tuple[int, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    notices = [e.date for _, e in events if isinstance(e, TerminationNotified)]
    out["history.termination_notified"] = bool(notices)
    out["history.termination_notified_on"] = _first(notices)
    returned = [e.date for _, e in events
                if isinstance(e, GoodsReturned) and notices and e.date >= notices[0]]
    out["history.goods_returned_after_termination"] = bool(returned)
    out["history.goods_returned_after_termination_on"] = _first(returned)
    refunds = [e.date for _, e in events if isinstance(e, RefundPaid) and e.reason == "termination"]
    out["history.termination_refunded"] = bool(refunds)
    out["history.termination_refunded_on"] = _first(refunds)
    out["history.postage_paid"] = any(isinstance(e, CostsBorne) and e.cost == "postage" for _, e in events)
    taken = [e.date for _, e in events if isinstance(e, TakenInCharge)]
    out["history.taken_in_charge"] = bool(taken)
    out["history.taken_in_charge_on"] = _first(taken)
    postage = [e.date for _, e in events if isinstance(e, RefundPaid) and e.reason == "postage"]
    out["history.postage_refunded"] = bool(postage)
    out["history.postage_refunded_on"] = _first(postage)
    return out
