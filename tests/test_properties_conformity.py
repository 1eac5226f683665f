"""Properties of the legal conformity warranty verdict over generated valid cases.

Each test states its property in its docstring. Cases come from tests/strategies.py;
every fact the rules read is known there, so conclusions are settled.
"""

from __future__ import annotations

import copy
import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import cases, cases_with_unknowns

import garantie
from garantie import Verdict

RULES = garantie.load_rules()
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# How much a status gives the consumer: a warranty that applies beats one that is
# time-barred or does not apply (both leave nothing to enforce under this basis).
STATUS_RANK = {"applies": 1, "time_barred": 0, "does_not_apply": 0}


def _evaluate(case: dict[str, Any]) -> Verdict:
    return garantie.evaluate(case, rules=RULES)


def _governs(citation_id: str, contract: dt.date) -> bool:
    period = RULES.citations[citation_id].governs_contracts
    after_start = period.start is None or period.start <= contract
    return after_start and (period.end is None or contract <= period.end)


@SETTINGS
@given(cases())
def test_same_case_same_verdict(case: dict[str, Any]) -> None:
    """Determinism: evaluating the same case twice gives verdicts with equal JSON."""
    first = _evaluate(copy.deepcopy(case))
    second = _evaluate(copy.deepcopy(case))
    assert first.model_dump_json() == second.model_dump_json()


@SETTINGS
@given(cases())
def test_every_reason_cites_a_governing_version(case: dict[str, Any]) -> None:
    """Every reason (each settled conclusion, i.e. anything but undetermined) cites at
    least one article version whose ``governs_contracts`` period contains the contract
    date — never only a version that did not govern this contract."""
    verdict = _evaluate(case)
    contract = case["purchase"]["contract_date"]
    for reason in verdict.reasons:
        assert reason.citations, f"{reason.rule_id} cites nothing"
        governing = [c.id for c in reason.citations if _governs(c.id, contract)]
        assert governing, f"{reason.rule_id}: none of {[c.id for c in reason.citations]} governs {contract}"


@SETTINGS
@given(cases())
def test_article_numbering_follows_the_contract_date(case: dict[str, Any]) -> None:
    """The Code de la consommation was renumbered L211-x -> L217-x on 1 July 2016, and
    rewritten for contracts from 1 January 2022: a contract before 1 July 2016 never cites
    an L217 article and a contract from 1 July 2016 never cites an L211 article."""
    verdict = _evaluate(case)
    contract = case["purchase"]["contract_date"]
    articles = {c.article for r in verdict.reasons for c in r.citations}
    if contract < dt.date(2016, 7, 1):
        assert not {a for a in articles if a.startswith("L217")}
    else:
        assert not {a for a in articles if a.startswith("L211")}


@SETTINGS
@given(cases(), st.data())
def test_later_defect_never_gives_more(case: dict[str, Any], data: st.DataObject) -> None:
    """Moving defect.appeared_on later, all else equal (still on or before as_of), never
    grants more rights: the status never rises from time_barred/does_not_apply to
    applies, and the burden of proof never moves from the consumer to the seller.
    (Undetermined statuses are not compared.)"""
    appeared: dt.date = case["defect"]["appeared_on"]
    later_by = data.draw(st.integers(1, max(1, (case["as_of"] - appeared).days)), label="later_by")
    later = copy.deepcopy(case)
    later["defect"]["appeared_on"] = min(appeared + dt.timedelta(days=later_by), case["as_of"])
    before, after = _evaluate(case).legal_conformity, _evaluate(later).legal_conformity
    if "undetermined" not in (before.status, after.status):
        assert STATUS_RANK[after.status] <= STATUS_RANK[before.status], (before.status, after.status)
    assert not (before.burden_of_proof == "consumer" and after.burden_of_proof == "seller")


@SETTINGS
@given(cases())
def test_used_goods_never_presumed_longer_than_new(case: dict[str, Any]) -> None:
    """The same good sold used (or refurbished) never gets a longer presumption of
    anteriority than sold new, in every regime."""
    new, used = copy.deepcopy(case), copy.deepcopy(case)
    new["purchase"]["product"]["condition"] = "new"
    used["purchase"]["product"]["condition"] = case["purchase"]["product"]["condition"] \
        if case["purchase"]["product"]["condition"] != "new" else "used"
    new_end = _evaluate(new).legal_conformity.presumption_end
    used_end = _evaluate(used).legal_conformity.presumption_end
    if new_end is None:  # no presumption at all (contract before the GLC)
        assert used_end is None
    else:
        assert used_end is not None and used_end <= new_end


@SETTINGS
@given(cases())
def test_verdict_round_trips_through_json(case: dict[str, Any]) -> None:
    """The verdict survives JSON: Verdict.model_validate_json(v.model_dump_json()) == v."""
    verdict = _evaluate(case)
    assert Verdict.model_validate_json(verdict.model_dump_json()) == verdict


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cases(), min_size=4, max_size=12))
def test_threads_give_the_sequential_verdicts(batch: list[dict[str, Any]]) -> None:
    """evaluate() called from several threads at once returns, case by case, the same
    verdicts as called sequentially (no shared mutable state between evaluations)."""
    sequential = [_evaluate(copy.deepcopy(c)).model_dump_json() for c in batch]
    with ThreadPoolExecutor(max_workers=6) as pool:
        threaded = list(pool.map(lambda c: _evaluate(copy.deepcopy(c)).model_dump_json(), batch * 3))
    assert threaded == sequential * 3


@settings(max_examples=60, deadline=None)
@given(cases_with_unknowns())
def test_unknown_facts_become_questions_never_guesses(case: dict[str, Any]) -> None:
    """With facts left unknown, evaluation never fails; an undetermined legal-conformity status that
    could still be 'applies' comes with the questions that would settle it (or 'no rule applies');
    one that could only be 'does not apply' or 'time-barred' asks nothing."""
    verdict = garantie.evaluate(case)
    glc = verdict.legal_conformity
    if glc.status == "undetermined":
        assert glc.undetermined_reason in ("missing_facts", "no_rule_applies")
        asked = [q for q in verdict.questions if "glc.status" in q.needed_for]
        if glc.undetermined_reason == "missing_facts" and "applies" in glc.could_be:
            assert asked
        if "applies" not in glc.could_be:
            assert not asked
            assert all("glc.status" in q.needed_for or q.needed_for for q in verdict.questions)
    for question in verdict.questions:
        assert question.fr and question.en
