"""Input errors in French: the command line speaks French by default, so a consumer who typed the
case reads what is wrong in French. Pydantic's error types are translated one by one; an untranslated
type keeps its English text, and :meth:`InputIssue.text` says so."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from garantie.errors import short_repr

__all__ = ["LABELS_FR", "french_issue"]

_QUOTED = re.compile(r"'([^']*)'")


# French labels of the values a case accepts (the value to type stays the English code).
LABELS_FR = {
    "new": "neuf", "used": "d'occasion", "refurbished": "reconditionné",
    "in_store": "en magasin", "distance": "à distance", "off_premises": "hors établissement",
    "professional": "professionnel", "private": "particulier", "consumer": "consommateur",
    "non_professional": "non-professionnel", "private_acting_as_professional": "particulier agissant en professionnel",
    "goods": "bien", "goods_with_digital_elements": "bien comportant des éléments numériques",
    "digital_element": "élément numérique", "domestic_animal": "animal domestique", "dog": "chien", "cat": "chat",
    "ordinary": "vente ordinaire", "judicial_sale": "vente judiciaire", "public_auction": "enchères publiques",
    "minor": "mineur", "serious": "grave", "unknown": "inconnu", "never": "jamais", "later": "plus tard",
    "before_contract": "avant le contrat", "seller": "vendeur", "producer": "producteur", "other": "autre",
    "none": "aucun", "custom_made": "fait sur mesure", "perishable": "périssable", "newspaper": "journal",
    "electricity": "électricité", "proven_external_cause": "cause extérieure prouvée",
    "alleged_misuse": "mauvaise utilisation alléguée",
    "repair": "réparation", "replacement": "remplacement", "price_reduction": "réduction du prix",
    "termination": "résolution du contrat",
}


def _expected(ctx: Mapping[str, Any]) -> str:
    # Pydantic writes "'new', 'used' or 'refurbished'": each value keeps its code, with its French label.
    values = _QUOTED.findall(str(ctx.get("expected", "")))
    if not values:
        return str(ctx.get("expected", ""))
    shown = [f"'{v}' ({LABELS_FR[v]})" if v in LABELS_FR else f"'{v}'" for v in values]
    return ", ".join(shown[:-1]) + " ou " + shown[-1] if len(shown) > 1 else shown[0]


_SIMPLE = {
    "missing": "champ obligatoire absent",
    "bool_type": "réponse attendue : true ou false",
    "bool_parsing": "réponse attendue : true ou false (pas « oui » ni « yes »)",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu (sans décimales)",
    "float_type": "nombre attendu",
    "float_parsing": "nombre attendu",
    "decimal_type": "montant attendu (nombre)",
    "decimal_parsing": "montant attendu (nombre)",
    "string_type": "texte attendu",
    "dict_type": "une table de champs (clé : valeur) est attendue ici",
    "model_type": "une table de champs (clé : valeur) est attendue ici",
    "model_attributes_type": "une table de champs (clé : valeur) est attendue ici",
    "list_type": "une liste est attendue ici",
    "tuple_type": "une liste est attendue ici",
    "date_type": "date attendue, écrite AAAA-MM-JJ (par exemple 2024-03-10)",
    "date_from_datetime_inexact": "date sans heure attendue, écrite AAAA-MM-JJ",
    "date_from_datetime_parsing": "date attendue, écrite AAAA-MM-JJ (par exemple 2024-03-10)",
}


def french_issue(kind: str, ctx: Mapping[str, Any], given: Any, fields: Sequence[str],
                 event_types: Sequence[str]) -> str | None:
    """The French message for one Pydantic error (``kind`` is its type), or None when not translated."""
    if kind == "event_type":
        accepted = "types acceptés : " + ", ".join(event_types)
        if isinstance(given, Mapping) and "type" in given:
            return f"type d'événement inconnu {short_repr(given.get('type'))} ; {accepted}"
        if isinstance(given, Mapping):
            return ("cet événement n'a pas de « type » : dites ce qui s'est passé, par exemple « type: claim » ; "
                    + accepted)
        return ("un événement est une table avec un « type » et une « date », par exemple "
                f"{{type: claim, date: 2024-10-05}} ; {accepted}")
    if kind == "extra_forbidden":
        return "champ inconnu ; champs acceptés ici : " + (", ".join(fields) or "aucun")
    if kind in ("literal_error", "enum"):
        return f"valeur non reconnue {short_repr(given)} ; valeurs acceptées : {_expected(ctx)}"
    if kind == "date_parsing" or (kind == "date_type" and isinstance(given, str)):
        return (f"{short_repr(given)} n'est pas un jour du calendrier ; les dates s'écrivent AAAA-MM-JJ "
                "(par exemple 2024-03-10)")
    bounds = {"greater_than_equal": ("au moins", "ge"), "greater_than": ("plus de", "gt"),
              "less_than_equal": ("au plus", "le"), "less_than": ("moins de", "lt")}
    if kind in bounds:
        words, key = bounds[kind]
        return f"valeur hors limites : {words} {ctx.get(key)} attendu"
    if kind in ("too_long", "string_too_long"):
        return f"trop long : au plus {ctx.get('max_length')} éléments ou caractères"
    return _SIMPLE.get(kind)
