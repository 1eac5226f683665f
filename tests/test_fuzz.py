"""Issue 10: a bounded fuzz run inside the suite (the big one is tests/fuzz/run.py).

Valid cases (by model introspection, dates chained) and malformed ones (1-3 mutations: wrong
types, unknown keys, huge or deep values, alias bombs, impossible dates) go through evaluate().
"""

from __future__ import annotations

import random

from fuzzgen import check_invariants, malformed_case, run_one, valid_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import cases_with_unknowns, remedy_cases

import garantie

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


@SETTINGS
@given(SEEDS)
def test_valid_cases_give_a_verdict_or_a_documented_error_and_keep_the_invariants(seed: int) -> None:
    """Every generated valid case gives a Verdict or an InputError (never another exception), and
    each verdict keeps the invariants: liability never ends before delivery, no commercial-warranty
    date before the contract, no remedy available while the legal warranty does not apply, and
    its JSON round-trips."""
    kind, broken = run_one(valid_case(random.Random(seed)))
    assert kind.startswith("verdict") or kind == "InputError", kind
    assert broken == []


@SETTINGS
@given(SEEDS)
def test_malformed_cases_give_a_documented_error_or_a_sound_verdict(seed: int) -> None:
    """A mutated case gives an InputError (or, when the mutation left it valid, a Verdict that keeps
    the same invariants); never another exception, a hang or an unbounded message."""
    kind, broken = run_one(malformed_case(random.Random(seed)))
    assert kind.startswith("verdict") or kind == "InputError", kind
    assert broken == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(cases_with_unknowns(), remedy_cases()))
def test_the_developers_strategies_keep_the_invariants(case: dict[str, object]) -> None:
    """The hand-written strategies' cases (valid by construction) give verdicts keeping the invariants."""
    assert check_invariants(case, garantie.evaluate(case)) == []
