"""The letter to a paid repairer (kind ``repairer_notice``): what it demands follows the verdict's repair basis.

A formal notice to finish the repair by a deadline (late), the notice of termination (late after a notice), the
return of goods kept or threatened with sale, the refusal of an extra above the accepted quote, and redoing,
restoring or compensating a failed repair, damaged or lost goods. A repair that is a warranty matter is never
claimed from a repairer: the letter is refused and names the warranty letter to send the seller instead.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from garantie._text import format_amount, format_value
from garantie.errors import LetterError
from garantie.verdict import Basis, Step, Verdict

__all__ = ["KIND", "repair_context", "repair_demands", "repair_sources"]

KIND = "repairer_notice"

# What the letter may demand, in the order it lists them (the first is Letter.demand).
ORDER = ("terminate", "complete_repair", "return_goods", "compensate_loss", "restore_or_compensate",
         "redo_or_refund", "refund_unrepaired", "refuse_extra", "damages_delay")
_GOODS = {"lost": "compensate_loss", "damaged": "restore_or_compensate", "repair_failed": "redo_or_refund",
          "not_repaired": "refund_unrepaired"}
# The warranty letter to send the seller (or the guarantor) instead, by warranty.
_INSTEAD = {"legal_conformity": ("the legal conformity warranty is still running", "conformity_notice"),
            "commercial_warranty": ("a commercial warranty is still running", "commercial_warranty_claim")}
# The verdict's conclusions each demand relies on (prefixes of its reasons), besides the basis's own status.
_SOURCES = {
    "terminate": ("repair_service.delay", "repair_service.termination_opens_on", "escalation.repair_termination."),
    "complete_repair": ("repair_service.delay", "escalation.repair_notice."),
    "return_goods": ("repair_service.goods", "repair_service.abandonment", "repair_service.sale_possible_from"),
    "compensate_loss": ("repair_service.goods", "repair_service.price"),
    "restore_or_compensate": ("repair_service.goods",),
    "redo_or_refund": ("repair_service.goods",),
    "refund_unrepaired": ("repair_service.goods",),
    "refuse_extra": ("repair_service.price", "repair_service.amount_owed", "repair_service.extra_refused"),
    "damages_delay": ("repair_service.delay",),
}
_ALWAYS = ("repair_service.status", "repair_service.warranty_matter", "repair_service.contract_date",
           "repair_service.deadline")


def _refuse(why: str) -> LetterError:
    return LetterError(f"no '{KIND}' letter for this verdict: {why}")


def _basis(verdict: Verdict) -> Basis:
    basis = next((b for b in verdict.bases if b.basis == "repair_service"), None)
    if basis is None:
        raise _refuse("the case describes no paid repair (no repair_service section)")
    return basis


def _step(verdict: Verdict, name: str) -> Step | None:
    return next((s for s in verdict.next_steps if s.step == name), None)


def repair_demands(verdict: Verdict) -> tuple[tuple[str, ...], dt.date | None]:
    """What the letter demands (in ORDER) and the deadline it gives, or a LetterError saying why it does not fit."""
    basis = _basis(verdict)
    facts = basis.facts
    matter = facts.get("warranty_matter")
    if matter in _INSTEAD:
        why, instead = _INSTEAD[matter]
        raise _refuse(f"the repair is a warranty matter ({why}): the consumer owes no paid repair; write to the "
                      f"seller (or the guarantor) with the warranty letter instead: '{instead}'")
    if matter != "none":
        raise _refuse("whether the repair falls under a running warranty is not settled (give the missing facts)")
    found: set[str] = set()
    delay, goods, price = facts.get("delay"), facts.get("goods"), facts.get("price")
    if delay == "late_after_notice":
        found.add("terminate")
    elif delay in ("late_no_notice", "notice_running"):
        found.add("complete_repair")
    elif delay == "done_late":
        found.add("damages_delay")
    if goods in _GOODS:
        found.add(_GOODS[goods])
    if price == "extra_not_owed":
        found.add("refuse_extra")
    if facts.get("abandonment") == "sale_too_early" or (goods == "in_hands" and "refuse_extra" in found):
        found.add("return_goods")
    if not found:
        raise _refuse(f"nothing to claim from the repairer (repair basis: {basis.status})")
    notice = _step(verdict, "repair_notice")
    deadline = notice.dates.get("deadline") if notice is not None and notice.status in ("due_now", "open") else None
    return tuple(d for d in ORDER if d in found), deadline


def repair_sources(demands: tuple[str, ...]) -> tuple[str, ...]:
    """The prefixes of the verdict's reasons whose articles and dates the letter shows."""
    return _ALWAYS + tuple(p for d in demands for p in _SOURCES[d])


def repair_context(verdict: Verdict, demands: tuple[str, ...], lang: str) -> dict[str, Any]:
    """The repair's dates and amounts as the letter words them ('' when the verdict did not settle one)."""
    basis = _basis(verdict)

    def day(value: dt.date | None) -> str:
        return format_value(value, lang) if value is not None else ""

    def amount(name: str) -> Decimal | None:
        value = basis.facts.get(name)
        return Decimal(str(value)) if isinstance(value, int | str) else None

    owed, extra = amount("amount_owed"), amount("extra_refused")
    notice = _step(verdict, "repair_notice")
    done = notice is not None and notice.status == "done"
    quoted = basis.facts.get("price") in ("quote_binds", "extra_not_owed")
    return {
        "demands": list(demands),
        "handed_over": day(basis.dates.get("contract_date")),
        "promised": day(basis.dates.get("deadline")),
        "quote": format_amount(owed, lang) if owed is not None and quoted else "",
        "owed": format_amount(owed, lang) if owed is not None else "",
        "extra": format_amount(extra, lang) if extra is not None else "",
        "invoiced": format_amount(owed + extra, lang) if owed is not None and extra is not None else "",
        "notice_on": day(notice.done_on) if done and notice is not None else "",
        "notice_deadline": day(notice.dates.get("deadline")) if done and notice is not None else "",
        "termination_from": day(basis.dates.get("termination_opens_on")),
        "sale_possible_from": day(basis.dates.get("sale_possible_from")),
    }
