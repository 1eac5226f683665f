"""The shape of each kind of file under ``rules/``, as strict Pydantic models.

These models only check shape (keys, types, dates). Cross-references — a citation
that exists, a condition that names real facts, periods covered by the cited
articles — are checked by ``_ruleset`` once every file is read.
"""


import datetime as dt
import itertools
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "CitationDoc",
    "CitationKind",
    "ConclusionDoc",
    "Confidence",
    "ParameterDoc",
    "ParameterValueDoc",
    "PeriodDoc",
    "QuestionDoc",
    "RuleDoc",
    "Texts",
    "strict_date",
]

Confidence = Literal["high", "medium", "unverified"]
_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
_ARTICLE_ID = re.compile(r"^[a-z0-9_-]+(\.[A-Za-z0-9_-]+)+$")


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Texts(_Doc):
    """The same text in French (authoritative) and English."""

    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)


class QuestionDoc(Texts):
    """The question asked for an unknown fact, and who bears the proof of that fact.

    When the other party (the seller) bears it, ``absent_proof`` is the value that holds until it proves
    otherwise: the verdict is settled with that value, records the assumption (``assumption`` says it,
    FR/EN) and keeps the question.
    """

    proof_by: Literal["consumer", "seller", "none"] = Field(
        description="consumer: the consumer must establish it; seller: a defence the seller must prove; "
        "none: a fact of the case nobody can presume.")
    absent_proof: bool | str | None = Field(
        default=None, description="The value that holds while the seller has not proven otherwise (proof_by: seller).")
    assumption: Texts | None = Field(
        default=None, description="The assumption as the verdict states it, e.g. \"unless the seller proves …\".")
    proof_confidence: Confidence | None = Field(
        default=None, description="How sure the allocation of the burden is (proof_by: seller).")
    proof_note: str | None = Field(default=None, description="The law that allocates the burden, for reviewers.")
    # What a form needs to ask it (issue 13): the loader checks them against the fact's type.
    type: Literal["date", "bool", "enum", "int", "money", "text"] | None = Field(
        default=None, description="How to ask it; omitted: read off the fact's type (number reads as int).")
    choices: dict[str, Texts] | None = Field(
        default=None, description="Enum facts: a FR/EN label for every value, so no identifier reaches a person.")
    required_for: Texts | None = Field(default=None, description="What the answer can change, in words.")
    depends_on: dict[str, tuple[bool | str, ...]] | None = Field(
        default=None, description="Facts that must be answered first, each with the values under which this question "
        "still matters (delivered: [true] before a defect's dates).")
    priority: int = Field(default=0, description="Breaks ties between questions that settle as much (higher first).")

    @model_validator(mode="after")
    def _assumption_for_seller_proof(self) -> "QuestionDoc":
        parts = (self.absent_proof, self.assumption, self.proof_confidence)
        if self.proof_by == "seller" and any(part is None for part in parts):
            raise ValueError("a fact the seller must prove needs absent_proof, assumption and proof_confidence")
        if self.proof_by != "seller" and any(part is not None for part in parts):
            raise ValueError("absent_proof, assumption and proof_confidence are only for proof_by: seller")
        return self


def strict_date(value: Any) -> Any:
    """A calendar date as YAML reads ``2024-03-10`` unquoted; anything else is refused. A plain function: calling a
    decorated validator directly does not type-check on every supported pydantic version."""
    if value is not None and not isinstance(value, dt.date):
        raise ValueError(f"bad date {value!r}; write a calendar date as YYYY-MM-DD, unquoted")
    return value


class PeriodDoc(_Doc):
    """Inclusive dates; a missing bound is open."""

    start: dt.date | None = Field(default=None, alias="from")
    end: dt.date | None = Field(default=None, alias="to")

    @field_validator("start", "end", mode="before")
    @classmethod
    def _strict_date(cls, value: Any) -> Any:
        return strict_date(value)

    @model_validator(mode="after")
    def _ordered(self) -> "PeriodDoc":
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


# contract_terms: a clause of a company's own warranty terms (overlays); rendered as a contract, never as law.
CitationKind = Literal["article", "judgment", "web_page", "unidentified_provision", "contract_terms"]


