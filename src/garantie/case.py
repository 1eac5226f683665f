"""A case: the purchase, the defect, what happened since, and the date to speak for."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import Field, ValidationError

from garantie._base import InputModel
from garantie.defect import Defect
from garantie.errors import InputError, InputIssue
from garantie.history import Event
from garantie.parties import Parties
from garantie.purchase import Purchase

__all__ = ["Case", "parse_case"]


class Case(InputModel):
    """Everything ``evaluate()`` needs. Only ``purchase.contract_date`` is required."""

    purchase: Purchase
    defect: Defect | None = None
    history: tuple[Event, ...] = Field(default=(), description="Dated events, in any order.")
    parties: Parties | None = Field(
        None, description="Names, addresses, order number and the sum at stake, for letters (optional).")
    as_of: dt.date | None = Field(
        None, description="The date the verdict speaks for (deadlines are measured against it). Default: today."
    )


def _event_tags() -> set[str]:
    return {str(arg.model_fields["type"].default) for arg in typing.get_args(typing.get_args(Event)[0])}


def _issue_from_pydantic(error: Mapping[str, Any], model: type[InputModel]) -> InputIssue:
    # Pydantic puts the union tag in the location (history.0.claim.date): drop it for readers.
    loc = list(error["loc"])
    path = tuple(part for i, part in enumerate(loc)
                 if not (i > 0 and isinstance(loc[i - 1], int) and part in _event_tags()))
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        # Pydantic does not say what *is* accepted; name the fields of the enclosing model.
        message += f"; accepted fields here: {', '.join(_fields_at(model, path[:-1]))}"
    return InputIssue(path=path, message=message, input=error.get("input"))


def _fields_at(model: type[InputModel], path: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in path:
        if isinstance(part, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            # Tagged-union members are addressed by their tag in Pydantic locations.
            return []
        annotation = field.annotation
        current = next(
            (arg for arg in getattr(annotation, "__args__", (annotation,))
             if isinstance(arg, type) and issubclass(arg, InputModel)),
            None,
        )
    return sorted(getattr(current, "model_fields", {})) if current is not None else []


def parse_case(data: Case | Mapping[str, Any], *, today: dt.date | None = None) -> Case:
    """Validate ``data`` into a :class:`Case`, filling ``as_of`` with ``today``.

    Raises :class:`~garantie.errors.InputError` listing every problem with its field
    path: Pydantic's type and value errors, then the checks between dates.
    """
    if isinstance(data, Case):
        case = data
    else:
        if not isinstance(data, Mapping):
            raise InputError([InputIssue((), f"a case must be a mapping or a Case, not {type(data).__name__}")])
        try:
            case = Case.model_validate(data)
        except ValidationError as error:
            issues = [_issue_from_pydantic(e, Case) for e in error.errors()]
            raise InputError(issues, validation_error=error) from error
    if case.as_of is None:
        case = case.model_copy(update={"as_of": today or dt.date.today()})
    issues = list(_date_order_issues(case))
    if issues:
        raise InputError(issues)
    return case


def _date_order_issues(case: Case) -> list[InputIssue]:
    purchase = case.purchase
    contract = purchase.contract_date
    as_of = case.as_of
    assert as_of is not None
    found: list[InputIssue] = []

    def check(path: tuple[str | int, ...], value: dt.date | None, *, not_before: dt.date, what: str) -> None:
        if value is not None and value < not_before:
            found.append(InputIssue(path, f"{value.isoformat()} is before {what} ({not_before.isoformat()}); "
                                          f"accepted: a date on or after {not_before.isoformat()}", value))

    def check_not_after(path: tuple[str | int, ...], value: dt.date | None) -> None:
        if value is not None and value > as_of:
            found.append(InputIssue(path, f"{value.isoformat()} is after as_of ({as_of.isoformat()}); the "
                                          "verdict speaks for as_of, so accepted: a date on or before it", value))

    check(("as_of",), as_of, not_before=contract, what="the contract date")
    check(("purchase", "delivery_date"), purchase.delivery_date, not_before=contract, what="the contract date")
    check_not_after(("purchase", "delivery_date"), purchase.delivery_date)
    for name in ("agreed_delivery_date", "withdrawal_information_given_on"):
        check(("purchase", name), getattr(purchase, name), not_before=contract, what="the contract date")
    check_not_after(("purchase", "withdrawal_information_given_on"), purchase.withdrawal_information_given_on)
    if case.defect is not None:
        for name in ("appeared_on", "known_on", "discovered_on", "suspicion_diagnosis_on"):
            value = getattr(case.defect, name)
            check(("defect", name), value, not_before=contract, what="the contract date")
            check_not_after(("defect", name), value)
    for index, event in enumerate(case.history):
        check(("history", index, "date"), event.date, not_before=contract, what="the contract date")
        check_not_after(("history", index, "date"), event.date)
        received = getattr(event, "received_on", None)
        if received is not None:
            check(("history", index, "received_on"), received, not_before=event.date,
                  what="the day it was sent")
            check_not_after(("history", index, "received_on"), received)
        executed = getattr(event, "executed_on", None)
        if executed is not None:
            check(("history", index, "executed_on"), executed, not_before=event.date, what="the day it was ordered")
            check_not_after(("history", index, "executed_on"), executed)
    return found
