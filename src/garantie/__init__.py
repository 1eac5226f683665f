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

from garantie._evaluate import evaluate
from garantie._version import __version__
from garantie.case import Case, parse_case
from garantie.commercial import CommercialWarranty
from garantie.defect import Defect
from garantie.errors import EvaluationError, GarantieError, InputError, InputIssue, RuleConflictError, RuleSetError
from garantie.history import Event
from garantie.policy import PolicyInputError, PolicyReport, check_policy
from garantie.purchase import Buyer, Product, Purchase, Seller
from garantie.ruleset import RuleSet, load_rules
from garantie.verdict import SCHEMA_VERSION, Assumption, Verdict

__all__ = [
    "SCHEMA_VERSION",
    "Assumption",
    "Buyer",
    "Case",
    "CommercialWarranty",
    "Defect",
    "EvaluationError",
    "Event",
    "GarantieError",
    "InputError",
    "InputIssue",
    "PolicyInputError",
    "PolicyReport",
    "Product",
    "Purchase",
    "RuleConflictError",
    "RuleSet",
    "RuleSetError",
    "Seller",
    "Verdict",
    "__version__",
    "check_policy",
    "evaluate",
    "load_rules",
    "parse_case",
]
