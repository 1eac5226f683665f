"""What a letter may say, taken only from the verdict: the kind's checks, the demand, the dates, the articles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from garantie._text import format_amount, format_value
from garantie.errors import LetterError
from garantie.letters import _repair
from garantie.parties import Parties
from garantie.ruleset import RuleSet, load_rules
from garantie.verdict import Basis, Reason, Remedy, Step, Verdict

__all__ = ["KINDS", "Demand", "build_context"]

KINDS = (
    "conformity_notice", "reduction_or_termination_notice", "non_delivery_notice", "withdrawal",
    "late_refund_reminder", "manufacturer_answer", "commercial_warranty_claim", "mediation_referral",
    _repair.KIND,
)

# Visible blanks for what the case does not give: a letter never invents a name, an address or a sum.
_BLANKS: dict[str, dict[str, str]] = {
    "fr": {"consumer.name": "[vos nom et prénom]", "consumer.address": "[votre adresse]",
           "seller.name": "[nom du vendeur]", "seller.address": "[adresse du vendeur]",
           "mediator.name": "[nom du médiateur de la consommation]", "mediator.address": "[adresse du médiateur]",
           "repairer.name": "[nom du réparateur]", "repairer.address": "[adresse du réparateur]",
           "order_number": "[numéro de commande]", "amount": "[montant]", "place": "[lieu]"},
    "en": {"consumer.name": "[your full name]", "consumer.address": "[your address]",
           "seller.name": "[seller's name]", "seller.address": "[seller's address]",
           "mediator.name": "[name of the consumer mediator]", "mediator.address": "[mediator's address]",
           "repairer.name": "[repairer's name]", "repairer.address": "[repairer's address]",
           "order_number": "[order number]", "amount": "[amount]", "place": "[place]"},
}

# Which conclusions each kind's articles and facts come from (prefixes of the verdict's reasons).
_SOURCES: dict[str, tuple[str, ...]] = {
    "conformity_notice": ("glc.status", "remedy.repair.", "remedy.replacement.", "remedy.conformity_deadline",
                          "escalation.formal_notice.status"),
    "reduction_or_termination_notice": ("glc.status", "remedy.price_reduction.status", "remedy.termination.",
                                        "remedy.refunds."),
    "non_delivery_notice": ("delivery.",),
    "withdrawal": ("withdrawal.deadline", "withdrawal.status", "withdrawal.refund_due"),
    "late_refund_reminder": ("remedy.refunds.", "remedy.termination.refund_due", "delivery.refund",
                             "delivery.late_refund", "withdrawal.refund", "withdrawal.late_refund"),
    "manufacturer_answer": ("counterpart.", "glc.status", "remedy.repair.status", "remedy.replacement.status"),
    "commercial_warranty_claim": ("commercial.status", "commercial.end", "commercial.obligation",
                                  "commercial.adds_to_legal_rights"),
    "mediation_referral": ("escalation.written_claim.status", "escalation.consumer_mediation.",
                           "glc.status", "remedy.repair.status", "remedy.replacement.status",
                           "remedy.price_reduction.status", "remedy.termination.status"),
}


@dataclass(frozen=True)
class Demand:
    """What the letter demands: one of the verdict's available remedies, or what a basis gives."""

    # repair | replacement | price_reduction | termination (legal warranty), delivery | delivery_termination
    # (non-delivery), refund, withdrawal, commercial
    remedy: str
    deadline: dt.date | None


def _remedy(verdict: Verdict, name: str) -> Remedy | None:
    return next((r for r in verdict.remedies if r.remedy == name), None)


def _available(verdict: Verdict, name: str) -> bool:
    found = _remedy(verdict, name)
    return found is not None and found.status == "available"


def _basis(verdict: Verdict, name: str) -> Basis | None:
    return next((b for b in verdict.bases if b.basis == name), None)


def _step(verdict: Verdict, name: str) -> Step | None:
    return next((s for s in verdict.next_steps if s.step == name), None)


def _value(verdict: Verdict, conclusion: str) -> Any:
    return next((r.value for r in verdict.reasons if r.conclusion == conclusion), None)


def _notice_deadline(verdict: Verdict) -> dt.date | None:
    step = _step(verdict, "formal_notice")
    return step.dates.get("deadline") if step is not None else None


def _refuse(kind: str, why: str) -> LetterError:
    return LetterError(f"no '{kind}' letter for this verdict: {why}")


