"""Headings of the December 2026 acceptance review (docs/review-2026-12.md): the first line of a verdict
never claims more than its bases show."""

from __future__ import annotations

import datetime as dt
from typing import Any

import garantie


def _horse(as_of: dt.date) -> dict[str, Any]:
    return {
        "purchase": {"contract_date": dt.date(2024, 6, 3), "delivery_date": dt.date(2024, 6, 3), "channel": "in_store",
                     "sale_mode": "ordinary", "seller": {"kind": "professional", "country": "FR"},
                     "buyer": {"kind": "consumer"},
                     "product": {"nature": "domestic_animal", "animal_species": "other", "condition": "new"}},
        "defect": {"appeared_on": dt.date(2024, 6, 5), "known_on": dt.date(2024, 6, 5), "severity": "serious",
                   "cause": "unknown", "apparent_at_purchase": False, "animal_disease": "other"},
        "history": [],
        "as_of": as_of,
    }


def test_a_basis_no_answer_can_settle_is_never_read_as_nothing_can_be_exercised() -> None:
    """A horse within the Code rural delay: which disease is listed for it is not modelled, so the redhibitory
    action stays undetermined with nothing to ask; the heading says no firm conclusion is possible (not "no
    warranty can be exercised", which could make the buyer miss a ten-day delay) and promises no answers below."""
    verdict = garantie.evaluate(_horse(dt.date(2024, 6, 10)))
    (hidden,) = [b for b in verdict.bases if b.basis == "hidden_defects"]
    assert hidden.status == "undetermined" and not hidden.questions
    assert verdict.status == "undetermined"
    heading = verdict.explain("fr").splitlines()[1]
    assert heading.startswith("Impossible de conclure avec certitude"), heading
    assert "ci-dessous" not in heading
    assert verdict.explain("en").splitlines()[1].startswith("No firm conclusion is possible")


def test_the_same_horse_after_thirty_days_has_nothing_left() -> None:
    """Past the longest Code rural delay (thirty days, R213-5) the action is time-barred whatever the disease:
    then, and only then, nothing can be exercised."""
    verdict = garantie.evaluate(_horse(dt.date(2024, 7, 20)))
    (hidden,) = [b for b in verdict.bases if b.basis == "hidden_defects"]
    assert hidden.status == "time_barred"
    assert verdict.status == "not_actionable"


def test_a_right_closed_whatever_the_answer_says_so() -> None:
    """Channel unknown more than a year after delivery: the right of withdrawal is either out of scope (in store)
    or over (at a distance), so nothing is asked; the line says it is closed either way, not "à déterminer"."""
    verdict = garantie.evaluate({
        "purchase": {"contract_date": dt.date(2024, 2, 27), "delivery_date": dt.date(2024, 2, 29),
                     "sale_mode": "ordinary", "seller": {"kind": "professional"}, "buyer": {"kind": "consumer"},
                     "product": {"condition": "new", "nature": "goods"}},
        "as_of": dt.date(2025, 7, 1),
    })
    (withdrawal,) = [b for b in verdict.bases if b.basis == "withdrawal"]
    assert withdrawal.status == "undetermined" and not withdrawal.questions
    assert set(withdrawal.could_be) == {"does_not_apply", "time_barred"}
    assert "Droit de rétractation : hors champ ou délai expiré, dans tous les cas" in verdict.explain("fr")
    assert "Right of withdrawal: out of scope or time limit passed, either way" in verdict.explain("en")
