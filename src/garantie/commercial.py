"""A commercial warranty: a contractual promise by the seller or the producer, on top of the law.

Like every input, each field may be ``None`` (unknown). Describing no commercial
warranty at all (``Purchase.commercial_warranty`` left out) means none is relied on.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from garantie._base import InputModel, Months

__all__ = ["CommercialWarranty", "Guarantor"]

Guarantor = Literal["seller", "producer"]


class CommercialWarranty(InputModel):
    """The terms of a commercial warranty (garantie commerciale, C. conso. L217-21)."""

    guarantor: Guarantor | None = Field(
        None,
        description="Who gives it: the seller, or the producer (manufacturer), directly or through an agent.",
    )
    starts_on: dt.date | None = Field(
        None, description="The day it starts under its terms (usually the delivery day)."
    )
    duration_months: Months | None = Field(
        None, ge=0, description="Its length in months, as the contract states it."
    )
    advertised_duration_months: Months | None = Field(
        None,
        ge=0,
        description="The length in months that advertising before the sale announced (equal to "
        "duration_months when it said the same). A more favourable advertisement binds the guarantor "
        "unless corrected before the sale.",
    )
    covers: str | None = Field(
        None, description="What it covers, in the contract's words (shown, not interpreted)."
    )
    excludes: str | None = Field(
        None, description="What it excludes, in the contract's words (shown, not interpreted)."
    )
    durability: bool | None = Field(
        None,
        description="Whether it is a producer's 'garantie commerciale de durabilité' (a period longer than "
        "two years during which the producer must repair or replace the goods).",
    )
    paid: bool | None = Field(
        None, description="Whether the consumer paid for it (e.g. an 'extension de garantie')."
    )
