"""The new verdict path's shortcuts against what they replace: the whole verdict (reference path against the
new path) on generated cases, the assumptions pass with and without reusing an evaluation, the facts
``to_ask`` reads, and the status confidence without its grounds sets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import strategies
from casefiles import load_cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties_escalation import escalation_cases
from test_properties_repair import warranty_cases

import garantie
from garantie._assumptions import settle
from garantie._engine import Evaluation
from garantie._evaluate import _Builder, judge
from garantie._expr import Unknown
from garantie._facts import build_facts, unmeasured
from garantie._fastengine import FastEvaluation

RULES = garantie.load_rules()
TODAY = dt.date(2026, 11, 22)
CASES = list(load_cases())
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parsed(data: Any) -> garantie.Case | None:
    try:
        return garantie.parse_case(data, today=TODAY)
    except garantie.InputError:
        return None


def verdict_or_error(case: garantie.Case, reference: bool) -> Any:
    try:
        made = judge(case, RULES, reference=reference)
    except garantie.GarantieError as error:
        return type(error).__name__, str(error)
    return made, made.model_dump_json(), made.model_dump_json(include_texts=True)


@SETTINGS
@given(st.one_of(strategies.cases_with_unknowns(), strategies.cases(), strategies.remedy_cases(),
                 strategies.sale_cases(), warranty_cases(), escalation_cases()))
def test_new_path_gives_the_reference_verdict_on_generated_cases(data: dict[str, Any]) -> None:
    """Property: on generated cases (facts left unknown, complete cases, remedy and sale histories, repair
    services, escalation histories), the new path (generated engine, planned construction, shared trace steps
    and static reasons, lazy texts) gives the reference path's verdict: equal, same compact JSON, same JSON
    with every sentence; or the same error."""
    case = parsed(data)
    if case is None:
        return
    new, old = verdict_or_error(case, reference=False), verdict_or_error(case, reference=True)
    assert new == old


def settled(case: garantie.Case, reuse: bool) -> Any:
    evaluation, assumptions = settle(RULES, case, lambda ev: _Builder(ev).open_questions(), FastEvaluation,
                                     reuse=reuse)
    return ({key: (o.determined, o.value, o.rules, o.overridden, o.missing, o.possible)
             for key, o in evaluation.outcomes.items()}, evaluation.params_used, evaluation.case, assumptions)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_assumptions_reusing_an_evaluation_settle_as_running_it_again(case: Any) -> None:
    """Property: on every case file, the assumptions pass that reuses the evaluation of an equal case gives the
    same outcomes, parameters read, final case and assumptions as running the engine again; and the facts
    ``to_ask`` reads (parameter-measured facts recomputed) are ``build_facts`` of the case."""
    found = parsed(case.input)
    if found is None:
        return
    assert settled(found, reuse=True) == settled(found, reuse=False)
    evaluation = Evaluation(RULES, found)
    assert plain(unmeasured(found, evaluation.facts)) == plain(build_facts(found))


def plain(facts: dict[str, Any]) -> list[tuple[str, Any]]:
    """The facts in order, an Unknown (compared by identity) as the paths it names."""
    return [(path, ("unknown", value.paths) if isinstance(value, Unknown) else value) for path, value in facts.items()]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_status_confidence_is_the_lowest_over_the_grounds(case: Any) -> None:
    """Property: on every case file and for every determined conclusion, the memoised minimum the builder
    computes is the lowest confidence among the rules deciding the conclusions ``grounds`` reaches (high when
    none), and None for an undetermined one."""
    found = parsed(case.input)
    if found is None:
        return
    builder = _Builder(FastEvaluation(RULES, found))
    for key, outcome in builder.ev.outcomes.items():
        levels = {rule.confidence for read in builder.grounds(key) for rule in builder.ev.outcomes[read].rules}
        expected = None if not outcome.determined else (
            "unverified" if "unverified" in levels else "medium" if "medium" in levels else "high")
        assert builder.status_confidence(key) == expected, key
