"""The public API is listed once, in garantie.__all__; this pins it."""

from __future__ import annotations

import json
from pathlib import Path

import garantie
from garantie._facts import facts_markdown

PUBLIC_API = [
    "SCHEMA_VERSION", "Assumption", "Buyer", "Case", "CommercialWarranty", "Defect", "EngineError", "EvaluationError", "Event", "GarantieError", "InputError", "InputIssue",
    "Letter", "LetterError", "Parties",
    "Product", "Purchase", "RuleConflictError", "RuleSet", "RuleSetError", "Seller", "Verdict",
    "__version__", "evaluate", "evaluate_many", "letter", "load_rules", "parse_case", "PolicyInputError", "PolicyReport", "check_policy",
    "RepairService",
]


def test_public_api_is_pinned() -> None:
    assert sorted(garantie.__all__) == sorted(PUBLIC_API)
    for name in garantie.__all__:
        assert hasattr(garantie, name), name


def test_error_hierarchy() -> None:
    for error in (garantie.InputError, garantie.RuleSetError, garantie.RuleConflictError, garantie.EvaluationError, garantie.EngineError,
                  garantie.PolicyInputError, garantie.LetterError):
        assert issubclass(error, garantie.GarantieError)
    assert issubclass(garantie.InputError, ValueError)


def test_case_schema_is_exportable() -> None:
    schema = garantie.Case.model_json_schema()
    text = json.dumps(schema)
    assert "contract_date" in schema["$defs"]["Purchase"]["required"]
    for name in ("claim", "refusal", "repair_returned", "negotiation_started", "formal_notice"):
        assert f'"{name}"' in text
    assert garantie.Verdict.model_json_schema()["properties"]["schema_version"]["default"] == garantie.SCHEMA_VERSION


def test_docs_facts_table_is_current() -> None:
    path = Path(__file__).parents[1] / "docs" / "facts.md"
    assert path.read_text(encoding="utf-8") == facts_markdown(), "regenerate: python -m garantie facts -o docs/facts.md"
