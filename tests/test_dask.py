"""A real ``distributed.LocalCluster`` with two worker processes evaluates the case files through
``garantie.dask.evaluate_bag``; the records are those of ``evaluate()`` run one by one, in order."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import dask.bag as db
import pytest
from casefiles import load_cases

import garantie

distributed = pytest.importorskip("distributed")

TODAY = dt.date(2025, 1, 15)


def _rule_sets_loaded() -> int:
    from garantie import ruleset

    return len({id(found) for found in ruleset._cache.values()})


def test_local_cluster_gives_the_verdicts_of_sequential_evaluate() -> None:
    from garantie.dask import evaluate_bag

    cases = [c for c in load_cases() if c.known_bug is None]
    lines = [json.dumps({"id": c.id, "case": c.input}, default=str) for c in cases]
    expected: list[dict[str, Any]] = []
    for c in cases:
        try:
            expected.append(garantie.evaluate(c.input, today=TODAY).model_dump(mode="json", include_texts=True))
        except garantie.InputError as error:
            expected.append({"paths": error.paths})
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster, distributed.Client(cluster) as client:
        bag = db.from_sequence(lines, npartitions=8)
        records = [json.loads(r) for r in evaluate_bag(bag, today=TODAY).compute()]
        loaded = client.run(_rule_sets_loaded)
    # Each worker process that ran a partition loaded the rule set exactly once (the scheduler may, rarely,
    # leave one worker idle).
    assert len(loaded) == 2 and set(loaded.values()) <= {0, 1} and 1 in loaded.values()
    assert [r["id"] for r in records] == [c.id for c in cases]
    for record, want, case in zip(records, expected, cases, strict=True):
        if "paths" in want:
            assert record["error"]["paths"] == want["paths"], case.id
        else:
            assert record["verdict"] == want, case.id
