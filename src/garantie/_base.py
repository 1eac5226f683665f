"""Shared configuration of the input models, and the domain bounds every input obeys.

Input models are *strict*: Pydantic's lax coercions hide mistakes (a Unix timestamp read
as a date, ``"yes"`` read as true, ``24.0`` read as 24 months), so they are off. Three
conversions that are plainly meant stay on, for every field of every model, here and only
here (so a field added elsewhere gets them without a special type):

* a date written ``YYYY-MM-DD`` (JSON and YAML give strings) becomes a date;
* an amount given as an integer, a decimal string or a float becomes a ``Decimal``;
* a list becomes a tuple, a set or a frozenset (JSON and YAML have none of them).

Bounds (documented in ``docs/errors.md``): every date lies between :data:`MIN_DATE` and
:data:`MAX_DATE`, a period the law can speak to and that keeps date arithmetic far from
Python's limits; month counts (:data:`Months`) and amounts (:data:`Amount`) have upper
bounds; strings are at most :data:`MAX_TEXT` characters.

The model modules (here, the input models, ``verdict`` and ``_schema``) do not use
``from __future__ import annotations``: Pydantic evaluates every annotation when the class is
created, and evaluating them from strings was a tenth of ``import garantie``.
"""


import datetime as dt
import re
import types
import typing
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

__all__ = ["MAX_AMOUNT", "MAX_DATE", "MAX_MONTHS", "MAX_TEXT", "MIN_DATE", "Amount", "InputModel", "Months"]

MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2200, 12, 31)
MAX_MONTHS = 1200  # 100 years: longer than any warranty or supply a contract can promise
MAX_AMOUNT = Decimal(10) ** 9  # one billion euros: far above any consumer purchase
MAX_TEXT = 10_000
_MAX_INT = 10**9

Months = Annotated[int, Field(ge=0, le=MAX_MONTHS)]
Amount = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT)]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _kind(annotation: Any) -> str | None:
    """'date', 'decimal' or 'tuple' when the annotation (or a member of its union) is one."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _kind(typing.get_args(annotation)[0])
    if origin is tuple:
        return "tuple"
    if origin in (set, frozenset):
        return "frozenset" if origin is frozenset else "set"
    if origin in (typing.Union, types.UnionType):
        kinds = {_kind(arg) for arg in typing.get_args(annotation)} - {None}
        return kinds.pop() if len(kinds) == 1 else None
    if annotation is dt.date:
        return "date"
    if annotation is Decimal:
        return "decimal"
    return None


_KINDS: dict[type[BaseModel], dict[str, str]] = {}


def _kinds(model: type[BaseModel]) -> dict[str, str]:
    found = _KINDS.get(model)
    if found is None:
        found = {name: kind for name, field in model.model_fields.items()
                 if (kind := _kind(field.annotation)) is not None}
        _KINDS[model] = found  # a benign race: every thread computes the same value
    return found


class InputModel(BaseModel):
    """Base of every input model: immutable, strict, bounded, and unknown keys are errors, never ignored."""

    # defer_build: a nested model's validator is built when first used on its own, not at import; a verdict
    # validates a whole Case, whose validator (built at import, see garantie.case) holds every nested model.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, strict=True, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _plain_conversions(cls, data: Any) -> Any:
        # A model validator, not a field one: Pydantic forbids "before" validators on the `type`
        # discriminator of events.
        if not isinstance(data, dict):
            return data
        converted: dict[Any, Any] | None = None
        for name, value in data.items():
            kind = _kinds(cls).get(name) if isinstance(name, str) else None
            new = value
            if kind == "date" and isinstance(value, str):
                new = _parse_day(value)
            elif kind == "decimal" and isinstance(value, int | float | str) and not isinstance(value, bool):
                new = _parse_decimal(value)
            elif kind == "tuple" and isinstance(value, list):
                new = tuple(value)
            elif kind in ("set", "frozenset") and isinstance(value, list | tuple):
                try:
                    new = frozenset(value) if kind == "frozenset" else set(value)
                except TypeError:  # an unhashable member: left for validation to refuse, at its field
                    new = value
            if new is not value:
                if converted is None:
                    converted = dict(data)  # never modify the caller's mapping
                converted[name] = new
        return data if converted is None else converted

    @field_validator("*", mode="after")
    @classmethod
    def _domain_bounds(cls, value: Any) -> Any:
        if isinstance(value, dt.date) and not MIN_DATE <= value <= MAX_DATE:
            raise PydanticCustomError(
                "date_out_of_range", "the date must lie between {low} and {high}",
                {"low": MIN_DATE.isoformat(), "high": MAX_DATE.isoformat()})
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _MAX_INT:
            # A safety net for counts without their own bound: no input number is this large.
            raise PydanticCustomError("number_too_large", "a whole number of at most {limit} is accepted",
                                      {"limit": _MAX_INT})
        if isinstance(value, Decimal) and value.is_finite() and abs(value) > MAX_AMOUNT:
            raise PydanticCustomError("amount_too_large", "an amount of at most {limit} is accepted",
                                      {"limit": str(MAX_AMOUNT)})
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise PydanticCustomError("text_too_long", "a text of at most {limit} characters is accepted",
                                      {"limit": MAX_TEXT})
        return value


def _parse_day(text: str) -> Any:
    stripped = text.strip()
    if not _ISO_DAY.fullmatch(stripped):
        return text  # strict validation then refuses it as not a date
    try:
        return dt.date.fromisoformat(stripped)
    except ValueError:
        return text  # an impossible day (2024-02-30): refused by strict validation, at its field


def _parse_decimal(value: int | float | str) -> Any:
    if isinstance(value, str) and len(value) > 64:
        return value  # refused as not a number
    try:
        # Through str() so that 0.1 stays 0.1 and not its binary approximation.
        return Decimal(str(value).strip() if not isinstance(value, int) else value)
    except (InvalidOperation, ValueError):
        return value  # strict validation then refuses it as not a number