def choose_demand(verdict: Verdict, kind: str) -> Demand:
    """The demand of ``kind`` for this verdict, or a LetterError saying why the letter does not apply."""
    if kind not in KINDS:
        raise LetterError(f"unknown letter kind {kind!r}; known kinds: {', '.join(KINDS)}")
    if kind == _repair.KIND:
        demands, deadline = _repair.repair_demands(verdict)
        return Demand(demands[0], deadline)
    glc = verdict.legal_conformity.status
    if kind in ("conformity_notice", "manufacturer_answer"):
        if glc != "applies":
            raise _refuse(kind, f"the legal conformity warranty does not apply (status: {glc})")
        requested = _value(verdict, "remedy.requested")
        order = [requested] if requested in ("repair", "replacement") else []
        for name in [*order, "repair", "replacement"]:
            if _available(verdict, name):
                if kind == "manufacturer_answer" and _value(verdict, "counterpart.manufacturer_referral") is None:
                    raise _refuse(kind, "the history shows no referral to the manufacturer")
                return Demand(name, _notice_deadline(verdict))
        raise _refuse(kind, "neither repair nor replacement is available now")
    if kind == "reduction_or_termination_notice":
        if glc != "applies":
            raise _refuse(kind, f"the legal conformity warranty does not apply (status: {glc})")
        for name in ("termination", "price_reduction"):
            if _available(verdict, name):
                return Demand(name, _notice_deadline(verdict))
        raise _refuse(kind, "neither price reduction nor termination is available now")
    if kind == "non_delivery_notice":
        basis = _basis(verdict, "delivery")
        if basis is None or basis.status != "applies":
            raise _refuse(kind, "the remedies for non-delivery do not apply")
        right = basis.facts.get("termination_right")
        return Demand("delivery_termination" if right in ("immediate", "open_after_notice") else "delivery",
                      _notice_deadline(verdict))
    if kind == "withdrawal":
        basis = _basis(verdict, "withdrawal")
        if basis is None or basis.status != "applies":
            raise _refuse(kind, "the right of withdrawal cannot be exercised (its time limit passed or it does "
                                "not apply)")
        return Demand("withdrawal", basis.dates.get("deadline"))
    if kind == "late_refund_reminder":
        if _late_refund(verdict) is None:
            raise _refuse(kind, "no refund is due and late")
        return Demand("refund", _notice_deadline(verdict))
    if kind == "commercial_warranty_claim":
        basis = _basis(verdict, "commercial_warranty")
        if basis is None or basis.status != "applies":
            raise _refuse(kind, "the commercial warranty does not apply")
        return Demand("commercial", basis.dates.get("end"))
    step = _step(verdict, "consumer_mediation")
    if step is None or step.status not in ("due_now", "open"):
        raise _refuse(kind, f"the consumer mediator cannot be seized now (step: {step.status if step else 'none'})")
    return Demand(next((n for n in ("termination", "price_reduction", "repair", "replacement")
                        if _available(verdict, n)), "refund"), step.last_day)


def _late_refund(verdict: Verdict) -> tuple[str, int, Decimal | None] | None:
    """(basis, days late, statutory surcharge percent) of a refund due and late, if the verdict settled one."""
    refunds = next((t for t in verdict.topics if t.topic == "remedy.refunds"), None)
    days = refunds.conclusions.get("termination_days_late") if refunds else None
    if isinstance(days, int) and days >= 1:
        return "legal_conformity", days, None
    for name in ("delivery", "withdrawal"):
        basis = _basis(verdict, name)
        late = basis.facts.get("refund_days_late") if basis else None
        if basis is not None and isinstance(late, int) and late >= 1:
            pct = basis.facts.get("late_refund_surcharge_percent")
            return name, late, Decimal(str(pct)) if isinstance(pct, int | str) else None
    return None


def _selected(verdict: Verdict, kind: str) -> list[Reason]:
    sources = _repair.repair_sources(_repair.repair_demands(verdict)[0]) if kind == _repair.KIND else _SOURCES[kind]
    return [r for r in verdict.reasons if not r.moot and any(r.conclusion.startswith(p) for p in sources)]


