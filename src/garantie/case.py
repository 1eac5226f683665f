"""A case: the purchase, the defect, what happened since, and the date to speak for."""


import datetime as dt
import typing
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import ConfigDict, Discriminator, Field, Tag, ValidationError

from garantie._base import MAX_DATE, MIN_DATE, InputModel
from garantie._messages_fr import french_issue
from garantie._shape import shape_issue
from garantie.defect import Defect
from garantie.errors import InputError, InputIssue, short_repr
from garantie.history import Event
from garantie.parties import Parties
from garantie.purchase import Purchase
from garantie.repair_service import RepairService

__all__ = ["Case", "parse_case"]

_EVENT_CLASSES: tuple[type[InputModel], ...] = typing.get_args(typing.get_args(Event)[0])
_EVENT_TAGS: tuple[str, ...] = tuple(str(cls.model_fields["type"].default) for cls in _EVENT_CLASSES)
_EVENT_TAG_SET = frozenset(_EVENT_TAGS)
_EVENT_BY_TAG: dict[str, type[Any]] = dict(zip(_EVENT_TAGS, _EVENT_CLASSES, strict=True))


def _event_tag(value: Any) -> str | None:
    # Only a known tag is passed on: Pydantic would otherwise put repr(tag) in its message, and a
    # tag can be a megabyte string or a gigabyte once YAML aliases are expanded (D6).
    tag = value.get("type") if isinstance(value, Mapping) else getattr(value, "type", None)
    return tag if isinstance(tag, str) and tag in _EVENT_TAG_SET else None


if TYPE_CHECKING:
    _TaggedEvent = Event
else:
    _TaggedEvent = Annotated[
        typing.Union[tuple(Annotated[cls, Tag(tag)]  # noqa: UP007  (built from the members of Event)
                           for cls, tag in zip(_EVENT_CLASSES, _EVENT_TAGS, strict=True))],
        Discriminator(_event_tag, custom_error_type="event_type",
                      custom_error_message="unknown event type; accepted: " + ", ".join(_EVENT_TAGS)),
    ]


class Case(InputModel):
    """Everything ``evaluate()`` needs. Only ``purchase.contract_date`` is required."""

    model_config = ConfigDict(defer_build=False)  # every verdict validates a Case: its validator is built at import

    purchase: Purchase
    defect: Defect | None = None
    history: tuple[_TaggedEvent, ...] = Field(default=(), description="Dated events, in any order.")
    parties: Parties | None = Field(
        default=None, description="Names, addresses, order number and the sum at stake, for letters (optional).")
    repair_service: RepairService | None = Field(
        default=None, description="A paid repair or after-sales service and how it went (optional).")
    as_of: dt.date | None = Field(
        default=None, description="The date the verdict speaks for (deadlines are measured against it). Default: today."
    )


def _issue_from_pydantic(error: Mapping[str, Any], model: type[InputModel]) -> InputIssue:
    # Pydantic puts the union tag in the location (history.0.claim.date): drop it for readers.
    loc = list(error["loc"])
    path = tuple(part for i, part in enumerate(loc)
                 if not (i > 0 and isinstance(loc[i - 1], int) and part in _EVENT_TAG_SET))
    message = str(error["msg"])
    given = error.get("input")
    fields: list[str] = []
    if error["type"] == "event_type":
        tag = given.get("type") if isinstance(given, Mapping) else None
        if isinstance(given, Mapping) and "type" in given:
            message = f"unknown event type {short_repr(tag)}"
        elif isinstance(given, Mapping):
            message = "this event has no 'type': say what happened, e.g. 'type: claim'"
        else:
            message = "an event is a mapping with a 'type' and a 'date', e.g. {type: claim, date: 2024-10-05}"
        message += "; accepted: " + ", ".join(_EVENT_TAGS)
    elif error["type"] in ("date_type", "date_parsing") and isinstance(given, str):
        message = f"{short_repr(given)} is not a day of the calendar; dates are written YYYY-MM-DD (e.g. 2024-03-10)"
    elif error["type"] == "extra_forbidden":
        # Pydantic does not say what *is* accepted; name the fields of the enclosing model (or event).
        fields = _fields_at(model, tuple(loc[:-1]))
        message += f"; accepted fields here: {', '.join(fields)}"
    return InputIssue(path=path, message=message, input=given,
                      fr=french_issue(str(error["type"]), error.get("ctx") or {}, given, fields, _EVENT_TAGS))


