"""The purchase: who sold what to whom, when, and how.

Every field except ``contract_date`` may be ``None``, which means *unknown*. An
unknown fact is never defaulted: when a rule needs it, the verdict asks for it.
"""


import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from garantie._base import Amount, InputModel, Months
from garantie.commercial import CommercialWarranty

__all__ = [
    "AnimalSpecies",
    "Buyer",
    "BuyerKind",
    "Channel",
    "Condition",
    "Nature",
    "Product",
    "Purchase",
    "SaleMode",
    "Seller",
    "SellerKind",
    "WithdrawalException",
    "WithdrawalInformation",
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
    "electricity_packaged",
    "water_or_gas_packaged",
    "water_or_gas_unpackaged",
]

# The exceptions to the right of withdrawal the reference lists (C. conso. L221-28, §6.2 WD-06).
WithdrawalException = Literal[
    "none",
    "market_price_dependent",
    "custom_made",
    "perishable",
    "sealed_hygiene_unsealed",
    "mixed_with_other_items",
    "alcohol_market_price",
    "urgent_home_repair",
    "sealed_media_unsealed",
    "newspaper",
    "public_auction",
]
WithdrawalInformation = Literal["before_contract", "later", "never"]


def _iso_country(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise ValueError("must be an ISO 3166-1 alpha-2 country code such as 'FR', 'DE' or 'US'")
    return code


class Seller(InputModel):
    """The other party to the sale."""

    kind: SellerKind | None = Field(
        default=None,
        description="professional; private individual; or private individual who presents or behaves as a "
        "professional (e.g. recurrent resale), who is treated as one (C. conso. L217-1).",
    )
    country: str | None = Field(
        default=None, description="Country where the seller is established, ISO 3166-1 alpha-2 (e.g. FR, DE, US)."
    )
    targets_france: bool | None = Field(
        default=None, description="Whether the seller directs its activity to France (Rome I, art. 6)."
    )
    name: str | None = Field(default=None, description="Trading name, used in generated letters.")

    @field_validator("country")
    @classmethod
    def _country_code(cls, value: str | None) -> str | None:
        return _iso_country(value)


class Buyer(InputModel):
    """The person who bought."""

    kind: BuyerKind | None = Field(
        default=None,
        description="consumer: natural person acting outside any trade; non_professional: legal person not "
        "acting for professional purposes (e.g. an association); professional: buying for a business.",
    )
    name: str | None = Field(default=None, description="Used in generated letters.")
    habitual_residence: str | None = Field(
        default=None,
        description="Country of the buyer's habitual residence, ISO 3166-1 alpha-2 (e.g. FR); with a foreign "
        "seller it decides which law protects a consumer (Rome I, art. 6).",
    )

    @field_validator("habitual_residence")
    @classmethod
    def _residence_code(cls, value: str | None) -> str | None:
        return _iso_country(value)


class Product(InputModel):
    """What was bought."""

    description: str | None = None
    condition: Condition | None = Field(
        default=None, description="new, used, or refurbished (refurbished goods count as used goods)."
    )
    nature: Nature | None = Field(
        default=None,
        description="goods; goods with digital elements; a domestic animal; electricity supplied without a "
        "limited volume or set quantity (e.g. through the grid); electricity supplied in a limited volume or set "
        "quantity (electricity_packaged); water or gas sold in a limited volume (packaged) or not (unpackaged).",
    )
    animal_species: AnimalSpecies | None = Field(
        default=None, description="For a domestic animal: dog, cat, or another species."
    )
    digital_supply_months: Months | None = Field(
        default=None,
        ge=0,
        description="For goods with digital elements: the length, in months, of the continuous supply of "
        "digital content or service the contract provides.",
    )
    withdrawal_exception: WithdrawalException | None = Field(
        default=None,
        description="Whether the goods fall in a category excluded from the right of withdrawal (C. conso. "
        "L221-28): none; price depends on financial-market fluctuations; made to the consumer's "
        "specifications or clearly personalised; liable to deteriorate or expire rapidly; sealed for health "
        "or hygiene reasons and unsealed after delivery; inseparably mixed with other items; alcoholic "
        "drinks delivered after more than 30 days at a market-dependent price; urgent repair at home requested by "
        "the consumer; sealed audio, video or software unsealed after delivery; a newspaper or periodical "
        "(not a subscription); bought at a public auction.",
    )


class Purchase(InputModel):
    """The sale contract. ``contract_date`` selects the law that applies."""

    contract_date: dt.date = Field(
        description="The day the contract was concluded (online: the order accepted). It selects the regime."
    )
    delivery_date: dt.date | None = Field(
        default=None, description="The day the consumer obtained physical possession or control of the goods."
    )
    price: Amount | None = Field(default=None, ge=0, description="Price paid, in euros.")
    channel: Channel | None = Field(
        default=None, description="in_store; distance (online, phone, mail order); off_premises (e.g. at home)."
    )
    sale_mode: SaleMode | None = Field(
        default=None, description="ordinary sale; public auction; or sale by court order or after seizure."
    )
    auction_open_to_in_person_attendance: bool | None = Field(
        default=None, description="For a public auction: whether buyers could attend in person."
    )
    delivered: bool | None = Field(
        default=None,
        description="Whether the goods have been delivered by as_of. false = not delivered yet (the delivery "
        "rules then apply); a known delivery_date implies true.",
    )
    delivery_date_indicated: bool | None = Field(
        default=None,
        description="Whether the seller indicated or agreed a delivery date or period before the contract; "
        "false = none, so the 30-day default applies.",
    )
    agreed_delivery_date: dt.date | None = Field(
        default=None, description="The delivery date indicated or agreed (the last day of an indicated period)."
    )
    delivery_date_essential: bool | None = Field(
        default=None,
        description="Whether delivery by that date was an essential condition of the contract for the "
        "consumer (from the circumstances, or an express request before the contract).",
    )
    carrier_chosen_by_consumer: bool | None = Field(
        default=None,
        description="Whether the consumer entrusted the transport to a carrier of its own choosing that the "
        "seller did not propose (the risk then passes on hand-over to that carrier).",
    )
    withdrawal_information: WithdrawalInformation | None = Field(
        default=None,
        description="When the seller informed the consumer of the right of withdrawal (conditions, deadline, "
        "form): before_contract; later (give withdrawal_information_given_on); never.",
    )
    withdrawal_information_given_on: dt.date | None = Field(
        default=None, description="The day the consumer received that information, when it came after the contract."
    )
    seller: Seller | None = None
    buyer: Buyer | None = None
    product: Product | None = None
    commercial_warranty: CommercialWarranty | None = Field(
        default=None,
        description="A commercial warranty given by the seller or the producer; leave it out when there "
        "is none.",
    )
    as_is_clause: bool | None = Field(
        default=None,
        description="Whether the sale contract excluded any warranty for hidden defects (e.g. "
        "'vendu en l'état', 'sans garantie').",
    )
    seller_policy_text: str | None = Field(
        default=None,
        max_length=1_000_000,
        description="The text of the seller's after-sales policy or terms, when the consumer has it; the verdict's "
        "seller_policy topic quotes the clauses the law overrides that matter for this case.",
    )
    seller_policy_denies_warranty_after_payment_dispute: bool | None = Field(
        default=None,
        description="Whether the seller's terms or policy say that opening a payment dispute (chargeback, "
        "PayPal claim) removes the legal warranty.",
    )