def build_context(verdict: Verdict, kind: str, lang: str, parties: Parties | None) -> tuple[Demand, dict[str, Any]]:
    """The demand and every variable a template may use (all defined: a blank marker for what is missing)."""
    demand = choose_demand(verdict, kind)
    blanks = _BLANKS[lang]
    p = parties or Parties()

    def party(role: str) -> dict[str, str]:
        found = getattr(p, role)
        name = found.name if found is not None and found.name else blanks[f"{role}.name"]
        address = found.address if found is not None and found.address else blanks[f"{role}.address"]
        return {"name": name, "address": address}

    def day(value: dt.date | None, blank: str) -> str:
        return format_value(value, lang) if value is not None else blank

    reasons = _selected(verdict, kind)
    rules = load_rules()
    # Each article with what it says here: the titles of the verdict's rules that rely on it (neutral words,
    # unlike the reasons' texts, which speak to the consumer).
    said: dict[str, list[str]] = {}
    for reason in reasons:
        title = getattr(rules.rules[reason.rule_id].title, lang)
        for citation in reason.citations:
            titles = said.setdefault(citation.label, [])
            if title not in titles:
                titles.append(title)
    articles = {label: " ; ".join(t[0].lower() + t[1:] for t in titles) if lang == "fr"
                else "; ".join(t[0].lower() + t[1:] for t in titles) for label, titles in said.items()}
    late = _late_refund(verdict)
    amount = p.amount
    surcharge = (amount * late[2] / 100).quantize(Decimal("0.01")) if amount is not None and late and late[2] \
        else None
    following = _following(verdict, kind, lang)
    context: dict[str, Any] = {
        "lang": lang, "kind": kind,
        "consumer": party("consumer"), "seller": party("seller"), "mediator": party("mediator"),
        "repairer": party("repairer"),
        "repair": _repair.repair_context(verdict, _repair.repair_demands(verdict)[0], lang)
        if kind == _repair.KIND else {},
        "order_number": p.order_number or blanks["order_number"],
        "amount": format_amount(amount, lang) if amount is not None else blanks["amount"],
        "place": p.place or blanks["place"],
        "today": format_value(verdict.as_of, lang),
        "contract_date": format_value(verdict.contract_date, lang),
        "delivery_date": day(verdict.legal_conformity.liability.start, "[date de livraison]" if lang == "fr"
                             else "[delivery date]"),
        "demand": demand.remedy,
        "deadline": day(demand.deadline, "[date limite]" if lang == "fr" else "[deadline]"),
        "facts": _facts(verdict, reasons, rules, lang, purchase=kind != _repair.KIND),
        "articles": [{"label": label, "says": says} for label, says in articles.items()],
        "refund_due": day(_remedy_date(verdict, "termination", "refund_due"), ""),
        "late_days": late[1] if late else 0, "late_basis": late[0] if late else "",
        "surcharge_percent": str(late[2]) if late and late[2] is not None else "",
        "surcharge": format_amount(surcharge, lang) if surcharge is not None else "",
        "withdrawal_deadline": day(_basis_date(verdict, "withdrawal", "deadline"), ""),
        "refund_due_withdrawal": day(_basis_date(verdict, "withdrawal", "refund_due"), ""),
        "delivery_refund_due": day(_basis_date(verdict, "delivery", "refund_due"), ""),
        "commercial_end": day(_basis_date(verdict, "commercial_warranty", "end"), ""),
        "mediation_last_day": day((_step(verdict, "consumer_mediation") or _EMPTY).last_day, ""),
        "written_claim_on": day((_step(verdict, "written_claim") or _EMPTY).done_on, ""),
        "next_title": following[0], "next_text": following[1], "next_date": following[2],
    }
    return demand, context


# Texted model: its (empty) sentences go through validation, which keeps them aside (verdict._Texted).
_EMPTY = Step.model_validate({"step": "", "status": "undetermined", "title": {}, "fr": "", "en": "", "reasons": ()})


def _facts(verdict: Verdict, reasons: list[Reason], rules: RuleSet, lang: str, purchase: bool = True) -> list[str]:
    """The dated facts the verdict settled, in neutral words: contract, delivery (for a letter about the
    purchase; a repairer's letter dates its own contract), steps done, relevant dates."""
    colon = " : " if lang == "fr" else ": "
    facts = [("Contrat conclu le " if lang == "fr" else "Contract concluded on ")
             + format_value(verdict.contract_date, lang)] if purchase else []
    start = verdict.legal_conformity.liability.start
    if start is not None and purchase:
        facts.append(("Bien livré le " if lang == "fr" else "Goods delivered on ") + format_value(start, lang))
    facts += [step.title[lang] + colon + format_value(step.done_on, lang)
              for step in verdict.next_steps if step.done_on is not None]
    for reason in reasons:
        doc = rules.conclusions.get(reason.conclusion)
        if doc is not None and doc.type == "date" and isinstance(reason.value, str):
            line = getattr(doc.label, lang) + colon + format_value(dt.date.fromisoformat(reason.value), lang)
            if line not in facts:
                facts.append(line)
    return facts


def _remedy_date(verdict: Verdict, name: str, date: str) -> dt.date | None:
    found = _remedy(verdict, name)
    return found.dates.get(date) if found else None


def _basis_date(verdict: Verdict, name: str, date: str) -> dt.date | None:
    found = _basis(verdict, name)
    return found.dates.get(date) if found else None


def _following(verdict: Verdict, kind: str, lang: str) -> tuple[str, str, str]:
    """The step that follows this letter if nothing happens: its title, text and last day (the verdict's words)."""
    after = ("amicable_attempt", "court") if kind == "mediation_referral" else (
        ("repair_mediation", "repair_court") if kind == _repair.KIND
        else ("consumer_mediation", "amicable_attempt", "court"))
    for name in after:
        step = _step(verdict, name)
        if step is not None and step.status in ("due_now", "open", "not_yet"):
            last = format_value(step.last_day, lang) if step.last_day else ""
            return step.title.get(lang, ""), step.text("fr" if lang == "fr" else "en"), last
    return "", "", ""
