"""How a form asks about the history (issue 13): the type of an event's field, read off ``garantie.history``.

Two kinds of questions are about events:

* a field of an event the case already has (``history[2].warranty``, keyed ``history[].warranty`` or
  ``history[<event type>].field`` in the questions files): answered by setting that field;
* a question keyed ``history[].<name>`` where ``<name>`` is no event's field (``history[].interruption_or_suspension``):
  it asks whether something happened, its ``choices`` are event types (and ``none``), and an answer other than
  ``none`` appends that event, dated, to the history.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from decimal import Decimal

from pydantic import BaseModel

from garantie import history
from garantie._expr import BOOL, DATE, ValueType

__all__ = ["EVENT_MODELS", "NOTHING_HAPPENED", "adds_event", "event_field", "form_type"]

# Every event model by its ``type`` tag.
EVENT_MODELS: dict[str, type[BaseModel]] = {
    cls.model_fields["type"].default: cls for cls in vars(history).values()
    if isinstance(cls, type) and issubclass(cls, BaseModel) and "type" in getattr(cls, "model_fields", {})
    and isinstance(cls.model_fields["type"].default, str)}
# The choice of an event question that adds no event.
NOTHING_HAPPENED = "none"
_KEY = re.compile(r"^history\[([a-z_]*)\]\.([a-z_]+)$")
_PATH = re.compile(r"^history\[(\d+)\]\.([a-z_]+)$")


def _kind(annotation: object) -> tuple[str, ValueType] | None:
    """(form type, fact type) of a field annotation: bool, date, an amount, a whole number, a Literal, text."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated or (origin in (typing.Union, type(int | None)) and len(args) == 1):
        return _kind(args[0])
    if origin is typing.Literal:
        return "enum", ValueType("enum", frozenset(str(a) for a in typing.get_args(annotation)))
    if annotation is bool:
        return "bool", BOOL
    if isinstance(annotation, type) and issubclass(annotation, Decimal):
        return "money", ValueType("number")
    if annotation is int:
        return "int", ValueType("number")
    if annotation is str:
        return "text", ValueType("text")
    if isinstance(annotation, type) and issubclass(annotation, dt.date):
        return "date", DATE
    return None


def event_field(key: str, event_type: str | None = None) -> tuple[str, ValueType] | None:
    """(form type, fact type) of the field a questions-file key (``history[].warranty``,
    ``history[refund_paid].reason``) names, for ``event_type`` or, when None, over every event that has it (an
    enum's values united). None when no event has that field."""
    match = _KEY.match(key)
    if match is None:
        return None
    wanted = match.group(1) or event_type
    field = match.group(2)
    found: list[tuple[str, ValueType]] = []
    for name, model in EVENT_MODELS.items():
        info = model.model_fields.get(field)
        if info is None or (wanted and name != wanted) or field in ("type", "date"):
            continue
        kind = _kind(info.annotation)
        if kind is not None:
            found.append(kind)
    if not found:
        return None
    form, fact = found[0]
    if fact.kind == "enum":
        fact = ValueType("enum", frozenset().union(*(f.values for _, f in found if f.kind == "enum")))
    return form, fact


def adds_event(key: str) -> bool:
    """Whether a questions-file key asks whether an event happened (``history[].x``, x no event's field)."""
    return key.startswith("history[].") and event_field(key) is None


def form_type(path: str, event_types: typing.Sequence[str] = ()) -> tuple[str, ValueType] | None:
    """(form type, fact type) of the event field a verdict's question path names (``history[2].ground``)."""
    match = _PATH.match(path)
    if match is None:
        return None
    index = int(match.group(1))
    event_type = event_types[index] if index < len(event_types) else None
    return event_field(f"history[].{match.group(2)}", event_type)
