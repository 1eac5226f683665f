"""The information on the right of withdrawal is the professional's to prove (L221-7): when the deadline depends
on it and it is unknown, the verdict holds it as not given, says so, and keeps the question."""

from __future__ import annotations

import datetime as dt

import garantie


def test_unknown_information_is_assumed_not_given_and_kept_as_a_question() -> None:
    verdict = garantie.evaluate({
        "purchase": {"contract_date": dt.date(2025, 3, 1), "delivery_date": dt.date(2025, 3, 5),
                     "channel": "distance", "seller": {"kind": "professional"}, "buyer": {"kind": "consumer"},
                     "product": {"withdrawal_exception": "none"}},
        "as_of": dt.date(2025, 4, 1),  # after the ordinary end (2025-03-19), within a possible extension
    })
    (withdrawal,) = [b for b in verdict.bases if b.basis == "withdrawal"]
    assert withdrawal.status == "applies"
    assert withdrawal.dates["deadline"] == dt.date(2026, 3, 19)  # 19 March 2025 + 12 months
    assert "purchase.withdrawal_information" not in {q.path for q in withdrawal.questions}
    (assumed,) = [a for a in verdict.assumptions if a.path == "purchase.withdrawal_information"]
    assert assumed.value == "never" and assumed.proof_by == "seller"
    assert "withdrawal.status" in assumed.question.needed_for
    assert "sauf s'il prouve" in assumed.fr
