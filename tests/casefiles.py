"""The project's case files (tests/cases) read by the shipped runner, :mod:`garantie.testing`.

Kept as a module beside the tests so that ``from casefiles import load_cases`` keeps working.
"""

from __future__ import annotations

from pathlib import Path

from garantie import testing
from garantie.testing import SPECIAL, CaseFile, lookup, plain

__all__ = ["CASES_DIR", "SPECIAL", "CaseFile", "load_cases", "lookup", "plain"]

CASES_DIR = Path(__file__).parent / "cases"


def load_cases() -> list[CaseFile]:
    return testing.load_cases(CASES_DIR)
