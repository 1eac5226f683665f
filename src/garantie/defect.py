"""The defect the consumer complains of."""


import datetime as dt
from typing import Literal

from pydantic import Field

from garantie._base import InputModel

__all__ = ["AffectedPart", "AnimalDisease", "Cause", "Defect", "Severity"]

Severity = Literal["minor", "ordinary", "serious"]
Cause = Literal["unknown", "alleged_misuse", "proven_external_cause"]
AffectedPart = Literal["digital_element", "goods"]
AnimalDisease = Literal[
    "distemper",
    "canine_hepatitis",
    "canine_parvovirus",
    "feline_panleukopenia",
    "feline_infectious_peritonitis",
    "feline_leukaemia",
    # Listed by C. rural R213-2 without a suspicion diagnosis (R213-6 names only the six above).
    "hip_dysplasia",
    "testicular_ectopia",
    "retinal_atrophy",
    "feline_immunodeficiency",
    "other",
]


class Defect(InputModel):
    """A lack of conformity, as the consumer reports it."""

    appeared_on: dt.date | None = Field(default=None, description="The day the defect appeared.")
    known_on: dt.date | None = Field(default=None, description="The day the consumer learned of the defect.")
    description: str | None = None
    severity: Severity | None = Field(
        default=None,
        description="minor (e.g. a small scratch); ordinary; serious (so serious that an immediate price "
        "reduction or termination is justified).",
    )
    cause: Cause | None = Field(
        default=None,
        description="unknown: no cause established; alleged_misuse: the seller asserts misuse without "
        "evidence; proven_external_cause: the seller documented a cause after delivery (e.g. liquid damage).",
    )
    accepted_deviation: bool | None = Field(
        default=None,
        description="Contracts from 2022: the consumer was specifically told that this characteristic "
        "deviated and expressly and separately accepted it when contracting.",
    )
    known_at_purchase: bool | None = Field(
        default=None,
        description="Contracts before 2022: the consumer knew the defect, or could not have ignored it, "
        "when contracting.",
    )
    origin_in_buyer_materials: bool | None = Field(
        default=None,
        description="Whether the defect has its origin in materials the buyer itself supplied to the seller "
        "(e.g. fabric handed over to have a garment made).",
    )
    discovered_on: dt.date | None = Field(
        default=None,
        description="Hidden defects: the day the buyer discovered the defect in its nature and extent "
        "(often the day of an expert's report; on or after known_on).",
    )
    apparent_at_purchase: bool | None = Field(
        default=None,
        description="Hidden defects: whether the defect was apparent when buying, i.e. the buyer could "
        "have seen it by himself (false = hidden).",
    )
    affected_part: AffectedPart | None = Field(
        default=None,
        description="Goods with digital elements: digital_element when the defect is in the digital content or "
        "service supplied with the goods (software, updates, app); goods when it is in the goods themselves "
        "(hardware). Leave null when not known.",
    )
    seller_knew: bool | None = Field(default=None, description="Whether the seller knew of the defect when selling.")
    animal_disease: AnimalDisease | None = Field(
        default=None,
        description="Domestic animal: the disease suspected (distemper = maladie de Carré; "
        "canine_hepatitis = hépatite contagieuse; canine_parvovirus = parvovirose; feline_panleukopenia = "
        "leucopénie infectieuse; feline_infectious_peritonitis = péritonite infectieuse; "
        "feline_leukaemia = FeLV; hip_dysplasia = dysplasie coxofémorale; testicular_ectopia = ectopie "
        "testiculaire; retinal_atrophy = atrophie rétinienne; feline_immunodeficiency = FIV, virus de "
        "l'immunodépression féline), or other.",
    )
    animal_older_than_six_months: bool | None = Field(
        default=None, description="Domestic animal: whether it is more than six months old (testicular ectopia is a "
        "redhibitory defect only for animals over six months).")
    suspicion_diagnosis_on: dt.date | None = Field(
        default=None, description="Domestic animal: the day a veterinarian made the diagnosis of suspicion."
    )
