"""Plan-assembled verdicts: ``_plan.construct`` against validated construction, and the new path against
the reference path (reference engine, validated models, eager texts) on every case file."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pytest
from casefiles import load_cases
from pydantic import BaseModel

import garantie
from garantie import verdict as verdict_module
from garantie._evaluate import judge
from garantie._plan import construct, validated

RULES = garantie.load_rules()
TODAY = dt.date(2026, 11, 22)
CASES = [c for c in load_cases() if c.expect is not None and c.known_bug is None]
OUTPUT_TYPES = {cls for cls in vars(verdict_module).values()
                if isinstance(cls, type) and issubclass(cls, verdict_module._Out)
                and cls not in (verdict_module._Out, verdict_module._Texted)}


def models(node: Any) -> list[BaseModel]:
    """Every model inside ``node``, itself included."""
    if isinstance(node, BaseModel):
        found = [node]
        for name in type(node).model_fields:
            found += models(node.__dict__[name])
        return found
    if isinstance(node, tuple | list):
        return [m for item in node for m in models(item)]
    if isinstance(node, dict):
        return [m for item in node.values() for m in models(item)]
    return []


def same_types(one: Any, other: Any) -> bool:
    """Equal, with the same types all the way down (a list is not a tuple, a Decimal not an int)."""
    if type(one) is not type(other):
        return False
    if isinstance(one, BaseModel):
        return all(
            same_types(one.__dict__[k], other.__dict__[k]) for k in type(one).model_fields) and \
            one.model_fields_set == other.model_fields_set
    if isinstance(one, tuple | list):
        return len(one) == len(other) and all(same_types(a, b) for a, b in zip(one, other, strict=True))
    if isinstance(one, dict):
        return one.keys() == other.keys() and all(same_types(one[k], other[k]) for k in one)
    return bool(one == other)


@functools.cache
def verdicts() -> list[garantie.Verdict]:
    return [garantie.evaluate(c.input, today=TODAY) for c in CASES]


def test_construct_equals_validated_construction_for_every_model_type() -> None:
    """Property: for every output model type, construct(cls, **v) is what cls(**v) builds: same values of the
    same types, same fields_set, same JSON — with the values the engine gives it on every case file."""
    seen: set[type] = set()
    for verdict in verdicts():
        for model in models(verdict):
            cls = type(model)
            values = {name: model.__dict__[name] for name in model.model_fields_set}
            built, checked = construct(cls, **values), validated(cls, **values)
            assert same_types(built, checked), (cls.__name__, values)
            assert built.model_dump_json() == checked.model_dump_json()
            seen.add(cls)
    assert seen == OUTPUT_TYPES


def test_every_constructed_model_survives_revalidation_unchanged() -> None:
    """Property: each model the builder made without validation is what validating its fields again gives."""
    for verdict in verdicts():
        for model in models(verdict):
            values = {name: model.__dict__[name] for name in model.model_fields_set}
            assert same_types(type(model)(**values), model), type(model).__name__


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_new_path_gives_the_reference_verdict(case: Any) -> None:
    """Property: generated engine + planned construction + lazy texts == reference engine + validated
    construction + eager texts: same compact JSON, same full JSON with every sentence."""
    parsed = garantie.parse_case(case.input, today=TODAY)
    new, old = judge(parsed, RULES), judge(parsed, RULES, reference=True)
    assert new == old
    assert new.model_dump_json() == old.model_dump_json()
    assert new.model_dump_json(include_texts=True) == old.model_dump_json(include_texts=True)
