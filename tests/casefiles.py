"""Reading ``tests/cases/*.yaml``: readable cases, each an input and the verdict expected.

A case file looks like::

    cases:
      - name: new phone fails at 6 months (SC-01)
        input: {purchase: {...}, defect: {...}, history: [...], as_of: 2024-10-01}
        expect:
          status: actionable                        # any dotted path into the verdict's JSON
          legal_conformity.liability.end: 2026-03-12
          reasons: [glc.scope.professional_to_consumer]   # rules that must decide
          not_reasons: [glc.extension.after_repair]       # rules that must not
          articles: [L217-7, L217-3]                # articles the reasons must cite
          questions: [defect.appeared_on]           # exactly the questions asked (field paths)
          assumptions: [defect.accepted_deviation]  # exactly the facts held absent the seller's proof
          warnings: [unverified_rule]               # warning codes or rule ids that must appear
          no_warnings: true                         # or: no warning at all
      - name: malformed input
        input: {...}
        error: [purchase.delivery_date]             # an InputError naming exactly these paths
      - name: a case the engine gets wrong today
        input: {...}
        expect: {...}                               # what the law says, as for any case
        known_bug: {issue: "what is wrong, minimal case", raises: TypeError}

Every expectation key is checked; an unknown key is an error in the case file.
``known_bug`` runs the case as a strict xfail that must fail with ``raises`` (an exception
name): once the engine is fixed the case passes, the xfail turns into a failure, and the
marker must be removed. Such cases are left out of the rule-coverage check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from garantie._yaml import load_yaml

CASES_DIR = Path(__file__).parent / "cases"
SPECIAL = {"reasons", "not_reasons", "articles", "questions", "assumptions", "warnings", "no_warnings"}
CASE_KEYS = {"name", "input", "expect", "error", "note", "known_bug"}


@dataclass(frozen=True)
class CaseFile:
    file: str
    name: str
    input: dict[str, Any]
    expect: dict[str, Any] | None
    error: list[str] | None
    known_bug: dict[str, str] | None = None

    @property
    def id(self) -> str:
        return f"{self.file}::{self.name}"


def load_cases() -> list[CaseFile]:
    found: list[CaseFile] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = load_yaml(path, error=ValueError)
        if not isinstance(data, dict) or set(data) != {"cases"}:
            raise ValueError(f"{path.name}: a case file has one top-level key, 'cases'")
        for index, raw in enumerate(data["cases"]):
            unknown = set(raw) - CASE_KEYS
            if unknown or "name" not in raw or "input" not in raw or ("expect" in raw) == ("error" in raw):
                raise ValueError(f"{path.name} case {index}: keys are name, input, and expect or error "
                                 f"(unknown: {sorted(unknown)})")
            bug = raw.get("known_bug")
            if bug is not None and (not isinstance(bug, dict) or set(bug) != {"issue", "raises"}):
                raise ValueError(f"{path.name} case {index}: known_bug has keys issue and raises")
            found.append(CaseFile(path.name, str(raw["name"]), raw["input"], raw.get("expect"),
                                  raw.get("error"), bug))
    names = [c.id for c in found]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"duplicate case names: {sorted(duplicates)}")
    return found


def plain(value: Any) -> Any:
    """Expected values as the verdict's JSON has them (dates as ISO text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def lookup(document: Any, path: str) -> Any:
    """Follow a dotted path into the verdict's JSON. In a list, a part may be a position or the name of
    a section (``bases.withdrawal``, ``remedies.repair``, ``topics.remedy.rights``, ``next_steps.court``)."""
    current = document
    parts = path.split(".")
    index = 0
    while index < len(parts):
        part = parts[index]
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        elif isinstance(current, list):
            # the longest run of parts that names a section (topic names contain dots)
            for end in range(len(parts), index, -1):
                name = ".".join(parts[index:end])
                found = [item for item in current if _named(item, name)]
                if found:
                    current, index = found[0], end - 1
                    break
            else:
                raise KeyError(f"the verdict has no '{path}' (stopped at '{part}')")
        else:
            raise KeyError(f"the verdict has no '{path}' (stopped at '{part}')")
        index += 1
    return current


def _named(item: Any, name: str) -> bool:
    return isinstance(item, dict) and name in (item.get("basis"), item.get("remedy"), item.get("topic"),
                                               item.get("step"))
