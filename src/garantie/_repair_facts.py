"""Derived facts about a paid repair (``Case.repair_service``).

They only *describe* the repair section: whether there is one, how many reminders were sent,
how far the bill goes beyond the quote, whether the repair costs more than the goods are worth.
What the law makes of them is decided by ``rules/repair_service/*.yaml``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from garantie._expr import BOOL, DATE, NUMBER, Unknown, ValueType
from garantie.case import Case

__all__ = ["REPAIR_FACTS", "REPAIR_UNKNOWN_PATHS", "repair_facts"]

REPAIR_FACTS: dict[str, tuple[ValueType, str]] = {
    "history.repair_described": (
        BOOL, "Whether the case describes a paid repair or after-sales service (repair_service)."),
    "history.repair_reminders": (NUMBER, "Number of reminders the consumer sent the repairer."),
    "history.repair_extra_amount": (
        NUMBER, "Euros invoiced above the quote (0 when the bill is within it)."),
    "history.repair_cost_exceeds_value": (
        BOOL, "Whether the repair's price (the quote, or the bill when there is no quoted amount) is above what "
        "the goods are worth today."),
    "history.repair_first_claim_on": (
        DATE, "The earliest day the consumer claimed from the repairer (a reminder or the formal notice); unknown "
        "when neither happened."),
}

# Input fields these facts may find missing (each has a question).
REPAIR_UNKNOWN_PATHS: tuple[str, ...] = (
    "repair_service.quote_amount", "repair_service.invoiced_amount", "repair_service.goods_value")

_Q = "repair_service.quote_amount"
_I = "repair_service.invoiced_amount"
_N = "repair_service.formal_notice_on"


def repair_facts(case: Case) -> dict[str, Any]:
    """The facts above for ``case``; without a repair section, only ``history.repair_described`` is known."""
    repair = case.repair_service
    if repair is None:
        return {"history.repair_described": False, "history.repair_reminders": 0,
                "history.repair_extra_amount": Unknown([_Q, _I]), "history.repair_cost_exceeds_value": Unknown([_Q]),
                "history.repair_first_claim_on": Unknown([_N])}
    quote, bill = repair.quote_amount, repair.invoiced_amount
    extra: Any = (max(Decimal(0), bill - quote) if quote is not None and bill is not None
                  else Unknown([p for p, a in ((_Q, quote), (_I, bill)) if a is None]))
    price = quote if quote is not None else bill
    exceeds: Any = (price > repair.goods_value if price is not None and repair.goods_value is not None
                    else Unknown(([_Q] if price is None else []) + (
                        ["repair_service.goods_value"] if repair.goods_value is None else [])))
    # The mediation year runs from the first written claim: taking reminders as written gives the earliest day.
    claims = [*repair.reminders, *([repair.formal_notice_on] if repair.formal_notice_on else [])]
    return {"history.repair_described": True, "history.repair_reminders": len(repair.reminders),
            "history.repair_extra_amount": extra,
            "history.repair_cost_exceeds_value": exceeds,
            "history.repair_first_claim_on": min(claims) if claims else Unknown([_N])}
