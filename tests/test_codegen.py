"""The generated engine (``_codegen``) against the reference engine (``_engine.Evaluation``).

Both must settle every conclusion identically: value, deciding and overridden rules, missing facts,
``could_be`` values, and the parameters read; and fail with the same error on the same case.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import fuzzgen
import pytest
import strategies
from casefiles import load_cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties_escalation import escalation_cases
from test_properties_repair import warranty_cases

import garantie
from garantie import testing
from garantie._codegen import generate_source
from garantie._engine import Evaluation
from garantie._fastengine import FastEvaluation

RULES = garantie.load_rules()
TODAY = dt.date(2026, 11, 22)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(engine: type[Evaluation], data: Any) -> Any:
    """Everything an engine decides about a case, or the error it raises."""
    try:
        case = garantie.parse_case(data, today=TODAY)
    except garantie.InputError:
        return "input error"
    try:
        ev = engine(RULES, case)
    except garantie.GarantieError as error:
        return (type(error).__name__, str(error))
    return ({key: (o.determined, o.value, tuple(r.id for r in o.rules), tuple(r.id for r in o.overridden),
                   o.missing, o.possible) for key, o in ev.outcomes.items()}, ev.params_used)


def same(data: Any) -> None:
    reference, generated = outcome(Evaluation, data), outcome(FastEvaluation, data)
    assert generated == reference


@pytest.mark.parametrize("case", [c for c in load_cases()], ids=lambda c: c.id)
def test_every_case_file_settles_identically(case: Any) -> None:
    """Property: on every case file, the generated engine gives the reference engine's outcomes."""
    same(case.input)


@SETTINGS
@given(strategies.cases_with_unknowns())
def test_cases_with_unknowns_settle_identically(data: dict[str, Any]) -> None:
    """Property: with facts left unknown (three-valued path), both engines agree, missing facts included."""
    same(data)


@SETTINGS
@given(st.one_of(strategies.cases(), strategies.remedy_cases(), strategies.sale_cases()))
def test_complete_cases_settle_identically(data: dict[str, Any]) -> None:
    """Property: on complete cases (bool fast path) and remedy or sale histories, both engines agree."""
    same(data)


@SETTINGS
@given(st.one_of(warranty_cases(), escalation_cases()))
def test_repair_and_escalation_cases_settle_identically(data: dict[str, Any]) -> None:
    """Property: on cases with a repair_service section (repair_service basis) and on escalation histories
    (claims, formal notices, mediation, court: verdict.next_steps), both engines agree."""
    same(data)


def test_overlay_case_files_settle_identically() -> None:
    """Property: with the example overlay (its own parameter, conclusions and an 'includes' test on coverage
    tags) layered on the bundled rules, both engines give the same outcomes on its case files."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    rules = garantie.load_rules(extra=[examples / "overlay"])
    cases = testing.load_cases(examples / "overlay-cases")
    assert cases and any("acme." in rule_id for rule_id in rules.overlay_rules)
    for case in cases:
        parsed = garantie.parse_case(case.input, today=TODAY)
        fast, reference = FastEvaluation(rules, parsed), Evaluation(rules, parsed)
        assert {k: (o.determined, o.value, [r.id for r in o.rules]) for k, o in fast.outcomes.items()} == {
            k: (o.determined, o.value, [r.id for r in o.rules]) for k, o in reference.outcomes.items()}, case.name


@SETTINGS
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_fuzzed_cases_settle_identically(seed: int) -> None:
    """Property: on the fuzzer's valid cases (any contract date, many unknowns), both engines agree."""
    same(fuzzgen.valid_case(random.Random(seed)))


def test_every_segment_generates_and_compiles() -> None:
    """Every stretch of contract dates has a program, and it names no rule id outside the rule set."""
    for day in [dt.date(1990, 1, 1), *RULES._boundaries]:
        source = generate_source(RULES.segment(day), RULES.order)
        compile(source, "<test>", "exec")
