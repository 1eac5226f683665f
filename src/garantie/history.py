"""What already happened between the consumer and the seller, as dated events.

Events form a tagged union on ``type``. The engine reads them through derived facts
(``history.*``, see ``docs/facts.md``), never by position in the list.
"""


import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from garantie._base import Amount, InputModel

__all__ = [
    "Acknowledgement",
    "CardOppositionConsidered",
    "Claim",
    "ClaimAbandoned",
    "CostsBorne",
    "CourtClaimFiled",
    "DeliveryRefused",
    "Event",
    "ExpertMeasureOrdered",
    "FormalNotice",
    "GoodsReturned",
    "HandedOver",
    "MajorInconvenience",
    "MediationEnded",
    "MediationRequested",
    "NegotiationEnded",
    "NegotiationStarted",
    "PaymentDisputeRefund",
    "RedirectedToManufacturer",
    "RefundPaid",
    "Refusal",
    "RepairReturned",
    "ReplacementDelivered",
    "TakenInCharge",
    "TerminationNotified",
    "WithdrawalNotified",
]

Remedy = Literal["repair", "replacement", "price_reduction", "termination", "unspecified"]
Warranty = Literal["legal_conformity", "commercial", "hidden_defects", "other"]


class _Event(InputModel):
    date: dt.date = Field(description="The day it happened.")


class Claim(_Event):
    """The consumer asked the seller for a remedy."""

    type: Literal["claim"] = "claim"
    remedy: Remedy | None = Field(default=None, description="What the consumer asked for.")
    in_writing: bool | None = Field(default=None, description="Whether the claim was made in writing.")
    warranty: Warranty | None = Field(default=None, description="The warranty the claim was made under.")
    # A claim in writing IS the written complaint (réclamation écrite) that opens consumer mediation
    # (C. conso. L612-2 1° and 4°): no separate 'written_complaint' event, these fields describe it.
    addressed_to: Literal["seller", "guarantor", "manufacturer"] | None = Field(
        default=None, description="Who the claim was sent to (the seller, the guarantor of a commercial warranty, the "
        "manufacturer).")
    medium: Literal["letter", "registered_letter", "email", "online_form", "in_person", "phone"] | None = Field(
        default=None, description="How it was made; a letter, e-mail or online form is in writing.")
    proof_kept: bool | None = Field(default=None, description="Whether the consumer keeps proof of it (copy, receipt).")
    goods_immobilised: bool | None = Field(
        default=None, description="Repair or replacement claims: true when the goods were out of use from this request "
        "on although not handed over (e.g. a built-in appliance waiting for the seller's technician). A claim "
        "alone, without this or a handed_over event, does not immobilise the goods.")


class HandedOver(_Event):
    """The consumer made the goods available to the seller for repair or replacement."""

    type: Literal["handed_over"] = "handed_over"
    purpose: Literal["repair", "replacement"] | None = None
    warranty: Warranty | None = Field(default=None, description="The warranty the goods were handed over under.")


class RepairReturned(_Event):
    """The goods came back from repair."""

    type: Literal["repair_returned"] = "repair_returned"
    warranty: Warranty | None = Field(default=None, description="The warranty the repair was made under.")
    defect_persists: bool | None = Field(default=None, description="Whether the defect is still there after repair.")


class ReplacementDelivered(_Event):
    """Replacement goods were delivered to the consumer."""

    type: Literal["replacement_delivered"] = "replacement_delivered"
    chosen_by: Literal["consumer", "seller"] | None = Field(
        default=None, description="consumer: the consumer asked for replacement; seller: the seller imposed it."
    )
    warranty: Warranty | None = None
    defect_persists: bool | None = Field(
        default=None, description="Whether the replacement goods show the same lack of conformity.")


class Refusal(_Event):
    """The seller refused a remedy."""

    type: Literal["refusal"] = "refusal"
    refused: Literal["repair", "replacement", "any_conformity", "price_reduction", "termination"] = Field(
        description="What was refused; any_conformity: both repair and replacement."
    )
    ground: Literal["impossible", "disproportionate", "not_a_conformity_defect", "other", "none"] | None = None
    reasoned_in_writing: bool | None = Field(
        default=None, description="Whether the refusal was reasoned in writing or on a durable medium."
    )


class NegotiationStarted(_Event):
    """The consumer and the seller entered negotiations for an amicable settlement."""

    type: Literal["negotiation_started"] = "negotiation_started"


class NegotiationEnded(_Event):
    """Those negotiations ended."""

    type: Literal["negotiation_ended"] = "negotiation_ended"


class FormalNotice(_Event):
    """The consumer sent a formal notice (mise en demeure)."""

    type: Literal["formal_notice"] = "formal_notice"
    subject: Literal["conformity", "delivery", "refund", "other"] | None = None
    deadline: dt.date | None = Field(default=None, description="The extra time the notice gave, if any.")
    # A formal notice sent by registered letter is the 'registered_letter_sent' of issue 8: one event, two fields.
    registered: bool | None = Field(
        default=None, description="Whether it was sent by registered letter with acknowledgement of receipt.")
    received_on: dt.date | None = Field(
        default=None, description="The day the seller received it (the acknowledgement of receipt), if known.")


class MajorInconvenience(_Event):
    """Bringing the goods into conformity caused the consumer a major inconvenience."""

    type: Literal["major_inconvenience"] = "major_inconvenience"
    description: str | None = None


class CostsBorne(_Event):
    """The consumer paid costs of bringing the goods into conformity."""

    type: Literal["costs_borne"] = "costs_borne"
    cost: Literal["removal", "installation", "postage", "transport"] = Field(
        description="removal or taking back of the goods; installation of the repaired or replacement goods; "
        "postage to send them; other transport."
    )
    definitive: bool | None = Field(default=None, description="Whether the seller refuses to pay them back.")
    amount: Amount | None = Field(default=None, ge=0)


