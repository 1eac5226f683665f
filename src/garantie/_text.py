"""Formatting values inside French and English texts, and filling rule templates.

>>> import datetime as dt
>>> format_value(dt.date(2024, 10, 5), "fr"), format_value(dt.date(2024, 10, 5), "en")
('5 octobre 2024', '5 October 2024')
>>> format_value(dt.date(2025, 3, 1), "fr")
'1er mars 2025'
>>> format_value(Decimal("600"), "fr"), format_value(Decimal("600"), "en")
('600,00 €', '€600.00')
>>> count(1, "day", "fr"), count(0, "day", "fr"), count(2, "day", "fr"), count(1, "day", "en"), count(0, "year", "en")
('1 jour', '0 jour', '2 jours', '1 day', '0 years')

A template's unit after a number agrees with it, and a unit after an amount is not repeated:

>>> values = {"n": "1", "m": "2", "sum": format_value(Decimal("50"), "fr")}
>>> fill("{n} jours, {m} jours, {n} mois, {sum} EUR", values.__getitem__)
'1 jour, 2 jours, 1 mois, 50,00 €'
>>> fill("+{n} days, {sum} euros", {"n": "1", "sum": "€50.00"}.__getitem__)
'+1 day, €50.00'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

__all__ = ["count", "fill", "format_value"]

_MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
# A placeholder, and the unit word a template may write right after it.
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}(?: (jours|ans|days|months|years|EUR|euros)\b)?")
# unit -> (singular, plural) in each language; French "mois" is invariable.
_UNITS = {
    "fr": {"day": ("jour", "jours"), "month": ("mois", "mois"), "year": ("an", "ans")},
    "en": {"day": ("day", "days"), "month": ("month", "months"), "year": ("year", "years")},
}
_PLURALS = {plural: (lang, unit) for lang, units in _UNITS.items() for unit, (_, plural) in units.items()}
_NUMBER = re.compile(r"^[+-]?\d+$")


def format_value(value: Any, lang: str) -> str:
    """A value as a reader expects it in ``lang``."""
    if isinstance(value, bool):
        return {"fr": ("oui", "non"), "en": ("yes", "no")}[lang][0 if value else 1]
    if isinstance(value, dt.date):
        day = "1er" if lang == "fr" and value.day == 1 else str(value.day)
        return f"{day} {_MONTHS[lang][value.month - 1]} {value.year}"
    if isinstance(value, Decimal):
        amount = f"{value:,.2f}"
        if lang == "fr":
            return amount.replace(",", "\u202f").replace(".", ",") + " €"
        return f"€{amount}"
    return str(value)


def format_amount(value: Decimal, lang: str) -> str:
    """A sum in euros, without cents when it has none: "5 000 €" / "€5,000", else as format_value.

    >>> format_amount(Decimal("5000"), "fr"), format_amount(Decimal("5000.01"), "en")
    ('5\u202f000 €', '€5,000.01')
    """
    if value != value.to_integral_value():
        return format_value(value, lang)
    amount = f"{int(value):,}"
    return amount.replace(",", "\u202f") + " €" if lang == "fr" else f"€{amount}"


def count(number: int, unit: str, lang: str) -> str:
    """``number`` and its unit (day, month, year), singular or plural as each language wants it:
    French takes the singular below 2 ("0 jour", "1 jour"), English only for one."""
    singular, plural = _UNITS[lang][unit]
    one = abs(number) < 2 if lang == "fr" else abs(number) == 1
    return f"{number} {singular if one else plural}"


def is_static(template: str) -> bool:
    """Whether ``fill`` returns ``template`` as it is, whatever the lookup (it has no placeholder)."""
    return _PLACEHOLDER.search(template) is None


def fill(template: str, lookup: Callable[[str], str]) -> str:
    """Replace each ``{name}`` by ``lookup(name)``; a unit written after it agrees with the number, and a
    currency written after an amount already formatted with its sign is dropped."""
    def replace(match: re.Match[str]) -> str:
        text, unit = lookup(match.group(1)), match.group(2)
        if unit is None:
            return text
        if unit in ("EUR", "euros"):
            return text if "€" in text else f"{text} {unit}"
        lang, name = _PLURALS[unit]
        return count(int(text), name, lang) if _NUMBER.match(text) else f"{text} {unit}"
    return _PLACEHOLDER.sub(replace, template)
