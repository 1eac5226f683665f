"""Regression: a rule with two exceptions whose conditions are both unknown must ask, not crash.

Before the fix the engine tested an ``Unknown`` for truth (``if state.unknown``), which
``Unknown`` forbids: any case leaving both ``purchase.sale_mode`` and ``purchase.product.nature``
unknown raised ``TypeError`` while settling ``glc.scope``.
"""

from __future__ import annotations

import datetime as dt

import garantie


def test_two_unknown_exceptions_are_merged_into_questions() -> None:
    verdict = garantie.evaluate({
        "purchase": {"contract_date": dt.date(2024, 3, 10), "delivery_date": dt.date(2024, 3, 12),
                     "seller": {"kind": "professional"}, "buyer": {"kind": "consumer"}},
        "as_of": dt.date(2024, 10, 1),
    })
    asked = {q.path for q in verdict.questions}
    assert {"purchase.sale_mode", "purchase.product.nature"} <= asked
