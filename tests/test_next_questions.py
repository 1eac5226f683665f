"""Issue 13: typed questions with labelled choices, dependencies and a ranked ``next_questions``."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import garantie
from garantie import RuleSet, RuleSetError
from garantie._ask import with_implied
from garantie._expr import Unknown
from garantie._facts import FACT_TYPES, build_facts
from garantie.case import parse_case
from garantie.errors import InputError
from garantie.ruleset import default_rules_dir
from garantie.verdict import AskedQuestion, Verdict

RULES = garantie.load_rules()
MINIMAL = {"purchase": {"contract_date": "2024-03-10"}, "as_of": "2024-11-20"}
FULL: dict[str, Any] = {
    "purchase": {"contract_date": "2024-03-10", "delivered": True, "delivery_date": "2024-03-12", "price": 799.0,
                 "channel": "distance", "withdrawal_information": "before_contract", "sale_mode": "ordinary",
                 "seller": {"kind": "professional", "country": "FR", "targets_france": True},
                 "buyer": {"kind": "consumer"}, "product": {"condition": "new", "nature": "goods"}},
    "defect": {"appeared_on": "2024-09-15", "known_on": "2024-09-15", "severity": "ordinary", "cause": "unknown",
               "accepted_deviation": False},
    "as_of": "2024-11-20",
}
# Leaves of FULL a partial case may leave out (contract_date and as_of always stay).
LEAVES = [("purchase", "delivered"), ("purchase", "delivery_date"), ("purchase", "channel"),
          ("purchase", "sale_mode"), ("purchase", "seller", "kind"), ("purchase", "buyer", "kind"),
          ("purchase", "product", "condition"), ("purchase", "product", "nature"), ("defect", "appeared_on"),
          ("defect", "known_on"), ("defect", "severity"), ("purchase", "withdrawal_information")]


@st.composite
def partial_cases(draw: st.DrawFn) -> dict[str, Any]:
    """FULL with some facts left unknown, sometimes no defect, sometimes goods never delivered, sometimes an
    animal or an auction: the shapes the issue's examples come from."""
    case = copy.deepcopy(FULL)
    for path in draw(st.sets(st.sampled_from(LEAVES), max_size=len(LEAVES))):
        node = case
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]
    twist = draw(st.sampled_from(["none", "no_defect", "not_delivered", "animal", "auction"]))
    if twist == "no_defect":
        del case["defect"]
    elif twist == "not_delivered":
        case["purchase"]["delivered"] = False
        case["purchase"].pop("delivery_date", None)
        case["defect"] = {}
    elif twist == "animal":
        case["purchase"]["product"]["nature"] = "domestic_animal"
    elif twist == "auction":
        case["purchase"]["sale_mode"] = "public_auction"
    return case


def _open(verdict: Verdict) -> int:
    """Open statuses: the legal warranty's and each basis's that are still undetermined."""
    statuses = [verdict.legal_conformity.status, *(basis.status for basis in verdict.bases)]
    return sum(status == "undetermined" for status in statuses)


def _fingerprint(verdict: Verdict) -> Any:
    return (verdict.status, verdict.legal_conformity.model_dump(exclude={"reasons", "questions"}),
            [(r.remedy, r.status, r.dates) for r in verdict.remedies],
            [(b.basis, b.status, b.dates, b.facts) for b in verdict.bases],
            [(s.model_dump(exclude={"fr", "en", "title"})) for s in verdict.next_steps])


