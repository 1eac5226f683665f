"""Properties of the Code rural regime for domestic animals and of interruptions of the time bar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import garantie
from garantie._dates import is_french_public_holiday

_DISEASES = {
    "dog": ["distemper", "canine_hepatitis", "canine_parvovirus", "hip_dysplasia", "retinal_atrophy", "other"],
    "cat": ["feline_panleukopenia", "feline_infectious_peritonitis", "feline_leukaemia", "feline_immunodeficiency",
            "other"],
}


def _animal_case(delivery: dt.date, species: str, disease: str, as_of_days: int) -> dict[str, Any]:
    return {
        "purchase": {"contract_date": delivery, "delivery_date": delivery, "channel": "in_store",
                     "sale_mode": "ordinary", "seller": {"kind": "professional", "country": "FR"},
                     "buyer": {"kind": "consumer"},
                     "product": {"nature": "domestic_animal", "animal_species": species, "condition": "new"}},
        "defect": {"appeared_on": delivery, "known_on": delivery, "severity": "serious", "cause": "unknown",
                   "known_at_purchase": False, "apparent_at_purchase": False, "animal_disease": disease,
                   "suspicion_diagnosis_on": delivery},
        "history": [], "as_of": delivery + dt.timedelta(days=as_of_days)}


@st.composite
def animal_cases(draw: st.DrawFn) -> dict[str, Any]:
    delivery = draw(st.dates(dt.date(1991, 1, 1), dt.date(2030, 12, 31)))
    species = draw(st.sampled_from(sorted(_DISEASES)))
    return _animal_case(delivery, species, draw(st.sampled_from(_DISEASES[species])),
                        draw(st.integers(1, 60)))


def _hidden(verdict: garantie.Verdict) -> garantie.verdict.Basis:
    return next(b for b in verdict.bases if b.basis == "hidden_defects")


@settings(max_examples=150, deadline=None)
@given(animal_cases())
def test_dog_and_cat_action_deadline_is_a_working_day_thirty_days_on(case: dict[str, Any]) -> None:
    """For a dog or a cat sold from July 1990, the Code rural decides (whatever the year), and the action deadline
    is 30 days after delivery, moved forward to the first day that is neither a Saturday, a Sunday nor a public
    holiday: never earlier than day 30, never on a non-working day, and no working day is skipped."""
    verdict = garantie.evaluate(case)
    basis = _hidden(verdict)
    assert basis.facts["regime"] == "code_rural"
    deadline = basis.dates["action_deadline"]
    assert isinstance(deadline, dt.date)
    nominal = case["purchase"]["delivery_date"] + dt.timedelta(days=30)
    assert deadline >= nominal
    assert deadline.weekday() < 5 and not is_french_public_holiday(deadline)
    day = nominal
    while day < deadline:
        assert day.weekday() >= 5 or is_french_public_holiday(day)
        day += dt.timedelta(days=1)
    if case["as_of"] > deadline:
        assert basis.status in ("time_barred", "does_not_apply")


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(2014, 10, 15), dt.date(2021, 12, 31)), st.sampled_from(["new", "used"]))
def test_no_consumer_code_presumption_for_animals_from_15_october_2014(day: dt.date, condition: str) -> None:
    """From 15 October 2014 to the end of 2021, a domestic animal sold by a professional to a consumer is under
    the legal conformity warranty but never with its presumption: the consumer bears the proof."""
    case = _animal_case(day, "dog", "canine_parvovirus", 10)
    case["purchase"]["product"]["condition"] = condition
    verdict = garantie.evaluate(case)
    assert verdict.legal_conformity.presumption_end is None
    assert verdict.legal_conformity.burden_of_proof == "consumer"


def _new_goods_in_store(delivery: dt.date) -> dict[str, Any]:
    """A professional's in-store sale of new goods delivered that day, with a serious defect the next day."""
    return {
        "purchase": {"contract_date": delivery, "delivery_date": delivery, "channel": "in_store",
                     "sale_mode": "ordinary", "seller": {"kind": "professional", "country": "FR"},
                     "buyer": {"kind": "consumer"}, "product": {"condition": "new", "nature": "goods"}},
        "defect": {"appeared_on": delivery + dt.timedelta(days=1), "known_on": delivery + dt.timedelta(days=1),
                   "severity": "serious", "cause": "unknown", "known_at_purchase": False},
    }


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(2005, 3, 1), dt.date(2021, 6, 30)), st.integers(0, 729))
def test_acknowledgement_before_the_bar_reopens_two_years(delivery: dt.date, offset: int) -> None:
    """Before 2022, an acknowledgement by the seller on any day before the two-year bar keeps the legal conformity
    action open until the day before two years have run from the acknowledgement, and it is barred after."""
    ack = delivery + dt.timedelta(days=offset)
    case = {**_new_goods_in_store(delivery), "history": [{"type": "acknowledgement", "date": ack}]}
    last = ack.replace(year=ack.year + 2) if (ack.month, ack.day) != (2, 29) else dt.date(ack.year + 2, 2, 28)
    assert garantie.evaluate({**case, "as_of": last}).legal_conformity.status == "applies"
    assert garantie.evaluate({**case, "as_of": last + dt.timedelta(days=1)}).legal_conformity.status == "time_barred"


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(2005, 2, 19), dt.date(2021, 12, 31)), st.integers(1, 1500))
def test_two_year_bar_before_2022_never_cites_article_2224(delivery: dt.date, later: int) -> None:
    """For a contract before 2022 the legal conformity action is barred two years after delivery under the
    consumer code (L211-12, then L217-12): no reason of the legal warranty cites C. civ. 2224 (review WC-3)."""
    case = {**_new_goods_in_store(delivery), "history": [], "as_of": delivery + dt.timedelta(days=later)}
    verdict = garantie.evaluate(case)
    cited = {c.article for r in verdict.legal_conformity.reasons for c in r.citations}
    assert "2224" not in cited
    assert cited & {"L211-12", "L217-12"}
