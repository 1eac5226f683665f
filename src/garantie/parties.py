"""Who the letters are from and to: optional names, addresses, order number and the sum at stake."""


from decimal import Decimal

from pydantic import Field

from garantie._base import InputModel

__all__ = ["Parties", "Party"]


class Party(InputModel):
    """A name and a postal address (each optional: a letter shows a visible blank for what is missing)."""

    name: str | None = None
    address: str | None = Field(default=None, description="The postal address, lines separated by newlines.")


class Parties(InputModel):
    """The people a letter names. Nothing here changes the verdict except ``amount`` (the sum at stake)."""

    consumer: Party | None = None
    seller: Party | None = Field(default=None, description="The seller, or the guarantor a claim is sent to.")
    mediator: Party | None = Field(default=None, description="The consumer mediator the seller named.")
    repairer: Party | None = Field(default=None, description="The repairer or after-sales service a paid repair "
                                   "was entrusted to (the repairer_notice letter is sent to it).")
    order_number: str | None = None
    amount: Decimal | None = Field(
        default=None, ge=0,
        description="The sum at stake, in euros: what the consumer claims from the seller (the price to "
        "refund, the value of the repair …). It decides whether a prior amicable attempt is required before court "
        "(CPC 750-1) and which court procedures are open.")
    place: str | None = Field(default=None, description="The town the consumer writes from (\"Fait à …\").")
