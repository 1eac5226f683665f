"""Reading case files: readable cases, each an input and the verdict expected.

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
``known_bug`` marks a case expected to fail with ``raises`` (an exception name): once the
engine is fixed the case passes, which is reported as a failure so that the marker is removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from garantie._yaml import load_yaml
from garantie.errors import GarantieError

__all__ = ["CASE_KEYS", "SPECIAL", "CaseFile", "CaseFileError", "case_paths", "load_cases", "lookup", "plain"]

SPECIAL = frozenset({"reasons", "not_reasons", "articles", "questions", "assumptions", "warnings", "no_warnings"})
CASE_KEYS = frozenset({"name", "input", "expect", "error", "note", "known_bug"})


class CaseFileError(GarantieError):
    """A case file that is not in the case-file format (names the file and the case)."""


@dataclass(frozen=True)
class CaseFile:
    """One case of a case file: its input and what the verdict must show (or the input error expected)."""

    file: str
    name: str
    input: dict[str, Any]
    expect: dict[str, Any] | None
    error: list[str] | None
    known_bug: dict[str, str] | None = None

    @property
    def id(self) -> str:
        return f"{self.file}::{self.name}"


def case_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The case files named: a file as is, a directory's ``*.yaml`` and ``*.yml`` files (sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        elif path.is_file():
            found.append(path)
        else:
            raise CaseFileError(f"{path}: no such case file or directory")
    return found


def load_cases(*paths: str | Path) -> list[CaseFile]:
    """Every case of the files or directories named, checked for the format; names are unique per file."""
    found: list[CaseFile] = []
    for path in case_paths(paths):
        data = load_yaml(path, error=CaseFileError)
        if not isinstance(data, dict) or set(data) != {"cases"} or not isinstance(data["cases"], list):
            raise CaseFileError(f"{path.name}: a case file has one top-level key, 'cases', holding a list")
        for index, raw in enumerate(data["cases"]):
            if not isinstance(raw, dict):
                raise CaseFileError(f"{path.name} case {index}: a case is a mapping with name, input, expect or error")
            unknown = set(raw) - CASE_KEYS
            if unknown or "name" not in raw or "input" not in raw or ("expect" in raw) == ("error" in raw):
                raise CaseFileError(f"{path.name} case {index}: keys are name, input, and expect or error "
                                    f"(unknown: {sorted(map(str, unknown))})")
            bug = raw.get("known_bug")
            if bug is not None and (not isinstance(bug, dict) or set(bug) != {"issue", "raises"}):
                raise CaseFileError(f"{path.name} case {index}: known_bug has keys issue and raises")
            found.append(CaseFile(path.name, str(raw["name"]), raw["input"], raw.get("expect"),
                                  raw.get("error"), bug))
    names = [c.id for c in found]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise CaseFileError(f"duplicate case names: {sorted(duplicates)}")
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
