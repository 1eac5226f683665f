"""Malformed input raises one documented error that keeps every field path and says what is accepted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import garantie


def base() -> dict[str, Any]:
    return {
        "purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-12", "sale_mode": "ordinary",
                     "seller": {"kind": "professional"}, "buyer": {"kind": "consumer"},
                     "product": {"condition": "new", "nature": "goods"}},
        "defect": {"appeared_on": "2024-09-15", "known_on": "2024-09-15", "cause": "unknown",
                   "accepted_deviation": False},
        "as_of": "2024-10-01",
    }


def errors_of(case: dict[str, Any]) -> garantie.InputError:
    with pytest.raises(garantie.InputError) as raised:
        garantie.evaluate(case)
    return raised.value


def test_unknown_enum_value_names_field_and_accepted_values() -> None:
    case = base()
    case["purchase"]["product"]["condition"] = "second-hand"
    error = errors_of(case)
    assert error.paths == ["purchase.product.condition"]
    assert "'new', 'used' or 'refurbished'" in str(error)
    assert error.validation_error is not None  # Pydantic's error is kept


def test_several_problems_are_all_reported() -> None:
    case = base()
    case["purchase"]["price"] = "cheap"
    case["defect"]["severity"] = "huge"
    case["history"] = [{"type": "claim", "date": "not a date"}]
    assert sorted(errors_of(case).paths) == ["defect.severity", "history[0].date", "purchase.price"]


def test_unknown_key_lists_accepted_fields() -> None:
    case = base()
    case["purchase"]["seller"]["siret"] = "123"
    error = errors_of(case)
    assert error.paths == ["purchase.seller.siret"]
    assert "accepted fields here: country, kind, name, targets_france" in str(error)


def test_unknown_event_type_is_rejected() -> None:
    case = base()
    case["history"] = [{"type": "phoned_the_seller", "date": "2024-09-20"}]
    error = errors_of(case)
    assert error.paths == ["history[0]"]
    assert "claim" in str(error)


@pytest.mark.parametrize(("path", "value", "field"), [
    (("purchase", "delivery_date"), "2024-03-01", "purchase.delivery_date"),
    (("as_of",), "2024-01-01", "as_of"),
    (("defect", "appeared_on"), "2025-01-01", "defect.appeared_on"),
])
def test_dates_out_of_order(path: tuple[str, ...], value: str, field: str) -> None:
    case = base()
    target = case
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    error = errors_of(case)
    assert field in error.paths
    assert "accepted" in str(error)


def test_event_after_as_of_is_rejected() -> None:
    case = base()
    case["history"] = [{"type": "claim", "date": "2024-12-01", "remedy": "repair"}]
    assert errors_of(case).paths == ["history[0].date"]


def test_case_must_be_a_mapping() -> None:
    with pytest.raises(garantie.InputError):
        garantie.evaluate(["not", "a", "case"])  # type: ignore[arg-type]


def test_missing_as_of_uses_today_argument() -> None:
    case = base()
    del case["as_of"]
    verdict = garantie.evaluate(case, today=dt.date(2024, 10, 2))
    assert verdict.as_of == dt.date(2024, 10, 2)


def test_models_are_immutable() -> None:
    case = garantie.parse_case(base())
    with pytest.raises(Exception, match="frozen"):
        case.purchase.contract_date = dt.date(2020, 1, 1)  # type: ignore[misc]
