"""A commercial warranty: a contractual promise by the seller or the producer, on top of the law.

Like every input, each field may be ``None`` (unknown). Describing no commercial
warranty at all (``Purchase.commercial_warranty`` left out) means none is relied on.
"""


import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from garantie._base import InputModel, Months

__all__ = ["CommercialWarranty", "CoverageCondition", "CoverageTag", "Guarantor"]

Guarantor = Literal["seller", "producer"]
# A part or a kind of damage, named by the company's overlay (battery, screen, accidental_damage …).
CoverageTag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]
# Conditions a commercial warranty may put on its benefit, as tags rules can test with 'includes'.
CoverageCondition = Literal[
    "registration_required",  # the product must be registered with the guarantor
    "first_owner_only",  # only the first buyer benefits (not a later owner)
    "proof_of_purchase_required",  # the invoice or receipt must be produced
    "servicing_in_network",  # maintenance must have been done in the guarantor's network
    "professional_installation",  # the goods must have been installed by a professional
]


class CommercialWarranty(InputModel):
    """The terms of a commercial warranty (garantie commerciale, C. conso. L217-21)."""

    guarantor: Guarantor | None = Field(
        default=None,
        description="Who gives it: the seller, or the producer (manufacturer), directly or through an agent.",
    )
    starts_on: dt.date | None = Field(
        default=None, description="The day it starts under its terms (usually the delivery day)."
    )
    duration_months: Months | None = Field(
        default=None, ge=0, description="Its length in months, as the contract states it."
    )
    advertised_duration_months: Months | None = Field(
        default=None,
        ge=0,
        description="The length in months that advertising before the sale announced (equal to "
        "duration_months when it said the same). A more favourable advertisement binds the guarantor "
        "unless corrected before the sale.",
    )
    covers: str | None = Field(
        default=None, description="What it covers, in the contract's words (shown, not interpreted)."
    )
    excludes: str | None = Field(
        default=None, description="What it excludes, in the contract's words (shown, not interpreted)."
    )
    covered_parts: tuple[CoverageTag, ...] | None = Field(
        default=None, max_length=50,
        description="What it covers, as tags an overlay's rules can test (e.g. [battery, screen]).",
    )
    exclusions: tuple[CoverageTag, ...] | None = Field(
        default=None, max_length=50,
        description="What it excludes, as tags (e.g. [accidental_damage, consumables]).",
    )
    conditions: tuple[CoverageCondition, ...] | None = Field(
        default=None, max_length=10,
        description="Conditions it puts on its benefit (e.g. [registration_required, first_owner_only]).",
    )
    durability: bool | None = Field(
        default=None,
        description="Whether it is a producer's 'garantie commerciale de durabilité' (a period longer than "
        "two years during which the producer must repair or replace the goods).",
    )
    paid: bool | None = Field(
        default=None, description="Whether the consumer paid for it (e.g. an 'extension de garantie')."
    )
