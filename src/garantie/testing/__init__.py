"""Pinning your own expected verdicts: case files, their runner, ``garantie test`` and a pytest plugin.

>>> from garantie.testing import CaseFile, check_case
>>> wrong_channel = CaseFile("mine.yaml", "a shop is not a channel",
...                          {"purchase": {"contract_date": "2024-03-10", "channel": "shop"}},
...                          expect=None, error=["purchase.channel"])
>>> check_case(wrong_channel).outcome
'passed'
>>> check_case(CaseFile("mine.yaml", "wrong path", wrong_channel.input, None, ["purchase"])).failures[0][:40]
"error: expected paths ['purchase'], got "

The format is documented in :mod:`garantie.testing._casefiles` and ``docs/cases.md``; the
project's own ``tests/cases`` run through the same code.
"""

from garantie.testing._casefiles import SPECIAL, CaseFile, CaseFileError, case_paths, load_cases, lookup, plain
from garantie.testing._run import CaseResult, check_case

__all__ = ["SPECIAL", "CaseFile", "CaseFileError", "CaseResult", "case_paths", "check_case", "load_cases", "lookup",
           "plain"]
