"""The compact JSON of a verdict: the decision without repetition, and back.

The full verdict repeats itself: every reason appears in ``reasons`` and again in its section, and every
reason carries its citations in full. The compact form keeps one table of citations (reasons cite ids) and
the reasons once (sections, ``recommended`` and ``strongest`` name rule ids). ``expand`` restores the full
shape, so ``Verdict.model_validate_json`` reads either form.

The compact form is also the *decision* a back-office stores and compares from one night to the next. A value
the rules count from ``as_of`` by a fixed number of days (``verdict.from_as_of``: a formal notice sent today
gives until as_of + 15, a claim not yet filed is judged under today's rules) is written
``{"as_of_plus": days}`` wherever it appears (its reason, its trace step, its section's dates), not as the
date it is on that day; ``expand`` gives it back as that date.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

__all__ = ["compact", "dumps", "expand"]

# Where a verdict holds reasons that are also in its top-level ``reasons``: (list of sections, or a section).
_SECTIONS = (("legal_conformity", False), ("remedies", True), ("bases", True), ("topics", True),
             ("next_steps", True))
_SINGLE = ("recommended", "strongest")
_DEFAULTS: dict[str, Any] = {"moot": False, "grounds_confidence": None}
_KEEP = object()


_RELATIVE = "as_of_plus"
# Where a section holds its dates by name (the conclusion's last part); a step's opens_on and last_day are both
# there and in its dates.
_DATE_FIELDS = ("dates", "conclusions")
_STEP_DATES = ("opens_on", "last_day")


def compact(full: dict[str, Any]) -> dict[str, Any]:
    """The compact form of a full verdict dump (``model_dump(mode="json")``)."""
    full = _relative(full)
    out = dict(full)
    table: dict[str, Any] = {}
    reasons = []
    for reason in full.get("reasons", ()):
        # Fields at their default (moot: false, grounds_confidence: null) are left out; reading fills them.
        reason = {key: value for key, value in reason.items() if _DEFAULTS.get(key, _KEEP) != value}
        ids = []
        for citation in reason["citations"]:
            table.setdefault(citation["id"], citation)
            ids.append(citation["id"])
        reason["citations"] = ids
        reasons.append(reason)
    out["reasons"] = reasons
    listed = {r["rule_id"] for r in reasons}
    for key, many in _SECTIONS:
        if out.get(key) is None:
            continue
        sections = out[key] if many else [out[key]]
        # A section reason not among the verdict's reasons (the seller-policy topic's) stays in full.
        flat = [{**section, "reasons": [r["rule_id"] if r["rule_id"] in listed else r for r in section["reasons"]]}
                for section in sections]
        out[key] = flat if many else flat[0]
    for key in _SINGLE:
        if out.get(key) is not None:
            out[key] = out[key]["rule_id"]
    # Retained trace steps repeat a reason (same rule, conclusion and value): name the rule only.
    said = {(r["rule_id"], r["conclusion"], _hashable(r.get("value"))) for r in reasons}
    out["trace"] = [step["rule_id"] if step["outcome"] == "retained"
                    and (step["rule_id"], step["conclusion"], _hashable(step["value"])) in said else step
                    for step in full.get("trace", ())]
    # Citations the bundled rule set holds as they are here are named by id only.
    known = _bundled_citations()
    out["citations"] = {key: value for key, value in table.items() if known.get(key) != value}
    return out


def _hashable(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, dict) else value


def _relative(full: dict[str, Any]) -> dict[str, Any]:
    """``full`` with every value of a ``from_as_of`` rule written ``{"as_of_plus": days}``."""
    shifts = full.get("from_as_of")
    if not shifts or not isinstance(full.get("as_of"), str):
        return full
    as_of = dt.date.fromisoformat(full["as_of"])
    marked = {rule: ((as_of + dt.timedelta(days=days)).isoformat(), {_RELATIVE: days})
              for rule, days in shifts.items()}

    def mark(item: dict[str, Any]) -> dict[str, Any]:
        found = marked.get(item.get("rule_id", ""))
        return {**item, "value": found[1]} if found is not None and item.get("value") == found[0] else item

    def section(part: dict[str, Any]) -> dict[str, Any]:
        # A section's date named after a conclusion (its key past the section's prefix) that one of its
        # from_as_of reasons settled, with that reason's value.
        settled = [(reason["conclusion"], marked[reason["rule_id"]]) for reason in part.get("reasons", ())
                   if isinstance(reason, dict) and reason.get("rule_id") in marked]
        if not settled:
            return part

        def relative(name: str, value: Any) -> Any:
            return next((rel for key, (day, rel) in settled if key.endswith("." + name) and value == day), value)
        part = {**part, "reasons": [mark(r) for r in part["reasons"]]}
        for field in _DATE_FIELDS:
            if isinstance(part.get(field), dict):
                part[field] = {name: relative(name, value) for name, value in part[field].items()}
        for field in _STEP_DATES:
            if field in part:
                part[field] = relative(field, part[field])
        return part

    out = {**full, "reasons": [mark(r) for r in full.get("reasons", ())],
           "trace": [mark(step) for step in full.get("trace", ())]}
    for key, many in _SECTIONS:
        if out.get(key) is not None:
            out[key] = [section(s) for s in out[key]] if many else section(out[key])
    for key in _SINGLE:
        if out.get(key) is not None:
            out[key] = mark(out[key])
    return out


def _absolute(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with every ``{"as_of_plus": days}`` written back as the date it is."""
    if not data.get("from_as_of") or not isinstance(data.get("as_of"), str):
        return data
    as_of = dt.date.fromisoformat(data["as_of"])

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if len(node) == 1 and isinstance(node.get(_RELATIVE), int):
                return (as_of + dt.timedelta(days=node[_RELATIVE])).isoformat()
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node
    places = ("reasons", "trace", *_SINGLE, *(key for key, _ in _SECTIONS))
    return {k: walk(v) if k in places else v for k, v in data.items()}


