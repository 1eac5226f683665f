"""The compact JSON of a verdict: the decision without repetition, and back.

The full verdict repeats itself: every reason appears in ``reasons`` and again in its section, and every
reason carries its citations in full. The compact form keeps one table of citations (reasons cite ids) and
the reasons once (sections, ``recommended`` and ``strongest`` name rule ids). ``expand`` restores the full
shape, so ``Verdict.model_validate_json`` reads either form.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["compact", "dumps", "expand"]

# Where a verdict holds reasons that are also in its top-level ``reasons``: (list of sections, or a section).
_SECTIONS = (("legal_conformity", False), ("remedies", True), ("bases", True), ("topics", True),
             ("next_steps", True))
_SINGLE = ("recommended", "strongest")
_DEFAULTS: dict[str, Any] = {"moot": False, "grounds_confidence": None}
_KEEP = object()


def compact(full: dict[str, Any]) -> dict[str, Any]:
    """The compact form of a full verdict dump (``model_dump(mode="json")``)."""
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
    said = {(r["rule_id"], r["conclusion"], r.get("value")) for r in reasons}
    out["trace"] = [step["rule_id"] if step["outcome"] == "retained"
                    and (step["rule_id"], step["conclusion"], step["value"]) in said else step
                    for step in full.get("trace", ())]
    # Citations the bundled rule set holds as they are here are named by id only.
    known = _bundled_citations()
    out["citations"] = {key: value for key, value in table.items() if known.get(key) != value}
    return out


def _bundled_citations() -> dict[str, Any]:
    from garantie._evaluate import _citation_ref
    from garantie.ruleset import load_rules

    rules = load_rules()
    found: dict[str, Any] | None = rules.__dict__.get("_compact_citations")
    if found is None:
        found = {key: _citation_ref(c).model_dump(mode="json") for key, c in rules.citations.items()}
        rules.__dict__["_compact_citations"] = found
    return found


def expand(data: Any) -> Any:
    """The full form of a compact verdict; anything else is returned as is."""
    if not isinstance(data, dict) or not isinstance(data.get("citations"), dict):
        return data
    out = dict(data)
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