def _field_prefix(path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The part of ``path`` that names fields of the models: where a bad value sits, not inside it."""
    out: list[str | int] = []
    current: Any = Case
    for part in path:
        if current == "event":
            if not any(isinstance(part, str) and part in cls.model_fields for cls in _EVENT_CLASSES):
                break
            out.append(part)
            break  # event fields hold no nested models
        if isinstance(part, int):
            if out != ["history"]:
                break
            out.append(part)
            current = "event"
            continue
        if current is None or part not in current.model_fields:
            break
        out.append(part)
        annotation = current.model_fields[part].annotation
        current = next((arg for arg in (annotation, *typing.get_args(annotation))
                        if isinstance(arg, type) and issubclass(arg, InputModel)), None)
    return tuple(out)


def _fields_at(model: type[InputModel], path: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in path:
        if isinstance(part, int) or current is None:
            continue
        if isinstance(part, str) and part in _EVENT_BY_TAG and not hasattr(current, "model_fields"):
            current = _EVENT_BY_TAG[part]  # Pydantic addresses a tagged-union member by its tag
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        annotation = field.annotation
        current = next(
            (arg for arg in getattr(annotation, "__args__", (annotation,))
             if isinstance(arg, type) and issubclass(arg, InputModel)),
            "event" if part == "history" else None,
        )
    return sorted(getattr(current, "model_fields", {})) if current is not None else []


def parse_case(data: Case | Mapping[str, Any], *, today: dt.date | None = None) -> Case:
    """Validate ``data`` into a :class:`Case`, filling ``as_of`` with ``today``.

    Raises :class:`~garantie.errors.InputError` listing every problem with its field
    path: Pydantic's type and value errors, then the checks between dates.
    """
    if today is not None and type(today) is not dt.date:
        # A datetime is a date subclass, so mypy lets it through; comparing it with dates then fails.
        raise TypeError(f"today must be a datetime.date, not {type(today).__module__}.{type(today).__qualname__}")
    if isinstance(data, Case):
        case = data
    else:
        if not isinstance(data, Mapping):
            raise InputError([InputIssue((), f"a case must be a mapping or a Case, not {type(data).__name__}")])
        shape = shape_issue(data)
        if shape is not None:
            raise InputError([InputIssue(_field_prefix(shape.path), shape.message)])
        try:
            case = Case.model_validate(data)
        except ValidationError as error:
            issues = [_issue_from_pydantic(e, Case) for e in error.errors()]
            raise InputError(issues, validation_error=error) from error
    if case.as_of is None:
        as_of = today or dt.date.today()
        if not MIN_DATE <= as_of <= MAX_DATE:  # model_copy skips validation: the bound is checked here
            raise InputError([InputIssue(("as_of",), f"today ({as_of.isoformat()}) must lie between "
                                                     f"{MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}", as_of)])
        case = case.model_copy(update={"as_of": as_of})
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
                                          f"accepted: a date on or after {not_before.isoformat()}", value,
                                    fr=f"{value.isoformat()} est antérieur à la date de référence "
                                       f"({not_before.isoformat()}) ; date acceptée : le "
                                       f"{not_before.isoformat()} ou après"))

    def check_not_after(path: tuple[str | int, ...], value: dt.date | None) -> None:
        if value is not None and value > as_of:
            found.append(InputIssue(path, f"{value.isoformat()} is after as_of ({as_of.isoformat()}); the "
                                          "verdict speaks for as_of, so accepted: a date on or before it", value,
                                    fr=f"{value.isoformat()} est postérieur à as_of ({as_of.isoformat()}), la date "
                                       "pour laquelle le verdict est donné ; date acceptée : celle-ci ou avant"))

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
    warranty = purchase.commercial_warranty
    if warranty is not None:
        check(("purchase", "commercial_warranty", "starts_on"), warranty.starts_on, not_before=contract,
              what="the contract date")
    repair = case.repair_service
    if repair is not None:
        _repair_date_issues(repair, contract, check, check_not_after)
    delivery = purchase.delivery_date
    for index, event in enumerate(case.history):
        check(("history", index, "date"), event.date, not_before=contract, what="the contract date")
        check_not_after(("history", index, "date"), event.date)
        if delivery is not None and event.type in _AFTER_DELIVERY:
            # Goods are repaired, replaced or handed back only once they were delivered.
            check(("history", index, "date"), event.date, not_before=delivery, what="the delivery date")
        deadline = getattr(event, "deadline", None)
        if deadline is not None:
            check(("history", index, "deadline"), deadline, not_before=event.date, what="the day the notice was sent")
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


# Events that presuppose delivered goods: dated before delivery, they are an input error (D4).
_AFTER_DELIVERY = frozenset({"handed_over", "repair_returned", "replacement_delivered"})


def _repair_date_issues(repair: RepairService, contract: dt.date, check: Callable[..., None],
                        check_not_after: Callable[..., None]) -> None:
    """Dates of the repair section: after the purchase, not after as_of, and in the order things happen
    (``check`` and ``check_not_after`` record the issues)."""
    path = ("repair_service",)
    for name in ("handed_over_on", "ready_on", "returned_on", "formal_notice_on", "sale_threatened_on"):
        check((*path, name), getattr(repair, name), not_before=contract, what="the contract date")
        check_not_after((*path, name), getattr(repair, name))
    for index, day in enumerate(repair.reminders):
        check((*path, "reminders", index), day, not_before=contract, what="the contract date")
        check_not_after((*path, "reminders", index), day)
    handed = repair.handed_over_on
    if handed is not None:
        for name in ("promised_by", "ready_on", "returned_on"):
            check((*path, name), getattr(repair, name), not_before=handed, what="the day the goods were handed over")
    if repair.formal_notice_on is not None:
        check((*path, "formal_notice_deadline"), repair.formal_notice_deadline, not_before=repair.formal_notice_on,
              what="the day the notice was sent")
