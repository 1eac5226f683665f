"""The rule catalogue for lawyers: Markdown pages generated from ``rules/``, built with MkDocs Material.

    python docs/catalogue.py                # writes build/catalogue/ (the MkDocs docs_dir)
    mkdocs build --strict                   # builds build/site/ (needs the docs extra: pip install -e '.[docs]')

One page per basis (the first part of a conclusion: glc, remedy, delivery, withdrawal …), one per cited
article, and one for the dated parameters. Each rule shows its title, its FR/EN texts with their
placeholders, its condition in words, its exceptions, periods, citations (Légifrance links), confidence,
caveat and the date it was last checked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from garantie import _expr
from garantie._citations import official_url
from garantie.ruleset import Rule, RuleSet, load_rules

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "catalogue"
_WORDS = {"is": "is", "is_not": "is not", "in": "is one of", "not_in": "is none of", "before": "is before",
          "on_or_before": "is on or before", "after": "is after", "on_or_after": "is on or after",
          "less_than": "is less than", "at_most": "is at most", "more_than": "is more than",
          "at_least": "is at least", "includes": "includes"}


def value_words(node: Any) -> str:
    """A value expression in words: facts and conclusions in code font, operations spelt out."""
    if isinstance(node, _expr.Literal):
        value = node.value
        return f"`{str(value).lower() if isinstance(value, bool) else value}`"
    if isinstance(node, _expr.Fact):
        return f"the fact `{node.path}`"
    if isinstance(node, _expr.Conclusion):
        return f"the conclusion `{node.key}`"
    if isinstance(node, _expr.Param):
        at = f" (value in force on {value_words(node.at)})" if node.at is not None else ""
        return f"the parameter [`{node.name}`](../parameters.md#{anchor(node.name)}){at}"  # from bases/ pages
    if isinstance(node, _expr.DatePlus):
        return f"{value_words(node.date)} plus {value_words(node.amount)} {node.unit}"
    if isinstance(node, _expr.DaysBetween | _expr.MonthsBetween):
        unit = "days" if isinstance(node, _expr.DaysBetween) else "whole months"
        return f"the {unit} from {value_words(node.start)} to {value_words(node.end)}"
    if isinstance(node, _expr.NextWorkingDay):
        return f"the first working day from {value_words(node.date)}"
    if isinstance(node, _expr.Aggregate):
        word = {"max": "the latest or largest of", "min": "the earliest or smallest of", "sum": "the sum of"}[node.op]
        return f"{word} ({'; '.join(value_words(i) for i in node.items)})"
    return str(node)


def condition_words(node: Any) -> str:
    """A condition in words: 'all of' / 'any of' lists, 'not', and each test as subject, verb, operand."""
    if isinstance(node, _expr.All | _expr.Any_):
        word = "all of" if isinstance(node, _expr.All) else "any of"
        return f"{word}: (" + "; ".join(condition_words(i) for i in node.items) + ")"
    if isinstance(node, _expr.Not):
        return f"not ({condition_words(node.item)})"
    assert isinstance(node, _expr.Test)
    subject = value_words(node.subject)
    if node.comparator == "known":
        known = isinstance(node.operand, _expr.Literal) and node.operand.value
        return f"{subject} is {'known' if known else 'unknown'}"
    operand = (", ".join(value_words(i) for i in node.operand) if isinstance(node.operand, tuple)
               else value_words(node.operand))
    return f"{subject} {_WORDS[node.comparator]} {operand}"


def period_words(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"contracts from {start.isoformat()} to {end.isoformat()}"
    if start:
        return f"contracts from {start.isoformat()} on"
    if end:
        return f"contracts up to {end.isoformat()}"
    return "contracts of any date"


def shown(text: str) -> str:
    """A rule's text with its placeholders visible as code: {value}, {param:glc.period_months}."""
    return re.sub(r"\{([^{}]*)\}", r"`{\1}`", text)