def _with(case: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(case)
    node = out
    parts = path.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value
    return out


def _candidates(question: AskedQuestion, case: dict[str, Any]) -> list[Any]:
    if question.type == "bool":
        return [True, False]
    if question.type == "enum":
        return [choice.value for choice in question.choices]
    if question.type == "date":
        contract = dt.date.fromisoformat(case["purchase"]["contract_date"])
        as_of = dt.date.fromisoformat(case["as_of"])
        return [contract + dt.timedelta(days=days) for days in range(0, (as_of - contract).days + 1, 10)] + [as_of]
    return [0, 1, 3, 6, 12, 24, 36, 100, 300, 1000, 5000, 10_000]


def _answers(question: AskedQuestion, case: dict[str, Any]) -> list[Verdict]:
    out = []
    for value in _candidates(question, case):
        try:
            out.append(garantie.evaluate(_with(case, question.path, value), rules=RULES))
        except InputError:
            continue  # e.g. a date before the contract: not an answer a person can give
    return out


def _fillings(verdict: Verdict, question: AskedQuestion, case: dict[str, Any]) -> list[dict[str, Any]]:
    """The case as is, then with the other open facts the question's conclusions wait for all set to their
    first, middle or last candidate (a defect's date is useless until its other date is known)."""
    partners = [(q, _candidates(q, case)) for q in verdict.to_ask
                if q.path != question.path and set(q.needed_for) & set(question.needed_for)]
    out = [case]
    for pick in (0, -1, None):
        filled = case
        for other, values in partners:
            if values:
                filled = _with(filled, other.path, values[len(values) // 2 if pick is None else pick])
        out.append(filled)
    return out


def test_minimal_case_asks_at_most_three_typed_questions() -> None:
    verdict = garantie.evaluate(MINIMAL, rules=RULES)
    asked = verdict.next_questions()
    assert 1 <= len(asked) <= 3
    assert len(verdict.next_questions(limit=1)) == 1
    assert [q.path for q in asked] == ["purchase.delivered", "purchase.buyer.kind", "purchase.seller.kind"]
    assert all(q.settles > 0 for q in asked)
    assert all("Garantie légale de conformité" in (q.required_for_fr or "") for q in asked)  # in words
    assert "Legal conformity warranty; Right of withdrawal" in (asked[1].required_for_en or "")
    assert not any(q.path.startswith("defect.animal") or q.path == "purchase.auction_open_to_in_person_attendance"
                   for q in verdict.to_ask), "a question asked before the one it depends on"


def test_enum_choices_carry_labels_and_never_an_identifier() -> None:
    """Every enum fact a question asks for labels each of its values (the loader enforces it too)."""
    for key, doc in RULES.questions.items():
        kind = FACT_TYPES.get(key)
        if kind is not None and kind.kind == "enum":
            assert doc.choices is not None and set(doc.choices) == set(kind.values), key
            for value, label in doc.choices.items():
                assert "_" not in label.fr and "_" not in label.en, (key, value)


def test_loader_rejects_a_missing_label(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), root)
    path = root / "rules" / "questions.yaml" if (root / "rules").exists() else root / "questions.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.strip().startswith("alleged_misuse:"))
    path.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    with pytest.raises(RuleSetError, match="alleged_misuse"):
        RuleSet(root)


def test_loader_rejects_a_dependency_on_a_value_the_fact_cannot_take(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), root)
    path = root / "questions.yaml"
    text = path.read_text(encoding="utf-8")
    # (the auction's dependency is now derived from the rules: a declared one is spoilt instead)
    assert "purchase.delivered: [true]" in text
    path.write_text(text.replace("purchase.delivered: [true]", "purchase.delivered: [sometimes]"), encoding="utf-8")
    with pytest.raises(RuleSetError, match="depends_on"):
        RuleSet(root)


def test_never_delivered_order_is_not_asked_about_a_defect() -> None:
    case = {"purchase": {"contract_date": "2024-03-10", "delivered": False, "channel": "distance"},
            "defect": {}, "as_of": "2024-11-20"}
    asked = [q.path for q in garantie.evaluate(case, rules=RULES).to_ask]
    assert not any(path in asked for path in ("defect.appeared_on", "defect.known_on", "defect.discovered_on",
                                                "purchase.delivery_date"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_cases())
def test_no_asked_question_waits_for_an_unanswered_one(case: dict[str, Any]) -> None:
    """Every question in to_ask has each of its depends_on facts known, with a value it lists; so a
    never-delivered order is never asked a defect's dates, nor goods that are not an animal its diseases."""
    verdict = garantie.evaluate(case, rules=RULES)
    facts = with_implied(build_facts(parse_case(case)))
    for question in verdict.to_ask:
        doc = RULES.questions.get(question.path)
        for dep, values in ((doc.depends_on or {}) if doc else {}).items():
            assert not isinstance(facts[dep], Unknown) and facts[dep] in values, (question.path, dep)
        if facts["purchase.delivered"] is False:
            assert question.path not in ("defect.appeared_on", "defect.known_on")
        if facts["purchase.product.nature"] != "domestic_animal":
            assert not question.path.startswith("defect.animal")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_cases())
def test_a_next_question_can_change_the_verdict(case: dict[str, Any]) -> None:
    """For each question next_questions() returns, some answer it accepts gives a different verdict (a
    status, a remedy, a date or a next step) than another answer, the other open facts the same conclusions
    wait for being filled alike."""
    verdict = garantie.evaluate(case, rules=RULES)
    for question in verdict.next_questions():
        assert any(len({repr(_fingerprint(answered)) for answered in _answers(question, filled)}) > 1
                   for filled in _fillings(verdict, question, case)), question.path


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_cases())
def test_answering_the_first_question_never_opens_more_statuses(case: dict[str, Any]) -> None:
    """Whatever valid answer is given to the first of next_questions(), the number of undetermined statuses
    (legal warranty and bases) does not grow."""
    verdict = garantie.evaluate(case, rules=RULES)
    asked = verdict.next_questions(limit=1)
    if not asked:
        return
    for answered in _answers(asked[0], case):
        assert _open(answered) <= _open(verdict), asked[0].path


