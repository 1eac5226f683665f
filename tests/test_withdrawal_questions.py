"""The withdrawal basis asks about the information on the right when the deadline depends on it."""

from __future__ import annotations

import datetime as dt

import garantie


def test_unknown_information_is_asked_for_the_withdrawal_basis() -> None:
    verdict = garantie.evaluate({
        "purchase": {"contract_date": dt.date(2025, 3, 1), "delivery_date": dt.date(2025, 3, 5),
                     "channel": "distance", "seller": {"kind": "professional"}, "buyer": {"kind": "consumer"},
                     "product": {"withdrawal_exception": "none"}},
        "as_of": dt.date(2025, 4, 1),  # after the ordinary end (2025-03-19), within a possible extension
    })
    (withdrawal,) = [b for b in verdict.bases if b.basis == "withdrawal"]
    needed = {q.path: q.needed_for for q in withdrawal.questions}
    assert "withdrawal.status" in needed["purchase.withdrawal_information"]