class TakenInCharge(_Event):
    """The seller told the consumer the goods are taken in charge under the legal warranty."""

    type: Literal["taken_in_charge"] = "taken_in_charge"


class TerminationNotified(_Event):
    """The consumer told the seller the contract is terminated (résolution)."""

    type: Literal["termination_notified"] = "termination_notified"
    received_on: dt.date | None = Field(
        default=None, description="The day the seller received the termination letter or message (for non-delivery, "
        "the contract ends that day)."
    )


class DeliveryRefused(_Event):
    """The seller refused to deliver, or it became manifest that it will not deliver."""

    type: Literal["delivery_refused"] = "delivery_refused"


class WithdrawalNotified(_Event):
    """The consumer told the seller of the decision to withdraw (form or any unambiguous statement).

    ``date`` is the day the statement was sent; for a form or e-mail, also the day the seller was informed.
    """

    type: Literal["withdrawal_notified"] = "withdrawal_notified"


class GoodsReturned(_Event):
    """The goods reached the seller, or the consumer gave proof of sending them back."""

    type: Literal["goods_returned"] = "goods_returned"


class RefundPaid(_Event):
    """The seller paid money back."""

    type: Literal["refund_paid"] = "refund_paid"
    amount: Amount | None = Field(default=None, ge=0)
    reason: Literal["termination", "price_reduction", "postage", "withdrawal", "other"] | None = Field(
        default=None,
        description="termination (including termination for non-delivery); withdrawal: refund after the "
        "consumer withdrew.",
    )


class CardOppositionConsidered(_Event):
    """The consumer considers (or made) an 'opposition' on the card used to pay."""

    type: Literal["card_opposition_considered"] = "card_opposition_considered"
    reason: Literal[
        "lost", "stolen", "misappropriated", "unauthorised", "payee_insolvency", "commercial_dispute"] | None = Field(
        default=None,
        description="Why: the card was lost or stolen, its data misappropriated, a payment was made "
        "without the consumer's consent; payee_insolvency: the seller paid is in receivership or judicial "
        "liquidation; or a dispute with the seller about a payment the consumer did authorise.",
    )


class PaymentDisputeRefund(_Event):
    """Money came back through a payment dispute (card chargeback, PayPal claim), not from the seller."""

    type: Literal["payment_dispute_refund"] = "payment_dispute_refund"
    amount: Amount | None = Field(default=None, ge=0, description="The amount refunded, in euros.")


class RedirectedToManufacturer(_Event):
    """The seller told the consumer to take the defect up with the manufacturer."""

    type: Literal["redirected_to_manufacturer"] = "redirected_to_manufacturer"


class ClaimAbandoned(_Event):
    """The consumer gave up a pending repair or replacement (and took the goods back, if they were away)."""

    type: Literal["claim_abandoned"] = "claim_abandoned"


class Acknowledgement(_Event):
    """The seller acknowledged the consumer's right (e.g. in writing), which interrupts the time bar."""

    type: Literal["acknowledgement"] = "acknowledgement"
    warranty: Warranty | None = Field(default=None, description="The warranty whose right the seller acknowledged.")


class MediationRequested(_Event):
    """After the dispute arose, the parties agreed to mediation or conciliation (or met for it), or the
    consumer referred the dispute to a consumer mediator or a conciliateur de justice."""

    type: Literal["mediation_requested"] = "mediation_requested"
    # 'conciliation_attempted' of issue 8 is this event with by=conciliator: one event for every amicable
    # procedure, so the time-bar suspension (C. civ. 2238) and the prior attempt (CPC 750-1) read the same facts.
    by: Literal["consumer_mediator", "conciliator", "other_mediator"] | None = Field(
        default=None, description="consumer_mediator: the consumer mediator the seller belongs to (C. conso. L612-1); "
        "conciliator: a conciliateur de justice; other_mediator: any other mediation.")


class MediationEnded(_Event):
    """A party or the mediator (conciliator) declared the mediation (conciliation) over."""

    type: Literal["mediation_ended"] = "mediation_ended"
    outcome: Literal["agreement", "no_agreement", "rejected"] | None = Field(
        default=None, description="agreement: the parties settled; no_agreement: it failed; rejected: the mediator "
        "refused to examine the dispute (e.g. inadmissible).")


class ExpertMeasureOrdered(_Event):
    """Before any trial, a judge granted a request for an expert assessment (mesure d'instruction)."""

    type: Literal["expert_measure_ordered"] = "expert_measure_ordered"
    executed_on: dt.date | None = Field(
        default=None, description="The day the measure was carried out (e.g. the expert's report filed); empty while "
        "it is still under way.")


class CourtClaimFiled(_Event):
    """The consumer brought the claim before a court, even in summary proceedings (référé)."""

    type: Literal["court_claim_filed"] = "court_claim_filed"


Event = Annotated[
    Claim
    | HandedOver
    | RepairReturned
    | ReplacementDelivered
    | Refusal
    | NegotiationStarted
    | NegotiationEnded
    | FormalNotice
    | MajorInconvenience
    | CostsBorne
    | TakenInCharge
    | TerminationNotified
    | GoodsReturned
    | RefundPaid
    | DeliveryRefused
    | WithdrawalNotified

    | CardOppositionConsidered
    | PaymentDisputeRefund
    | RedirectedToManufacturer
    | ClaimAbandoned
    | Acknowledgement
    | MediationRequested
    | MediationEnded
    | ExpertMeasureOrdered
    | CourtClaimFiled,
    Field(discriminator="type"),
]
