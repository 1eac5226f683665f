"""Derived facts for delivery and withdrawal, read off the event list.

Like every derived fact they only describe what happened: the earliest formal notice
about delivery and the extra time it gave, when the seller received a termination
letter, when the consumer withdrew, sent the goods back, was refunded. Whether a
notice was timely or a refund late is for the rules (rules/delivery, rules/withdrawal).

An event field these facts need but find ``None`` yields ``Unknown(["history[i].field"])``
so that the verdict asks for it; a fact about an event that never happened is
``Unknown()`` (no question: nothing to ask), and its companion boolean says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from garantie._expr import BOOL, DATE, Unknown, ValueType
from garantie.case import Case
from garantie.history import (
    DeliveryRefused,
    FormalNotice,
    GoodsReturned,
    RefundPaid,
    TerminationNotified,
    WithdrawalNotified,
)

__all__ = ["SALE_EVENT_FACTS", "SALE_EVENT_UNKNOWN_PATHS", "sale_event_facts"]

SALE_EVENT_FACTS: dict[str, tuple[ValueType, str]] = {
    "history.delivery_notice_given": (
        BOOL, "Whether the consumer sent a formal notice (mise en demeure) about delivery."),
    "history.delivery_notice_on": (
        DATE, "The day the earliest formal notice about delivery was sent."),
    "history.delivery_notice_deadline": (
        DATE, "The extra time that notice gave the seller to deliver: its last day."),
    "history.delivery_refused": (
        BOOL, "Whether the seller refused to deliver or it became manifest that it will not deliver."),
    "history.delivery_refused_on": (DATE, "The day of the earliest such refusal."),
    "history.termination_received_on": (
        DATE, "The day the seller received the earliest termination notice."),
    "history.termination_refund_paid": (
        BOOL, "Whether the seller paid a refund following a termination."),
    "history.termination_refund_on": (DATE, "The day of the earliest such refund."),
    "history.withdrawal_notified": (
        BOOL, "Whether the consumer told the seller of a decision to withdraw."),
    "history.withdrawal_notified_on": (
        DATE, "The day the earliest withdrawal statement was sent."),
    "history.goods_returned": (
        BOOL, "Whether the goods reached the seller or the consumer gave proof of sending them back."),
    "history.goods_returned_on": (DATE, "The day of the earliest such return or proof."),
    "history.withdrawal_refund_paid": (
        BOOL, "Whether the seller paid a refund following a withdrawal."),
    "history.withdrawal_refund_on": (DATE, "The day of the earliest such refund."),
}

# Event fields these facts may need and find missing; each has a question in rules/delivery.
SALE_EVENT_UNKNOWN_PATHS: tuple[str, ...] = (
    "history[].subject", "history[].deadline", "history[].received_on", "history[refund_paid].reason")

E = TypeVar("E")


def _matching(case: Case, kind: type[E], wanted: Callable[[E], bool | None],
              field: str) -> tuple[list[tuple[int, E]], list[str]]:
    """Events of ``kind`` that ``wanted`` accepts, earliest first, and the paths of those it cannot judge."""
    found: list[tuple[int, E]] = []
    unsure: list[str] = []
    for index, event in enumerate(case.history):
        if isinstance(event, kind):
            verdict = wanted(event)
            if verdict is None:
                unsure.append(f"history[{index}].{field}")
            elif verdict:
                found.append((index, event))
    found.sort(key=lambda pair: getattr(pair[1], "date"))  # noqa: B009 — E is any event type
    return found, unsure


def _presence(found: Sequence[object], unsure: list[str]) -> Any:
    """True if a matching event exists; else unknown while some event cannot be judged; else False."""
    if found:
        return True
    return Unknown(unsure) if unsure else False


def _earliest_date(found: Sequence[tuple[int, Any]], unsure: list[str]) -> Any:
    if found:
        return found[0][1].date
    return Unknown(unsure)


def _by_subject(subject: str) -> Callable[[FormalNotice], bool | None]:
    return lambda notice: None if notice.subject is None else notice.subject == subject


def _by_reason(reason: str) -> Callable[[RefundPaid], bool | None]:
    return lambda refund: None if refund.reason is None else refund.reason == reason


def _always(_: object) -> bool:
    return True


def sale_event_facts(case: Case) -> dict[str, Any]:
    facts: dict[str, Any] = {}

    notices, unsure = _matching(case, FormalNotice, _by_subject("delivery"), "subject")
    facts["history.delivery_notice_given"] = _presence(notices, unsure)
    facts["history.delivery_notice_on"] = _earliest_date(notices, unsure)
    if notices:
        index, first = notices[0]
        deadline: dt.date | None = first.deadline
        facts["history.delivery_notice_deadline"] = (
            deadline if deadline is not None else Unknown([f"history[{index}].deadline"]))
    else:
        facts["history.delivery_notice_deadline"] = Unknown(unsure)

    refusals, _ = _matching(case, DeliveryRefused, _always, "date")
    facts["history.delivery_refused"] = bool(refusals)
    facts["history.delivery_refused_on"] = _earliest_date(refusals, [])

    terminations, _ = _matching(case, TerminationNotified, _always, "date")
    facts["history.termination_notified"] = bool(terminations)
    if terminations:
        index, first_termination = terminations[0]
        received = first_termination.received_on
        facts["history.termination_received_on"] = (
            received if received is not None else Unknown([f"history[{index}].received_on"]))
    else:
        facts["history.termination_received_on"] = Unknown()

    for reason in ("termination", "withdrawal"):
        refunds, unsure = _matching(case, RefundPaid, _by_reason(reason), "reason")
        facts[f"history.{reason}_refund_paid"] = _presence(refunds, unsure)
        facts[f"history.{reason}_refund_on"] = _earliest_date(refunds, unsure)

    withdrawals, _ = _matching(case, WithdrawalNotified, _always, "date")
    facts["history.withdrawal_notified"] = bool(withdrawals)
    facts["history.withdrawal_notified_on"] = _earliest_date(withdrawals, [])

    returns, _ = _matching(case, GoodsReturned, _always, "date")
    facts["history.goods_returned"] = bool(returns)
    facts["history.goods_returned_on"] = _earliest_date(returns, [])
    return facts
