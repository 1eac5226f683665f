"""Pinning your own expected verdicts: case files, their runner, ``garantie test`` and a pytest plugin.


The format is documented in :mod:`garantie.testing._casefiles` and ``docs/cases.md``; the
project's own ``tests/cases`` run through the same code.
"""

from garantie.testing._casefiles import SPECIAL, CaseFile, CaseFileError, case_paths, load_cases, lookup, plain
from garantie.testing._run import CaseResult, check_case

__all__ = ["SPECIAL", "CaseFile", "CaseFileError", "CaseResult", "case_paths", "check_case", "load_cases", "lookup",
           "plain"]
