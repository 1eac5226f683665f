"""Properties of batch records: a record is the verdict ``evaluate()`` gives, whatever path carried it."""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import cases, cases_with_unknowns

import garantie
from garantie.batch import Options, case_sha256, evaluate_partition
from garantie.batch._records import verdict_json

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _shuffled(value: Any, rng: random.Random) -> Any:
    """The same JSON value with every object's keys in another order."""
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {key: _shuffled(item, rng) for key, item in items}
    if isinstance(value, list):
        return [_shuffled(item, rng) for item in value]
    return value


@SETTINGS
@given(st.one_of(cases(), cases_with_unknowns()), st.randoms(use_true_random=False))
def test_a_record_is_evaluates_verdict_and_its_hash_ignores_layout(case: dict[str, Any], rng: random.Random) -> None:
    """For any case: the record written from its JSON line (keys in any order, with spaces or not) holds exactly
    the verdict evaluate() gives, and its case_sha256 is the same whatever the key order and spacing; the
    bytes written are exactly model_dump_json(include_texts=True)'s (a record carries the sentences by default)."""
    data = json.loads(json.dumps(case, default=str))
    verdict = garantie.evaluate(data)
    assert verdict_json(verdict) == verdict.model_dump_json(include_texts=True).encode("utf-8")
    expected = verdict.model_dump(mode="json", include_texts=True)
    compact = json.dumps({"id": "k", "case": data}, separators=(",", ":"))
    spaced = json.dumps({"case": _shuffled(data, rng), "id": "k"}, indent=1)
    first, second = (json.loads(line) for line in evaluate_partition([compact, spaced], Options()))
    assert first["verdict"] == expected == second["verdict"]
    assert first["case_sha256"] == second["case_sha256"] == case_sha256(data)
