"""A paid repair or after-sales service: the goods handed to a repairer, the quote, the bill, the return.

Optional section of a case (``Case.repair_service``). Leaving it out means no repair dispute is
described; inside it, like every input, each field may be ``None`` (unknown). What the law makes
of these facts (a warranty matter, the quote that binds, the deadline, the goods kept, damaged,
lost or "abandoned") is decided by ``rules/repair_service/``, not here.
"""


import datetime as dt
from typing import Any, Literal

from pydantic import Field, model_validator

from garantie._base import Amount, InputModel, _parse_day

__all__ = ["RepairService", "RepairState", "RepairedCategory", "Repairer"]

Repairer = Literal["seller_after_sales", "manufacturer_service", "independent"]
RepairState = Literal[
    "not_returned", "ready_not_collected", "returned_repaired", "returned_defect_persists", "returned_unrepaired",
    "returned_damaged", "lost",
]
RepairedCategory = Literal[
    "household_appliance", "small_it_telecom", "screen", "bicycle_or_personal_mobility", "diy_garden_tool",
    "motor_vehicle", "other",
]


class RepairService(InputModel):
    """The repair contract: who repairs, when, at what price, and what came back."""

    repairer: Repairer | None = Field(
        default=None,
        description="Who the goods were handed to: the seller's after-sales service, the maker's service, "
        "or an independent repairer.")
    category: RepairedCategory | None = Field(
        default=None,
        description="What is repaired (sector rules on quotes and circular-economy parts depend on it): a "
        "household appliance, a small IT or telecoms device (phone, laptop), a screen or monitor, a bicycle or "
        "personal mobility device, a motorised DIY or garden tool, a motor vehicle, or other goods.")
    handed_over_on: dt.date | None = Field(default=None, description="The day the goods were handed to the repairer.")
    date_agreed: bool | None = Field(
        default=None, description="Whether a date or period for the repair was agreed or announced.")
    promised_by: dt.date | None = Field(
        default=None, description="That date (or the last day of that period).")
    quote_given: bool | None = Field(
        default=None, description="Whether a written quote was given before the work.")
    quote_amount: Amount | None = Field(
        default=None, ge=0, description="The quoted price, in euros (all taxes included).")
    quote_accepted: bool | None = Field(default=None, description="Whether the consumer accepted the quote.")
    invoiced_amount: Amount | None = Field(
        default=None, ge=0, description="The amount invoiced or asked for the repair, in euros.")
    extra_agreed: bool | None = Field(
        default=None,
        description="Whether the consumer agreed, before the work, to the part of the bill above the quote.")
    goods_value: Amount | None = Field(
        default=None, ge=0,
        description="What the goods are worth today (e.g. the price of an equivalent used item), in euros.")
    state: RepairState | None = Field(
        default=None,
        description="Where things stand: not yet returned; repaired and waiting to be collected; returned "
        "repaired; returned with the fault still there (repair not achieved); returned without any repair; returned "
        "damaged; lost by the repairer.")
    ready_on: dt.date | None = Field(
        default=None,
        description="The day the repairer told the consumer the repaired goods were ready to be collected.")
    returned_on: dt.date | None = Field(default=None, description="The day the goods came back.")
    # Like the case's history, the three records below are events: left empty, they did not happen.
    reminders: tuple[dt.date, ...] = Field(default=(), description="Days the consumer reminded the repairer.")
    formal_notice_on: dt.date | None = Field(
        default=None,
        description="The day the consumer sent the repairer a formal notice (mise en demeure); empty: none "
        "was sent.")
    formal_notice_deadline: dt.date | None = Field(
        default=None, description="The last day that formal notice gave the repairer.")
    sale_threatened_on: dt.date | None = Field(
        default=None,
        description="The day the repairer announced it would sell (or dispose of) the goods as abandoned; "
        "empty: no such announcement.")
    repairer_proves_no_fault: bool | None = Field(
        default=None,
        description="Whether the repairer proves that the damage, the loss or the failed repair is not due to "
        "any fault of its own (an external cause).")

    @model_validator(mode="before")
    @classmethod
    def _reminder_days(cls, data: Any) -> Any:
        # The base class reads ISO days in date fields, not inside a list: do the same for each reminder.
        if isinstance(data, dict) and isinstance(data.get("reminders"), list | tuple):
            days = tuple(_parse_day(day) if isinstance(day, str) else day for day in data["reminders"])
            return {**data, "reminders": days}
        return data