def _bundled_citations() -> dict[str, Any]:
    from garantie._build_reasons import citation_ref
    from garantie.ruleset import load_rules

    rules = load_rules()
    found: dict[str, Any] | None = rules.__dict__.get("_compact_citations")
    if found is None:
        found = {key: citation_ref(c).model_dump(mode="json") for key, c in rules.citations.items()}
        rules.__dict__["_compact_citations"] = found
    return found


def expand(data: Any) -> Any:
    """The full form of a compact verdict; anything else is returned as is."""
    if not isinstance(data, dict) or not isinstance(data.get("citations"), dict):
        return data
    out = _absolute(dict(data))
    table = out.pop("citations")
    known = _bundled_citations() if any(c not in table for r in out.get("reasons", ()) for c in r["citations"]) \
        else {}
    reasons = [{**reason, "citations": [table[c] if c in table else known[c] for c in reason["citations"]]}
               for reason in out.get("reasons", ())]
    by_rule = {reason["rule_id"]: reason for reason in reasons}
    out["reasons"] = reasons
    out["trace"] = [{"rule_id": step, "conclusion": by_rule[step]["conclusion"], "value": by_rule[step].get("value"),
                     "outcome": "retained"} if isinstance(step, str) else step for step in out.get("trace", ())]
    for key, many in _SECTIONS:
        if out.get(key) is None:
            continue
        sections = out[key] if many else [out[key]]
        full = [{**section, "reasons": [by_rule[r] if isinstance(r, str) else r for r in section["reasons"]]}
                for section in sections]
        out[key] = full if many else full[0]
    for key in _SINGLE:
        if isinstance(out.get(key), str):
            out[key] = by_rule[out[key]]
    return out


def dumps(document: dict[str, Any], indent: int | None = None) -> str:
    """JSON text as Pydantic writes it (UTF-8 kept, compact separators unless indented)."""
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(document, ensure_ascii=False, indent=indent, separators=separators)