def anchor(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")


def article_page(label: str) -> str:
    # A text cited by its full title (a décret, an arrêté) would make a file name longer than file systems
    # allow: keep its start and a short hash of the whole, so each page stays distinct and stable.
    slug = anchor(label)
    if len(slug) > 80:
        slug = slug[:60].rstrip("-") + "-" + hashlib.sha1(label.encode("utf-8")).hexdigest()[:10]
    return "articles/" + slug + ".md"


def _citation_line(rules: RuleSet, citation_id: str) -> str:
    citation = rules.citations[citation_id]
    urls = ([citation.url] if citation.url else []) or list(official_url(citation.legifrance_id or ""))
    link = f"[{citation.label}]({urls[0]})" if urls else citation.label
    kind = " — clause contractuelle, pas une règle de droit" if citation.kind == "contract_terms" else ""
    official = f", {citation.legifrance_id}" if citation.legifrance_id else ""
    return (f"{link}{kind} (version: {citation.version}{official}; governs "
            f"{period_words(citation.governs_contracts.start, citation.governs_contracts.end)})")


def rule_block(rules: RuleSet, rule: Rule, up: str = "") -> list[str]:
    """The Markdown section of one rule; ``up`` prefixes links from pages in subfolders."""
    lines = [f"### {rule.title.fr} {{#{anchor(rule.id)}}}", "", f"*{rule.title.en}* — rule `{rule.id}` "
             f"(file `rules/{rule.source}`), concludes `{rule.conclusion}`", ""]
    lines += [f"- **FR** : {shown(rule.explain.fr)}", f"- **EN**: {shown(rule.explain.en)}"]
    when = condition_words(rule.condition_node) if rule.condition_node is not None else "always (no condition)"
    lines.append(f"- **When**: {when}")
    lines.append(f"- **Concludes**: `{rule.conclusion}` = {value_words(rule.value_node)}")
    if rule.exception_to:
        targets = ", ".join(f"[`{t}`]({up}{basis_page(rules.rule(t))}#{anchor(t)})" for t in rule.exception_to)
        lines.append(f"- **Exception to**: {targets}")
    below = rules.exceptions.get(rule.id, ())
    if below:
        lines.append("- **Set aside by**: " + ", ".join(f"[`{e}`]({up}{basis_page(rules.rule(e))}#{anchor(e)})"
                                                         for e in below))
    lines.append("- **Periods**: " + "; ".join(period_words(p.start, p.end) for p in rule.periods))
    lines.append("- **Citations**:")
    lines += [f"    - {_citation_line(rules, c)}" for c in rule.citations]
    lines.append(f"- **Confidence**: {rule.confidence}; **verified on**: {rule.verified_on.isoformat()}")
    if rule.caveat is not None:
        lines += [f"- **Caveat (FR)** : {shown(rule.caveat.fr)}", f"- **Caveat (EN)**: {shown(rule.caveat.en)}"]
    return [*lines, ""]


def basis_of(rule: Rule) -> str:
    return rule.conclusion.split(".")[0]


def basis_page(rule: Rule) -> str:
    return f"bases/{basis_of(rule)}.md"


def pages(rules: RuleSet) -> dict[str, str]:
    """Every page of the catalogue, by path under the docs directory."""
    out: dict[str, str] = {}
    by_basis: dict[str, list[Rule]] = defaultdict(list)
    by_article: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules.rules.values():
        by_basis[basis_of(rule)].append(rule)
        for citation in rule.citations:
            by_article[rules.citations[citation].label].append(rule)
    for basis, members in sorted(by_basis.items()):
        lines = [f"# Basis `{basis}`", "", f"{len(members)} rules, in the order of the rule files.", ""]
        for rule in members:
            lines += rule_block(rules, rule, up="../")
        out[f"bases/{basis}.md"] = "\n".join(lines)
    for label, members in sorted(by_article.items()):
        lines = [f"# {label}", "", "Rules citing this source (each version is listed with the contracts it "
                 "governs):", ""]
        lines += [f"- [`{r.id}`](../{basis_page(r)}#{anchor(r.id)}) — {r.title.fr}" for r in dict.fromkeys(members)]
        out[article_page(label)] = "\n".join(lines) + "\n"
    params = ["# Parameters", "", "Every duration, rate and threshold, with its dated values.", ""]
    for name, doc in sorted(rules.parameters.items()):
        params += [f"## `{name}` {{#{anchor(name)}}}", "", f"{doc.label.fr} — *{doc.label.en}* (unit: {doc.unit}; "
                   f"selected by the {doc.selector.replace('_', ' ')})", "", "| contracts | value | citations | confidence |",
                   "| --- | --- | --- | --- |"]
        for value in doc.values:
            shown = str(value.value).lower() if isinstance(value.value, bool) else str(value.value)
            cited = ", ".join(rules.citations[c].label for c in value.citations)
            params.append(f"| {period_words(value.start, value.end)} | {shown} | {cited} | {value.confidence} |")
        params.append("")
    out["parameters.md"] = "\n".join(params)
    index = ["# garantie — rule catalogue", "", f"{len(rules.rules)} rules, {len(rules.parameters)} parameters, "
             f"{len(rules.citations)} citations, generated from `rules/` by `docs/catalogue.py`.", "",
             "French texts are authoritative. A rule marked `unverified` states a reading no primary source settled.",
             "", "## By basis", ""]
    index += [f"- [`{basis}`]({'bases/' + basis + '.md'}) — {len(members)} rules" for basis, members in sorted(by_basis.items())]
    index += ["", "## By article", ""]
    index += [f"- [{label}]({article_page(label)})" for label in sorted(by_article)]
    index += ["", "## Parameters", "", "- [Dated parameters](parameters.md)", ""]
    out["index.md"] = "\n".join(index)
    return out


def write(target: Path = OUT, rules: RuleSet | None = None) -> dict[str, str]:
    found = pages(rules or load_rules())
    for path, text in found.items():
        file = target / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return found


if __name__ == "__main__":
    written = write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"{len(written)} pages written to {OUT if len(sys.argv) < 2 else sys.argv[1]}")
