"""The project's case files (tests/cases) read by the shipped runner, :mod:`garantie.testing`.

Kept as a module beside the tests so that ``from casefiles import load_cases`` keeps working.
"""

from __future__ import annotations

from pathlib import Path

from garantie import testing
from garantie.testing import SPECIAL, CaseFile, lookup, plain

__all__ = ["CASES_DIR", "PHONE_CASE", "SPECIAL", "CaseFile", "load_cases", "lookup", "plain"]

CASES_DIR = Path(__file__).parent / "cases"

# A complete ordinary case (phone bought online in 2024, defect after six months): the legal warranty applies.
PHONE_CASE = {"purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-12", "channel": "distance",
                           "sale_mode": "ordinary", "seller": {"kind": "professional", "country": "FR"},
                           "buyer": {"kind": "consumer"}, "product": {"condition": "new", "nature": "goods"}},
              "defect": {"appeared_on": "2024-09-15", "known_on": "2024-09-15", "severity": "ordinary",
                         "cause": "unknown", "accepted_deviation": False},
              "as_of": "2024-10-01"}


def load_cases() -> list[CaseFile]:
    return testing.load_cases(CASES_DIR)
