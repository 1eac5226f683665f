"""The purchase: who sold what to whom, when, and how.

Every field except ``contract_date`` may be ``None``, which means *unknown*. An
unknown fact is never defaulted: when a rule needs it, the verdict asks for it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from garantie._base import InputModel
from garantie.commercial import CommercialWarranty

__all__ = [
    "AnimalSpecies",
    "BuyerKind",
    "Channel",
    "Condition",
    "Nature",
    "SaleMode",
    "SellerKind",
    "Buyer",
    "Product",
    "Purchase",
    "Seller",
]

SellerKind = Literal["professional", "private", "private_acting_as_professional"]
BuyerKind = Literal["consumer", "non_professional", "professional"]
Channel = Literal["in_store", "distance", "off_premises"]
SaleMode = Literal["ordinary", "public_auction", "judicial_sale"]
Condition = Literal["new", "used", "refurbished"]
AnimalSpecies = Literal["dog", "cat", "other"]
Nature = Literal[
    "goods",
    "goods_with_digital_elements",
    "domestic_animal",
    "electricity",
    "water_or_gas_packaged",
    "water_or_gas_unpackaged",
]


class Seller(InputModel):
    """The other party to the sale."""

    kind: SellerKind | None = Field(
        None,
        description="professional; private individual; or private individual who presents or behaves as a "
        "professional (e.g. recurrent resale), who is treated as one (C. conso. L217-1).",
    )
    country: str | None = Field(
        None, description="Country where the seller is established, ISO 3166-1 alpha-2 (e.g. FR, DE, US)."
    )
    targets_france: bool | None = Field(
        None, description="Whether the seller directs its activity to France (Rome I, art. 6)."
    )
    name: str | None = Field(None, description="Trading name, used in generated letters.")

    @field_validator("country")
    @classmethod
    def _country_code(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.upper()
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise ValueError("must be an ISO 3166-1 alpha-2 country code such as 'FR', 'DE' or 'US'")
        return code


class Buyer(InputModel):
    """The person who bought."""

    kind: BuyerKind | None = Field(
        None,
        description="consumer: natural person acting outside any trade; non_professional: legal person not "
        "acting for professional purposes (e.g. an association); professional: buying for a business.",
    )
    name: str | None = Field(None, description="Used in generated letters.")


class Product(InputModel):
    """What was bought."""

    description: str | None = None
    condition: Condition | None = Field(
        None, description="new, used, or refurbished (refurbished goods count as used goods)."
    )
    nature: Nature | None = Field(
        None,
        description="goods; goods with digital elements; a domestic animal; electricity; water or gas sold in "
        "a limited volume (packaged) or not (unpackaged).",
    )
    animal_species: AnimalSpecies | None = Field(
        None, description="For a domestic animal: dog, cat, or another species."
    )
    digital_supply_months: int | None = Field(
        None,
        ge=0,
        description="For goods with digital elements: the length, in months, of the continuous supply of "
        "digital content or service the contract provides.",
    )


class Purchase(InputModel):
    """The sale contract. ``contract_date`` selects the law that applies."""

    contract_date: dt.date = Field(
        description="The day the contract was concluded (online: the order accepted). It selects the regime."
    )
    delivery_date: dt.date | None = Field(
        None, description="The day the consumer obtained physical possession or control of the goods."
    )
    price: Decimal | None = Field(None, ge=0, description="Price paid, in euros.")
    channel: Channel | None = Field(
        None, description="in_store; distance (online, phone, mail order); off_premises (e.g. at home)."
    )
    sale_mode: SaleMode | None = Field(
        None, description="ordinary sale; public auction; or sale by court order or after seizure."
    )
    auction_open_to_in_person_attendance: bool | None = Field(
        None, description="For a public auction: whether buyers could attend in person."
    )
    seller: Seller | None = None
    buyer: Buyer | None = None
    product: Product | None = None
    commercial_warranty: CommercialWarranty | None = Field(
        None,
        description="A commercial warranty given by the seller or the producer; leave it out when there "
        "is none.",
    )
    as_is_clause: bool | None = Field(
        None,
        description="Whether the sale contract excluded any warranty for hidden defects (e.g. "
        "'vendu en l'état', 'sans garantie').",
    )
    seller_policy_denies_warranty_after_payment_dispute: bool | None = Field(
        None,
        description="Whether the seller's terms or policy say that opening a payment dispute (chargeback, "
        "PayPal claim) removes the legal warranty.",
    )