class CitationDoc(_Doc):
    """One cited source: a version of an article (of a code or of a text in the Journal officiel or the EU
    Official Journal), a judgment, a web page, or a provision whose number is not identified.

    Which keys each kind needs is checked by ``_citations.check`` (so that the error names the key).
    """

    kind: CitationKind = Field(default="article", description="article (default), judgment, web_page, "
                               "unidentified_provision, contract_terms (a clause of a company's own terms).")
    code: str | None = Field(default=None, description="article, unidentified_provision: the code or text, e.g. "
                             "'Code de la consommation', 'Ordonnance n° 2021-1247 du 29 septembre 2021'.")
    article: str | None = Field(default=None, description="article: its number, e.g. 'L217-9', '1641', '6'.")
    version: str | None = Field(default=None, description="Which version: the text that created or last changed it.")
    description: str | None = Field(default=None, description="unidentified_provision: what the provision says.")
    court: str | None = Field(default=None, description="judgment: the court in full, e.g. 'Cour de cassation, "
                              "chambre mixte'.")
    court_short: str | None = Field(default=None, description="judgment: the court as lawyers cite it, e.g. "
                                    "'Cass. ch. mixte'.")
    date: dt.date | None = Field(default=None, description="judgment: the day it was handed down.")
    numbers: list[str] | None = Field(default=None, min_length=1, description="judgment: the case numbers (pourvois).")
    publisher: str | None = Field(default=None, description="web_page: who publishes it, in full; contract_terms: the "
                                  "company whose terms they are.")
    publisher_short: str | None = Field(default=None, description="web_page: its short name, e.g. 'CEC France'.")
    title: str | None = Field(default=None, description="web_page: the page's title; contract_terms: the terms' title, "
                              "e.g. 'conditions de garantie'.")
    legifrance_id: str | None = Field(
        default=None, pattern=r"^((LEGIARTI|JORFARTI|JURITEXT)[0-9]{12}|CELEX[0-9A-Z]+|unknown)$")
    legifrance_id_reason: str | None = Field(default=None, description="Why the id is 'unknown'.")
    url: str | None = None
    in_force: PeriodDoc = Field(description="When this version was in force in the consolidated text.")
    governs_contracts: PeriodDoc = Field(
        description="Which contracts (by conclusion date) this version governs, transitional rules included.")
    confidence: Confidence
    verified: str | None = Field(default=None, description="What was checked, against which source, and when.")
    note: str | None = None
    successor: str | None = Field(
        default=None, description="When this version ended in force and no later version of the "
                                  "same article governs the later contracts: the id of the citation that does (the "
                                  "article renumbered), or 'none' (repealed without replacement).")
    governs_after_end: str | None = Field(
        default=None, description="Why this version still governs contracts concluded "
                                          "after it ended in force (a transitional rule), with its source.")

    @field_validator("date", mode="before")
    @classmethod
    def _strict_date(cls, value: Any) -> Any:
        return strict_date(value)


class ParameterValueDoc(_Doc):
    start: dt.date | None = Field(default=None, alias="from")
    end: dt.date | None = Field(default=None, alias="to")
    value: int | bool | dt.date
    citations: list[str] = Field(min_length=1)
    confidence: Confidence
    note: str | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _strict_date(cls, value: Any) -> Any:
        return strict_date(value)

    def period(self) -> PeriodDoc:
        return PeriodDoc.model_validate({"from": self.start, "to": self.end})


class ParameterDoc(_Doc):
    """A dated parameter: one value per period, each with its citation."""

    label: Texts
    unit: Literal["days", "months", "years", "percent", "eur", "bool"]
    selector: Literal["contract_date", "event_date"] = Field(
        description="contract_date: the value in force at the contract date; event_date: at the date the rule "
        "names with 'at'.")
    values: list[ParameterValueDoc] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_overlap(self) -> "ParameterDoc":
        periods = sorted((v.period() for v in self.values), key=lambda p: p.start or dt.date.min)
        for earlier, later in itertools.pairwise(periods):
            if earlier.end is None or (later.start is not None and later.start <= earlier.end):
                raise ValueError(f"values overlap: a period starting {later.start} begins before the previous "
                                 f"one ends ({earlier.end})")
        for value in self.values:
            wants_bool = self.unit == "bool"
            if isinstance(value.value, bool) != wants_bool or isinstance(value.value, dt.date):
                raise ValueError(f"value {value.value!r} does not fit unit {self.unit}")
        return self


class SameRight(Texts):
    """Enum values that give the consumer the same right: while the value is unknown but can only be one of
    them, the verdict says so ("… whichever applies") instead of leaving it open (issue 13)."""

    values: list[str] = Field(min_length=2)


class ConclusionDoc(_Doc):
    """A question the rules answer, and the type of its answer."""

    type: Literal["enum", "date", "number", "bool"]
    values: list[str] | None = None
    label: Texts
    value_labels: dict[str, Texts] | None = None
    same_right: list[SameRight] | None = None

    @model_validator(mode="after")
    def _enum_values(self) -> "ConclusionDoc":
        if (self.type == "enum") != bool(self.values):
            raise ValueError("'values' is required for type enum and only for it")
        if self.value_labels is not None:
            unknown = set(self.value_labels) - set(self.values or ())
            if unknown or (self.type == "enum" and set(self.values or ()) - set(self.value_labels)):
                raise ValueError("value_labels must label exactly the enum's values")
        for group in self.same_right or ():
            if set(group.values) - set(self.values or ()):
                raise ValueError("same_right groups only values of the enum")
        return self


class RuleDoc(_Doc):
    """One rule: citations, periods, condition, conclusion, explanation, confidence."""

    title: Texts
    citations: list[str] = Field(min_length=1)
    periods: list[PeriodDoc] = Field(min_length=1, description="Contract dates the rule applies to.")
    dated_by: Any = Field(default=None, description="{fact: <date>}: the periods (and citations) name that date "
                          "instead of the purchase's contract date (e.g. a repair contract's date).")
    when: Any = Field(default=None, description="The condition; absent means: always, within the periods.")
    conclude: dict[str, Any]
    exception_to: list[str] = Field(default_factory=lambda: [])
    explain: Texts
    caveat: Texts | None = Field(default=None, description="Added to the verdict's warnings whenever the rule decides.")
    confidence: Confidence
    verified_on: dt.date
    note: str | None = None

    @field_validator("verified_on", mode="before")
    @classmethod
    def _strict_date(cls, value: Any) -> Any:
        return strict_date(value)

    @field_validator("conclude")
    @classmethod
    def _one_conclusion(cls, value: dict[str, Any]) -> dict[str, Any]:
        if len(value) != 1:
            raise ValueError("a rule concludes exactly one thing: {conclusion_key: value}")
        return value


def valid_id(text: str, *, article: bool = False) -> bool:
    return bool((_ARTICLE_ID if article else _ID).match(text))
