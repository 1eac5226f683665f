"""Seller-policy check: flag the clauses of a merchant's after-sales terms that the law overrides.

Clause patterns are data (``rules/clauses/*.yaml``); :func:`check_policy` returns a :class:`PolicyReport`.
Command line: ``garantie policy FILE.txt [--json] [--date YYYY-MM-DD] [--lang fr|en]``.
"""

from __future__ import annotations

from garantie.policy._check import MAX_CHARACTERS, PolicyInputError, check_policy
from garantie.policy._cli import main
from garantie.policy._loader import ClauseSet, load_clauses
from garantie.policy.report import Clause, Finding, MentionCheck, PolicyReport

__all__ = [
    "MAX_CHARACTERS",
    "Clause",
    "ClauseSet",
    "Finding",
    "MentionCheck",
    "PolicyInputError",
    "PolicyReport",
    "check_policy",
    "load_clauses",
    "main",
]
