"""Formatting values inside French and English texts, and filling rule templates.

>>> import datetime as dt
>>> format_value(dt.date(2024, 10, 5), "fr"), format_value(dt.date(2024, 10, 5), "en")
('5 octobre 2024', '5 October 2024')
>>> format_value(dt.date(2025, 3, 1), "fr")
'1er mars 2025'
>>> format_value(Decimal("600"), "fr"), format_value(Decimal("600"), "en")
('600,00 €', '€600.00')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

__all__ = ["fill", "format_value"]

_MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


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


def fill(template: str, lookup: Callable[[str], str]) -> str:
    """Replace each ``{name}`` by ``lookup(name)``."""
    return _PLACEHOLDER.sub(lambda match: lookup(match.group(1)), template)
