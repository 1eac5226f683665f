"""docs/cases.md (issue 14): generated from the models and current; its three stories run and pass; the
'accepted fields here' hint works inside history events; an event without type gets plain words."""

from __future__ import annotations

from pathlib import Path

import pytest

import garantie
from garantie._casedoc import cases_markdown
from garantie.testing import check_case, load_cases

ROOT = Path(__file__).resolve().parents[1]
BASE = {"purchase": {"contract_date": "2024-03-10"}, "as_of": "2024-05-01"}


def test_cases_md_is_current() -> None:
    text = (ROOT / "docs" / "cases.md").read_text(encoding="utf-8")
    assert text == cases_markdown(), "regenerate: python -m garantie._casedoc > docs/cases.md"


def test_every_field_and_event_type_is_documented() -> None:
    text = cases_markdown()
    for model in (garantie.Purchase, garantie.Seller, garantie.Buyer, garantie.Product, garantie.Defect,
                  garantie.CommercialWarranty):
        for name in model.model_fields:
            assert f"`{name}: " in text or f".{name}`" in text, name
    for event in ("claim", "refusal", "handed_over", "repair_returned", "withdrawal_notified", "formal_notice"):
        assert f"### `{event}`" in text and f"`- {{type: {event}, date: " in text


def test_the_three_stories_pass() -> None:
    cases = load_cases(ROOT / "examples" / "stories")
    assert len(cases) == 3
    for case in cases:
        result = check_case(case)
        assert result.outcome == "passed", result.failures


def test_accepted_fields_hint_inside_history_events() -> None:
    with pytest.raises(garantie.InputError) as raised:
        garantie.evaluate({**BASE, "history": [{"type": "refusal", "date": "2024-04-01", "refused": "repair",
                                                 "reason": "x"}]})
    (issue,) = raised.value.issues
    assert issue.location == "history[0].reason"
    assert issue.message.endswith("accepted fields here: date, ground, reasoned_in_writing, refused, type")


def test_event_without_type_gets_plain_words() -> None:
    with pytest.raises(garantie.InputError) as raised:
        garantie.evaluate({**BASE, "history": [{"date": "2024-04-01", "refused": "repair"}]})
    (issue,) = raised.value.issues
    assert issue.location == "history[0]"
    assert issue.message.startswith("this event has no 'type': say what happened, e.g. 'type: claim'")
    assert "discriminator" not in issue.message.lower() and "tag" not in issue.message.lower()
    assert issue.text("fr").startswith("cet événement n'a pas de « type »")