def test_either_way_sofa_never_delivered_notice_expired() -> None:
    """Issue 13 "either way": the sofa never delivered, the formal notice's extra time has run out, and
    whether the delivery date was essential is unknown: termination is immediate or open after the notice,
    the same right, so the verdict says "whichever applies", keeps could_be and does not ask the question."""
    case = {"purchase": {"contract_date": "2025-01-13", "delivered": False, "delivery_date_indicated": False,
                         "carrier_chosen_by_consumer": False, "price": 600, "channel": "distance",
                         "withdrawal_information": "before_contract", "seller": {"kind": "professional"},
                         "buyer": {"kind": "consumer"},
                         "product": {"condition": "new", "nature": "goods", "withdrawal_exception": "none"}},
            "history": [{"type": "formal_notice", "date": "2025-02-14", "subject": "delivery",
                         "deadline": "2025-02-28"}],
            "as_of": "2025-03-10"}
    verdict = garantie.evaluate(case, rules=RULES)
    assert [(e.conclusion, e.could_be) for e in verdict.either_way] == [
        ("delivery.termination_right", ("immediate", "open_after_notice"))]
    assert "quel que soit le cas applicable" in verdict.explain("fr")
    assert "whichever applies" in verdict.explain("en")
    assert "purchase.delivery_date_essential" not in [q.path for q in verdict.next_questions()]
    assert not any(q.path.startswith("defect.") for q in verdict.to_ask)
    # Before the notice's extra time runs out, the two values differ (notice first vs immediate): asked.
    earlier = garantie.evaluate({**case, "as_of": "2025-02-20"}, rules=RULES)
    assert earlier.either_way == ()


def test_either_way_withdrawal_in_time_whichever_end_applies() -> None:
    """Issue 13 "either way", the withdrawal example: information given late on a date the consumer does not
    know, withdrawal notified within the initial period; the last day is the end of the 12-month extension or
    14 days after the information, and the withdrawal is in time under both: the right is stated (FR/EN), the
    status counts as settled, could_be is kept."""
    case = {"purchase": {"contract_date": "2025-03-01", "delivery_date": "2025-03-05", "channel": "distance",
                         "withdrawal_information": "later", "seller": {"kind": "professional"},
                         "buyer": {"kind": "consumer"}, "product": {"withdrawal_exception": "none"}},
            "history": [{"type": "withdrawal_notified", "date": "2025-03-12"}], "as_of": "2025-04-10"}
    verdict = garantie.evaluate(case, rules=RULES)
    (withdrawal,) = [b for b in verdict.bases if b.basis == "withdrawal"]
    assert withdrawal.status == "applies" and verdict.status == "actionable"
    assert [(e.conclusion, e.could_be) for e in verdict.either_way] == [
        ("withdrawal.period_outcome", ("in_time_after_information", "in_time_extended"))]
    assert "Votre rétractation est dans le délai quel que soit le cas applicable :" in verdict.explain("fr")
    assert "Your withdrawal is in time whichever applies:" in verdict.explain("en")
    assert any(c.article == "L221-20" for r in verdict.reasons for c in r.citations
               if r.rule_id == "withdrawal.timing.notified_within_initial_period")
