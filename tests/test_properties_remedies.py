"""Properties of the remedy ladder over generated cases (strategies in tests/strategies.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import remedy_cases

import garantie

SETTINGS = settings(max_examples=60, deadline=None)
FROM_2022 = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 6, 30))


def statuses(case: dict[str, Any]) -> dict[str, str]:
    return {r.remedy: r.status for r in garantie.evaluate(case).remedies}


@SETTINGS
@given(remedy_cases(severity=st.just("minor")))
def test_no_termination_for_a_minor_defect(case: dict[str, Any]) -> None:
    """Termination is never available when the defect is minor (L217-14 al. 3; L211-10)."""
    assert statuses(case)["termination"] != "available"


def _has_l217_14_ground(case: dict[str, Any]) -> bool:
    """Whether the history shows one of the L217-14 cases, judged directly from the events."""
    events = case["history"]
    if case["defect"]["severity"] == "serious":
        return True
    refused = {e["refused"] for e in events if e["type"] == "refusal"}
    if "any_conformity" in refused or {"repair", "replacement"} <= refused:
        return True
    if any(e["type"] == "major_inconvenience" for e in events):
        return True
    if any(e["type"] == "costs_borne" and e["cost"] in ("removal", "installation") and e["definitive"]
           for e in events):
        return True
    if any(e["type"] in ("repair_returned", "replacement_delivered") and e["defect_persists"] for e in events):
        return True
    claims = [e for e in events if e["type"] == "claim"]
    if claims:
        latest = max(claims, key=lambda e: e["date"])["date"]
        deadline = latest + dt.timedelta(days=30)
        done = sorted(e["date"] for e in events if e["type"] in ("repair_returned", "replacement_delivered")
                      and e["date"] >= latest and not e["defect_persists"])
        if (done and done[0] > deadline) or (not done and case["as_of"] > deadline):
            return True
    return False


@SETTINGS
@given(remedy_cases(contract=FROM_2022))
def test_no_price_reduction_or_termination_without_a_ground(case: dict[str, Any]) -> None:
    """Under the 2022 rules, price reduction and termination are never available without an L217-14 case."""
    found = statuses(case)
    if not _has_l217_14_ground(case):
        assert found["price_reduction"] != "available"
        assert found["termination"] != "available"


@SETTINGS
@given(remedy_cases())
def test_a_later_failed_repair_never_closes_a_remedy(case: dict[str, Any]) -> None:
    """Adding a later failed legal-warranty repair never closes a remedy that was open."""
    before = statuses(case)
    # dated as_of, after every event; as_of itself is kept so only the new event differs
    failed = {"type": "repair_returned", "date": case["as_of"], "warranty": "legal_conformity",
              "defect_persists": True}
    after = statuses({**case, "history": [*case["history"], failed]})
    for remedy, status in before.items():
        if status == "available":
            assert after[remedy] == "available", (remedy, before, after)


@SETTINGS
@given(remedy_cases())
def test_every_remedy_status_cites_an_article(case: dict[str, Any]) -> None:
    """Every settled remedy status rests on at least one reason, and each of its reasons cites an article."""
    for remedy in garantie.evaluate(case).remedies:
        if remedy.status != "undetermined":
            status_reasons = [r for r in remedy.reasons if r.conclusion.endswith(".status")]
            assert status_reasons, remedy.remedy
            assert all(r.citations for r in status_reasons), remedy.remedy


# --- no L241-4 on a legal-warranty refund (issue 7, review WO-7) ----------------------------------

_RULES = garantie.load_rules()
_REFUND_ROOTS = ("remedy.termination.refund_due", "remedy.refunds.termination_days_late",
                 "remedy.refunds.termination_interest", "remedy.recommended")


@st.composite
def terminated_cases(draw: st.DrawFn) -> dict[str, Any]:
    """A B2C sale whose buyer claimed a remedy, then notified termination, maybe returned the goods and
    maybe got the price back (early or late), under either regime."""
    case = draw(remedy_cases(severity=st.sampled_from(["ordinary", "serious"])))
    start = max([case["defect"]["appeared_on"], *(e["date"] for e in case["history"])])
    claim = start + dt.timedelta(days=draw(st.integers(0, 20)))
    notice = claim + dt.timedelta(days=draw(st.integers(0, 60)))
    history = [*case["history"],
               {"type": "claim", "date": claim, "remedy": draw(st.sampled_from(["repair", "replacement"])),
                "in_writing": draw(st.booleans()), "warranty": "legal_conformity"},
               {"type": "termination_notified", "date": notice}]
    last = notice
    if draw(st.booleans()):
        last = notice + dt.timedelta(days=draw(st.integers(0, 20)))
        history.append({"type": "goods_returned", "date": last})
        if draw(st.booleans()):
            last = last + dt.timedelta(days=draw(st.integers(0, 90)))
            history.append({"type": "refund_paid", "date": last, "reason": "termination"})
    return {**case, "history": history, "as_of": last + dt.timedelta(days=draw(st.integers(0, 90)))}


def _mentions_l241_4(rule_id: str) -> list[str]:
    """What in one rule (citations, parameters and their citations, texts) points to L241-4."""
    rule = _RULES.rule(rule_id)
    found = [c for c in rule.citations if _RULES.citations[c].article == "L241-4"]
    for name in rule.params:
        for value in _RULES.parameters[name].values:
            found += [f"{name}: {c}" for c in value.citations if _RULES.citations[c].article == "L241-4"]
    texts = [rule.explain.fr, rule.explain.en, *((rule.caveat.fr, rule.caveat.en) if rule.caveat else ())]
    found += [f"{rule_id} text" for text in texts if "241-4" in text]
    return found


@SETTINGS
@given(terminated_cases())
def test_no_l241_4_reachable_from_a_legal_warranty_refund(case: dict[str, Any]) -> None:
    """No L241-4 text, citation or parameter is reachable from a legal-warranty refund: walking every rule
    that decided the price refund, its delay, its interest or the next step, and every rule those read,
    none cites L241-4, uses a parameter citing it, or names it in its texts (L241-4 covers only the
    refund after non-delivery, L216-7); and the refund topic holds no surcharge."""
    verdict = garantie.evaluate(case)
    decided: dict[str, list[str]] = {}
    for step in verdict.trace:
        if step.outcome == "retained":
            decided.setdefault(step.conclusion, []).append(step.rule_id)
    seen: set[str] = set()
    stack = [key for key in _REFUND_ROOTS if key in decided]
    while stack:
        key = stack.pop()
        for rule_id in decided.get(key, []):
            if rule_id not in seen:
                seen.add(rule_id)
                stack += [k for k in _RULES.rule(rule_id).depends_on if k in decided]
    refund_steps = {"remedy.recommended.claim_refund", "remedy.recommended.claim_refund_before_2022",
                    "remedy.recommended.refund_received"}
    assert refund_steps & seen or verdict.legal_conformity.status != "applies", seen  # the walk is not empty
    for rule_id in seen:
        assert not _mentions_l241_4(rule_id), (rule_id, _mentions_l241_4(rule_id))
    refunds = next(t for t in verdict.topics if t.topic == "remedy.refunds")
    assert not [k for k in refunds.conclusions if "surcharge" in k and "postage" not in k], refunds.conclusions
