"""Dask (extra ``garantie[dask]``): evaluate a bag of cases on a cluster, as ``evaluate_many`` does.

The same per-partition function runs on every worker; no scheduler of our own.

>>> import json
>>> import dask.bag as db
>>> bag = db.from_sequence(['{"id": "t1", "purchase": {"contract_date": "2024-03-10"}, "as_of": "2024-04-01"}'])
>>> [json.loads(record)["id"] for record in evaluate_bag(bag).compute(scheduler="sync")]
['t1']
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import Literal

import dask.bag as db

from garantie.batch._records import Item, Options, evaluate_partition

__all__ = ["evaluate_bag"]


def evaluate_bag(bag: db.Bag, *, lang: Literal["fr", "en"] | None = None, texts: bool = True,
                 today: dt.date | None = None, rules: str | os.PathLike[str] | None = None) -> db.Bag:
    """A bag of JSON records (text), one per case, in the bag's order.

    Items are cases: JSON lines (``dask.bag.read_text``), mappings or :class:`~garantie.Case`, each with an
    optional ``id`` (records of cases without one have ``"id": null``). Records are those of
    ``garantie batch``: ``{id, case_sha256, verdict}`` or ``{id, error}``; ``.map(json.loads)`` gives dicts and
    ``.to_textfiles("out-*.jsonl")`` writes them. Each partition runs
    :func:`garantie.batch.evaluate_partition`; each worker process loads the rule set (``rules``: a directory
    every worker can read, default the bundled one) on its first partition and keeps it. Pass ``today`` so
    that cases without ``as_of`` are judged for the same day on every worker.
    """
    options = Options(lang=lang, texts=texts, today=today, rules=None if rules is None else os.fspath(rules))
    evaluated: db.Bag = bag.map_partitions(_partition, options)  # type: ignore[no-untyped-call]
    return evaluated


def _partition(items: Iterable[Item], options: Options) -> list[str]:
    return evaluate_partition(items, options)
