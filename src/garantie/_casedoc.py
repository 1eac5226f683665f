"""``docs/cases.md``, generated from the input models so that it never drifts (a test compares).

Regenerate with ``python -m garantie._casedoc > docs/cases.md``.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from garantie.case import _EVENT_CLASSES, _EVENT_TAGS, Case
from garantie.commercial import CommercialWarranty
from garantie.defect import Defect
from garantie.purchase import Buyer, Product, Purchase, Seller

__all__ = ["cases_markdown"]

_MODELS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("", Case), ("purchase.", Purchase), ("purchase.seller.", Seller), ("purchase.buyer.", Buyer),
    ("purchase.product.", Product), ("purchase.commercial_warranty.", CommercialWarranty), ("defect.", Defect),
)
_STORIES = Path(__file__).resolve().parents[2] / "examples" / "stories"

_INTRO = """# Writing a case

Generated from the input models by `python -m garantie._casedoc > docs/cases.md`; a test fails when
it is stale. The JSON Schema (`garantie schema`) says the same for programs.

A case is a YAML (or JSON) file with four keys: `purchase` (required, with at least
`contract_date`), `defect`, `history` (dated events, in any order) and `as_of` (the day the verdict
speaks for). Run it with `garantie CASE.yaml` (French) or `garantie CASE.yaml --lang en`.

**Unknown facts.** Leave a field out, or write `null`: it is *unknown*, never guessed. If a rule needs
it, the verdict is `undetermined` for what depends on it and asks a question naming the field. A fact
the seller must prove (e.g. `defect.accepted_deviation`) is instead held at the value that stands
absent that proof, and listed under the verdict's assumptions.

**Unknown keys and values.** A key the model does not have, or a value outside the accepted ones, is
refused: the case is not evaluated (exit code 3) and the message names the field path and what is
accepted there, in French by default (`--lang en` for English). Dates are `YYYY-MM-DD`; booleans are
`true` or `false` only.

**Events.** Each event of `history` is a mapping with a `type` (what happened) and a `date`, e.g. "the
seller refused" is `{type: refusal, date: 2024-10-20}`. An event without `type` is refused with the
list of types.
"""


def _type(annotation: Any) -> tuple[str, Any]:
    """The accepted values in words, and an example value, for one annotation."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _type(args[0])
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return _type(args[0])
    if origin is typing.Literal:
        values = [str(v) for v in typing.get_args(annotation)]
        return "one of " + ", ".join(f"`{v}`" for v in values), values[0]
    if origin is tuple:
        inner, example = _type(args[0]) if args else ("text", "x")
        return f"a list; each: {inner}", [example if not isinstance(example, str) or example != "…" else "battery"]
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return "a mapping (table below)", None
        if issubclass(annotation, bool):
            return "`true` or `false`", True
        if issubclass(annotation, int):
            return "a whole number", 24
        if issubclass(annotation, Decimal | float):
            return "an amount in euros", 300
        if issubclass(annotation, dt.date):
            return "a date `YYYY-MM-DD`", dt.date(2024, 3, 10)
        if issubclass(annotation, str):
            return "text", "…"
    return str(annotation), None


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _table(prefix: str, model: type[BaseModel], skip: tuple[str, ...] = ()) -> list[str]:
    lines = ["| field | accepted values | example | meaning |", "| --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        accepted, example = _type(info.annotation)
        required = " (required)" if info.is_required() else ""
        shown = f"`{name}: {_show(example)}`" if example is not None else "see below"
        lines.append(f"| `{prefix}{name}`{required} | {accepted} | {shown} | {_cell(info.description or '')} |")
    return lines


def _event(tag: str, model: type[BaseModel]) -> list[str]:
    example = {"type": tag, "date": "2024-10-05"}
    for name, info in model.model_fields.items():
        if name not in example and info.is_required():
            example[name] = _show(_type(info.annotation)[1])
    one_line = "{" + ", ".join(f"{k}: {v}" for k, v in example.items()) + "}"
    lines = [f"### `{tag}`", "", _cell(model.__doc__ or ""), "", f"`- {one_line}`", ""]
    fields = [n for n in model.model_fields if n not in ("type", "date")]
    if fields:
        lines += _table("", model, skip=("type", "date"))
        lines.append("")
    return lines


def _story(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    title = text.splitlines()[0].lstrip("# ").strip()
    return [f"### {title}", "", f"`examples/stories/{path.name}`, run by the test suite with "
            f"`garantie test examples/stories/{path.name}`:", "", "```yaml", text.rstrip(), "```", ""]


def cases_markdown() -> str:
    """The whole of docs/cases.md."""
    lines = [_INTRO, "## Fields", ""]
    for prefix, model in _MODELS:
        lines += [f"### `{prefix.rstrip('.') or 'case'}`", "", _cell(model.__doc__ or ""), ""]
        lines += _table(prefix, model, skip=("history",) if model is Case else ())
        lines.append("")
    lines += ["## History events", "", "Every event has `type` and `date` (`YYYY-MM-DD`, the day it happened); "
              "the other fields are optional (unknown when left out). Types: "
              + ", ".join(f"`{t}`" for t in _EVENT_TAGS) + ".", ""]
    for tag, model in zip(_EVENT_TAGS, _EVENT_CLASSES, strict=True):
        lines += _event(tag, model)
    lines += ["## Three complete stories", "",
              "Each is a case file of the test format (`cases:` with `input` and `expect`, see "
              "`garantie test`): the input is the case, `expect` pins what the verdict must say.", ""]
    for path in sorted(_STORIES.glob("*.yaml")):
        lines += _story(path)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(cases_markdown(), end="")
