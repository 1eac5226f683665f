"""Derived facts for the events that interrupt or suspend a time bar (C. civ. 2238 to 2241).

They only say what happened and when: an acknowledgement by the seller, a mediation, a
pre-trial expert measure, a court claim, and a repair taken in charge under the legal
warranty. Whether and how each one moves a deadline is decided by the rules.
"""

from __future__ import annotations

from typing import Any

from garantie._expr import BOOL, DATE, Unknown, ValueType
from garantie.case import Case
from garantie.history import (
    Acknowledgement,
    CourtClaimFiled,
    ExpertMeasureOrdered,
    HandedOver,
    MediationEnded,
    MediationRequested,
)

__all__ = ["PRESCRIPTION_FACTS", "PRESCRIPTION_UNKNOWN_PATHS", "prescription_facts"]

# Asked when a time bar has run and the history states none of these events.
NOT_STATED_PATH = "history[].interruption_or_suspension"

PRESCRIPTION_FACTS: dict[str, tuple[ValueType, str]] = {
    "history.prescription_events_stated": (
        BOOL, "Whether the history states an acknowledgement, a mediation, a pre-trial expert measure or a court "
        "claim (unknown, not false, when it states none: the consumer may not have mentioned them)."),
    "history.acknowledged": (BOOL, "Whether the seller acknowledged the consumer's right (an acknowledgement event)."),
    "history.acknowledged_on": (DATE, "The day of the latest acknowledgement of the consumer's right by the seller."),
    "history.mediation_requested": (BOOL, "Whether a mediation or conciliation began."),
    "history.mediation_requested_on": (DATE, "The day the first mediation or conciliation began."),
    "history.mediation_ended_on": (
        DATE, "The day that mediation was declared over (unknown while it is under way)."),
    "history.mediation_ongoing": (BOOL, "Whether a mediation began and has not been declared over."),
    "history.expert_measure_ordered": (BOOL, "Whether a judge granted a pre-trial expert measure."),
    "history.expert_measure_ordered_on": (DATE, "The day a judge first granted a pre-trial expert measure."),
    "history.expert_measure_executed_on": (
        DATE, "The day that measure was carried out (unknown while it is under way)."),
    "history.expert_measure_ongoing": (BOOL, "Whether a pre-trial expert measure was ordered and is not yet done."),
    "history.court_claim_filed": (BOOL, "Whether the consumer brought the claim before a court."),
    "history.court_claim_filed_on": (DATE, "The day the consumer first brought the claim before a court."),
    "history.warranty_repair_taken": (
        BOOL, "Whether the goods were handed over to the seller under the legal conformity warranty."),
    "history.warranty_repair_taken_on": (
        DATE, "The day the goods were last handed over to the seller under the legal conformity warranty."),
}

PRESCRIPTION_UNKNOWN_PATHS: tuple[str, ...] = (NOT_STATED_PATH,)


def prescription_facts(case: Case) -> dict[str, Any]:
    events = sorted(case.history, key=lambda event: event.date)
    acks = [e.date for e in events if isinstance(e, Acknowledgement)]
    starts = [e.date for e in events if isinstance(e, MediationRequested)]
    ends = [e.date for e in events if isinstance(e, MediationEnded) and starts and e.date >= starts[0]]
    orders = [e for e in events if isinstance(e, ExpertMeasureOrdered)]
    claims = [e.date for e in events if isinstance(e, CourtClaimFiled)]
    repairs = [e.date for e in events if isinstance(e, HandedOver) and e.warranty == "legal_conformity"]
    stated = bool(acks or starts or orders or claims)
    return {
        "history.prescription_events_stated": True if stated else Unknown([NOT_STATED_PATH]),
        "history.acknowledged": bool(acks),
        "history.acknowledged_on": acks[-1] if acks else Unknown(),
        "history.mediation_requested": bool(starts),
        "history.mediation_requested_on": starts[0] if starts else Unknown(),
        "history.mediation_ended_on": ends[0] if ends else Unknown(),
        "history.mediation_ongoing": bool(starts) and not ends,
        "history.expert_measure_ordered": bool(orders),
        "history.expert_measure_ordered_on": orders[0].date if orders else Unknown(),
        "history.expert_measure_executed_on": (
            orders[0].executed_on if orders and orders[0].executed_on is not None else Unknown()),
        "history.expert_measure_ongoing": bool(orders) and orders[0].executed_on is None,
        "history.court_claim_filed": bool(claims),
        "history.court_claim_filed_on": claims[0] if claims else Unknown(),
        "history.warranty_repair_taken": bool(repairs),
        "history.warranty_repair_taken_on": repairs[-1] if repairs else Unknown(),
    }
