"""Derived facts for the escalation path: written complaint, formal notice, amicable attempts, court claim.

They only say what happened and when; which step is due, open or closed is decided by rules/escalation.
"""

from __future__ import annotations

from typing import Any

from garantie._expr import BOOL, DATE, Unknown, ValueType
from garantie.case import Case
from garantie.history import CourtClaimFiled, FormalNotice, MediationRequested, PaymentDisputeRefund

__all__ = ["ESCALATION_FACTS", "ESCALATION_UNKNOWN_PATHS", "escalation_facts"]

ESCALATION_FACTS: dict[str, tuple[ValueType, str]] = {
    "history.formal_notice_sent": (
        BOOL, "Whether the consumer sent a formal notice (mise en demeure), on any subject."),
    "history.formal_notice_sent_on": (DATE, "The day the first formal notice was sent."),
    "history.formal_notice_registered": (
        BOOL, "Whether that first formal notice went by registered letter with acknowledgement of receipt."),
    "history.consumer_mediation_requested": (
        BOOL, "Whether the consumer referred the dispute to the consumer mediator (a mediation_requested event "
        "by consumer_mediator)."),
    "history.consumer_mediation_requested_on": (DATE, "The day of the first such referral."),
    "history.amicable_attempted": (
        BOOL, "Whether a conciliation or mediation (any kind) was attempted before the first court claim, or so "
        "far when no court claim is stated."),
    "history.amicable_attempted_on": (DATE, "The day of the first such attempt."),
    "history.payment_dispute_used": (BOOL, "Whether money came back through a payment dispute (chargeback, PayPal)."),
}

ESCALATION_UNKNOWN_PATHS: tuple[str, ...] = ("history[mediation_requested].by",)


def escalation_facts(case: Case) -> dict[str, Any]:
    events = sorted(enumerate(case.history), key=lambda pair: pair[1].date)
    notices = [e for _, e in events if isinstance(e, FormalNotice)]
    court = [e.date for _, e in events if isinstance(e, CourtClaimFiled)]
    mediations = [(i, e) for i, e in events if isinstance(e, MediationRequested)]
    before_court = [e.date for _, e in mediations if not court or e.date <= court[0]]
    # A referral whose kind is unknown may be the consumer mediation: the step stays open to that question.
    consumer: Any = False
    consumer_on: Any = Unknown()
    unsure: list[str] = []
    for i, event in mediations:
        if event.by is None:
            unsure.append(f"history[{i}].by")
        elif event.by == "consumer_mediator":
            consumer, consumer_on = (Unknown(unsure), Unknown(unsure)) if unsure else (True, event.date)
            break
    else:
        consumer = Unknown(unsure) if unsure else False
        consumer_on = Unknown(unsure)
    first_notice = notices[0] if notices else None
    return {
        "history.formal_notice_sent": first_notice is not None,
        "history.formal_notice_sent_on": first_notice.date if first_notice else Unknown(),
        "history.formal_notice_registered": (
            Unknown() if first_notice is None or first_notice.registered is None else first_notice.registered),
        "history.consumer_mediation_requested": consumer,
        "history.consumer_mediation_requested_on": consumer_on,
        "history.amicable_attempted": bool(before_court),
        "history.amicable_attempted_on": before_court[0] if before_court else Unknown(),
        "history.payment_dispute_used": any(isinstance(e, PaymentDisputeRefund) for _, e in events),
    }
