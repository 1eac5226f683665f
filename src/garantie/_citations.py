"""Citations: what each kind of source must carry, and how the verdict names it.

>>> from garantie.ruleset import load_rules
>>> load_rules().citations["cconso.L217-9.2021"].label
'C. conso., art. L217-9'
>>> load_rules().citations["cass.chmixte.2023-07-21"].label
'Cass. ch. mixte, 21 juill. 2023, n° 21-15.809 (et trois autres arrêts)'

A citation of an article (of a code, of a text published in the Journal officiel or of an EU act)
must name its official id (LEGIARTI, JORFARTI, CELEX) or say ``legifrance_id: unknown`` with a
reason; a Légifrance or EUR-Lex address must be the one of that id. Only an article renders
"art.", and only before an article number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from garantie._schema import CitationDoc, CitationKind, PeriodDoc
from garantie.errors import RuleSetError

__all__ = ["ARTICLE_NUMBER", "Citation", "build_citation", "official_url"]

# The short forms lawyers use; any other code or text keeps its full name.
_SHORT_CODES = {
    "Code de la consommation": "C. conso.",
    "Code civil": "C. civ.",
    "Code rural et de la pêche maritime": "C. rur.",
    "Code monétaire et financier": "C. mon. fin.",
    "Code de procédure civile": "C. pr. civ.",
}
# An article number: L217-9, R213-2, 1641, 6, L121-21-1, D211-2 (annexe, encadré), 1-3 (a range of a decree).
ARTICLE_NUMBER = re.compile(r"^(liminaire|[LRDA]?\.? ?\d+(-\d+)*( (bis|ter|quater|[A-Z]))?)( \([^()]+\))?$")
_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juill.", "août", "sept.", "oct.", "nov.", "déc.")
_COUNT_WORDS = ("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")
_ID_URLS = {
    "LEGIARTI": ("https://www.legifrance.gouv.fr/codes/article_lc/{id}",
                 "https://www.legifrance.gouv.fr/loda/article_lc/{id}"),
    "JORFARTI": ("https://www.legifrance.gouv.fr/jorf/article_jo/{id}",),
    "JURITEXT": ("https://www.legifrance.gouv.fr/juri/id/{id}",),
    "CELEX": ("https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:{number}",
              "https://eur-lex.europa.eu/eli/{eli}/oj"),
}
# A Légifrance or EUR-Lex address that names an official id; it must be the citation's own.
_NAMED_ID = re.compile(r"(LEGIARTI|JORFARTI|JURITEXT)\d{12}|CELEX[:%3A]*\d[0-9A-Z]+")
_OFFICIAL_HOSTS = ("https://www.legifrance.gouv.fr/", "https://eur-lex.europa.eu/")


@dataclass(frozen=True)
class Citation:
    """One cited source, as the verdict shows it."""

    id: str
    kind: CitationKind
    code: str  # the code or text; the court of a judgment; the publisher of a web page
    article: str  # the article number; the date and numbers of a judgment; a page's title; a provision's gist
    version: str
    legifrance_id: str | None  # None only for a web page; "unknown" when it could not be established
    url: str | None
    in_force: PeriodDoc
    governs_contracts: PeriodDoc
    confidence: str
    label: str  # short form, e.g. "C. conso., art. L217-7"
    # Why a version that ended in force has no later version of the same article after it (see _check_end).
    successor: str | None = None  # a renumbered successor's citation id, or "none" (repealed, not replaced)
    governs_after_end: str | None = None  # the transitional rule that keeps it governing later contracts


def official_url(legifrance_id: str) -> tuple[str, ...]:
    """The addresses that show this official id (for an unknown id: none).

    >>> official_url("LEGIARTI000044142579")[0]
    'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044142579'
    >>> official_url("CELEX32008R0593")[0]
    'https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:32008R0593'
    """
    for prefix, forms in _ID_URLS.items():
        if legifrance_id.startswith(prefix):
            number = legifrance_id[len(prefix):]
            eli = _eli(number)
            return tuple(f.format(id=legifrance_id, number=number, eli=eli) for f in forms if eli or "{eli}" not in f)
    return ()


def _eli(celex: str) -> str:
    # CELEX 32008R0593 -> ELI reg/2008/593; 32024L1799 -> dir/2024/1799.
    found = re.fullmatch(r"3(\d{4})([RL])(\d{4})", celex)
    if not found:
        return ""
    return f"{'reg' if found[2] == 'R' else 'dir'}/{found[1]}/{int(found[3])}"


# What each kind of citation must carry, checked in this order (the first missing key is the one named).
_REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("code", "article", "version", "legifrance_id"),
    "unidentified_provision": ("code", "description", "version", "legifrance_id"),
    "judgment": ("court", "court_short", "date", "numbers", "legifrance_id"),
    "contract_terms": ("publisher", "title", "version", "article"),
    "web_page": ("publisher", "title", "url"),
}


def build_citation(doc: CitationDoc, file: str, item_id: str) -> Citation:
    """Check that the entry carries what its kind needs, and build it; else RuleSetError naming the key."""

    def need(key: str, value: object) -> None:
        if value is None or value == "":
            how = (" (its LEGIARTI, JORFARTI or CELEX id; if it truly cannot be found, write 'legifrance_id: "
                   "unknown' and say why in 'legifrance_id_reason')") if key == "legifrance_id" else ""
            raise RuleSetError(f"a citation of kind '{doc.kind}' needs '{key}'{how}", file=file, item=item_id, key=key)

    def fail(message: str, key: str) -> RuleSetError:
        return RuleSetError(message, file=file, item=item_id, key=key)

    _check_id(doc, fail)
    for key in _REQUIRED[doc.kind]:
        need(key, getattr(doc, key))
    if doc.kind == "article":
        assert doc.code and doc.article and doc.version
        if not ARTICLE_NUMBER.match(doc.article):
            raise fail(f"'{doc.article}' is not an article number (e.g. L217-9, 1641); a judgment, a web page or "
                       "a provision whose number is unknown has its own kind", "article")
        code, article, version = doc.code, doc.article, doc.version
        label = f"{_SHORT_CODES.get(code, code)}, art. {article}"
    elif doc.kind == "unidentified_provision":
        assert doc.code and doc.description and doc.version and doc.legifrance_id
        if doc.legifrance_id == "unknown":
            raise fail("a provision whose number is not identified is cited by its official id; without one, "
                       "do not cite it", "legifrance_id")
        code, article, version = doc.code, doc.description, doc.version
        label = f"{_SHORT_CODES.get(code, code)}, {doc.legifrance_id} ({doc.description}, numéro à confirmer)"
    elif doc.kind == "judgment":
        assert doc.court and doc.court_short and doc.date and doc.numbers
        code = doc.court
        article = f"{_long_date(doc.date)}, n° {', '.join(doc.numbers)}"
        version = doc.version or "arrêt"
        others = len(doc.numbers) - 1
        more = "" if not others else (" (et un autre arrêt)" if others == 1 else
                                      f" (et {_COUNT_WORDS[others - 1]} autres arrêts)")
        label = f"{doc.court_short}, {_short_date(doc.date)}, n° {doc.numbers[0]}{more}"
    elif doc.kind == "contract_terms":
        assert doc.publisher and doc.title and doc.version and doc.article
        if doc.legifrance_id is not None:
            raise fail("contract terms are a contract, not law: they have no Légifrance id", "legifrance_id")
        code, article, version = doc.publisher, doc.article, doc.version
        label = f"{doc.publisher}, {doc.title} {doc.version}, {doc.article}"
    else:  # web_page
        assert doc.publisher and doc.title
        code, article, version = doc.publisher, doc.title, doc.version or "page web"
        label = f"{doc.publisher_short or doc.publisher}, page « {doc.title} »"
    _check_end(doc, fail)
    return Citation(item_id, doc.kind, code, article, version, doc.legifrance_id, doc.url, doc.in_force,
                    doc.governs_contracts, doc.confidence, label, doc.successor, doc.governs_after_end)


def _check_id(doc: CitationDoc, fail: Callable[[str, str], RuleSetError]) -> None:
    if doc.legifrance_id == "unknown":
        if not (doc.legifrance_id_reason or "").strip():
            raise fail("'legifrance_id: unknown' needs a non-empty 'legifrance_id_reason'", "legifrance_id_reason")
    elif doc.legifrance_id_reason is not None:
        raise fail("'legifrance_id_reason' only goes with 'legifrance_id: unknown'", "legifrance_id_reason")
    if doc.url is None:
        return
    named = {m.group(0).replace("%3A", ":").replace(":", "") for m in _NAMED_ID.finditer(doc.url)}
    if doc.legifrance_id and doc.legifrance_id != "unknown":
        if doc.url not in official_url(doc.legifrance_id):
            raise fail(f"the url must be the official address of {doc.legifrance_id}: "
                       f"{' or '.join(official_url(doc.legifrance_id))}", "url")
    elif named:
        raise fail(f"the url names {', '.join(sorted(named))} but the citation's legifrance_id is "
                   f"{doc.legifrance_id or 'absent'}", "url")
    if doc.kind == "contract_terms" and named:
        raise fail("contract terms are a contract, not law: their url cannot be a Légifrance or EUR-Lex text", "url")
    if doc.kind in ("article", "unidentified_provision") and not doc.url.startswith(_OFFICIAL_HOSTS):
        raise fail("an article is cited on Légifrance (or EUR-Lex for an EU act), not on a secondary site", "url")


def _check_end(doc: CitationDoc, fail: Callable[[str, str], RuleSetError]) -> None:
    # Only a version that ended in force needs to say what follows it; the ruleset test checks the named id.
    for key in ("successor", "governs_after_end"):
        value = getattr(doc, key)
        if value is None:
            continue
        if not value.strip():
            raise fail(f"'{key}' must not be empty", key)
        if doc.in_force.end is None:
            raise fail(f"'{key}' only goes with a version that ended in force ('in_force.to')", key)
    if doc.governs_contracts.end is None and doc.in_force.end is not None and doc.governs_after_end is None:
        raise fail("this version ended in force but governs contracts without end: close 'governs_contracts' "
                   "and cite the next version, or give the transitional rule in 'governs_after_end'",
                   "governs_contracts")


def _long_date(day: dt.date) -> str:
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre")
    return f"{'1er' if day.day == 1 else day.day} {months[day.month - 1]} {day.year}"


def _short_date(day: dt.date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {_MONTHS[day.month - 1]} {day.year}"
