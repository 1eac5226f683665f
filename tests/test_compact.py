"""Decision first, texts when read: compact JSON by default, sentences rendered on first read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from casefiles import load_cases

import garantie
from garantie._yaml import load_case_yaml

CASES = [c for c in load_cases() if c.expect is not None and c.known_bug is None]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "smartphone.yaml"


@pytest.mark.parametrize("case", CASES[::7], ids=lambda c: c.id)
def test_both_json_forms_read_back(case: Any) -> None:
    """Property: the compact and the full JSON both read back to an equal verdict, and dump again the same."""
    verdict = garantie.evaluate(case.input, today=dt.date(2026, 11, 22))
    compact, full = verdict.model_dump_json(), verdict.model_dump_json(include_texts=True)
    again = garantie.Verdict.model_validate_json(compact)
    assert again == verdict and again.model_dump_json() == compact
    with_texts = garantie.Verdict.model_validate_json(full)
    assert with_texts == verdict and with_texts.model_dump_json(include_texts=True) == full
    assert with_texts.explain("fr") == verdict.explain("fr")
    assert '"fr"' not in compact.replace('"fr":', "") or "Question" in compact  # no reason sentence in it
    assert all("fr" not in r for r in json.loads(compact)["reasons"])


def test_texts_are_rendered_only_when_read() -> None:
    verdict = garantie.evaluate(load_case_yaml(EXAMPLE))
    reason = verdict.reasons[0]
    assert callable(reason.__dict__["_texts"])  # nothing rendered yet
    assert reason.fr and reason.en and reason.text("fr") == reason.fr
    assert isinstance(reason.__dict__["_texts"], dict)  # rendered once, kept
    assert "Au " in verdict.explain("fr") or verdict.explain("fr")


def test_compact_json_is_much_smaller_and_as_of_free_in_its_reasons() -> None:
    verdict = garantie.evaluate(load_case_yaml(EXAMPLE))
    compact, full = verdict.model_dump_json(), verdict.model_dump_json(include_texts=True)
    assert len(compact) * 4 < len(full)
    # A case whose decision holds for more than a day (the escalation path's own dates, e.g. the court claim's
    # filing date read as of today, move daily wherever it is computed: there valid_until is as_of + 1).
    first = next(c for c in CASES if c.name.startswith("contract on 2016-03-18"))
    today = garantie.evaluate(first.input)
    assert today.valid_until is not None and (today.valid_until - today.as_of).days > 1
    tomorrow = garantie.evaluate({**first.input, "as_of": (today.as_of + dt.timedelta(days=1)).isoformat()})
    # The next day, nothing but as_of and valid_until differs: no sentence quotes as_of in the compact JSON.
    one, two = json.loads(today.model_dump_json()), json.loads(tomorrow.model_dump_json())
    assert {k for k in one if one[k] != two[k]} == {"as_of"}


def test_a_verdict_read_from_compact_json_says_its_texts_are_gone() -> None:
    verdict = garantie.evaluate(load_case_yaml(EXAMPLE))
    again = garantie.Verdict.model_validate_json(verdict.model_dump_json())
    with pytest.raises(AttributeError, match="include_texts=True"):
        _ = again.reasons[0].fr


def test_reasons_outside_the_verdicts_reasons_survive_compact_json() -> None:
    """The seller-policy topic's reasons are not in verdict.reasons: the compact form keeps them in full."""
    case = load_case_yaml(EXAMPLE)
    case = dict(case.get("case", case))
    case["purchase"] = {**case["purchase"], "seller_policy_text": (EXAMPLE.parent / "policy_boutique.txt").read_text()}
    verdict = garantie.evaluate(case)
    policy = next(t for t in verdict.topics if t.topic == "seller_policy")
    assert policy.reasons and not {r.rule_id for r in policy.reasons} & {r.rule_id for r in verdict.reasons}
    assert garantie.Verdict.model_validate_json(verdict.model_dump_json()) == verdict
    with_texts = garantie.Verdict.model_validate_json(verdict.model_dump_json(include_texts=True))
    assert [r.fr for r in next(t for t in with_texts.topics if t.topic == "seller_policy").reasons] == [
        r.fr for r in policy.reasons]
