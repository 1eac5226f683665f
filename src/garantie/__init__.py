"""garantie: what a consumer in France is legally owed when something bought goes wrong.

>>> import garantie
>>> verdict = garantie.evaluate({
...     "purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-12",
...                  "channel": "distance", "sale_mode": "ordinary",
...                  "seller": {"kind": "professional", "country": "FR"},
...                  "buyer": {"kind": "consumer"},
...                  "product": {"condition": "new", "nature": "goods"}},
...     "defect": {"appeared_on": "2024-09-15", "known_on": "2024-09-15", "severity": "ordinary",
...                "cause": "unknown", "accepted_deviation": False},
...     "as_of": "2024-10-01"})
>>> verdict.legal_conformity.status, verdict.legal_conformity.liability.end
('applies', datetime.date(2026, 3, 12))
>>> verdict.legal_conformity.burden_of_proof
'seller'
"""

from typing import TYPE_CHECKING, Any

from garantie._startup import gc_paused

with gc_paused():  # the models and the engine: long-lived objects only
    from garantie._evaluate import evaluate
    from garantie.case import Case, parse_case
    from garantie.commercial import CommercialWarranty
    from garantie.defect import Defect
    from garantie.errors import (
        EngineError,
        EvaluationError,
        GarantieError,
        InputError,
        InputIssue,
        LetterError,
        RuleConflictError,
        RuleSetError,
    )
    from garantie.history import Event
    from garantie.parties import Parties
    from garantie.purchase import Buyer, Product, Purchase, Seller
    from garantie.repair_service import RepairService
    from garantie.ruleset import RuleSet, load_rules
    from garantie.verdict import SCHEMA_VERSION, Assumption, Verdict

if TYPE_CHECKING:  # what mypy sees; at run time these come from __getattr__ below, on first use
    from garantie._version import __version__
    from garantie.batch import evaluate_many
    from garantie.letters import Letter, letter
    from garantie.policy import PolicyInputError, PolicyReport, check_policy

# Capabilities a verdict does not need are imported on first use (PEP 562): letters bring Jinja2,
# the policy check PyYAML and its own models, the batch runner concurrent.futures. ``import garantie``
# then costs the engine and its models only.
_LAZY = {
    "__version__": "garantie._version",
    "evaluate_many": "garantie.batch",
    "Letter": "garantie.letters",
    "letter": "garantie.letters",
    "PolicyInputError": "garantie.policy",
    "PolicyReport": "garantie.policy",
    "check_policy": "garantie.policy",
}


if not TYPE_CHECKING:  # hidden from mypy: a module __getattr__ would let it accept any misspelt name

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'garantie' has no attribute '{name}'")
        import importlib

        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # once imported, a plain module attribute
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *_LAZY})


__all__ = [
    "SCHEMA_VERSION",
    "Assumption",
    "Buyer",
    "Case",
    "CommercialWarranty",
    "Defect",
    "EngineError",
    "EvaluationError",
    "Event",
    "GarantieError",
    "InputError",
    "InputIssue",
    "Letter",
    "LetterError",
    "Parties",
    "PolicyInputError",
    "PolicyReport",
    "Product",
    "Purchase",
    "RepairService",
    "RuleConflictError",
    "RuleSet",
    "RuleSetError",
    "Seller",
    "Verdict",
    "__version__",
    "check_policy",
    "evaluate",
    "evaluate_many",
    "letter",
    "load_rules",
    "parse_case",
]
