"""Runs every case in tests/cases/*.yaml against the bundled rule set, through the shipped runner
(``garantie.testing``, the code behind ``garantie test`` and ``pytest --garantie-cases``)."""

from __future__ import annotations

import pytest
from casefiles import CaseFile, load_cases

import garantie
from garantie.testing import check_case

CASES = load_cases()


def _param(case: CaseFile) -> object:
    if case.known_bug is None:
        return pytest.param(case, id=case.id)
    return pytest.param(case, id=case.id, marks=pytest.mark.xfail(
        strict=True, reason=f"known engine bug: {case.known_bug['issue']}"))


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(case: CaseFile) -> None:
    result = check_case(case)
    if case.known_bug is not None:
        # A known bug must still fail as announced; once fixed, the strict xfail turns red.
        assert result.outcome != "known_bug", "\n".join(result.failures)
        return
    assert result.outcome == "passed", "\n".join(result.failures) + "\n\n" + result.explanation


def test_every_rule_fires_in_some_case() -> None:
    """Each rule must decide (or be overridden after firing) in at least one case file."""
    fired: set[str] = set()
    for case in CASES:
        if case.error is None and case.known_bug is None:
            fired |= {step.rule_id for step in garantie.evaluate(case.input).trace}
    never = sorted(set(garantie.load_rules().rules) - fired)
    assert not never, f"rules that never fire over tests/cases: {never}"
