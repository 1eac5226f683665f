"""The defect the consumer complains of."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from garantie._base import InputModel

__all__ = ["Cause", "Defect", "Severity"]

Severity = Literal["minor", "ordinary", "serious"]
Cause = Literal["unknown", "alleged_misuse", "proven_external_cause"]


class Defect(InputModel):
    """A lack of conformity, as the consumer reports it."""

    appeared_on: dt.date | None = Field(None, description="The day the defect appeared.")
    known_on: dt.date | None = Field(None, description="The day the consumer learned of the defect.")
    description: str | None = None
    severity: Severity | None = Field(
        None,
        description="minor (e.g. a small scratch); ordinary; serious (so serious that an immediate price "
        "reduction or termination is justified).",
    )
    cause: Cause | None = Field(
        None,
        description="unknown: no cause established; alleged_misuse: the seller asserts misuse without "
        "evidence; proven_external_cause: the seller documented a cause after delivery (e.g. liquid damage).",
    )
    accepted_deviation: bool | None = Field(
        None,
        description="Contracts from 2022: the consumer was specifically told that this characteristic "
        "deviated and expressly and separately accepted it when contracting.",
    )
    known_at_purchase: bool | None = Field(
        None,
        description="Contracts before 2022: the consumer knew the defect, or could not have ignored it, "
        "when contracting.",
    )
